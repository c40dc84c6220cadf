//! A framing guard between stdin/stdout and tower-lsp-server.
//!
//! tower-lsp-server reads stdin through tokio-util's `FramedRead`, which ends the stream after the first frame it
//! cannot decode (see the list in [`super::transport`]). The guard reads the frames itself ([`Framer`]),
//! forwards only messages the framework's codec decodes, answers the others with a JSON-RPC error (`-32700`
//! parse error, `-32600` invalid request, as the spec asks) and finds the next frame:
//!
//! - **Junk instead of headers** (a line that is not `Name: value`, or a header block without `Content-Length`):
//!   one error, then everything up to the next `Content-Length` header is skipped, also when that header is glued
//!   to the end of the junk (the body of a header-less message runs straight into the next message's header).
//! - **`Content-Length` smaller than the body**: the truncated body gets an error, the rest of the body is junk
//!   (above).
//! - **`Content-Length` larger than the body**: the body would swallow the next message. A JSON body cannot hold a
//!   raw `Content-Length: N` followed by a line break (JSON strings cannot hold raw line breaks, and that text is
//!   not JSON outside a string), so when the bytes read for a body contain one, a new frame starts there: the body
//!   is what came before it (delivered if it is a whole message on its own, answered with an error otherwise), and
//!   the rest is read again as the next frame, without waiting for the declared length. A body that fails to
//!   decode and ends with the beginning of such a header gives that beginning back the same way.

use std::collections::VecDeque;

use serde::Deserialize;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader, DuplexStream};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Request, Response};

/// Largest message accepted (a whole workspace's worth of text in one didOpen is far below this).
const MAX_BODY: usize = 256 * 1024 * 1024;

/// Header lines are short; of a longer line (junk) only this much of the end is kept, enough to find a
/// `Content-Length` header glued to it.
const MAX_LINE: usize = 4096;

/// Starts the guard's tasks. Returns the server's input and output streams and a handle that finishes once
/// everything the server wrote has reached `output`.
pub fn spawn<R, W>(input: R, output: W) -> (DuplexStream, DuplexStream, tokio::task::JoinHandle<()>)
where
    R: AsyncRead + Unpin + Send + 'static,
    W: AsyncWrite + Unpin + Send + 'static,
{
    let (mut to_server, server_input) = tokio::io::duplex(1 << 16);
    let (server_output, from_server) = tokio::io::duplex(1 << 16);
    let (out_tx, out_rx) = mpsc::unbounded_channel::<Vec<u8>>();

    let errors = out_tx.clone();
    tokio::spawn(async move {
        let mut framer = Framer::new(input);
        while let Some(frame) = framer.next().await {
            match frame {
                Frame::Message(body) => {
                    let sent = async {
                        to_server.write_all(&encode(&body)).await?;
                        to_server.flush().await
                    };
                    if sent.await.is_err() {
                        return;
                    }
                }
                Frame::Rejected(rejected) => {
                    tracing::warn!("malformed message from the client: {}", rejected.message);
                    let _ = errors.send(encode(rejected.response().to_string().as_bytes()));
                }
            }
        }
        // End of input: the server sees it too and stops.
        let _ = to_server.shutdown().await;
    });

    tokio::spawn(async move {
        let mut framer = Framer::new(from_server);
        while let Some(frame) = framer.next().await {
            // The server's own output always decodes; forward it as it is in any case.
            let body = match frame {
                Frame::Message(body) => body,
                Frame::Rejected(rejected) => {
                    tracing::error!("the server wrote a malformed message: {}", rejected.message);
                    continue;
                }
            };
            if out_tx.send(encode(&body)).is_err() {
                return;
            }
        }
        // The server has stopped writing: tell the writer it may finish.
        let _ = out_tx.send(Vec::new());
    });

    let writer = tokio::spawn(write_all(out_rx, output));
    (server_input, server_output, writer)
}

async fn write_all<W: AsyncWrite + Unpin>(mut frames: mpsc::UnboundedReceiver<Vec<u8>>, mut output: W) {
    while let Some(frame) = frames.recv().await {
        if frame.is_empty() {
            return;
        }
        if output.write_all(&frame).await.is_err() || output.flush().await.is_err() {
            return;
        }
    }
}

/// `Content-Length: N\r\n\r\n` and the body.
pub fn encode(body: &[u8]) -> Vec<u8> {
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend_from_slice(body);
    frame
}

/// What the framer read.
#[derive(Debug)]
pub enum Frame {
    /// A message the framework decodes.
    Message(Vec<u8>),
    /// A malformed frame or message, with the error to answer it with.
    Rejected(Rejected),
}

/// Reads `Content-Length`-framed messages and recovers from malformed ones (see the module documentation).
pub struct Framer<R> {
    reader: BufReader<R>,
    /// Bytes given back: the start of the next frame, found inside a body or glued to junk.
    pushback: VecDeque<u8>,
    /// After a malformed frame, junk up to the next header is skipped without another error.
    resyncing: bool,
}

impl<R: AsyncRead + Unpin> Framer<R> {
    pub fn new(reader: R) -> Framer<R> {
        Framer { reader: BufReader::new(reader), pushback: VecDeque::new(), resyncing: false }
    }

    /// The next frame; `None` at end of input.
    pub async fn next(&mut self) -> Option<Frame> {
        let mut content_length: Option<usize> = None;
        // A header line of this frame was read (a blank line before one is a stray line between messages).
        let mut in_headers = false;
        loop {
            let line = self.read_line().await?;
            let text = trim_line_end(&line);
            if text.is_empty() {
                if in_headers {
                    break;
                }
                continue;
            }
            let glued = glued_content_length(text);
            match if glued.is_some() { None } else { header(text) } {
                Some(Header::ContentLength(Some(len))) => {
                    content_length = Some(len);
                    in_headers = true;
                    self.resyncing = false;
                }
                Some(Header::ContentLength(None)) if self.resyncing && !in_headers => {} // junk, as below
                Some(Header::ContentLength(None)) => {
                    let value = String::from_utf8_lossy(text);
                    return Some(self.reject(Rejected::parse(format!("invalid header `{}`", truncate(&value, 60)))));
                }
                Some(Header::Other) => {
                    in_headers = true;
                    self.resyncing = false;
                }
                None => {
                    // Junk. A `Content-Length` header glued to its end starts the next frame.
                    if let Some(at) = glued {
                        self.give_back(&line[at..]);
                    }
                    if in_headers || !self.resyncing {
                        let shown = String::from_utf8_lossy(&text[..glued.unwrap_or(text.len())]);
                        return Some(
                            self.reject(Rejected::parse(format!("not a header line: `{}`", truncate(&shown, 60)))),
                        );
                    }
                }
            }
        }
        let Some(len) = content_length else {
            return Some(self.reject(Rejected::parse("missing Content-Length header".into())));
        };
        let (mut body, mut rest) = self.read_body(len).await?;
        // A body that does not decode and ends with the beginning of a header: the declared length was a little
        // too large, and that is the next frame's beginning.
        if rest.is_none()
            && check(&body).is_err()
            && let Some(at) = header_prefix_at_end(&body)
        {
            rest = Some(body.split_off(at));
        }
        let frame = match check(&body) {
            Ok(()) => Frame::Message(body),
            // Well-formed JSON that is not a valid message was framed right: nothing to resynchronise.
            Err(rejected) if rejected.code != -32700 => Frame::Rejected(rejected),
            Err(rejected) => self.reject(rejected),
        };
        if let Some(rest) = rest {
            self.give_back(&rest);
        }
        if matches!(frame, Frame::Message(_)) {
            self.resyncing = false;
        }
        Some(frame)
    }

    fn reject(&mut self, rejected: Rejected) -> Frame {
        self.resyncing = true;
        Frame::Rejected(rejected)
    }

    /// Puts bytes back in front of the input.
    fn give_back(&mut self, bytes: &[u8]) {
        for &byte in bytes.iter().rev() {
            self.pushback.push_front(byte);
        }
    }

    /// The next line, with its line end (`\n`); the last line of the input may have none. `None` at end of input.
    /// Of a line longer than [`MAX_LINE`], only the end is kept.
    async fn read_line(&mut self) -> Option<Vec<u8>> {
        let mut line = Vec::new();
        while let Some(byte) = self.pushback.pop_front() {
            line.push(byte);
            if byte == b'\n' {
                return Some(line);
            }
        }
        loop {
            let available = match self.reader.fill_buf().await {
                Ok(available) => available,
                Err(_) => return None,
            };
            if available.is_empty() {
                return if line.is_empty() { None } else { Some(line) };
            }
            let (taken, done) = match available.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (available.len(), false),
            };
            line.extend_from_slice(&available[..taken]);
            self.reader.consume(taken);
            if line.len() > 2 * MAX_LINE {
                line.drain(..line.len() - MAX_LINE);
            }
            if done {
                return Some(line);
            }
        }
    }

    /// Reads a body of `len` bytes. Stops early at a `Content-Length` header inside it (see the module
    /// documentation): then returns the bytes before it, and the rest to read again. `None` at end of input.
    async fn read_body(&mut self, len: usize) -> Option<(Vec<u8>, Option<Vec<u8>>)> {
        let mut body = Vec::with_capacity(len.min(1 << 20));
        let from_pushback = self.pushback.len().min(len);
        body.extend(self.pushback.drain(..from_pushback));
        let mut scanned = 0;
        loop {
            let (at, next_scan) = find_content_length(&body, scanned);
            if let Some(at) = at {
                let rest = body.split_off(at);
                return Some((body, Some(rest)));
            }
            scanned = next_scan;
            if body.len() == len {
                return Some((body, None));
            }
            let available = self.reader.fill_buf().await.ok()?;
            if available.is_empty() {
                return None;
            }
            let taken = available.len().min(len - body.len());
            body.extend_from_slice(&available[..taken]);
            self.reader.consume(taken);
        }
    }
}

fn trim_line_end(line: &[u8]) -> &[u8] {
    let mut end = line.len();
    while end > 0 && matches!(line[end - 1], b'\r' | b'\n') {
        end -= 1;
    }
    &line[..end]
}

enum Header {
    /// `Content-Length`, with its value when it is a valid length.
    ContentLength(Option<usize>),
    Other,
}

/// A header line `Name: value` (the name an HTTP token), or `None` for anything else.
fn header(line: &[u8]) -> Option<Header> {
    let colon = line.iter().position(|&b| b == b':')?;
    let name = &line[..colon];
    let token = |b: &u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(b);
    if name.is_empty() || !name.iter().all(token) {
        return None;
    }
    if !name.eq_ignore_ascii_case(b"content-length") {
        // `xContent-Length: 5` is junk glued to the next message's header, not a header of its own.
        let ends_with_content_length =
            name.len() > 14 && name[name.len() - 14..].eq_ignore_ascii_case(b"content-length");
        return (!ends_with_content_length).then_some(Header::Other);
    }
    let value = std::str::from_utf8(&line[colon + 1..]).ok().map(str::trim);
    let len = value.and_then(|v| v.parse::<usize>().ok()).filter(|&len| len <= MAX_BODY);
    Some(Header::ContentLength(len))
}

const CONTENT_LENGTH: &[u8] = b"content-length:";

/// Where a `Content-Length: N` header starts at the end of a junk line (after at least one byte of junk).
fn glued_content_length(line: &[u8]) -> Option<usize> {
    (1..line.len().saturating_sub(CONTENT_LENGTH.len()) + 1).rev().find(|&at| {
        line[at..].len() > CONTENT_LENGTH.len()
            && line[at..at + CONTENT_LENGTH.len()].eq_ignore_ascii_case(CONTENT_LENGTH)
            && matches!(header(&line[at..]), Some(Header::ContentLength(Some(_))))
    })
}

/// How a body's bytes from some offset match a `Content-Length: N` header line.
enum HeaderMatch {
    /// The whole header, through its line break.
    Complete,
    /// The bytes end before the header does.
    Prefix,
    No,
}

/// Matches `content-length:[ \t]*[0-9]+[ \t]*\r?\n` (case-insensitive) at the start of `bytes`.
fn match_header(bytes: &[u8]) -> HeaderMatch {
    let n = bytes.len().min(CONTENT_LENGTH.len());
    if !bytes[..n].eq_ignore_ascii_case(&CONTENT_LENGTH[..n]) {
        return HeaderMatch::No;
    }
    if n < CONTENT_LENGTH.len() {
        return HeaderMatch::Prefix;
    }
    let mut i = CONTENT_LENGTH.len();
    let skip_blanks = |i: &mut usize| {
        while *i < bytes.len() && matches!(bytes[*i], b' ' | b'\t') {
            *i += 1;
        }
    };
    skip_blanks(&mut i);
    let digits = i;
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        i += 1;
    }
    if i == bytes.len() {
        return HeaderMatch::Prefix;
    }
    if i == digits || i - digits > 20 {
        return HeaderMatch::No;
    }
    skip_blanks(&mut i);
    if bytes.get(i) == Some(&b'\r') {
        i += 1;
    }
    match bytes.get(i) {
        None => HeaderMatch::Prefix,
        Some(b'\n') => HeaderMatch::Complete,
        Some(_) => HeaderMatch::No,
    }
}

/// The first complete `Content-Length` header line in `body[from..]`, and where the next search may start (the
/// first place where a header may begin that the bytes so far do not decide).
fn find_content_length(body: &[u8], from: usize) -> (Option<usize>, usize) {
    let mut at = from;
    while at < body.len() {
        match body[at..].iter().position(|&b| b == b'c' || b == b'C') {
            None => return (None, body.len()),
            Some(i) => at += i,
        }
        match match_header(&body[at..]) {
            HeaderMatch::Complete => return (Some(at), at),
            HeaderMatch::Prefix => return (None, at),
            HeaderMatch::No => at += 1,
        }
    }
    (None, body.len())
}

/// Where the end of a body begins a `Content-Length` header that is cut off by the body's end.
fn header_prefix_at_end(body: &[u8]) -> Option<usize> {
    let (_, undecided) = find_content_length(body, body.len().saturating_sub(CONTENT_LENGTH.len() + 32));
    (undecided < body.len()).then_some(undecided)
}

fn truncate(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

/// A malformed frame or message, and the error it is answered with.
#[derive(Debug)]
pub struct Rejected {
    pub code: i64,
    pub message: String,
    pub id: serde_json::Value,
}

impl Rejected {
    fn parse(message: String) -> Rejected {
        Rejected { code: -32700, message, id: serde_json::Value::Null }
    }

    pub fn response(&self) -> serde_json::Value {
        serde_json::json!({
            "jsonrpc": "2.0",
            "id": self.id,
            "error": {"code": self.code, "message": format!("consul-ls: {}", self.message)},
        })
    }
}

/// A JSON-RPC message exactly as the framework's codec decodes it (its own `Message` type is private): the
/// same untagged enum, from the same text, so duplicate keys and the like fail here as they fail there.
#[derive(Deserialize)]
#[serde(untagged)]
#[allow(dead_code)] // only decoded, to see that it decodes
enum Message {
    Response(Response),
    Request(Request),
}

/// Whether the server's codec decodes `body` (a JSON-RPC request, notification or response).
pub fn check(body: &[u8]) -> Result<(), Rejected> {
    let text = std::str::from_utf8(body).map_err(|e| Rejected::parse(format!("message is not valid UTF-8: {e}")))?;
    if serde_json::from_str::<Message>(text).is_ok() {
        return Ok(());
    }
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| Rejected::parse(format!("message is not valid JSON: {e}")))?;
    let id = match value.get("id") {
        Some(id @ (serde_json::Value::Number(_) | serde_json::Value::String(_))) => id.clone(),
        _ => serde_json::Value::Null,
    };
    Err(Rejected { code: -32600, message: "not a JSON-RPC 2.0 request, notification or response".into(), id })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_what_the_codec_accepts() {
        assert!(check(br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#).is_ok());
        assert!(check(br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#).is_ok());
        assert!(check(br#"{"jsonrpc":"2.0","id":1,"result":null}"#).is_ok());
        assert_eq!(check(b"\xff\xfe").unwrap_err().code, -32700);
        assert_eq!(check(br#"{"jsonrpc": "2.0", "id": 2, "method": "#).unwrap_err().code, -32700);
        let invalid = check(br#"{"foo": 1, "id": 7}"#).unwrap_err();
        assert_eq!((invalid.code, invalid.id), (-32600, serde_json::json!(7)));
        assert_eq!(check(b"[1, 2]").unwrap_err().code, -32600);
        // serde_json's `Value` keeps the last of duplicate keys, the framework's codec refuses them (and would
        // end the session): refused here.
        let duplicate = check(br#"{"jsonrpc":"2.0","id":5,"method":"x","method":"y"}"#).unwrap_err();
        assert_eq!((duplicate.code, duplicate.id), (-32600, serde_json::json!(5)));
    }

    async fn frames(input: &[u8]) -> Vec<Result<String, i64>> {
        let mut framer = Framer::new(input);
        let mut out = Vec::new();
        while let Some(frame) = framer.next().await {
            out.push(match frame {
                Frame::Message(body) => Ok(String::from_utf8(body).unwrap()),
                Frame::Rejected(rejected) => Err(rejected.code),
            });
        }
        out
    }

    const A: &str = r#"{"jsonrpc":"2.0","id":1,"method":"a"}"#;
    const B: &str = r#"{"jsonrpc":"2.0","id":2,"method":"b"}"#;

    fn framed(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[tokio::test]
    async fn reads_frames_and_skips_bad_headers() {
        let input =
            format!("{}garbage line\r\n\r\nContent-Length: {}\r\nContent-Type: x\r\n\r\n{B}", framed(A), B.len());
        assert_eq!(frames(input.as_bytes()).await, vec![Ok(A.into()), Err(-32700), Ok(B.into())]);
        // Stray blank lines between messages, `\n` line ends, any case of the header's name.
        let input = format!("\r\n{}\n\ncontent-length: {}\n\n{B}", framed(A), B.len());
        assert_eq!(frames(input.as_bytes()).await, vec![Ok(A.into()), Ok(B.into())]);
    }

    #[tokio::test]
    async fn a_content_length_larger_than_the_body_does_not_swallow_the_next_message() {
        // By more than the next message: the next header inside the body starts a new frame.
        let input = format!("Content-Length: 500\r\n\r\n{{\"jsonrpc\":\"2.0\",\"id\":1,{}{}", framed(A), framed(B));
        assert_eq!(frames(input.as_bytes()).await, vec![Err(-32700), Ok(A.into()), Ok(B.into())]);
        // A whole message with a length too large is still that message.
        let input = format!("Content-Length: 500\r\n\r\n{A}{}", framed(B));
        assert_eq!(frames(input.as_bytes()).await, vec![Ok(A.into()), Ok(B.into())]);
        // By a few bytes only: the body ends inside the next header.
        for extra in 1..20 {
            let input = format!("Content-Length: {}\r\n\r\n{A}{}", A.len() + extra, framed(B));
            assert_eq!(frames(input.as_bytes()).await, vec![Ok(A.into()), Ok(B.into())], "{extra} bytes");
            let input = format!("Content-Length: {}\r\n\r\n{}{}", A.len() + extra, &A[1..], framed(B));
            assert_eq!(frames(input.as_bytes()).await, vec![Err(-32700), Ok(B.into())], "{extra} bytes");
        }
    }

    #[tokio::test]
    async fn an_invalid_body_that_ends_like_a_header_does_not_cost_the_next_message() {
        for body in ["{\"a\": \"abc", "{\"a\": \"Content-Len", "x Content-Length: 12"] {
            let next = format!("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n{}", framed(B));
            for after in [framed(B), next] {
                let input = format!("{}{after}", framed(body));
                assert_eq!(frames(input.as_bytes()).await, vec![Err(-32700), Ok(B.into())], "{body:?}");
            }
        }
    }

    #[tokio::test]
    async fn a_content_length_smaller_than_the_body_gives_one_error() {
        for short in [1, 10, A.len() - 1] {
            let input = format!("Content-Length: {short}\r\n\r\n{A}{}", framed(B));
            assert_eq!(frames(input.as_bytes()).await, vec![Err(-32700), Ok(B.into())], "{short} bytes");
        }
        // The rest of the body spans lines.
        let body = "{\n  \"jsonrpc\": \"2.0\",\n  \"method\": \"x\"\n}";
        let input = format!("Content-Length: 5\r\n\r\n{body}{}", framed(B));
        assert_eq!(frames(input.as_bytes()).await, vec![Err(-32700), Ok(B.into())]);
    }

    #[tokio::test]
    async fn headers_without_content_length_give_one_error() {
        let input = format!("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{A}{}", framed(B));
        assert_eq!(frames(input.as_bytes()).await, vec![Err(-32700), Ok(B.into())]);
        // No headers at all: the body runs into the next header.
        let input = format!("{A}{}", framed(B));
        assert_eq!(frames(input.as_bytes()).await, vec![Err(-32700), Ok(B.into())]);
        // An invalid length.
        let input = format!("Content-Length: lots\r\n\r\n{A}{}", framed(B));
        assert_eq!(frames(input.as_bytes()).await, vec![Err(-32700), Ok(B.into())]);
    }

    #[tokio::test]
    async fn a_content_length_header_inside_a_json_string_is_text() {
        // Escaped line breaks in a string are not line breaks: the body is one message.
        let body = r#"{"jsonrpc":"2.0","method":"x","params":{"text":"Content-Length: 5\r\n\r\nabc"}}"#;
        let input = format!("{}{}", framed(body), framed(B));
        assert_eq!(frames(input.as_bytes()).await, vec![Ok(body.into()), Ok(B.into())]);
    }

    #[tokio::test]
    async fn a_long_junk_line_is_not_kept_whole() {
        let junk = "x".repeat(10 * MAX_LINE);
        let input = format!("{junk}{}", framed(B));
        assert_eq!(frames(input.as_bytes()).await, vec![Err(-32700), Ok(B.into())]);
    }
}
