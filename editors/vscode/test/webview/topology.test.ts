// "Consul: Show Topology" end to end, minus VS Code: the real server answers consul-ls/graph for the bundled
// example, the webview's page (src/topology/page.ts with dist/topology.js and the bundled Mermaid) renders it in
// headless Chromium (Debian's `chromium`, driven by playwright-core), and the SVG has the services, the clusters
// and the red edges. No request leaves 127.0.0.1; the Content-Security-Policy holds. A screenshot is kept in
// test/artifacts/ (not committed).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { Browser } from 'playwright-core';

import { GRAPH_REQUEST } from '../../src/config';
import type { GraphResponse } from '../../src/topology/page';
import { Session, copyFixture, fileUri, serverBinary } from '../protocol/session';
import { EXTENSION_ROOT, RED_RGB, drawn, launch, render } from './render';

const ARTIFACTS = path.join(EXTENSION_ROOT, 'test', 'artifacts');

let scratch: string;
let workspace: string;
let session: Session;
let browser: Browser;
let data: GraphResponse;

before(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'consul-ls-webview-'));
    workspace = copyFixture('peering-example', scratch);
    session = new Session(serverBinary(), ['serve', '--stdio'], [workspace]);
    await session.initialize({
        processId: process.pid,
        rootUri: fileUri(workspace),
        workspaceFolders: [{ uri: fileUri(workspace), name: path.basename(workspace) }],
        capabilities: {},
    });
    data = await session.connection.sendRequest<GraphResponse>(GRAPH_REQUEST, {});
    browser = await launch();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
});

after(async () => {
    await browser?.close();
    await session?.shutdown().catch(() => session.dispose());
    fs.rmSync(scratch, { recursive: true, force: true });
});

describe('consul-ls/graph', () => {
    it('answers the same drawing and graph as `consul-ls graph` in the workspace folder', () => {
        const cli = (format: string) => execFileSync(serverBinary(), ['graph', '--format', format], { cwd: workspace, encoding: 'utf8' });
        assert.equal(data.version, 1);
        assert.equal(data.mermaid, cli('mermaid'));
        assert.equal(data.dot, cli('dot'));
        assert.deepEqual(data.graph, JSON.parse(cli('json')));
        assert.equal(data.graph.edges.filter((e) => e.findings.length > 0).length, 2);
    });
});

describe('the topology page in headless Chromium', () => {
    it('draws the services, clusters and mesh, broken edges red, offline and within its CSP', async () => {
        const page = await render(browser, { data, title: 'Consul topology: peering-example' });
        try {
            const graph = await drawn(page.page);
            assert.equal(graph.state, 'rendered', graph.error);
            // Services and the targets that are not registered.
            for (const name of ['frontend', 'backend', 'inventory']) {
                assert.ok(graph.nodes.includes(name), `node ${name} in ${JSON.stringify(graph.nodes)}`);
            }
            assert.ok(graph.nodes.includes('payments not registered'), JSON.stringify(graph.nodes));
            assert.ok(graph.nodes.includes('backend not registered'), JSON.stringify(graph.nodes));
            assert.deepEqual(graph.clusters.sort(), ['cluster-01', 'cluster-02']);
            // Five edges (three upstreams, two exports); the two with findings red, the others not.
            assert.equal(graph.edges.length, data.graph.edges.length);
            const red = graph.edges.filter((e) => e.stroke === RED_RGB);
            assert.equal(red.length, 2, JSON.stringify(graph.edges));
            const redLabels = graph.labels.filter((l) => l.color === RED_RGB).map((l) => l.text).sort();
            assert.deepEqual(redLabels, ['service-not-exported', 'upstream-missing-peer'], JSON.stringify(graph.labels));
            assert.deepEqual(graph.labels.filter((l) => l.text === 'export').length, 2);
            // The list under the picture names each broken edge with its place.
            assert.deepEqual(graph.findings, [
                'upstream-missing-peer frontend (cluster-01) → backend (not registered) — cluster-01/frontend.hcl:12',
                'service-not-exported frontend (cluster-01) → payments (not registered) — cluster-01/frontend.hcl:17',
            ]);
            // Offline and clean.
            for (const url of page.requests) {
                assert.ok(url.startsWith(`${page.origin}/`), `request outside the extension: ${url}`);
            }
            assert.deepEqual(await page.violations(), []);
            assert.deepEqual(page.errors, []);
            await page.page.screenshot({ path: path.join(ARTIFACTS, 'topology-peering-example.png'), fullPage: true });
        } finally {
            await page.close();
        }
    });

    it('in a dark theme too', async () => {
        const page = await render(browser, { data, bodyClass: 'vscode-dark' });
        try {
            const graph = await drawn(page.page);
            assert.equal(graph.state, 'rendered', graph.error);
            assert.equal(graph.edges.filter((e) => e.stroke === RED_RGB).length, 2);
            await page.page.screenshot({ path: path.join(ARTIFACTS, 'topology-peering-example-dark.png'), fullPage: true });
        } finally {
            await page.close();
        }
    });

    it('the CSP blocks scripts without the nonce and resources from elsewhere', async () => {
        const page = await render(browser, {
            data,
            inject:
                '<script>window.__inline = 1;</script><img src="https://example.invalid/x.png"><script src="data:text/javascript,window.__data=1"></script>',
        });
        try {
            const ran = await page.page.evaluate(() => [(globalThis as any).__inline, (globalThis as any).__data]);
            assert.deepEqual(ran, [undefined, undefined]);
            const violations = await page.violations();
            assert.ok(violations.some((v) => v.startsWith('script-src')), JSON.stringify(violations));
            assert.ok(violations.some((v) => v.startsWith('img-src') && v.includes('example.invalid')), JSON.stringify(violations));
            assert.equal((await drawn(page.page)).state, 'rendered');
        } finally {
            await page.close();
        }
    });

    it('shows Mermaid\'s error, and the text, when the drawing cannot be parsed', async () => {
        const page = await render(browser, { data: { ...data, mermaid: 'flowchart LR\n  a -->|"x| b\n' } });
        try {
            const graph = await drawn(page.page);
            assert.equal(graph.state, 'error');
            assert.match(graph.error, /could not be drawn: .*Parse error/s);
        } finally {
            await page.close();
        }
    });
});
