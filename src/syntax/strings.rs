//! Decoding string literals, optionally with a map from each decoded byte back to its source offset, so that a
//! policy's `Rules` string can be parsed and its findings placed on the right characters of the file.

/// Records, for every byte of decoded text, the offset (relative to the literal's content) it came from.
#[derive(Default)]
pub struct OffsetMap {
    /// `offsets[i]` = source offset of decoded byte `i`; one extra entry for the end.
    pub offsets: Vec<u32>,
}

impl OffsetMap {
    /// Source offset for a decoded offset (clamped to the end).
    pub fn source_offset(&self, decoded: usize) -> u32 {
        match self.offsets.get(decoded) {
            Some(&o) => o,
            None => self.offsets.last().copied().unwrap_or(0),
        }
    }
}

fn push(out: &mut String, map: &mut Option<&mut OffsetMap>, c: char, src: usize) {
    out.push(c);
    if let Some(map) = map {
        for _ in 0..c.len_utf8() {
            map.offsets.push(src as u32);
        }
    }
}

/// Decodes the inside of an HCL 1 quoted string (Go-style escapes; `${...}` stays literal).
pub fn unescape_hcl(inner: &str, mut map: Option<&mut OffsetMap>) -> String {
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            push(&mut out, &mut map, c, i);
            continue;
        }
        let Some(&(_, e)) = chars.peek() else {
            push(&mut out, &mut map, c, i);
            break;
        };
        let simple = match e {
            'a' => Some('\u{7}'),
            'b' => Some('\u{8}'),
            'f' => Some('\u{c}'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            'v' => Some('\u{b}'),
            '\\' => Some('\\'),
            '"' => Some('"'),
            '\'' => Some('\''),
            _ => None,
        };
        if let Some(decoded) = simple {
            chars.next();
            push(&mut out, &mut map, decoded, i);
            continue;
        }
        let digits = match e {
            'x' => 2,
            'u' => 4,
            'U' => 8,
            _ => 0,
        };
        if digits > 0 {
            let hex_start = i + 2;
            let decoded = inner
                .get(hex_start..hex_start + digits)
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .and_then(char::from_u32);
            if let Some(decoded) = decoded {
                for _ in 0..=digits {
                    chars.next();
                }
                push(&mut out, &mut map, decoded, i);
                continue;
            }
        }
        // Unknown escape: kept as written.
        push(&mut out, &mut map, c, i);
    }
    if let Some(map) = map {
        map.offsets.push(inner.len() as u32);
    }
    out
}

/// Decodes the inside of a JSON string (RFC 8259 escapes, surrogate pairs). Returns `Err(message)` on an invalid
/// escape. Control characters are checked by the JSON lexer.
pub fn unescape_json(inner: &str, mut map: Option<&mut OffsetMap>) -> Result<String, String> {
    let mut out = String::with_capacity(inner.len());
    let bytes = inner.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = inner[i..].chars().next().unwrap_or('\u{fffd}');
        if c != '\\' {
            push(&mut out, &mut map, c, i);
            i += c.len_utf8();
            continue;
        }
        let e = bytes.get(i + 1).copied().unwrap_or(0);
        let decoded = match e {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = hex4(inner, i + 2).ok_or("invalid \\u escape: expected 4 hex digits")?;
                let (c, len) = if (0xD800..0xDC00).contains(&unit) {
                    match (inner.get(i + 6..i + 8), hex4(inner, i + 8)) {
                        (Some("\\u"), Some(low)) if (0xDC00..0xE000).contains(&low) => {
                            let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                            (char::from_u32(code).unwrap_or('\u{fffd}'), 12)
                        }
                        _ => ('\u{fffd}', 6),
                    }
                } else {
                    (char::from_u32(unit).unwrap_or('\u{fffd}'), 6)
                };
                push(&mut out, &mut map, c, i);
                i += len;
                continue;
            }
            _ => return Err(format!("invalid escape `\\{}` in string", e as char)),
        };
        push(&mut out, &mut map, decoded, i);
        i += 2;
    }
    if let Some(map) = map {
        map.offsets.push(inner.len() as u32);
    }
    Ok(out)
}

fn hex4(text: &str, at: usize) -> Option<u32> {
    let hex = text.get(at..at + 4)?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(hex, 16).ok()
}

/// The text of a heredoc token `<<EOF\n...\nEOF`, as HCL 1 decodes it. Offsets in `map` are relative to the start
/// of the token.
///
/// `<<-EOF` strips the closing anchor's indentation from every line, but only when every line starts with it
/// (a blank line counts as a line); otherwise the lines are kept as written. HCL 1 removes the anchor's indentation,
/// not the lines' common indentation: a body indented deeper than the anchor keeps the difference. `<<EOF` keeps
/// its lines as written, plus (an HCL 1 quirk) the whitespace written before an indented closing anchor.
pub fn heredoc_with_map(raw: &str, mut map: Option<&mut OffsetMap>) -> Option<String> {
    let indented = raw.starts_with("<<-");
    let first_newline = raw.find('\n')?;
    let body_start = first_newline + 1;
    let last_newline = raw.rfind('\n')?;
    let anchor_line = &raw[last_newline + 1..];
    let anchor_indent = &anchor_line[..anchor_line.len() - anchor_line.trim_start().len()];
    let body = if last_newline < body_start { "" } else { &raw[body_start..=last_newline] };
    let strip = indented && body.split_inclusive('\n').all(|line| line.starts_with(anchor_indent));
    let mut out = String::with_capacity(body.len());
    let mut line_start = 0;
    for line in body.split_inclusive('\n') {
        let skip = if strip { anchor_indent.len() } else { 0 };
        for (i, c) in line[skip..].char_indices() {
            push(&mut out, &mut map, c, body_start + line_start + skip + i);
        }
        line_start += line.len();
    }
    let mut end = body_start + body.len();
    if !indented && last_newline >= body_start {
        for (i, c) in anchor_indent.char_indices() {
            push(&mut out, &mut map, c, last_newline + 1 + i);
        }
        end += anchor_indent.len();
    }
    if let Some(map) = map {
        map.offsets.push(end as u32);
    }
    Some(out)
}

pub fn unquote_heredoc(raw: &str) -> Option<String> {
    heredoc_with_map(raw, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hcl_escapes() {
        assert_eq!(unescape_hcl(r#"a\"b\\c\n\u00e9\x41"#, None), "a\"b\\c\né\x41".replace("\\x41", "A"));
        assert_eq!(unescape_hcl(r"keep \q", None), r"keep \q");
    }

    #[test]
    fn json_escapes_and_map() {
        let mut map = OffsetMap::default();
        let out = unescape_json(r#"x\n\"y\ud83d\ude00z"#, Some(&mut map)).unwrap();
        assert_eq!(out, "x\n\"y😀z");
        // 'y' is decoded byte 3 and sits at source offset 5.
        assert_eq!(map.source_offset(3), 5);
        // 'z' follows the 4-byte emoji, written as a 12-byte surrogate pair escape starting at 6.
        assert_eq!(map.source_offset(8), 18);
        assert!(unescape_json(r"\x", None).is_err());
    }

    #[test]
    fn heredoc_indented() {
        let raw = "<<-EOF\n    a\n      b\n    EOF";
        assert_eq!(unquote_heredoc(raw).unwrap(), "a\n  b\n");
        // HCL 1 strips the closing anchor's indentation, not the lines' common indentation ...
        assert_eq!(unquote_heredoc("<<-EOF\n    a\n      b\n  EOF").unwrap(), "  a\n    b\n");
        assert_eq!(unquote_heredoc("<<-EOF\n  a\nEOF").unwrap(), "  a\n");
        // ... and only when every line (blank ones too) starts with it.
        assert_eq!(unquote_heredoc("<<-EOF\n  a\n\n  b\n  EOF").unwrap(), "  a\n\n  b\n");
        assert_eq!(unquote_heredoc("<<-EOF\n  a\n b\n  EOF").unwrap(), "  a\n b\n");
        assert_eq!(unquote_heredoc("<<-EOF\n  a\n  \n  b\n  EOF").unwrap(), "a\n\nb\n");
        assert_eq!(unquote_heredoc("<<-EOF\n  EOF").unwrap(), "");
        // `<<EOF` keeps the whitespace before an indented closing anchor.
        assert_eq!(unquote_heredoc("<<EOF\n  a\n  EOF").unwrap(), "  a\n  ");
        let mut map = OffsetMap::default();
        assert_eq!(heredoc_with_map("<<-EOF\n  ab\n  EOF", Some(&mut map)).unwrap(), "ab\n");
        assert_eq!(map.source_offset(0), 9);
        assert_eq!(map.source_offset(3), 12);
        let raw = "<<EOF\nx = 1\nEOF";
        let mut map = OffsetMap::default();
        assert_eq!(heredoc_with_map(raw, Some(&mut map)).unwrap(), "x = 1\n");
        assert_eq!(map.source_offset(0), 6);
    }
}
