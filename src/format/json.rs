//! JSON formatting exactly as Go's `json.Indent(dst, src, "", "  ")` (what Consul's own tooling prints), plus a
//! final newline: whitespace between tokens is replaced by newlines and two-space indentation, `{}` and `[]` stay
//! empty on one line, `": "` after keys; strings, numbers and member order are kept byte for byte.

/// The formatted text and, when the document is an object, the output byte range of each of its members.
pub struct Formatted {
    pub text: String,
    pub members: Vec<std::ops::Range<usize>>,
}

/// Formats JSON text that the syntax parser accepts without error (and without a byte order mark).
pub fn format(text: &str) -> Formatted {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut members = Vec::new();
    let mut member_start: Option<usize> = None;
    let mut depth = 0usize;
    let mut need_indent = false;
    let root_is_object = text.trim_start().starts_with('{');
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if matches!(c, b' ' | b'\t' | b'\r' | b'\n') {
            i += 1;
            continue;
        }
        if need_indent && c != b'}' && c != b']' {
            need_indent = false;
            depth += 1;
            newline(&mut out, depth);
        }
        // A member of the top-level object starts at its key, at depth 1.
        if root_is_object && depth == 1 && member_start.is_none() && c == b'"' {
            member_start = Some(out.len());
        }
        match c {
            b'"' => {
                let end = string_end(bytes, i);
                out.push_str(text.get(i..end).unwrap_or_default());
                i = end;
                continue;
            }
            b'{' | b'[' => {
                need_indent = true;
                out.push(c as char);
            }
            b',' => {
                if depth == 1
                    && let Some(start) = member_start.take()
                {
                    members.push(start..out.len());
                }
                out.push(',');
                newline(&mut out, depth);
            }
            b':' => out.push_str(": "),
            b'}' | b']' => {
                if need_indent {
                    need_indent = false;
                } else {
                    if depth == 1
                        && let Some(start) = member_start.take()
                    {
                        members.push(start..out.len());
                    }
                    depth = depth.saturating_sub(1);
                    newline(&mut out, depth);
                }
                out.push(c as char);
            }
            _ => {
                // A number or literal: up to the next delimiter.
                let end = bytes[i..]
                    .iter()
                    .position(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b',' | b':' | b'}' | b']' | b'{' | b'['))
                    .map_or(bytes.len(), |p| i + p);
                let end = end.max(i + 1);
                out.push_str(text.get(i..end).unwrap_or_default());
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out.push('\n');
    Formatted { text: out, members }
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

/// The byte after the string starting with the quote at `start`.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}
