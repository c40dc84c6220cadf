// The script of the topology page (bundled to dist/topology.js, runs in the webview, or in Chromium in the
// test): renders the Mermaid text that consul-ls/graph returned with the bundled Mermaid, lists the edges that
// have findings (a click opens the file at the line, in VS Code), and asks the extension to refresh.
//
// `document.body.dataset.state` tells a test where it is: `loading`, then `rendered` or `error`.

interface Mermaid {
    initialize(config: Record<string, unknown>): void;
    render(id: string, text: string): Promise<{ svg: string }>;
}

interface Edge {
    kind: 'upstream' | 'export';
    from: string;
    to?: string | null;
    target?: string;
    to_peer?: string;
    file: string;
    line: number;
    findings: string[];
}

interface Data {
    mermaid: string;
    graph: { edges: Edge[] };
}

interface VsCodeApi {
    postMessage(message: unknown): void;
}

declare const mermaid: Mermaid;
declare function acquireVsCodeApi(): VsCodeApi;

const vscode: VsCodeApi | undefined = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;

function byId(id: string): HTMLElement {
    const element = document.getElementById(id);
    if (!element) {
        throw new Error(`#${id} is missing from the page`);
    }
    return element;
}

/** The service name of an id `cluster/partition/namespace/name`, with its cluster. */
function shortId(id: string): string {
    const parts = id.split('/');
    return parts.length >= 4 ? `${parts[parts.length - 1]} (${parts[0]})` : id;
}

function describe(edge: Edge): string {
    if (edge.kind === 'export') {
        return `${shortId(edge.from)} exported to peer ${edge.to_peer ?? ''}`;
    }
    const to = edge.to ? shortId(edge.to) : `${edge.target ?? '?'} (not registered)`;
    return `${shortId(edge.from)} → ${to}`;
}

function listFindings(edges: Edge[]): void {
    const list = byId('findings');
    list.replaceChildren();
    for (const edge of edges.filter((e) => e.findings.length > 0)) {
        const item = document.createElement('li');
        const codes = document.createElement('span');
        codes.className = 'code';
        codes.textContent = edge.findings.join(', ');
        const link = document.createElement('a');
        link.textContent = `${edge.file}:${edge.line}`;
        link.title = 'Open in the editor';
        link.addEventListener('click', () => vscode?.postMessage({ type: 'open', file: edge.file, line: edge.line }));
        item.append(codes, ` ${describe(edge)} — `, link);
        list.append(item);
    }
}

async function main(): Promise<void> {
    const data = JSON.parse(byId('consul-topology-data').textContent ?? '{}') as Data;
    byId('refresh').addEventListener('click', () => vscode?.postMessage({ type: 'refresh' }));
    listFindings(data.graph?.edges ?? []);
    const classes = document.body.classList;
    const dark = classes.contains('vscode-dark') || classes.contains('vscode-high-contrast');
    try {
        mermaid.initialize({
            startOnLoad: false,
            securityLevel: 'strict',
            theme: dark ? 'dark' : 'default',
            // Labels as SVG text, not HTML in <foreignObject>: the same picture wherever the SVG is shown.
            htmlLabels: true,
            flowchart: { htmlLabels: true },
        });
        const { svg } = await mermaid.render('consul-topology-svg', data.mermaid);
        byId('graph').innerHTML = svg;
        document.body.dataset.state = 'rendered';
    } catch (error) {
        byId('error').textContent = `The topology could not be drawn: ${String(error)}\n\n${data.mermaid}`;
        document.body.dataset.state = 'error';
    }
}

void main();
