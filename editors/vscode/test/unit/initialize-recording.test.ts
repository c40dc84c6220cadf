// The recorded initialize request that the protocol test replays is still what this extension sends.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';

import { EXTENSION_ROOT } from '../harness/extension-host';
import { recordInitialize } from '../harness/recording';

it('test/protocol/vscode-initialize.json matches what the bundled extension sends (else: npm run record-initialize)', async () => {
    const committed = JSON.parse(fs.readFileSync(path.join(EXTENSION_ROOT, 'test/protocol/vscode-initialize.json'), 'utf8'));
    const fresh = await recordInitialize();
    assert.deepEqual(fresh.request, committed.request);
    assert.deepEqual(fresh.recordedWith, committed.recordedWith);
    // What the issue asks the replay to have: full capabilities, utf-16 only.
    assert.deepEqual(committed.request.params.capabilities.general.positionEncodings, ['utf-16']);
    assert.equal(committed.request.params.clientInfo.name, 'Visual Studio Code');
});
