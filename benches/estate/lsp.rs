//! A minimal LSP client over a server's stdio, as an editor runs it: `Content-Length` framing, a reader thread that
//! timestamps every message as it arrives, replies to the server's own requests, and waits with deadlines (a slow
//! or silent server gives a timeout, never a hang).

#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// A message from the server and when the reader thread finished reading it.
#[derive(Clone, Debug)]
pub struct Message {
    pub at: Instant,
    pub value: Value,
}

impl Message {
    pub fn method(&self) -> Option<&str> {
        self.value.get("method").and_then(Value::as_str)
    }

    pub fn params(&self) -> &Value {
        &self.value["params"]
    }

    /// A `textDocument/publishDiagnostics` for `uri`: its version (`None` when the server sends none) and the
    /// number of diagnostics.
    pub fn publish_for(&self, uri: &str) -> Option<(Option<i64>, usize)> {
        if self.method() != Some("textDocument/publishDiagnostics") || self.params()["uri"] != uri {
            return None;
        }
        let count = self.params()["diagnostics"].as_array().map_or(0, Vec::len);
        Some((self.params()["version"].as_i64(), count))
    }
}

pub struct Server {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Message>,
    /// Messages received but not consumed yet.
    backlog: VecDeque<Message>,
    next_id: i64,
    /// The last lines the server wrote on stderr, for error reports.
    stderr_tail: Arc<Mutex<VecDeque<String>>>,
    /// What to answer `workspace/configuration` with, per item.
    pub configuration: Value,
}

#[derive(Debug)]
pub struct Timeout(pub &'static str);

impl std::fmt::Display for Timeout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "timeout waiting for {}", self.0)
    }
}

impl Server {
    pub fn spawn(command: &mut Command) -> std::io::Result<Server> {
        let mut child = command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()?;
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        let stderr = child.stderr.take().expect("piped stderr");
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::with_capacity(1 << 20, stdout);
            while let Some(value) = read_message(&mut reader) {
                if sender.send(Message { at: Instant::now(), value }).is_err() {
                    break;
                }
            }
        });
        let stderr_tail = Arc::new(Mutex::new(VecDeque::new()));
        let tail = stderr_tail.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                let mut tail = tail.lock().unwrap();
                if tail.len() == 20 {
                    tail.pop_front();
                }
                tail.push_back(line);
            }
        });
        Ok(Server {
            child,
            stdin,
            messages,
            backlog: VecDeque::new(),
            next_id: 1,
            stderr_tail,
            configuration: Value::Null,
        })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn stderr_tail(&self) -> String {
        self.stderr_tail.lock().unwrap().iter().cloned().collect::<Vec<_>>().join("\n")
    }

    fn send(&mut self, message: &Value) {
        let body = serde_json::to_vec(message).expect("JSON");
        let header = format!("Content-Length: {}\r\n\r\n", body.len());
        // A server that died is noticed by the next wait; the write error itself says nothing more.
        let _ = self.stdin.write_all(header.as_bytes()).and_then(|()| self.stdin.write_all(&body));
        let _ = self.stdin.flush();
    }

    pub fn request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The next message from the server before `deadline`, answering the server's requests on the way
    /// (progress tokens, capability registrations, configuration).
    pub fn recv(&mut self, deadline: Instant) -> Result<Message, Timeout> {
        if let Some(message) = self.backlog.pop_front() {
            return Ok(message);
        }
        let wait = deadline.saturating_duration_since(Instant::now());
        let message = match self.messages.recv_timeout(wait) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => return Err(Timeout("a message from the server")),
            Err(RecvTimeoutError::Disconnected) => return Err(Timeout("a message (the server exited)")),
        };
        if let (Some(id), Some(method)) = (message.value.get("id"), message.method()) {
            let result = match method {
                "workspace/configuration" => {
                    let n = message.params()["items"].as_array().map_or(1, Vec::len);
                    Value::Array(vec![self.configuration.clone(); n])
                }
                _ => Value::Null,
            };
            let reply = json!({"jsonrpc": "2.0", "id": id.clone(), "result": result});
            self.send(&reply);
        }
        Ok(message)
    }

    /// Waits for the response to request `id`; other messages are kept for later `recv`s.
    pub fn response(&mut self, id: i64, deadline: Instant) -> Result<Message, Timeout> {
        let mut kept = Vec::new();
        let result = loop {
            match self.recv(deadline) {
                Ok(message) if message.value.get("id") == Some(&json!(id)) && message.method().is_none() => {
                    break Ok(message);
                }
                Ok(message) => kept.push(message),
                Err(_) => break Err(Timeout("a response")),
            }
        };
        for message in kept.into_iter().rev() {
            self.backlog.push_front(message);
        }
        result
    }

    /// `shutdown` + `exit`, then waits briefly for the process; kills it if it lingers.
    pub fn stop(mut self) {
        let id = self.request("shutdown", Value::Null);
        let _ = self.response(id, Instant::now() + Duration::from_secs(10));
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
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
    serde_json::from_slice(&body).ok()
}

/// `file:///…` for an absolute path, percent-encoding what is not unreserved.
pub fn file_uri(path: &Path) -> String {
    let mut out = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'/' | b'-' | b'.' | b'_' | b'~' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The `initialize` params of an editor: workspace folders, work-done progress, position encodings, versioned
/// diagnostics, watched files, configuration.
pub fn initialize_params(root: &Path, initialization_options: Value) -> Value {
    let uri = file_uri(root);
    json!({
        "processId": std::process::id(),
        "clientInfo": {"name": "consul-ls-estate-bench", "version": "1"},
        "rootUri": uri,
        "rootPath": root,
        "workspaceFolders": [{"uri": uri, "name": root.file_name().and_then(|n| n.to_str()).unwrap_or("estate")}],
        "initializationOptions": initialization_options,
        "capabilities": {
            "general": {"positionEncodings": ["utf-8", "utf-16"]},
            "window": {"workDoneProgress": true},
            "workspace": {
                "workspaceFolders": true,
                "configuration": true,
                "didChangeConfiguration": {"dynamicRegistration": true},
                "didChangeWatchedFiles": {"dynamicRegistration": true, "relativePatternSupport": true},
                "workspaceEdit": {"documentChanges": true}
            },
            "textDocument": {
                "synchronization": {"dynamicRegistration": false, "didSave": true, "willSave": false},
                "publishDiagnostics": {"relatedInformation": true, "versionSupport": true, "codeDescriptionSupport": true},
                "hover": {"contentFormat": ["markdown", "plaintext"]},
                "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix"]}}}
            }
        }
    })
}

/// Resident and peak resident memory of a process (`VmRSS`, `VmHWM` in /proc/PID/status), in bytes.
#[derive(Clone, Copy, Debug, Default)]
pub struct Rss {
    pub current: u64,
    pub peak: u64,
}

pub fn rss(pid: u32) -> Option<Rss> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        status.lines().find_map(|line| {
            let rest = line.strip_prefix(name)?.trim();
            rest.trim_end_matches("kB").trim().parse::<u64>().ok().map(|kib| kib * 1024)
        })
    };
    Some(Rss { current: field("VmRSS:")?, peak: field("VmHWM:")? })
}
