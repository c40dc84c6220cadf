//! A small LSP client over the real server binary's stdio, for tests that need the raw protocol (conformance,
//! soak): raw bytes or JSON messages in, every message out, with deadlines on every wait (a silent server fails
//! the test with what it did receive, never hangs it). The server's own requests are answered at once, as an
//! editor would (`workspace/configuration` with `settings`, everything else with `null`).
#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub const TIMEOUT: Duration = Duration::from_secs(60);

pub struct Client {
    pub child: Child,
    stdin: Arc<Mutex<ChildStdin>>,
    messages: Receiver<Value>,
    /// Received messages not consumed yet.
    pub backlog: VecDeque<Value>,
    /// The latest diagnostics published per URI: (version, diagnostics).
    pub diagnostics: HashMap<String, (Option<i64>, Vec<Value>)>,
    /// How many `publishDiagnostics` were received.
    pub publications: u64,
    next_id: i64,
    /// Everything the server wrote on stderr.
    pub log: Arc<Mutex<String>>,
}

pub fn write_frame(stdin: &Mutex<ChildStdin>, bytes: &[u8]) -> std::io::Result<()> {
    let mut stdin = stdin.lock().unwrap();
    stdin.write_all(bytes)?;
    stdin.flush()
}

pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
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
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).expect("the server writes JSON"))
}

impl Client {
    /// Starts `consul-ls serve --stdio` (not initialized yet).
    pub fn spawn(env: &[(&str, &str)], settings: Value) -> Client {
        let mut command = Command::new(env!("CARGO_BIN_EXE_consul-ls"));
        command.args(["serve", "--stdio"]).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        command.env("CONSUL_LS_LOG", "warn");
        for (key, value) in env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("start consul-ls serve");
        let stdin = Arc::new(Mutex::new(child.stdin.take().unwrap()));
        let stdout = child.stdout.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                eprintln!("[consul-ls] {line}");
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let (tx, rx) = channel();
        let replies = stdin.clone();
        std::thread::spawn(move || {
            let mut reader = BufReader::with_capacity(1 << 20, stdout);
            while let Some(message) = read_message(&mut reader) {
                if let (Some(id), Some(method)) = (message.get("id"), message.get("method").and_then(Value::as_str)) {
                    let result = match method {
                        "workspace/configuration" => {
                            let n = message["params"]["items"].as_array().map_or(1, Vec::len);
                            Value::Array(vec![settings.clone(); n])
                        }
                        _ => Value::Null,
                    };
                    let reply = json!({"jsonrpc": "2.0", "id": id, "result": result});
                    let _ = write_frame(&replies, &frame(reply.to_string().as_bytes()));
                }
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            messages: rx,
            backlog: VecDeque::new(),
            diagnostics: HashMap::new(),
            publications: 0,
            next_id: 0,
            log,
        }
    }

    /// `initialize` (UTF-8 positions when `utf8`, else UTF-16) and `initialized`; returns the initialize result.
    pub fn initialize(&mut self, folders: &[&Path], utf8: bool) -> Value {
        let result = self.request("initialize", initialize_params(folders, utf8));
        self.notify("initialized", json!({}));
        result
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Writes bytes as they are.
    pub fn raw(&self, bytes: &[u8]) {
        write_frame(&self.stdin, bytes).expect("write to consul-ls");
    }

    pub fn send(&self, message: &Value) {
        self.raw(&frame(message.to_string().as_bytes()));
    }

    pub fn notify(&self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request without waiting; returns its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Sends a request and returns its whole response.
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.response(id)
    }

    /// Sends a request and returns its result; an error response fails the test.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        assert!(response.get("error").is_none(), "{method} failed: {response}");
        response["result"].clone()
    }

    /// The response to request `id`.
    pub fn response(&mut self, id: i64) -> Value {
        self.wait_for(&format!("the response to request {id}"), |m| m["id"] == id && m.get("method").is_none())
    }

    fn record(&mut self, message: &Value) {
        if message["method"] == "textDocument/publishDiagnostics" {
            let uri = message["params"]["uri"].as_str().unwrap_or_default().to_string();
            let version = message["params"]["version"].as_i64();
            let list = message["params"]["diagnostics"].as_array().cloned().unwrap_or_default();
            self.diagnostics.insert(uri, (version, list));
            self.publications += 1;
        }
    }

    /// Receives one message (recording diagnostics) before `deadline`.
    fn receive(&mut self, deadline: Instant, what: &str) -> Value {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.messages.recv_timeout(left) {
            Ok(message) => {
                self.record(&message);
                message
            }
            Err(RecvTimeoutError::Timeout) => {
                let recent: Vec<&Value> = self.backlog.iter().rev().take(20).collect();
                panic!("timed out waiting for {what}; last received: {recent:#?}")
            }
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output waiting for {what}"),
        }
    }

    /// Waits for a message matching `pred` (from the backlog first); removes and returns it.
    pub fn wait_for(&mut self, what: &str, mut pred: impl FnMut(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&mut pred) {
            return self.backlog.remove(i).unwrap();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let message = self.receive(deadline, what);
            if pred(&message) {
                return message;
            }
            self.backlog.push_back(message);
            if self.backlog.len() > 10_000 {
                self.backlog.pop_front();
            }
        }
    }

    /// Receives until `publications` diagnostics publications have arrived in all.
    pub fn wait_for_publications(&mut self, publications: u64) {
        let deadline = Instant::now() + TIMEOUT;
        while self.publications < publications {
            let message = self.receive(deadline, &format!("publication {publications}"));
            if message["method"] != "textDocument/publishDiagnostics" {
                self.backlog.push_back(message);
            }
        }
    }

    /// Waits until the server has analysed everything sent so far and published the results, and until those
    /// publications have arrived (`consul-ls/idle`, a test hook: needs `CONSUL_LS_TEST_HOOKS`).
    pub fn settle(&mut self) {
        let result = self.request("consul-ls/idle", Value::Null);
        let published = result["published"].as_u64().expect("consul-ls/idle answers the publication count");
        self.wait_for_publications(published);
        // Drop what else came meanwhile (progress, registrations): nothing waits for it.
        self.backlog.retain(|m| m.get("id").is_some() && m.get("method").is_none());
    }

    /// The process's exit code, waiting up to [`TIMEOUT`].
    pub fn wait_exit(&mut self) -> Option<i32> {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// `shutdown` + `exit`; returns the exit code.
    pub fn stop(mut self) -> Option<i32> {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        self.wait_exit()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn file_uri(path: &Path) -> String {
    let mut out = String::from("file://");
    for byte in path.to_str().unwrap().bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'/' | b'-' | b'.' | b'_' | b'~' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

pub fn initialize_params(folders: &[&Path], utf8: bool) -> Value {
    let encodings = if utf8 { json!(["utf-8", "utf-16"]) } else { json!(["utf-16"]) };
    let folders: Vec<Value> = folders
        .iter()
        .map(|f| json!({"uri": file_uri(f), "name": f.file_name().and_then(|n| n.to_str()).unwrap_or("root")}))
        .collect();
    json!({
        "processId": null,
        "rootUri": null,
        "workspaceFolders": folders,
        "capabilities": {
            "general": {"positionEncodings": encodings},
            "window": {"workDoneProgress": true},
            "workspace": {
                "configuration": true,
                "workspaceFolders": true,
                "didChangeWatchedFiles": {"dynamicRegistration": true},
                "workspaceEdit": {"documentChanges": true, "resourceOperations": ["create"]}
            },
            "textDocument": {
                "synchronization": {"didSave": true},
                "publishDiagnostics": {"versionSupport": true}
            }
        }
    })
}

/// Resident memory of a process (`VmRSS` in /proc/PID/status), in bytes.
pub fn rss(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.trim_start_matches("VmRSS:").trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kib * 1024)
}
