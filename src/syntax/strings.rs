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

/// Decodes the inside of an HCL 1 quoted string, forgiving: an escape HCL 1 cannot decode is kept as written.
pub fn unescape_hcl(inner: &str, map: Option<&mut OffsetMap>) -> String {
    match unescape_hcl_checked(inner, map) {
        Ok(text) | Err((text, _)) => text,
    }
}

/// Decodes the inside of an HCL 1 quoted string the way its decoder does (`hcl/strconv.Unquote`): Go escapes,
/// `${...}` copied as written (escapes inside it too), `\x` and octal escapes giving raw bytes (bytes that do
/// not form UTF-8 become U+FFFD, one per byte, as Go's JSON encoder shows them), surrogates U+FFFD. `Err` carries
/// the forgiving decoding and a message when HCL 1 cannot decode the string (its decoder panics on `\U00110000` or
/// `\400`); the message is empty when an escape is malformed (`\-`), which HCL 1's scanner reports.
pub fn unescape_hcl_checked(inner: &str, map: Option<&mut OffsetMap>) -> Result<String, (String, String)> {
    let bytes = inner.as_bytes();
    // Decoded bytes with the source offset each came from.
    let mut out: Vec<(u8, u32)> = Vec::with_capacity(inner.len());
    let mut error: Option<String> = None;
    let push_char = |out: &mut Vec<(u8, u32)>, c: char, at: usize| {
        let mut buf = [0u8; 4];
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            out.push((b, at as u32));
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'$' && bytes.get(i + 1) == Some(&b'{') {
            // An interpolation: copied as written up to its closing brace.
            let start = i;
            out.push((b'$', i as u32));
            out.push((b'{', i as u32 + 1));
            let mut braces = 1u32;
            let mut j = i + 2;
            while j < bytes.len() && braces > 0 {
                let c = inner[j..].chars().next().unwrap_or('\u{fffd}');
                if c == '\u{fffd}' {
                    error.get_or_insert_with(|| "U+FFFD inside `${...}`: HCL 1 cannot decode this string".into());
                }
                match c {
                    '{' => braces += 1,
                    '}' => braces -= 1,
                    _ => {}
                }
                // `\r\n` is a newline (HCL 1 rewrites it before reading).
                if !(c == '\r' && bytes.get(j + 1) == Some(&b'\n')) {
                    push_char(&mut out, c, j);
                }
                j += c.len_utf8();
            }
            if braces != 0 {
                error.get_or_insert_with(|| format!("unclosed `${{` at offset {start}"));
            }
            i = j;
            continue;
        }
        if b != b'\\' {
            let c = inner[i..].chars().next().unwrap_or('\u{fffd}');
            push_char(&mut out, c, i);
            i += c.len_utf8();
            continue;
        }
        let escape = bytes.get(i + 1).copied();
        let simple = match escape {
            Some(b'a') => Some(0x07),
            Some(b'b') => Some(0x08),
            Some(b'f') => Some(0x0c),
            Some(b'n') => Some(b'\n'),
            Some(b'r') => Some(b'\r'),
            Some(b't') => Some(b'\t'),
            Some(b'v') => Some(0x0b),
            Some(b'\\') => Some(b'\\'),
            Some(b'"') => Some(b'"'),
            _ => None,
        };
        if let Some(decoded) = simple {
            out.push((decoded, i as u32));
            i += 2;
            continue;
        }
        let (digits, radix) = match escape {
            Some(b'x') => (2, 16),
            Some(b'u') => (4, 16),
            Some(b'U') => (8, 16),
            Some(b'0'..=b'7') => (3, 8),
            _ => (0, 0),
        };
        let digits_start = if radix == 8 { i + 1 } else { i + 2 };
        let value = (digits > 0)
            .then(|| inner.get(digits_start..digits_start + digits))
            .flatten()
            .filter(|d| d.chars().all(|c| c.is_digit(radix)))
            .and_then(|d| u32::from_str_radix(d, radix).ok());
        let decoded = match (escape, value) {
            (Some(b'x'), Some(v)) => Some(Err(v as u8)),
            (Some(b'0'..=b'7'), Some(v)) if v <= 255 => Some(Err(v as u8)),
            (Some(b'u' | b'U'), Some(v)) if v <= 0x10FFFF => Some(Ok(char::from_u32(v).unwrap_or('\u{fffd}'))),
            _ => None,
        };
        match decoded {
            Some(Ok(c)) => push_char(&mut out, c, i),
            Some(Err(byte)) => out.push((byte, i as u32)),
            None => {
                // Kept as written. An escape HCL 1's scanner accepts but its decoder cannot decode (`\U00110000`,
                // `\400`) is an error here; a malformed one (`\-`) is the scanner's to report.
                if value.is_some() {
                    let shown = inner.get(i..digits_start + digits).unwrap_or("\\");
                    error.get_or_insert_with(|| format!("HCL 1 cannot decode the escape `{shown}`: out of range"));
                } else {
                    error.get_or_insert_with(String::new);
                }
                out.push((b'\\', i as u32));
                i += 1;
                continue;
            }
        }
        i = digits_start + digits;
    }
    let text = lossy_with_map(&out, inner.len() as u32, map);
    match error {
        None => Ok(text),
        Some(message) => Err((text, message)),
    }
}

/// Bytes (with their source offsets) to text, each byte that is not part of valid UTF-8 becoming U+FFFD.
fn lossy_with_map(bytes: &[(u8, u32)], end: u32, mut map: Option<&mut OffsetMap>) -> String {
    let raw: Vec<u8> = bytes.iter().map(|&(b, _)| b).collect();
    let mut out = String::with_capacity(raw.len());
    let mut at = 0;
    for chunk in raw.utf8_chunks() {
        let valid = chunk.valid();
        out.push_str(valid);
        if let Some(map) = map.as_deref_mut() {
            map.offsets.extend(bytes[at..at + valid.len()].iter().map(|&(_, o)| o));
        }
        at += valid.len();
        for _ in chunk.invalid() {
            out.push('\u{fffd}');
            if let Some(map) = map.as_deref_mut() {
                map.offsets.extend([bytes[at].1; 3]);
            }
            at += 1;
        }
    }
    if let Some(map) = map {
        map.offsets.push(end);
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

/// The text of a heredoc token `<<EOF\n...\nEOF` (up to the end of the closing line, without its newline), as
/// HCL 1 decodes it (`unindentHeredoc`, ported as is). Offsets in `map` are relative to the start of the token.
///
/// HCL 1 cuts the closing anchor off the end by its length, so whatever precedes the anchor on the closing line
/// stays in the value: `<<EOF` keeps the whitespace written before an indented closing anchor. `<<-EOF` takes the
/// closing line's indentation off every line, but only when every line (a blank one too) starts with it —
/// HCL 1 removes the anchor's indentation, not the lines' common indentation, so a body indented deeper than the
/// anchor keeps the difference; otherwise the lines are kept as written, minus trailing blanks. `\r\n` counts as
/// `\n`.
pub fn heredoc_with_map(raw: &str, map: Option<&mut OffsetMap>) -> Option<String> {
    // HCL 1's token ends with the closing line's newline, and `\r\n` was rewritten to `\n` before scanning.
    let mut token: Vec<(u8, u32)> = Vec::with_capacity(raw.len() + 1);
    let bytes = raw.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let crlf = b == b'\r' && (bytes.get(i + 1) == Some(&b'\n') || i + 1 == bytes.len());
        if !crlf {
            token.push((b, i as u32));
        }
    }
    token.push((b'\n', raw.len() as u32));
    let idx = token.iter().position(|&(b, _)| b == b'\n')?;
    let len = token.len();
    let indented = token.get(2).is_some_and(|&(b, _)| b == b'-');
    let plain = |cut: usize| token.get(idx + 1..(len + cut).checked_sub(idx)?);
    let body: Vec<(u8, u32)> = if !indented {
        plain(1)?.to_vec()
    } else {
        let slice = plain(2)?;
        let lines: Vec<&[(u8, u32)]> = slice.split(|&(b, _)| b == b'\n').collect();
        let prefix: Vec<u8> = lines.last().map(|l| l.iter().map(|&(b, _)| b).collect()).unwrap_or_default();
        let starts =
            |line: &[(u8, u32)]| line.len() >= prefix.len() && line.iter().zip(&prefix).all(|(a, b)| a.0 == *b);
        if lines.iter().all(|line| starts(line)) {
            let mut out = Vec::with_capacity(slice.len());
            let mut at = 0;
            for line in &lines[..lines.len() - 1] {
                out.extend_from_slice(&line[prefix.len()..]);
                // Lines are joined with newlines: the one that ended this line.
                out.push(slice[at + line.len()]);
                at += line.len() + 1;
            }
            out
        } else {
            let mut out = plain(1)?.to_vec();
            while out.last().is_some_and(|&(b, _)| b == b' ' || b == b'\t') {
                out.pop();
            }
            out
        }
    };
    let end = body.last().map_or_else(|| token.get(idx + 1).map_or(raw.len() as u32, |&(_, o)| o), |&(_, o)| o + 1);
    Some(lossy_with_map(&body, end, map))
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
