// Bundles the extension and vscode-languageclient into one file, so the .vsix ships without node_modules
// (`vsce package --no-dependencies`); bundles the topology page's script for the browser, and copies Mermaid's
// browser build beside it (the webview loads it from the extension, never from the network).
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

import * as esbuild from 'esbuild';

const production = !process.argv.includes('--dev');
const require = createRequire(import.meta.url);

await esbuild.build({
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node18',
    external: ['vscode'],
    minify: production,
    sourcemap: !production,
    logLevel: 'warning',
});
console.log('bundled dist/extension.js');

await esbuild.build({
    entryPoints: ['src/webview/topology.ts'],
    outfile: 'dist/topology.js',
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: production,
    sourcemap: false,
    logLevel: 'warning',
});
console.log('bundled dist/topology.js');

// The IIFE build that defines the global `mermaid` (package.json's "exports" hides dist/, so resolve the package
// folder through its package.json).
const mermaidDir = path.dirname(require.resolve('mermaid/package.json'));
fs.copyFileSync(path.join(mermaidDir, 'dist', 'mermaid.min.js'), 'dist/mermaid.min.js');
fs.copyFileSync(path.join(mermaidDir, 'LICENSE'), 'dist/mermaid.LICENSE');
fs.copyFileSync(path.join(mermaidDir, 'THIRD_PARTY_NOTICES'), 'dist/mermaid.THIRD_PARTY_NOTICES');
console.log('copied dist/mermaid.min.js');
