//! The grammar of the `consul.hashicorp.com/connect-service-upstreams` pod annotation, as consul-k8s's
//! endpoints controller reads it (consul-k8s-reference.md §3; `processUpstreams` in
//! `control-plane/connect-inject/controllers/endpoints/endpoints_controller.go`, consul-k8s 2.x):
//!
//! - the value is split on `,`, each item trimmed;
//! - `prepared_query:NAME:PORT`;
//! - labeled (the second dot-label is `svc`): `SVC.svc[.PEER.peer|.DC.dc]:PORT[:X]` when neither Consul namespaces
//!   nor admin partitions are enabled (`global.enableConsulNamespaces`, `global.adminPartitions.enabled`), else
//!   `SVC.svc[.NS.ns[.PEER.peer|.AP.ap|.DC.dc]]:PORT[:X]`; `X` is options (`k=v&k=v`, `;` too) or a bare
//!   destination port name;
//! - unlabeled: `SVC[.NS[.PARTITION]]:PORT[:DC|:DC?opts|:opts]` (namespace and partition are parsed only when
//!   either setting is on; otherwise the dotted text is the service name);
//! - `PORT` is a named container port of the pod or an integer `strconv.ParseInt(v, 0, 32)` greater than 0;
//! - options: `destination_port`/`port`, `local_bind_address`, `mesh_gateway_mode` (`none|local|remote`),
//!   `dc`/`datacenter` (each also in kebab and lowerCamel spelling).
//!
//! Offsets are byte offsets into the annotation's decoded string value; the model maps them into the file.
//! A parse error is consul-k8s's own message (the controller fails to reconcile the pod, so the service is not
//! registered), with the part of the item it is about.

use std::ops::Range;

/// Whether the install enables Consul namespaces or admin partitions, which changes the grammar. `None` when no
/// Helm values say so: both grammars are accepted.
pub type NamespacesMode = Option<bool>;

/// A piece of an item: its trimmed text and where it is in the annotation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub text: String,
    pub range: Range<usize>,
}

/// A setting with its value and the whole segment that sets it (`dc2.dc`, `dc=dc2`, `ns1.ns`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting {
    pub value: Part,
    pub segment: Range<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemForm {
    PreparedQuery,
    Labeled,
    Unlabeled,
}

/// One item of the annotation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UpstreamItem {
    /// The trimmed item.
    pub range: Range<usize>,
    pub text: String,
    pub form: Option<ItemForm>,
    /// The service (or prepared query) name.
    pub service: Option<Part>,
    pub namespace: Option<Setting>,
    pub partition: Option<Setting>,
    pub peer: Option<Setting>,
    pub datacenter: Option<Setting>,
    pub port: Option<Part>,
    pub mesh_gateway_mode: Option<Setting>,
    /// consul-k8s's error for this item, and the part of the item it is about.
    pub error: Option<(String, Range<usize>)>,
}

/// Splits and parses an annotation value. `named_ports`: the pod's named container ports, `None` when the
/// document does not show the containers (a kustomize patch), so any port name is accepted.
pub fn parse(value: &str, mode: NamespacesMode, named_ports: Option<&[String]>) -> Vec<UpstreamItem> {
    if value.is_empty() {
        return Vec::new();
    }
    let mut items = Vec::new();
    let mut start = 0;
    for piece in value.split(',') {
        let range = trimmed(value, start..start + piece.len());
        start += piece.len() + 1;
        items.push(parse_item(value, range, mode, named_ports));
    }
    items
}

/// `range` without the white space Go's `strings.TrimSpace` removes.
fn trimmed(s: &str, range: Range<usize>) -> Range<usize> {
    let text = &s[range.clone()];
    let lead = text.len() - text.trim_start().len();
    let trail = text.len() - text.trim_end().len();
    if lead == text.len() {
        return range.start..range.start;
    }
    range.start + lead..range.end - trail
}

fn part(s: &str, range: Range<usize>) -> Part {
    let range = trimmed(s, range);
    Part { text: s[range.clone()].to_string(), range }
}

/// `strings.SplitN(s, sep, n)` over a range of `s`, as ranges.
fn split_n(s: &str, range: Range<usize>, sep: char, n: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = range.start;
    for (i, c) in s[range.clone()].char_indices() {
        if out.len() + 1 == n {
            break;
        }
        if c == sep {
            out.push(start..range.start + i);
            start = range.start + i + 1;
        }
    }
    out.push(start..range.end);
    out
}

fn parse_item(s: &str, range: Range<usize>, mode: NamespacesMode, named_ports: Option<&[String]>) -> UpstreamItem {
    let text = s[range.clone()].to_string();
    let mut item = UpstreamItem { range: range.clone(), text, ..UpstreamItem::default() };
    let parts = split_n(s, range.clone(), ':', 3);
    let first = parts[0].clone();
    let labels = split_n(s, first.clone(), '.', usize::MAX);
    let labeled = labels.len() >= 2 && &s[labels[1].clone()] == "svc";
    let structured = |item: &mut UpstreamItem, at: Range<usize>| {
        let message = format!("upstream structured incorrectly: {}", item.text);
        item.error = Some((message, at));
    };
    if s[first.clone()].trim() == "prepared_query" {
        item.form = Some(ItemForm::PreparedQuery);
        if parts.len() < 3 {
            structured(&mut item, range);
            return item;
        }
        item.service = Some(part(s, parts[1].clone()));
        let port_ok = check_port(s, &mut item, parts[2].clone(), named_ports);
        if port_ok && item.service.as_ref().is_some_and(|p| p.text.is_empty()) {
            structured(&mut item, parts[1].clone());
        }
        return item;
    }
    if parts.len() < 2 {
        item.form = Some(if labeled { ItemForm::Labeled } else { ItemForm::Unlabeled });
        structured(&mut item, range);
        return item;
    }
    if !check_port(s, &mut item, parts[1].clone(), named_ports) {
        item.form = Some(if labeled { ItemForm::Labeled } else { ItemForm::Unlabeled });
        return item;
    }
    if labeled {
        item.form = Some(ItemForm::Labeled);
        let candidates: &[bool] = match mode {
            Some(on) => &[on][..],
            None => &[false, true][..],
        };
        let mut parsed = None;
        for &on in candidates {
            if let Some(fields) = labeled_fields(s, &labels, on) {
                parsed = Some(fields);
                break;
            }
        }
        let Some(fields) = parsed else {
            structured(&mut item, first);
            return item;
        };
        item.service = Some(part(s, labels[0].clone()));
        item.namespace = fields.namespace;
        item.partition = fields.partition;
        item.peer = fields.peer;
        item.datacenter = fields.datacenter;
        if parts.len() > 2 {
            let extra = trimmed(s, parts[2].clone());
            let text = &s[extra.clone()];
            if text.contains(['=', '&', '?']) {
                let Some(options) = options(s, &mut item, extra) else { return item };
                if let Some(dc) = options.datacenter {
                    if item.datacenter.as_ref().is_some_and(|d| d.value.text != dc.value.text) {
                        structured(&mut item, dc.segment);
                        return item;
                    }
                    item.datacenter = Some(dc);
                }
                item.mesh_gateway_mode = options.mode;
            }
        }
    } else {
        item.form = Some(ItemForm::Unlabeled);
        let namespaces = mode.unwrap_or(false);
        if namespaces {
            let pieces = split_n(s, first.clone(), '.', 3);
            item.service = Some(part(s, pieces[0].clone()));
            if let Some(ns) = pieces.get(1) {
                item.namespace = Some(Setting { value: part(s, ns.clone()), segment: ns.clone() });
            }
            if let Some(ap) = pieces.get(2) {
                item.partition = Some(Setting { value: part(s, ap.clone()), segment: ap.clone() });
            }
        } else {
            item.service = Some(part(s, first.clone()));
        }
        if parts.len() > 2 {
            let extra = trimmed(s, parts[2].clone());
            let text = &s[extra.clone()];
            if let Some(q) = text.find('?') {
                let prefix = trimmed(s, extra.start..extra.start + q);
                let Some(options) = options(s, &mut item, extra.start + q + 1..extra.end) else { return item };
                item.mesh_gateway_mode = options.mode;
                item.datacenter = options.datacenter.or_else(|| {
                    (!prefix.is_empty()).then(|| Setting { value: part(s, prefix.clone()), segment: prefix })
                });
            } else if text.contains(['=', '&']) {
                let Some(options) = options(s, &mut item, extra) else { return item };
                item.mesh_gateway_mode = options.mode;
                item.datacenter = options.datacenter;
            } else if !extra.is_empty() {
                item.datacenter = Some(Setting { value: part(s, extra.clone()), segment: extra });
            }
        }
    }
    item
}

#[derive(Default)]
struct LabeledFields {
    namespace: Option<Setting>,
    partition: Option<Setting>,
    peer: Option<Setting>,
    datacenter: Option<Setting>,
}

/// The settings of a labeled item's first part, or `None` when it is structured incorrectly for the grammar
/// (`namespaces` on or off).
fn labeled_fields(s: &str, labels: &[Range<usize>], namespaces: bool) -> Option<LabeledFields> {
    let label = |i: usize| s[labels[i].clone()].trim();
    let setting = |value: usize, tag: usize| Setting {
        value: part(s, labels[value].clone()),
        segment: labels[value].start..labels[tag].end,
    };
    let mut fields = LabeledFields::default();
    let (tail, ns) = match (namespaces, labels.len()) {
        (_, 2) => return Some(fields),
        (false, 4) => (Some((2, 3)), None),
        (true, 4) => (None, Some((2, 3))),
        (true, 6) => (Some((4, 5)), Some((2, 3))),
        _ => return None,
    };
    if let Some((value, tag)) = ns {
        if label(tag) != "ns" {
            return None;
        }
        fields.namespace = Some(setting(value, tag));
    }
    if let Some((value, tag)) = tail {
        let target = match label(tag) {
            "peer" => &mut fields.peer,
            "ap" if namespaces => &mut fields.partition,
            "dc" => &mut fields.datacenter,
            _ => return None,
        };
        *target = Some(setting(value, tag));
    }
    Some(fields)
}

#[derive(Default)]
struct Options {
    datacenter: Option<Setting>,
    mode: Option<Setting>,
}

/// `k=v&k=v` (`;` too), as `url.ParseQuery` reads it. `None` after an error (set on `item`).
fn options(s: &str, item: &mut UpstreamItem, range: Range<usize>) -> Option<Options> {
    let mut out = Options::default();
    let range = trimmed(s, range);
    let start = if s[range.clone()].starts_with('?') { range.start + 1 } else { range.start };
    for pair in split_n(s, start..range.end, '&', usize::MAX).into_iter().flat_map(|r| split_n(s, r, ';', usize::MAX)) {
        if pair.is_empty() {
            continue;
        }
        let (key, value) = match s[pair.clone()].find('=') {
            Some(eq) => (pair.start..pair.start + eq, pair.start + eq + 1..pair.end),
            None => (pair.clone(), pair.end..pair.end),
        };
        let key_text = unescape_query(&s[key.clone()]);
        let value_part = part(s, value);
        let Some(key_text) = key_text else {
            item.error = Some((format!("upstream structured incorrectly: {}", item.text), pair));
            return None;
        };
        if value_part.text.is_empty() {
            continue;
        }
        let setting = Setting { value: value_part, segment: pair.clone() };
        match key_text.trim() {
            "destination_port" | "destination-port" | "destinationPort" | "port" => {}
            "local_bind_address" | "local-bind-address" | "localBindAddress" => {}
            "mesh_gateway_mode" | "mesh-gateway-mode" | "meshGatewayMode" => {
                if !matches!(setting.value.text.as_str(), "none" | "local" | "remote") {
                    let message = format!(
                        "invalid upstream mesh gateway mode {} in {}",
                        go_quote(&setting.value.text),
                        go_quote(&item.text)
                    );
                    item.error = Some((message, setting.value.range.clone()));
                    return None;
                }
                out.mode = Some(setting);
            }
            "datacenter" | "dc" => out.datacenter = Some(setting),
            _ => {
                let message =
                    format!("unsupported upstream option {} in {}", go_quote(&key_text), go_quote(&item.text));
                item.error = Some((message, key));
                return None;
            }
        }
    }
    Some(out)
}

/// A query key as `url.QueryUnescape` decodes it (`+` is a space); `None` for a bad `%` escape.
fn unescape_query(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Reads the local bind port: a named container port, or an integer above 0. False (with the error set) when
/// it is not.
fn check_port(s: &str, item: &mut UpstreamItem, range: Range<usize>, named_ports: Option<&[String]>) -> bool {
    let port = part(s, range.clone());
    // `common.PortValue` looks at the text before a `,`; items are split on `,` already.
    let ok = match go_parse_int(&port.text) {
        Some(n) => n > 0,
        None => match named_ports {
            Some(names) => names.contains(&port.text),
            // The containers are not in this document (a kustomize patch): any name may be a named port.
            None => !port.text.is_empty() && port.text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
        },
    };
    let at = if port.text.is_empty() { range } else { port.range.clone() };
    item.port = Some(port);
    if !ok {
        let text = &item.port.as_ref().map_or("", |p| p.text.as_str()).to_string();
        item.error =
            Some((format!("invalid upstream local bind port {} in {}", go_quote(text), go_quote(&item.text)), at));
    }
    ok
}

/// `strconv.ParseInt(s, 0, 32)`: an optional sign, then decimal, `0x`, `0o`, `0b` or a leading-`0` octal number
/// (underscores allowed between digits only with a prefix); `None` when it does not parse or overflows 32 bits.
pub fn go_parse_int(s: &str) -> Option<i64> {
    let (negative, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = digits.to_ascii_lowercase();
    let (radix, body, prefixed) = if let Some(rest) = lower.strip_prefix("0x") {
        (16, rest.to_string(), true)
    } else if let Some(rest) = lower.strip_prefix("0o") {
        (8, rest.to_string(), true)
    } else if let Some(rest) = lower.strip_prefix("0b") {
        (2, rest.to_string(), true)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, lower[1..].to_string(), true)
    } else {
        (10, lower.clone(), false)
    };
    if body.is_empty() || (!prefixed && body.contains('_')) {
        return None;
    }
    if (!prefixed && body.starts_with('_')) || body.ends_with('_') || body.contains("__") {
        return None;
    }
    let clean: String = body.chars().filter(|&c| c != '_').collect();
    let value = i64::from_str_radix(&clean, radix).ok()?;
    let value = if negative { -value } else { value };
    (i64::from(i32::MIN)..=i64::from(i32::MAX)).contains(&value).then_some(value)
}

/// Go's `%q` for the strings these messages quote (printable text).
pub fn go_quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str, mode: NamespacesMode) -> UpstreamItem {
        let items = parse(text, mode, None);
        assert_eq!(items.len(), 1, "{text}");
        items.into_iter().next().unwrap()
    }

    fn at<'a>(text: &'a str, range: &Range<usize>) -> &'a str {
        &text[range.clone()]
    }

    #[test]
    fn labeled_peer_and_datacenter_without_namespaces() {
        let text = "backend.svc.cluster-02.peer:9090";
        let item = one(text, Some(false));
        assert_eq!(item.error, None);
        assert_eq!(item.form, Some(ItemForm::Labeled));
        assert_eq!(item.service.as_ref().unwrap().text, "backend");
        let peer = item.peer.unwrap();
        assert_eq!(peer.value.text, "cluster-02");
        assert_eq!(at(text, &peer.segment), "cluster-02.peer");
        assert_eq!(item.port.unwrap().text, "9090");
        let item = one("db.svc.dc2.dc:5432", Some(false));
        assert_eq!(item.datacenter.unwrap().value.text, "dc2");
        // With namespaces off, `.ns` is structured incorrectly.
        let item = one("db.svc.ns1.ns:5432", Some(false));
        assert_eq!(item.error.unwrap().0, "upstream structured incorrectly: db.svc.ns1.ns:5432");
        let item = one("db.svc.ns1.ns.p.peer:5432", Some(false));
        assert!(item.error.is_some());
    }

    #[test]
    fn labeled_with_namespaces() {
        let text = "api.svc.team.ns.cluster-02.peer:8080";
        let item = one(text, Some(true));
        assert_eq!(item.error, None);
        assert_eq!(item.namespace.unwrap().value.text, "team");
        assert_eq!(item.peer.unwrap().value.text, "cluster-02");
        let item = one("api.svc.team.ns.ap1.ap:8080", Some(true));
        assert_eq!(item.partition.unwrap().value.text, "ap1");
        // `SVC.svc.PEER.peer` needs `.ns` first when namespaces are on.
        assert!(one("api.svc.cluster-02.peer:8080", Some(true)).error.is_some());
        // Unknown mode: either grammar.
        assert_eq!(one("api.svc.cluster-02.peer:8080", None).error, None);
        assert_eq!(one("api.svc.team.ns.cluster-02.peer:8080", None).error, None);
        // Only one of peer/ap/dc fits.
        assert!(one("api.svc.team.ns.p.peer.dc1.dc:1", Some(true)).error.is_some());
        assert!(one("api.svc.x.zone:1", None).error.is_some());
    }

    #[test]
    fn unlabeled_and_prepared_queries() {
        let item = one("payments:9091", Some(false));
        assert_eq!((item.form, item.service.unwrap().text.as_str()), (Some(ItemForm::Unlabeled), "payments"));
        let item = one("payments.billing:9091:dc2", Some(true));
        assert_eq!(item.service.unwrap().text, "payments");
        assert_eq!(item.namespace.unwrap().value.text, "billing");
        assert_eq!(item.datacenter.unwrap().value.text, "dc2");
        // Namespaces off: the dotted text is the service name.
        assert_eq!(one("payments.billing:9091", Some(false)).service.unwrap().text, "payments.billing");
        let item = one("prepared_query:geo-db:8200", None);
        assert_eq!((item.form, item.service.unwrap().text.as_str()), (Some(ItemForm::PreparedQuery), "geo-db"));
        assert!(one("prepared_query:geo-db", None).error.is_some());
        let item = one("web:1234:dc2?mesh_gateway_mode=local", None);
        assert_eq!(item.datacenter.unwrap().value.text, "dc2");
        assert_eq!(item.mesh_gateway_mode.unwrap().value.text, "local");
    }

    #[test]
    fn ports_and_options() {
        let text = "backend.svc:http";
        assert_eq!(one(text, None).error, None, "a named port of a patch");
        let items = parse(text, None, Some(&["grpc".to_string()]));
        assert_eq!(
            items[0].error.as_ref().unwrap().0,
            "invalid upstream local bind port \"http\" in \"backend.svc:http\""
        );
        assert_eq!(parse(text, None, Some(&["http".to_string()]))[0].error, None);
        assert!(one("backend:0", None).error.is_some());
        assert!(one("backend:-1", None).error.is_some());
        assert_eq!(one("backend:0x1F90", None).error, None);
        let text = "backend:9090:mode=local";
        let item = one(text, None);
        let (message, range) = item.error.unwrap();
        assert_eq!(message, "unsupported upstream option \"mode\" in \"backend:9090:mode=local\"");
        assert_eq!(at(text, &range), "mode");
        let item = one("backend.svc.p.peer:9090:mesh_gateway_mode=loca", None);
        assert_eq!(
            item.error.unwrap().0,
            "invalid upstream mesh gateway mode \"loca\" in \"backend.svc.p.peer:9090:mesh_gateway_mode=loca\""
        );
        // A peer with a datacenter option passes consul-k8s (Consul refuses it).
        let item = one("backend.svc.p.peer:9090:dc=dc2", None);
        assert_eq!(item.error, None);
        assert_eq!(item.datacenter.unwrap().value.text, "dc2");
        // Labeled with a bare third part: a destination port name.
        assert_eq!(one("backend.svc:9090:grpc", None).datacenter, None);
    }

    #[test]
    fn splitting_and_offsets() {
        let text = " backend.svc.c2.peer:9090 , payments:9091,";
        let items = parse(text, Some(false), None);
        assert_eq!(items.len(), 3);
        assert_eq!(at(text, &items[0].range), "backend.svc.c2.peer:9090");
        assert_eq!(at(text, &items[1].service.as_ref().unwrap().range), "payments");
        // A trailing comma is an empty item, which consul-k8s refuses.
        assert_eq!(items[2].error.as_ref().unwrap().0, "upstream structured incorrectly: ");
        assert!(parse("", None, None).is_empty());
    }

    #[test]
    fn go_integers() {
        assert_eq!(go_parse_int("8080"), Some(8080));
        assert_eq!(go_parse_int("0x1f"), Some(31));
        assert_eq!(go_parse_int("010"), Some(8));
        assert_eq!(go_parse_int("1_000"), None);
        assert_eq!(go_parse_int("0x_1f"), Some(31));
        assert_eq!(go_parse_int("99999999999"), None);
        assert_eq!(go_parse_int("abc"), None);
    }
}
