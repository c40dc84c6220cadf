// vscode-languageclient (since 9) writes the protocol trace at `trace` level to a log output channel and traces only
// while that channel's log level is Trace; `<id>.trace.server` then only picks `messages` or `verbose`. So that the
// `consul-ls.trace.server` setting works on its own, as users expect, the client gets this channel: its log level is
// Trace whenever the setting is not "off", and trace lines go to the consul-ls output at info level.
import * as vscode from 'vscode';

import { SETTINGS } from './config';

export function traceEnabled(): boolean {
    const value = vscode.workspace.getConfiguration(SETTINGS.section).get<string>('trace.server', 'off');
    return value === 'messages' || value === 'verbose';
}

export class SettingTraceChannel implements vscode.LogOutputChannel {
    private readonly levelChanged = new vscode.EventEmitter<vscode.LogLevel>();
    private readonly configListener: vscode.Disposable;
    private level: vscode.LogLevel;

    readonly onDidChangeLogLevel = this.levelChanged.event;

    constructor(private readonly target: vscode.LogOutputChannel) {
        this.level = this.currentLevel();
        this.configListener = vscode.workspace.onDidChangeConfiguration((event) => {
            if (event.affectsConfiguration(SETTINGS.traceServer)) {
                const level = this.currentLevel();
                if (level !== this.level) {
                    this.level = level;
                    this.levelChanged.fire(level);
                }
            }
        });
    }

    private currentLevel(): vscode.LogLevel {
        return traceEnabled() ? vscode.LogLevel.Trace : vscode.LogLevel.Off;
    }

    get name(): string {
        return this.target.name;
    }
    get logLevel(): vscode.LogLevel {
        return this.level;
    }
    trace(message: string, ...args: unknown[]): void {
        if (this.level === vscode.LogLevel.Trace) {
            this.target.info(message, ...args);
        }
    }
    debug(message: string, ...args: unknown[]): void {
        this.target.debug(message, ...args);
    }
    info(message: string, ...args: unknown[]): void {
        this.target.info(message, ...args);
    }
    warn(message: string, ...args: unknown[]): void {
        this.target.warn(message, ...args);
    }
    error(error: string | Error, ...args: unknown[]): void {
        this.target.error(error, ...args);
    }
    append(value: string): void {
        this.target.append(value);
    }
    appendLine(value: string): void {
        this.target.appendLine(value);
    }
    replace(value: string): void {
        this.target.replace(value);
    }
    clear(): void {
        this.target.clear();
    }
    show(columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
        if (typeof columnOrPreserveFocus === 'boolean' || columnOrPreserveFocus === undefined) {
            this.target.show(columnOrPreserveFocus);
        } else {
            this.target.show(columnOrPreserveFocus, preserveFocus);
        }
    }
    hide(): void {
        this.target.hide();
    }
    dispose(): void {
        // The target belongs to the extension; only this channel's own listeners go.
        this.configListener.dispose();
        this.levelChanged.dispose();
    }
}
