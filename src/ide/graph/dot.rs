//! The topology in Graphviz's DOT language: the same drawing as [`super::mermaid`] — a `cluster_` subgraph per
//! cluster (and partition), services, mesh gateways (hexagons), dashed boxes for targets that are not registered,
//! upstream edges, dashed export edges to the consuming peer's cluster (`lhead`, with `compound=true`), every edge
//! with findings red and labelled with its codes.

use std::fmt::Write as _;

use super::mermaid::RED;
use super::{Drawing, End, Graph, Node, Shape, layout};

const FONT: &str = "Helvetica,Arial,sans-serif";

/// The DOT text of `graph`.
pub fn render(graph: &Graph) -> String {
    let drawing = layout(graph);
    let mut out = String::new();
    out.push_str("digraph consul {\n");
    let _ = writeln!(out, "  graph [rankdir=LR, compound=true, fontname=\"{FONT}\"];");
    let _ = writeln!(out, "  node [shape=box, style=rounded, fontname=\"{FONT}\"];");
    let _ = writeln!(out, "  edge [fontname=\"{FONT}\"];");
    write_body(&drawing, &mut out);
    out.push_str("}\n");
    out
}

fn write_body(drawing: &Drawing, out: &mut String) {
    for cluster in &drawing.clusters {
        let _ = writeln!(out, "  subgraph cluster_{} {{", cluster.id);
        let _ = writeln!(out, "    label={};", quote(&[cluster.name.as_str()]));
        for (id, partition, nodes) in &cluster.partitions {
            let _ = writeln!(out, "    subgraph cluster_{id} {{");
            let _ = writeln!(out, "      label={};", quote(&[&format!("partition {partition}")]));
            for node in nodes {
                write_node(node, "      ", out);
            }
            out.push_str("    }\n");
        }
        for node in &cluster.nodes {
            write_node(node, "    ", out);
        }
        out.push_str("  }\n");
    }
    for node in &drawing.loose {
        write_node(node, "  ", out);
    }
    for edge in &drawing.edges {
        let mut attrs: Vec<String> = Vec::new();
        let to = match &edge.to {
            End::Node(id) => id.clone(),
            End::Cluster(c) => {
                let cluster = &drawing.clusters[*c];
                // An edge to a cluster ends at its border: aimed at a node inside, clipped by `lhead`.
                let inside = cluster.all_nodes().next().map_or_else(String::new, |n| n.id.clone());
                attrs.push(format!("lhead=cluster_{}", cluster.id));
                inside
            }
        };
        if edge.export {
            attrs.push("style=dashed".to_string());
        }
        if let Some(lines) = edge.label() {
            let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
            attrs.push(format!("label={}", quote(&lines)));
        }
        if !edge.findings.is_empty() {
            attrs.push(format!("color=\"{RED}\", fontcolor=\"{RED}\", penwidth=2"));
        }
        let attrs = if attrs.is_empty() { String::new() } else { format!(" [{}]", attrs.join(", ")) };
        let _ = writeln!(out, "  {} -> {to}{attrs};", edge.from);
    }
}

fn write_node(node: &Node, indent: &str, out: &mut String) {
    let lines: Vec<&str> = node.lines.iter().map(String::as_str).collect();
    let label = quote(&lines);
    let style = match node.shape {
        Shape::Service => String::new(),
        Shape::Gateway => ", shape=hexagon, style=filled, fillcolor=\"#e3f2fd\", color=\"#1565c0\"".to_string(),
        Shape::DeclaredGateway => {
            ", shape=hexagon, style=\"filled,dashed\", fillcolor=\"#e3f2fd\", color=\"#1565c0\"".to_string()
        }
        Shape::Missing => ", style=\"rounded,dashed\", color=\"#9e9e9e\", fontcolor=\"#888888\"".to_string(),
        Shape::Empty => ", shape=plaintext, fontcolor=\"#9e9e9e\"".to_string(),
    };
    let _ = writeln!(out, "{indent}{} [label={label}{style}];", node.id);
}

/// A DOT string of lines (`\n` between them), with `"` and `\` escaped.
fn quote(lines: &[&str]) -> String {
    let escaped: Vec<String> = lines
        .iter()
        .map(|line| {
            line.chars()
                .map(|c| match c {
                    '"' => "\\\"".to_string(),
                    '\\' => "\\\\".to_string(),
                    '\n' | '\r' => " ".to_string(),
                    c => c.to_string(),
                })
                .collect()
        })
        .collect();
    format!("\"{}\"", escaped.join("\\n"))
}
