// The bundled extension, activated against the vscode stand-in: when it starts the server (only in workspaces with
// Consul files), which binary it starts and how, the missing-binary message, the commands (Show Topology's
// webview too), the trace setting. A small fake server stands in for consul-ls.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';

import { COMMANDS, GRAPH_REQUEST, SETTINGS } from '../../src/config';
import { FAKE_GRAPH, type Host, loadExtension, lspMessages, readFakeServerLog, waitFor, writeFakeServer } from '../harness/extension-host';

let scratch: string;
let host: Host | undefined;

beforeEach(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'consul-ls-ext-test-'));
    // A Consul workspace (a manifest), unless a test says otherwise.
    fs.writeFileSync(path.join(scratch, 'consul-ls.hcl'), 'cluster "east" {\n  paths = ["."]\n}\n');
});
afterEach(async () => {
    await host?.close();
    host = undefined;
    fs.rmSync(scratch, { recursive: true, force: true });
});

/** Activates the extension; the workspace folder is the scratch folder (with its manifest) unless given. */
async function activate(options: Parameters<typeof loadExtension>[0]): Promise<Host> {
    host = await loadExtension({ workspaceFolder: scratch, ...options });
    await host.extension.activate(host.context);
    return host;
}

function methodsReceived(log: string): string[] {
    return readFakeServerLog(log).flatMap((entry) => (entry.method ? [entry.method] : []));
}

/** The lifecycle messages only (the client also sends workspace/didChangeConfiguration after starting). */
function lifecycle(log: string): string[] {
    return methodsReceived(log).filter((m) => ['initialize', 'initialized', 'shutdown', 'exit'].includes(m));
}

describe('activation', () => {
    it('registers the Restart server, Show output and Show Topology commands', async () => {
        const h = await activate({});
        assert.deepEqual([...h.state.commands.keys()].sort(), Object.values(COMMANDS).sort());
    });

    it('shows a clear message, and starts nothing, when no binary is found', async () => {
        const h = await activate({});
        assert.equal(h.spawns.length, 0);
        assert.equal(h.state.messages.length, 1);
        const [shown] = h.state.messages;
        assert.equal(shown.severity, 'error');
        assert.match(shown.message, /consul-ls: the language server could not be started/);
        assert.match(shown.message, /No "consul-ls" binary on PATH/);
        assert.match(shown.message, /consul-ls\.server\.path/);
        assert.deepEqual(shown.actions, ['Open Settings', 'Show Output']);
        assert.match(h.state.output('consul-ls'), /looked at: .*server\/consul-ls/);
    });

    it('"Open Settings" on that message opens the consul-ls.server.path setting', async () => {
        host = await loadExtension({ workspaceFolder: scratch });
        host.state.answerMessage = () => 'Open Settings';
        await host.extension.activate(host.context);
        const h = host;
        await waitFor('openSettings', () => h.state.executedCommands.find((c) => c.command === 'workbench.action.openSettings'));
        assert.deepEqual(h.state.executedCommands.at(-1)?.args, [SETTINGS.serverPath]);
    });

    it('names the setting when consul-ls.server.path points nowhere', async () => {
        const missing = path.join(scratch, 'nope', 'consul-ls');
        const h = await activate({ settings: { [SETTINGS.serverPath]: missing } });
        assert.equal(h.spawns.length, 0);
        assert.match(h.state.messages[0].message, /"consul-ls\.server\.path" is set to ".*nope\/consul-ls", but .* is not an executable file/);
    });
});

describe('starting the server', () => {
    it('runs `<consul-ls.server.path> serve --stdio` with the extra environment and initializes it', async () => {
        const fake = writeFakeServer(scratch);
        const h = await activate({
            settings: { [SETTINGS.serverPath]: fake.path, [SETTINGS.serverExtraEnv]: { CONSUL_LS_LOG: 'debug' } },
            workspaceFolder: scratch,
        });
        assert.equal(h.spawns.length, 1);
        assert.equal(h.spawns[0].command, fake.path);
        assert.deepEqual(h.spawns[0].args, ['serve', '--stdio']);
        assert.equal(h.spawns[0].env?.CONSUL_LS_LOG, 'debug');
        await waitFor('initialized', () => methodsReceived(fake.log).includes('initialized'));
        assert.deepEqual(lifecycle(fake.log), ['initialize', 'initialized']);
        assert.deepEqual(readFakeServerLog(fake.log)[0].argv, ['serve', '--stdio']);
        assert.match(h.state.output('consul-ls'), /\(consul-ls 0\.0\.0-fake, found via setting\)/);
        assert.equal(h.state.messages.length, 0);
        const initialize = lspMessages(h.spawns[0].stdin())[0];
        assert.equal(initialize.params.rootPath, scratch);
        assert.equal(initialize.params.workspaceFolders[0].name, path.basename(scratch));
    });

    it('finds consul-ls on PATH', async () => {
        const bin = path.join(scratch, 'bin');
        fs.mkdirSync(bin);
        const fake = writeFakeServer(bin);
        fs.renameSync(fake.path, path.join(bin, 'consul-ls'));
        const h = await activate({ pathEnv: `${path.join(scratch, 'empty')}:${bin}` });
        assert.equal(h.spawns[0]?.command, path.join(bin, 'consul-ls'));
        assert.match(h.state.output('consul-ls'), /found via path/);
    });

    it('falls back to the binary shipped in the extension\'s server/ folder', async () => {
        const extensionPath = path.join(scratch, 'extension');
        fs.mkdirSync(path.join(extensionPath, 'server'), { recursive: true });
        const fake = writeFakeServer(scratch);
        fs.copyFileSync(fake.path, path.join(extensionPath, 'server', 'consul-ls'));
        fs.chmodSync(path.join(extensionPath, 'server', 'consul-ls'), 0o755);
        const h = await activate({ extensionPath });
        assert.equal(h.spawns[0]?.command, path.join(extensionPath, 'server', 'consul-ls'));
        assert.match(h.state.output('consul-ls'), /found via bundled/);
    });

    it('checks the binary with --version first, and reports one that does not work once', async () => {
        const broken = path.join(scratch, 'broken-consul-ls');
        fs.writeFileSync(broken, '#!/bin/sh\necho "broken on purpose" >&2\nexit 3\n');
        fs.chmodSync(broken, 0o755);
        const h = await activate({ settings: { [SETTINGS.serverPath]: broken } });
        assert.equal(h.spawns.length, 0);
        assert.equal(h.state.messages.length, 1);
        assert.match(h.state.messages[0].message, /broken-consul-ls \(found via setting\) does not work: .*--version` failed \(3\): broken on purpose/);
        assert.deepEqual(h.state.messages[0].actions, ['Open Settings', 'Show Output']);
    });

    it('refuses a binary that is not consul-ls', async () => {
        const other = path.join(scratch, 'not-consul-ls');
        fs.writeFileSync(other, '#!/bin/sh\necho "terraform-ls 0.33.0"\n');
        fs.chmodSync(other, 0o755);
        const h = await activate({ settings: { [SETTINGS.serverPath]: other } });
        assert.equal(h.spawns.length, 0);
        assert.match(h.state.messages[0].message, /does not look like consul-ls: `--version` printed "terraform-ls 0.33.0"/);
    });

    it('reports a server that dies while starting once, without restarting it', async () => {
        const dies = path.join(scratch, 'dies-consul-ls');
        fs.writeFileSync(dies, '#!/bin/sh\nif [ "$1" = --version ]; then echo "consul-ls 9.9.9"; exit 0; fi\necho "cannot serve" >&2\nexit 4\n');
        fs.chmodSync(dies, 0o755);
        const h = await activate({ settings: { [SETTINGS.serverPath]: dies } });
        await new Promise((resolve) => setTimeout(resolve, 300));
        assert.equal(h.spawns.length, 1, 'not restarted');
        const errors = h.state.messages.filter((m) => m.severity === 'error');
        assert.equal(errors.length, 1, errors.map((m) => m.message).join(' | '));
        assert.match(h.state.output('consul-ls'), /cannot serve/);
        assert.match(h.state.output('consul-ls'), /dies-consul-ls failed to start/);
    });
});

describe('commands', () => {
    it('Restart server stops the running server and starts a new one', async () => {
        const fake = writeFakeServer(scratch);
        const h = await activate({ settings: { [SETTINGS.serverPath]: fake.path } });
        await waitFor('initialized', () => methodsReceived(fake.log).includes('initialized'));
        await h.state.commands.get(COMMANDS.restartServer)!();
        assert.equal(h.spawns.length, 2);
        assert.equal(await h.spawns[0].exited, 0);
        await waitFor('the second initialized', () => lifecycle(fake.log).length === 6);
        assert.deepEqual(lifecycle(fake.log), ['initialize', 'initialized', 'shutdown', 'exit', 'initialize', 'initialized']);
    });

    it('Restart server picks up a binary installed after a failed start', async () => {
        const h = await activate({});
        assert.equal(h.spawns.length, 0);
        const fake = writeFakeServer(scratch);
        h.state.settings.set(SETTINGS.serverPath, fake.path);
        await h.state.commands.get(COMMANDS.restartServer)!();
        assert.equal(h.spawns.length, 1);
        await waitFor('initialized', () => methodsReceived(fake.log).includes('initialized'));
    });

    it('changing consul-ls.server.path restarts with the new binary', async () => {
        const first = writeFakeServer(path.join(scratch));
        fs.mkdirSync(path.join(scratch, 'other'));
        const second = writeFakeServer(path.join(scratch, 'other'));
        const h = await activate({ settings: { [SETTINGS.serverPath]: first.path } });
        h.state.updateSettings({ [SETTINGS.serverPath]: second.path });
        await waitFor('the second server', () => methodsReceived(second.log).includes('initialized'));
        assert.equal(h.spawns[1].command, second.path);
        assert.equal(await h.spawns[0].exited, 0);
    });

    it('Show output reveals the consul-ls output', async () => {
        const h = await activate({});
        const channel = h.state.outputChannels.find((c) => c.name === 'consul-ls')!;
        const before = channel.shown;
        await h.state.commands.get(COMMANDS.showOutput)!();
        assert.equal(channel.shown, before + 1);
    });

    it('deactivating shuts the server down', async () => {
        const fake = writeFakeServer(scratch);
        const h = await activate({ settings: { [SETTINGS.serverPath]: fake.path } });
        await h.extension.deactivate();
        assert.equal(await h.spawns[0].exited, 0);
        assert.deepEqual(lifecycle(fake.log).slice(-2), ['shutdown', 'exit']);
    });
});

describe('consul-ls.trace.server', () => {
    it('off: no protocol trace in the output', async () => {
        const fake = writeFakeServer(scratch);
        const h = await activate({ settings: { [SETTINGS.serverPath]: fake.path } });
        assert.doesNotMatch(h.state.output('consul-ls'), /Sending request 'initialize/);
        assert.equal(lspMessages(h.spawns[0].stdin())[0].params.trace, 'off');
    });

    it('messages: the protocol trace goes to the consul-ls output, and the server is told', async () => {
        const fake = writeFakeServer(scratch);
        const h = await activate({ settings: { [SETTINGS.serverPath]: fake.path, [SETTINGS.traceServer]: 'messages' } });
        assert.match(h.state.output('consul-ls'), /Sending request 'initialize - \(0\)'/);
        assert.match(h.state.output('consul-ls'), /Received response 'initialize - \(0\)'/);
        assert.equal(lspMessages(h.spawns[0].stdin())[0].params.trace, 'messages');
    });

    it('turning it on at run time starts tracing without a restart', async () => {
        const fake = writeFakeServer(scratch);
        const h = await activate({ settings: { [SETTINGS.serverPath]: fake.path } });
        h.state.updateSettings({ [SETTINGS.traceServer]: 'verbose' });
        await waitFor('$/setTrace', () => methodsReceived(fake.log).includes('$/setTrace'));
        const setTrace = lspMessages(h.spawns[0].stdin()).find((m) => m.method === '$/setTrace');
        assert.deepEqual(setTrace?.params, { value: 'verbose' });
        assert.equal(h.spawns.length, 1);
    });
});

describe('server settings', () => {
    it('a change to consul-ls.diagnostics.* reaches the server without a restart', async () => {
        const fake = writeFakeServer(scratch);
        const h = await activate({ settings: { [SETTINGS.serverPath]: fake.path } });
        await waitFor('initialized', () => methodsReceived(fake.log).includes('initialized'));
        const before = methodsReceived(fake.log).filter((m) => m === 'workspace/didChangeConfiguration').length;
        h.state.updateSettings({ [SETTINGS.diagnosticsSeverity]: { 'token-in-config': 'off' } });
        await waitFor('workspace/didChangeConfiguration', () =>
            methodsReceived(fake.log).filter((m) => m === 'workspace/didChangeConfiguration').length > before,
        );
        const notification = lspMessages(h.spawns[0].stdin())
            .filter((m) => m.method === 'workspace/didChangeConfiguration')
            .at(-1);
        assert.deepEqual(notification?.params.settings['consul-ls'].diagnostics.severity, { 'token-in-config': 'off' });
        assert.equal(h.spawns.length, 1, 'no restart');
    });
});

describe('starting only where there are Consul files', () => {
    /** A workspace with a JavaScript project and Terraform, and no Consul file. */
    function otherWorkspace(): string {
        const dir = path.join(scratch, 'other');
        fs.mkdirSync(path.join(dir, 'infra'), { recursive: true });
        fs.writeFileSync(path.join(dir, 'package.json'), '{"name": "web", "version": "1.0.0", "scripts": {"test": "node --test"}}\n');
        fs.writeFileSync(path.join(dir, 'infra', 'main.hcl'), 'terraform {\n  required_version = ">= 1.5"\n}\nresource "consul_service" "web" {\n  name = "web"\n}\n');
        return dir;
    }

    it('a JavaScript and Terraform workspace: nothing starts, also after opening its files', async () => {
        const fake = writeFakeServer(scratch);
        const workspace = otherWorkspace();
        const h = await activate({ settings: { [SETTINGS.serverPath]: fake.path }, workspaceFolder: workspace });
        assert.equal(h.state.findFilesCalls, 1, 'looked for a consul-ls.hcl');
        h.state.openDocument(path.join(workspace, 'package.json'), fs.readFileSync(path.join(workspace, 'package.json'), 'utf8'), 'json');
        h.state.openDocument(path.join(workspace, 'infra', 'main.hcl'), fs.readFileSync(path.join(workspace, 'infra', 'main.hcl'), 'utf8'), 'hcl');
        h.state.openDocument(path.join(workspace, 'notes.txt'), 'service { name = "x" }', 'plaintext');
        await new Promise((resolve) => setTimeout(resolve, 100));
        assert.equal(h.spawns.length, 0);
        assert.deepEqual(readFakeServerLog(fake.log), []);
        assert.match(h.state.output('consul-ls'), /no Consul file in this workspace yet/);
        // Changing the server path does not start a server nobody needs.
        h.state.updateSettings({ [SETTINGS.serverPath]: fake.path + '-other' });
        await new Promise((resolve) => setTimeout(resolve, 50));
        assert.equal(h.spawns.length, 0);
    });

    it('... and starts once a Consul file is opened there', async () => {
        const fake = writeFakeServer(scratch);
        const workspace = otherWorkspace();
        const h = await activate({ settings: { [SETTINGS.serverPath]: fake.path }, workspaceFolder: workspace });
        assert.equal(h.spawns.length, 0);
        h.state.openDocument(path.join(workspace, 'consul', 'web.hcl'), 'service {\n  name = "web"\n  port = 8080\n}\n', 'hcl');
        await waitFor('initialized', () => methodsReceived(fake.log).includes('initialized'));
        assert.equal(h.spawns.length, 1);
        // Once started, opening more files starts nothing more.
        h.state.openDocument(path.join(workspace, 'consul', 'api.hcl'), 'service {\n  name = "api"\n}\n', 'hcl');
        await new Promise((resolve) => setTimeout(resolve, 50));
        assert.equal(h.spawns.length, 1);
        assert.match(h.state.output('consul-ls'), /web\.hcl is a Consul file: starting the server/);
    });

    it('a consul-ls.hcl manifest in a subfolder starts it at once', async () => {
        const fake = writeFakeServer(scratch);
        const workspace = otherWorkspace();
        fs.mkdirSync(path.join(workspace, 'consul'));
        fs.writeFileSync(path.join(workspace, 'consul', 'consul-ls.hcl'), '');
        const h = await activate({ settings: { [SETTINGS.serverPath]: fake.path }, workspaceFolder: workspace });
        assert.equal(h.spawns.length, 1);
    });

    it('a manifest under node_modules does not count', async () => {
        const fake = writeFakeServer(scratch);
        const workspace = otherWorkspace();
        fs.mkdirSync(path.join(workspace, 'node_modules', 'x'), { recursive: true });
        fs.writeFileSync(path.join(workspace, 'node_modules', 'x', 'consul-ls.hcl'), '');
        const h = await activate({ settings: { [SETTINGS.serverPath]: fake.path }, workspaceFolder: workspace });
        assert.equal(h.spawns.length, 0);
    });

    it('a Consul file already open when the extension activates starts it at once', async () => {
        const fake = writeFakeServer(scratch);
        const workspace = otherWorkspace();
        host = await loadExtension({ settings: { [SETTINGS.serverPath]: fake.path }, workspaceFolder: workspace });
        host.state.textDocuments.push(
            ...[host.state.openDocument(path.join(workspace, 'mesh.json'), '{"Kind": "mesh", "Peering": {"PeerThroughMeshGateways": true}}', 'json')],
        );
        await host.extension.activate(host.context);
        assert.equal(host.spawns.length, 1);
    });

    it('"Restart server" starts it even in a workspace without Consul files (the user asked)', async () => {
        const fake = writeFakeServer(scratch);
        const h = await activate({ settings: { [SETTINGS.serverPath]: fake.path }, workspaceFolder: otherWorkspace() });
        assert.equal(h.spawns.length, 0);
        await h.state.commands.get(COMMANDS.restartServer)!();
        assert.equal(h.spawns.length, 1);
    });
});

describe('Consul: Show Topology', () => {
    it('is contributed under the Consul category', () => {
        const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
        const command = manifest.contributes.commands.find((c: { command: string }) => c.command === COMMANDS.showTopology);
        assert.deepEqual(command, { command: COMMANDS.showTopology, title: 'Show Topology', category: 'Consul' });
    });

    it('asks the server for consul-ls/graph and shows it in a locked-down webview beside the editor', async () => {
        const fake = writeFakeServer(scratch);
        const h = await activate({ settings: { [SETTINGS.serverPath]: fake.path } });
        await h.state.commands.get(COMMANDS.showTopology)!();
        assert.ok(methodsReceived(fake.log).includes(GRAPH_REQUEST));
        const request = lspMessages(h.spawns[0].stdin()).find((m) => m.method === GRAPH_REQUEST);
        assert.deepEqual(request?.params, {});
        assert.equal(h.state.panels.length, 1);
        const panel = h.state.panels[0];
        assert.equal(panel.viewType, 'consul-ls.topology');
        assert.equal(panel.title, 'Consul Topology');
        assert.equal(panel.options.enableScripts, true);
        // Only the extension's dist/ folder can be loaded.
        assert.deepEqual(panel.options.localResourceRoots?.map((u) => u.fsPath), [path.join(h.context.extensionPath, 'dist')]);
        const html = panel.html;
        const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1].replace(/&#39;/g, "'");
        assert.ok(csp, 'a CSP meta element');
        const nonce = /'nonce-([A-Za-z0-9]{32})'/.exec(csp)?.[1];
        assert.ok(nonce, csp);
        assert.match(csp, /default-src 'none'/);
        assert.doesNotMatch(csp, /unsafe-eval|https?:\/\/(?!mock\.vscode-resource)/);
        // Two scripts, both with the nonce, both from dist/ through asWebviewUri.
        const scripts = [...html.matchAll(/<script nonce="([^"]+)" src="([^"]+)"><\/script>/g)];
        assert.deepEqual(scripts.map((m) => m[1]), [nonce, nonce]);
        assert.deepEqual(
            scripts.map((m) => m[2]),
            ['mermaid.min.js', 'topology.js'].map((f) => `https://mock.vscode-resource.test${path.join(h.context.extensionPath, 'dist', f)}`),
        );
        // The server's answer is in the page, and a name cannot close the data element.
        const data = /<script type="application\/json" id="consul-topology-data">(.*?)<\/script>/s.exec(html)?.[1];
        assert.ok(data && !data.includes('</script>'));
        assert.deepEqual(JSON.parse(data), FAKE_GRAPH);
    });

    it('a second call refreshes the same panel; the page\'s Refresh asks the server again', async () => {
        const fake = writeFakeServer(scratch);
        const h = await activate({ settings: { [SETTINGS.serverPath]: fake.path } });
        await h.state.commands.get(COMMANDS.showTopology)!();
        await h.state.commands.get(COMMANDS.showTopology)!();
        assert.equal(h.state.panels.length, 1);
        assert.equal(h.state.panels[0].revealed, 1);
        h.state.panels[0].received.fire({ type: 'refresh' });
        const count = () => methodsReceived(fake.log).filter((m) => m === GRAPH_REQUEST).length;
        await waitFor('a third consul-ls/graph', () => count() === 3);
        // Closed, then asked again: a new panel.
        h.state.panels[0].dispose();
        await h.state.commands.get(COMMANDS.showTopology)!();
        assert.equal(h.state.panels.length, 2);
    });

    it('a click on a finding in the page opens the file at its line', async () => {
        const fake = writeFakeServer(scratch);
        const h = await activate({ settings: { [SETTINGS.serverPath]: fake.path } });
        await h.state.commands.get(COMMANDS.showTopology)!();
        h.state.panels[0].received.fire({ type: 'open', file: 'east/web.hcl', line: 4 });
        await waitFor('showTextDocument', () => h.state.shownDocuments.length > 0);
        assert.deepEqual(h.state.shownDocuments, [{ path: path.join(scratch, 'east', 'web.hcl'), line: 3 }]);
    });

    it('starts the server first in a workspace without Consul files', async () => {
        const fake = writeFakeServer(scratch);
        const empty = path.join(scratch, 'empty');
        fs.mkdirSync(empty);
        const h = await activate({ settings: { [SETTINGS.serverPath]: fake.path }, workspaceFolder: empty });
        assert.equal(h.spawns.length, 0);
        await h.state.commands.get(COMMANDS.showTopology)!();
        assert.equal(h.spawns.length, 1);
        assert.equal(h.state.panels.length, 1);
    });

    it('says so when there is no server to ask', async () => {
        const h = await activate({});
        const before = h.state.messages.length;
        await h.state.commands.get(COMMANDS.showTopology)!();
        assert.equal(h.state.panels.length, 0);
        const shown = h.state.messages.slice(before).map((m) => m.message);
        assert.ok(shown.some((m) => /the topology comes from the language server, which is not running/.test(m)), shown.join(' | '));
    });
});
