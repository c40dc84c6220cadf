// Loads the bundled extension (dist/extension.js, what the .vsix ships) in plain Node against the vscode stand-in,
// and records the processes it starts, including every byte it writes to their stdin.
import childProcess = require('node:child_process');
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { MockState, Uri, createVscodeMock, installVscodeMock } from './vscode-mock';

export const EXTENSION_ROOT = path.resolve(__dirname, '..', '..', '..');
export const BUNDLE = path.join(EXTENSION_ROOT, 'dist', 'extension.js');

/** What the mock reports as the editor; only clientInfo in the initialize request depends on it. */
export const EDITOR_INFO = { appName: 'Visual Studio Code', version: '1.105.1', language: 'en' };

export interface SpawnRecord {
    command: string;
    args: string[];
    env: NodeJS.ProcessEnv | undefined;
    process: childProcess.ChildProcess;
    /** Everything written to the child's stdin so far. */
    stdin(): string;
    exited: Promise<number | null>;
}

export interface Host {
    state: MockState;
    context: { subscriptions: { dispose(): unknown }[]; extensionPath: string };
    extension: { activate(context: unknown): Promise<void>; deactivate(): Promise<void> };
    spawns: SpawnRecord[];
    /** Deactivates the extension, restores the patched modules, kills leftover children. */
    close(): Promise<void>;
}

export interface HostOptions {
    settings?: Record<string, unknown>;
    workspaceFolder?: string;
    /** The extension's install folder (where `server/` is looked for); default: an empty temp folder. */
    extensionPath?: string;
    /** process.env.PATH while the extension runs; default: empty, so no consul-ls on PATH is found by accident. */
    pathEnv?: string;
}

export async function loadExtension(options: HostOptions = {}): Promise<Host> {
    const state = new MockState();
    const manifest = JSON.parse(fs.readFileSync(path.join(EXTENSION_ROOT, 'package.json'), 'utf8'));
    for (const [key, schema] of Object.entries<{ default?: unknown }>(manifest.contributes.configuration.properties)) {
        if ('default' in schema) {
            state.settingDefaults.set(key, schema.default);
        }
    }
    for (const [key, value] of Object.entries(options.settings ?? {})) {
        state.settings.set(key, value);
    }
    if (options.workspaceFolder) {
        state.workspaceFolders = [
            { uri: Uri.file(options.workspaceFolder), name: path.basename(options.workspaceFolder), index: 0 },
        ];
    }
    const ownExtensionPath = options.extensionPath === undefined;
    const extensionPath = options.extensionPath ?? fs.mkdtempSync(path.join(os.tmpdir(), 'consul-ls-ext-'));

    const restoreVscode = installVscodeMock(createVscodeMock(state, EDITOR_INFO));
    const savedPath = process.env.PATH;
    process.env.PATH = options.pathEnv ?? '';

    const spawns: SpawnRecord[] = [];
    const originalSpawn = childProcess.spawn;
    (childProcess as { spawn: unknown }).spawn = function (command: string, args: string[], spawnOptions: childProcess.SpawnOptions) {
        const child = originalSpawn(command, args, spawnOptions);
        const written: Buffer[] = [];
        const stdin = child.stdin!;
        const write = stdin.write.bind(stdin) as (...a: unknown[]) => boolean;
        (stdin as { write: unknown }).write = (chunk: unknown, ...rest: unknown[]) => {
            written.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
            return write(chunk, ...rest);
        };
        spawns.push({
            command,
            args,
            env: spawnOptions?.env,
            process: child,
            stdin: () => Buffer.concat(written).toString('utf8'),
            exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
        });
        return child;
    };

    delete require.cache[BUNDLE];
    const extension = require(BUNDLE);
    const context = { subscriptions: [] as { dispose(): unknown }[], extensionPath };
    let closed = false;
    return {
        state,
        context,
        extension,
        spawns,
        async close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                await extension.deactivate();
            } finally {
                for (const d of context.subscriptions) {
                    d.dispose();
                }
                for (const s of spawns) {
                    if (s.process.exitCode === null && s.process.signalCode === null) {
                        s.process.kill('SIGKILL');
                    }
                }
                (childProcess as { spawn: unknown }).spawn = originalSpawn;
                process.env.PATH = savedPath;
                restoreVscode();
                delete require.cache[BUNDLE];
                if (ownExtensionPath) {
                    fs.rmSync(extensionPath, { recursive: true, force: true });
                }
            }
        },
    };
}

/** Splits LSP base-protocol frames (`Content-Length: N\r\n\r\n<json>`) written to a server. */
export function lspMessages(stream: string): { id?: number | string; method?: string; params?: any }[] {
    const messages = [];
    let rest = Buffer.from(stream, 'utf8');
    for (;;) {
        const headerEnd = rest.indexOf('\r\n\r\n');
        if (headerEnd < 0) {
            break;
        }
        const header = rest.subarray(0, headerEnd).toString('ascii');
        const length = Number(/Content-Length: *(\d+)/i.exec(header)?.[1]);
        const body = rest.subarray(headerEnd + 4, headerEnd + 4 + length);
        if (body.length < length) {
            break;
        }
        messages.push(JSON.parse(body.toString('utf8')));
        rest = rest.subarray(headerEnd + 4 + length);
    }
    return messages;
}

/** What the fake server answers to consul-ls/graph (the shape of src/lsp/graph.rs). */
export const FAKE_GRAPH = {
    version: 1,
    mermaid: 'flowchart LR\n  subgraph c0["east"]\n    s0("web")\n  end\n',
    dot: 'digraph consul {\n}\n',
    graph: {
        version: 1,
        clusters: [{ name: 'east', partitions: ['default'] }],
        services: [{ id: 'east/default/default/web', cluster: 'east', partition: 'default', namespace: 'default', name: 'web', kind: '', file: 'east/web.hcl', line: 2 }],
        edges: [{ kind: 'upstream', from: 'east/default/default/web', to: null, target: 'api</script><b>', peer: 'west', file: 'east/web.hcl', line: 4, findings: ['service-not-exported'] }],
        gateways: [],
    },
};

/** A minimal LSP server in Node for the unit tests: answers initialize, consul-ls/graph and shutdown, exits on exit. */
export function writeFakeServer(dir: string): { path: string; log: string } {
    const file = path.join(dir, 'fake-consul-ls');
    const log = path.join(dir, 'fake-consul-ls.log');
    fs.writeFileSync(
        file,
        `#!${process.execPath}
const fs = require('fs');
const log = ${JSON.stringify(log)};
const FAKE_GRAPH = ${JSON.stringify(FAKE_GRAPH)};
if (process.argv.includes('--version')) {
    console.log('consul-ls 0.0.0-fake');
    process.exit(0);
}
fs.appendFileSync(log, JSON.stringify({ argv: process.argv.slice(2), env: { CONSUL_LS_LOG: process.env.CONSUL_LS_LOG } }) + '\\n');
let buffer = Buffer.alloc(0);
function send(message) {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    process.stdout.write('Content-Length: ' + body.length + '\\r\\n\\r\\n');
    process.stdout.write(body);
}
process.stdin.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
        const end = buffer.indexOf('\\r\\n\\r\\n');
        if (end < 0) return;
        const length = Number(/Content-Length: *(\\d+)/i.exec(buffer.subarray(0, end).toString())[1]);
        if (buffer.length < end + 4 + length) return;
        const message = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString('utf8'));
        buffer = buffer.subarray(end + 4 + length);
        fs.appendFileSync(log, JSON.stringify({ method: message.method }) + '\\n');
        if (message.method === 'initialize') {
            send({ id: message.id, result: { capabilities: { textDocumentSync: 2, hoverProvider: true }, serverInfo: { name: 'fake-consul-ls' } } });
        } else if (message.method === 'consul-ls/graph') {
            send({ id: message.id, result: FAKE_GRAPH });
        } else if (message.method === 'shutdown') {
            send({ id: message.id, result: null });
        } else if (message.method === 'exit') {
            process.exit(0);
        } else if (message.id !== undefined && message.method !== undefined) {
            send({ id: message.id, result: null });
        }
    }
});
`,
    );
    fs.chmodSync(file, 0o755);
    return { path: file, log };
}

export function readFakeServerLog(log: string): { argv?: string[]; env?: Record<string, string>; method?: string }[] {
    if (!fs.existsSync(log)) {
        return [];
    }
    return fs
        .readFileSync(log, 'utf8')
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line));
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 10000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = probe();
        if (value !== undefined && value !== false) {
            return value;
        }
        if (Date.now() > deadline) {
            throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
}
