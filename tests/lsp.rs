//! The language server as editors run it: the real binary over stdio, driven by a small JSON-RPC client.
//!
//! Every wait has a timeout that fails the test (with what was received) rather than hanging.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const TIMEOUT: Duration = Duration::from_secs(30);

// ---------------------------------------------------------------------------------------------------------------
// Temp folders

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("consul-ls-lsp-{}-{n}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    /// A copy of `fixtures/NAME` (without its expected output).
    fn fixture(name: &str) -> TempDir {
        let dir = TempDir::new(name);
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name), &dir.0);
        dir
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    fn uri(&self, rel: &str) -> String {
        file_uri(&self.path(rel))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else if entry.file_name() != "expected.snap" {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn file_uri(path: &Path) -> String {
    let mut out = String::from("file://");
    for byte in path.to_str().unwrap().bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'/' | b'-' | b'.' | b'_' | b'~' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------------------------
// A JSON-RPC client over the server's stdio

struct Options {
    utf8: bool,
    settings: Value,
    /// Client capabilities for workspace edits: documentChanges with CreateFile.
    document_changes: bool,
    env: Vec<(&'static str, &'static str)>,
    /// `publishDiagnostics.relatedInformation`.
    related_information: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { utf8: false, settings: json!({}), document_changes: true, env: Vec::new(), related_information: true }
    }
}

struct Client {
    child: Child,
    stdin: Arc<Mutex<ChildStdin>>,
    messages: Receiver<Value>,
    /// Received messages not consumed yet (notifications, server requests).
    backlog: Vec<Value>,
    /// The latest published diagnostics per URI: (version, diagnostics).
    diagnostics: HashMap<String, (Option<i64>, Vec<Value>)>,
    /// Every publishDiagnostics received, in order: (uri, version, diagnostics).
    publications: Vec<(String, Option<i64>, Vec<Value>)>,
    /// Requests the server sent to us (method, params).
    server_requests: Arc<Mutex<Vec<(String, Value)>>>,
    settings: Arc<Mutex<Value>>,
    next_id: i64,
    pub initialize_result: Value,
    /// Everything the server wrote to stderr.
    log: Arc<Mutex<String>>,
}

fn write_message(stdin: &Mutex<ChildStdin>, message: &Value) -> std::io::Result<()> {
    let body = serde_json::to_string(message).unwrap();
    let mut stdin = stdin.lock().unwrap();
    write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    stdin.flush()
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length:") {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    std::io::Read::read_exact(reader, &mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    fn start(folders: &[&Path], options: Options) -> Client {
        let mut client = Client::spawn(&options);
        let params = initialize_params(folders, &options);
        client.initialize_result = client.request("initialize", params);
        client.notify("initialized", json!({}));
        client
    }

    /// Starts the server without initializing it.
    fn spawn(options: &Options) -> Client {
        let mut command = Command::new(env!("CARGO_BIN_EXE_consul-ls"));
        command.args(["serve", "--stdio"]).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        command.env("CONSUL_LS_LOG", "warn");
        for (key, value) in &options.env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("start consul-ls serve");
        let stdin = Arc::new(Mutex::new(child.stdin.take().unwrap()));
        let stdout = child.stdout.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        // Drain stderr so the server never blocks on a full pipe; echo it for failing tests.
        let log = Arc::new(Mutex::new(String::new()));
        let log_sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                eprintln!("[consul-ls] {line}");
                let mut log = log_sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let (tx, rx) = channel();
        let server_requests = Arc::new(Mutex::new(Vec::new()));
        let settings = Arc::new(Mutex::new(options.settings.clone()));
        {
            let stdin = stdin.clone();
            let server_requests = server_requests.clone();
            let settings = settings.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stdout);
                while let Some(message) = read_message(&mut reader) {
                    // Answer the server's requests right away, like an editor would.
                    if let (Some(id), Some(method)) = (message.get("id"), message.get("method").and_then(Value::as_str))
                    {
                        let params = message.get("params").cloned().unwrap_or(Value::Null);
                        server_requests.lock().unwrap().push((method.to_string(), params.clone()));
                        let result = match method {
                            "workspace/configuration" => {
                                let n = params["items"].as_array().map_or(1, Vec::len);
                                Value::Array(vec![settings.lock().unwrap().clone(); n])
                            }
                            _ => Value::Null,
                        };
                        let _ = write_message(&stdin, &json!({"jsonrpc": "2.0", "id": id, "result": result}));
                    }
                    if tx.send(message).is_err() {
                        break;
                    }
                }
            });
        }
        Client {
            child,
            stdin,
            messages: rx,
            backlog: Vec::new(),
            diagnostics: HashMap::new(),
            publications: Vec::new(),
            server_requests,
            settings,
            next_id: 0,
            initialize_result: Value::Null,
            log,
        }
    }

    fn send(&self, message: Value) {
        write_message(&self.stdin, &message).expect("write to consul-ls");
    }

    fn notify(&self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its whole response message.
    fn request_raw(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(&format!("response to {method}"), |m| {
            m.get("id") == Some(&json!(id)) && m.get("method").is_none()
        })
    }

    /// Sends a request and returns its result; an error response fails the test.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        assert!(response.get("error").is_none(), "{method} failed: {response}");
        response["result"].clone()
    }

    /// Handles a received message: publishDiagnostics are recorded, everything goes to the backlog.
    fn record(&mut self, message: &Value) {
        if message["method"] == "textDocument/publishDiagnostics" {
            let uri = message["params"]["uri"].as_str().unwrap().to_string();
            let version = message["params"]["version"].as_i64();
            let list = message["params"]["diagnostics"].as_array().cloned().unwrap_or_default();
            self.diagnostics.insert(uri.clone(), (version, list.clone()));
            self.publications.push((uri, version, list));
        }
    }

    /// Waits for a message matching `pred` (taken from the backlog first), removing and returning it.
    fn wait_for(&mut self, what: &str, mut pred: impl FnMut(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&mut pred) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.messages.recv_timeout(left) {
                Ok(message) => {
                    self.record(&message);
                    if pred(&message) {
                        return message;
                    }
                    self.backlog.push(message);
                }
                Err(RecvTimeoutError::Timeout) => panic!("timed out waiting for {what}; received: {:#?}", self.backlog),
                Err(RecvTimeoutError::Disconnected) => panic!("server closed its output waiting for {what}"),
            }
        }
    }

    /// Waits until the latest diagnostics published for `uri` satisfy `pred`; returns them.
    fn diagnostics_until(&mut self, uri: &str, what: &str, pred: impl Fn(Option<i64>, &[Value]) -> bool) -> Vec<Value> {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some((version, list)) = self.diagnostics.get(uri)
                && pred(*version, list)
            {
                return list.clone();
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.messages.recv_timeout(left) {
                Ok(message) => {
                    self.record(&message);
                    self.backlog.push(message);
                }
                Err(_) => panic!(
                    "timed out waiting for diagnostics of {uri}: {what}; latest: {:#?}",
                    self.diagnostics.get(uri)
                ),
            }
        }
    }

    /// Waits for diagnostics of `uri` with exactly these codes (sorted).
    fn codes_until(&mut self, uri: &str, expected: &[&str]) -> Vec<Value> {
        let mut expected: Vec<&str> = expected.to_vec();
        expected.sort();
        self.diagnostics_until(uri, &format!("codes {expected:?}"), |_, list| codes(list) == expected)
    }

    fn open(&self, uri: &str, text: &str) {
        let language = if uri.ends_with(".json") { "json" } else { "hcl" };
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
    }

    fn change_full(&self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    fn watched(&self, changes: &[(&str, u8)]) {
        let changes: Vec<Value> = changes.iter().map(|(uri, kind)| json!({"uri": uri, "type": kind})).collect();
        self.notify("workspace/didChangeWatchedFiles", json!({"changes": changes}));
    }

    fn server_requests(&self, method: &str) -> Vec<Value> {
        self.server_requests.lock().unwrap().iter().filter(|(m, _)| m == method).map(|(_, p)| p.clone()).collect()
    }

    /// shutdown + exit; returns the exit code.
    fn stop(mut self) -> Option<i32> {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        wait_exit(&mut self.child)
    }
}

fn initialize_params(folders: &[&Path], options: &Options) -> Value {
    let encodings = if options.utf8 { json!(["utf-8", "utf-16"]) } else { json!(["utf-16"]) };
    let folders: Vec<Value> =
        folders.iter().map(|f| json!({"uri": file_uri(f), "name": f.file_name().unwrap().to_str().unwrap()})).collect();
    let resource_operations = if options.document_changes { json!(["create"]) } else { json!([]) };
    json!({
        "processId": null,
        "rootUri": null,
        "workspaceFolders": folders,
        "initializationOptions": options.settings,
        "capabilities": {
            "general": {"positionEncodings": encodings},
            "window": {"workDoneProgress": true},
            "workspace": {
                "configuration": true,
                "workspaceFolders": true,
                "didChangeWatchedFiles": {"dynamicRegistration": true},
                "workspaceEdit": {"documentChanges": options.document_changes, "resourceOperations": resource_operations}
            },
            "textDocument": {
                "synchronization": {"didSave": true},
                "hover": {"contentFormat": ["markdown", "plaintext"]},
                "completion": {"completionItem": {"snippetSupport": true}},
                "documentSymbol": {"hierarchicalDocumentSymbolSupport": true},
                "publishDiagnostics": {"versionSupport": true, "relatedInformation": options.related_information}
            }
        }
    })
}

fn wait_exit(child: &mut Child) -> Option<i32> {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        assert!(Instant::now() < deadline, "server did not exit");
        std::thread::sleep(Duration::from_millis(20));
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn codes(list: &[Value]) -> Vec<&str> {
    let mut codes: Vec<&str> = list.iter().map(|d| d["code"].as_str().unwrap_or("")).collect();
    codes.sort();
    codes
}

fn find<'a>(list: &'a [Value], code: &str) -> &'a Value {
    list.iter().find(|d| d["code"] == code).unwrap_or_else(|| panic!("no {code} in {list:#?}"))
}

fn position_of(text: &str, needle: &str) -> Value {
    position_utf16(text, text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in text")))
}

/// An LSP position (UTF-16) of a byte offset; lines end at \n, \r\n or \r.
fn position_utf16(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + before.matches('\r').count() - before.matches("\r\n").count();
    json!({"line": line, "character": before[line_start..].encode_utf16().count()})
}

fn range_json(start: Value, end: Value) -> Value {
    json!({"start": start, "end": end})
}

// ---------------------------------------------------------------------------------------------------------------
// Tests

/// What fixtures/peering-example reports on cluster-01/frontend.hcl.
const FRONTEND_CODES: &[&str] =
    &["peering-without-mesh-config", "service-not-exported", "upstream-missing-peer", "upstream-peer-conflict"];

#[test]
fn initialize_negotiates_encoding_and_capabilities() {
    let dir = TempDir::fixture("peering-clean");
    let client = Client::start(&[&dir.0], Options::default());
    let caps = &client.initialize_result["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    for provider in [
        "hoverProvider",
        "completionProvider",
        "definitionProvider",
        "referencesProvider",
        "documentSymbolProvider",
        "workspaceSymbolProvider",
        "codeActionProvider",
    ] {
        assert!(!caps[provider].is_null(), "{provider} missing in {caps}");
    }
    assert_eq!(client.initialize_result["serverInfo"]["name"], "consul-ls");
    assert_eq!(client.stop(), Some(0));

    let client = Client::start(&[&dir.0], Options { utf8: true, ..Options::default() });
    assert_eq!(client.initialize_result["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn indexes_workspace_with_progress_and_publishes_for_unopened_files() {
    let dir = TempDir::fixture("peering-example");
    let mut client = Client::start(&[&dir.0], Options::default());
    let frontend = dir.uri("cluster-01/frontend.hcl");
    let list = client.codes_until(&frontend, FRONTEND_CODES);
    let missing_peer = find(&list, "upstream-missing-peer");
    assert_eq!(missing_peer["source"], "consul-ls");
    assert_eq!(missing_peer["severity"], 2);
    // cluster-01/frontend.hcl:12:32-12:41 in the CLI's 1-based columns.
    assert_eq!(
        missing_peer["range"],
        range_json(json!({"line": 11, "character": 31}), json!({"line": 11, "character": 40}))
    );
    // A file of the other cluster, never opened: published too, without a version.
    let exports = dir.uri("cluster-02/exported-services.hcl");
    client.codes_until(&exports, &["export-without-mesh-gateway", "peering-without-mesh-config"]);
    assert_eq!(client.diagnostics[&exports].0, None);
    // Files without findings get nothing.
    assert!(!client.diagnostics.contains_key(&dir.uri("cluster-02/services.hcl")));

    // Progress: a token was created, and begin … end were reported on it.
    let created = client.server_requests("window/workDoneProgress/create");
    assert_eq!(created.len(), 1, "{created:?}");
    let token = created[0]["token"].clone();
    client.wait_for("progress end", |m| {
        m["method"] == "$/progress" && m["params"]["token"] == token && m["params"]["value"]["kind"] == "end"
    });
    let kinds: Vec<String> = client
        .backlog
        .iter()
        .chain(std::iter::empty())
        .filter(|m| m["method"] == "$/progress")
        .map(|m| m["params"]["value"]["kind"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(kinds.first().map(String::as_str), Some("begin"), "{kinds:?}");
    // File watchers were registered for HCL, JSON and the manifest.
    let registrations = client.server_requests("client/registerCapability");
    let text = serde_json::to_string(&registrations).unwrap();
    for glob in ["**/*.hcl", "**/*.json", "**/*.yaml", "**/*.yml", "**/consul-ls.hcl"] {
        assert!(text.contains(glob), "{glob} not registered: {text}");
    }
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn diagnostics_follow_open_edit_save_close_across_files_and_clusters() {
    let dir = TempDir::fixture("peering-example");
    let mut client = Client::start(&[&dir.0], Options::default());
    let frontend = dir.uri("cluster-01/frontend.hcl");
    let exports_uri = dir.uri("cluster-02/exported-services.hcl");
    client.codes_until(&frontend, FRONTEND_CODES);

    // Editing the exporting cluster's entry (open, not saved) changes the importing cluster's findings.
    let exports_text = dir.read("cluster-02/exported-services.hcl");
    client.open(&exports_uri, &exports_text);
    let with_payments = exports_text.replace(
        "  {\n    Name      = \"inventory\"",
        "  {\n    Name      = \"payments\"\n    Consumers = [{ Peer = \"cluster-01\" }]\n  },\n  {\n    Name      = \"inventory\"",
    );
    assert_ne!(with_payments, exports_text);
    client.change_full(&exports_uri, 2, &with_payments);
    client.codes_until(&frontend, &["peering-without-mesh-config", "upstream-missing-peer", "upstream-peer-conflict"]);
    let list = client.diagnostics_until(&exports_uri, "version 2", |v, _| v == Some(2));
    assert_eq!(codes(&list), ["export-without-mesh-gateway", "peering-without-mesh-config"]);

    // Save writes the file; the watcher's event for an open file does not override the buffer.
    std::fs::write(dir.path("cluster-02/exported-services.hcl"), &with_payments).unwrap();
    client.notify("textDocument/didSave", json!({"textDocument": {"uri": exports_uri}}));
    client.watched(&[(&exports_uri, 2)]);

    // Closing it with a different text on disk: the disk text counts again (the original, without payments).
    std::fs::write(dir.path("cluster-02/exported-services.hcl"), &exports_text).unwrap();
    client.notify("textDocument/didClose", json!({"textDocument": {"uri": exports_uri}}));
    client.codes_until(&frontend, FRONTEND_CODES);
    // Still published after close (workspace scope), now without a version.
    client.diagnostics_until(&exports_uri, "no version after close", |v, list| v.is_none() && !list.is_empty());
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn files_created_changed_and_deleted_on_disk() {
    let dir = TempDir::fixture("peering-example");
    let mut client = Client::start(&[&dir.0], Options::default());
    let frontend = dir.uri("cluster-01/frontend.hcl");
    client.codes_until(&frontend, FRONTEND_CODES);
    // A new file registering "backend" in cluster-01: the upstream resolves locally now.
    dir.write("cluster-01/backend.hcl", "service {\n  name = \"backend\"\n  port = 9090\n}\n");
    let backend = dir.uri("cluster-01/backend.hcl");
    client.watched(&[(&backend, 1)]);
    client.codes_until(&frontend, &["peering-without-mesh-config", "service-not-exported", "upstream-peer-conflict"]);
    // Changed on disk: a typo makes it a finding of its own.
    dir.write("cluster-01/backend.hcl", "service {\n  name = \"backend\"\n  prot = 9090\n}\n");
    client.watched(&[(&backend, 2)]);
    client.codes_until(&backend, &["unknown-field"]);
    // Deleted: its diagnostics are cleared, the upstream is missing its peer again.
    std::fs::remove_file(dir.path("cluster-01/backend.hcl")).unwrap();
    client.watched(&[(&backend, 3)]);
    client.codes_until(&backend, &[]);
    client.codes_until(&frontend, FRONTEND_CODES);
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn manifest_change_reindexes_clusters_without_restart() {
    let dir = TempDir::fixture("peering-example");
    let mut client = Client::start(&[&dir.0], Options::default());
    let frontend = dir.uri("cluster-01/frontend.hcl");
    client.codes_until(&frontend, FRONTEND_CODES);
    // Map the peer name "cluster-02" to a cluster that does not exist: now it is an unknown peer.
    let manifest = dir
        .read("consul-ls.hcl")
        .replace("peers = { \"cluster-02\" = \"cluster-02\" }", "peers = { \"cluster-02\" = \"elsewhere\" }");
    dir.write("consul-ls.hcl", &manifest);
    client.watched(&[(&dir.uri("consul-ls.hcl"), 2)]);
    let list = client.diagnostics_until(&frontend, "unknown-peer", |_, list| codes(list).contains(&"unknown-peer"));
    assert!(!codes(&list).contains(&"service-not-exported"), "{list:#?}");
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn multi_root_workspace_publishes_for_each_folder() {
    let a = TempDir::fixture("peering-example");
    let b = TempDir::new("second-root");
    b.write("web.hcl", "service {\n  name = \"web\"\n  prot = 1\n}\n");
    let mut client = Client::start(&[&a.0, &b.0], Options::default());
    client.codes_until(&b.uri("web.hcl"), &["unknown-field"]);
    client.diagnostics_until(&a.uri("cluster-01/frontend.hcl"), "findings", |_, l| !l.is_empty());
    assert_eq!(client.stop(), Some(0));
}

/// 500 `didChange` notifications sent back to back, each an incremental insert whose position depends on every
/// earlier one: any reordering would scramble the text.
#[test]
fn five_hundred_rapid_edits_apply_in_order() {
    let dir = TempDir::fixture("peering-clean");
    let mut client = Client::start(&[&dir.0], Options::default());
    let uri = dir.uri("cluster-01/typing.hcl");
    client.open(&uri, "");
    let body = "service {\r\n  name = \"wéb-服务\"\n  prot = 8080\n}\n";
    let mut target = String::from("# 😀 typed one character at a time: ");
    while target.chars().count() + body.chars().count() < 499 {
        target.push(['x', 'é', '界', '🎉'][target.len() % 4]);
    }
    target.push('\n');
    target.push_str(body);
    let chars: Vec<char> = target.chars().collect();
    assert_eq!(chars.len(), 500);
    let mut text = String::new();
    for (i, c) in chars.iter().enumerate() {
        let at = position_utf16(&text, text.len());
        let change = json!({"range": range_json(at.clone(), at), "text": c.to_string()});
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": i + 2}, "contentChanges": [change]}),
        );
        text.push(*c);
    }
    let state = client.request("consul-ls/documentState", json!({"uri": uri}));
    assert_eq!(state["version"], 501);
    assert_eq!(state["text"].as_str().unwrap(), target);
    let list = client.diagnostics_until(&uri, "version 501", |v, _| v == Some(501));
    assert_eq!(codes(&list), ["unknown-field"]);
    assert_eq!(find(&list, "unknown-field")["range"]["start"], position_of(&target, "prot"));
    // Edits that arrive while an analysis runs coalesce: at most one publication per version, never one for a
    // version after the last, and never an older result over a newer one.
    let versions: Vec<i64> =
        client.publications.iter().filter(|(u, _, _)| *u == uri).filter_map(|(_, v, _)| *v).collect();
    assert!(versions.len() <= 501, "{} publications for 500 edits", versions.len());
    assert_eq!(versions.last(), Some(&501));
    assert!(versions.windows(2).all(|w| w[0] < w[1]), "{versions:?}");
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn utf16_and_utf8_positions_on_non_ascii_text() {
    let dir = TempDir::new("encodings");
    let text = "service { name = \"服务😀\", prot = 8080 }\r\n";
    dir.write("svc.hcl", text);
    let uri = dir.uri("svc.hcl");
    let prot = text.find("prot").unwrap();

    let mut client = Client::start(&[&dir.0], Options::default());
    let list = client.codes_until(&uri, &["unknown-field"]);
    // UTF-16: 服 and 务 are one unit each, 😀 two.
    let utf16 = text[..prot].encode_utf16().count();
    assert_eq!(list[0]["range"]["start"], json!({"line": 0, "character": utf16}));
    // An edit in UTF-16 columns: replace "prot" by "port".
    client.open(&uri, text);
    let start = json!({"line": 0, "character": utf16});
    let end = json!({"line": 0, "character": utf16 + 4});
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"range": range_json(start, end), "text": "port"}]}),
    );
    client.diagnostics_until(&uri, "clean at version 2", |v, list| v == Some(2) && list.is_empty());
    assert_eq!(client.stop(), Some(0));

    let mut client = Client::start(&[&dir.0], Options { utf8: true, ..Options::default() });
    let list = client.codes_until(&uri, &["unknown-field"]);
    assert_eq!(list[0]["range"]["start"], json!({"line": 0, "character": prot}));
    client.open(&uri, text);
    let start = json!({"line": 0, "character": prot});
    let end = json!({"line": 0, "character": prot + 4});
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"range": range_json(start, end), "text": "port"}]}),
    );
    client.diagnostics_until(&uri, "clean at version 2", |v, list| v == Some(2) && list.is_empty());
    let state = client.request("consul-ls/documentState", json!({"uri": uri}));
    assert_eq!(state["text"], text.replace("prot", "port"));
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn configuration_scope_and_severity_overrides() {
    let dir = TempDir::fixture("peering-example");
    let settings =
        json!({"diagnostics": {"severity": {"upstream-missing-peer": "error", "peering-without-mesh-config": "off"}}});
    let mut client = Client::start(&[&dir.0], Options { settings, ..Options::default() });
    let frontend = dir.uri("cluster-01/frontend.hcl");
    let list =
        client.codes_until(&frontend, &["service-not-exported", "upstream-missing-peer", "upstream-peer-conflict"]);
    assert_eq!(find(&list, "upstream-missing-peer")["severity"], 1);
    assert_eq!(client.server_requests("workspace/configuration").len(), 1);

    // Only open files: everything else is cleared; the open file keeps its findings.
    *client.settings.lock().unwrap() = json!({"diagnostics": {"scope": "openFiles"}});
    let text = dir.read("cluster-01/frontend.hcl");
    client.open(&frontend, &text);
    client.notify("workspace/didChangeConfiguration", json!({"settings": null}));
    let exports = dir.uri("cluster-02/exported-services.hcl");
    client.codes_until(&exports, &[]);
    client.codes_until(&frontend, FRONTEND_CODES);
    // Closing the file clears it too.
    client.notify("textDocument/didClose", json!({"textDocument": {"uri": frontend}}));
    client.codes_until(&frontend, &[]);
    assert_eq!(client.stop(), Some(0));
}

/// `consul-ls/graph`: what `consul-ls graph` prints, in all three formats, from the open documents as edited, and
/// with the codes the settings turn off left out of the edges' findings.
#[test]
fn graph_request_follows_edits_and_settings() {
    let dir = TempDir::fixture("peering-example");
    let settings = json!({"diagnostics": {"severity": {"upstream-missing-peer": "off"}}});
    let mut client = Client::start(&[&dir.0], Options { settings, ..Options::default() });
    // Asked at once: the answer waits for the workspace to be indexed.
    let graph = client.request("consul-ls/graph", json!({}));
    let cli = |format: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_consul-ls"))
            .args(["graph", "--format", format])
            .current_dir(&dir.0)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(graph["version"], 1);
    let dot = graph["dot"].as_str().unwrap();
    assert_eq!(
        dot.replace("s0 -> x0;", ""),
        cli("dot").replace(
            "s0 -> x0 [label=\"upstream-missing-peer\", color=\"#d32f2f\", fontcolor=\"#d32f2f\", penwidth=2];",
            ""
        )
    );
    let mut expected: Value = serde_json::from_str(&cli("json")).unwrap();
    // upstream-missing-peer is off in the editor.
    expected["edges"][0]["findings"] = json!([]);
    assert_eq!(graph["graph"], expected);
    assert!(graph["mermaid"].as_str().unwrap().contains("linkStyle 1 stroke:#d32f2f"), "{}", graph["mermaid"]);

    // Export payments in the (unsaved) exported-services buffer: its upstream is no longer red.
    let exports = dir.uri("cluster-02/exported-services.hcl");
    let text = dir.read("cluster-02/exported-services.hcl");
    client.open(&exports, &text);
    let edited = text.replace("Name      = \"backend\"", "Name      = \"payments\"");
    client.change_full(&exports, 2, &edited);
    let graph = client.request("consul-ls/graph", json!({}));
    let findings: Vec<&Value> =
        graph["graph"]["edges"].as_array().unwrap().iter().flat_map(|e| e["findings"].as_array().unwrap()).collect();
    assert!(findings.is_empty(), "{}", graph["graph"]);
    assert!(!graph["mermaid"].as_str().unwrap().contains("linkStyle"), "{}", graph["mermaid"]);
    // Params must be present (an object), as for every request with params.
    let response = client.request_raw("consul-ls/graph", Value::Null);
    assert!(response.get("result").is_some(), "null params are accepted: {response}");
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn protocol_robustness() {
    let dir = TempDir::fixture("peering-clean");
    let mut client =
        Client::start(&[&dir.0], Options { env: vec![("CONSUL_LS_TEST_HOOKS", "1")], ..Options::default() });
    // Unknown request: MethodNotFound. Unknown notification: ignored.
    let response = client.request_raw("consul-ls/noSuchMethod", json!({}));
    assert_eq!(response["error"]["code"], -32601, "{response}");
    client.notify("consul-ls/noSuchNotification", json!({}));
    // A panic inside a handler becomes an error response, and the server keeps serving.
    let response = client.request_raw("consul-ls/panic", Value::Null);
    assert_eq!(response["error"]["code"], -32603, "{response}");
    let uri = dir.uri("cluster-01/frontend.hcl");
    client.open(&uri, &dir.read("cluster-01/frontend.hcl"));
    let state = client.request("consul-ls/documentState", json!({"uri": uri}));
    assert_eq!(state["version"], 1);
    // A cancelled request answers (with a result or RequestCancelled), never hangs.
    client.next_id += 1;
    let id = client.next_id;
    client.send(json!({"jsonrpc": "2.0", "id": id, "method": "workspace/symbol", "params": {"query": ""}}));
    client.notify("$/cancelRequest", json!({"id": id}));
    let response = client.wait_for("cancelled response", |m| m["id"] == id);
    assert!(response.get("result").is_some() || response["error"]["code"] == -32800, "{response}");
    // After shutdown, requests are refused; exit then ends the process with 0.
    client.request("shutdown", Value::Null);
    let response = client.request_raw(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(response["error"]["code"], -32600, "{response}");
    client.notify("exit", Value::Null);
    assert_eq!(wait_exit(&mut client.child), Some(0));
}

/// Malformed JSON-RPC (broken JSON, invalid UTF-8, a JSON value that is no message, a bad header) gets an error
/// response and the server keeps serving.
#[test]
fn malformed_messages_are_answered_and_the_server_keeps_serving() {
    let dir = TempDir::fixture("peering-example");
    let mut client = Client::start(&[&dir.0], Options::default());
    let raw = |client: &Client, bytes: &[u8]| {
        let mut stdin = client.stdin.lock().unwrap();
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    };
    let frame = |body: &[u8]| [format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes(), body].concat();
    raw(&client, &frame(br#"{"jsonrpc": "2.0", "id": 90, "method": "#));
    let response = client.wait_for("parse error", |m| m["error"]["code"] == -32700);
    assert!(response["id"].is_null(), "{response}");
    raw(&client, &frame(b"\xff\xfe not UTF-8"));
    client.wait_for("parse error for invalid UTF-8", |m| m["error"]["code"] == -32700);
    raw(&client, &frame(br#"{"foo": 1, "id": 91}"#));
    let response = client.wait_for("invalid request", |m| m["error"]["code"] == -32600);
    assert_eq!(response["id"], 91, "{response}");
    raw(&client, b"Not-A-Header\r\n\r\n");
    client.wait_for("bad header", |m| m["error"]["code"] == -32700);
    // Still serving: diagnostics for the example, then a normal request and a clean shutdown.
    let uri = dir.uri("cluster-01/frontend.hcl");
    client.open(&uri, &dir.read("cluster-01/frontend.hcl"));
    client.codes_until(&uri, FRONTEND_CODES);
    client.request("workspace/symbol", json!({"query": "frontend"}));
    assert_eq!(client.stop(), Some(0));
}

/// ACL tokens written in configs never reach the log (even at `trace`) nor any message to the client.
#[test]
fn token_secrets_are_never_logged_or_echoed() {
    let dir = TempDir::fixture("token-in-config");
    let mut client = Client::start(&[&dir.0], Options { env: vec![("CONSUL_LS_LOG", "trace")], ..Options::default() });
    let uri = dir.uri("agent.hcl");
    let text = dir.read("agent.hcl");
    let secret = "b1gs3cr3t-0000-4000-8000-000000000001";
    assert!(text.contains(secret));
    client.open(&uri, &text);
    let diagnostics = client.codes_until(&uri, &["token-in-config"]);
    let line = text.lines().position(|l| l.contains(secret)).unwrap();
    let character = text.lines().nth(line).unwrap().find(secret).unwrap() + 3;
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
    );
    let edited = text.replace(secret, &format!("{secret}-changed"));
    client.change_full(&uri, 2, &edited);
    client.diagnostics_until(&uri, "version 2", |v, _| v == Some(2));
    let log = client.log.clone();
    assert_eq!(client.stop(), Some(0));
    let log = log.lock().unwrap();
    assert!(log.contains("TRACE") || log.contains("DEBUG"), "trace logging was not on:\n{log}");
    for (what, text) in
        [("log", log.clone()), ("diagnostics", format!("{diagnostics:?}")), ("hover", hover.to_string())]
    {
        assert!(!text.contains("b1gs3cr3t"), "the token appears in the {what}:\n{text}");
    }
}

#[test]
fn exit_without_shutdown_exits_with_1() {
    let dir = TempDir::new("exit");
    let mut client = Client::start(&[&dir.0], Options::default());
    client.notify("exit", Value::Null);
    assert_eq!(wait_exit(&mut client.child), Some(1));
}

/// The position inside `needle` (`at` bytes into it) in `text`.
fn position_in(text: &str, needle: &str, at: usize) -> Value {
    position_utf16(text, text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in text")) + at)
}

fn hover_text(client: &mut Client, uri: &str, position: Value) -> String {
    let result = client.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": position}));
    assert_eq!(result["contents"]["kind"], "markdown", "{result}");
    let range = &result["range"];
    format!(
        "range: {}:{}-{}:{}\n\n{}",
        range["start"]["line"],
        range["start"]["character"],
        range["end"]["line"],
        range["end"]["character"],
        result["contents"]["value"].as_str().unwrap()
    )
}

#[test]
fn hover_keys_and_topology() {
    let example = TempDir::fixture("peering-example");
    let clean = TempDir::fixture("peering-clean");
    let mut client = Client::start(&[&example.0], Options::default());
    let frontend = example.uri("cluster-01/frontend.hcl");
    client.diagnostics_until(&frontend, "indexed", |_, l| !l.is_empty());
    let text = example.read("cluster-01/frontend.hcl");

    insta::assert_snapshot!(
        "hover_key_destination_peer",
        hover_text(&mut client, &frontend, position_in(&text, "destination_peer = ", 3))
    );
    insta::assert_snapshot!(
        "hover_destination_peer_value",
        hover_text(
            &mut client,
            &frontend,
            position_in(&text, "\"cluster-02\"\n            local_bind_port  = 9091", 2)
        )
    );
    insta::assert_snapshot!(
        "hover_upstream_without_peer",
        hover_text(&mut client, &frontend, position_in(&text, "= \"backend\"", 4))
    );
    let exports = example.uri("cluster-02/exported-services.hcl");
    let exports_text = example.read("cluster-02/exported-services.hcl");
    insta::assert_snapshot!(
        "hover_exported_service",
        hover_text(&mut client, &exports, position_in(&exports_text, "\"backend\"", 2))
    );
    insta::assert_snapshot!(
        "hover_config_entry_kind",
        hover_text(&mut client, &exports, position_in(&exports_text, "\"exported-services\"", 3))
    );
    assert_eq!(client.stop(), Some(0));

    let mut client = Client::start(&[&clean.0], Options::default());
    let gateway = clean.uri("cluster-02/mesh-gateway.json");
    let gateway_text = clean.read("cluster-02/mesh-gateway.json");
    // Wait for the index: hovers read the whole workspace.
    client.wait_for("indexing done", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    insta::assert_snapshot!(
        "hover_mesh_gateway",
        hover_text(&mut client, &gateway, position_in(&gateway_text, "\"mesh-gateway\",\n    \"port\"", 3))
    );
    let policy = clean.uri("cluster-01/mesh-gateway-policy.hcl");
    let policy_text = clean.read("cluster-01/mesh-gateway-policy.hcl");
    insta::assert_snapshot!(
        "hover_acl_rule",
        hover_text(&mut client, &policy, position_in(&policy_text, "policy = \"write\"", 2))
    );
    let api_policy = clean.uri("cluster-02/mesh-gateway-policy.json");
    let api_text = clean.read("cluster-02/mesh-gateway-policy.json");
    insta::assert_snapshot!(
        "hover_acl_rule_in_rules_string",
        hover_text(&mut client, &api_policy, position_in(&api_text, "peering = ", 2))
    );
    assert_eq!(client.stop(), Some(0));
}

/// The findings a fixture's `expected.snap` lists: (file, code) pairs.
fn expected_findings(fixture: &str) -> Vec<(String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(fixture).join("expected.snap");
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .skip_while(|l| *l != "---")
        .skip(1)
        .skip_while(|l| *l != "---")
        .skip(1)
        .filter_map(|line| {
            let (location, rest) = line.split_once(' ')?;
            let file = location.split(':').next()?.to_string();
            let code = rest.split(' ').nth(1)?.to_string();
            Some((file, code))
        })
        .collect()
}

/// Waits until every file of the fixture has exactly the expected codes published.
fn wait_for_fixture(client: &mut Client, dir: &TempDir, fixture: &str) -> Vec<(String, Vec<Value>)> {
    let expected = expected_findings(fixture);
    let mut files: Vec<&String> = expected.iter().map(|(f, _)| f).collect();
    files.sort();
    files.dedup();
    files
        .into_iter()
        .map(|file| {
            let codes: Vec<&str> = expected.iter().filter(|(f, _)| f == file).map(|(_, c)| c.as_str()).collect();
            let list = client.codes_until(&dir.uri(file), &codes);
            (file.clone(), list)
        })
        .collect()
}

/// A byte offset of an LSP (UTF-16) position in `text`.
fn offset_utf16(text: &str, position: &Value) -> usize {
    let (line, character) =
        (position["line"].as_u64().unwrap() as usize, position["character"].as_u64().unwrap() as usize);
    let mut offset = 0;
    for _ in 0..line {
        let rest = &text[offset..];
        let Some(at) = rest.find(['\n', '\r']) else { return text.len() };
        offset += at + if rest[at..].starts_with("\r\n") { 2 } else { 1 };
    }
    let line_text = &text[offset..];
    let line_text = &line_text[..line_text.find(['\n', '\r']).unwrap_or(line_text.len())];
    let mut units = 0;
    for (i, c) in line_text.char_indices() {
        if units >= character {
            return offset + i;
        }
        units += c.len_utf16();
    }
    offset + line_text.len()
}

fn apply_text_edits(text: &str, edits: &[Value]) -> String {
    let mut edits: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset_utf16(text, &e["range"]["start"]),
                offset_utf16(text, &e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    edits.sort_by_key(|(start, _, _)| std::cmp::Reverse(*start));
    let mut out = text.to_string();
    for (start, end, new_text) in edits {
        out.replace_range(start..end, new_text);
    }
    out
}

fn path_of(uri: &str) -> PathBuf {
    let raw = uri.strip_prefix("file://").unwrap();
    let mut bytes = Vec::new();
    let mut i = 0;
    let b = raw.as_bytes();
    while i < b.len() {
        if b[i] == b'%' {
            bytes.push(u8::from_str_radix(&raw[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            bytes.push(b[i]);
            i += 1;
        }
    }
    PathBuf::from(String::from_utf8(bytes).unwrap())
}

/// Every quick fix of every fixable finding of the fixtures, applied as the editor would (buffers edited with
/// didChange, created files written and reported by the watcher), re-checked (the finding is gone, no syntax
/// error appears), then reverted (the finding is back) before the next one.
#[test]
fn every_quick_fix_applies_and_rechecks_clean() {
    let fixtures = [
        "unknown-field",
        "invalid-value",
        "upstream-peer-conflict",
        "upstream-missing-namespace",
        "export-without-mesh-gateway",
        "gateway-partition-mismatch",
        "local-mode-without-gateway",
        "peering-without-mesh-config",
        "acl-gateway",
        "peering-example",
        "missing-required",
        "service-not-exported",
        "k8s-peer-names",
        "k8s-service-not-exported",
        "k8s-strict-types",
    ];
    let mut applied = 0;
    let mut codes_fixed = std::collections::BTreeSet::new();
    for fixture in fixtures {
        let dir = TempDir::fixture(fixture);
        let mut client = Client::start(&[&dir.0], Options::default());
        let findings = wait_for_fixture(&mut client, &dir, fixture);
        // Open documents and their versions, as the "editor" has them.
        let mut versions: HashMap<String, i64> = HashMap::new();
        for (file, list) in &findings {
            let uri = dir.uri(file);
            for diagnostic in list {
                let response = client.request(
                    "textDocument/codeAction",
                    json!({"textDocument": {"uri": uri}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic], "only": ["quickfix"]}}),
                );
                let actions = response.as_array().cloned().unwrap_or_default();
                for (i, action) in actions.iter().enumerate() {
                    let code = diagnostic["code"].as_str().unwrap();
                    let what = format!("{fixture}/{file} {code}: {}", action["title"]);
                    assert_eq!(action["kind"], "quickfix", "{what}");
                    assert_eq!(action["diagnostics"][0], *diagnostic, "{what}: not attached to its diagnostic");
                    assert_eq!(action["isPreferred"], i == 0, "{what}");
                    // Apply.
                    let mut originals: Vec<(String, String)> = Vec::new();
                    let mut created: Vec<String> = Vec::new();
                    let mut created_text: HashMap<String, String> = HashMap::new();
                    for change in action["edit"]["documentChanges"].as_array().expect("documentChanges") {
                        let target =
                            change["textDocument"]["uri"].as_str().or(change["uri"].as_str()).unwrap().to_string();
                        if change["kind"] == "create" {
                            created.push(target.clone());
                            created_text.insert(target, String::new());
                            continue;
                        }
                        if let Some(text) = created_text.get_mut(&target) {
                            *text = apply_text_edits(text, change["edits"].as_array().unwrap());
                            continue;
                        }
                        let path = path_of(&target);
                        let before = std::fs::read_to_string(&path).unwrap();
                        if !versions.contains_key(&target) {
                            client.open(&target, &before);
                            versions.insert(target.clone(), 1);
                        }
                        let version = versions.get_mut(&target).unwrap();
                        *version += 1;
                        let after = apply_text_edits(&before, change["edits"].as_array().unwrap());
                        assert_ne!(after, before, "{what}: no change");
                        client.change_full(&target, *version, &after);
                        originals.push((target, before));
                    }
                    for uri in &created {
                        std::fs::write(path_of(uri), &created_text[uri]).unwrap();
                    }
                    let events: Vec<(&str, u8)> = created.iter().map(|u| (u.as_str(), 1)).collect();
                    if !events.is_empty() {
                        client.watched(&events);
                    }
                    let version = versions.get(&uri).copied();
                    let range = diagnostic["range"].clone();
                    let gone = |v: Option<i64>, list: &[Value]| {
                        v == version && !list.iter().any(|d| d["code"] == code && d["range"] == range)
                    };
                    let after = if version.is_none() && !originals.iter().any(|(u, _)| *u == uri) {
                        client.diagnostics_until(&uri, &format!("{what} fixed"), |_, list| {
                            !list.iter().any(|d| d["code"] == code && d["range"] == range)
                        })
                    } else {
                        client.diagnostics_until(&uri, &format!("{what} fixed"), gone)
                    };
                    assert!(!codes(&after).contains(&"syntax"), "{what}: syntax error after the fix: {after:#?}");
                    for (edited, _) in &originals {
                        let list = client.diagnostics.get(edited).map(|(_, l)| l.clone()).unwrap_or_default();
                        assert!(!codes(&list).contains(&"syntax"), "{what}: syntax error in {edited}: {list:#?}");
                    }
                    applied += 1;
                    codes_fixed.insert(code.to_string());
                    // Revert.
                    for (target, before) in &originals {
                        let version = versions.get_mut(target).unwrap();
                        *version += 1;
                        client.change_full(target, *version, before);
                    }
                    for uri in &created {
                        std::fs::remove_file(path_of(uri)).unwrap();
                    }
                    let events: Vec<(&str, u8)> = created.iter().map(|u| (u.as_str(), 3)).collect();
                    if !events.is_empty() {
                        client.watched(&events);
                    }
                    let version = versions.get(&uri).copied();
                    client.diagnostics_until(&uri, &format!("{what} reverted"), |v, list| {
                        v == version && list.iter().any(|d| d["code"] == code && d["range"] == range)
                    });
                }
            }
        }
        assert_eq!(client.stop(), Some(0));
    }
    let expected: Vec<&str> = vec![
        "acl-gateway-mesh-write",
        "acl-gateway-peering-read",
        "acl-gateway-service-read",
        "acl-gateway-service-write",
        "export-without-mesh-gateway",
        "gateway-partition-mismatch",
        "invalid-value",
        "local-mode-without-gateway",
        "missing-required",
        "peering-without-mesh-config",
        "service-not-exported",
        "unknown-field",
        "unknown-peer",
        "upstream-missing-namespace",
        "upstream-missing-peer",
        "upstream-peer-conflict",
    ];
    let fixed: Vec<&str> = codes_fixed.iter().map(String::as_str).collect();
    assert_eq!(fixed, expected, "codes with a quick fix that was applied");
    assert!(applied >= expected.len());
}

#[test]
fn fixes_that_create_files_need_resource_operations() {
    let dir = TempDir::fixture("export-without-mesh-gateway");
    let mut client = Client::start(&[&dir.0], Options { document_changes: false, ..Options::default() });
    let findings = wait_for_fixture(&mut client, &dir, "export-without-mesh-gateway");
    let (file, list) = &findings[0];
    let diagnostic = find(list, "export-without-mesh-gateway");
    let response = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": dir.uri(file)}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}}),
    );
    assert!(response.is_null() || response.as_array().unwrap().is_empty(), "{response:#}");
    assert_eq!(client.stop(), Some(0));

    // Plain `changes` for edits when the client has no documentChanges.
    let dir = TempDir::fixture("unknown-field");
    let mut client = Client::start(&[&dir.0], Options { document_changes: false, ..Options::default() });
    let findings = wait_for_fixture(&mut client, &dir, "unknown-field");
    let (file, list) = findings
        .iter()
        .find(|(_, l)| l.iter().any(|d| d["message"].as_str().unwrap().contains("did you mean")))
        .unwrap();
    let diagnostic = list.iter().find(|d| d["message"].as_str().unwrap().contains("did you mean")).unwrap();
    let response = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": dir.uri(file)}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}}),
    );
    let changes = &response[0]["edit"]["changes"];
    assert!(changes[dir.uri(file)].is_array(), "{response:#}");
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn completion_over_lsp() {
    let dir = TempDir::fixture("peering-example");
    let mut client = Client::start(&[&dir.0], Options::default());
    client.wait_for("indexing done", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    let uri = dir.uri("cluster-01/new.hcl");
    let text = "service {\n  name = \"web\"\n  connect { sidecar_service { proxy { upstreams = [{\n    destination_name = \"\"\n    destination_peer = \"\"\n    dest\n  }] } } }\n}\n";
    client.open(&uri, text);
    let complete = |client: &mut Client, position: Value| -> Vec<Value> {
        let result =
            client.request("textDocument/completion", json!({"textDocument": {"uri": uri}, "position": position}));
        result.as_array().cloned().unwrap_or_else(|| result["items"].as_array().cloned().unwrap_or_default())
    };
    let labels =
        |items: &[Value]| -> Vec<String> { items.iter().map(|i| i["label"].as_str().unwrap().to_string()).collect() };
    // Keys valid in the upstream block, as snippets replacing the typed word.
    let items = complete(&mut client, position_in(text, "    dest\n", 8));
    let peer = items.iter().find(|i| i["label"] == "destination_partition").expect("destination_partition");
    assert_eq!(peer["insertTextFormat"], 2);
    assert_eq!(peer["textEdit"]["newText"], "destination_partition = \"$1\"");
    assert_eq!(
        peer["textEdit"]["range"],
        range_json(position_in(text, "    dest\n", 4), position_in(text, "    dest\n", 8))
    );
    assert!(!labels(&items).contains(&"destination_name".to_string()));
    // Service names: registered here or exported to this cluster by a peer; not the upstream's own service (web).
    let items = complete(&mut client, position_in(text, "destination_name = \"\"", 20));
    assert_eq!(
        labels(&items),
        ["frontend", "backend", "inventory"],
        "registered here (not the upstream's own service) or exported by a peer"
    );
    // Peer names from the manifest.
    let items = complete(&mut client, position_in(text, "destination_peer = \"\"", 20));
    assert_eq!(labels(&items), ["cluster-02"]);
    // Enum values.
    let entry_uri = dir.uri("cluster-01/defaults.hcl");
    let entry = "Kind = \"service-defaults\"\nName = \"web\"\nMeshGateway {\n  Mode = \"\"\n}\n";
    client.open(&entry_uri, entry);
    let result = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": entry_uri}, "position": position_in(entry, "Mode = \"\"", 8)}),
    );
    let items = result.as_array().unwrap();
    assert_eq!(labels(items), ["none", "local", "remote"]);
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn definition_references_and_symbols_over_lsp() {
    let dir = TempDir::fixture("peering-clean");
    let mut client = Client::start(&[&dir.0], Options::default());
    client.wait_for("indexing done", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    let frontend = dir.uri("cluster-01/frontend.hcl");
    let text = dir.read("cluster-01/frontend.hcl");
    let at = |needle: &str| json!({"textDocument": {"uri": frontend}, "position": position_in(&text, needle, 2)});
    // The upstream's service: its registration in the peer cluster.
    let result = client.request("textDocument/definition", at("\"backend\""));
    let backend = dir.read("cluster-02/backend.hcl");
    assert_eq!(
        result,
        json!([{"uri": dir.uri("cluster-02/backend.hcl"), "range": range_json(position_of(&backend, "\"backend\""), position_after(&backend, "\"backend\""))}])
    );
    // The peer: its cluster in the manifest.
    let result = client.request("textDocument/definition", at("\"cluster-02\""));
    assert_eq!(result[0]["uri"], dir.uri("consul-ls.hcl"));
    // References of the service: the upstream, the registration, the export, the intention.
    let result = client.request(
        "textDocument/references",
        json!({"textDocument": {"uri": dir.uri("cluster-02/backend.hcl")}, "position": position_in(&backend, "\"backend\"", 2), "context": {"includeDeclaration": true}}),
    );
    let uris: Vec<&str> = result.as_array().unwrap().iter().map(|l| l["uri"].as_str().unwrap()).collect();
    assert_eq!(
        uris,
        [
            frontend.as_str(),
            &dir.uri("cluster-02/backend.hcl"),
            &dir.uri("cluster-02/exported-services.hcl"),
            &dir.uri("cluster-02/intentions.hcl")
        ]
    );
    // Document symbols: the service with its upstream.
    let result = client.request("textDocument/documentSymbol", json!({"textDocument": {"uri": frontend}}));
    assert_eq!(result[0]["name"], "frontend");
    assert_eq!(result[0]["children"][0]["name"], "backend");
    assert_eq!(result[0]["children"][0]["detail"], "upstream via peer cluster-02");
    // Workspace symbols, filtered by the query, with their cluster.
    let result = client.request("workspace/symbol", json!({"query": "mesh-gate"}));
    let mut found: Vec<String> = result
        .as_array()
        .unwrap()
        .iter()
        .map(|s| format!("{} {}", s["containerName"].as_str().unwrap(), s["name"].as_str().unwrap()))
        .collect();
    found.sort();
    assert_eq!(found, ["cluster-01 mesh-gateway", "cluster-02 mesh-gateway", "cluster-02 mesh-gateway"]);
    assert_eq!(client.stop(), Some(0));
}

fn position_after(text: &str, needle: &str) -> Value {
    position_utf16(text, text.find(needle).unwrap() + needle.len())
}

#[test]
fn workspace_folders_added_and_removed() {
    let a = TempDir::new("folder-a");
    a.write("web.hcl", "service {\n  name = \"web\"\n  prot = 1\n}\n");
    let b = TempDir::new("folder-b");
    b.write("api.hcl", "service {\n  name = \"api\"\n  naem = \"x\"\n}\n");
    let mut client = Client::start(&[&a.0], Options::default());
    client.codes_until(&a.uri("web.hcl"), &["unknown-field"]);
    client.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": [{"uri": file_uri(&b.0), "name": "b"}], "removed": [{"uri": file_uri(&a.0), "name": "a"}]}}),
    );
    client.codes_until(&b.uri("api.hcl"), &["unknown-field"]);
    client.codes_until(&a.uri("web.hcl"), &[]);
    assert_eq!(client.stop(), Some(0));
}

/// A client that does not wait for answers: `initialized` and `didOpen` right behind `initialize`, `exit` right
/// behind `shutdown`. Nothing is lost, and the exit code still says the shutdown was orderly.
#[test]
fn pipelined_messages_are_not_lost() {
    let dir = TempDir::new("pipelined");
    let options = Options::default();
    let client = Client::spawn(&options);
    let uri = dir.uri("web.hcl");
    client.send(
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": initialize_params(&[&dir.0], &options)}),
    );
    client.notify("initialized", json!({}));
    client.open(&uri, "service {\n  name = \"web\"\n  prot = 1\n}\n");
    let mut client = client;
    client.codes_until(&uri, &["unknown-field"]);
    client.send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    client.notify("exit", Value::Null);
    assert_eq!(wait_exit(&mut client.child), Some(0));
}

// ---------------------------------------------------------------------------------------------------------------
// Editing features: formatting, rename, lenses, inlay hints, semantic tokens, folding, selection, links

/// Starts a client on a copy of `fixture` and waits until the workspace is indexed.
fn indexed(fixture: &str, options: Options) -> (TempDir, Client) {
    let dir = TempDir::fixture(fixture);
    let mut client = Client::start(&[&dir.0], options);
    client.wait_for("indexing done", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    (dir, client)
}

#[test]
fn editing_capabilities_are_advertised() {
    let dir = TempDir::fixture("peering-clean");
    let client = Client::start(&[&dir.0], Options::default());
    let caps = &client.initialize_result["capabilities"];
    for provider in [
        "documentFormattingProvider",
        "documentRangeFormattingProvider",
        "codeLensProvider",
        "inlayHintProvider",
        "foldingRangeProvider",
        "selectionRangeProvider",
        "documentLinkProvider",
    ] {
        assert!(!caps[provider].is_null(), "{provider} missing in {caps}");
    }
    assert_eq!(caps["renameProvider"]["prepareProvider"], true, "{caps}");
    let legend = &caps["semanticTokensProvider"]["legend"];
    assert_eq!(legend["tokenTypes"], json!(["property", "type", "interface", "namespace"]), "{caps}");
    assert_eq!(legend["tokenModifiers"], json!(["deprecated", "declaration", "unknown"]), "{caps}");
    assert_eq!(caps["semanticTokensProvider"]["range"], true);
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn formatting_whole_documents_and_ranges() {
    let dir = TempDir::new("formatting");
    dir.write("agent.hcl", "datacenter =   \"dc1\"\nservice {\nname = \"web\"\n    port    = 8080\n}\n");
    dir.write("sd.json", "{\"Kind\":\"service-defaults\",\"Name\":\"web\"}");
    dir.write("broken.hcl", "service {\n  name =   \"web\"\n");
    dir.write("main.tf.hcl", "resource \"x\" \"y\" {\nami =   \"z\"\n}\n");
    let mut client = Client::start(&[&dir.0], Options::default());
    client.wait_for("indexing done", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    let format = |client: &mut Client, rel: &str| {
        let uri = dir.uri(rel);
        let text = dir.read(rel);
        client.open(&uri, &text);
        let edits = client.request(
            "textDocument/formatting",
            json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
        );
        match edits.as_array() {
            Some(edits) => apply_text_edits(&text, edits),
            None => format!("(null: {edits})"),
        }
    };
    let agent = format(&mut client, "agent.hcl");
    assert_eq!(agent, "datacenter = \"dc1\"\n\nservice {\n  name = \"web\"\n  port = 8080\n}\n");
    assert_eq!(format(&mut client, "sd.json"), "{\n  \"Kind\": \"service-defaults\",\n  \"Name\": \"web\"\n}\n");
    // A broken file and another tool's file are never formatted.
    assert_eq!(format(&mut client, "broken.hcl"), "(null: null)");
    assert_eq!(format(&mut client, "main.tf.hcl"), "(null: null)");
    // A range: only the items it touches (the service block), not the datacenter line.
    let uri = dir.uri("agent.hcl");
    let text = dir.read("agent.hcl");
    let range = range_json(position_of(&text, "service"), position_of(&text, "    port"));
    let edits = client.request(
        "textDocument/rangeFormatting",
        json!({"textDocument": {"uri": uri}, "range": range, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    let ranged = apply_text_edits(&text, edits.as_array().expect("edits"));
    assert_eq!(ranged, "datacenter =   \"dc1\"\nservice {\n  name = \"web\"\n  port = 8080\n}\n");
    assert_eq!(client.stop(), Some(0));
}

/// Applies a rename's `documentChanges` to the files on disk and tells the server (didChange for open documents,
/// watched-file events for the others, as an editor saving them would).
fn apply_workspace_edit(client: &mut Client, edit: &Value) -> Vec<String> {
    let mut changed = Vec::new();
    for change in edit["documentChanges"].as_array().expect("documentChanges") {
        let uri = change["textDocument"]["uri"].as_str().unwrap().to_string();
        let path = path_of(&uri);
        let before = std::fs::read_to_string(&path).unwrap();
        let after = apply_text_edits(&before, change["edits"].as_array().unwrap());
        std::fs::write(&path, &after).unwrap();
        changed.push(uri);
    }
    let events: Vec<(&str, u8)> = changed.iter().map(|u| (u.as_str(), 2)).collect();
    client.watched(&events);
    changed
}

#[test]
fn rename_a_service_across_clusters_and_refuse_bad_names() {
    let (dir, mut client) = indexed("peering-example", Options::default());
    let services = dir.uri("cluster-02/services.hcl");
    let text = dir.read("cluster-02/services.hcl");
    let at = position_in(&text, "\"inventory\"", 3);
    let prepared =
        client.request("textDocument/prepareRename", json!({"textDocument": {"uri": services}, "position": at}));
    assert_eq!(prepared["placeholder"], "inventory", "{prepared}");
    assert_eq!(prepared["range"], range_json(position_in(&text, "inventory", 0), position_in(&text, "inventory", 9)));

    // Not a name: a clear error.
    let not_a_name = client.request_raw(
        "textDocument/prepareRename",
        json!({"textDocument": {"uri": services}, "position": position_in(&text, "port", 1)}),
    );
    assert_eq!(not_a_name["error"]["code"], -32803, "{not_a_name}");
    assert!(not_a_name["error"]["message"].as_str().unwrap().contains("nothing to rename here"), "{not_a_name}");
    // An invalid new name: refused with the reason.
    let invalid = client.request_raw(
        "textDocument/rename",
        json!({"textDocument": {"uri": services}, "position": at, "newName": "two words"}),
    );
    assert!(invalid["error"]["message"].as_str().unwrap().contains("not a valid service name"), "{invalid}");

    let edit = client
        .request("textDocument/rename", json!({"textDocument": {"uri": services}, "position": at, "newName": "stock"}));
    let mut changed = apply_workspace_edit(&mut client, &edit);
    changed.sort();
    let mut expected =
        vec![dir.uri("cluster-01/frontend.hcl"), dir.uri("cluster-02/exported-services.hcl"), services.clone()];
    expected.sort();
    assert_eq!(changed, expected);
    assert!(dir.read("cluster-01/frontend.hcl").contains("destination_name = \"stock\""));
    assert!(dir.read("cluster-02/exported-services.hcl").contains("\"stock\""));
    // Everything re-checks as before (the findings name the new service).
    let frontend = dir.uri("cluster-01/frontend.hcl");
    let list = client.diagnostics_until(&frontend, "re-checked after the rename", |_, list| {
        list.iter().any(|d| d["message"].as_str().unwrap_or("").contains("\"stock\""))
    });
    assert_eq!(codes(&list), FRONTEND_CODES);
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn code_lenses_list_references_with_show_references() {
    let (dir, mut client) = indexed("peering-example", Options::default());
    let services = dir.uri("cluster-02/services.hcl");
    let lenses = client.request("textDocument/codeLens", json!({"textDocument": {"uri": services}}));
    let lenses = lenses.as_array().expect("lenses");
    let titles: Vec<&str> = lenses.iter().map(|l| l["command"]["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        ["exported to 1 peer · no upstream imports it", "exported to 1 peer · imported by 1 upstream in 1 cluster"]
    );
    let inventory = &lenses[1]["command"];
    assert_eq!(inventory["command"], "editor.action.showReferences");
    let args = inventory["arguments"].as_array().unwrap();
    assert_eq!(args[0], services);
    assert_eq!(args[1], lenses[1]["range"]["start"]);
    let locations: Vec<&str> = args[2].as_array().unwrap().iter().map(|l| l["uri"].as_str().unwrap()).collect();
    assert_eq!(locations, [dir.uri("cluster-02/exported-services.hcl"), dir.uri("cluster-01/frontend.hcl")]);
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn inlay_hints_say_where_peers_lead() {
    let (dir, mut client) = indexed("peering-example", Options::default());
    let frontend = dir.uri("cluster-01/frontend.hcl");
    let text = dir.read("cluster-01/frontend.hcl");
    let whole = range_json(json!({"line": 0, "character": 0}), position_utf16(&text, text.len()));
    let hints = client.request("textDocument/inlayHint", json!({"textDocument": {"uri": frontend}, "range": whole}));
    let hints = hints.as_array().expect("hints");
    let shown: Vec<(Value, &str)> =
        hints.iter().map(|h| (h["position"].clone(), h["label"].as_str().unwrap())).collect();
    let after_peer = position_in(&text, "\"cluster-02\"\n            local_bind_port  = 9091", 12);
    assert!(shown.contains(&(after_peer, "→ cluster-02")), "{shown:?}");
    assert!(hints.iter().all(|h| h["tooltip"].is_string() && h["paddingLeft"] == true));
    assert_eq!(client.stop(), Some(0));
}

/// Decodes semantic tokens into (line, start, length, type, modifiers).
fn decode_tokens(data: &[Value]) -> Vec<(u64, u64, u64, u64, u64)> {
    let numbers: Vec<u64> = data.iter().map(|v| v.as_u64().unwrap()).collect();
    let (mut line, mut start) = (0, 0);
    numbers
        .chunks(5)
        .map(|t| {
            if t[0] > 0 {
                start = 0;
            }
            line += t[0];
            start += t[1];
            (line, start, t[2], t[3], t[4])
        })
        .collect()
}

#[test]
fn semantic_tokens_folding_selection_and_links() {
    let dir = TempDir::new("structure");
    dir.write("consul-ls.hcl", "cluster \"c1\" {\n  paths = [\"c1\"]\n}\n");
    dir.write("c1/ca.pem", "not a real certificate\n");
    let agent = "datacentre = \"dc1\"\ntls {\n  defaults {\n    ca_file = \"ca.pem\"\n  }\n}\nservice {\n  name = \"web\"\n  port = 80\n}\n";
    dir.write("c1/agent.hcl", agent);
    let mut client = Client::start(&[&dir.0], Options::default());
    client.wait_for("indexing done", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    let uri = dir.uri("c1/agent.hcl");

    let tokens = client.request("textDocument/semanticTokens/full", json!({"textDocument": {"uri": uri}}));
    let decoded = decode_tokens(tokens["data"].as_array().unwrap());
    // `datacentre` is an unknown key (property + unknown), `name` a key, `"web"` a declared service.
    assert_eq!(decoded[0], (0, 0, 10, 0, 0b100), "{decoded:?}");
    assert!(decoded.contains(&(7, 2, 4, 0, 0)), "{decoded:?}");
    assert!(decoded.contains(&(7, 9, 5, 1, 0b10)), "{decoded:?}");
    let ranged = client.request(
        "textDocument/semanticTokens/range",
        json!({"textDocument": {"uri": uri}, "range": range_json(json!({"line": 6, "character": 0}), json!({"line": 9, "character": 0}))}),
    );
    let ranged = decode_tokens(ranged["data"].as_array().unwrap());
    assert_eq!(ranged.first(), Some(&(6, 0, 7, 0, 0)), "{ranged:?}");

    let folds = client.request("textDocument/foldingRange", json!({"textDocument": {"uri": uri}}));
    let folds: Vec<(u64, u64)> = folds
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["startLine"].as_u64().unwrap(), f["endLine"].as_u64().unwrap()))
        .collect();
    assert_eq!(folds, [(1, 4), (2, 3), (6, 8)]);

    let selection = client.request(
        "textDocument/selectionRange",
        json!({"textDocument": {"uri": uri}, "positions": [position_in(agent, "\"web\"", 2)]}),
    );
    let first = &selection[0];
    assert_eq!(first["range"], range_json(position_in(agent, "web", 0), position_in(agent, "web", 3)));
    assert_eq!(
        first["parent"]["range"],
        range_json(position_in(agent, "\"web\"", 0), position_in(agent, "\"web\"", 5))
    );

    let links = client.request("textDocument/documentLink", json!({"textDocument": {"uri": uri}}));
    let links = links.as_array().unwrap();
    assert_eq!(links.len(), 1, "{links:?}");
    assert_eq!(links[0]["target"], dir.uri("c1/ca.pem"));
    let manifest_links =
        client.request("textDocument/documentLink", json!({"textDocument": {"uri": dir.uri("consul-ls.hcl")}}));
    assert_eq!(manifest_links[0]["target"], dir.uri("c1"), "{manifest_links}");
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn related_information_only_for_clients_that_ask() {
    let (dir, mut client) = indexed("peering-example", Options::default());
    let frontend = dir.uri("cluster-01/frontend.hcl");
    let list = client.codes_until(&frontend, FRONTEND_CODES);
    let not_exported = find(&list, "service-not-exported");
    let related = &not_exported["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], dir.uri("cluster-02/exported-services.hcl"), "{not_exported}");
    assert_eq!(
        related["message"],
        "exported-services \"default\" of cluster-02 does not export \"payments\" to cluster-01"
    );
    let missing_peer = find(&list, "upstream-missing-peer");
    assert_eq!(missing_peer["relatedInformation"][0]["message"], "cluster-02 exports \"backend\" to cluster-01 here");
    assert_eq!(client.stop(), Some(0));

    let (dir, mut client) = indexed("peering-example", Options { related_information: false, ..Options::default() });
    let list = client.codes_until(&dir.uri("cluster-01/frontend.hcl"), FRONTEND_CODES);
    assert!(list.iter().all(|d| d.get("relatedInformation").is_none()), "{list:#?}");
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn unimplemented_requests_are_not_logged_as_errors() {
    let (dir, mut client) = indexed("peering-clean", Options::default());
    let uri = dir.uri("cluster-01/web.hcl");
    for method in ["textDocument/typeDefinition", "textDocument/implementation", "textDocument/documentHighlight"] {
        let response =
            client.request_raw(method, json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}));
        assert_eq!(response["error"]["code"], -32601, "{method}: {response}");
    }
    // A request after them, so their log lines (if any) have been written.
    client.request("workspace/symbol", json!({"query": ""}));
    let log = client.log.lock().unwrap().clone();
    assert!(!log.contains("ERROR"), "unimplemented requests logged at ERROR:\n{log}");
    assert_eq!(client.stop(), Some(0));
}

/// Kubernetes YAML through the binary: the cluster's peer names come from its PeeringAcceptor/PeeringDialer
/// resources; a finding inside an upstream annotation sits on the item (UTF-16 positions); hover on the `.peer`
/// label resolves the pairing; completion works inside the annotation string; editing the acceptor re-checks the
/// workload that uses its name.
#[test]
fn kubernetes_yaml_diagnostics_hover_completion_and_edits() {
    let dir = TempDir::fixture("k8s-peer-names");
    let mut client = Client::start(&[&dir.0], Options::default());
    let frontend = dir.uri("cluster-01/frontend.yaml");
    let text = dir.read("cluster-01/frontend.yaml");
    let list = client.codes_until(&frontend, &["unknown-peer"]);
    let at = text.find("cluster-02.peer").unwrap();
    assert_eq!(list[0]["range"], range_json(position_utf16(&text, at), position_utf16(&text, at + "cluster-02".len())));
    assert!(list[0]["message"].as_str().unwrap().contains("cluster-02 is peered here as \"dc2\""), "{list:?}");
    // The quick fix: the name the PeeringAcceptor declares.
    let response = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": frontend}, "range": list[0]["range"], "context": {"diagnostics": [list[0].clone()]}}),
    );
    assert_eq!(response[0]["title"], "Replace with \"dc2\"", "{response}");
    // Renaming the acceptor to the name the annotation uses makes the finding go away (the resources decide).
    let acceptor = dir.uri("cluster-01/peering-acceptor.yaml");
    let acceptor_text = dir.read("cluster-01/peering-acceptor.yaml");
    client.open(&acceptor, &acceptor_text);
    client.change_full(&acceptor, 2, &acceptor_text.replace("name: dc2", "name: cluster-02"));
    client.codes_until(&frontend, &[]);
    client.change_full(&acceptor, 3, &acceptor_text);
    client.codes_until(&frontend, &["unknown-peer"]);
    // Hover on a `.peer` label that resolves (in the fixed text).
    let fixed = text.replace("cluster-02.peer", "dc2.peer");
    client.open(&frontend, &fixed);
    client.codes_until(&frontend, &[]);
    let hover = hover_text(&mut client, &frontend, position_in(&fixed, "dc2.peer", 1));
    assert!(hover.contains("Resolves to cluster **cluster-02**"), "{hover}");
    assert!(hover.contains("PeeringAcceptor `dc2` pairs with cluster-02's PeeringDialer `dc1`"), "{hover}");
    // Completion inside the annotation: the peers after `SVC.svc.`.
    let typing = fixed.replace("backend.svc.dc2.peer:9090", "backend.svc.d");
    client.change_full(&frontend, 2, &typing);
    let result = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": frontend}, "position": position_in(&typing, "backend.svc.d", "backend.svc.d".len())}),
    );
    let items = result.as_array().cloned().or_else(|| result["items"].as_array().cloned()).unwrap_or_default();
    let labels: Vec<&str> = items.iter().filter_map(|i| i["label"].as_str()).collect();
    assert_eq!(labels, ["backend.svc.dc2.peer"], "{result}");
    assert_eq!(client.stop(), Some(0));
}
