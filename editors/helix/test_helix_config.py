#!/usr/bin/env python3
"""Checks editors/helix/languages.toml the way it can be checked without Helix.

1. Parses it with tomllib and checks every key against the keys Helix documents (book/src/languages.md:
   "Language configuration", "Language Server configuration", the list of language-server features).
2. Merges it into Helix's built-in entries for hcl, json and yaml (the relevant default values are below) and
   checks the result: .hcl, .json and .yaml files get consul-ls, JSON and YAML keep Helix's default server.
3. Starts the exact command the snippet configures (`consul-ls` found on PATH, its args, its environment, in the
   workspace root as Helix does), sends the initialize request Helix sends (its capabilities, position encodings
   utf-8/utf-32/utf-16), opens a fixture's HCL file with Helix's language id for hcl ("terraform"), a JSON file
   and a consul-k8s YAML file, and checks the diagnostics and a clean shutdown.

Environment: CONSUL_LS_BIN (the binary; default target/release/consul-ls). Prints `N passed, M failed`.
"""

from __future__ import annotations

import json
import os
import pathlib
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
import traceback

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
SNIPPET = HERE / "languages.toml"
TIMEOUT = float(os.environ.get("HELIX_TEST_TIMEOUT", "20"))

# Helix's documented keys (book/src/languages.md).
LANGUAGE_KEYS = {
    "name", "language-id", "scope", "injection-regex", "file-types", "shebangs", "roots", "auto-format",
    "diagnostic-severity", "comment-tokens", "comment-token", "block-comment-tokens", "indent", "language-servers",
    "grammar", "formatter", "soft-wrap", "text-width", "rulers", "path-completion", "word-completion",
    "workspace-lsp-roots", "persistent-diagnostic-sources", "rainbow-brackets", "code-actions-on-save",
    "auto-pairs", "debugger",
}
LANGUAGE_SERVER_KEYS = {"command", "args", "config", "timeout", "environment", "required-root-patterns"}
LANGUAGE_SERVER_ENTRY_KEYS = {"name", "only-features", "except-features"}
FEATURES = {
    "format", "goto-declaration", "goto-definition", "goto-type-definition", "goto-reference",
    "goto-implementation", "signature-help", "hover", "document-highlight", "completion", "code-action",
    "document-links", "workspace-command", "document-symbols", "workspace-symbols", "diagnostics",
    "pull-diagnostics", "rename-symbol", "inlay-hints", "document-colors", "call-hierarchy",
}
TOP_LEVEL_KEYS = {"language", "language-server", "grammar", "use-grammars"}

# The parts of Helix's built-in languages.toml this snippet builds on.
HELIX_DEFAULT_LANGUAGES = {
    "hcl": {"language-id": "terraform", "file-types": ["hcl", "tf", "nomad"], "language-servers": ["terraform-ls"]},
    "json": {"file-types": ["json", "arb", "ipynb", "geojson", "jsonl"], "language-servers": ["vscode-json-language-server"]},
    "yaml": {"file-types": ["yml", "yaml"], "language-servers": ["yaml-language-server", "ansible-language-server"]},
}
HELIX_DEFAULT_SERVERS = {"terraform-ls", "vscode-json-language-server", "yaml-language-server", "ansible-language-server"}

results: list[tuple[str, bool]] = []


def check(name):
    def run(fn):
        try:
            fn()
        except Exception:  # noqa: BLE001 - every failure is reported, then counted
            results.append((name, False))
            print(f"not ok - {name}")
            for line in traceback.format_exc().rstrip().splitlines():
                print(f"    {line}")
        else:
            results.append((name, True))
            print(f"ok - {name}")
        sys.stdout.flush()
        return fn

    return run


def load_snippet() -> dict:
    with SNIPPET.open("rb") as f:
        return tomllib.load(f)


def server_names(entries) -> list[str]:
    return [e if isinstance(e, str) else e["name"] for e in entries]


def merged_languages(snippet: dict) -> dict[str, dict]:
    """Helix merges user [[language]] entries into the built-in ones by name, user keys winning."""
    merged = {name: dict(values) for name, values in HELIX_DEFAULT_LANGUAGES.items()}
    for entry in snippet.get("language", []):
        merged.setdefault(entry["name"], {}).update({k: v for k, v in entry.items() if k != "name"})
    return merged


@check("languages.toml parses as TOML")
def _parses():
    load_snippet()


@check("only keys Helix documents, with the right types")
def _structure():
    snippet = load_snippet()
    assert set(snippet) <= TOP_LEVEL_KEYS, f"unknown top-level keys: {set(snippet) - TOP_LEVEL_KEYS}"
    servers = snippet["language-server"]
    assert isinstance(servers, dict) and "consul-ls" in servers
    for name, server in servers.items():
        assert set(server) <= LANGUAGE_SERVER_KEYS, f"{name}: unknown keys {set(server) - LANGUAGE_SERVER_KEYS}"
        assert isinstance(server["command"], str) and server["command"]
        assert all(isinstance(a, str) for a in server.get("args", []))
        env = server.get("environment", {})
        assert isinstance(env, dict) and all(isinstance(v, str) for v in env.values())
        if "timeout" in server:
            assert isinstance(server["timeout"], int) and server["timeout"] > 0
    languages = snippet["language"]
    assert isinstance(languages, list), "[[language]] is an array of tables"
    for entry in languages:
        assert "name" in entry, "every [[language]] has a name"
        unknown = set(entry) - LANGUAGE_KEYS
        assert not unknown, f"{entry['name']}: unknown keys {unknown}"
        for key in ("roots", "file-types"):
            if key in entry:
                assert isinstance(entry[key], list)
        for server in entry.get("language-servers", []):
            if isinstance(server, dict):
                assert set(server) <= LANGUAGE_SERVER_ENTRY_KEYS, f"unknown keys {set(server) - LANGUAGE_SERVER_ENTRY_KEYS}"
                assert not ("only-features" in server and "except-features" in server)
                for feature in server.get("only-features", []) + server.get("except-features", []):
                    assert feature in FEATURES, f"unknown feature {feature}"
            else:
                assert isinstance(server, str)
            name = server if isinstance(server, str) else server["name"]
            assert name in servers or name in HELIX_DEFAULT_SERVERS, f"language server {name} is defined nowhere"


@check("consul-ls is configured as `consul-ls serve`")
def _command():
    server = load_snippet()["language-server"]["consul-ls"]
    assert server["command"] == "consul-ls"
    assert server["args"] == ["serve"]


@check("hcl, json and yaml use consul-ls; JSON and YAML keep Helix's default server; consul-ls.hcl is a root marker")
def _languages():
    merged = merged_languages(load_snippet())
    assert {e["name"] for e in load_snippet()["language"]} == {"hcl", "json", "yaml"}
    for language in ("hcl", "json", "yaml"):
        assert "consul-ls" in server_names(merged[language]["language-servers"]), language
        assert "consul-ls.hcl" in merged[language].get("roots", []), language
    json_servers = server_names(merged["json"]["language-servers"])
    assert "vscode-json-language-server" in json_servers, "Helix's JSON server is kept"
    assert "yaml-language-server" in server_names(merged["yaml"]["language-servers"]), "Helix's YAML server is kept"
    # `.hcl`, `.json` and `.yaml` still map to these languages (the snippet does not touch file-types).
    assert "hcl" in merged["hcl"]["file-types"] and "json" in merged["json"]["file-types"]
    assert "yaml" in merged["yaml"]["file-types"] and "yml" in merged["yaml"]["file-types"]


@check("the snippet in editors/README.md is the same configuration")
def _readme():
    readme = (REPO / "editors" / "README.md").read_text()
    helix_section = readme.split("## Helix", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```toml\n(.*?)```", helix_section, re.S)
    assert block, "a toml block in the README's Helix section"
    assert tomllib.loads(block.group(1)) == load_snippet()


# ---- the configured command, driven like Helix drives a language server ----


class LspProcess:
    def __init__(self, argv: list[str], cwd: pathlib.Path, env: dict[str, str]):
        self.proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.messages: queue.Queue = queue.Queue()
        self.stderr: list[bytes] = []
        self.next_id = 0
        self.diagnostics: dict[str, dict] = {}
        self.pending: list[dict] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=lambda: self.stderr.extend(iter(lambda: self.proc.stderr.readline(), b"")), daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.decode("ascii").strip()
                if not line:
                    break
                key, _, value = line.partition(":")
                headers[key.strip().lower()] = value.strip()
            body = out.read(int(headers["content-length"]))
            self.messages.put(json.loads(body))

    def send(self, message: dict):
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def stderr_tail(self) -> str:
        return b"".join(self.stderr).decode("utf-8", "replace")[-2000:]

    def _handle(self, message: dict):
        """Answers the server's requests as Helix does and records notifications."""
        if message.get("method") == "textDocument/publishDiagnostics":
            self.diagnostics[message["params"]["uri"]] = message["params"]
        elif "method" in message and "id" in message:
            method = message["method"]
            if method == "workspace/configuration":
                result = [None for _ in message["params"]["items"]]
            elif method == "workspace/workspaceFolders":
                result = self.workspace_folders
            else:  # registerCapability, workDoneProgress/create, ...
                result = None
            self.send({"id": message["id"], "result": result})

    def pump(self, until, what: str, timeout: float = TIMEOUT):
        deadline = time.monotonic() + timeout
        while True:
            value = until()
            if value:
                return value
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"timed out waiting for {what}; server stderr:\n{self.stderr_tail()}")
            try:
                message = self.messages.get(timeout=min(remaining, 0.2))
            except queue.Empty:
                continue
            if message is None:
                raise AssertionError(f"the server closed its output while waiting for {what} (exit {self.proc.poll()}); stderr:\n{self.stderr_tail()}")
            self.pending.append(message)
            self._handle(message)

    def request(self, method: str, params) -> dict:
        self.next_id += 1
        request_id = self.next_id
        self.send({"id": request_id, "method": method, "params": params})
        response = self.pump(lambda: next((m for m in self.pending if m.get("id") == request_id and "method" not in m), None), f"the answer to {method}")
        assert "error" not in response, f"{method} failed: {response['error']}"
        return response.get("result")

    def notify(self, method: str, params):
        self.send({"method": method, "params": params})


def helix_initialize_params(root: pathlib.Path) -> dict:
    """What Helix sends (helix-lsp/src/client.rs): the parts that matter to a server, with its values."""
    uri = root.as_uri()
    return {
        "processId": os.getpid(),
        "workspaceFolders": [{"uri": uri, "name": root.name}],
        "rootPath": str(root),
        "rootUri": uri,
        "capabilities": {
            "workspace": {
                "configuration": True,
                "didChangeConfiguration": {"dynamicRegistration": False},
                "workspaceFolders": True,
                "applyEdit": True,
                "symbol": {"dynamicRegistration": False},
                "executeCommand": {"dynamicRegistration": False},
                "inlayHint": {"refreshSupport": False},
                "workspaceEdit": {
                    "documentChanges": True,
                    "resourceOperations": ["create", "rename", "delete"],
                    "failureHandling": "abort",
                    "normalizesLineEndings": False,
                },
                "didChangeWatchedFiles": {"dynamicRegistration": True, "relativePatternSupport": True},
                "fileOperations": {"willCreate": True, "didCreate": True, "willRename": True, "didRename": True, "willDelete": True, "didDelete": True},
                "diagnostic": {"refreshSupport": True},
            },
            "textDocument": {
                "completion": {"completionItem": {"snippetSupport": True, "insertReplaceSupport": True, "deprecatedSupport": True,
                                                  "resolveSupport": {"properties": ["documentation", "detail", "additionalTextEdits"]},
                                                  "tagSupport": {"valueSet": [1]}}, "completionItemKind": {}},
                "hover": {"contentFormat": ["markdown"]},
                "signatureHelp": {"signatureInformation": {"documentationFormat": ["markdown"], "parameterInformation": {"labelOffsetSupport": True}, "activeParameterSupport": True}},
                "rename": {"dynamicRegistration": False, "prepareSupport": True, "honorsChangeAnnotations": False},
                "formatting": {"dynamicRegistration": False},
                "codeAction": {
                    "codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["", "quickfix", "refactor", "refactor.extract", "refactor.inline", "refactor.rewrite", "source", "source.organizeImports", "source.fixAll"]}},
                    "isPreferredSupport": True, "disabledSupport": True, "dataSupport": True,
                    "resolveSupport": {"properties": ["edit", "command"]},
                },
                "diagnostic": {"dynamicRegistration": False, "relatedDocumentSupport": True},
                "publishDiagnostics": {"versionSupport": True, "tagSupport": {"valueSet": [1, 2]}},
                "inlayHint": {"dynamicRegistration": False},
                "documentLink": {"dynamicRegistration": False, "tooltipSupport": False},
                "callHierarchy": {"dynamicRegistration": False},
                "documentSymbol": {"dynamicRegistration": False, "hierarchicalDocumentSymbolSupport": False},
            },
            "window": {"showMessage": {"messageActionItem": {"additionalPropertiesSupport": True}}, "workDoneProgress": True, "showDocument": {"support": True}},
            "general": {"positionEncodings": ["utf-8", "utf-32", "utf-16"]},
        },
        "clientInfo": {"name": "helix", "version": "25.07.1"},
    }


def expected_codes(fixture: str, file: str) -> list[tuple[int, str]]:
    snap = (REPO / "fixtures" / fixture / "expected.snap").read_text()
    found = []
    for line in snap.split("---", 2)[2].splitlines():
        m = re.match(r"^(.+?):(\d+):\d+-\d+:\d+ \w+ ([\w-]+) ", line)
        if m and m.group(1) == file:
            found.append((int(m.group(2)) - 1, m.group(3)))
    return sorted(found)


def diagnostics_summary(published: dict) -> list[tuple[int, str]]:
    return sorted((d["range"]["start"]["line"], d["code"]) for d in published["diagnostics"])


@check("the configured command completes initialize and serves HCL (language id `terraform`), JSON and YAML")
def _run_configured_command():
    binary = pathlib.Path(os.environ.get("CONSUL_LS_BIN", REPO / "target" / "release" / "consul-ls")).resolve()
    assert binary.is_file(), f"no consul-ls binary at {binary}: run cargo build --release or set CONSUL_LS_BIN"
    server = load_snippet()["language-server"]["consul-ls"]
    merged = merged_languages(load_snippet())
    with tempfile.TemporaryDirectory(prefix="consul-ls-helix-") as scratch:
        scratch = pathlib.Path(scratch)
        # `consul-ls` on PATH, as the snippet expects.
        bin_dir = scratch / "bin"
        bin_dir.mkdir()
        (bin_dir / "consul-ls").symlink_to(binary)
        env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", **server.get("environment", {}))
        command = shutil.which(server["command"], path=env["PATH"])
        assert command == str(bin_dir / "consul-ls"), f"{server['command']} resolves to {command}"
        # Temp copies of the fixtures; the workspace root is where consul-ls.hcl is (the `roots` marker).
        root = scratch / "peering-example"
        shutil.copytree(REPO / "fixtures" / "peering-example", root)
        json_dir = root / "single"
        shutil.copytree(REPO / "fixtures" / "unknown-field", json_dir)
        # A consul-k8s workload inside the workspace (in no cluster of the manifest: single-file checks).
        yaml_dir = root / "k8s"
        yaml_dir.mkdir()
        shutil.copy(REPO / "fixtures" / "k8s-strict-types" / "cluster-02" / "backend.yaml", yaml_dir / "backend.yaml")
        assert (root / "consul-ls.hcl").is_file()

        lsp = LspProcess([server["command"], *server.get("args", [])], cwd=root, env=env)
        lsp.workspace_folders = [{"uri": root.as_uri(), "name": root.name}]
        try:
            result = lsp.request("initialize", helix_initialize_params(root))
            capabilities = result["capabilities"]
            assert capabilities.get("positionEncoding") == "utf-8", f"the server picks utf-8 when offered: {capabilities.get('positionEncoding')}"
            assert capabilities.get("hoverProvider"), "hover"
            assert capabilities.get("codeActionProvider"), "code actions"
            lsp.notify("initialized", {})

            frontend = root / "cluster-01" / "frontend.hcl"
            lsp.notify("textDocument/didOpen", {"textDocument": {
                "uri": frontend.as_uri(), "languageId": merged["hcl"]["language-id"], "version": 0, "text": frontend.read_text()}})
            want = expected_codes("peering-example", "cluster-01/frontend.hcl")
            lsp.pump(lambda: frontend.as_uri() in lsp.diagnostics and diagnostics_summary(lsp.diagnostics[frontend.as_uri()]) == want,
                     f"the diagnostics of frontend.hcl: {want}")

            register = json_dir / "register.json"
            lsp.notify("textDocument/didOpen", {"textDocument": {
                "uri": register.as_uri(), "languageId": "json", "version": 0, "text": register.read_text()}})
            want = expected_codes("unknown-field", "register.json")
            lsp.pump(lambda: register.as_uri() in lsp.diagnostics and diagnostics_summary(lsp.diagnostics[register.as_uri()]) == want,
                     f"the diagnostics of register.json: {want}")

            backend = yaml_dir / "backend.yaml"
            lsp.notify("textDocument/didOpen", {"textDocument": {
                "uri": backend.as_uri(), "languageId": "yaml", "version": 0, "text": backend.read_text()}})
            want = expected_codes("k8s-strict-types", "cluster-02/backend.yaml")
            lsp.pump(lambda: backend.as_uri() in lsp.diagnostics and diagnostics_summary(lsp.diagnostics[backend.as_uri()]) == want,
                     f"the diagnostics of backend.yaml: {want}")

            # Hover in UTF-8 positions on a known key.
            lines = frontend.read_text().splitlines()
            line = next(i for i, text in enumerate(lines) if 'destination_name = "backend"' in text)
            hover = lsp.request("textDocument/hover", {"textDocument": {"uri": frontend.as_uri()},
                                                       "position": {"line": line, "character": lines[line].index("destination_name") + 2}})
            assert hover and "destination_name" in json.dumps(hover["contents"]), f"hover: {hover}"

            assert lsp.request("shutdown", None) is None
            lsp.notify("exit", None)
            assert lsp.proc.wait(timeout=5) == 0, "exit code after shutdown + exit"
        finally:
            if lsp.proc.poll() is None:
                lsp.proc.kill()
                lsp.proc.wait()


passed = sum(1 for _, ok in results if ok)
failed = len(results) - passed
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
