//! A framing guard between stdin/stdout and tower-lsp-server.
//!
//! tower-lsp-server reads stdin through tokio-util's `FramedRead`, which ends the stream after the first frame it
//! cannot decode: one message with invalid UTF-8, broken JSON, or JSON that is not a JSON-RPC message would end
//! the session. The guard reads the frames itself, forwards only messages the server can decode, and answers the
//! others with a JSON-RPC error (`-32700` parse error, `-32600` invalid request), as the spec asks, so the server
//! keeps serving. Bad headers are skipped up to the next `Content-Length`.

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader, DuplexStream};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Request, Response};

/// Largest message accepted (a whole workspace's worth of text in one didOpen is far below this).
const MAX_BODY: usize = 256 * 1024 * 1024;

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
        let mut reader = BufReader::new(input);
        while let Some(frame) = read_frame(&mut reader).await {
            match frame {
                Frame::Body(body) => match check(&body) {
                    Ok(()) => {
                        let header = format!("Content-Length: {}\r\n\r\n", body.len());
                        let sent = async {
                            to_server.write_all(header.as_bytes()).await?;
                            to_server.write_all(&body).await?;
                            to_server.flush().await
                        };
                        if sent.await.is_err() {
                            return;
                        }
                    }
                    Err(error) => {
                        tracing::warn!("malformed message from the client: {}", error.message);
                        let _ = errors.send(encode(&error.response()));
                    }
                },
                Frame::BadHeader(message) => {
                    tracing::warn!("malformed message header from the client: {message}");
                    let _ = errors.send(encode(&Rejected::parse(message).response()));
                }
            }
        }
        // End of input: the server sees it too and stops.
        let _ = to_server.shutdown().await;
    });

    tokio::spawn(async move {
        let mut reader = BufReader::new(from_server);
        while let Some(Frame::Body(body)) = read_frame(&mut reader).await {
            let header = format!("Content-Length: {}\r\n\r\n", body.len());
            let mut frame = header.into_bytes();
            frame.extend_from_slice(&body);
            if out_tx.send(frame).is_err() {
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

enum Frame {
    Body(Vec<u8>),
    BadHeader(String),
}

/// Reads one `Content-Length`-framed message. `None` at end of input.
async fn read_frame<R: AsyncRead + Unpin>(reader: &mut BufReader<R>) -> Option<Frame> {
    let mut content_length: Option<usize> = None;
    let mut bad: Option<String> = None;
    let mut saw_header = false;
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line).await.ok()?;
        if n == 0 {
            return None;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if !saw_header {
                continue; // stray blank line between messages
            }
            break;
        }
        saw_header = true;
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => match value.trim().parse() {
                Ok(len) if len <= MAX_BODY => content_length = Some(len),
                _ => bad = Some(format!("invalid Content-Length `{}`", value.trim())),
            },
            Some(_) => {} // Content-Type and other headers
            None => bad = Some(format!("not a header line: `{}`", truncate(text, 60))),
        }
    }
    match (content_length, bad) {
        (Some(len), None) => {
            let mut body = vec![0; len];
            reader.read_exact(&mut body).await.ok()?;
            Some(Frame::Body(body))
        }
        (_, Some(message)) => Some(Frame::BadHeader(message)),
        (None, None) => Some(Frame::BadHeader("missing Content-Length header".into())),
    }
}

fn truncate(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

struct Rejected {
    code: i64,
    message: String,
    id: serde_json::Value,
}

impl Rejected {
    fn parse(message: String) -> Rejected {
        Rejected { code: -32700, message, id: serde_json::Value::Null }
    }

    fn response(&self) -> serde_json::Value {
        serde_json::json!({
            "jsonrpc": "2.0",
            "id": self.id,
            "error": {"code": self.code, "message": format!("consul-ls: {}", self.message)},
        })
    }
}

/// Whether the server's codec can decode `body` (a JSON-RPC request, notification or response).
fn check(body: &[u8]) -> Result<(), Rejected> {
    let text = std::str::from_utf8(body).map_err(|e| Rejected::parse(format!("message is not valid UTF-8: {e}")))?;
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| Rejected::parse(format!("message is not valid JSON: {e}")))?;
    let id = match value.get("id") {
        Some(id @ (serde_json::Value::Number(_) | serde_json::Value::String(_))) => id.clone(),
        _ => serde_json::Value::Null,
    };
    let decodes =
        serde_json::from_value::<Request>(value.clone()).is_ok() || serde_json::from_value::<Response>(value).is_ok();
    if decodes {
        Ok(())
    } else {
        Err(Rejected { code: -32600, message: "not a JSON-RPC 2.0 request, notification or response".into(), id })
    }
}

fn encode(value: &serde_json::Value) -> Vec<u8> {
    let body = value.to_string();
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend_from_slice(body.as_bytes());
    frame
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
    }

    #[tokio::test]
    async fn reads_frames_and_skips_bad_headers() {
        let input: &[u8] =
            b"Content-Length: 2\r\n\r\n{}garbage line\r\n\r\nContent-Length: 3\r\nContent-Type: x\r\n\r\n[1]";
        let mut reader = BufReader::new(input);
        assert!(matches!(read_frame(&mut reader).await, Some(Frame::Body(b)) if b == b"{}"));
        assert!(matches!(read_frame(&mut reader).await, Some(Frame::BadHeader(_))));
        assert!(matches!(read_frame(&mut reader).await, Some(Frame::Body(b)) if b == b"[1]"));
        assert!(read_frame(&mut reader).await.is_none());
    }
}
