//! service-intentions: `ServiceIntentionsConfigEntry.normalize`/`validate` (`agent/structs/config_entry_intentions.go`).
//!
//! Consul sorts `Sources` by precedence (exact names before `*`) before it validates, so `Sources[i]` in its
//! messages counts in that order; these rules number sources the same way. Consul CE's refusal of
//! `SamenessGroup` is not reported (consul-ls cannot tell CE from Enterprise).

use super::common::{self, META_VALUE_MAX_LENGTH};
use crate::model::Obj;
use crate::rules::reader::{Ctx, Read, quote};
use crate::syntax::CompactString;

pub fn check(ctx: &mut Ctx<'_>, obj: Obj<'_>) {
    common::name_written_empty(ctx, obj, "Name is required");
    let name = obj.text("name").map(|n| n.text).unwrap_or_default();
    let namespace = obj.text("namespace").map(|n| n.text).unwrap_or_default();
    if let Some(n) = obj.set("name") {
        wildcards(ctx, &n.text, n.range, obj, "");
    }
    let dest_is_wild = namespace == "*" || name == "*";
    if let Some(jwt) = obj.object("jwt") {
        jwt_providers(ctx, jwt);
    }
    let sources: Vec<Obj<'_>> = obj.objects("sources").collect();
    if sources.is_empty() {
        ctx.missing(obj.range, "At least one source is required");
        return;
    }
    // Consul's order: a stable sort by precedence, which only depends on how exact each source is.
    let mut order: Vec<usize> = (0..sources.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(exactness(sources[i], &namespace)));
    let mut seen = std::collections::HashSet::new();
    for (i, &original) in order.iter().enumerate() {
        let src = sources[original];
        source(ctx, src, &format!("Sources[{i}]"), dest_is_wild, &namespace, &mut seen);
    }
}

/// How many of namespace and name are exact (not `*`): Consul's intention precedence within one destination.
fn exactness(src: Obj<'_>, dest_namespace: &str) -> u8 {
    let peered = src.set("peer").is_some() || src.set("sameness_group").is_some();
    let ns = src
        .set("namespace")
        .map(|n| n.text)
        .unwrap_or_else(|| if peered { String::new().into() } else { dest_namespace.to_string().into() });
    let name = src.text("name").map(|n| n.text).unwrap_or_default();
    if ns == "*" {
        0
    } else if name == "*" {
        1
    } else {
        2
    }
}

/// `validateIntentionWildcards` for a destination (`prefix` empty) or a source (`prefix` `Sources[i].`).
fn wildcards(ctx: &mut Ctx<'_>, name: &str, name_range: crate::syntax::TextRange, obj: Obj<'_>, prefix: &str) {
    let ns = obj.set("namespace");
    let ns_text = ns.as_ref().map_or("default", |n| n.text.as_str());
    if ns_text != "*"
        && ns_text.contains('*')
        && let Some(ns) = &ns
    {
        ctx.invalid(ns.range, format!("{prefix}Namespace: wildcard character '*' cannot be used with partial values"));
        return;
    }
    if name != "*" {
        if name.contains('*') {
            ctx.invalid(name_range, format!("{prefix}Name: wildcard character '*' cannot be used with partial values"));
            return;
        }
        if ns_text == "*" {
            ctx.invalid(name_range, format!("{prefix}Name: exact value cannot follow wildcard namespace"));
            return;
        }
    }
    if let Some(partition) = obj.set("partition").filter(|p| p.text.contains('*')) {
        ctx.invalid(partition.range, format!("{prefix}Partition: cannot use wildcard '*' in partition"));
        return;
    }
    if let Some(peer) = obj.set("peer").filter(|p| p.text.contains('*')) {
        ctx.invalid(peer.range, format!("{prefix}Peer: cannot use wildcard '*' in peer"));
        return;
    }
    if let Some(group) = obj.set("sameness_group").filter(|g| g.text.contains('*')) {
        ctx.invalid(group.range, format!("{prefix}SamenessGroup: cannot use wildcard '*' in sameness group"));
    }
}

/// `IntentionJWTRequirement.Validate`: every provider needs a name.
fn jwt_providers(ctx: &mut Ctx<'_>, jwt: Obj<'_>) {
    for provider in jwt.objects("providers") {
        match provider.text("name") {
            Some(n) if !n.text.is_empty() => {}
            Some(n) => ctx.invalid(n.range, "JWT provider name is required"),
            None => ctx.missing(provider.range, "JWT provider name is required"),
        }
    }
}

/// One source; `p` is its name in Consul's messages (`Sources[i]`).
fn source(
    ctx: &mut Ctx<'_>,
    src: Obj<'_>,
    p: &str,
    dest_is_wild: bool,
    dest_namespace: &str,
    seen: &mut std::collections::HashSet<(CompactString, CompactString, CompactString, CompactString)>,
) {
    let Some(name) = src.text("name") else { return }; // absent: the schema rules report it
    if name.text.is_empty() {
        ctx.invalid(name.range, format!("{p}.Name is required"));
        return;
    }
    let before = ctx.out.len();
    wildcards(ctx, &name.text, name.range, src, &format!("{p}."));
    if ctx.out.len() > before {
        return;
    }
    let peer = src.set("peer");
    let group = src.set("sameness_group");
    let partition = src.set("partition");
    if let (Some(_), Some(partition)) = (&peer, &partition) {
        ctx.invalid(partition.range, format!("{p}.Peer: cannot set Peer and Partition at the same time."));
        return;
    }
    if let (Some(_), Some(partition)) = (&group, &partition) {
        ctx.invalid(
            partition.range,
            format!("{p}.SamenessGroup: cannot set SamenessGroup and Partition at the same time"),
        );
        return;
    }
    if let (Some(_), Some(group)) = (&peer, &group) {
        ctx.invalid(group.range, format!("{p}.SamenessGroup: cannot set SamenessGroup and Peer at the same time"));
        return;
    }
    if let Some(description) = src.text("description").filter(|d| d.text.len() > META_VALUE_MAX_LENGTH) {
        ctx.invalid(description.range, format!("{p}.Description exceeds maximum length {META_VALUE_MAX_LENGTH}"));
    }
    for (key, field) in [
        ("legacy_meta", "LegacyMeta"),
        ("legacy_create_time", "LegacyCreateTime"),
        ("legacy_update_time", "LegacyUpdateTime"),
        ("legacy_id", "LegacyID"),
    ] {
        if src.has(key)
            && let Some(entry) = src.get(key)
        {
            ctx.invalid(common::anchor(entry), format!("{p}.{field} must be omitted"));
        }
    }
    let permissions: Vec<Obj<'_>> = src.objects("permissions").collect();
    let action = src.text("action");
    if permissions.is_empty() && action.is_none() {
        ctx.missing(src.range, format!("{p}.Action must be set to 'allow' or 'deny'"));
    }
    if !permissions.is_empty()
        && let Some(action) = action.filter(|a| !a.text.is_empty())
    {
        ctx.invalid(action.range, format!("{p}.Action must be omitted if Permissions are specified"));
    }
    if dest_is_wild
        && !permissions.is_empty()
        && let Some(entry) = src.get("permissions")
    {
        ctx.invalid(
            entry.key.range,
            format!("{p}.Permissions cannot be specified on intentions with wildcarded destinations"),
        );
    }
    for (j, perm) in permissions.into_iter().enumerate() {
        permission(ctx, perm, &format!("{p}.Permissions[{j}].HTTP"));
    }
    // Duplicates: the same source service (namespace, partition, peer, sameness group) twice.
    let peered = peer.is_some() || group.is_some();
    let ns = src.set("namespace").map(|n| n.text).unwrap_or_else(|| {
        if peered || dest_namespace.is_empty() { "default".into() } else { dest_namespace.to_string().into() }
    });
    let key = (
        name.text.clone(),
        ns,
        peer.as_ref().map(|p| p.text.clone()).unwrap_or_default(),
        group.as_ref().map(|g| g.text.clone()).unwrap_or_default(),
    );
    if !seen.insert(key) {
        let message = if let Some(peer) = &peer {
            format!("{p} defines peer({}) {} more than once", quote(&peer.text), quote(&name.text))
        } else if let Some(group) = &group {
            format!("{p} defines sameness-group({}) {} more than once", quote(&group.text), quote(&name.text))
        } else {
            format!("{p} defines {} more than once", quote(&name.text))
        };
        ctx.invalid(name.range, message);
    }
}

/// One L7 permission (`Sources[i].Permissions[j]`).
fn permission(ctx: &mut Ctx<'_>, perm: Obj<'_>, prefix: &str) {
    let Some(http) = perm.object("http") else {
        ctx.missing(perm.range, format!("{prefix} is required"));
        return;
    };
    let mut path_parts = 0;
    for (key, field) in [("path_exact", "PathExact"), ("path_prefix", "PathPrefix")] {
        if let Some(path) = http.set(key) {
            path_parts += 1;
            if !path.text.starts_with('/') {
                ctx.invalid_fix(
                    path.range,
                    format!("{prefix}.{field} doesn't start with '/': {}", quote(&path.text)),
                    Some(format!("/{}", path.text)),
                );
            }
        }
    }
    let regex = http.set("path_regex");
    if regex.is_some() {
        path_parts += 1;
    }
    if path_parts > 1 {
        ctx.invalid(
            http.get("path_regex").or_else(|| http.get("path_prefix")).map_or(http.range, |e| e.key.range),
            format!("{prefix} should only contain at most one of PathExact, PathPrefix, or PathRegex"),
        );
    }
    let mut perm_parts = path_parts;
    for (k, header) in http.objects("header").enumerate() {
        perm_parts += 1;
        match header.text("name") {
            Some(n) if n.text.is_empty() => {
                ctx.invalid(n.range, format!("{prefix}.Header[{k}] missing required Name field"));
                continue;
            }
            None => continue, // the schema rules report the missing Name
            Some(_) => {}
        }
        let present = header.truthy("present");
        let regex = header.set("regex").is_some();
        let parts = [
            present,
            header.set("exact").is_some(),
            regex,
            header.set("prefix").is_some(),
            header.set("suffix").is_some(),
            header.set("contains").is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count();
        if parts != 1 {
            ctx.missing(
                header.range,
                format!(
                    "{prefix}.Header[{k}] should only contain one of Present, Exact, Prefix, Suffix, Contains, or Regex"
                ),
            );
        } else if header.truthy("ignore_case") && (present || regex) {
            ctx.invalid(
                header.get("ignore_case").map_or(header.range, |e| e.value.range),
                format!(
                    "{prefix}.Header[{k}] should set one of Exact, Prefix, Suffix, or Contains when using IgnoreCase"
                ),
            );
        }
    }
    let methods = http.strs("methods");
    if !methods.is_empty() {
        perm_parts += 1;
        let mut found = std::collections::HashSet::new();
        for method in methods {
            let upper = method.text.to_uppercase();
            if !common::is_http_method(&upper) {
                ctx.invalid(method.range, format!("{prefix}.Methods contains an invalid method {}", quote(&upper)));
            } else if !found.insert(upper.clone()) {
                ctx.invalid(method.range, format!("{prefix}.Methods contains {} more than once", quote(&upper)));
            }
        }
    }
    if perm_parts == 0 {
        ctx.missing(http.range, format!("{prefix} should not be empty"));
    }
    if let Some(jwt) = perm.object("jwt") {
        jwt_providers(ctx, jwt);
    }
}
