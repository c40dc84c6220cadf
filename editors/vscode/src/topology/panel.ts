// "Consul: Show Topology": asks the server for the topology (`consul-ls/graph`) and shows the Mermaid picture in a
// webview. The page itself is built in page.ts; this file is the VS Code side (panel, messages, opening files).
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

import { GRAPH_REQUEST } from '../config';
import { type GraphResponse, makeNonce, topologyPage } from './page';

export const VIEW_TYPE = 'consul-ls.topology';
export const PANEL_TITLE = 'Consul Topology';

type Message = { type: 'open'; file: string; line: number } | { type: 'refresh' };

export class TopologyView implements vscode.Disposable {
    private panel: vscode.WebviewPanel | undefined;

    constructor(
        private readonly extensionPath: string,
        private readonly output: vscode.LogOutputChannel,
    ) {}

    /** Asks `client` for the topology and shows it, in a new panel beside the editor or the one already open. */
    async show(client: LanguageClient): Promise<void> {
        const data = await client.sendRequest<GraphResponse>(GRAPH_REQUEST, {});
        const dist = vscode.Uri.joinPath(vscode.Uri.file(this.extensionPath), 'dist');
        if (this.panel) {
            this.panel.reveal(undefined, true);
        } else {
            const panel = vscode.window.createWebviewPanel(
                VIEW_TYPE,
                PANEL_TITLE,
                { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
                { enableScripts: true, localResourceRoots: [dist] },
            );
            this.panel = panel;
            panel.onDidDispose(() => {
                if (this.panel === panel) {
                    this.panel = undefined;
                }
            });
            panel.webview.onDidReceiveMessage((message: Message) => {
                void this.handle(message, client);
            });
        }
        const webview = this.panel.webview;
        webview.html = topologyPage({
            cspSource: webview.cspSource,
            nonce: makeNonce((n) => randomBytes(n)),
            mermaidUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'mermaid.min.js')).toString(),
            scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'topology.js')).toString(),
            data,
            title: vscode.workspace.name ? `Consul topology: ${vscode.workspace.name}` : 'Consul topology',
        });
    }

    private async handle(message: Message, client: LanguageClient): Promise<void> {
        try {
            if (message.type === 'refresh') {
                await this.show(client);
            } else if (message.type === 'open' && typeof message.file === 'string') {
                // Paths are relative to the first workspace folder that holds the file, else absolute.
                const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
                const file = path.isAbsolute(message.file) || !folder ? message.file : path.join(folder, message.file);
                const line = Math.max(0, (Number(message.line) || 1) - 1);
                await vscode.window.showTextDocument(vscode.Uri.file(file), {
                    viewColumn: vscode.ViewColumn.One,
                    selection: new vscode.Range(line, 0, line, 0),
                });
            }
        } catch (error) {
            this.output.error(`topology: ${String(error)}`);
        }
    }

    dispose(): void {
        this.panel?.dispose();
        this.panel = undefined;
    }
}
