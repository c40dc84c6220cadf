//! Reading values the way Consul decodes them, for the rules that port Consul's own validation
//! (`rules::entries`, `rules::agent`): weakly typed in config entries and API payloads (`"8080"` is a number,
//! `"true"` a boolean), strictly in agent configuration; Go durations; and the small checks Consul's Go code
//! leans on (`net.ParseIP`, `dns.IsDomainName`, label and name patterns).
//!
//! Also [`Ctx`], the sink every one of those rules writes to: it knows where a finding sits (the value for
//! `invalid-value`, an object's first line for `missing-required`) and the prefix Consul puts before a message
//! (`config_entries.bootstrap[0]: `, `service "web": `).

use super::{Code, Diagnostic, FixHint};
use crate::model::{Obj, Str, object_values};
use crate::schema::KeyStyle;
use crate::syntax::{Entry, TextRange, Value, ValueKind};
use crate::workspace::SourceFile;

/// Consul's limits on metadata (`agent/structs/structs.go`).
pub const META_MAX_KEY_PAIRS: usize = 64;
pub const META_KEY_MAX_LENGTH: usize = 128;
pub const META_VALUE_MAX_LENGTH: usize = 512;

/// Where findings of one file go, and how Consul prefixes the messages of the object being checked.
pub struct Ctx<'a> {
    pub file: &'a SourceFile,
    pub out: &'a mut Vec<Diagnostic>,
    /// Consul's own prefix for errors about this object, e.g. `config_entries.bootstrap[2]: `.
    pub prefix: String,
}

impl<'a> Ctx<'a> {
    pub fn new(file: &'a SourceFile, out: &'a mut Vec<Diagnostic>) -> Ctx<'a> {
        Ctx { file, out, prefix: String::new() }
    }

    fn message(&self, message: &str) -> String {
        format!("{}{message}", self.prefix)
    }

    /// `invalid-value` on a value (or on whatever range names the offending setting).
    pub fn invalid(&mut self, range: TextRange, message: impl AsRef<str>) {
        let message = self.message(message.as_ref());
        self.out.push(Diagnostic::new(Code::InvalidValue, range, message));
    }

    /// `invalid-value` with the quick fix that replaces the value.
    pub fn invalid_fix(&mut self, range: TextRange, message: impl AsRef<str>, with: Option<String>) {
        let message = self.message(message.as_ref());
        let diagnostic = Diagnostic::new(Code::InvalidValue, range, message);
        self.out.push(match with {
            Some(with) => diagnostic.with_fix(FixHint::ReplaceValue { with }),
            None => diagnostic,
        });
    }

    /// `missing-required` on the first line of the object that lacks something.
    pub fn missing(&mut self, object: TextRange, message: impl AsRef<str>) {
        let range = super::schema::object_first_line(&self.file.text, &self.file.parse.root, object);
        let message = self.message(message.as_ref());
        self.out.push(Diagnostic::new(Code::MissingRequired, range, message));
    }

    /// Runs `f` with `prefix` appended to the message prefix.
    pub fn nested(&mut self, prefix: &str, f: impl FnOnce(&mut Ctx<'_>)) {
        let saved = self.prefix.len();
        self.prefix.push_str(prefix);
        f(self);
        self.prefix.truncate(saved);
    }
}

/// A number with where it is written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Num {
    pub value: f64,
    pub range: TextRange,
}

/// Values of one object, read with the decoding rules of its file (`obj.style`): config entries and API
/// payloads (`Pascal`) are weakly typed, agent configuration (`Snake`) is not.
pub trait Read<'a> {
    /// The entry for `key` unless its value is `null` (Go leaves the field at its zero value).
    fn get(self, key: &'a str) -> Option<&'a Entry>;
    /// A string value (in weakly typed files also a number or boolean, as Go's weak decoding turns them into
    /// strings).
    fn text(self, key: &'a str) -> Option<Str>;
    /// A non-empty string: Consul's `x != ""`.
    fn set(self, key: &'a str) -> Option<Str>;
    /// A number (in weakly typed files also a numeric string).
    fn num(self, key: &'a str) -> Option<Num>;
    /// A boolean that is true (also `"true"` in weakly typed files).
    fn truthy(self, key: &'a str) -> bool;
    /// Strings of a list (a single string counts as a one-element list, as Consul's weak decoding makes it).
    fn strs(self, key: &'a str) -> Vec<Str>;
    /// Whether the key is written with a value that is not the Go zero value (non-empty string, list, object;
    /// non-zero number; true).
    fn has(self, key: &'a str) -> bool;
    /// A Go duration (a string such as `"10s"`, or a number of nanoseconds), in nanoseconds.
    fn duration(self, key: &'a str) -> Option<Num>;
}

impl<'a> Read<'a> for Obj<'a> {
    fn get(self, key: &'a str) -> Option<&'a Entry> {
        self.entries_named(key, &[]).find(|e| !matches!(e.value.kind, ValueKind::Null))
    }

    fn text(self, key: &'a str) -> Option<Str> {
        let entry = self.get(key)?;
        let text = scalar_text(&entry.value, self.style)?;
        Some(Str { text: text.into(), range: entry.value.range, key_range: entry.key.range })
    }

    fn set(self, key: &'a str) -> Option<Str> {
        self.text(key).filter(|s| !s.text.is_empty())
    }

    fn num(self, key: &'a str) -> Option<Num> {
        let entry = self.get(key)?;
        number(&entry.value, self.style)
    }

    fn truthy(self, key: &'a str) -> bool {
        self.get(key).is_some_and(|e| boolean(&e.value, self.style) == Some(true))
    }

    fn strs(self, key: &'a str) -> Vec<Str> {
        let Some(entry) = self.get(key) else { return Vec::new() };
        let items: &[Value] = match &entry.value.kind {
            ValueKind::List(items) => items,
            _ => std::slice::from_ref(&entry.value),
        };
        items
            .iter()
            .filter_map(|item| {
                let text = scalar_text(item, self.style)?;
                Some(Str { text: text.into(), range: item.range, key_range: entry.key.range })
            })
            .collect()
    }

    fn has(self, key: &'a str) -> bool {
        let Some(entry) = self.get(key) else { return false };
        is_set_value(&entry.value, self.style)
    }

    fn duration(self, key: &'a str) -> Option<Num> {
        let entry = self.get(key)?;
        match &entry.value.kind {
            ValueKind::String(s) => parse_go_duration(&s.text).map(|value| Num { value, range: entry.value.range }),
            ValueKind::Number(n) => Some(Num { value: n.value, range: entry.value.range }),
            _ => None,
        }
    }
}

/// Whether a value is something other than Go's zero value for its field.
pub fn is_set_value(value: &Value, _style: KeyStyle) -> bool {
    match &value.kind {
        ValueKind::Null | ValueKind::Invalid => false,
        ValueKind::Bool(b) => *b,
        ValueKind::Number(n) => n.value != 0.0,
        // Without the field's type a non-empty string counts as set.
        ValueKind::String(s) => !s.text.is_empty(),
        ValueKind::Object(entries) => !entries.is_empty(),
        ValueKind::List(items) => !items.is_empty(),
    }
}

fn scalar_text(value: &Value, _style: KeyStyle) -> Option<String> {
    value.as_str().map(str::to_string)
}

/// A number, weakly typed in config entries and API payloads.
pub fn number(value: &Value, style: KeyStyle) -> Option<Num> {
    match &value.kind {
        ValueKind::Number(n) => Some(Num { value: n.value, range: value.range }),
        ValueKind::String(s) if style == KeyStyle::Pascal => {
            s.text.trim().parse::<f64>().ok().map(|v| Num { value: v, range: value.range })
        }
        _ => None,
    }
}

/// A boolean, weakly typed in config entries and API payloads (`strconv.ParseBool` spellings, numbers).
pub fn boolean(value: &Value, style: KeyStyle) -> Option<bool> {
    match &value.kind {
        ValueKind::Bool(b) => Some(*b),
        ValueKind::String(s) if style == KeyStyle::Pascal => match s.text.as_str() {
            "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
            "0" | "f" | "F" | "false" | "FALSE" | "False" | "" => Some(false),
            _ => None,
        },
        ValueKind::Number(n) if style == KeyStyle::Pascal => Some(n.value != 0.0),
        _ => None,
    }
}

/// The objects under `key` with their index in Consul's list (repeated HCL blocks and list elements alike).
pub fn indexed<'a>(obj: Obj<'a>, key: &'a str) -> impl Iterator<Item = (usize, Obj<'a>)> + 'a {
    obj.objects(key).enumerate()
}

/// A map of user-chosen names to objects (`Subsets`, `Failover`): each name with its key range and objects.
pub fn map_entries<'a>(obj: Obj<'a>, key: &'a str) -> Vec<(&'a Entry, Vec<Obj<'a>>)> {
    let style = obj.style;
    let mut out = Vec::new();
    for entry in obj.entries_named(key, &[]) {
        for map in object_values(&entry.value) {
            for item in map.as_object().unwrap_or(&[]) {
                let bodies = object_values(&item.value)
                    .map(|v| Obj { entries: v.as_object().unwrap_or(&[]), style, range: v.range })
                    .collect();
                out.push((item, bodies));
            }
        }
    }
    out
}

/// The keys of a map of scalars (`Meta`, `NodeMeta`) with their values.
pub fn string_map<'a>(obj: Obj<'a>, key: &'a str) -> Vec<(&'a Entry, Option<&'a str>)> {
    let mut out = Vec::new();
    for entry in obj.entries_named(key, &[]) {
        for map in object_values(&entry.value) {
            for item in map.as_object().unwrap_or(&[]) {
                out.push((item, item.value.as_str()));
            }
        }
    }
    out
}

/// Go's `time.ParseDuration`: `"300ms"`, `"-1.5h"`, `"2h45m"`, `"0"`. Returns nanoseconds, `None` when Go would
/// refuse the string.
pub fn parse_go_duration(text: &str) -> Option<f64> {
    go_duration(text).ok()
}

/// Go's `time.ParseDuration` with Go's error message (`time: invalid duration "x"`, `time: missing unit in
/// duration "10"`, `time: unknown unit "d" in duration "1d"`).
pub fn go_duration(text: &str) -> Result<f64, String> {
    let invalid = || format!("time: invalid duration {}", quote(text));
    let (negative, mut rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if rest == "0" {
        return Ok(0.0);
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let mut total = 0.0;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        let number = &rest[..digits];
        if number.is_empty() || number == "." || number.matches('.').count() > 1 {
            return Err(invalid());
        }
        let value: f64 = number.parse().ok().or_else(|| format!("0{number}").parse().ok()).ok_or_else(invalid)?;
        rest = &rest[digits..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        let scale = match unit {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            "" => return Err(format!("time: missing unit in duration {}", quote(text))),
            _ => return Err(format!("time: unknown unit {} in duration {}", quote(unit), quote(text))),
        };
        rest = &rest[unit_len..];
        total += value * scale;
    }
    Ok(if negative { -total } else { total })
}

/// A duration in Go's `String()` form for messages: `-5s`, `1m30s`.
pub fn format_go_duration(nanos: f64) -> String {
    if nanos == 0.0 {
        return "0s".into();
    }
    let sign = if nanos < 0.0 { "-" } else { "" };
    let mut secs = nanos.abs() / 1e9;
    if secs < 1.0 {
        let ms = secs * 1e3;
        return if ms >= 1.0 { format!("{sign}{ms}ms") } else { format!("{sign}{}ns", nanos.abs()) };
    }
    let hours = (secs / 3600.0).floor();
    secs -= hours * 3600.0;
    let minutes = (secs / 60.0).floor();
    secs -= minutes * 60.0;
    let mut out = sign.to_string();
    if hours > 0.0 {
        out.push_str(&format!("{hours}h"));
    }
    if hours > 0.0 || minutes > 0.0 {
        out.push_str(&format!("{minutes}m"));
    }
    out.push_str(&format!("{}s", (secs * 1e9).round() / 1e9));
    out
}

/// Go's `net.ParseIP`: an IPv4 dotted quad or an IPv6 address (no zone, no brackets).
pub fn parse_ip(text: &str) -> Option<std::net::IpAddr> {
    text.parse::<std::net::IpAddr>().ok()
}

/// Whether `ip` is an IPv4 address in Go's sense (`ip.To4() != nil`: also IPv4-mapped IPv6).
pub fn is_ipv4(ip: std::net::IpAddr) -> bool {
    match ip {
        std::net::IpAddr::V4(_) => true,
        std::net::IpAddr::V6(v6) => v6.to_ipv4_mapped().is_some(),
    }
}

/// `ipaddr.IsAny`: `0.0.0.0`, `::` or `[::]`.
pub fn is_any_address(text: &str) -> bool {
    matches!(text, "0.0.0.0" | "::" | "[::]")
}

/// miekg/dns `IsDomainName`: the lenient check Consul uses for hosts — not empty, no leading or doubled dot,
/// labels of at most 63 and names of at most 255 octets.
pub fn is_domain_name(name: &str) -> bool {
    if name.is_empty() {
        return false;
    }
    if name == "." {
        return true;
    }
    let fqdn = if name.ends_with('.') { name.to_string() } else { format!("{name}.") };
    let bytes = fqdn.as_bytes();
    let (mut begin, mut length, mut was_dot) = (0usize, 0usize, false);
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => {
                let ddd = bytes.get(i + 1..i + 4).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
                let skip = if ddd { 3 } else { 1 };
                i += skip;
                begin += skip;
                was_dot = false;
            }
            b'.' => {
                if i == 0 || was_dot {
                    return false;
                }
                was_dot = true;
                let label = i - begin;
                if label >= 64 {
                    return false;
                }
                length += 1 + label;
                if length > 255 {
                    return false;
                }
                begin = i + 1;
            }
            _ => was_dot = false,
        }
        i += 1;
    }
    true
}

/// A DNS label as Consul requires for names used in SNI (`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`, at most 63).
pub fn is_dns_label(text: &str) -> bool {
    let bytes = text.as_bytes();
    let ok = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    !bytes.is_empty()
        && bytes.len() <= 63
        && ok(&bytes[0])
        && ok(&bytes[bytes.len() - 1])
        && bytes.iter().all(|b| ok(b) || *b == b'-')
}

/// Go's `fmt` `%q` for simple strings: double quotes, backslash and quote escaped.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A number formatted the way Go's `%d`/`%v` prints it (whole numbers without a fraction).
pub fn go_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 { format!("{}", value as i64) } else { format!("{value}") }
}

/// The closest of `allowed` to `text`, for an enumeration's quick fix.
pub fn closest(text: &str, allowed: &[&str]) -> Option<String> {
    super::schema::closest_allowed(text, allowed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_durations() {
        assert_eq!(parse_go_duration("10s"), Some(10e9));
        assert_eq!(parse_go_duration("1h30m"), Some(5400e9));
        assert_eq!(parse_go_duration("1.5h"), Some(5400e9));
        assert_eq!(parse_go_duration(".5s"), Some(0.5e9));
        assert_eq!(parse_go_duration("-5s"), Some(-5e9));
        assert_eq!(parse_go_duration("0"), Some(0.0));
        assert_eq!(parse_go_duration("300µs"), Some(300e3));
        for bad in ["", "10", "5 s", "s", "1d", "1.2.3s", "-", "10S"] {
            assert_eq!(parse_go_duration(bad), None, "{bad}");
        }
        assert_eq!(format_go_duration(-5e9), "-5s");
        assert_eq!(go_duration("10").unwrap_err(), "time: missing unit in duration \"10\"");
        assert_eq!(go_duration("1d").unwrap_err(), "time: unknown unit \"d\" in duration \"1d\"");
        assert_eq!(go_duration("x").unwrap_err(), "time: invalid duration \"x\"");
        assert_eq!(format_go_duration(90e9), "1m30s");
    }

    #[test]
    fn domain_names() {
        for good in ["example.com", "*.example.com", "a", "example.com.", "foo bar"] {
            assert!(is_domain_name(good), "{good}");
        }
        for bad in ["", "a..b", ".a", &"x".repeat(64)] {
            assert!(!is_domain_name(bad), "{bad}");
        }
        assert!(is_dns_label("v1-canary"));
        assert!(!is_dns_label("V1") && !is_dns_label("-a") && !is_dns_label("a.b") && !is_dns_label(""));
    }

    #[test]
    fn addresses() {
        assert!(parse_ip("10.0.0.1").is_some_and(is_ipv4));
        assert!(parse_ip("::ffff:10.0.0.1").is_some_and(is_ipv4));
        assert!(parse_ip("2001:db8::1").is_some_and(|ip| !is_ipv4(ip)));
        assert!(parse_ip("example.com").is_none());
        assert!(is_any_address("0.0.0.0") && is_any_address("::") && !is_any_address("127.0.0.1"));
    }
}
