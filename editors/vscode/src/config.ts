// Names shared by the extension, its package.json contributions and the tests. No VS Code import here.

/** Client id: VS Code reads `<id>.trace.server` for protocol tracing, so it must be `consul-ls`. */
export const CLIENT_ID = 'consul-ls';
export const CLIENT_NAME = 'consul-ls';
export const OUTPUT_CHANNEL_NAME = 'consul-ls';

export const SETTINGS = {
    section: 'consul-ls',
    serverPath: 'consul-ls.server.path',
    serverExtraEnv: 'consul-ls.server.extraEnv',
    traceServer: 'consul-ls.trace.server',
    diagnosticsScope: 'consul-ls.diagnostics.scope',
    diagnosticsSeverity: 'consul-ls.diagnostics.severity',
} as const;

export const COMMANDS = {
    restartServer: 'consul-ls.restartServer',
    showOutput: 'consul-ls.showOutput',
    showTopology: 'consul-ls.showTopology',
} as const;

/** The server's custom request for the topology (src/lsp/graph.rs); params `{}`. */
export const GRAPH_REQUEST = 'consul-ls/graph';

/** `consul-ls serve`; vscode-languageclient appends `--stdio` for the stdio transport, which the server accepts. */
export const SERVER_ARGS = ['serve'];

/**
 * HCL, JSON and YAML documents on disk: by language id (`hcl` comes from an HCL extension if one is installed) and
 * by file pattern (without an HCL extension VS Code opens `.hcl` files as plain text). YAML is for consul-k8s
 * (custom resources, annotated workloads, Helm values); the server runs beside yaml-language-server, which keeps
 * serving the same documents. The server itself stays silent on files that are not Consul's (package.json,
 * Terraform, other Kubernetes objects, ...).
 */
export const DOCUMENT_SELECTOR = [
    { scheme: 'file', language: 'hcl' },
    { scheme: 'file', language: 'json' },
    { scheme: 'file', language: 'yaml' },
    { scheme: 'file', pattern: '**/*.hcl' },
    { scheme: 'file', pattern: '**/*.json' },
    { scheme: 'file', pattern: '**/*.yaml' },
    { scheme: 'file', pattern: '**/*.yml' },
];

/** The environment for the server process: the extension host's, plus `consul-ls.server.extraEnv`. */
export function serverEnvironment(
    base: NodeJS.ProcessEnv,
    extraEnv: unknown,
): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...base };
    if (extraEnv !== null && typeof extraEnv === 'object') {
        for (const [key, value] of Object.entries(extraEnv as Record<string, unknown>)) {
            if (typeof value === 'string') {
                env[key] = value;
            } else if (value === null) {
                delete env[key];
            }
        }
    }
    return env;
}
