// Whether a workspace holds Consul files, decided cheaply in the extension before the server is started: the
// extension activates for any HCL or JSON file, but starts `consul-ls serve` only in a workspace with a
// `consul-ls.hcl` manifest, or once an opened file looks like Consul configuration. No VS Code import here.
//
// The test is a rough, fast version of the server's own classification (src/model/classify.rs): the top-level
// keys of the file, read by a tolerant scanner that skips strings and comments and counts brackets. It may say yes
// to a file the server then ignores (the server stays silent on it); it must not say no to a Consul file. The
// tests hold it to every fixture of the repository.

/** The manifest's file name. */
export const MANIFEST_FILE = 'consul-ls.hcl';

/** How much of a file is looked at. */
export const SCAN_LIMIT = 64 * 1024;

/** Config entry kinds (src/schema/entries.rs `CONFIG_ENTRY_KINDS`). */
export const CONFIG_ENTRY_KINDS = [
    'service-defaults',
    'proxy-defaults',
    'service-router',
    'service-splitter',
    'service-resolver',
    'ingress-gateway',
    'terminating-gateway',
    'service-intentions',
    'mesh',
    'exported-services',
    'sameness-group',
    'control-plane-request-limit',
    'api-gateway',
    'tcp-route',
    'http-route',
    'inline-certificate',
    'file-system-certificate',
    'jwt-provider',
];

/** Service kinds (`kind = "connect-proxy"` in a service definition). */
export const SERVICE_KINDS = ['connect-proxy', 'mesh-gateway', 'terminating-gateway', 'ingress-gateway', 'api-gateway'];

/** Top-level keys of other tools' files (src/model/classify.rs `FOREIGN_KEYS`): such a file is not Consul's. */
export const FOREIGN_KEYS = [
    'resource', 'provider', 'terraform', 'module', 'variable', 'output', 'locals', 'data',
    'job', 'group', 'task', 'client', 'consul', 'vault', 'plugin', 'nomad',
    'source', 'build', 'packer',
    'path', 'storage', 'listener', 'seal', 'ha_storage', 'api_addr', 'cluster_addr',
    'template', 'exec', 'prefix', 'secret',
    'compilerOptions', 'dependencies', 'devDependencies', 'scripts', 'apiVersion', '$schema',
];

/**
 * Top-level keys that say "Consul" on their own: agent configuration and service definitions (snake_case, any
 * case), and ACL rules. Common words that other tools use at the top level too (`name`, `version`) are left out.
 */
const CONSUL_KEYS = new Set([
    // agent configuration
    'datacenter', 'primary_datacenter', 'data_dir', 'node_name', 'server', 'bootstrap', 'bootstrap_expect',
    'retry_join', 'retry_join_wan', 'start_join', 'bind_addr', 'client_addr', 'advertise_addr', 'addresses',
    'ports', 'acl', 'connect', 'peering', 'ui_config', 'ui', 'encrypt', 'verify_incoming', 'verify_outgoing',
    'ca_file', 'cert_file', 'key_file', 'tls', 'auto_encrypt', 'auto_config', 'recursors', 'dns_config',
    'domain', 'log_level', 'log_file', 'performance', 'telemetry', 'limits', 'config_entries', 'partition',
    'segment', 'leave_on_terminate', 'enable_central_service_config', 'enable_script_checks', 'watches',
    // service definitions
    'service', 'services', 'check', 'checks',
    // ACL rules
    'service_prefix', 'node', 'node_prefix', 'key', 'key_prefix', 'agent', 'agent_prefix', 'session',
    'session_prefix', 'event', 'event_prefix', 'query', 'query_prefix', 'operator', 'mesh', 'keyring',
    'partition_prefix', 'namespace', 'namespace_prefix', 'identity', 'identity_prefix',
]);

/** Keys of an API service registration besides `Name` (any case: Go's encoding/json ignores it). */
const API_SERVICE_KEYS = ['id', 'kind', 'port', 'address', 'proxy', 'connect', 'tags', 'check', 'checks', 'socketpath', 'service', 'node'];

export interface TopLevel {
    /** The keys of the top-level object, as written. */
    keys: string[];
    /** The string value of a top-level `Kind`/`kind`, if any. */
    kind?: string;
}

/**
 * The top-level keys of an HCL or JSON text: identifiers and strings at the outermost level (inside the
 * outermost `{` for JSON) that are followed by `=`, `:`, `{` or a block label. Tolerant: unclosed brackets,
 * strings and comments just end the scan.
 */
export function topLevelKeys(text: string): TopLevel {
    const n = Math.min(text.length, SCAN_LIMIT);
    let i = 0;
    const skipSpace = (): void => {
        for (;;) {
            while (i < n && /\s/.test(text[i])) {
                i++;
            }
            if (text[i] === '#' || (text[i] === '/' && text[i + 1] === '/')) {
                while (i < n && text[i] !== '\n') {
                    i++;
                }
            } else if (text[i] === '/' && text[i + 1] === '*') {
                const end = text.indexOf('*/', i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                return;
            }
        }
    };
    // A token at `i`: a quoted string (its value) or an identifier; undefined for punctuation.
    const token = (): string | undefined => {
        if (text[i] === '"') {
            let value = '';
            i++;
            while (i < n && text[i] !== '"' && text[i] !== '\n') {
                if (text[i] === '\\') {
                    i++;
                }
                value += text[i] ?? '';
                i++;
            }
            i++;
            return value;
        }
        const match = /^[A-Za-z0-9_$.\-]+/.exec(text.slice(i, i + 256));
        if (match) {
            i += match[0].length;
            return match[0];
        }
        return undefined;
    };
    skipSpace();
    const base = text[i] === '{' ? 1 : 0;
    let depth = 0;
    const keys: string[] = [];
    let kind: string | undefined;
    let lastKey: string | undefined;
    let expectValue = false;
    while (i < n) {
        skipSpace();
        if (i >= n) {
            break;
        }
        const ch = text[i];
        if (ch === '{' || ch === '[') {
            depth++;
            i++;
            expectValue = false;
            continue;
        }
        if (ch === '}' || ch === ']') {
            depth--;
            i++;
            continue;
        }
        if (ch === '=' || ch === ':') {
            i++;
            expectValue = depth === base;
            continue;
        }
        if (ch === ',' || ch === '(' || ch === ')') {
            i++;
            continue;
        }
        const start = i;
        const value = token();
        if (value === undefined) {
            i = start + 1;
            continue;
        }
        if (depth !== base) {
            continue;
        }
        if (expectValue) {
            expectValue = false;
            if (lastKey !== undefined && lastKey.toLowerCase() === 'kind' && text[start] === '"') {
                kind ??= value;
            }
            continue;
        }
        // A key: followed by `=`, `:`, `{`, or by labels (strings) and then `{`.
        skipSpace();
        while (i < n && text[i] === '"') {
            token();
            skipSpace();
        }
        if (text[i] === '=' || text[i] === ':' || text[i] === '{') {
            keys.push(value);
            lastKey = value;
        }
    }
    return { keys, kind };
}

function basename(fileName: string): string {
    return fileName.split(/[\\/]/).pop() ?? fileName;
}

/** Whether a file (by name and text) looks like Consul configuration, or is the consul-ls manifest. */
export function looksLikeConsul(fileName: string, text: string): boolean {
    const name = basename(fileName);
    if (name === MANIFEST_FILE) {
        return true;
    }
    if (/\.ya?ml$/i.test(name)) {
        const head = text.slice(0, SCAN_LIMIT);
        return (
            /^apiVersion:\s*["']?consul\.hashicorp\.com\//m.test(head) ||
            /consul\.hashicorp\.com\/connect-(inject|service-upstreams)/.test(head) ||
            (/^global:/m.test(head) && /^(connectInject|meshGateway|syncCatalog|externalServers):/m.test(head))
        );
    }
    if (!/\.(hcl|json)$/i.test(name)) {
        return false;
    }
    const { keys, kind } = topLevelKeys(text);
    if (keys.length === 0) {
        return false;
    }
    if (keys.some((k) => FOREIGN_KEYS.includes(k))) {
        return false;
    }
    if (kind !== undefined && (CONFIG_ENTRY_KINDS.includes(kind) || SERVICE_KINDS.includes(kind))) {
        return true;
    }
    const lower = keys.map((k) => k.toLowerCase());
    if (lower.includes('name') && lower.some((k) => API_SERVICE_KEYS.includes(k) || k === 'rules')) {
        return true;
    }
    return lower.some((k) => CONSUL_KEYS.has(k));
}
