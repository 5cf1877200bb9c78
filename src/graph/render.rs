//! The graph as Graphviz dot, Mermaid and JSON. Output is deterministic:
//! nodes and edges come out in the order the graph was built (declaration
//! order), node ids are positional (`n0`, `n1`, …) so any name is safe, and
//! every label is escaped for its format.

use petgraph::visit::EdgeRef;
use serde::Serialize;

use super::build::describe_retention;
use super::{Edge, EdgeKind, Flow, FlowGraph, FlowId, Node, NodeKind};
use crate::render::escape;
use crate::resolve::Model;
use crate::span::Span;

pub(super) fn id(index: petgraph::graph::NodeIndex) -> String {
    format!("n{}", index.index())
}

fn node_lines(node: &Node) -> Vec<String> {
    let mut lines = Vec::new();
    if !node.name.is_empty() {
        lines.push(node.name.clone());
    }
    if !node.label.is_empty() && node.label != node.name {
        lines.push(node.label.clone());
    }
    let mut kind = match (node.kind, node.role) {
        (NodeKind::Controller, _) => "controller".to_string(),
        (NodeKind::Subject, _) => "data subject".to_string(),
        (NodeKind::Source, _) => "source".to_string(),
        (NodeKind::Method, _) => "method".to_string(),
        (NodeKind::Party, Some(role)) => role.describe().to_string(),
        (NodeKind::Party, None) => "party".to_string(),
    };
    if let Some(country) = &node.country {
        kind.push_str(&format!(", {country}"));
    }
    if node.cross_border {
        kind.push_str(", cross-border");
    }
    lines.push(format!("({kind})"));
    lines
}

/// What an edge shows: its flow, as plain data. Built when rendering, from
/// the flow (the graph keeps no copy of a flow's names on its edges).
#[derive(Serialize)]
struct EdgeView<'a> {
    flow: FlowId,
    kind: EdgeKind,
    items: Vec<&'a str>,
    purposes: Vec<&'a str>,
    special_care: Vec<&'a str>,
    consent: bool,
    exceptions: Vec<&'a str>,
    on_request: bool,
    succession: bool,
    safeguard: bool,
    /// The retention as written, e.g. `5 years`.
    retention: Option<String>,
    span: Span,
    head: Span,
}

impl<'a> EdgeView<'a> {
    fn new(graph: &'a FlowGraph, model: &'a Model, edge: &Edge) -> Option<Self> {
        let flow: &Flow = graph.flow(edge.flow())?;
        Some(EdgeView {
            flow: flow.id(),
            kind: edge.kind,
            items: flow.item_names(model).collect(),
            purposes: flow.purpose_names(model).collect(),
            special_care: flow.special_care(model).collect(),
            consent: flow.consent(),
            exceptions: flow
                .exceptions(model)
                .iter()
                .map(|e| e.name.as_str())
                .collect(),
            on_request: flow.on_request(),
            succession: flow.succession(),
            safeguard: !flow.safeguards(model).is_empty(),
            retention: flow.retention(model).as_deref().map(describe_retention),
            span: flow.span(model),
            head: flow.head(model),
        })
    }
}

fn edge_lines(edge: &EdgeView) -> Vec<String> {
    let mut lines = vec![format!(
        "{}: {}",
        edge.kind.keyword(),
        edge.items.join(", ")
    )];
    if !edge.purposes.is_empty() {
        lines.push(format!("for {}", edge.purposes.join(", ")));
    }
    let mut conditions = Vec::new();
    if edge.consent {
        conditions.push("with consent".to_string());
    }
    if !edge.exceptions.is_empty() {
        conditions.push(format!("under {}", edge.exceptions.join(", ")));
    }
    if edge.on_request {
        conditions.push("on request".to_string());
    }
    if edge.succession {
        conditions.push("by succession".to_string());
    }
    if edge.safeguard {
        conditions.push("with safeguard".to_string());
    }
    if let Some(retention) = &edge.retention {
        conditions.push(format!("retain {retention}"));
    }
    if !conditions.is_empty() {
        lines.push(conditions.join("; "));
    }
    if !edge.special_care.is_empty() {
        lines.push(format!("special care: {}", edge.special_care.join(", ")));
    }
    lines
}

/// A character that must not reach a label as it is (a control or
/// bidirectional control character), written as a visible escape
/// (`\u{202e}`), which the caller then escapes for its format.
fn visible(c: char) -> String {
    let mut out = String::new();
    escape::Visible::default().push(&mut out, c);
    out
}

/// Escapes a line for a dot double-quoted string: `\` too, so that no dot
/// escape (`\N`, `\G`, `\l`) can be written in a label.
pub(super) fn dot_escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            c if escape::is_hidden(c) => out.push_str(&visible(c).replace('\\', "\\\\")),
            c => out.push(c),
        }
    }
    out
}

pub(super) fn dot_label(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| dot_escape(l))
        .collect::<Vec<_>>()
        .join("\\n")
}

/// The graph in Graphviz dot. Special-care flows are red and bold;
/// cross-border parties are dashed.
pub fn to_dot(graph: &FlowGraph, model: &Model) -> String {
    let title = model
        .policy
        .as_ref()
        .map(|p| p.title.value.as_str())
        .unwrap_or("policy");
    let mut out = String::new();
    out.push_str("digraph lawful {\n");
    out.push_str(&format!("  label=\"{}\";\n", dot_escape(title)));
    out.push_str("  labelloc=t;\n  rankdir=LR;\n");
    out.push_str("  node [fontname=\"Helvetica\", fontsize=10];\n");
    out.push_str("  edge [fontname=\"Helvetica\", fontsize=9];\n");
    for index in graph.graph.node_indices() {
        let node = &graph.graph[index];
        let (shape, mut style) = match node.kind {
            NodeKind::Controller => ("box", "\"rounded,bold\"".to_string()),
            NodeKind::Subject => ("ellipse", "solid".to_string()),
            NodeKind::Source | NodeKind::Method => ("note", "solid".to_string()),
            NodeKind::Party => ("box", "rounded".to_string()),
        };
        if node.cross_border {
            style = "\"rounded,dashed\"".to_string();
        }
        out.push_str(&format!(
            "  {} [label=\"{}\", shape={shape}, style={style}];\n",
            id(index),
            dot_label(&node_lines(node))
        ));
    }
    for edge in graph.graph.edge_references() {
        let Some(weight) = EdgeView::new(graph, model, edge.weight()) else {
            continue;
        };
        let mut attributes = vec![format!("label=\"{}\"", dot_label(&edge_lines(&weight)))];
        if !weight.special_care.is_empty() {
            attributes.push("color=red".to_string());
            attributes.push("fontcolor=red".to_string());
            attributes.push("penwidth=2.5".to_string());
            attributes.push("style=bold".to_string());
        } else if weight.kind == EdgeKind::JointUse {
            attributes.push("style=dashed".to_string());
        }
        out.push_str(&format!(
            "  {} -> {} [{}];\n",
            id(edge.source()),
            id(edge.target()),
            attributes.join(", ")
        ));
    }
    out.push_str("}\n");
    out
}

/// Escapes a line for a Mermaid quoted label: entity codes for everything
/// that could end the label or be read as markup, and for `%`: Mermaid reads
/// `%%{init: ...}%%` as a directive wherever it appears, even inside a
/// quoted label, and a directive can restyle or hide nodes and edges.
pub(super) fn mermaid_escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '%' => out.push_str("#37;"),
            '#' => out.push_str("#35;"),
            '|' => out.push_str("#124;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            '\n' | '\r' => out.push(' '),
            c if escape::is_hidden(c) => out.push_str(&visible(c)),
            c => out.push(c),
        }
    }
    out
}

pub(super) fn mermaid_label(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| mermaid_escape(l))
        .collect::<Vec<_>>()
        .join("<br/>")
}

/// The graph as a Mermaid flowchart. Special-care flows are drawn red and
/// thick (`linkStyle`).
pub fn to_mermaid(graph: &FlowGraph, model: &Model) -> String {
    let mut out = String::from("flowchart LR\n");
    for index in graph.graph.node_indices() {
        let node = &graph.graph[index];
        let label = mermaid_label(&node_lines(node));
        let shape = match node.kind {
            NodeKind::Controller => format!("{}[[\"{label}\"]]", id(index)),
            NodeKind::Subject => format!("{}([\"{label}\"])", id(index)),
            NodeKind::Source | NodeKind::Method => format!("{}[/\"{label}\"/]", id(index)),
            NodeKind::Party => format!("{}[\"{label}\"]", id(index)),
        };
        out.push_str(&format!("  {shape}\n"));
    }
    let mut special = Vec::new();
    for (position, edge) in graph.graph.edge_references().enumerate() {
        let Some(weight) = EdgeView::new(graph, model, edge.weight()) else {
            continue;
        };
        let arrow = if weight.kind == EdgeKind::JointUse {
            "-.->"
        } else {
            "-->"
        };
        out.push_str(&format!(
            "  {} {arrow}|\"{}\"| {}\n",
            id(edge.source()),
            mermaid_label(&edge_lines(&weight)),
            id(edge.target())
        ));
        if !weight.special_care.is_empty() {
            special.push(position.to_string());
        }
    }
    if !special.is_empty() {
        out.push_str(&format!(
            "  linkStyle {} stroke:red,stroke-width:3px\n",
            special.join(",")
        ));
    }
    out
}

#[derive(Serialize)]
struct JsonGraph<'a> {
    nodes: Vec<JsonNode<'a>>,
    edges: Vec<JsonEdge<'a>>,
}

#[derive(Serialize)]
struct JsonNode<'a> {
    id: String,
    #[serde(flatten)]
    node: &'a Node,
}

#[derive(Serialize)]
struct JsonEdge<'a> {
    from: String,
    to: String,
    #[serde(flatten)]
    edge: EdgeView<'a>,
}

/// The graph as JSON: `{ "nodes": [...], "edges": [...] }`, with spans as
/// `{ file, start, end }` byte offsets.
pub fn to_json(graph: &FlowGraph, model: &Model) -> String {
    let json = JsonGraph {
        nodes: graph
            .graph
            .node_indices()
            .map(|i| JsonNode {
                id: id(i),
                node: &graph.graph[i],
            })
            .collect(),
        edges: graph
            .graph
            .edge_references()
            .filter_map(|e| {
                Some(JsonEdge {
                    from: id(e.source()),
                    to: id(e.target()),
                    edge: EdgeView::new(graph, model, e.weight())?,
                })
            })
            .collect(),
    };
    escape::json_pretty(&json, 0).unwrap_or_else(|_| "{}".to_string())
}
