//! The server's message handling on any bytes. The framing guard (`consul_ls::lsp::guard`, what reads stdin)
//! splits them into messages; every message it forwards then goes through the LSP framework's own server loop
//! (its codec and dispatch, over an in-memory stream, with a service that counts what arrives): all of them must
//! arrive, since a message the framework cannot decode would end the session.
//!
//! With the first byte odd, the input is a session instead: pieces (split at `0xFF`) become well-formed messages or
//! malformed frames — a `Content-Length` too large or too small, headers without one, no headers, a junk line,
//! a body that is not JSON-RPC — and exactly the well-formed messages must come through, in order.
#![no_main]

use std::convert::Infallible;
use std::sync::{Arc, OnceLock};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};

use consul_ls::lsp::guard::{Frame, Framer, encode};
use libfuzzer_sys::fuzz_target;
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::{Loopback, Server};

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap())
}

/// The messages the guard forwards, and how many frames it rejected.
async fn guard(input: &[u8]) -> (Vec<Vec<u8>>, usize) {
    let mut framer = Framer::new(input);
    let (mut forwarded, mut rejected) = (Vec::new(), 0);
    while let Some(frame) = framer.next().await {
        match frame {
            Frame::Message(body) => forwarded.push(body),
            Frame::Rejected(error) => {
                let response = error.response();
                assert_eq!(response["jsonrpc"], "2.0");
                assert!(response["error"]["code"].is_i64() && response["error"]["message"].is_string());
                rejected += 1;
            }
        }
    }
    (forwarded, rejected)
}

/// Counts the requests and notifications the framework dispatches.
struct Counting(Arc<AtomicUsize>);

impl tower_service::Service<Request> for Counting {
    type Response = Option<Response>;
    type Error = Infallible;
    type Future = futures::future::Ready<Result<Option<Response>, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _: Request) -> Self::Future {
        self.0.fetch_add(1, Ordering::SeqCst);
        futures::future::ready(Ok(None))
    }
}

/// A client side that sends nothing and takes the responses the framework routes to it.
struct NoClient(futures::channel::mpsc::UnboundedSender<Response>);

impl Loopback for NoClient {
    type RequestStream = futures::stream::Pending<Request>;
    type ResponseSink = futures::channel::mpsc::UnboundedSender<Response>;

    fn split(self) -> (Self::RequestStream, Self::ResponseSink) {
        (futures::stream::pending(), self.0)
    }
}

/// How many of `messages` the framework's server loop takes in (up to and including an `exit`, after which it
/// stops reading), and how many it should.
async fn through_framework(messages: &[Vec<u8>]) -> (usize, usize) {
    let mut expected = 0;
    let mut stream = Vec::new();
    for body in messages {
        stream.extend_from_slice(&encode(body));
        expected += 1;
        let value: serde_json::Value = serde_json::from_slice(body).expect("forwarded messages are JSON");
        if value.get("method").and_then(|m| m.as_str()) == Some("exit") {
            break;
        }
    }
    let dispatched = Arc::new(AtomicUsize::new(0));
    let (responses, mut received) = futures::channel::mpsc::unbounded();
    Server::new(stream.as_slice(), tokio::io::sink(), NoClient(responses)).serve(Counting(dispatched.clone())).await;
    let mut routed = 0;
    while received.try_recv().is_ok() {
        routed += 1;
    }
    (dispatched.load(Ordering::SeqCst) + routed, expected)
}

/// Text for a malformed body: no line breaks and no colons, so it can never look like a header.
fn junk(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 {}[]\",.-";
    bytes.iter().map(|&b| ALPHABET[b as usize % ALPHABET.len()] as char).collect()
}

/// A session of well-formed and malformed frames; returns the bytes and the well-formed messages in order.
fn session(data: &[u8]) -> (Vec<u8>, Vec<Vec<u8>>) {
    let mut input = Vec::new();
    let mut expected = Vec::new();
    for (i, piece) in consul_ls_fuzz::pieces(data).into_iter().enumerate() {
        let Some((&kind, rest)) = piece.split_first() else { continue };
        let (amount, rest) = rest.split_first().map_or((1, rest), |(&a, r)| (a as usize + 1, r));
        let bad = junk(rest);
        match kind % 7 {
            0 | 1 => {
                // A notification whose text is anything at all (escaped as JSON).
                let text = String::from_utf8_lossy(rest);
                let body = serde_json::json!({"jsonrpc": "2.0", "method": format!("m{i}"), "params": {"text": text}})
                    .to_string()
                    .into_bytes();
                input.extend_from_slice(&encode(&body));
                expected.push(body);
            }
            2 => input.extend(format!("Content-Length: {}\r\n\r\n{bad}", bad.len() + amount).bytes()),
            3 => input.extend(format!("Content-Length: {}\r\n\r\n{bad}", bad.len().saturating_sub(amount)).bytes()),
            4 => input.extend(format!("Content-Type: application/vscode-jsonrpc\r\n\r\n{bad}").bytes()),
            5 => input.extend(format!("{bad}\r\n").bytes()),
            _ => input.extend(encode(bad.as_bytes())),
        }
    }
    let sentinel = br#"{"jsonrpc":"2.0","id":"sentinel","method":"shutdown"}"#.to_vec();
    input.extend_from_slice(&encode(&sentinel));
    expected.push(sentinel);
    (input, expected)
}

fuzz_target!(|data: &[u8]| {
    runtime().block_on(async {
        let forwarded = match data.split_first() {
            Some((&mode, rest)) if mode % 2 == 1 => {
                let (input, expected) = session(rest);
                let (forwarded, _) = guard(&input).await;
                assert!(
                    forwarded == expected,
                    "well-formed messages lost or changed:\n{:?}\n{:?}",
                    forwarded.iter().map(|b| String::from_utf8_lossy(b)).collect::<Vec<_>>(),
                    expected.iter().map(|b| String::from_utf8_lossy(b)).collect::<Vec<_>>()
                );
                forwarded
            }
            _ => guard(data).await.0,
        };
        let (taken, expected) = through_framework(&forwarded).await;
        assert_eq!(taken, expected, "the framework did not take every forwarded message");
    });
});
