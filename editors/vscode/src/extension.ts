// The VS Code side of consul-ls: find the binary, start `consul-ls serve` through vscode-languageclient, and offer
// the restart / output commands. Everything that can be decided without VS Code lives in server.ts and config.ts.
import * as vscode from 'vscode';
import {
    LanguageClient,
    type LanguageClientOptions,
    type ServerOptions,
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
    WATCHED_FILES_GLOB,
    serverEnvironment,
} from './config';
import { missingServerMessage, resolveServer } from './server';
import { SettingTraceChannel } from './trace';

let client: LanguageClient | undefined;
// The file watcher and trace channel of the running client; they go when it stops, so restarts do not pile them up.
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
        const message = missingServerMessage(resolution);
        output.error(message);
        output.error(`looked at: ${resolution.tried.join(', ') || '(nothing)'}`);
        void vscode.window.showErrorMessage(message, 'Open Settings', 'Show Output').then((choice) => {
            if (choice === 'Open Settings') {
                void vscode.commands.executeCommand('workbench.action.openSettings', SETTINGS.serverPath);
            } else if (choice === 'Show Output') {
                output.show(true);
            }
        });
        return;
    }
    output.info(`starting ${resolution.path} ${SERVER_ARGS.join(' ')} (found via ${resolution.source})`);

    const serverOptions: ServerOptions = {
        command: resolution.path,
        args: SERVER_ARGS,
        transport: TransportKind.stdio,
        options: { env: serverEnvironment(process.env, config.get('server.extraEnv')) },
    };
    const watcher = vscode.workspace.createFileSystemWatcher(WATCHED_FILES_GLOB);
    const traceChannel = new SettingTraceChannel(output);
    const clientOptions: LanguageClientOptions = {
        documentSelector: DOCUMENT_SELECTOR,
        synchronize: { fileEvents: watcher },
        outputChannel: output,
        traceOutputChannel: traceChannel,
    };
    const next = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
    const resources = vscode.Disposable.from(watcher, traceChannel);
    try {
        await next.start();
        client = next;
        clientResources = resources;
    } catch (error) {
        const message = `consul-ls: the language server at ${resolution.path} failed to start: ${String(error)}`;
        output.error(message);
        void vscode.window.showErrorMessage(message, 'Show Output').then((choice) => {
            if (choice === 'Show Output') {
                output.show(true);
            }
        });
        await next.dispose().catch(() => undefined);
        resources.dispose();
    }
}
