// An LSP client session over vscode-jsonrpc that answers the server the way VS Code does, for the protocol test.
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

import { type MessageConnection, StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import type {
    Diagnostic,
    InitializeParams,
    InitializeResult,
    PublishDiagnosticsParams,
    Registration,
    TextDocumentContentChangeEvent,
    TextEdit,
    WorkDoneProgressBegin,
    WorkDoneProgressEnd,
    WorkDoneProgressReport,
} from 'vscode-languageserver-protocol';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..', '..');

export function serverBinary(): string {
    const bin = process.env.CONSUL_LS_BIN ?? path.join(REPO_ROOT, 'target', 'release', 'consul-ls');
    if (!fs.existsSync(bin)) {
        throw new Error(`consul-ls binary not found at ${bin}: run \`cargo build --release\` or set CONSUL_LS_BIN`);
    }
    return bin;
}

/** Copies fixtures/NAME to a new temp folder (tests never touch the repository's fixtures). */
export function copyFixture(name: string, scratch: string): string {
    const target = path.join(scratch, name);
    fs.cpSync(path.join(REPO_ROOT, 'fixtures', name), target, { recursive: true });
    return target;
}

export function fileUri(file: string): string {
    return pathToFileURL(file).href;
}

/** Offset in a JS string (UTF-16 code units, like VS Code's positions) of a line/character position. */
export function offsetAt(text: string, position: { line: number; character: number }): number {
    let offset = 0;
    for (let line = 0; line < position.line; line++) {
        const next = text.indexOf('\n', offset);
        if (next < 0) {
            return text.length;
        }
        offset = next + 1;
    }
    return offset + position.character;
}

export function positionAt(text: string, offset: number): { line: number; character: number } {
    const before = text.slice(0, offset);
    const line = before.split('\n').length - 1;
    return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** Applies LSP text edits (UTF-16 positions) the way VS Code does: all ranges refer to the original text. */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
    const sorted = edits
        .map((edit) => ({ start: offsetAt(text, edit.range.start), end: offsetAt(text, edit.range.end), newText: edit.newText }))
        .sort((a, b) => b.start - a.start || b.end - a.end);
    let out = text;
    for (const edit of sorted) {
        out = out.slice(0, edit.start) + edit.newText + out.slice(edit.end);
    }
    return out;
}

type Progress = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;

export class Session {
    readonly connection: MessageConnection;
    readonly process: ChildProcess;
    readonly stderr: string[] = [];
    /** Latest diagnostics per document URI, and every publication in order. */
    readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
    readonly publications: PublishDiagnosticsParams[] = [];
    readonly progressTokensCreated: (string | number)[] = [];
    readonly progress: { token: string | number; value: Progress }[] = [];
    readonly registrations: Registration[] = [];
    readonly serverRequests: string[] = [];
    readonly exited: Promise<number | null>;
    /** What `workspace/configuration` answers, by section. */
    settings: Record<string, unknown> = {};
    private listeners = new Set<() => void>();

    constructor(binary: string, args: string[], workspaceFolders: string[], env: NodeJS.ProcessEnv = process.env) {
        this.process = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
        this.exited = new Promise((resolve) => this.process.once('exit', (code) => resolve(code)));
        this.process.once('exit', () => {
            for (const listener of [...this.listeners]) {
                listener();
            }
        });
        this.process.once('error', (error) => this.stderr.push(`spawn failed: ${error.message}`));
        this.process.stderr!.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString('utf8')));
        this.connection = createMessageConnection(
            new StreamMessageReader(this.process.stdout!),
            new StreamMessageWriter(this.process.stdin!),
        );
        const changed = () => {
            for (const listener of [...this.listeners]) {
                listener();
            }
        };
        this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
            this.diagnostics.set(params.uri, params);
            this.publications.push(params);
            changed();
        });
        this.connection.onNotification('$/progress', (params: { token: string | number; value: Progress }) => {
            this.progress.push(params);
            changed();
        });
        this.connection.onNotification('window/logMessage', () => undefined);
        this.connection.onNotification('window/showMessage', () => undefined);
        this.connection.onRequest('window/workDoneProgress/create', (params: { token: string | number }) => {
            this.serverRequests.push('window/workDoneProgress/create');
            this.progressTokensCreated.push(params.token);
            return null;
        });
        this.connection.onRequest('client/registerCapability', (params: { registrations: Registration[] }) => {
            this.serverRequests.push('client/registerCapability');
            this.registrations.push(...params.registrations);
            changed();
            return null;
        });
        this.connection.onRequest('client/unregisterCapability', () => null);
        this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => {
            this.serverRequests.push('workspace/configuration');
            // VS Code answers a section with the nested object of its settings, defaults included.
            return params.items.map((item) => (item.section ? structuredClone(this.settings[item.section] ?? null) : null));
        });
        this.connection.onRequest('workspace/workspaceFolders', () =>
            workspaceFolders.map((folder) => ({ uri: fileUri(folder), name: path.basename(folder) })),
        );
        this.connection.onRequest('window/showMessageRequest', () => null);
        this.connection.onRequest('window/showDocument', () => ({ success: true }));
        this.connection.onRequest('workspace/applyEdit', () => ({ applied: false, failureReason: 'not in this test' }));
        this.connection.onRequest('workspace/diagnostic/refresh', () => null);
        this.connection.onRequest('workspace/semanticTokens/refresh', () => null);
        this.connection.onRequest('workspace/inlayHint/refresh', () => null);
        this.connection.onRequest('workspace/codeLens/refresh', () => null);
        this.connection.listen();
    }

    /** What the server said on stderr, the end of it. */
    stderrTail(): string {
        return this.stderr.join('').slice(-3000);
    }

    async initialize(params: InitializeParams): Promise<InitializeResult> {
        const exitedEarly = this.exited.then((code) => {
            throw new Error(`the server exited (code ${code}) before answering initialize; stderr:\n${this.stderrTail()}`);
        });
        const result = await Promise.race([this.connection.sendRequest<InitializeResult>('initialize', params), exitedEarly]);
        await this.connection.sendNotification('initialized', {});
        return result;
    }

    /** Resolves once `probe` returns something, re-checking whenever the server sends anything. */
    waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 20000): Promise<T> {
        return new Promise((resolve, reject) => {
            const check = () => {
                let value: T | undefined | false;
                try {
                    value = probe();
                } catch (error) {
                    finish();
                    reject(error);
                    return;
                }
                if (value !== undefined && value !== false) {
                    finish();
                    resolve(value);
                } else if (this.process.exitCode !== null || this.process.signalCode !== null) {
                    finish();
                    reject(new Error(`the server exited (${this.process.exitCode ?? this.process.signalCode}) while waiting for ${what}; stderr:\n${this.stderrTail()}`));
                }
            };
            const timer = setTimeout(() => {
                finish();
                reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; server stderr:\n${this.stderrTail()}`));
            }, timeoutMs);
            const finish = () => {
                clearTimeout(timer);
                this.listeners.delete(check);
            };
            this.listeners.add(check);
            check();
        });
    }

    diagnosticsOf(uri: string): Diagnostic[] {
        return this.diagnostics.get(uri)?.diagnostics ?? [];
    }

    async didOpen(uri: string, languageId: string, text: string, version = 1): Promise<void> {
        await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    }

    /** Incremental change events as VS Code sends them: range, rangeLength and text. */
    async didChange(uri: string, version: number, oldText: string, edits: TextEdit[]): Promise<void> {
        // VS Code reports the edits of one operation last-first, so earlier ranges stay valid.
        const sorted = [...edits].sort((a, b) => offsetAt(oldText, b.range.start) - offsetAt(oldText, a.range.start));
        const contentChanges: TextDocumentContentChangeEvent[] = sorted.map((edit) => ({
            range: edit.range,
            rangeLength: offsetAt(oldText, edit.range.end) - offsetAt(oldText, edit.range.start),
            text: edit.newText,
        }));
        await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
    }

    async shutdown(): Promise<number | null> {
        await this.connection.sendRequest('shutdown');
        await this.connection.sendNotification('exit');
        const code = await Promise.race([this.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5000))]);
        this.dispose();
        if (code === 'timeout') {
            throw new Error('the server did not exit within 5 s of the exit notification');
        }
        return code;
    }

    dispose(): void {
        this.connection.dispose();
        if (this.process.exitCode === null && this.process.signalCode === null) {
            this.process.kill('SIGKILL');
        }
    }
}

/** The `consul-ls` settings section as VS Code gives it to the server: the extension's contributed defaults, nested. */
export function vscodeSettingsSection(packageJson: { contributes: { configuration: { properties: Record<string, { default?: unknown }> } } }): Record<string, unknown> {
    const section: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(packageJson.contributes.configuration.properties)) {
        const path = key.split('.').slice(1);
        let node = section;
        for (const part of path.slice(0, -1)) {
            node = (node[part] ??= {}) as Record<string, unknown>;
        }
        node[path[path.length - 1]] = structuredClone(schema.default ?? null);
    }
    return section;
}
