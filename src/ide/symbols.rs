//! Document and workspace symbols.
use crate::analysis::Analysis;
use crate::model::{EntryBody, FileKind, Obj};
use crate::schema::KeyStyle;
use crate::syntax::TextRange;
use crate::workspace::FileId;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Service,
    Gateway,
    Upstream,
    ConfigEntry,
    ExportedService,
    Policy,
    Rule,
    Cluster,
    /// A PeeringAcceptor or PeeringDialer: a peer's name in the cluster.
    Peer,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The whole item.
    pub range: TextRange,
    /// The part to select (its name).
    pub selection: TextRange,
    pub children: Vec<Symbol>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceSymbol {
    pub file: FileId,
    pub symbol: Symbol,
    /// The cluster (or file) it belongs to.
    pub container: Option<String>,
}

pub fn document_symbols(analysis: &Analysis, file: FileId) -> Vec<Symbol> {
    let Some(source) = analysis.workspace().files.get(file) else { return Vec::new() };
    let model = &source.model;
    let mut out = Vec::new();
    if source.kind() == FileKind::Manifest {
        return manifest_clusters(source);
    }
    for service in &model.services {
        let upstreams = service
            .upstreams
            .iter()
            .map(|u| {
                let detail = match u.peer() {
                    Some(peer) => format!("upstream via peer {peer}"),
                    None => "upstream".to_string(),
                };
                Symbol {
                    name: u.name().to_string(),
                    detail: Some(detail),
                    kind: SymbolKind::Upstream,
                    range: u.range,
                    selection: u.destination_name.as_ref().map_or(u.range, |n| n.range),
                    children: Vec::new(),
                }
            })
            .collect();
        let kind = if service.is_mesh_gateway() { SymbolKind::Gateway } else { SymbolKind::Service };
        let detail = match service.kind() {
            "" | "typical" => "service".to_string(),
            kind => kind.to_string(),
        };
        out.push(Symbol {
            name: service.name().to_string(),
            detail: Some(detail),
            kind,
            range: service.range,
            selection: service.name.as_ref().map_or(service.range, |n| n.range),
            children: upstreams,
        });
    }
    for entry in &model.entries {
        let children = match &entry.body {
            EntryBody::ExportedServices(services) => services
                .iter()
                .map(|exported| {
                    let peers: Vec<&str> = exported
                        .consumers
                        .iter()
                        .filter_map(|c| c.peer.as_ref().or(c.partition.as_ref()))
                        .map(|p| p.text.as_str())
                        .collect();
                    Symbol {
                        name: exported.name.text.to_string(),
                        detail: Some(format!("exported to {}", peers.join(", "))),
                        kind: SymbolKind::ExportedService,
                        range: exported.name.range,
                        selection: exported.name.range,
                        children: Vec::new(),
                    }
                })
                .collect(),
            _ => Vec::new(),
        };
        let name = match entry.name() {
            "" => entry.kind.text.to_string(),
            name => name.to_string(),
        };
        out.push(Symbol {
            name,
            detail: Some(entry.kind.text.to_string()),
            kind: SymbolKind::ConfigEntry,
            range: entry.range,
            selection: entry.name.as_ref().map_or(entry.kind.range, |n| n.range),
            children,
        });
    }
    for policy in &model.policies {
        let rules = policy
            .rules
            .iter()
            .map(|rule| Symbol {
                name: match &rule.segment {
                    Some(segment) => format!("{} \"{segment}\"", rule.resource),
                    None => rule.resource.clone(),
                },
                detail: Some(rule.access.clone()),
                kind: SymbolKind::Rule,
                range: rule.range,
                selection: rule.range,
                children: Vec::new(),
            })
            .collect();
        out.push(Symbol {
            name: policy.name.clone().unwrap_or_else(|| "ACL policy".to_string()),
            detail: Some("ACL policy".to_string()),
            kind: SymbolKind::Policy,
            range: policy.range,
            selection: TextRange::empty(policy.range.start),
            children: rules,
        });
    }
    for peering in model.k8s.iter().flat_map(|k| &k.peerings) {
        let detail = match &peering.secret {
            Some(secret) => format!("{} (token secret {})", peering.role.kind(), secret.text),
            None => peering.role.kind().to_string(),
        };
        out.push(Symbol {
            name: peering.name.text.to_string(),
            detail: Some(detail),
            kind: SymbolKind::Peer,
            range: peering.range,
            selection: peering.name.range,
            children: Vec::new(),
        });
    }
    out.sort_by_key(|s| s.range.start);
    out
}

fn manifest_clusters(source: &crate::workspace::SourceFile) -> Vec<Symbol> {
    let mut out = Vec::new();
    let Some(root) = Obj::new(&source.parse.root, KeyStyle::Snake) else { return out };
    for labels in root.objects("cluster") {
        for label in labels.entries {
            out.push(Symbol {
                name: label.key.text.to_string(),
                detail: Some("cluster".to_string()),
                kind: SymbolKind::Cluster,
                range: label.range(),
                selection: label.key.range,
                children: Vec::new(),
            });
        }
    }
    out
}

/// Whether every character of `query` appears in `name` in order (case-insensitive); an empty query matches all.
fn matches(name: &str, query: &str) -> bool {
    let mut chars = name.chars().flat_map(char::to_lowercase);
    query.chars().flat_map(char::to_lowercase).all(|q| chars.any(|c| c == q))
}

/// At most this many workspace symbols are returned.
pub const MAX_WORKSPACE_SYMBOLS: usize = 1000;

pub fn workspace_symbols(analysis: &Analysis, query: &str) -> Vec<WorkspaceSymbol> {
    let ws = analysis.workspace();
    let mut out = Vec::new();
    for (file, source) in ws.files.iter() {
        if !source.kind().is_consul() && source.kind() != FileKind::Manifest {
            continue;
        }
        let container = ws
            .cluster_of(file)
            .map(|c| ws.cluster(c).name.clone())
            .or_else(|| source.path.file_name().map(|n| n.to_string_lossy().into_owned()));
        for symbol in document_symbols(analysis, file) {
            // Upstreams and rules are uses, not things of their own; exported services are found through their
            // registrations.
            if matches(&symbol.name, query) {
                out.push(WorkspaceSymbol {
                    file,
                    symbol: Symbol { children: Vec::new(), ..symbol },
                    container: container.clone(),
                });
            }
        }
        if out.len() >= MAX_WORKSPACE_SYMBOLS {
            out.truncate(MAX_WORKSPACE_SYMBOLS);
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::testing;

    fn outline(symbols: &[Symbol], depth: usize, out: &mut String) {
        for s in symbols {
            let detail = s.detail.as_deref().unwrap_or("");
            out.push_str(&format!("{}{:?} {} ({detail})\n", "  ".repeat(depth), s.kind, s.name));
            outline(&s.children, depth + 1, out);
        }
    }

    /// The outline of the file holding `$0` (or the first file).
    fn check(fixture: &str) -> String {
        let (analysis, file, _) = testing::analysis(fixture);
        let mut out = String::new();
        outline(&document_symbols(&analysis, file), 0, &mut out);
        out
    }

    #[test]
    fn document_outlines() {
        let cases = [
            check(
                r#"
                service {
                  name = "web"
                  connect { sidecar_service { proxy { upstreams = [{ destination_name = "api", destination_peer = "p" }] } } }
                }
                services {
                  name = "gw"
                  kind = "mesh-gateway"
                  port = 1
                }
                "#,
            ),
            check(
                "//- e.hcl\nKind = \"exported-services\"\nName = \"default\"\nServices = [{ Name = \"api\", Consumers = [{ Peer = \"c1\" }, { Peer = \"c3\" }] }]\n",
            ),
            check("//- p.hcl\nservice \"gw\" {\n  policy = \"write\"\n}\nmesh = \"write\"\n"),
            check("//- consul-ls.hcl\ncluster \"c1\" {\n  paths = [\"c1\"]\n}\ncluster \"c2\" {}\n"),
        ];
        insta::assert_snapshot!(cases.join("---\n"));
    }

    #[test]
    fn workspace_symbols_filter_by_query() {
        let (analysis, _, _) = testing::analysis(
            "//- a/web.hcl\nservice {\n  name = \"web-frontend\"\n}\n//- a/api.hcl\nservice {\n  name = \"api\"\n}\n//- main.tf.hcl\nresource \"x\" \"web\" {}\n",
        );
        let found: Vec<String> = workspace_symbols(&analysis, "wfr").iter().map(|s| s.symbol.name.clone()).collect();
        assert_eq!(found, ["web-frontend"]);
        assert_eq!(workspace_symbols(&analysis, "").len(), 2);
        assert_eq!(workspace_symbols(&analysis, "API")[0].container.as_deref(), Some("ws"));
    }
}
