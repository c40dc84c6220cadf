// The bundled extension, activated against the vscode stand-in: which binary it starts and how, the missing-binary
// message, the commands, the trace setting. A small fake server stands in for consul-ls.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';

import { COMMANDS, SETTINGS } from '../../src/config';
import { type Host, loadExtension, lspMessages, readFakeServerLog, waitFor, writeFakeServer } from '../harness/extension-host';

let scratch: string;
let host: Host | undefined;

beforeEach(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'consul-ls-ext-test-'));
});
afterEach(async () => {
    await host?.close();
    host = undefined;
    fs.rmSync(scratch, { recursive: true, force: true });
});

async function activate(options: Parameters<typeof loadExtension>[0]): Promise<Host> {
    host = await loadExtension(options);
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
    it('registers the Restart server and Show output commands', async () => {
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
        host = await loadExtension({});
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
