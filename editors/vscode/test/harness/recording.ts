// Capturing the initialize request the bundled extension sends (see scripts/record-initialize.mjs).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { EDITOR_INFO, EXTENSION_ROOT, loadExtension, lspMessages, waitFor, writeFakeServer } from './extension-host';

/** Neutral values the recording uses for what differs per run; the replay puts its own in. */
export const RECORDED_WORKSPACE = '/home/user/consul-config';
export const RECORDED_PROCESS_ID = 4242;

export interface InitializeRecording {
    description: string;
    recordedWith: Record<string, string>;
    request: { jsonrpc: '2.0'; id: number; method: 'initialize'; params: any };
}

export async function recordInitialize(): Promise<InitializeRecording> {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'consul-ls-record-'));
    const workspace = path.join(scratch, path.basename(RECORDED_WORKSPACE));
    fs.mkdirSync(workspace);
    // A Consul workspace, so the extension starts the server.
    fs.writeFileSync(path.join(workspace, 'consul-ls.hcl'), '');
    const fake = writeFakeServer(scratch);
    const host = await loadExtension({ settings: { 'consul-ls.server.path': fake.path }, workspaceFolder: workspace });
    try {
        await host.extension.activate(host.context);
        const initialize = await waitFor('the initialize request', () =>
            lspMessages(host.spawns[0]?.stdin() ?? '').find((m) => m.method === 'initialize'),
        );
        // Put neutral values in for the run's own paths and process id.
        const text = JSON.stringify(initialize)
            .split(JSON.stringify(workspace).slice(1, -1))
            .join(RECORDED_WORKSPACE);
        const request = JSON.parse(text);
        request.params.processId = RECORDED_PROCESS_ID;
        const languageClient = JSON.parse(
            fs.readFileSync(path.join(EXTENSION_ROOT, 'node_modules/vscode-languageclient/package.json'), 'utf8'),
        );
        return {
            description:
                'The initialize request VS Code sends to consul-ls through this extension: recorded from the bundled ' +
                'extension and its vscode-languageclient by scripts/record-initialize.mjs. processId, rootPath, rootUri ' +
                'and workspaceFolders are replaced by the replaying test.',
            recordedWith: {
                'vscode-languageclient': languageClient.version,
                editor: `${EDITOR_INFO.appName} ${EDITOR_INFO.version}`,
            },
            request,
        };
    } finally {
        await host.close();
        fs.rmSync(scratch, { recursive: true, force: true });
    }
}
