// A stand-in for the `vscode` module, enough to load the bundled extension in plain Node and run it against a real
// process: VS Code itself cannot run here. What the extension and vscode-languageclient touch is implemented for
// real (events, configuration, output channels, commands, messages, URIs); anything else is an inert stub.
import { EventEmitter as NodeEventEmitter } from 'node:events';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';

import { minimatch } from 'minimatch';

type Listener<T> = (value: T) => unknown;

export class Disposable {
    static from(...items: { dispose(): unknown }[]): Disposable {
        return new Disposable(() => {
            for (const item of items) {
                item.dispose();
            }
        });
    }
    private done = false;
    constructor(private readonly callOnDispose: () => unknown) {}
    dispose(): void {
        if (!this.done) {
            this.done = true;
            this.callOnDispose();
        }
    }
}

export class EventEmitter<T> {
    private listeners = new Set<Listener<T>>();
    readonly event = (listener: Listener<T>, thisArg?: unknown, disposables?: Disposable[]): Disposable => {
        const bound: Listener<T> = (value) => listener.call(thisArg, value);
        this.listeners.add(bound);
        const d = new Disposable(() => this.listeners.delete(bound));
        disposables?.push(d);
        return d;
    };
    fire(value: T): void {
        for (const listener of [...this.listeners]) {
            listener(value);
        }
    }
    dispose(): void {
        this.listeners.clear();
    }
}

export class Uri {
    private constructor(
        readonly scheme: string,
        readonly authority: string,
        readonly path: string,
        readonly query = '',
        readonly fragment = '',
    ) {}
    static file(fsPath: string): Uri {
        return new Uri('file', '', path.resolve(fsPath));
    }
    static parse(value: string): Uri {
        const url = new URL(value);
        return new Uri(url.protocol.replace(/:$/, ''), url.host, decodeURIComponent(url.pathname), url.search.replace(/^\?/, ''), url.hash.replace(/^#/, ''));
    }
    static joinPath(base: Uri, ...segments: string[]): Uri {
        return new Uri(base.scheme, base.authority, path.posix.join(base.path, ...segments));
    }
    get fsPath(): string {
        return this.path;
    }
    with(change: Partial<{ scheme: string; authority: string; path: string; query: string; fragment: string }>): Uri {
        return new Uri(
            change.scheme ?? this.scheme,
            change.authority ?? this.authority,
            change.path ?? this.path,
            change.query ?? this.query,
            change.fragment ?? this.fragment,
        );
    }
    // VS Code's encoding: every path segment percent-encoded, `/` kept.
    toString(): string {
        const encodedPath = this.path.split('/').map(encodeURIComponent).join('/');
        return `${this.scheme}://${this.authority}${encodedPath}${this.query ? `?${this.query}` : ''}${this.fragment ? `#${this.fragment}` : ''}`;
    }
    toJSON(): unknown {
        return { scheme: this.scheme, authority: this.authority, path: this.path, fsPath: this.fsPath };
    }
}

export class Position {
    constructor(readonly line: number, readonly character: number) {}
}
export class Range {
    readonly start: Position;
    readonly end: Position;
    constructor(a: Position | number, b: Position | number, c?: number, d?: number) {
        if (typeof a === 'number') {
            this.start = new Position(a, b as number);
            this.end = new Position(c as number, d as number);
        } else {
            this.start = a;
            this.end = b as Position;
        }
    }
}

export class CancellationError extends Error {}
export class CancellationTokenSource {
    private readonly emitter = new EventEmitter<void>();
    readonly token = {
        isCancellationRequested: false,
        onCancellationRequested: this.emitter.event,
    };
    cancel(): void {
        this.token.isCancellationRequested = true;
        this.emitter.fire();
    }
    dispose(): void {
        this.emitter.dispose();
    }
}

export enum LogLevel {
    Off = 0,
    Trace = 1,
    Debug = 2,
    Info = 3,
    Warning = 4,
    Error = 5,
}

/** An inert value for the parts of the API nobody here looks at: any property, call or `new` gives another. */
function stub(name: string): any {
    const cache = new Map<PropertyKey, unknown>();
    const target = function () {} as any;
    return new Proxy(target, {
        get(_t, prop) {
            if (prop === 'then' || prop === Symbol.iterator || prop === 'toJSON') {
                return undefined;
            }
            if (prop === Symbol.toPrimitive) {
                return () => name;
            }
            if (prop === 'dispose') {
                return () => undefined;
            }
            if (!cache.has(prop)) {
                cache.set(prop, stub(`${name}.${String(prop)}`));
            }
            return cache.get(prop);
        },
        apply() {
            return stub(`${name}()`);
        },
        construct() {
            return stub(`new ${name}`);
        },
    });
}

export class MockTextDocument {
    constructor(
        readonly uri: Uri,
        private readonly text: string,
        readonly languageId: string,
    ) {}
    get fileName(): string {
        return this.uri.fsPath;
    }
    readonly version = 1;
    readonly isClosed = false;
    getText(): string {
        return this.text;
    }
}

/** A webview panel: what was set as its HTML, and a way to post messages from the page. */
export class MockWebviewPanel {
    html = '';
    disposed = false;
    revealed = 0;
    readonly received = new EventEmitter<unknown>();
    private readonly disposedEmitter = new EventEmitter<void>();
    readonly onDidDispose = this.disposedEmitter.event;
    readonly webview: {
        html: string;
        cspSource: string;
        options: unknown;
        asWebviewUri(uri: Uri): Uri;
        onDidReceiveMessage: EventEmitter<unknown>['event'];
        postMessage(message: unknown): Promise<boolean>;
    };
    constructor(
        readonly viewType: string,
        readonly title: string,
        readonly showOptions: unknown,
        readonly options: { enableScripts?: boolean; localResourceRoots?: Uri[] },
    ) {
        const panel = this;
        this.webview = {
            get html() {
                return panel.html;
            },
            set html(value: string) {
                panel.html = value;
            },
            cspSource: 'https://mock.vscode-resource.test',
            options,
            asWebviewUri: (uri: Uri) => Uri.parse(`https://mock.vscode-resource.test${uri.path}`),
            onDidReceiveMessage: this.received.event,
            postMessage: async () => true,
        };
    }
    reveal(): void {
        this.revealed += 1;
    }
    dispose(): void {
        if (!this.disposed) {
            this.disposed = true;
            this.disposedEmitter.fire();
        }
    }
}

export interface ShownMessage {
    severity: 'error' | 'warning' | 'information';
    message: string;
    actions: string[];
}

export interface OutputChannelRecord {
    name: string;
    lines: string[];
    shown: number;
}

/** Everything a test wants to look at or steer. */
export class MockState {
    settings = new Map<string, unknown>();
    /** Defaults of contributed settings (package.json), as VS Code has them. */
    settingDefaults = new Map<string, unknown>();
    workspaceFolders: { uri: Uri; name: string; index: number }[] = [];
    messages: ShownMessage[] = [];
    /** What the next message's action button press will be, per message; undefined means dismissed. */
    answerMessage: (message: ShownMessage) => string | undefined = () => undefined;
    commands = new Map<string, (...args: unknown[]) => unknown>();
    executedCommands: { command: string; args: unknown[] }[] = [];
    outputChannels: OutputChannelRecord[] = [];
    diagnostics = new Map<string, unknown[]>();
    /** Open documents (`workspace.textDocuments`); `openDocument` adds one and tells listeners. */
    textDocuments: MockTextDocument[] = [];
    readonly documentOpened = new EventEmitter<MockTextDocument>();
    /** Webview panels created, in order. */
    panels: MockWebviewPanel[] = [];
    /** Documents shown with window.showTextDocument: path and selection start line. */
    shownDocuments: { path: string; line: number | undefined }[] = [];
    /** How many times workspace.findFiles was asked. */
    findFilesCalls = 0;
    readonly configurationChanged = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();
    readonly messageShown = new NodeEventEmitter();

    /** Changes settings and tells listeners, as VS Code does. */
    updateSettings(changes: Record<string, unknown>): void {
        for (const [key, value] of Object.entries(changes)) {
            this.settings.set(key, value);
        }
        const keys = Object.keys(changes);
        this.configurationChanged.fire({
            affectsConfiguration: (section: string) =>
                keys.some((key) => key === section || key.startsWith(`${section}.`) || section.startsWith(`${key}.`)),
        });
    }

    /** Opens a document as VS Code does when the user opens a file: it joins textDocuments, then the event fires. */
    openDocument(fsPath: string, text: string, languageId = 'plaintext'): MockTextDocument {
        const document = new MockTextDocument(Uri.file(fsPath), text, languageId);
        this.textDocuments.push(document);
        this.documentOpened.fire(document);
        return document;
    }

    output(name: string): string {
        return this.outputChannels
            .filter((c) => c.name === name)
            .flatMap((c) => c.lines)
            .join('\n');
    }
}

export function createVscodeMock(state: MockState, info: { appName: string; version: string; language: string }) {
    const noEvent = (_listener: unknown) => new Disposable(() => undefined);

    function show(severity: ShownMessage['severity']) {
        return (message: string, ...rest: unknown[]) => {
            const actions = rest
                .filter((item) => typeof item === 'string' || (typeof item === 'object' && item !== null && 'title' in item))
                .map((item) => (typeof item === 'string' ? item : (item as { title: string }).title));
            const shown = { severity, message, actions };
            state.messages.push(shown);
            state.messageShown.emit('message', shown);
            return Promise.resolve(state.answerMessage(shown));
        };
    }

    function createOutputChannel(name: string, options?: { log: true } | string) {
        const record: OutputChannelRecord = { name, lines: [], shown: 0 };
        state.outputChannels.push(record);
        const log = (level: string) => (message: unknown) => {
            record.lines.push(`[${level}] ${message instanceof Error ? message.message : String(message)}`);
        };
        const isLog = typeof options === 'object' && options?.log === true;
        return {
            name,
            ...(isLog ? { logLevel: LogLevel.Info, onDidChangeLogLevel: noEvent } : {}),
            append: (value: string) => record.lines.push(value),
            appendLine: (value: string) => record.lines.push(value),
            replace: (value: string) => {
                record.lines = [value];
            },
            clear: () => {
                record.lines = [];
            },
            show: () => {
                record.shown += 1;
            },
            hide: () => undefined,
            dispose: () => undefined,
            trace: () => undefined, // at the default Info level, trace lines are dropped, as in VS Code
            debug: () => undefined,
            info: log('info'),
            warn: log('warning'),
            error: log('error'),
        };
    }

    const workspace = {
        get workspaceFolders() {
            return state.workspaceFolders.length > 0 ? state.workspaceFolders : undefined;
        },
        get rootPath() {
            return state.workspaceFolders[0]?.uri.fsPath;
        },
        get textDocuments() {
            return state.textDocuments;
        },
        get name() {
            return state.workspaceFolders[0]?.name;
        },
        // Like VS Code: files under the workspace folders whose relative path matches the glob, minus `exclude`.
        async findFiles(include: string, exclude?: string, maxResults?: number) {
            state.findFilesCalls += 1;
            const found: Uri[] = [];
            const walk = (root: string, dir: string) => {
                for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
                    const full = path.join(dir, entry.name);
                    const rel = path.relative(root, full).split(path.sep).join('/');
                    if (entry.isDirectory()) {
                        walk(root, full);
                    } else if (minimatch(rel, include, { dot: true }) && !(exclude && minimatch(rel, exclude, { dot: true }))) {
                        found.push(Uri.file(full));
                    }
                }
            };
            for (const folder of state.workspaceFolders) {
                if (fs.existsSync(folder.uri.fsPath)) {
                    walk(folder.uri.fsPath, folder.uri.fsPath);
                }
            }
            return found.slice(0, maxResults ?? found.length);
        },
        notebookDocuments: [] as unknown[],
        getConfiguration(section?: string) {
            const prefix = section ? `${section}.` : '';
            return {
                // Like VS Code: a full key gives its value (set, else contributed default, else `defaultValue`); a
                // prefix of keys gives the nested object of everything under it.
                get<T>(key: string, defaultValue?: T): T | undefined {
                    const full = prefix + key;
                    if (state.settings.has(full)) {
                        return state.settings.get(full) as T;
                    }
                    if (state.settingDefaults.has(full)) {
                        return structuredClone(state.settingDefaults.get(full)) as T;
                    }
                    const nested: Record<string, unknown> = {};
                    let found = false;
                    for (const source of [state.settingDefaults, state.settings]) {
                        for (const [name, value] of source) {
                            if (!name.startsWith(`${full}.`)) {
                                continue;
                            }
                            found = true;
                            const path = name.slice(full.length + 1).split('.');
                            let node = nested;
                            for (const part of path.slice(0, -1)) {
                                node = (node[part] ??= {}) as Record<string, unknown>;
                            }
                            node[path[path.length - 1]] = structuredClone(value);
                        }
                    }
                    return found ? (nested as T) : defaultValue;
                },
                has: (key: string) => state.settings.has(prefix + key),
                inspect: () => undefined,
                update: async (key: string, value: unknown) => state.updateSettings({ [prefix + key]: value }),
            };
        },
        onDidChangeConfiguration: state.configurationChanged.event,
        onDidChangeWorkspaceFolders: noEvent,
        onDidOpenTextDocument: state.documentOpened.event,
        onDidCloseTextDocument: noEvent,
        onDidChangeTextDocument: noEvent,
        onDidSaveTextDocument: noEvent,
        onWillSaveTextDocument: noEvent,
        onDidCreateFiles: noEvent,
        onDidRenameFiles: noEvent,
        onDidDeleteFiles: noEvent,
        onWillCreateFiles: noEvent,
        onWillRenameFiles: noEvent,
        onWillDeleteFiles: noEvent,
        onDidOpenNotebookDocument: noEvent,
        onDidCloseNotebookDocument: noEvent,
        onDidChangeNotebookDocument: noEvent,
        onDidSaveNotebookDocument: noEvent,
        createFileSystemWatcher: () => ({
            onDidCreate: noEvent,
            onDidChange: noEvent,
            onDidDelete: noEvent,
            ignoreCreateEvents: false,
            ignoreChangeEvents: false,
            ignoreDeleteEvents: false,
            dispose: () => undefined,
        }),
        registerTextDocumentContentProvider: () => new Disposable(() => undefined),
        applyEdit: async () => true,
        fs: stub('workspace.fs'),
    };

    const window = {
        showErrorMessage: show('error'),
        showWarningMessage: show('warning'),
        showInformationMessage: show('information'),
        createOutputChannel,
        activeTextEditor: undefined,
        visibleTextEditors: [] as unknown[],
        onDidChangeActiveTextEditor: noEvent,
        onDidChangeVisibleTextEditors: noEvent,
        tabGroups: { all: [] as unknown[], onDidChangeTabs: noEvent, onDidChangeTabGroups: noEvent },
        withProgress: async (_options: unknown, task: (progress: unknown, token: unknown) => unknown) =>
            task({ report: () => undefined }, new CancellationTokenSource().token),
        showTextDocument: async (uri: Uri, options?: { selection?: Range }) => {
            state.shownDocuments.push({ path: uri.fsPath, line: options?.selection?.start.line });
            return undefined;
        },
        createWebviewPanel(viewType: string, title: string, showOptions: unknown, options: MockWebviewPanel['options']) {
            const panel = new MockWebviewPanel(viewType, title, showOptions, options ?? {});
            state.panels.push(panel);
            return panel;
        },
        createStatusBarItem: () => stub('statusBarItem'),
    };

    const languages = {
        createDiagnosticCollection(name?: string) {
            const uriKey = (uri: Uri) => uri.toString();
            return {
                name,
                set(uriOrEntries: Uri | [Uri, unknown[]][], diagnostics?: unknown[]) {
                    if (Array.isArray(uriOrEntries)) {
                        for (const [uri, list] of uriOrEntries) {
                            state.diagnostics.set(uriKey(uri), list);
                        }
                    } else {
                        state.diagnostics.set(uriKey(uriOrEntries), diagnostics ?? []);
                    }
                },
                delete: (uri: Uri) => state.diagnostics.delete(uriKey(uri)),
                clear: () => state.diagnostics.clear(),
                get: (uri: Uri) => state.diagnostics.get(uriKey(uri)),
                has: (uri: Uri) => state.diagnostics.has(uriKey(uri)),
                forEach: () => undefined,
                dispose: () => undefined,
            };
        },
        match: () => 0,
        getLanguages: async () => ['hcl', 'json', 'plaintext'],
    };
    // Every provider registration returns a disposable.
    const languagesProxy = new Proxy(languages as Record<string, unknown>, {
        get(target, prop: string) {
            if (prop in target) {
                return target[prop];
            }
            if (prop.startsWith('register')) {
                return () => new Disposable(() => undefined);
            }
            return stub(`languages.${prop}`);
        },
    });

    const commands = {
        registerCommand(command: string, callback: (...args: unknown[]) => unknown) {
            state.commands.set(command, callback);
            return new Disposable(() => state.commands.delete(command));
        },
        async executeCommand(command: string, ...args: unknown[]) {
            state.executedCommands.push({ command, args });
            return state.commands.get(command)?.(...args);
        },
        getCommands: async () => [...state.commands.keys()],
    };

    const api: Record<string, unknown> = {
        version: info.version,
        env: { appName: info.appName, language: info.language, machineId: 'mock', openExternal: async () => true },
        workspace,
        window,
        languages: languagesProxy,
        commands,
        Uri,
        Position,
        Range,
        Disposable,
        EventEmitter,
        CancellationError,
        CancellationTokenSource,
        LogLevel,
        ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
        ViewColumn: { Active: -1, Beside: -2, One: 1, Two: 2 },
        extensions: { getExtension: () => undefined, all: [] },
    };
    return new Proxy(api, {
        get(target, prop: string) {
            return prop in target ? target[prop] : stub(prop);
        },
    });
}

/** Makes `require('vscode')` return `mock` from now on. */
export function installVscodeMock(mock: unknown): () => void {
    const moduleWithLoad = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
    const original = moduleWithLoad._load;
    moduleWithLoad._load = function (request: string, ...rest: unknown[]) {
        if (request === 'vscode') {
            return mock;
        }
        return original.call(this, request, ...rest);
    };
    return () => {
        moduleWithLoad._load = original;
    };
}
