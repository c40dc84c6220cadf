// Bundles the extension and vscode-languageclient into one file, so the .vsix ships without node_modules
// (`vsce package --no-dependencies`).
import * as esbuild from 'esbuild';

const production = !process.argv.includes('--dev');

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
