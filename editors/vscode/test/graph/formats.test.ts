// `consul-ls graph` on every fixture of the repository: the Mermaid read by Mermaid's own parser (the npm package
// the extension bundles, in Node with a jsdom window for its HTML sanitiser; offline), the DOT by Graphviz's `dot`
// (when installed; editors/test.sh installs it as root). The binary comes from CONSUL_LS_BIN (default
// target/release/consul-ls).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';

import { REPO_ROOT, serverBinary } from '../protocol/session';

interface MermaidApi {
    parse(text: string): Promise<{ diagramType: string }>;
}

let mermaid: MermaidApi;

before(async () => {
    // Mermaid sanitises labels with DOMPurify, which needs a window when the module loads.
    const { JSDOM } = require('jsdom') as { JSDOM: new (html: string) => { window: { document: unknown } } };
    const dom = new JSDOM('<!DOCTYPE html><html><body></body></html>');
    Object.assign(globalThis, { window: dom.window, document: dom.window.document });
    // A real dynamic import: Mermaid is an ES module only (tsc would turn a plain import() into require()).
    const load = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<{ default: MermaidApi }>;
    mermaid = (await load('mermaid')).default;
});

function fixtures(): string[] {
    const root = path.join(REPO_ROOT, 'fixtures');
    return fs
        .readdirSync(root)
        .filter((name) => name !== 'fmt' && fs.statSync(path.join(root, name)).isDirectory())
        .sort();
}

function graph(dir: string, format: string): string {
    return execFileSync(serverBinary(), ['graph', '--format', format], { cwd: dir, encoding: 'utf8' });
}

describe('Mermaid parses consul-ls graph', () => {
    it('rejects broken text (the parser is really there)', async () => {
        await assert.rejects(mermaid.parse('flowchart LR\n  a -->|"x| b\n'));
        await assert.rejects(mermaid.parse('flowchart LR\n  subgraph c0["a"b"]\n  end\n'));
    });

    for (const name of fixtures()) {
        it(`fixtures/${name}`, async () => {
            const text = graph(path.join(REPO_ROOT, 'fixtures', name), 'mermaid');
            const result = await mermaid.parse(text);
            assert.equal(result.diagramType, 'flowchart-v2');
        });
    }

    it('names with quotes, brackets, pipes and markup', async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'consul-ls-graph-escape-'));
        try {
            fs.writeFileSync(
                path.join(dir, 'web.hcl'),
                'service {\n  name = "we\\"b<b>x</b>|[1]#2"\n  connect { sidecar_service { proxy { upstreams = [\n' +
                    '    { destination_name = "a]}b{{c", destination_peer = "p\\"q" }\n  ] } } }\n}\n',
            );
            const text = graph(dir, 'mermaid');
            assert.match(text, /we#34;b#60;b#62;x/);
            await mermaid.parse(text);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe('Graphviz reads consul-ls graph --format dot', () => {
    const dot = spawnSync('dot', ['-V']);
    const missing = dot.error ? 'Graphviz (`dot`) is not installed: apt-get install graphviz' : undefined;

    for (const name of fixtures()) {
        it(`fixtures/${name}`, { skip: missing }, () => {
            const text = graph(path.join(REPO_ROOT, 'fixtures', name), 'dot');
            const out = spawnSync('dot', ['-Tsvg'], { input: text, encoding: 'utf8' });
            assert.equal(out.status, 0, out.stderr);
            assert.equal(out.stderr, '', 'no warnings');
            assert.match(out.stdout, /<svg/);
            if (text.includes('color="#d32f2f"')) {
                assert.match(out.stdout, /stroke="#d32f2f"/);
            }
        });
    }
});
