//! Byte offsets ↔ LSP positions, in the negotiated encoding. The one place where line/column arithmetic happens.
//!
//! LSP lines end at `\n`, `\r\n` or `\r` (ropey's `cr_lines`, without the Unicode separators), and columns count
//! UTF-8 bytes or UTF-16 code units. Out-of-range input is clamped, never an error: a column past the end of a
//! line means the end of that line (before its line break), a line past the end of the text means the end of the
//! text, and a column inside a character (a byte in the middle of a UTF-8 sequence, a code unit between the two
//! halves of a surrogate pair) means the start of that character.

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, PositionEncodingKind, Range};

use crate::syntax::TextRange;

/// How position columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    /// The protocol's default, which every client supports.
    #[default]
    Utf16,
}

impl Encoding {
    /// `utf-8` when the client offers it (no conversion at all), else `utf-16`, which every client must support.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// The byte range of line `line`'s content, without its line break. `None` past the last line.
fn line_content(rope: &Rope, line: usize) -> Option<(usize, usize)> {
    if line >= rope.len_lines() {
        return None;
    }
    let start = rope.line_to_byte(line);
    let end = if line + 1 < rope.len_lines() {
        let next = rope.line_to_byte(line + 1);
        let break_len = if next >= 2 && rope.byte(next - 1) == b'\n' && rope.byte(next - 2) == b'\r' { 2 } else { 1 };
        next - break_len
    } else {
        rope.len_bytes()
    };
    Some((start, end))
}

/// The byte offset of `position`, clamped as the module docs describe.
pub fn offset(rope: &Rope, position: Position, encoding: Encoding) -> u32 {
    let Some((start, end)) = line_content(rope, position.line as usize) else { return rope.len_bytes() as u32 };
    let column = position.character as usize;
    let byte = match encoding {
        Encoding::Utf8 => {
            let target = (start + column).min(end);
            // Round down to the start of the character the byte belongs to.
            rope.char_to_byte(rope.byte_to_char(target))
        }
        Encoding::Utf16 => {
            let first_cu = rope.char_to_utf16_cu(rope.byte_to_char(start));
            let end_cu = rope.char_to_utf16_cu(rope.byte_to_char(end));
            let target = (first_cu + column).min(end_cu);
            // Inside a surrogate pair, ropey answers the character the unit belongs to: its start.
            rope.char_to_byte(rope.utf16_cu_to_char(target))
        }
    };
    byte as u32
}

/// The position of byte offset `offset` (clamped to the text, rounded down to a character start).
pub fn position(rope: &Rope, offset: u32, encoding: Encoding) -> Position {
    let offset = (offset as usize).min(rope.len_bytes());
    let char_index = rope.byte_to_char(offset);
    let byte = rope.char_to_byte(char_index);
    let line = rope.byte_to_line(byte);
    let (start, end) = line_content(rope, line).unwrap_or((byte, byte));
    // An offset between `\r` and `\n` is the end of the line's content.
    let byte = byte.min(end);
    let character = match encoding {
        Encoding::Utf8 => byte - start,
        Encoding::Utf16 => {
            rope.char_to_utf16_cu(rope.byte_to_char(byte)) - rope.char_to_utf16_cu(rope.byte_to_char(start))
        }
    };
    Position::new(line as u32, character as u32)
}

pub fn range(rope: &Rope, range: TextRange, encoding: Encoding) -> Range {
    Range::new(position(rope, range.start, encoding), position(rope, range.end, encoding))
}

/// A byte range for an LSP range; a reversed range is put in order.
pub fn text_range(rope: &Rope, range: Range, encoding: Encoding) -> TextRange {
    let start = offset(rope, range.start, encoding);
    let end = offset(rope, range.end, encoding);
    TextRange::new(start.min(end), start.max(end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position::new(line, character)
    }

    /// Every character boundary maps to a position and back to itself, in both encodings.
    fn round_trips(text: &str) {
        let rope = Rope::from_str(text);
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            for (i, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let p = position(&rope, i as u32, encoding);
                let back = offset(&rope, p, encoding) as usize;
                // Between `\r` and `\n` there is no position of its own: it maps to the line's end, the `\r`.
                let expected = if i > 0 && text.as_bytes()[i - 1] == b'\r' && text.as_bytes().get(i) == Some(&b'\n') {
                    i - 1
                } else {
                    i
                };
                assert_eq!(back, expected, "{encoding:?} offset {i} -> {p:?} in {text:?}");
            }
        }
    }

    #[test]
    fn ascii() {
        let rope = Rope::from_str("ab\ncd\n");
        assert_eq!(position(&rope, 0, Encoding::Utf16), pos(0, 0));
        assert_eq!(position(&rope, 4, Encoding::Utf16), pos(1, 1));
        assert_eq!(position(&rope, 6, Encoding::Utf16), pos(2, 0));
        assert_eq!(offset(&rope, pos(1, 2), Encoding::Utf8), 5);
        round_trips("ab\ncd\n");
        round_trips("");
    }

    #[test]
    fn emoji_counts_two_utf16_units_and_four_bytes() {
        // "a😀b": 😀 is U+1F600, 4 bytes in UTF-8, a surrogate pair in UTF-16.
        let text = "x = \"a😀b\"";
        let rope = Rope::from_str(text);
        let b = text.find('b').unwrap() as u32;
        assert_eq!(position(&rope, b, Encoding::Utf16), pos(0, 8));
        assert_eq!(position(&rope, b, Encoding::Utf8), pos(0, 10));
        assert_eq!(offset(&rope, pos(0, 8), Encoding::Utf16), b);
        assert_eq!(offset(&rope, pos(0, 10), Encoding::Utf8), b);
        // Between the surrogates, or inside the UTF-8 sequence: the emoji's start.
        let emoji = text.find('😀').unwrap() as u32;
        assert_eq!(offset(&rope, pos(0, 7), Encoding::Utf16), emoji);
        assert_eq!(offset(&rope, pos(0, 8), Encoding::Utf8), emoji);
        round_trips(text);
    }

    #[test]
    fn cjk_is_one_utf16_unit_and_three_bytes() {
        let text = "name = \"服务\"\nport = 1";
        let rope = Rope::from_str(text);
        let quote = text.rfind('"').unwrap() as u32;
        assert_eq!(position(&rope, quote, Encoding::Utf16), pos(0, 10));
        assert_eq!(position(&rope, quote, Encoding::Utf8), pos(0, 14));
        assert_eq!(offset(&rope, pos(1, 4), Encoding::Utf16), text.find(" = 1").unwrap() as u32);
        round_trips(text);
    }

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        let text = "a\r\nb\rc\nd";
        let rope = Rope::from_str(text);
        assert_eq!(position(&rope, 3, Encoding::Utf16), pos(1, 0)); // b
        assert_eq!(position(&rope, 5, Encoding::Utf16), pos(2, 0)); // c after a lone \r
        assert_eq!(position(&rope, 7, Encoding::Utf16), pos(3, 0)); // d
        // Between \r and \n: the end of line 0.
        assert_eq!(position(&rope, 2, Encoding::Utf16), pos(0, 1));
        assert_eq!(offset(&rope, pos(2, 0), Encoding::Utf8), 5);
        round_trips(text);
        round_trips("\r\n\r\n");
        round_trips("\r\r");
    }

    #[test]
    fn unicode_line_separators_do_not_end_lines() {
        // U+2028 and NEL are not line ends in LSP.
        let text = "a\u{2028}b\u{85}c\nd";
        let rope = Rope::from_str(text);
        assert_eq!(position(&rope, text.find('c').unwrap() as u32, Encoding::Utf16), pos(0, 4));
        assert_eq!(position(&rope, text.find('d').unwrap() as u32, Encoding::Utf16), pos(1, 0));
    }

    #[test]
    fn positions_past_line_end_or_eof_clamp() {
        let text = "ab\r\ncd😀\nlast";
        let rope = Rope::from_str(text);
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            // Past the end of line 0: before its \r\n.
            assert_eq!(offset(&rope, pos(0, 99), encoding), 2);
            // Past the end of line 1: before its \n, after the emoji.
            assert_eq!(offset(&rope, pos(1, 99), encoding), text.find("\nlast").unwrap() as u32);
            // Past the last line, or past the end of the last line: the end of the text.
            assert_eq!(offset(&rope, pos(2, 99), encoding), text.len() as u32);
            assert_eq!(offset(&rope, pos(7, 0), encoding), text.len() as u32);
            // Offsets past the end clamp to the end.
            assert_eq!(position(&rope, 999, encoding), pos(2, 4));
        }
    }

    #[test]
    fn negotiation_prefers_utf8() {
        let both = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(Encoding::negotiate(Some(&both)), Encoding::Utf8);
        assert_eq!(Encoding::negotiate(Some(&[PositionEncodingKind::UTF32])), Encoding::Utf16);
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
    }

    #[test]
    fn mixed_text_round_trips() {
        round_trips("héllo\r\n世界 😀🎉\rend\n\n");
    }
}
