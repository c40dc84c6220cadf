// The extension's cheap "is this a Consul file?" test (src/detect.ts), which decides whether the server starts:
// yes for every Consul file of the repository's fixtures, no for other tools' files.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { CONFIG_ENTRY_KINDS, FOREIGN_KEYS, looksLikeConsul, topLevelKeys } from '../../src/detect';
import { EXTENSION_ROOT } from '../harness/extension-host';

const REPO = path.join(EXTENSION_ROOT, '..', '..');
const FIXTURES = path.join(REPO, 'fixtures');

function files(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        return entry.isDirectory() ? files(full) : [full];
    });
}

const read = (file: string) => fs.readFileSync(file, 'utf8');

describe('the lists agree with the server', () => {
    it('config entry kinds: src/schema/entries.rs CONFIG_ENTRY_KINDS', () => {
        const source = read(path.join(REPO, 'src/schema/entries.rs'));
        const table = /pub static CONFIG_ENTRY_KINDS[^=]*= &\[([\s\S]*?)\];/.exec(source)?.[1] ?? '';
        const kinds = [...table.matchAll(/\("([a-z-]+)",/g)].map((m) => m[1]);
        assert.ok(kinds.length >= 15, `kinds found: ${kinds.length}`);
        assert.deepEqual([...CONFIG_ENTRY_KINDS].sort(), kinds.sort());
    });

    it('other tools\' keys: src/model/classify.rs FOREIGN_KEYS', () => {
        const source = read(path.join(REPO, 'src/model/classify.rs'));
        const table = /const FOREIGN_KEYS: &\[&str\] = &\[([\s\S]*?)\];/.exec(source)?.[1] ?? '';
        const keys = [...table.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
        assert.ok(keys.length >= 20, `keys found: ${keys.length}`);
        assert.deepEqual([...FOREIGN_KEYS].sort(), keys.sort());
    });
});

describe('top-level keys', () => {
    it('HCL: attributes and blocks, labels skipped, nested keys and comments ignored', () => {
        const text = [
            '# service_prefix "" { policy = "read" }',
            'datacenter = "dc1" // comment',
            '/* acl = {} */',
            'service "web" "x" {',
            '  port = 8080',
            '  checks = [{ http = "http://localhost/" }]',
            '}',
            'Kind = "mesh"',
            'retry_join = ["a", "b"]',
            'ports { grpc = 8502 }',
        ].join('\n');
        assert.deepEqual(topLevelKeys(text), { keys: ['datacenter', 'service', 'Kind', 'retry_join', 'ports'], kind: 'mesh' });
    });

    it('JSON: the members of the outermost object', () => {
        const text = '{\n  "Kind": "service-defaults",\n  "Name": "web",\n  "Meta": {"kind": "nested"},\n  "Protocol": "http"\n}';
        assert.deepEqual(topLevelKeys(text), { keys: ['Kind', 'Name', 'Meta', 'Protocol'], kind: 'service-defaults' });
    });

    it('broken text ends the scan quietly', () => {
        assert.deepEqual(topLevelKeys('service {\n  name = "web'), { keys: ['service'], kind: undefined });
        assert.deepEqual(topLevelKeys(''), { keys: [], kind: undefined });
        assert.deepEqual(topLevelKeys('{"a": [1, 2'), { keys: ['a'], kind: undefined });
    });
});

describe('looksLikeConsul', () => {
    it('every file that has a finding in a fixture\'s expected.snap, and every file of peering-clean', () => {
        const consul = new Set<string>();
        for (const fixture of fs.readdirSync(FIXTURES)) {
            const snap = path.join(FIXTURES, fixture, 'expected.snap');
            if (!fs.existsSync(snap)) {
                continue;
            }
            for (const m of read(snap).matchAll(/^([^\s:]+\.(?:hcl|json|ya?ml)):\d+:\d+-/gm)) {
                consul.add(path.join(FIXTURES, fixture, m[1]));
            }
        }
        for (const file of files(path.join(FIXTURES, 'peering-clean'))) {
            if (/\.(hcl|json)$/.test(file)) {
                consul.add(file);
            }
        }
        assert.ok(consul.size > 100, `files: ${consul.size}`);
        const missed = [...consul].filter((file) => !looksLikeConsul(file, read(file))).map((f) => path.relative(REPO, f));
        assert.deepEqual(missed, []);
    });

    it('no file of the mixed repository (Terraform, Nomad, Packer, Vault, package.json, tsconfig.json)', () => {
        const all = files(path.join(FIXTURES, 'mixed-repo')).filter((f) => /\.(hcl|json)$/.test(f));
        assert.ok(all.length >= 9);
        const taken = all.filter((file) => looksLikeConsul(file, read(file))).map((f) => path.relative(REPO, f));
        assert.deepEqual(taken, []);
    });

    it('by hand', () => {
        const yes: [string, string][] = [
            ['consul-ls.hcl', ''],
            ['web.hcl', 'service {\n  name = "web"\n}\n'],
            ['agent.json', '{"datacenter": "dc1", "acl": {"enabled": true}}'],
            ['register.json', '{"Name": "web", "Port": 8080}'],
            ['policy.json', '{"Name": "gw", "Rules": "service \\"gw\\" { policy = \\"write\\" }"}'],
            ['mesh.hcl', 'Kind = "mesh"\n'],
            ['gateway.hcl', 'kind = "mesh-gateway"\nname = "mesh-gateway"\n'],
            ['rules.hcl', 'service_prefix "" {\n  policy = "read"\n}\n'],
            ['crd.yaml', 'apiVersion: consul.hashicorp.com/v1alpha1\nkind: ServiceDefaults\n'],
            ['values.yaml', 'global:\n  name: consul\nconnectInject:\n  enabled: true\n'],
        ];
        for (const [name, text] of yes) {
            assert.equal(looksLikeConsul(`/w/${name}`, text), true, name);
        }
        const no: [string, string][] = [
            ['package.json', '{"name": "web", "version": "1.0.0", "dependencies": {}}'],
            ['tsconfig.json', '{"compilerOptions": {"strict": true}}'],
            ['.terraform.lock.hcl', 'provider "registry.terraform.io/hashicorp/consul" {\n  version = "2.20.0"\n}\n'],
            ['terragrunt.hcl', 'terraform {\n  source = "x"\n}\ninputs = {}\n'],
            ['job.hcl', 'job "web" {\n  group "g" {\n    service {\n      name = "web"\n    }\n  }\n}\n'],
            ['vault-policy.hcl', 'path "secret/*" {\n  capabilities = ["read"]\n}\n'],
            ['image.pkr.hcl', 'source "docker" "x" {}\nbuild {}\n'],
            ['data.json', '[1, 2, 3]'],
            ['settings.json', '{"editor.fontSize": 14}'],
            ['deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\n'],
            ['notes.txt', 'service { name = "web" }'],
        ];
        for (const [name, text] of no) {
            assert.equal(looksLikeConsul(`/w/${name}`, text), false, name);
        }
    });
});
