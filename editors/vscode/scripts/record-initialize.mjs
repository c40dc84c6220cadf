// Records the `initialize` request this extension sends, by running the bundled extension (with the
// vscode-languageclient it ships) against a stand-in `vscode` module and a fake server, and writes it to
// test/protocol/vscode-initialize.json for the protocol test to replay against the real binary.
// Run with `npm run record-initialize`; test/unit/initialize-recording.test.ts fails when the recording is stale.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { recordInitialize } = require(path.join(root, 'out/test/harness/recording.js'));

const recording = await recordInitialize();
const target = path.join(root, 'test/protocol/vscode-initialize.json');
fs.writeFileSync(target, JSON.stringify(recording, null, 2) + '\n');
console.log(`wrote ${path.relative(process.cwd(), target)}`);
