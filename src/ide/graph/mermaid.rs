//! The topology as a Mermaid flowchart: a subgraph per cluster (and per partition when a cluster has more than
//! `default`), services as rounded boxes, mesh gateways as hexagons, targets that are not registered as dashed
//! boxes, upstreams as solid arrows, exports as dotted arrows to the consuming peer's cluster; every edge with
//! findings red and labelled with its codes.

use std::fmt::Write as _;

use super::{Drawing, End, Graph, Node, Shape, layout};

/// Red for edges with findings (Material red 700: readable on light and dark backgrounds).
pub const RED: &str = "#d32f2f";

/// The styles of the node shapes that are not plain services.
const CLASSES: &[(Shape, &str)] = &[
    (Shape::Gateway, "classDef gateway fill:#e3f2fd,stroke:#1565c0"),
    (Shape::DeclaredGateway, "classDef declared fill:#e3f2fd,stroke:#1565c0,stroke-dasharray:4 3"),
    (Shape::Missing, "classDef missing fill:none,stroke:#9e9e9e,stroke-dasharray:4 3,color:#888888"),
    (Shape::Empty, "classDef empty fill:none,stroke:none,color:#9e9e9e"),
];

/// The Mermaid text of `graph`.
pub fn render(graph: &Graph) -> String {
    let drawing = layout(graph);
    let mut out = String::new();
    out.push_str("flowchart LR\n");
    write_body(&drawing, &mut out);
    out
}

fn write_body(drawing: &Drawing, out: &mut String) {
    for cluster in &drawing.clusters {
        let _ = writeln!(out, "  subgraph {}[\"{}\"]", cluster.id, text(&cluster.name));
        for (id, partition, nodes) in &cluster.partitions {
            let _ = writeln!(out, "    subgraph {id}[\"partition {}\"]", text(partition));
            for node in nodes {
                write_node(node, "      ", out);
            }
            out.push_str("    end\n");
        }
        for node in &cluster.nodes {
            write_node(node, "    ", out);
        }
        out.push_str("  end\n");
    }
    for node in &drawing.loose {
        write_node(node, "  ", out);
    }
    let mut red = Vec::new();
    for (i, edge) in drawing.edges.iter().enumerate() {
        let to = match &edge.to {
            End::Node(id) => id.as_str(),
            End::Cluster(c) => drawing.clusters[*c].id.as_str(),
        };
        let arrow = if edge.export { "-.->" } else { "-->" };
        match edge.label() {
            Some(lines) => {
                let label: Vec<String> = lines.iter().map(|l| text(l)).collect();
                let _ = writeln!(out, "  {} {arrow}|\"{}\"| {to}", edge.from, label.join("<br/>"));
            }
            None => {
                let _ = writeln!(out, "  {} {arrow} {to}", edge.from);
            }
        }
        if !edge.findings.is_empty() {
            red.push(i.to_string());
        }
    }
    // The classes the nodes use.
    let nodes = || drawing.clusters.iter().flat_map(|c| c.all_nodes()).chain(&drawing.loose);
    for (shape, class) in CLASSES {
        if nodes().any(|n| n.shape == *shape) {
            let _ = writeln!(out, "  {class}");
        }
    }
    if !red.is_empty() {
        let _ = writeln!(out, "  linkStyle {} stroke:{RED},stroke-width:2px,color:{RED}", red.join(","));
    }
}

fn write_node(node: &Node, indent: &str, out: &mut String) {
    let label: Vec<String> = node.lines.iter().map(|l| text(l)).collect();
    let label = label.join("<br/>");
    let _ = match node.shape {
        Shape::Service => writeln!(out, "{indent}{}(\"{label}\")", node.id),
        Shape::Gateway => writeln!(out, "{indent}{}{{{{\"{label}\"}}}}:::gateway", node.id),
        Shape::DeclaredGateway => writeln!(out, "{indent}{}{{{{\"{label}\"}}}}:::declared", node.id),
        Shape::Missing => writeln!(out, "{indent}{}[\"{label}\"]:::missing", node.id),
        Shape::Empty => writeln!(out, "{indent}{}[\"{label}\"]:::empty", node.id),
    };
}

/// Text for inside a quoted Mermaid label: characters that could end the label or be read as markup become
/// Mermaid's entity codes (`#35;` is `#`).
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for ch in value.chars() {
        if ch.is_alphanumeric() || matches!(ch, ' ' | '-' | '_' | '.' | ':' | '/' | '*' | '@' | ',' | '+' | '=') {
            out.push(ch);
        } else {
            let _ = write!(out, "#{};", ch as u32);
        }
    }
    out
}
