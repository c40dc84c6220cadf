//! Typing of plain scalars the way Kubernetes reads YAML: `sigs.k8s.io/yaml` decodes with its fork of go-yaml v2
//! (`goyaml.v2/resolve.go`) into `interface{}` and converts the result to JSON. That is YAML 1.1-ish and differs
//! from both YAML 1.2's core schema and PyYAML:
//!
//! - booleans: `y Y yes Yes YES true True TRUE on On ON` and `n N no No NO false False FALSE off Off OFF` (PyYAML
//!   has no `y`/`n`; YAML 1.2 has only `true`/`false`). So `enabled: yes` is `true`, and a GitHub workflow's
//!   `on:` key reads as `"true"`.
//! - null: empty, `~`, `null`, `Null`, `NULL`.
//! - integers: `_` removed, then Go's `strconv.ParseInt(s, 0, 64)`: `0x1F` = 31, `0o17` = 15, `0b101` = 5, a
//!   leading `0` is octal (`010` = 8), a sign is allowed; too large for int64 → uint64 → else a float (decimal)
//!   or a big integer (hex/octal/binary without sign).
//! - floats: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$` after removing `_` (`1e3` = 1000.0, `08` =
//!   8.0 since it is not octal), `.5`, and `.inf`, `-.inf`, `.nan` in their three spellings. Out of range → string.
//! - timestamps (`2001-12-14`): go-yaml makes a `time.Time` that JSON renders as RFC 3339; consul-ls keeps the
//!   text as written (a string either way; only the spelling can differ).
//! - base-60 numbers (`1:20`) are strings (go-yaml dropped them; PyYAML reads 80).
//!
//! Only plain (unquoted, untagged) scalars are typed: `"true"` and `'8080'` stay strings.

use super::super::tree::{Number, ValueKind};

/// The value of a plain scalar.
pub(super) fn resolve_plain(s: &str) -> ValueKind {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return ValueKind::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return ValueKind::Bool(true);
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return ValueKind::Bool(false);
        }
        ".nan" | ".NaN" | ".NAN" => return float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return float(f64::NEG_INFINITY),
        _ => {}
    }
    match s.as_bytes()[0] {
        b'0'..=b'9' | b'+' | b'-' => {
            let plain: String = s.chars().filter(|&c| c != '_').collect();
            let int = parse_go_int(&plain);
            // ParseInt, then ParseUint.
            if let Some(GoInt { value, fits_64: true, .. }) = int {
                return integer(value);
            }
            if is_yaml_style_float(&plain) {
                return match plain.parse::<f64>() {
                    Ok(v) if v.is_finite() => float(v),
                    _ => ValueKind::String(super::string(s)),
                };
            }
            // A big integer: only when the uint64 parse failed for its size (no sign, any base).
            if let Some(GoInt { value, fits_64: false, signed: false }) = int {
                return integer(value);
            }
            ValueKind::String(super::string(s))
        }
        // Go's ParseFloat on a string starting with `.`: only decimal forms (`.5`, `.5e3`).
        b'.' if is_dot_float(s) => match s.parse::<f64>() {
            Ok(v) if v.is_finite() => float(v),
            _ => ValueKind::String(super::string(s)),
        },
        _ => ValueKind::String(super::string(s)),
    }
}

fn float(value: f64) -> ValueKind {
    ValueKind::Number(Number { value, is_integer: false })
}

fn integer(value: f64) -> ValueKind {
    ValueKind::Number(Number { value, is_integer: true })
}

struct GoInt {
    value: f64,
    /// Fits int64 (with or without sign) or uint64 (without sign): what ParseInt/ParseUint accept.
    fits_64: bool,
    signed: bool,
}

/// Go's `strconv.ParseInt(s, 0, 64)` syntax (sign, `0x`/`0o`/`0b`/leading-`0` prefixes), for any size.
fn parse_go_int(s: &str) -> Option<GoInt> {
    let (negative, signed, rest) = match s.as_bytes().first()? {
        b'-' => (true, true, &s[1..]),
        b'+' => (false, true, &s[1..]),
        _ => (false, false, s),
    };
    let lower = rest.get(..2).map(str::to_ascii_lowercase);
    let (radix, digits) = match lower.as_deref() {
        Some("0x") => (16, &rest[2..]),
        Some("0o") => (8, &rest[2..]),
        Some("0b") => (2, &rest[2..]),
        _ if rest.len() > 1 && rest.starts_with('0') => (8, &rest[1..]),
        _ => (10, rest),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let exact = u128::from_str_radix(digits, radix).ok();
    let value = match exact {
        Some(v) => v as f64,
        None => digits.chars().fold(0.0, |acc, c| acc * f64::from(radix) + f64::from(c.to_digit(radix).unwrap_or(0))),
    };
    let fits_64 = match exact {
        Some(v) if negative => v <= 1u128 << 63,
        Some(v) if signed => v <= i64::MAX as u128,
        Some(v) => v <= u64::MAX as u128,
        None => false,
    };
    Some(GoInt { value: if negative { -value } else { value }, fits_64, signed })
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn is_yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    } else {
        if !digits(&mut i) {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    exponent_then_end(b, i)
}

/// `^\.[0-9]+([eE][-+]?[0-9]+)?$`
fn is_dot_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 1;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    i > 1 && exponent_then_end(b, i)
}

fn exponent_then_end(b: &[u8], mut i: usize) -> bool {
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    i == b.len()
}

/// A mapping key that is a number, as `sigs.k8s.io/yaml` turns it into a JSON object key: integers in decimal,
/// floats with Go's `strconv.FormatFloat(f, 'g', -1, 32)`, infinities and NaN as `.inf`, `-.inf`, `.nan`.
pub(super) fn number_key(n: Number) -> String {
    let v = n.value;
    if v.is_nan() {
        return ".nan".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { ".inf" } else { "-.inf" }.into();
    }
    if n.is_integer {
        return if v.abs() < 1e38 { format!("{}", v as i128) } else { format!("{v}") };
    }
    go_format_g32(v)
}

/// Go's `%g` with the shortest representation of `v` as a float32: `1.5`, `1000`, `1e+06`, `1e-05`.
fn go_format_g32(v: f64) -> String {
    let f = v as f32;
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    // Rust's `{:e}` gives the shortest round-trip digits: `-1.2345e6`.
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    let sign = if negative { "-" } else { "" };
    if f == 0.0 {
        return format!("{sign}0");
    }
    // Go: with the shortest precision, exponent notation when the exponent is < -4 or >= 6.
    if !(-4..6).contains(&exp) {
        let (first, rest) = digits.split_at(1);
        let dot = if rest.is_empty() { String::new() } else { format!(".{rest}") };
        let esign = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{first}{dot}e{esign}{:02}", exp.abs());
    }
    // Plain notation: place the decimal point `exp + 1` digits in.
    let point = exp + 1;
    if point <= 0 {
        format!("{sign}0.{}{digits}", "0".repeat((-point) as usize))
    } else if point as usize >= digits.len() {
        format!("{sign}{digits}{}", "0".repeat(point as usize - digits.len()))
    } else {
        let (int, frac) = digits.split_at(point as usize);
        format!("{sign}{int}.{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(s: &str) -> String {
        match resolve_plain(s) {
            ValueKind::Null => "null".into(),
            ValueKind::Bool(b) => b.to_string(),
            ValueKind::Number(n) if n.is_integer => format!("int {}", n.value),
            ValueKind::Number(n) => format!("float {}", n.value),
            ValueKind::String(s) => format!("str {}", s.text),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn kubernetes_typing_of_plain_scalars() {
        let cases = [
            ("true", "true"),
            ("True", "true"),
            ("tRUE", "str tRUE"),
            ("yes", "true"),
            ("y", "true"),
            ("N", "false"),
            ("off", "false"),
            ("", "null"),
            ("~", "null"),
            ("NULL", "null"),
            ("nil", "str nil"),
            ("42", "int 42"),
            ("-42", "int -42"),
            ("+7", "int 7"),
            ("0x1F", "int 31"),
            ("-0x1F", "int -31"),
            ("0o17", "int 15"),
            ("0b101", "int 5"),
            ("010", "int 8"),
            ("08", "float 8"),
            ("1_000", "int 1000"),
            ("1e3", "float 1000"),
            ("1.5", "float 1.5"),
            ("1.", "float 1"),
            ("+.5", "float 0.5"),
            (".5", "float 0.5"),
            (".5e1", "float 5"),
            ("1e999", "str 1e999"),
            (".inf", "float inf"),
            ("-.Inf", "float -inf"),
            ("0x", "str 0x"),
            ("-", "str -"),
            ("1:20", "str 1:20"),
            ("2001-12-14", "str 2001-12-14"),
            ("8080/tcp", "str 8080/tcp"),
            ("18446744073709551615", "int 18446744073709552000"),
            ("18446744073709551616", "float 18446744073709552000"),
            ("0xFFFFFFFFFFFFFFFFFF", "int 4722366482869645000000"),
            ("-0xFFFFFFFFFFFFFFFFFF", "str -0xFFFFFFFFFFFFFFFFFF"),
            ("<<", "str <<"),
        ];
        for (input, expected) in cases {
            assert_eq!(show(input), expected, "{input:?}");
        }
        assert!(matches!(resolve_plain(".nan"), ValueKind::Number(n) if n.value.is_nan()));
    }

    #[test]
    fn number_keys_as_sigs_k8s_yaml_writes_them() {
        let key = |value: f64, is_integer: bool| number_key(Number { value, is_integer });
        assert_eq!(key(1.0, true), "1");
        assert_eq!(key(-31.0, true), "-31");
        assert_eq!(key(1.5, false), "1.5");
        assert_eq!(key(1000.0, false), "1000");
        assert_eq!(key(1e6, false), "1e+06");
        assert_eq!(key(123456.0, false), "123456");
        assert_eq!(key(0.0001, false), "0.0001");
        assert_eq!(key(0.00001, false), "1e-05");
        assert_eq!(key(std::f64::consts::PI, false), "3.1415927");
        assert_eq!(key(0.1, false), "0.1");
        assert_eq!(key(0.0, false), "0");
        assert_eq!(key(f64::INFINITY, false), ".inf");
        assert_eq!(key(f64::NAN, false), ".nan");
    }
}
