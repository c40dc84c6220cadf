// Where the extension looks for the consul-ls binary: setting, then PATH, then the extension's server/ folder.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import {
    bundledServerPath,
    expandSettingPath,
    isExecutableFile,
    missingServerMessage,
    pathCandidates,
    resolveServer,
    type ResolveInput,
} from '../../src/server';

function input(overrides: Partial<ResolveInput> & { executables?: string[] }): ResolveInput {
    const executables = new Set(overrides.executables ?? []);
    return {
        configuredPath: undefined,
        env: { PATH: '/usr/local/bin:/usr/bin' },
        platform: 'linux',
        extensionPath: '/ext',
        homeDir: '/home/me',
        isExecutable: (file) => executables.has(file),
        ...overrides,
    };
}

describe('resolveServer', () => {
    it('uses the setting when it points at an executable', () => {
        const r = resolveServer(input({ configuredPath: '/opt/consul-ls', executables: ['/opt/consul-ls', '/usr/bin/consul-ls'] }));
        assert.deepEqual(r, { kind: 'found', path: '/opt/consul-ls', source: 'setting' });
    });

    it('does not fall back to PATH when the setting points nowhere', () => {
        const r = resolveServer(input({ configuredPath: '/nope/consul-ls', executables: ['/usr/bin/consul-ls'] }));
        assert.equal(r.kind, 'missing');
        assert.deepEqual(r.kind === 'missing' && r.tried, ['/nope/consul-ls']);
        assert.match(r.kind === 'missing' ? r.reason : '', /consul-ls\.server\.path.*\/nope\/consul-ls/);
    });

    it('treats a blank or null setting as unset', () => {
        for (const configuredPath of ['', '   ', null, undefined]) {
            const r = resolveServer(input({ configuredPath, executables: ['/usr/bin/consul-ls'] }));
            assert.deepEqual(r, { kind: 'found', path: '/usr/bin/consul-ls', source: 'path' });
        }
    });

    it('expands ~ and ${workspaceFolder} in the setting, and resolves relative paths against the workspace', () => {
        assert.deepEqual(
            resolveServer(input({ configuredPath: '~/bin/consul-ls', executables: ['/home/me/bin/consul-ls'] })),
            { kind: 'found', path: '/home/me/bin/consul-ls', source: 'setting' },
        );
        assert.deepEqual(
            resolveServer(
                input({
                    configuredPath: '${workspaceFolder}/target/release/consul-ls',
                    workspaceFolder: '/src/repo',
                    executables: ['/src/repo/target/release/consul-ls'],
                }),
            ),
            { kind: 'found', path: '/src/repo/target/release/consul-ls', source: 'setting' },
        );
        assert.deepEqual(
            resolveServer(
                input({ configuredPath: 'bin/consul-ls', workspaceFolder: '/src/repo', executables: ['/src/repo/bin/consul-ls'] }),
            ),
            { kind: 'found', path: '/src/repo/bin/consul-ls', source: 'setting' },
        );
    });

    it('searches PATH in order', () => {
        const r = resolveServer(input({ executables: ['/usr/bin/consul-ls', '/usr/local/bin/consul-ls'] }));
        assert.deepEqual(r, { kind: 'found', path: '/usr/local/bin/consul-ls', source: 'path' });
    });

    it('falls back to the binary shipped in the extension', () => {
        const r = resolveServer(input({ executables: ['/ext/server/consul-ls'] }));
        assert.deepEqual(r, { kind: 'found', path: '/ext/server/consul-ls', source: 'bundled' });
    });

    it('prefers PATH over the shipped binary', () => {
        const r = resolveServer(input({ executables: ['/ext/server/consul-ls', '/usr/bin/consul-ls'] }));
        assert.equal(r.kind === 'found' && r.source, 'path');
    });

    it('reports every place it looked when nothing is found', () => {
        const r = resolveServer(input({}));
        assert.equal(r.kind, 'missing');
        if (r.kind === 'missing') {
            assert.deepEqual(r.tried, ['/usr/local/bin/consul-ls', '/usr/bin/consul-ls', '/ext/server/consul-ls']);
            const message = missingServerMessage(r);
            assert.match(message, /could not be started/);
            assert.match(message, /consul-ls\.server\.path/);
            assert.match(message, /PATH/);
            assert.match(message, /Restart server/);
        }
    });

    it('copes with an environment without PATH', () => {
        const r = resolveServer(input({ env: {}, executables: ['/ext/server/consul-ls'] }));
        assert.deepEqual(r, { kind: 'found', path: '/ext/server/consul-ls', source: 'bundled' });
    });

    it('finds consul-ls.exe through Path and PATHEXT on Windows', () => {
        const env = { Path: 'C:\\tools;C:\\cargo\\bin', PATHEXT: '.COM;.EXE' };
        assert.deepEqual(pathCandidates(env, 'win32'), [
            'C:\\tools\\consul-ls.com',
            'C:\\tools\\consul-ls.exe',
            'C:\\cargo\\bin\\consul-ls.com',
            'C:\\cargo\\bin\\consul-ls.exe',
        ]);
        const r = resolveServer(
            input({ env, platform: 'win32', extensionPath: 'C:\\ext', executables: ['C:\\cargo\\bin\\consul-ls.exe'] }),
        );
        assert.deepEqual(r, { kind: 'found', path: 'C:\\cargo\\bin\\consul-ls.exe', source: 'path' });
        assert.equal(bundledServerPath('C:\\ext', 'win32'), 'C:\\ext\\server\\consul-ls.exe');
    });
});

describe('expandSettingPath', () => {
    const opts = { platform: 'linux' as const, env: { TOOLS: '/opt/tools' }, homeDir: '/home/me', workspaceFolder: '/ws' };
    it('expands variables', () => {
        assert.equal(expandSettingPath('${userHome}/x', opts), '/home/me/x');
        assert.equal(expandSettingPath('${env:TOOLS}/consul-ls', opts), '/opt/tools/consul-ls');
        assert.equal(expandSettingPath('  /trimmed  ', opts), '/trimmed');
    });
    it('leaves ${workspaceFolder} alone without a workspace', () => {
        assert.equal(
            expandSettingPath('${workspaceFolder}/consul-ls', { ...opts, workspaceFolder: undefined }),
            '${workspaceFolder}/consul-ls',
        );
    });
});

describe('isExecutableFile (real file system)', () => {
    it('accepts an executable file, rejects a plain file, a folder and a missing path', () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'consul-ls-resolve-'));
        try {
            const exe = path.join(dir, 'consul-ls');
            fs.writeFileSync(exe, '#!/bin/sh\n');
            fs.chmodSync(exe, 0o755);
            const plain = path.join(dir, 'plain');
            fs.writeFileSync(plain, '');
            fs.chmodSync(plain, 0o644);
            assert.equal(isExecutableFile(exe), true);
            if (process.platform !== 'win32') {
                // (Root too: access(X_OK) needs an execute bit.)
                assert.equal(isExecutableFile(plain), false);
            }
            assert.equal(isExecutableFile(dir), false);
            assert.equal(isExecutableFile(path.join(dir, 'missing')), false);

            // And end to end through resolveServer with the real checks.
            const fromPath = resolveServer({
                configuredPath: undefined,
                env: { PATH: dir },
                platform: process.platform,
                extensionPath: '/nonexistent',
            });
            assert.deepEqual(fromPath, { kind: 'found', path: exe, source: 'path' });
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
