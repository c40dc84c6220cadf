//! Matching keys to fields the way Consul decodes each kind of file (consul-reference.md §1).

use super::types::{Block, Field};

/// How the keys of the object being read are decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyStyle {
    /// Agent configuration: snake_case, case-insensitive; `DestinationPeer` does not match `destination_peer`.
    Snake,
    /// Config entries and API payloads: PascalCase, case-insensitive, plus snake_case aliases.
    Pascal,
    /// Kubernetes (consul-k8s custom resources, Helm values): lowerCamel, case-sensitive, exact. Only
    /// [`crate::schema::Casing::Camel`] blocks have fields of that spelling.
    Camel,
}

/// `DestinationPeer` → `destination_peer`, `TLSSkipVerify` → `tls_skip_verify`, `ID` → `id`; snake stays snake.
pub fn to_snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    snake_each(name, |c| out.push(c));
    out
}

/// The characters of [`to_snake`]`(name)`, one at a time (no allocation).
fn snake_each(name: &str, mut emit: impl FnMut(char)) {
    let mut chars = name.chars().peekable();
    let mut prev: Option<char> = None;
    let mut last_out: Option<char> = None;
    while let Some(c) = chars.next() {
        if c.is_ascii_uppercase() {
            let next = chars.peek().copied();
            let boundary = match prev {
                Some(p) if p.is_ascii_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_ascii_uppercase() => next.is_some_and(|n| n.is_ascii_lowercase()),
                _ => false,
            };
            if boundary && last_out != Some('_') {
                emit('_');
            }
            let lower = c.to_ascii_lowercase();
            emit(lower);
            last_out = Some(lower);
        } else {
            emit(c);
            last_out = Some(c);
        }
        prev = Some(c);
    }
}

/// Whether `key` names the field called `name` in the schema table: [`key_is`] against the field's snake_case
/// name, computed on the fly (this runs for every key of every file against the fields of its block).
fn key_is_field_name(key: &str, name: &str, untagged: bool, style: KeyStyle) -> bool {
    // Case-insensitive, so an untagged field's lowercased name compares as the name itself.
    let mut key_bytes = key.bytes();
    let mut exact = key.is_ascii();
    let mut loose = style == KeyStyle::Pascal && !key.contains('_');
    let mut loose_bytes = key.bytes();
    let mut check = |c: char| {
        let Ok(c) = u8::try_from(c) else {
            exact = false;
            loose = false;
            return;
        };
        if exact {
            exact = key_bytes.next().is_some_and(|k| k.eq_ignore_ascii_case(&c));
        }
        if loose && c != b'_' {
            loose = loose_bytes.next().is_some_and(|k| k.eq_ignore_ascii_case(&c));
        }
    };
    if untagged {
        name.chars().for_each(&mut check);
    } else {
        snake_each(name, &mut check);
    }
    (exact && key_bytes.next().is_none()) || (loose && loose_bytes.next().is_none())
}

/// `DestinationPeer` → `destinationPeer`, the way consul-k8s's Go types spell a config entry field in JSON: the
/// leading run of capitals is lowered, except the last one when a lowercase letter follows (`TLSMinVersion` →
/// `tlsMinVersion`, `JSONFormat` → `jsonFormat`, `ID` → `id`); capitals later in the name stay
/// (`EnvoyClusterJSON` → `envoyClusterJSON`, `MutualTLSMode` → `mutualTLSMode`).
pub fn to_camel(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let upper_run = chars.iter().take_while(|c| c.is_ascii_uppercase()).count();
    let lowered = match upper_run {
        0 => 0,
        n if n == chars.len() => n,
        1 => 1,
        n if chars[n].is_ascii_lowercase() => n - 1,
        n => n,
    };
    chars.iter().enumerate().map(|(i, c)| if i < lowered { c.to_ascii_lowercase() } else { *c }).collect()
}

/// `destination_peer` → `DestinationPeer`; PascalCase stays as it is.
pub fn to_pascal(name: &str) -> String {
    if !name.contains('_') && name.starts_with(|c: char| c.is_ascii_uppercase()) {
        return name.to_string();
    }
    const ACRONYMS: &[&str] = &[
        "id", "ttl", "http", "https", "tcp", "tls", "grpc", "udp", "dns", "acl", "ca", "url", "sni", "json", "arn",
        "ip",
    ];
    name.split('_')
        .map(|part| {
            if ACRONYMS.contains(&part) {
                part.to_ascii_uppercase()
            } else {
                let mut c = part.chars();
                match c.next() {
                    Some(first) => first.to_ascii_uppercase().to_string() + c.as_str(),
                    None => String::new(),
                }
            }
        })
        .collect()
}

/// Whether `key` (as written in the file) names the field whose canonical snake_case name is `snake`.
pub fn key_is(key: &str, snake: &str, style: KeyStyle) -> bool {
    // Fast rejects (this runs for every key read): a match is never longer than the snake form, and (snake names
    // never start with `_`) starts with the same letter.
    let first = |s: &str| s.as_bytes().first().map(u8::to_ascii_lowercase);
    if key.len() > snake.len() || first(key) != first(snake) {
        return false;
    }
    if key.len() == snake.len() && key.eq_ignore_ascii_case(snake) {
        return true;
    }
    style == KeyStyle::Pascal && eq_ignoring_underscores(key, snake)
}

/// `peerthroughmeshgateways` vs `peer_through_mesh_gateways`: compares case-insensitively, skipping `_` in
/// `snake` only (a key with underscores must match the snake form exactly).
fn eq_ignoring_underscores(key: &str, snake: &str) -> bool {
    if key.contains('_') {
        return false;
    }
    let mut k = key.bytes();
    for s in snake.bytes().filter(|&b| b != b'_') {
        match k.next() {
            Some(b) if b.eq_ignore_ascii_case(&s) => {}
            _ => return false,
        }
    }
    k.next().is_none()
}

impl Field {
    pub fn snake_name(&self) -> String {
        if self.untagged { self.name.to_ascii_lowercase() } else { to_snake(self.name) }
    }

    /// The spelling to show for this field in a file of the given style.
    pub fn display_name(&self, style: KeyStyle) -> String {
        match style {
            KeyStyle::Snake if self.untagged => self.name.to_string(),
            KeyStyle::Snake => self.snake_name(),
            KeyStyle::Pascal => to_pascal(self.name),
            KeyStyle::Camel => self.name.to_string(),
        }
    }

    /// Whether to offer this field (as a suggestion or a completion) in a file of this style: not deprecated,
    /// and not an API-only field in an agent config.
    pub fn offered_in(&self, style: KeyStyle) -> bool {
        !(self.deprecated || self.api_only && style == KeyStyle::Snake)
    }

    pub fn matches(&self, key: &str, style: KeyStyle) -> bool {
        if style == KeyStyle::Camel {
            return key == self.name;
        }
        if self.api_only && style == KeyStyle::Snake {
            return false;
        }
        key_is_field_name(key, self.name, self.untagged, style)
            || self.aliases.iter().any(|alias| key.eq_ignore_ascii_case(alias))
    }
}

impl Block {
    pub fn field(&self, key: &str, style: KeyStyle) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.matches(key, style))
    }

    /// The closest known key to an unknown `key`, for "did you mean" messages and the rename fix.
    pub fn suggest(&self, key: &str, style: KeyStyle) -> Option<String> {
        suggest(key, self.fields.iter().filter(|f| f.offered_in(style)).map(|f| f.display_name(style)))
    }
}

/// The candidate closest to `key` (case-insensitive, ignoring `_`), if it is close enough to be a likely typo
/// or a casing mistake.
pub fn suggest(key: &str, candidates: impl Iterator<Item = String>) -> Option<String> {
    let norm = |s: &str| s.to_ascii_lowercase().replace(['_', '-'], "");
    let key_norm = norm(key);
    let mut best: Option<(f64, String)> = None;
    for candidate in candidates {
        let cand_norm = norm(&candidate);
        let score = if cand_norm == key_norm { 2.0 } else { strsim::jaro_winkler(&key_norm, &cand_norm) };
        let distance = strsim::levenshtein(&key_norm, &cand_norm);
        let close = score >= 2.0 || distance <= 2.max(key_norm.len() / 4) || score > 0.9;
        if close && best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_name_matching_equals_key_is_on_the_snake_name() {
        let names = ["DestinationPeer", "TLSSkipVerify", "ID", "peer_name", "HTTPSHandshakeTimeout", "A_B", "X", ""];
        let keys = [
            "destination_peer",
            "DestinationPeer",
            "destinationpeer",
            "DESTINATION_PEER",
            "destination_peerx",
            "tls_skip_verify",
            "TLSSkipVerify",
            "tlsskipverify",
            "id",
            "ID",
            "Id",
            "peer_name",
            "PeerName",
            "peername",
            "https_handshake_timeout",
            "HTTPSHandshakeTimeout",
            "a_b",
            "A_B",
            "ab",
            "x",
            "",
            "é",
            "dé",
        ];
        for name in names {
            for untagged in [false, true] {
                let snake = if untagged { name.to_ascii_lowercase() } else { to_snake(name) };
                for key in keys {
                    for style in [KeyStyle::Snake, KeyStyle::Pascal] {
                        assert_eq!(
                            key_is_field_name(key, name, untagged, style),
                            key_is(key, &snake, style),
                            "{key:?} vs {name:?} (untagged {untagged}, {style:?})"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn casing() {
        assert_eq!(to_snake("DestinationPeer"), "destination_peer");
        assert_eq!(to_snake("TLSSkipVerify"), "tls_skip_verify");
        assert_eq!(to_snake("ID"), "id");
        assert_eq!(to_snake("ConnectTimeoutMs"), "connect_timeout_ms");
        assert_eq!(to_snake("peer_name"), "peer_name");
        assert_eq!(to_snake("HTTPSHandshakeTimeout"), "https_handshake_timeout");
        assert_eq!(to_snake("A_B"), "a_b");
        assert_eq!(to_pascal("destination_peer"), "DestinationPeer");
        assert_eq!(to_pascal("id"), "ID");
        assert_eq!(to_pascal("PeerThroughMeshGateways"), "PeerThroughMeshGateways");
        assert_eq!(to_camel("PeerThroughMeshGateways"), "peerThroughMeshGateways");
        assert_eq!(to_camel("TLSMinVersion"), "tlsMinVersion");
        assert_eq!(to_camel("JSONFormat"), "jsonFormat");
        assert_eq!(to_camel("TLS"), "tls");
        assert_eq!(to_camel("SNI"), "sni");
        assert_eq!(to_camel("CAFile"), "caFile");
        assert_eq!(to_camel("EnvoyClusterJSON"), "envoyClusterJSON");
        assert_eq!(to_camel("MutualTLSMode"), "mutualTLSMode");
        assert_eq!(to_camel("SourceIP"), "sourceIP");
        assert_eq!(to_camel("EnforcingConsecutive5xx"), "enforcingConsecutive5xx");
        assert_eq!(to_camel("name"), "name");
    }

    #[test]
    fn matching_per_style() {
        assert!(key_is("Name", "name", KeyStyle::Snake));
        assert!(!key_is("DestinationPeer", "destination_peer", KeyStyle::Snake));
        assert!(key_is("DestinationPeer", "destination_peer", KeyStyle::Pascal));
        assert!(key_is("destinationpeer", "destination_peer", KeyStyle::Pascal));
        assert!(key_is("destination_peer", "destination_peer", KeyStyle::Pascal));
        assert!(!key_is("Destination_Peers", "destination_peer", KeyStyle::Pascal));
        let field = crate::schema::f("peerThroughMeshGateways", crate::schema::Ty::Bool);
        assert!(field.matches("peerThroughMeshGateways", KeyStyle::Camel));
        for other in ["PeerThroughMeshGateways", "peer_through_mesh_gateways", "peerthroughmeshgateways"] {
            assert!(!field.matches(other, KeyStyle::Camel), "{other}");
        }
    }

    #[test]
    fn suggestions() {
        let names = || ["destination_peer", "destination_name", "datacenter"].into_iter().map(String::from);
        assert_eq!(suggest("destination_per", names()).as_deref(), Some("destination_peer"));
        assert_eq!(suggest("DestinationPeer", names()).as_deref(), Some("destination_peer"));
        assert_eq!(suggest("completely_else", names()), None);
    }
}
