//! Schema rules: `syntax`, `unknown-field`, `invalid-value`, `missing-required`, driven by the schema table.
//!
//! Facts (consul-reference.md §1–§4): Consul rejects unknown keys (`invalid config key`), decodes agent configs
//! without weak typing (a quoted port fails) and config entries weakly (`"8080"` works); mesh gateway modes must
//! be `""|none|local|remote`; upstreams need `destination_name` and cannot name `*`; config entries need `Name`
//! (not `mesh`, not proxy-defaults, whose Name may only be `global`); exported-services `Name` must be the
//! partition's name; a mesh gateway needs a non-zero `port`; bootstrap entries need a `Kind`.

use super::{Code, Diagnostic, FixHint};
use crate::model::placement::{self, RootSchema};
use crate::model::{EntryBody, FileKind, Obj};
use crate::schema::{self, Block, Field, KeyStyle, Ty};
use crate::syntax::{Entry, TextRange, Value, ValueKind};
use crate::workspace::SourceFile;

pub fn check_file(file: &SourceFile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some((message, range)) = &file.content_error {
        out.push(Diagnostic::new(Code::Syntax, *range, message.clone()));
        return out;
    }
    let kind = file.kind();
    if !kind.is_consul() && kind != FileKind::Manifest {
        return out;
    }
    for error in file.parse.errors.iter().chain(&file.model.embedded_errors) {
        out.push(Diagnostic::new(Code::Syntax, error.range, error.message.clone()));
    }
    let stem = file.path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let mut walker = Walker { text: &file.text, root: &file.parse.root, out: &mut out, path: Vec::new(), stem };
    let root = &file.parse.root;
    match placement::root_schema(kind) {
        Some(RootSchema::Block(block, style)) => walker.block(root, block, style),
        Some(RootSchema::ConfigEntry) => walker.config_entry(root),
        None => {}
    }
    match kind {
        FileKind::AclPolicyApi => embedded_rules(file, &mut out),
        FileKind::Manifest => manifest_checks(file, &mut out),
        FileKind::Kubernetes => super::k8s::check_file(file, &mut out),
        _ => {}
    }
    if kind != FileKind::Kubernetes {
        model_checks(file, &mut out);
    }
    out
}

/// Checks `value` (an object, or a list of objects) against `block`, as the schema rules check a whole file:
/// unknown keys, value types, required fields. `path` names where `value` is, for messages.
pub fn walk(
    file: &SourceFile,
    value: &Value,
    block: &'static Block,
    style: KeyStyle,
    path: &[&str],
    out: &mut Vec<Diagnostic>,
) {
    let mut walker = Walker {
        text: &file.text,
        root: &file.parse.root,
        out,
        path: path.iter().map(|p| p.to_string()).collect(),
        stem: "",
    };
    walker.block(value, block, style);
}

struct Walker<'a> {
    text: &'a str,
    root: &'a Value,
    out: &'a mut Vec<Diagnostic>,
    /// The keys from the root to the value being checked (`acl.tokens`), for Consul-style paths in messages.
    path: Vec<String>,
    /// The file's name without extension: the placeholder a config entry's missing `Name` gets.
    stem: &'a str,
}

impl Walker<'_> {
    /// The first line of an object, where `missing-required` sits.
    fn first_line(&self, range: TextRange) -> TextRange {
        object_first_line(self.text, self.root, range)
    }

    fn block(&mut self, value: &Value, block: &'static Block, style: KeyStyle) {
        for object in crate::model::object_values(value) {
            let Some(entries) = object.as_object() else { continue };
            self.entries(entries, object.range, block, style);
        }
    }

    fn entries(&mut self, entries: &[Entry], range: TextRange, block: &'static Block, style: KeyStyle) {
        for entry in entries {
            match block.field(&entry.key.text, style) {
                None if self.removed(entry, block, style) => {}
                None => {
                    let suggestion = block.suggest(&entry.key.text, style);
                    let hint = match &suggestion {
                        Some(s) => format!("; did you mean \"{s}\"?"),
                        None => String::new(),
                    };
                    let diagnostic = Diagnostic::new(
                        Code::UnknownField,
                        entry.key.range,
                        format!("unknown field \"{}\" in {}{hint}", entry.key.text, block.name),
                    );
                    self.out.push(match suggestion {
                        Some(to) => diagnostic.with_fix(FixHint::RenameKey { to }),
                        None => diagnostic,
                    });
                }
                Some(field) => {
                    self.path.push(entry.key.text.to_string());
                    if field.deprecated {
                        self.deprecated(entry, field);
                    }
                    self.value(&entry.value, field, style, block);
                    self.path.pop();
                }
            }
        }
        // An upstream's required destination_name is reported by `model_checks`, which knows its service.
        let upstream = std::ptr::eq(block, &schema::service::UPSTREAM);
        for field in block.fields.iter().filter(|f| f.required && !upstream) {
            if !entries.iter().any(|e| field.matches(&e.key.text, style)) {
                let diagnostic = Diagnostic::new(
                    Code::MissingRequired,
                    self.first_line(range),
                    format!("{} is missing the required field \"{}\"", block.name, field.display_name(style)),
                );
                let fix = self.placeholder(field, block, entries, style).map(|literal| FixHint::InsertLiteral {
                    object: range,
                    key: schema::to_snake(field.name),
                    literal,
                });
                self.out.push(match fix {
                    Some(fix) => diagnostic.with_fix(fix),
                    None => diagnostic,
                });
            }
        }
    }

    /// A value a missing required field can be added with that is valid as it stands (the user refines it): the
    /// safest of an enumeration's values (`deny` where allowed), a config entry's `Name` from its file's name (an
    /// exported-services entry's from its partition). `None` where no value is a sensible guess.
    fn placeholder(&self, field: &Field, block: &'static Block, entries: &[Entry], style: KeyStyle) -> Option<String> {
        let quote = |s: &str| serde_json::to_string(s).ok();
        match field.ty {
            Ty::Enum(values) => {
                let value =
                    if values.contains(&"deny") { Some(&"deny") } else { values.iter().find(|v| !v.is_empty()) };
                value.and_then(|v| quote(v))
            }
            Ty::Str if field.name == "Name" => {
                let is_entry = schema::entries::CONFIG_ENTRY_KINDS.iter().any(|(_, b)| std::ptr::eq(*b, block));
                if !is_entry {
                    return None;
                }
                if std::ptr::eq(block, &schema::entries::EXPORTED_SERVICES) {
                    let partition = entries
                        .iter()
                        .find(|e| schema::key_is(&e.key.text, "partition", style))
                        .and_then(|e| e.value.as_str())
                        .unwrap_or(crate::model::DEFAULT);
                    return quote(partition);
                }
                let usable = !self.stem.is_empty()
                    && self.stem.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
                usable.then(|| quote(self.stem)).flatten()
            }
            _ => None,
        }
    }

    /// A key the newest Consul refuses because a release removed it: `unknown-field` naming that release.
    fn removed(&mut self, entry: &Entry, block: &'static Block, style: KeyStyle) -> bool {
        let Some(removed) = schema::agent::REMOVED
            .iter()
            .find(|r| std::ptr::eq(r.block, block) && schema::key_is(&entry.key.text, r.key, style))
        else {
            return false;
        };
        self.out.push(Diagnostic::new(
            Code::UnknownField,
            entry.key.range,
            format!(
                "unknown field \"{}\" in {}: Consul {} removed it (invalid config key); {}",
                entry.key.text, block.name, removed.release, removed.instead
            ),
        ));
        true
    }

    /// `deprecated-field`: Consul still reads the key and warns (agent/config/deprecated.go).
    fn deprecated(&mut self, entry: &Entry, field: &Field) {
        let path = self.path.join(".");
        let diagnostic = if field.replaced_by.is_empty() {
            let doc = field.doc.trim_end_matches('.');
            Diagnostic::new(Code::DeprecatedField, entry.key.range, format!("The '{path}' field is deprecated: {doc}."))
        } else {
            let message = format!("The '{path}' field is deprecated. Use the '{}' field instead.", field.replaced_by);
            let (parent, _) = path.rsplit_once('.').unwrap_or(("", &path));
            let (new_parent, new_key) = field.replaced_by.rsplit_once('.').unwrap_or(("", field.replaced_by));
            let d = Diagnostic::new(Code::DeprecatedField, entry.key.range, message);
            if parent == new_parent { d.with_fix(FixHint::RenameKey { to: new_key.to_string() }) } else { d }
        };
        self.out.push(diagnostic);
    }

    fn invalid(&mut self, value: &Value, field: &Field, style: KeyStyle, expected: &str) {
        let found = describe(value, self.text);
        self.out.push(Diagnostic::new(
            Code::InvalidValue,
            value.range,
            format!("\"{}\" must be {expected}, found {found}", field.display_name(style)),
        ));
    }

    /// Kubernetes (custom resources, Helm values): a boolean or number written as a string. The API server
    /// refuses the resource (and Helm's templates read a string), so the fix writes the literal.
    fn quoted_literal(&mut self, value: &Value, field: &Field, literal: &str, expected: &str) {
        let path = self.path.join(".");
        let message = format!(
            "{path}: Invalid value: \"{literal}\": {} must be {expected}, not a string: write {literal} without quotes (Kubernetes decodes types strictly)",
            field.name
        );
        self.out.push(
            Diagnostic::new(Code::InvalidValue, value.range, message)
                .with_fix(FixHint::ReplaceLiteral { with: literal.to_string() }),
        );
    }

    fn value(&mut self, value: &Value, field: &'static Field, style: KeyStyle, parent: &'static Block) {
        let weak = style == KeyStyle::Pascal;
        let strict = style == KeyStyle::Camel;
        match (&field.ty, &value.kind) {
            // A Helm value whose default is "-" ("as global.enabled") takes that string too.
            (Ty::Bool, ValueKind::String(s)) if strict && s.text == "-" && field.default == Some("-") => {}
            (Ty::Bool, ValueKind::String(s)) if strict && matches!(s.text.as_str(), "true" | "false") => {
                let literal = s.text.to_string();
                self.quoted_literal(value, field, &literal, "a boolean");
            }
            (Ty::Int | Ty::Float, ValueKind::String(s))
                if strict && !s.text.trim().is_empty() && s.text.trim().parse::<f64>().is_ok() =>
            {
                let literal = s.text.trim().to_string();
                self.quoted_literal(value, field, &literal, "a number");
            }
            (Ty::Duration, ValueKind::Number(_)) if strict => self.invalid(
                value,
                field,
                style,
                "a duration string such as \"10s\" (Kubernetes decodes durations from strings)",
            ),
            (Ty::Enum(allowed), ValueKind::String(s)) if strict && !allowed.contains(&s.text.as_str()) => {
                let list = allowed.iter().map(|a| format!("\"{a}\"")).collect::<Vec<_>>().join(", ");
                let closest = closest_enum(&s.text, allowed);
                let hint = closest.as_ref().map(|c| format!("; did you mean \"{c}\"?")).unwrap_or_default();
                let path = self.path.join(".");
                let diagnostic = Diagnostic::new(
                    Code::InvalidValue,
                    value.range,
                    format!("{path}: Invalid value: \"{}\": must be one of {list}{hint}", s.text),
                );
                self.out.push(match closest {
                    Some(with) => diagnostic.with_fix(FixHint::ReplaceValue { with }),
                    None => diagnostic,
                });
            }
            (_, ValueKind::Null | ValueKind::Invalid) | (Ty::Any, _) => {}
            (Ty::Str, ValueKind::String(_)) => {}
            (Ty::Str, ValueKind::Number(_) | ValueKind::Bool(_)) if weak => {}
            (Ty::Str, _) => self.invalid(value, field, style, "a string"),
            (Ty::Bool, ValueKind::Bool(_)) => {}
            (Ty::Bool, ValueKind::String(s))
                if weak && matches!(s.text.as_str(), "true" | "false" | "1" | "0" | "") => {}
            (Ty::Bool, ValueKind::Number(_)) if weak => {}
            (Ty::Bool, _) => self.invalid(value, field, style, "true or false"),
            (Ty::Int, ValueKind::Number(n)) if n.is_integer => {}
            (Ty::Int, ValueKind::String(s)) if weak && s.text.trim().parse::<i64>().is_ok() => {}
            (Ty::Int, ValueKind::String(s)) if s.text.trim().parse::<i64>().is_ok() => {
                self.invalid(
                    value,
                    field,
                    style,
                    "a number without quotes (Consul does not convert quoted numbers in agent configuration)",
                );
                if let Some(last) = self.out.last_mut() {
                    last.fix = Some(FixHint::ReplaceLiteral { with: s.text.trim().to_string() });
                }
            }
            (Ty::Int, _) => self.invalid(value, field, style, "a whole number"),
            (Ty::Float, ValueKind::Number(_)) => {}
            (Ty::Float, ValueKind::String(s)) if weak && s.text.trim().parse::<f64>().is_ok() => {}
            (Ty::Float, _) => self.invalid(value, field, style, "a number"),
            (Ty::Duration, ValueKind::String(s)) => {
                if let Err(error) = crate::rules::reader::go_duration(&s.text) {
                    let path = self.path.join(".");
                    let message = if weak {
                        format!("{path}: {error}")
                    } else {
                        format!("{path}: invalid duration: {}: {error}", crate::rules::reader::quote(&s.text))
                    };
                    self.out.push(Diagnostic::new(Code::InvalidValue, value.range, message));
                }
            }
            (Ty::Duration, ValueKind::Number(_)) if weak => {}
            (Ty::Duration, ValueKind::Number(_)) => self.invalid(
                value,
                field,
                style,
                "a duration string such as \"10s\" (agent configuration has no numeric durations)",
            ),
            (Ty::Duration, _) => self.invalid(value, field, style, "a duration such as \"10s\""),
            (Ty::Enum(allowed), ValueKind::String(s)) => {
                if !allowed.contains(&s.text.as_str()) {
                    let list = allowed.iter().map(|a| format!("\"{a}\"")).collect::<Vec<_>>().join(", ");
                    let closest = closest_enum(&s.text, allowed);
                    let hint = closest.as_ref().map(|c| format!("; did you mean \"{c}\"?")).unwrap_or_default();
                    let diagnostic = Diagnostic::new(
                        Code::InvalidValue,
                        value.range,
                        format!("invalid {} \"{}\": must be one of {list}{hint}", field.display_name(style), s.text),
                    );
                    self.out.push(match closest {
                        Some(with) => diagnostic.with_fix(FixHint::ReplaceValue { with }),
                        None => diagnostic,
                    });
                }
            }
            (Ty::Enum(_), _) => self.invalid(value, field, style, "a string"),
            (Ty::StrList, ValueKind::String(_)) => {}
            (Ty::StrList, ValueKind::List(items)) => {
                for item in items {
                    let ok = matches!(item.kind, ValueKind::String(_) | ValueKind::Null | ValueKind::Invalid)
                        || weak && matches!(item.kind, ValueKind::Number(_) | ValueKind::Bool(_));
                    if !ok {
                        self.invalid(item, field, style, "a list of strings");
                    }
                }
            }
            (Ty::StrList, _) => self.invalid(value, field, style, "a list of strings"),
            (Ty::Block(block) | Ty::BlockList(block), ValueKind::Object(_) | ValueKind::List(_)) => {
                if let ValueKind::List(items) = &value.kind
                    && let Some(bad) =
                        items.iter().find(|i| !i.is_object() && !matches!(i.kind, ValueKind::Null | ValueKind::Invalid))
                {
                    self.invalid(bad, field, style, "a block (an object)");
                }
                self.block(value, block, style);
            }
            (Ty::Block(_) | Ty::BlockList(_), _) => self.invalid(value, field, style, "a block (an object)"),
            (Ty::Map(block), ValueKind::Object(_) | ValueKind::List(_)) => {
                for object in crate::model::object_values(value) {
                    for entry in object.as_object().unwrap_or(&[]) {
                        if crate::model::object_values(&entry.value).next().is_none()
                            && !matches!(entry.value.kind, ValueKind::Invalid | ValueKind::Null)
                        {
                            self.invalid(&entry.value, field, style, "a map of blocks");
                        }
                        self.block(&entry.value, block, style);
                    }
                }
            }
            (Ty::Map(_), _) => self.invalid(value, field, style, "a map of blocks"),
            (Ty::Opaque, _) => {}
            (Ty::ConfigEntries, ValueKind::Object(_) | ValueKind::List(_)) => {
                for object in crate::model::object_values(value) {
                    self.config_entry(object);
                }
            }
            (Ty::ConfigEntries, _) => self.invalid(value, field, style, "a list of config entries"),
        }
        let _ = parent;
    }

    /// A config entry: dispatched on its exact `Kind`/`kind` key.
    fn config_entry(&mut self, value: &Value) {
        let Some(entries) = value.as_object() else { return };
        let Some(kind_entry) = placement::kind_entry(entries) else {
            self.out.push(Diagnostic::new(
                Code::MissingRequired,
                self.first_line(value.range),
                "config entry is missing the required field \"Kind\" (spelled exactly `Kind` or `kind`)",
            ));
            return;
        };
        let Some(kind) = kind_entry.value.as_str() else {
            if !matches!(kind_entry.value.kind, ValueKind::Invalid) {
                self.out.push(Diagnostic::new(
                    Code::InvalidValue,
                    kind_entry.value.range,
                    "\"Kind\" must be a string naming a config entry kind",
                ));
            }
            return;
        };
        match schema::entries::CONFIG_ENTRY_KINDS.iter().find(|(k, _)| *k == kind) {
            Some((_, block)) => self.entries(entries, value.range, block, KeyStyle::Pascal),
            None => {
                let kinds = schema::entries::CONFIG_ENTRY_KINDS.iter().map(|(k, _)| *k);
                let hint = schema::suggest(kind, kinds.map(String::from))
                    .map(|s| format!("; did you mean \"{s}\"?"))
                    .unwrap_or_default();
                self.out.push(Diagnostic::new(
                    Code::InvalidValue,
                    kind_entry.value.range,
                    format!("invalid config entry kind \"{kind}\"{hint}"),
                ));
            }
        }
    }
}

/// `"8080"`, `true`, a block...: what a wrong value is, for messages.
fn describe(value: &Value, text: &str) -> String {
    match &value.kind {
        ValueKind::String(s) if s.text.chars().count() <= 40 => format!("\"{}\"", s.text),
        ValueKind::Number(_) | ValueKind::Bool(_) => text.get(value.range.as_usize()).unwrap_or("").to_string(),
        _ => value.type_name().to_string(),
    }
}

fn closest_enum(text: &str, allowed: &[&str]) -> Option<String> {
    let non_empty = allowed.iter().filter(|a| !a.is_empty()).map(|a| a.to_string());
    schema::suggest(text, non_empty)
}

/// The closest allowed value for an invalid enumeration value (the quick fix's replacement).
pub fn closest_allowed(text: &str, allowed: &[&str]) -> Option<String> {
    closest_enum(text, allowed)
}

/// Where a finding about a whole object sits: the first line of the block that holds it (`services {`), from
/// its key, or from the `{` of an object in a list.
pub fn object_first_line(text: &str, root: &Value, object: TextRange) -> TextRange {
    // An HCL file's top level has no braces: its first line is that of its first key (not a leading comment).
    let braceless_root = object == root.range && !text[object.as_usize()].trim_start().starts_with('{');
    let first_key = root.as_object().and_then(|entries| entries.first()).map(|e| e.key.range.start);
    let start = match (braceless_root, first_key) {
        (true, Some(key)) => key,
        _ => owner_key_start(root, object).unwrap_or(object.start),
    };
    first_line(text, TextRange::new(start, object.end))
}

/// The start of the key whose value is exactly the object at `object`.
fn owner_key_start(value: &Value, object: TextRange) -> Option<u32> {
    if !value.range.touches(object.start) {
        return None;
    }
    match &value.kind {
        ValueKind::Object(entries) => children_at(entries, object.start, |e| e.range()).find_map(|e| {
            if e.value.range == object && e.value.is_object() {
                Some(e.key.range.start)
            } else {
                owner_key_start(&e.value, object)
            }
        }),
        ValueKind::List(items) => {
            children_at(items, object.start, |i| i.range).find_map(|i| owner_key_start(i, object))
        }
        _ => None,
    }
}

/// The children of an object or list that may hold `offset`. Children are in text order, so in a long list a
/// binary search finds them: descending to a value costs its depth times a logarithm, not the size of the file.
fn children_at<T>(children: &[T], offset: u32, range: impl Fn(&T) -> TextRange) -> impl Iterator<Item = &T> {
    let candidates: &[T] = if children.len() < 32 {
        children
    } else {
        let after = children.partition_point(|c| range(c).start <= offset);
        // The last child starting at or before `offset`, and the one before it (an empty range at `offset`).
        &children[after.saturating_sub(2)..after]
    };
    candidates.iter().filter(move |c| range(c).touches(offset))
}

pub fn first_line(text: &str, range: TextRange) -> TextRange {
    let start = range.start as usize;
    let rest = text.get(start..range.end as usize).unwrap_or("");
    let len = rest.find('\n').unwrap_or(rest.len());
    let line = rest[..len].trim_end_matches('\r');
    TextRange::new(range.start, range.start + line.len() as u32)
}

/// The rules inside an API policy's `Rules` string are checked like a rules file, findings mapped back onto the
/// file's characters.
fn embedded_rules(file: &SourceFile, out: &mut Vec<Diagnostic>) {
    let Some(root) = Obj::new(&file.parse.root, KeyStyle::Pascal) else { return };
    let Some(value) = root.value("rules") else { return };
    let Some(embedded) = crate::model::acl::EmbeddedRules::decode(value, &file.text) else { return };
    let mut inner = Vec::new();
    let mut walker =
        Walker { text: &embedded.text, root: &embedded.parse.root, out: &mut inner, path: Vec::new(), stem: "" };
    walker.block(&embedded.parse.root, &schema::acl::ACL_RULES, KeyStyle::Snake);
    for mut d in inner {
        d.range = embedded.to_file(d.range);
        if matches!(d.fix, Some(FixHint::InsertLiteral { .. })) {
            // Its object is a range of the decoded rules, not of the file: no edit can be made from it.
            d.fix = None;
        }
        d.message = format!("in Rules: {}", d.message);
        out.push(d);
    }
}

/// The manifest's `ignore` lists must name real codes.
fn manifest_checks(file: &SourceFile, out: &mut Vec<Diagnostic>) {
    let Some(root) = Obj::new(&file.parse.root, KeyStyle::Snake) else { return };
    for labels in root.objects("cluster") {
        for cluster in labels.entries {
            for body in crate::model::object_values(&cluster.value) {
                let Some(body) = Obj::new(body, KeyStyle::Snake) else { continue };
                let Some(ignore) = body.value("ignore") else { continue };
                for item in ignore.as_list().unwrap_or(std::slice::from_ref(ignore)) {
                    let Some(code) = item.as_str() else { continue };
                    if Code::parse(code).is_none() {
                        let names = Code::ALL.iter().map(|c| c.as_str().to_string());
                        let closest = schema::suggest(code, names);
                        let hint = closest.as_ref().map(|c| format!("; did you mean \"{c}\"?")).unwrap_or_default();
                        let d = Diagnostic::new(
                            Code::InvalidValue,
                            item.range,
                            format!(
                                "\"{code}\" in the ignore list of cluster \"{}\" is not a consul-ls code{hint}",
                                cluster.key.text
                            ),
                        );
                        out.push(match closest {
                            Some(with) => d.with_fix(FixHint::ReplaceValue { with }),
                            None => d,
                        });
                    }
                }
            }
        }
    }
}

/// Checks that need the model (a field's meaning depends on the object's kind or on other fields).
fn model_checks(file: &SourceFile, out: &mut Vec<Diagnostic>) {
    let model = &file.model;
    for service in &model.services {
        if service.is_mesh_gateway() {
            if !service.has_port {
                let name = service.name();
                out.push(
                    Diagnostic::new(
                        Code::MissingRequired,
                        object_first_line(&file.text, &file.parse.root, service.range),
                        format!(
                            "mesh gateway \"{name}\" has no port: Consul requires a non-zero port for a mesh-gateway"
                        ),
                    )
                    .with_fix(FixHint::InsertLiteral {
                        object: service.range,
                        key: "port".into(),
                        literal: "8443".into(),
                    }),
                );
            }
            if let Some(config) = service.proxy_config {
                envoy_config_near_misses(file, config, service.name(), out);
            }
        }
        for upstream in &service.upstreams {
            let written = find_value(&file.parse.root, upstream.range).and_then(|v| Obj::new(v, upstream.style));
            if written.is_some_and(|obj| obj.entry("destination_name").is_none()) {
                out.push(
                    Diagnostic::new(
                        Code::MissingRequired,
                        object_first_line(&file.text, &file.parse.root, upstream.range),
                        format!(
                            "upstream of \"{}\" is missing the required field \"{}\": Consul rejects an upstream without a destination name",
                            upstream.downstream,
                            if upstream.style == KeyStyle::Pascal { "DestinationName" } else { "destination_name" }
                        ),
                    )
                    .with_fix(FixHint::InsertLiteral {
                        object: upstream.range,
                        key: "destination_name".into(),
                        literal: "\"service-name\"".into(),
                    }),
                );
            }
            if let Some(name) = &upstream.destination_name
                && name.text == "*"
            {
                out.push(Diagnostic::new(
                    Code::InvalidValue,
                    name.range,
                    format!(
                        "upstream of \"{}\" cannot name the wildcard \"*\" as destination_name",
                        upstream.downstream
                    ),
                ));
            }
        }
    }
    for entry in &model.entries {
        match (&entry.body, entry.kind.text.as_str()) {
            (EntryBody::ExportedServices(_), _) => {
                if let Some(name) = &entry.name
                    && name.text != entry.partition
                {
                    out.push(
                        Diagnostic::new(
                            Code::InvalidValue,
                            name.range,
                            format!(
                                "exported-services Name must be the name of its partition, \"{}\", not \"{}\"",
                                entry.partition, name.text
                            ),
                        )
                        .with_fix(FixHint::ReplaceValue { with: entry.partition.to_string() }),
                    );
                }
            }
            (_, "proxy-defaults") => {
                if let Some(name) = &entry.name
                    && !name.text.is_empty()
                    && name.text != "global"
                {
                    out.push(
                        Diagnostic::new(
                            Code::InvalidValue,
                            name.range,
                            format!("invalid proxy-defaults Name \"{}\": only \"global\" is supported", name.text),
                        )
                        .with_fix(FixHint::ReplaceValue { with: "global".into() }),
                    );
                }
            }
            _ => {}
        }
    }
}

/// A mesh gateway's `proxy.config` is an opaque map, but a near miss of a known Envoy gateway option is almost
/// certainly a typo that Envoy silently ignores.
fn envoy_config_near_misses(file: &SourceFile, config: TextRange, gateway: &str, out: &mut Vec<Diagnostic>) {
    let Some(config_value) = find_value(&file.parse.root, config) else { return };
    let Some(obj) = Obj::new(config_value, KeyStyle::Snake) else { return };
    let known = schema::service::MESH_GATEWAY_ENVOY_CONFIG_KEYS;
    for entry in obj.entries {
        let key = entry.key.text.as_str();
        if known.contains(&key) {
            continue;
        }
        let close = known
            .iter()
            .copied()
            .filter(|k| strsim::levenshtein(k, key) <= 2)
            .min_by_key(|k| strsim::levenshtein(k, key));
        if let Some(suggestion) = close {
            out.push(
                Diagnostic::new(
                    Code::UnknownField,
                    entry.key.range,
                    format!(
                        "unknown Envoy option \"{key}\" in the proxy config of mesh gateway \"{gateway}\"; did you mean \"{suggestion}\"?"
                    ),
                )
                .with_fix(FixHint::RenameKey { to: suggestion.to_string() }),
            );
        }
    }
}

/// The value whose range is exactly `range`.
pub fn find_value(root: &Value, range: TextRange) -> Option<&Value> {
    if root.range == range && matches!(root.kind, ValueKind::Object(_) | ValueKind::List(_)) {
        return Some(root);
    }
    if !root.range.touches(range.start) && root.range != range {
        return None;
    }
    match &root.kind {
        ValueKind::Object(entries) => {
            children_at(entries, range.start, |e| e.range()).find_map(|e| find_value(&e.value, range))
        }
        ValueKind::List(items) => children_at(items, range.start, |i| i.range).find_map(|i| find_value(i, range)),
        _ => None,
    }
}
