// Replays the initialize request VS Code sends through this extension (test/protocol/vscode-initialize.json: full
// client capabilities, UTF-16 positions only) against the real consul-ls binary, then does what VS Code does with
// the answer: diagnostics for the whole workspace, hover, a quick fix applied as a versioned workspace edit, and
// the diagnostic gone after the edit. The binary comes from CONSUL_LS_BIN (default target/release/consul-ls).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { minimatch } from 'minimatch';
import type {
    CodeAction,
    Command,
    Diagnostic,
    Hover,
    InitializeParams,
    InitializeResult,
    MarkupContent,
    TextDocumentEdit,
    TextEdit,
    WorkspaceEdit,
} from 'vscode-languageserver-protocol';

import { REPO_ROOT, Session, applyTextEdits, copyFixture, fileUri, serverBinary, vscodeSettingsSection } from './session';

const EXTENSION_ROOT = path.join(__dirname, '..', '..', '..');
const recording = JSON.parse(fs.readFileSync(path.join(EXTENSION_ROOT, 'test', 'protocol', 'vscode-initialize.json'), 'utf8'));
const packageJson = JSON.parse(fs.readFileSync(path.join(EXTENSION_ROOT, 'package.json'), 'utf8'));

/** The recorded request with this run's process id and workspace folder, as VS Code would fill them in. */
function initializeParams(workspace: string): InitializeParams {
    const params = structuredClone(recording.request.params);
    params.processId = process.pid;
    params.rootPath = workspace;
    params.rootUri = fileUri(workspace);
    params.workspaceFolders = [{ uri: fileUri(workspace), name: path.basename(workspace) }];
    return params;
}

interface ExpectedFinding {
    file: string;
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    severity: number;
    code: string;
}

const SEVERITY: Record<string, number> = { error: 1, warning: 2, information: 3, hint: 4 };

/** fixtures/NAME/expected.snap: `file:line:col-line:col severity code message`, 1-based code-point columns. */
function expectedFindings(fixture: string): ExpectedFinding[] {
    const snap = fs.readFileSync(path.join(REPO_ROOT, 'fixtures', fixture, 'expected.snap'), 'utf8');
    const body = snap.split(/^---$/m).slice(2).join('---');
    return body
        .split('\n')
        .map((line) => /^(.+?):(\d+):(\d+)-(\d+):(\d+) (\w+) ([\w-]+) /.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({
            file: m[1],
            // The fixture files are ASCII, so code-point columns equal UTF-16 ones.
            range: {
                start: { line: Number(m[2]) - 1, character: Number(m[3]) - 1 },
                end: { line: Number(m[4]) - 1, character: Number(m[5]) - 1 },
            },
            severity: SEVERITY[m[6]],
            code: m[7],
        }));
}

function describeFinding(f: { file: string; range: ExpectedFinding['range']; severity?: number; code: unknown }): string {
    return `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}-${f.range.end.line + 1}:${f.range.end.character + 1} ${f.severity} ${String(f.code)}`;
}

function markdownOf(hover: Hover | null): string {
    assert.ok(hover, 'a hover');
    const contents = hover.contents as MarkupContent;
    // VS Code declares markdown support (contentFormat), so a MarkupContent is what it should get.
    assert.equal(typeof contents, 'object');
    assert.equal(contents.kind, 'markdown');
    return contents.value;
}

/** VS Code resolves a code action's edit lazily when the server says it can (resolveSupport: edit). */
async function withEdit(session: Session, action: CodeAction, canResolve: boolean): Promise<CodeAction> {
    if (action.edit || !canResolve) {
        return action;
    }
    return session.connection.sendRequest<CodeAction>('codeAction/resolve', action);
}

/** The edits of a workspace edit for one document, checked the way VS Code applies them (versions must match). */
function editsFor(edit: WorkspaceEdit, uri: string, version: number): TextEdit[] {
    if (edit.documentChanges) {
        const forUri = edit.documentChanges.filter((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === uri);
        for (const change of forUri) {
            if (change.textDocument.version !== null) {
                assert.equal(change.textDocument.version, version, 'the edit is for the version of the document VS Code has open');
            }
        }
        return forUri.flatMap((c) => c.edits as TextEdit[]);
    }
    return edit.changes?.[uri] ?? [];
}

let scratch: string;
before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'consul-ls-vscode-protocol-'));
});
after(() => {
    fs.rmSync(scratch, { recursive: true, force: true });
});

describe('VS Code protocol replay: fixtures/peering-example', () => {
    let workspace: string;
    let session: Session;
    let result: InitializeResult;
    let frontendUri: string;
    let frontendText: string;

    before(async () => {
        workspace = copyFixture('peering-example', scratch);
        // A JSON file whose finding sits after characters outside the Basic Multilingual Plane on its line: its
        // position differs between UTF-16 (what VS Code offers) and code points / UTF-8.
        fs.writeFileSync(
            path.join(workspace, 'cluster-01', 'emoji.json'),
            '{"Name": "web", "Meta": {"owner": "team-\u{1F680}\u{1F680}"}, "Port": 8080, "Conect": {}}\n',
        );
        session = new Session(serverBinary(), ['serve', '--stdio'], [workspace]);
        session.settings = { 'consul-ls': vscodeSettingsSection(packageJson) };
        result = await session.initialize(initializeParams(workspace));
        frontendUri = fileUri(path.join(workspace, 'cluster-01', 'frontend.hcl'));
        frontendText = fs.readFileSync(path.join(workspace, 'cluster-01', 'frontend.hcl'), 'utf8');
    });
    after(async () => {
        session?.dispose();
    });

    it('answers initialize in a way vscode-languageclient accepts', () => {
        // vscode-languageclient refuses any other position encoding (it only offered utf-16).
        assert.ok(
            result.capabilities.positionEncoding === undefined || result.capabilities.positionEncoding === 'utf-16',
            `positionEncoding ${result.capabilities.positionEncoding}`,
        );
        const sync = result.capabilities.textDocumentSync;
        const change = typeof sync === 'number' ? sync : sync?.change;
        assert.equal(change, 2, 'incremental text sync');
        if (typeof sync === 'object') {
            assert.equal(sync.openClose, true);
        }
        assert.ok(result.capabilities.hoverProvider, 'hover');
        const codeActions = result.capabilities.codeActionProvider;
        assert.ok(codeActions, 'code actions');
        if (typeof codeActions === 'object' && codeActions.codeActionKinds) {
            assert.ok(codeActions.codeActionKinds.includes('quickfix'));
        }
    });

    it('reports indexing progress through window/workDoneProgress', async () => {
        // VS Code declares window.workDoneProgress; the server creates a token, then begins and ends it.
        const token = await session.waitFor('a work-done progress token', () => session.progressTokensCreated[0]);
        await session.waitFor('progress begin and end', () => {
            const kinds = session.progress.filter((p) => p.token === token).map((p) => p.value.kind);
            return kinds[0] === 'begin' && kinds.at(-1) === 'end';
        });
    });

    it('publishes every finding of the workspace without opening a file, at the expected ranges', async () => {
        const expected = expectedFindings('peering-example');
        const files = [...new Set(expected.map((f) => f.file))];
        const actual = () =>
            files
                .flatMap((file) =>
                    session.diagnosticsOf(fileUri(path.join(workspace, file))).map((d) => describeFinding({ file, range: d.range, severity: d.severity, code: d.code })),
                )
                .sort();
        const want = expected.map(describeFinding).sort();
        // Publications may come in steps; wait for the complete set, then show the difference if it never comes.
        await session
            .waitFor('every finding of expected.snap', () => JSON.stringify(actual()) === JSON.stringify(want))
            .catch(() => undefined);
        assert.deepEqual(actual(), want);
        for (const file of files) {
            for (const d of session.diagnosticsOf(fileUri(path.join(workspace, file)))) {
                assert.equal(d.source, 'consul-ls');
                assert.ok((typeof d.message === 'string' ? d.message : d.message.value).length > 0);
            }
        }
    });

    it('positions are UTF-16 code units, as negotiated', async () => {
        const uri = fileUri(path.join(workspace, 'cluster-01', 'emoji.json'));
        const text = fs.readFileSync(path.join(workspace, 'cluster-01', 'emoji.json'), 'utf8');
        const [diagnostic] = await session.waitFor('the unknown-field in emoji.json', () => {
            const found = session.diagnosticsOf(uri).filter((d) => d.code === 'unknown-field');
            return found.length > 0 ? found : undefined;
        });
        // A JS string index is a UTF-16 offset; the finding sits on the key "Conect" (with or without its quotes).
        const keyStart = text.indexOf('"Conect"');
        assert.equal(diagnostic.range.start.line, 0);
        assert.ok(
            [keyStart, keyStart + 1].includes(diagnostic.range.start.character),
            `start character ${diagnostic.range.start.character}, UTF-16 offset of "Conect" is ${keyStart}`,
        );
        assert.ok([keyStart + 7, keyStart + 8].includes(diagnostic.range.end.character));
    });

    it('analyses the buffer of an .hcl document VS Code opens as plaintext (no HCL extension), and the disk after close', async () => {
        const file = path.join(workspace, 'cluster-01', 'proxy-defaults.hcl');
        const uri = fileUri(file);
        const onDisk = fs.readFileSync(file, 'utf8');
        assert.ok(session.diagnosticsOf(uri).some((d) => d.code === 'local-mode-without-gateway'));
        // The unsaved buffer has a mode Consul does not know.
        const edited = onDisk.replace('Mode = "local"', 'Mode = "locale"');
        assert.notEqual(edited, onDisk);
        await session.didOpen(uri, 'plaintext', edited, 1);
        const line = edited.split('\n').findIndex((l) => l.includes('"locale"'));
        await session.waitFor('invalid-value on the unsaved mode', () =>
            session.diagnosticsOf(uri).find((d) => d.code === 'invalid-value' && d.range.start.line === line),
        );
        await session.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
        await session.waitFor('the findings of the file on disk again', () => {
            const codes = session.diagnosticsOf(uri).map((d) => d.code);
            return codes.includes('local-mode-without-gateway') && !codes.includes('invalid-value');
        });
    });

    it('opens frontend.hcl', async () => {
        await session.didOpen(frontendUri, 'hcl', frontendText, 1);
        await session.waitFor('upstream-missing-peer on the open document', () =>
            session.diagnosticsOf(frontendUri).find((d) => d.code === 'upstream-missing-peer'),
        );
    });

    it('hover on a known key shows its documentation as markdown', async () => {
        const line = frontendText.split('\n').findIndex((l) => l.includes('destination_name = "backend"'));
        const character = frontendText.split('\n')[line].indexOf('destination_name') + 3;
        const hover = await session.connection.sendRequest<Hover | null>('textDocument/hover', {
            textDocument: { uri: frontendUri },
            position: { line, character },
        });
        const text = markdownOf(hover);
        assert.match(text, /destination_name/i);
        assert.ok(text.length > 30, `documentation, not just a name: ${text}`);
    });

    it('hover on a destination_peer value names the cluster it resolves to', async () => {
        const line = frontendText.split('\n').findIndex((l) => l.includes('destination_peer = "cluster-02"'));
        const character = frontendText.split('\n')[line].indexOf('"cluster-02"') + 4;
        const hover = await session.connection.sendRequest<Hover | null>('textDocument/hover', {
            textDocument: { uri: frontendUri },
            position: { line, character },
        });
        assert.match(markdownOf(hover), /cluster-02/);
    });

    it('quick fix round trip: upstream-missing-peer → set destination_peer → the diagnostic goes away', async () => {
        const diagnostic = session.diagnosticsOf(frontendUri).find((d) => d.code === 'upstream-missing-peer') as Diagnostic;
        assert.ok(diagnostic, 'the upstream-missing-peer diagnostic');
        // What VS Code sends when the user opens the light bulb on that line.
        const actions = await session.connection.sendRequest<(CodeAction | Command)[] | null>('textDocument/codeAction', {
            textDocument: { uri: frontendUri },
            range: diagnostic.range,
            context: { diagnostics: [diagnostic], triggerKind: 1 },
        });
        const quickFixes = (actions ?? []).filter(
            (a): a is CodeAction => 'kind' in a && a.kind === 'quickfix' && (a.diagnostics ?? []).some((d) => d.code === 'upstream-missing-peer'),
        );
        assert.ok(quickFixes.length > 0, `a quickfix for upstream-missing-peer; got ${JSON.stringify(actions)}`);
        const fix = quickFixes.find((a) => a.title.includes('cluster-02')) ?? quickFixes[0];
        const canResolve = typeof result.capabilities.codeActionProvider === 'object' && result.capabilities.codeActionProvider.resolveProvider === true;
        const resolved = await withEdit(session, fix, canResolve);
        assert.ok(resolved.edit, 'the quick fix carries a workspace edit');
        const edits = editsFor(resolved.edit!, frontendUri, 1);
        assert.ok(edits.length > 0, 'edits for frontend.hcl');

        const newText = applyTextEdits(frontendText, edits);
        assert.match(newText, /destination_peer\s*=\s*"cluster-02"[\s\S]*destination_peer\s*=\s*"cluster-02"[\s\S]*destination_peer\s*=\s*"cluster-02"/);
        const backendBlock = newText.slice(newText.indexOf('destination_name = "backend"') - 200, newText.indexOf('destination_name = "payments"'));
        assert.match(backendBlock, /destination_peer\s*=\s*"cluster-02"/, `the fix lands in the backend upstream:\n${backendBlock}`);

        await session.didChange(frontendUri, 2, frontendText, edits);
        await session.waitFor('upstream-missing-peer to go away', () => {
            const published = session.diagnostics.get(frontendUri);
            if (!published || (published.version !== undefined && published.version !== 2)) {
                return undefined;
            }
            return !published.diagnostics.some((d) => d.code === 'upstream-missing-peer') ? true : undefined;
        });
        // The other findings of the file are still there, moved along with the inserted line.
        const after = session.diagnosticsOf(frontendUri).map((d) => d.code);
        assert.ok(after.includes('service-not-exported'), `still reported: ${after.join(', ')}`);
        assert.ok(after.includes('upstream-peer-conflict'), `still reported: ${after.join(', ')}`);
        frontendText = newText;
    });

    it('a consul-ls.diagnostics.severity setting changed in VS Code takes effect', async () => {
        assert.ok(session.diagnosticsOf(frontendUri).some((d) => d.code === 'peering-without-mesh-config'));
        const section = session.settings['consul-ls'] as { diagnostics: { severity: Record<string, string> } };
        section.diagnostics.severity = { 'peering-without-mesh-config': 'off', 'service-not-exported': 'hint' };
        // What vscode-languageclient sends with `synchronize.configurationSection: 'consul-ls'`.
        await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: { 'consul-ls': section } });
        await session.waitFor('peering-without-mesh-config to be turned off', () => {
            const diagnostics = session.diagnosticsOf(frontendUri);
            return (
                !diagnostics.some((d) => d.code === 'peering-without-mesh-config') &&
                diagnostics.some((d) => d.code === 'service-not-exported' && d.severity === 4)
            );
        });
        section.diagnostics.severity = {};
        await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: { 'consul-ls': section } });
        await session.waitFor('the default severities back', () =>
            session.diagnosticsOf(frontendUri).some((d) => d.code === 'service-not-exported' && d.severity === 1),
        );
    });

    it('registers file watchers that VS Code can serve, and picks up a file created on disk', async () => {
        // VS Code supports dynamic registration of workspace/didChangeWatchedFiles; the extension relies on it.
        const watchers = await session.waitFor('a didChangeWatchedFiles registration', () => {
            const found = session.registrations.filter((r) => r.method === 'workspace/didChangeWatchedFiles');
            return found.length > 0 ? found.flatMap((r) => (r.registerOptions as { watchers: { globPattern: unknown }[] }).watchers) : undefined;
        });
        const file = path.join(workspace, 'cluster-01', 'agent-extra.hcl');
        const relative = path.relative(workspace, file);
        const matches = watchers.some((w) => {
            const glob = w.globPattern;
            if (typeof glob === 'string') {
                return minimatch(file, glob, { dot: true }) || minimatch(relative, glob, { dot: true, matchBase: true });
            }
            const pattern = glob as { baseUri: string | { uri: string }; pattern: string };
            const base = typeof pattern.baseUri === 'string' ? pattern.baseUri : pattern.baseUri.uri;
            const basePath = new URL(base).pathname;
            return file.startsWith(basePath) && minimatch(path.relative(basePath, file), pattern.pattern, { dot: true });
        });
        assert.ok(matches, `some watcher covers ${relative}: ${JSON.stringify(watchers)}`);

        // An agent configuration (so it counts as a Consul file) with a misspelt key on line 3.
        fs.writeFileSync(file, 'datacenter = "dc1"\nports {\n  grcp_tls = 8503\n}\n');
        await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(file), type: 1 }] });
        await session.waitFor('unknown-field in the new file', () =>
            session.diagnosticsOf(fileUri(file)).find((d) => d.code === 'unknown-field' && d.range.start.line === 2),
        );
    });

    it('shuts down and exits cleanly', async () => {
        assert.equal(await session.shutdown(), 0);
    });
});

describe('VS Code protocol replay: Kubernetes YAML (fixtures/k8s-peer-names)', () => {
    let workspace: string;
    let session: Session;
    let result: InitializeResult;
    let frontendUri: string;
    let frontendText: string;

    before(async () => {
        workspace = copyFixture('k8s-peer-names', scratch);
        session = new Session(serverBinary(), ['serve', '--stdio'], [workspace]);
        session.settings = { 'consul-ls': vscodeSettingsSection(packageJson) };
        result = await session.initialize(initializeParams(workspace));
        frontendUri = fileUri(path.join(workspace, 'cluster-01', 'frontend.yaml'));
        frontendText = fs.readFileSync(path.join(workspace, 'cluster-01', 'frontend.yaml'), 'utf8');
    });
    after(async () => {
        session?.dispose();
    });

    it('publishes the findings of the YAML files at the expected ranges', async () => {
        const expected = expectedFindings('k8s-peer-names');
        assert.ok(expected.length > 0 && expected.every((f) => f.file.endsWith('.yaml')));
        const files = [...new Set(expected.map((f) => f.file))];
        const actual = () =>
            files
                .flatMap((file) =>
                    session.diagnosticsOf(fileUri(path.join(workspace, file))).map((d) => describeFinding({ file, range: d.range, severity: d.severity, code: d.code })),
                )
                .sort();
        const want = expected.map(describeFinding).sort();
        await session
            .waitFor('every finding of expected.snap', () => JSON.stringify(actual()) === JSON.stringify(want))
            .catch(() => undefined);
        assert.deepEqual(actual(), want);
    });

    it('attaches to a YAML document opened with the language id VS Code gives it (yaml)', async () => {
        await session.didOpen(frontendUri, 'yaml', frontendText, 1);
        await session.waitFor('unknown-peer on the open YAML document', () =>
            session.diagnosticsOf(frontendUri).find((d) => d.code === 'unknown-peer'),
        );
    });

    it('hover on a .peer label inside the upstream annotation', async () => {
        const line = frontendText.split('\n').findIndex((l) => l.includes('connect-service-upstreams'));
        const character = frontendText.split('\n')[line].indexOf('cluster-02.peer') + 2;
        const hover = await session.connection.sendRequest<Hover | null>('textDocument/hover', {
            textDocument: { uri: frontendUri },
            position: { line, character },
        });
        assert.match(markdownOf(hover), /Peer `cluster-02`/);
    });

    it('quick fix round trip: unknown-peer → the PeeringAcceptor\'s name → the diagnostic goes away', async () => {
        const diagnostic = session.diagnosticsOf(frontendUri).find((d) => d.code === 'unknown-peer') as Diagnostic;
        assert.ok(diagnostic, 'the unknown-peer diagnostic');
        const actions = await session.connection.sendRequest<(CodeAction | Command)[] | null>('textDocument/codeAction', {
            textDocument: { uri: frontendUri },
            range: diagnostic.range,
            context: { diagnostics: [diagnostic], triggerKind: 1 },
        });
        const fix = (actions ?? []).find((a): a is CodeAction => 'kind' in a && a.kind === 'quickfix' && a.title.includes('dc2'));
        assert.ok(fix, `a quickfix to "dc2"; got ${JSON.stringify(actions)}`);
        const canResolve = typeof result.capabilities.codeActionProvider === 'object' && result.capabilities.codeActionProvider.resolveProvider === true;
        const resolved = await withEdit(session, fix, canResolve);
        const edits = editsFor(resolved.edit!, frontendUri, 1);
        const newText = applyTextEdits(frontendText, edits);
        assert.match(newText, /"backend\.svc\.dc2\.peer:9090, cache:6379"/);
        await session.didChange(frontendUri, 2, frontendText, edits);
        await session.waitFor('unknown-peer to go away', () => {
            const published = session.diagnostics.get(frontendUri);
            if (!published || (published.version !== undefined && published.version !== 2)) {
                return undefined;
            }
            return !published.diagnostics.some((d) => d.code === 'unknown-peer') ? true : undefined;
        });
    });

    it('shuts down and exits cleanly', async () => {
        assert.equal(await session.shutdown(), 0);
    });
});
