// The package.json contributions (settings, commands, activation) agree with the code and with vscode-languageclient.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { CLIENT_ID, COMMANDS, DOCUMENT_SELECTOR, SERVER_ARGS, SETTINGS, serverEnvironment } from '../../src/config';
import { EXTENSION_ROOT } from '../harness/extension-host';

const manifest = JSON.parse(fs.readFileSync(path.join(EXTENSION_ROOT, 'package.json'), 'utf8'));
const properties = manifest.contributes.configuration.properties;

describe('settings', () => {
    it('consul-ls.server.path: a string, unset by default, not taken from untrusted workspaces', () => {
        const setting = properties[SETTINGS.serverPath];
        assert.ok(setting, 'consul-ls.server.path is contributed');
        assert.deepEqual(setting.type, ['string', 'null']);
        assert.equal(setting.default, null);
        assert.equal(setting.scope, 'machine-overridable');
        const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
        assert.ok(restricted.includes(SETTINGS.serverPath));
        assert.ok(restricted.includes(SETTINGS.serverExtraEnv));
    });

    it('consul-ls.trace.server: off | messages | verbose, off by default, named after the client id', () => {
        // vscode-languageclient reads `<client id>.trace.server`.
        assert.equal(SETTINGS.traceServer, `${CLIENT_ID}.trace.server`);
        const setting = properties[SETTINGS.traceServer];
        assert.ok(setting, 'consul-ls.trace.server is contributed');
        assert.deepEqual(setting.enum, ['off', 'messages', 'verbose']);
        assert.equal(setting.default, 'off');
    });

    it('consul-ls.server.extraEnv: an object of strings', () => {
        const setting = properties[SETTINGS.serverExtraEnv];
        assert.equal(setting.type, 'object');
        assert.deepEqual(setting.additionalProperties, { type: 'string' });
        assert.deepEqual(setting.default, {});
    });

    it('every contributed setting is one the code knows', () => {
        const known = Object.entries(SETTINGS)
            .filter(([key]) => key !== 'section')
            .map(([, value]) => value);
        assert.deepEqual(Object.keys(properties).sort(), known.sort());
        for (const key of Object.keys(properties)) {
            assert.ok(key.startsWith(`${SETTINGS.section}.`), key);
        }
    });

    it('consul-ls.diagnostics.*: the server settings (scope, severity per code), for every code consul-ls has', () => {
        assert.deepEqual(properties[SETTINGS.diagnosticsScope].enum, ['workspace', 'openFiles']);
        assert.equal(properties[SETTINGS.diagnosticsScope].default, 'workspace');
        const severity = properties[SETTINGS.diagnosticsSeverity];
        assert.equal(severity.type, 'object');
        assert.equal(severity.additionalProperties, false);
        // The codes as the Rust source declares them: `Name => "code", Severity, fix: ...`.
        const codesSource = fs.readFileSync(path.join(EXTENSION_ROOT, '..', '..', 'src', 'rules', 'codes.rs'), 'utf8');
        const declared = [...codesSource.matchAll(/=> "([a-z-]+)", (Error|Warning|Information|Hint), fix:/g)].map((m) => m[1]);
        assert.ok(declared.length >= 18, `codes found in codes.rs: ${declared.length}`);
        assert.deepEqual(Object.keys(severity.properties).sort(), [...declared].sort());
        for (const code of declared) {
            assert.deepEqual(severity.properties[code].enum, ['error', 'warning', 'information', 'hint', 'off']);
        }
    });

    it('extraEnv adds string values to the environment and removes null ones', () => {
        const env = serverEnvironment({ PATH: '/bin', HOME: '/root' }, { CONSUL_LS_LOG: 'debug', HOME: null, BAD: 3 });
        assert.deepEqual(env, { PATH: '/bin', CONSUL_LS_LOG: 'debug' });
        assert.deepEqual(serverEnvironment({ A: '1' }, undefined), { A: '1' });
    });
});

describe('commands', () => {
    it('contributes "Restart server" and "Show output" in the consul-ls category, "Show Topology" in Consul', () => {
        const byId = new Map(manifest.contributes.commands.map((c: { command: string }) => [c.command, c]));
        assert.deepEqual([...byId.keys()].sort(), Object.values(COMMANDS).sort());
        assert.deepEqual(byId.get(COMMANDS.restartServer), { command: COMMANDS.restartServer, title: 'Restart server', category: 'consul-ls' });
        assert.deepEqual(byId.get(COMMANDS.showOutput), { command: COMMANDS.showOutput, title: 'Show output', category: 'consul-ls' });
    });
});

describe('documents and activation', () => {
    it('serves HCL, JSON and YAML by language id and by file pattern, on disk only', () => {
        const languages = DOCUMENT_SELECTOR.flatMap((f) => ('language' in f ? [f.language] : []));
        const patterns = DOCUMENT_SELECTOR.flatMap((f) => ('pattern' in f ? [f.pattern] : []));
        assert.deepEqual(languages.sort(), ['hcl', 'json', 'yaml']);
        assert.deepEqual(patterns.sort(), ['**/*.hcl', '**/*.json', '**/*.yaml', '**/*.yml']);
        assert.ok(DOCUMENT_SELECTOR.every((f) => f.scheme === 'file'));
    });

    it('activates for HCL and JSON files and for a consul-ls.hcl workspace, not for every *.hcl workspace', () => {
        // The extension then starts the server only where there are Consul files (src/detect.ts).
        assert.deepEqual(manifest.activationEvents, ['onLanguage:hcl', 'onLanguage:json', 'workspaceContains:**/consul-ls.hcl']);
        // `.hcl` files get the `hcl` language id even without an HCL extension (merged with one if installed),
        // so that onLanguage:hcl fires for them.
        assert.deepEqual(manifest.contributes.languages, [{ id: 'hcl', aliases: ['HCL', 'hcl'], extensions: ['.hcl'] }]);
    });

    it('starts `consul-ls serve`', () => {
        assert.deepEqual(SERVER_ARGS, ['serve']);
    });

    it('ships the bundle, and needs a VS Code that vscode-languageclient supports', () => {
        assert.equal(manifest.main, './dist/extension.js');
        const client = JSON.parse(
            fs.readFileSync(path.join(EXTENSION_ROOT, 'node_modules/vscode-languageclient/package.json'), 'utf8'),
        );
        const minimum = (range: string) => range.replace(/^[\^>=~ ]+/, '').split('.').map(Number);
        const ours = minimum(manifest.engines.vscode);
        const theirs = minimum(client.engines.vscode);
        assert.ok(
            ours[0] > theirs[0] || (ours[0] === theirs[0] && ours[1] >= theirs[1]),
            `engines.vscode ${manifest.engines.vscode} must be at least vscode-languageclient's ${client.engines.vscode}`,
        );
        assert.equal(manifest.devDependencies['@types/vscode'].replace(/^[\^~]/, ''), manifest.engines.vscode.replace(/^[\^~]/, ''));
    });
});

describe('the package', () => {
    it('has a licence, a repository and a publisher, so vsce packages it without skip flags', () => {
        assert.equal(manifest.license, 'MPL-2.0');
        const license = fs.readFileSync(path.join(EXTENSION_ROOT, 'LICENSE'), 'utf8');
        assert.match(license, /^Mozilla Public License Version 2\.0\n/);
        assert.equal(manifest.repository.type, 'git');
        assert.match(manifest.repository.url, /^https:\/\/.+\.git$/);
        assert.equal(manifest.repository.directory, 'editors/vscode');
        assert.equal(manifest.publisher, 'consul-ls');
        assert.doesNotMatch(manifest.scripts.package, /--skip-license|--allow-missing-repository/);
        // The licence of the repository's Cargo.toml.
        const cargo = fs.readFileSync(path.join(EXTENSION_ROOT, '..', '..', 'Cargo.toml'), 'utf8');
        assert.match(cargo, /^license = "MPL-2\.0"$/m);
    });

    it('ships the webview\'s script and Mermaid with its licences, and nothing else from dist/', () => {
        const ignore = fs.readFileSync(path.join(EXTENSION_ROOT, '.vscodeignore'), 'utf8');
        const shipped = ignore.split('\n').filter((l) => l.startsWith('!dist/')).map((l) => l.slice(1)).sort();
        assert.deepEqual(shipped, [
            'dist/extension.js',
            'dist/mermaid.LICENSE',
            'dist/mermaid.THIRD_PARTY_NOTICES',
            'dist/mermaid.min.js',
            'dist/topology.js',
        ]);
        assert.ok(ignore.split('\n').includes('!LICENSE'));
        assert.ok(manifest.dependencies.mermaid, 'mermaid is a dependency (bundled, not fetched)');
    });
});
