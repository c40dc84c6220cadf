// Code lens commands: the server's `editor.action.showReferences` arguments become what VS Code's command takes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { convertShowReferences, SHOW_REFERENCES, type ReferenceConverter } from '../../src/lenses';

const converter: ReferenceConverter = {
    asUri: (value) => ({ uri: value }),
    asPosition: (value) => ({ position: value }),
    asLocation: (value) => ({ location: value.uri }),
};

describe('convertShowReferences', () => {
    it('turns uri, position and locations into VS Code objects', () => {
        const location = { uri: 'file:///w/b.hcl', range: { start: { line: 1, character: 2 }, end: { line: 1, character: 9 } } };
        const command = {
            command: SHOW_REFERENCES,
            arguments: ['file:///w/a.hcl', { line: 3, character: 4 }, [location]],
        };
        convertShowReferences(command, converter);
        assert.deepEqual(command.arguments, [
            { uri: 'file:///w/a.hcl' },
            { position: { line: 3, character: 4 } },
            [{ location: 'file:///w/b.hcl' }],
        ]);
        // Converting twice changes nothing.
        convertShowReferences(command, converter);
        assert.deepEqual(command.arguments[0], { uri: 'file:///w/a.hcl' });
    });

    it('leaves other commands and lenses without a command alone', () => {
        const other = { command: 'something.else', arguments: ['file:///w/a.hcl', { line: 0, character: 0 }, []] };
        convertShowReferences(other, converter);
        assert.equal(other.arguments[0], 'file:///w/a.hcl');
        convertShowReferences(undefined, converter);
        const label = { command: '', arguments: undefined };
        convertShowReferences(label, converter);
        assert.equal(label.arguments, undefined);
    });
});
