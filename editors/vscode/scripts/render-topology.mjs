// Renders `consul-ls graph` of a folder with the extension's topology page in headless Chromium and writes the
// picture as an SVG file: how docs/topology-example.svg (the README's picture of the bundled example) is made.
//
//   npm run compile && npm run bundle
//   CONSUL_LS_BIN=../../target/release/consul-ls node scripts/render-topology.mjs ../../fixtures/peering-example ../../docs/topology-example.svg
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { launch, render, svgOf, drawn } = require(path.join(root, 'out/test/webview/render.js'));

const [folder, target] = process.argv.slice(2);
if (!folder || !target) {
    console.error('usage: node scripts/render-topology.mjs FOLDER OUT.svg');
    process.exit(2);
}
const bin = process.env.CONSUL_LS_BIN ?? path.join(root, '..', '..', 'target', 'release', 'consul-ls');
const graph = (format) => execFileSync(bin, ['graph', '--format', format], { cwd: folder, encoding: 'utf8' });
const data = { version: 1, mermaid: graph('mermaid'), dot: graph('dot'), graph: JSON.parse(graph('json')) };

const browser = await launch();
try {
    const page = await render(browser, { data, width: 900 });
    const state = await drawn(page.page);
    if (state.state !== 'rendered') {
        throw new Error(`not rendered: ${state.error}`);
    }
    fs.writeFileSync(target, await svgOf(page.page));
    await page.close();
    console.log(`wrote ${target}`);
} finally {
    await browser.close();
}
