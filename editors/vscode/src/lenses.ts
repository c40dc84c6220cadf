// consul-ls's code lenses ("exported to 2 peers · imported by 3 upstreams") run VS Code's own
// `editor.action.showReferences`, whose arguments are a Uri, a Position and Locations. vscode-languageclient passes
// a lens command's arguments on as the server sent them (JSON), so they are converted here before VS Code sees them.

export const SHOW_REFERENCES = 'editor.action.showReferences';

/** The part of vscode-languageclient's protocol-to-code converter this needs. */
export interface ReferenceConverter {
    asUri(value: string): unknown;
    asPosition(value: { line: number; character: number }): unknown;
    asLocation(value: { uri: string; range: unknown }): unknown;
}

interface LensCommand {
    command: string;
    arguments?: unknown[];
}

/** Rewrites a `editor.action.showReferences` command's JSON arguments into VS Code objects, in place. */
export function convertShowReferences(command: LensCommand | undefined, converter: ReferenceConverter): void {
    if (!command || command.command !== SHOW_REFERENCES || !command.arguments || command.arguments.length !== 3) {
        return;
    }
    const [uri, position, locations] = command.arguments;
    if (typeof uri !== 'string' || !Array.isArray(locations)) {
        return; // Already converted, or not the server's shape.
    }
    command.arguments = [
        converter.asUri(uri),
        converter.asPosition(position as { line: number; character: number }),
        locations.map((location) => converter.asLocation(location as { uri: string; range: unknown })),
    ];
}
