// The VS Code side of consul-ls: find the binary, start `consul-ls serve` through vscode-languageclient, and offer
// the restart / output commands. Everything that can be decided without VS Code lives in server.ts and config.ts.
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
import { convertShowReferences } from './lenses';
import { checkServerVersion, missingServerMessage, resolveServer } from './server';
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

function serialised(step: () => Promise<void>): Promise<void> {
    lifecycle = lifecycle.then(step, step);
    return lifecycle;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    output = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
    context.subscriptions.push(
        output,
        vscode.commands.registerCommand(COMMANDS.restartServer, () => serialised(() => restart(context))),
        vscode.commands.registerCommand(COMMANDS.showOutput, () => output.show(true)),
        vscode.workspace.onDidChangeConfiguration((event) => {
            if (event.affectsConfiguration(`${SETTINGS.section}.server`)) {
                void serialised(() => restart(context));
            }
        }),
    );
    await serialised(() => start(context));
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
