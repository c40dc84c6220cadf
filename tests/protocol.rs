//! Protocol conformance of the real binary: lifecycle (`initialize`, `shutdown`, `exit`), `$/` methods,
//! cancellation, and framing errors. Each framework behaviour these tests hold consul-ls to is listed in the module
//! documentation of `src/lsp/transport.rs`.

#[path = "common/lsp_client.rs"]
mod lsp_client;

use std::path::PathBuf;

use lsp_client::{Client, frame, initialize_params};
use serde_json::{Value, json};

const HOOKS: &[(&str, &str)] = &[("CONSUL_LS_TEST_HOOKS", "1")];

const SERVER_NOT_INITIALIZED: i64 = -32002;
const INVALID_REQUEST: i64 = -32600;
const METHOD_NOT_FOUND: i64 = -32601;
const PARSE_ERROR: i64 = -32700;
const REQUEST_CANCELLED: i64 = -32800;

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("consul-ls-protocol-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn started(name: &str) -> (TempDir, Client) {
    let dir = TempDir::new(name);
    let mut client = Client::spawn(HOOKS, json!({}));
    client.initialize(&[&dir.0], false);
    (dir, client)
}

fn error_code(response: &Value) -> i64 {
    response["error"]["code"].as_i64().unwrap_or_else(|| panic!("not an error response: {response}"))
}

/// No error response without an id (as the server answers malformed messages) arrived so far.
fn assert_no_stray_errors(client: &Client) {
    let stray: Vec<&Value> = client.backlog.iter().filter(|m| m.get("error").is_some()).collect();
    assert!(stray.is_empty(), "unexpected error responses: {stray:#?}");
}

#[test]
fn dollar_requests_get_method_not_found_and_dollar_notifications_are_ignored() {
    let (_dir, mut client) = started("dollar");
    for method in ["$/unknownRequest", "$/setTrace", "$/cancelRequest"] {
        let response = client.request_raw(method, json!({"id": 1, "value": "off"}));
        assert_eq!(error_code(&response), METHOD_NOT_FOUND, "{method}: {response}");
    }
    client.notify("$/setTrace", json!({"value": "verbose"}));
    client.notify("$/unknownNotification", json!({}));
    client.notify("$/progress", json!({"token": "x", "value": {"kind": "end"}}));
    client.notify("$/cancelRequest", json!({"id": 12345}));
    // Still serving, and none of the notifications was answered.
    client.request("workspace/symbol", json!({"query": ""}));
    assert_no_stray_errors(&client);
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn requests_before_initialize_get_server_not_initialized() {
    let dir = TempDir::new("before-initialize");
    let mut client = Client::spawn(HOOKS, json!({}));
    let uri = lsp_client::file_uri(&dir.0.join("web.hcl"));
    for method in ["textDocument/hover", "shutdown", "consul-ls/documentState", "no/suchMethod", "$/unknownRequest"] {
        let response = client.request_raw(method, json!({"textDocument": {"uri": uri}, "uri": uri}));
        assert_eq!(error_code(&response), SERVER_NOT_INITIALIZED, "{method}: {response}");
    }
    // Notifications before initialize are dropped: this document is not open afterwards.
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "hcl", "version": 1, "text": "service {}\n"}}),
    );
    client.request("initialize", initialize_params(&[&dir.0], false));
    client.notify("initialized", json!({}));
    let response = client.request_raw("consul-ls/documentState", json!({"uri": uri}));
    assert_eq!(error_code(&response), -32602, "{response}");
    // A second initialize is refused.
    let response = client.request_raw("initialize", initialize_params(&[&dir.0], false));
    assert_eq!(error_code(&response), INVALID_REQUEST, "{response}");
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn requests_after_shutdown_get_invalid_request() {
    let (dir, mut client) = started("after-shutdown");
    client.request("shutdown", Value::Null);
    let uri = lsp_client::file_uri(&dir.0.join("web.hcl"));
    for method in
        ["textDocument/hover", "shutdown", "initialize", "consul-ls/documentState", "no/suchMethod", "$/unknownRequest"]
    {
        let response =
            client.request_raw(method, json!({"textDocument": {"uri": uri}, "uri": uri, "capabilities": {}}));
        assert_eq!(error_code(&response), INVALID_REQUEST, "{method}: {response}");
    }
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit(), Some(0));
}

#[test]
fn exit_without_shutdown_exits_with_1() {
    // After initialize.
    let (_dir, mut client) = started("exit");
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit(), Some(1));
    // Before initialize.
    let mut client = Client::spawn(HOOKS, json!({}));
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit(), Some(1));
    // While requests run (they are abandoned, not waited for).
    let (_dir, mut client) = started("exit-busy");
    for _ in 0..5 {
        client.send_request("consul-ls/sleep", json!({"ms": 3_600_000}));
    }
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit(), Some(1));
}

#[test]
fn cancelling_a_running_request_answers_request_cancelled() {
    let (_dir, mut client) = started("cancel");
    let id = client.send_request("consul-ls/sleep", json!({"ms": 3_600_000}));
    client.notify("$/cancelRequest", json!({"id": id}));
    assert_eq!(error_code(&client.response(id)), REQUEST_CANCELLED);
    // More requests running than the framework runs at once by default (4): a quick one is still answered, and a
    // cancel of any of them answers it, in any order.
    let ids: Vec<i64> = (0..8).map(|_| client.send_request("consul-ls/sleep", json!({"ms": 3_600_000}))).collect();
    client.request("workspace/symbol", json!({"query": ""}));
    for &id in ids.iter().rev() {
        client.notify("$/cancelRequest", json!({"id": id}));
        assert_eq!(error_code(&client.response(id)), REQUEST_CANCELLED, "request {id}");
    }
    // With every slot taken (and more requests queued), a cancel still gets through at once.
    let ids: Vec<i64> = (0..300).map(|_| client.send_request("consul-ls/sleep", json!({"ms": 3_600_000}))).collect();
    client.notify("$/cancelRequest", json!({"id": ids[0]}));
    assert_eq!(error_code(&client.response(ids[0])), REQUEST_CANCELLED);
    for &id in &ids[1..] {
        client.notify("$/cancelRequest", json!({"id": id}));
    }
    for &id in &ids[1..] {
        assert_eq!(error_code(&client.response(id)), REQUEST_CANCELLED, "request {id}");
    }
    // A cancel of a request that is done, or never was, is ignored.
    client.request("consul-ls/sleep", json!({"ms": 1}));
    client.notify("$/cancelRequest", json!({"id": 999}));
    client.request("workspace/symbol", json!({"query": ""}));
    assert_no_stray_errors(&client);
    assert_eq!(client.stop(), Some(0));
}

/// A request that must be answered after a malformed frame: the session goes on.
fn still_serving(client: &mut Client) {
    let result = client.request("consul-ls/sleep", json!({"ms": 0}));
    assert_eq!(result, Value::Null);
}

fn header(len: usize) -> Vec<u8> {
    format!("Content-Length: {len}\r\n\r\n").into_bytes()
}

#[test]
fn a_wrong_content_length_or_a_missing_one_does_not_end_the_session() {
    let (_dir, mut client) = started("framing");
    let body = br#"{"jsonrpc":"2.0","method":"consul-ls/noSuchNotification","params":{}}"#;

    // Content-Length larger than the body: the next message is not swallowed, and it is answered even though
    // nothing follows it (the client waits for that answer).
    for extra in [1, 7, 30, 1000, 1_000_000] {
        client.raw(&[header(body.len() + extra), body.to_vec()].concat());
        still_serving(&mut client);
    }
    // A broken body with a length too large: one parse error, then the next message.
    client.raw(&[header(500), br#"{"jsonrpc":"2.0","method":"#.to_vec()].concat());
    still_serving(&mut client);
    client.wait_for("the parse error", |m| m["error"]["code"] == PARSE_ERROR && m["id"].is_null());

    // Content-Length smaller than the body: one parse error, then the next message.
    for short in [1, 20, body.len() - 1] {
        client.raw(&[header(short), body.to_vec()].concat());
        still_serving(&mut client);
        client.wait_for("the parse error", |m| m["error"]["code"] == PARSE_ERROR && m["id"].is_null());
    }

    // Headers without Content-Length, or no headers at all.
    client.raw(&[b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n".to_vec(), body.to_vec()].concat());
    still_serving(&mut client);
    client.wait_for("the parse error", |m| m["error"]["code"] == PARSE_ERROR && m["id"].is_null());
    client.raw(body);
    still_serving(&mut client);
    client.wait_for("the parse error", |m| m["error"]["code"] == PARSE_ERROR && m["id"].is_null());

    // Duplicate keys: valid JSON, but the framework's codec refuses it (and would end the session).
    client.raw(&frame(br#"{"jsonrpc":"2.0","id":77,"method":"workspace/symbol","method":"x","params":{}}"#));
    let response = client.wait_for("the invalid request", |m| m["id"] == 77);
    assert_eq!(error_code(&response), INVALID_REQUEST, "{response}");
    still_serving(&mut client);

    // One error per malformed message, no more.
    assert_no_stray_errors(&client);
    assert_eq!(client.stop(), Some(0));
}
