// The HTML of the "Consul: Show Topology" webview. No VS Code import here: the headless-Chromium test renders the
// very same page, served from a local HTTP server instead of the webview's resource scheme.
//
// Nothing is fetched from the network: Mermaid (the npm package, copied into dist/ by scripts/bundle.mjs) and the
// page script come from the extension, and the Content-Security-Policy allows scripts only with this page's nonce
// and every other resource only from the webview's own source. Styles may be inline: Mermaid writes a <style>
// element into each SVG it draws.

/** What `consul-ls/graph` answers (src/lsp/graph.rs). */
export interface GraphResponse {
    version: number;
    mermaid: string;
    dot?: string;
    graph: TopologyGraph;
}

export interface TopologyGraph {
    version: number;
    clusters: { name: string; partitions: string[] }[];
    services: { id: string; cluster: string; name: string; kind: string; file: string; line: number }[];
    edges: TopologyEdge[];
    gateways: { cluster: string; partition: string; name: string; declared_in: string }[];
}

export type TopologyEdge =
    | { kind: 'upstream'; from: string; to: string | null; target?: string; peer: string | null; file: string; line: number; findings: string[] }
    | { kind: 'export'; from: string; to_peer: string; file: string; line: number; findings: string[] };

export interface PageOptions {
    /** The webview's `cspSource` (where dist/ is served from). */
    cspSource: string;
    /** A fresh random nonce for this page's scripts. */
    nonce: string;
    /** URIs of dist/mermaid.min.js and dist/topology.js as the page can load them. */
    mermaidUri: string;
    scriptUri: string;
    data: GraphResponse;
    /** Shown above the picture (the workspace's name). */
    title: string;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
    return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON for inside a <script type="application/json"> element: nothing in it can close the element. */
export function scriptJson(value: unknown): string {
    return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
    return [
        "default-src 'none'",
        `img-src ${cspSource} data:`,
        `font-src ${cspSource}`,
        `style-src ${cspSource} 'unsafe-inline'`,
        `script-src 'nonce-${nonce}'`,
    ].join('; ');
}

/** A nonce: 32 characters from [A-Za-z0-9]. */
export function makeNonce(random: (n: number) => Uint8Array): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    return Array.from(random(32), (b) => alphabet[b % alphabet.length]).join('');
}

export function topologyPage(options: PageOptions): string {
    const { cspSource, nonce, mermaidUri, scriptUri, data, title } = options;
    const graph = data.graph;
    const broken = graph.edges.filter((e) => e.findings.length > 0).length;
    const summary = `${graph.clusters.length} cluster${graph.clusters.length === 1 ? '' : 's'} · ${graph.services.length} service${graph.services.length === 1 ? '' : 's'} · ${graph.edges.length} edge${graph.edges.length === 1 ? '' : 's'}, ${broken} with findings`;
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Consul topology</title>
<style>
  body { font-family: var(--vscode-font-family, sans-serif); color: var(--vscode-foreground, #222); background: var(--vscode-editor-background, #fff); margin: 0; padding: 12px 16px; }
  header { display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; }
  h1 { font-size: 1.1em; margin: 0; }
  .summary { opacity: 0.8; }
  button { font: inherit; color: var(--vscode-button-foreground, #fff); background: var(--vscode-button-background, #0e639c); border: none; padding: 2px 10px; cursor: pointer; }
  #graph { margin-top: 12px; overflow: auto; }
  #graph svg { max-width: none; height: auto; }
  #error { color: #d32f2f; white-space: pre-wrap; }
  #findings { margin-top: 12px; padding-left: 1.2em; }
  #findings li { margin: 2px 0; }
  #findings a { color: var(--vscode-textLink-foreground, #0066bf); cursor: pointer; }
  .code { color: #d32f2f; font-family: var(--vscode-editor-font-family, monospace); }
</style>
</head>
<body data-state="loading">
<header>
  <h1>${escapeHtml(title)}</h1>
  <span class="summary" id="summary">${escapeHtml(summary)}</span>
  <button id="refresh" type="button">Refresh</button>
</header>
<div id="graph" role="img" aria-label="Topology graph"></div>
<div id="error"></div>
<ul id="findings"></ul>
<script type="application/json" id="consul-topology-data">${scriptJson(data)}</script>
<script nonce="${escapeHtml(nonce)}" src="${escapeHtml(mermaidUri)}"></script>
<script nonce="${escapeHtml(nonce)}" src="${escapeHtml(scriptUri)}"></script>
</body>
</html>
`;
}
