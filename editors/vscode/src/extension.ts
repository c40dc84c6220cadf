// The VS Code side of consul-ls: find the binary, start `consul-ls serve` through vscode-languageclient — only in
// a workspace that holds Consul files (a consul-ls.hcl manifest, or once an opened file looks like Consul
// configuration; see detect.ts) — and offer the restart / output / topology commands. Everything that can be
// decided without VS Code lives in server.ts, config.ts, detect.ts and topology/page.ts.
import * as vscode from 'vscode';
import {
    CloseAction,
    type ErrorHandler,
    ErrorAction,
    LanguageClient,
    type LanguageClientOptions,
    type ServerOptions,
    State,
    TransportKind,
} from 'vscode-languageclient/node';

import {
    CLIENT_ID,
    CLIENT_NAME,
    COMMANDS,
    DOCUMENT_SELECTOR,
    OUTPUT_CHANNEL_NAME,
    SERVER_ARGS,
    SETTINGS,
    serverEnvironment,
} from './config';
import { MANIFEST_FILE, looksLikeConsul } from './detect';
import { convertShowReferences } from './lenses';
import { checkServerVersion, missingServerMessage, resolveServer } from './server';
import { TopologyView } from './topology/panel';
import { SettingTraceChannel } from './trace';

/**
 * Two races in vscode-languageclient when a server dies during initialize would surface as unhandled rejections in
 * the extension host; the outcome is reported through start()'s result and isRunning() instead.
 */
class ConsulLanguageClient extends LanguageClient {
    override start(): Promise<void> {
        const started = super.start();
        // handleConnectionClosed may clear the client's start promise before start() returns it, and nobody then
        // handles that promise's rejection.
        (this as unknown as { _onStart?: Promise<void> })._onStart?.catch(() => undefined);
        return started;
    }

    // A client whose initialize failed is stopped without anyone awaiting it, and that stop() rejects (the client is
    // still "starting", or the dead connection drops the shutdown request). Stopping a client that never ran cannot
    // fail here.
    override async stop(timeout?: number): Promise<void> {
        const wasRunning = this.state === State.Running;
        try {
            await super.stop(timeout);
        } catch (error) {
            if (wasRunning) {
                throw error;
            }
        }
    }
}

let client: LanguageClient | undefined;
// What belongs to the running client (its trace channel); it goes when the client stops, so restarts do not pile up.
let clientResources: vscode.Disposable | undefined;
let output: vscode.LogOutputChannel;
// Start/stop/restart run one at a time, in the order asked for.
let lifecycle: Promise<void> = Promise.resolve();
// Whether the server may run: the workspace holds Consul files, or the user asked for it (a command). Once open,
// it stays open for the session.
let wanted = false;

function serialised(step: () => Promise<void>): Promise<void> {
    lifecycle = lifecycle.then(step, step);
    return lifecycle;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    output = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
    wanted = false;
    const topology = new TopologyView(context.extensionPath, output);
    context.subscriptions.push(
        output,
        topology,
        vscode.commands.registerCommand(COMMANDS.restartServer, () => {
            wanted = true;
            return serialised(() => restart(context));
        }),
        vscode.commands.registerCommand(COMMANDS.showOutput, () => output.show(true)),
        vscode.commands.registerCommand(COMMANDS.showTopology, () => showTopology(context, topology)),
        vscode.workspace.onDidChangeConfiguration((event) => {
            if (wanted && event.affectsConfiguration(`${SETTINGS.section}.server`)) {
                void serialised(() => restart(context));
            }
        }),
    );
    if (await workspaceHoldsConsulFiles()) {
        wanted = true;
        await serialised(() => start(context));
        return;
    }
    output.info('no Consul file in this workspace yet: the server starts when one is opened');
    const opened = vscode.workspace.onDidOpenTextDocument((document) => {
        if (!wanted && isConsulDocument(document)) {
            wanted = true;
            opened.dispose();
            output.info(`${document.uri.fsPath} is a Consul file: starting the server`);
            void serialised(() => start(context));
        }
    });
    context.subscriptions.push(opened);
}

/** A file on disk whose name and content look like Consul configuration (or the manifest). */
export function isConsulDocument(document: vscode.TextDocument): boolean {
    return document.uri.scheme === 'file' && looksLikeConsul(document.fileName, document.getText());
}

/** A consul-ls.hcl manifest anywhere in the workspace, or an open document that is a Consul file. */
async function workspaceHoldsConsulFiles(): Promise<boolean> {
    if (vscode.workspace.textDocuments.some(isConsulDocument)) {
        return true;
    }
    if (!vscode.workspace.workspaceFolders?.length) {
        return false;
    }
    try {
        const manifests = await vscode.workspace.findFiles(`**/${MANIFEST_FILE}`, '**/{node_modules,.git,target}/**', 1);
        return manifests.length > 0;
    } catch (error) {
        output.warn(`looking for ${MANIFEST_FILE} failed: ${String(error)}`);
        return false;
    }
}

/** "Consul: Show Topology": starts the server if it is not running yet (the user asked), then shows the picture. */
async function showTopology(context: vscode.ExtensionContext, topology: TopologyView): Promise<void> {
    if (!client) {
        wanted = true;
        await serialised(() => start(context));
    }
    const running = client;
    if (!running) {
        showError('consul-ls: the topology comes from the language server, which is not running', true);
        return;
    }
    try {
        await topology.show(running);
    } catch (error) {
        showError(`consul-ls: could not get the topology from the server: ${String(error)}`, false);
    }
}

export function deactivate(): Promise<void> {
    return serialised(stop);
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
    await stop();
    await start(context);
}

async function stop(): Promise<void> {
    const running = client;
    const resources = clientResources;
    client = undefined;
    clientResources = undefined;
    if (running) {
        try {
            await running.stop(2000);
        } catch (error) {
            output.warn(`stopping the server failed: ${String(error)}`);
        }
        await running.dispose();
    }
    resources?.dispose();
}

/** An error notification whose buttons lead to the fix: the setting, or the output with the details. */
function showError(message: string, offerSettings: boolean): void {
    output.error(message);
    const actions = offerSettings ? ['Open Settings', 'Show Output'] : ['Show Output'];
    void vscode.window.showErrorMessage(message, ...actions).then((choice) => {
        if (choice === 'Open Settings') {
            void vscode.commands.executeCommand('workbench.action.openSettings', SETTINGS.serverPath);
        } else if (choice === 'Show Output') {
            output.show(true);
        }
    });
}

async function start(context: vscode.ExtensionContext): Promise<void> {
    if (client) {
        return;
    }
    const config = vscode.workspace.getConfiguration(SETTINGS.section);
    const resolution = resolveServer({
        configuredPath: config.get<string | null>('server.path'),
        env: process.env,
        platform: process.platform,
        extensionPath: context.extensionPath,
        workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    });
    if (resolution.kind === 'missing') {
        output.error(`looked at: ${resolution.tried.join(', ') || '(nothing)'}`);
        showError(missingServerMessage(resolution), true);
        return;
    }
    const env = serverEnvironment(process.env, config.get('server.extraEnv'));
    const version = await checkServerVersion(resolution.path, env);
    if (!version.ok) {
        showError(
            `consul-ls: the language server at ${resolution.path} (found via ${resolution.source}) does not work: ${version.reason}`,
            true,
        );
        return;
    }
    output.info(`starting ${resolution.path} ${SERVER_ARGS.join(' ')} (${version.version}, found via ${resolution.source})`);

    const serverOptions: ServerOptions = {
        command: resolution.path,
        args: SERVER_ARGS,
        transport: TransportKind.stdio,
        options: { env },
    };
    const traceChannel = new SettingTraceChannel(output);
    // A server that dies while starting is reported once (by the client, plus details in the output) and not
    // restarted in a loop; once running, the client's default handling applies (restart after a crash, a few times).
    let running = false;
    let whenRunning: ErrorHandler | undefined;
    // No `synchronize.fileEvents`: the server registers the file watchers it needs (workspace/didChangeWatchedFiles),
    // and a second, static watcher would report every change twice. `configurationSection` makes the client tell
    // the server when a `consul-ls.*` setting changes; the server then asks for the section (workspace/configuration).
    const clientOptions: LanguageClientOptions = {
        documentSelector: DOCUMENT_SELECTOR,
        synchronize: { configurationSection: SETTINGS.section },
        outputChannel: output,
        traceOutputChannel: traceChannel,
        errorHandler: {
            error: (error, message, count) =>
                running && whenRunning ? whenRunning.error(error, message, count) : { action: ErrorAction.Shutdown, handled: true },
            closed: () => (running && whenRunning ? whenRunning.closed() : { action: CloseAction.DoNotRestart, handled: true }),
        },
        initializationFailedHandler: (error) => {
            output.error(`initialize failed: ${String(error)}`);
            return false;
        },
        middleware: {
            // Code lenses list their references with VS Code's `editor.action.showReferences` (see lenses.ts).
            provideCodeLenses: async (document, token, provide) => {
                const lenses = await provide(document, token);
                for (const lens of lenses ?? []) {
                    convertShowReferences(lens.command, next.protocol2CodeConverter);
                }
                return lenses;
            },
        },
    };
    const next = new ConsulLanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
    whenRunning = next.createDefaultErrorHandler(4);
    const resources = vscode.Disposable.from(traceChannel);
    try {
        await next.start();
        // With an initializationFailedHandler that declines a retry, start() resolves even though initialize failed.
        if (!next.isRunning()) {
            throw new Error('the server did not complete initialize');
        }
        running = true;
        client = next;
        clientResources = resources;
    } catch (error) {
        // The client has already shown a notification for this; the output gets the path too.
        output.error(`the language server at ${resolution.path} failed to start: ${String(error)}`);
        await next.dispose().catch(() => undefined);
        resources.dispose();
    }
}
