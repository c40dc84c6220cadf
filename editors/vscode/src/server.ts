// Finding the consul-ls binary. Pure functions over injected environment and file checks, so the unit tests can
// exercise every branch without VS Code.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type ServerSource = 'setting' | 'path' | 'bundled';

export type Resolution =
    | { kind: 'found'; path: string; source: ServerSource }
    | { kind: 'missing'; tried: string[]; reason: string };

export interface ResolveInput {
    /** The `consul-ls.server.path` setting as read (unset: undefined, null or blank). */
    configuredPath: string | null | undefined;
    /** Environment to read PATH (and PATHEXT on Windows) from. */
    env: NodeJS.ProcessEnv;
    platform: NodeJS.Platform;
    /** The extension's install folder; a binary shipped with it lives in `server/`. */
    extensionPath: string;
    /** First workspace folder, for `${workspaceFolder}` and relative setting values. */
    workspaceFolder?: string;
    homeDir?: string;
    /** Whether a file exists and can be executed; injected by tests. */
    isExecutable?: (file: string) => boolean;
}

export const BINARY_NAME = 'consul-ls';

export function binaryFileName(platform: NodeJS.Platform): string {
    return platform === 'win32' ? `${BINARY_NAME}.exe` : BINARY_NAME;
}

export function isExecutableFile(file: string): boolean {
    try {
        if (!fs.statSync(file).isFile()) {
            return false;
        }
        if (process.platform === 'win32') {
            return true;
        }
        fs.accessSync(file, fs.constants.X_OK);
        return true;
    } catch {
        return false;
    }
}

function pathModule(platform: NodeJS.Platform): path.PlatformPath {
    return platform === 'win32' ? path.win32 : path.posix;
}

/**
 * Expands `~`, `${userHome}`, `${workspaceFolder}` and `${env:NAME}` in a setting value, and makes a relative path
 * absolute against the workspace folder (VS Code leaves that to extensions).
 */
export function expandSettingPath(
    value: string,
    opts: { platform: NodeJS.Platform; env: NodeJS.ProcessEnv; homeDir: string; workspaceFolder?: string },
): string {
    const p = pathModule(opts.platform);
    let expanded = value.trim();
    if (expanded === '~' || expanded.startsWith('~/') || expanded.startsWith('~\\')) {
        expanded = opts.homeDir + expanded.slice(1);
    }
    expanded = expanded.replace(/\$\{(userHome|workspaceFolder|env:([A-Za-z_][A-Za-z0-9_]*))\}/g, (whole, name, envName) => {
        if (name === 'userHome') {
            return opts.homeDir;
        }
        if (name === 'workspaceFolder') {
            return opts.workspaceFolder ?? whole;
        }
        return opts.env[envName] ?? '';
    });
    if (!p.isAbsolute(expanded) && opts.workspaceFolder !== undefined) {
        expanded = p.resolve(opts.workspaceFolder, expanded);
    }
    return expanded;
}

/** Every place on PATH where the binary could be, in search order. */
export function pathCandidates(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
    const p = pathModule(platform);
    // Windows spells it `Path`; environment lookups there are case-insensitive.
    const pathKey = Object.keys(env).find((k) => (platform === 'win32' ? k.toUpperCase() === 'PATH' : k === 'PATH'));
    const pathValue = pathKey ? env[pathKey] ?? '' : '';
    const dirs = pathValue.split(platform === 'win32' ? ';' : ':').filter((d) => d.length > 0);
    const names =
        platform === 'win32'
            ? (env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD')
                  .split(';')
                  .filter((e) => e.length > 0)
                  .map((ext) => BINARY_NAME + ext.toLowerCase())
            : [BINARY_NAME];
    const out: string[] = [];
    for (const dir of dirs) {
        for (const name of names) {
            out.push(p.join(dir, name));
        }
    }
    return out;
}

export function bundledServerPath(extensionPath: string, platform: NodeJS.Platform): string {
    return pathModule(platform).join(extensionPath, 'server', binaryFileName(platform));
}

/**
 * The setting wins when it is set, and then it is the only place looked at: a wrong explicit path is reported, not
 * silently replaced by some other binary. Otherwise PATH, then the binary shipped in the extension's `server/` folder.
 */
export function resolveServer(input: ResolveInput): Resolution {
    const isExecutable = input.isExecutable ?? isExecutableFile;
    const configured = input.configuredPath?.trim();
    if (configured) {
        const file = expandSettingPath(configured, {
            platform: input.platform,
            env: input.env,
            homeDir: input.homeDir ?? os.homedir(),
            workspaceFolder: input.workspaceFolder,
        });
        if (isExecutable(file)) {
            return { kind: 'found', path: file, source: 'setting' };
        }
        return {
            kind: 'missing',
            tried: [file],
            reason: `"consul-ls.server.path" is set to "${configured}", but ${file} is not an executable file.`,
        };
    }
    const tried: string[] = [];
    for (const candidate of pathCandidates(input.env, input.platform)) {
        tried.push(candidate);
        if (isExecutable(candidate)) {
            return { kind: 'found', path: candidate, source: 'path' };
        }
    }
    const bundled = bundledServerPath(input.extensionPath, input.platform);
    tried.push(bundled);
    if (isExecutable(bundled)) {
        return { kind: 'found', path: bundled, source: 'bundled' };
    }
    return {
        kind: 'missing',
        tried,
        reason: `No "${BINARY_NAME}" binary on PATH and none shipped with the extension.`,
    };
}

/** The message shown when the binary cannot be found: what was wrong, and how to fix it. */
export function missingServerMessage(resolution: Extract<Resolution, { kind: 'missing' }>): string {
    return (
        `consul-ls: the language server could not be started. ${resolution.reason} ` +
        'Install it (e.g. `cargo install --path .` in the consul-ls repository) so that `consul-ls` is on PATH, ' +
        'or set "consul-ls.server.path" to the binary, then run "consul-ls: Restart server".'
    );
}

export type VersionCheck = { ok: true; version: string } | { ok: false; reason: string };

/**
 * Runs `<binary> --version` before starting the server, so that a wrong or broken binary gets one clear message
 * instead of the language client's cascade of connection errors. A consul-ls binary prints `consul-ls X.Y.Z`.
 */
export function checkServerVersion(file: string, env: NodeJS.ProcessEnv, timeoutMs = 10000): Promise<VersionCheck> {
    return new Promise((resolve) => {
        execFile(file, ['--version'], { env, timeout: timeoutMs, windowsHide: true }, (error, stdout, stderr) => {
            const out = String(stdout).trim();
            if (error) {
                const detail = String(stderr).trim().split(/\r?\n/).slice(0, 3).join(' ') || error.message;
                const how = error.killed ? `did not finish within ${timeoutMs} ms` : `failed (${error.code ?? error.signal ?? 'error'})`;
                resolve({ ok: false, reason: `\`${file} --version\` ${how}: ${detail}` });
            } else if (!/^consul-ls\s+\S+/.test(out)) {
                resolve({ ok: false, reason: `${file} does not look like consul-ls: \`--version\` printed "${out.slice(0, 80)}".` });
            } else {
                resolve({ ok: true, version: out.split(/\r?\n/)[0] });
            }
        });
    });
}
