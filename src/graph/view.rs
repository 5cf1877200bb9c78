//! Views of the graph a person can read (`lawful graph --view`, `--focus`).
//!
//! Where the full view ([`super::to_dot`]) draws one edge per flow
//! statement and each `use` as a self-loop, a view draws one edge per
//! (from, to, kind), labelled with how many items and purposes it carries
//! (the names are in its tooltip), shows uses on the holder's node, groups
//! parties by role in clusters, marks special-care and cross-border edges,
//! and ends with a legend:
//!
//! - `flows` (the default): everyone data comes from or goes to;
//! - `parties`: the controller and the parties only, what passes between
//!   them;
//! - `purposes`: which holder uses data for which purpose.
//!
//! `--focus NAME` keeps only what touches an item, a purpose, a party, a
//! subject or a source. Labels are escaped by the same functions as the
//! full view's (module `render`). Building a view is linear in the flows
//! times their items and purposes.

use std::collections::{BTreeMap, BTreeSet};

use petgraph::graph::NodeIndex;

use super::render::{dot_escape, dot_label, id, mermaid_escape, mermaid_label};
use super::{EdgeKind, FlowGraph, Node, NodeKind};
use crate::ast::Role;
use crate::resolve::Model;

/// Which view to draw.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    #[default]
    Flows,
    Parties,
    Purposes,
    /// Every flow statement as its own edge: [`super::to_dot`].
    Full,
}

/// The longest edge label drawn: counts, never names.
pub const MAX_LABEL: usize = 60;
/// Node labels are wrapped at this many characters.
const WRAP: usize = 28;
/// A tooltip lists at most this many names of each kind.
const MAX_NAMES: usize = 40;

/// A box: a holder, a subject, a source, or a purpose (in `purposes`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Node(NodeIndex),
    Purpose(usize),
}

#[derive(Default)]
struct Edge<'m> {
    items: BTreeSet<&'m str>,
    purposes: BTreeSet<&'m str>,
    special_care: bool,
    cross_border: bool,
}

#[derive(Default)]
struct Uses<'m> {
    items: BTreeSet<&'m str>,
    purposes: BTreeSet<&'m str>,
}

/// A view, ready to print.
struct Drawn<'m> {
    title: String,
    nodes: BTreeSet<Key>,
    edges: BTreeMap<(Key, Key, EdgeKind), Edge<'m>>,
    uses: BTreeMap<NodeIndex, Uses<'m>>,
}

/// What `--focus` names.
enum Focus<'a> {
    All,
    Node(NodeIndex),
    Item(&'a str),
    Purpose(&'a str),
}

fn focus<'a>(graph: &FlowGraph, model: &Model, name: Option<&'a str>) -> Result<Focus<'a>, String> {
    let Some(name) = name else {
        return Ok(Focus::All);
    };
    if let Some(node) = graph.find(name) {
        return Ok(Focus::Node(node));
    }
    if model.data_item(name).is_some() {
        return Ok(Focus::Item(name));
    }
    if model.purpose_id(name).is_some() {
        return Ok(Focus::Purpose(name));
    }
    use crate::resolve::{Suggester, SymbolKind};
    let kinds = [
        SymbolKind::Data,
        SymbolKind::Purpose,
        SymbolKind::Party,
        SymbolKind::Controller,
        SymbolKind::Subject,
        SymbolKind::Source,
    ];
    let hint = match Suggester::new(model).closest(name, &kinds) {
        Some(close) => format!(
            " (did you mean `{}`?)",
            crate::render::escape::terminal(close)
        ),
        None => String::new(),
    };
    Err(format!(
        "`{}` is not an item, purpose, party, subject or source of the policy{hint}",
        crate::render::escape::terminal(name)
    ))
}

fn build<'m>(graph: &'m FlowGraph, model: &'m Model, view: View, focus: &Focus) -> Drawn<'m> {
    let title = model
        .policy
        .as_ref()
        .map_or_else(|| "policy".to_string(), |p| p.title.value.to_string());
    let mut drawn = Drawn {
        title,
        nodes: BTreeSet::new(),
        edges: BTreeMap::new(),
        uses: BTreeMap::new(),
    };
    let holder = |n: NodeIndex| {
        graph
            .node(n)
            .is_some_and(|n| matches!(n.kind, NodeKind::Controller | NodeKind::Party))
    };
    for flow in &graph.flows {
        let items: Vec<&str> = flow.item_names(model).collect();
        let purposes: Vec<&str> = flow.purpose_names(model).collect();
        let touches_flow = match focus {
            Focus::All | Focus::Node(_) => true,
            Focus::Item(name) => items.contains(name),
            Focus::Purpose(name) => purposes.contains(name),
        };
        if !touches_flow {
            continue;
        }
        let special = flow.has_special_care(model);
        if view == View::Purposes {
            if !holder(flow.to) || matches!(focus, Focus::Node(n) if *n != flow.to) {
                continue;
            }
            for p in flow.purpose_ids() {
                if matches!(focus, Focus::Purpose(name) if model.purpose_name(p) != *name) {
                    continue;
                }
                let edge = drawn
                    .edges
                    .entry((Key::Node(flow.to), Key::Purpose(p), EdgeKind::Use))
                    .or_default();
                edge.items.extend(&items);
                edge.special_care |= special;
                drawn.nodes.insert(Key::Node(flow.to));
                drawn.nodes.insert(Key::Purpose(p));
            }
            continue;
        }
        if flow.kind == EdgeKind::Use {
            if matches!(focus, Focus::Node(n) if *n != flow.to) {
                continue;
            }
            let uses = drawn.uses.entry(flow.to).or_default();
            uses.items.extend(&items);
            uses.purposes.extend(&purposes);
            drawn.nodes.insert(Key::Node(flow.to));
            continue;
        }
        let cross_border = graph.node(flow.to).is_some_and(|n| n.cross_border);
        for from in flow.from() {
            if from == flow.to {
                continue;
            }
            if view == View::Parties && !(holder(from) && holder(flow.to)) {
                continue;
            }
            if matches!(focus, Focus::Node(n) if *n != from && *n != flow.to) {
                continue;
            }
            let edge = drawn
                .edges
                .entry((Key::Node(from), Key::Node(flow.to), flow.kind))
                .or_default();
            edge.items.extend(&items);
            edge.purposes.extend(&purposes);
            edge.special_care |= special;
            edge.cross_border |= cross_border;
            drawn.nodes.insert(Key::Node(from));
            drawn.nodes.insert(Key::Node(flow.to));
        }
    }
    if let Focus::Node(n) = focus {
        drawn.nodes.insert(Key::Node(*n));
    }
    drawn
}

/// "provide: 12 items, 10 purposes, special care": what an edge carries,
/// in counts, at most [`MAX_LABEL`] characters.
fn edge_label(kind: EdgeKind, edge: &Edge, view: View) -> String {
    let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let mut parts = vec![count(edge.items.len(), "item")];
    if view != View::Purposes {
        parts.push(count(edge.purposes.len(), "purpose"));
    }
    if edge.special_care {
        parts.push("special care".to_string());
    }
    if edge.cross_border {
        parts.push("abroad".to_string());
    }
    let head = if view == View::Purposes {
        "uses"
    } else {
        kind.keyword()
    };
    let mut label = format!("{head}: {}", parts.join(", "));
    if label.chars().count() > MAX_LABEL {
        label = label.chars().take(MAX_LABEL - 1).collect::<String>() + "…";
    }
    label
}

/// "items: a, b; purposes: x, y", one line each, at most [`MAX_NAMES`] names.
fn names_lines(items: &BTreeSet<&str>, purposes: &BTreeSet<&str>) -> Vec<String> {
    let list = |what: &str, names: &BTreeSet<&str>| {
        let shown: Vec<&str> = names.iter().copied().take(MAX_NAMES).collect();
        let more = names.len().saturating_sub(MAX_NAMES);
        let mut line = format!("{what}: {}", shown.join(", "));
        if more > 0 {
            line.push_str(&format!(" and {more} more"));
        }
        line
    };
    let mut lines = Vec::new();
    if !items.is_empty() {
        lines.push(list("items", items));
    }
    if !purposes.is_empty() {
        lines.push(list("purposes", purposes));
    }
    lines
}

/// Splits a label into lines of at most [`WRAP`] characters, at spaces.
fn wrap(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > WRAP {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The cluster a node is drawn in, and the cluster's title.
fn cluster(node: &Node) -> (&'static str, &'static str) {
    match (node.kind, node.role) {
        (NodeKind::Controller, _) => ("controller", "Us (the controller)"),
        (NodeKind::Subject, _) => ("subjects", "People the data is about"),
        (NodeKind::Source | NodeKind::Method, _) => ("sources", "Other sources and methods"),
        (NodeKind::Party, Some(Role::Processor)) => ("processors", "Processors (outsourcing)"),
        (NodeKind::Party, Some(Role::ThirdParty)) => ("third_parties", "Third parties"),
        (NodeKind::Party, Some(Role::JointUsers)) => ("joint_users", "Joint users"),
        (NodeKind::Party, Some(Role::EntrustingCompany)) => {
            ("entrusting", "Companies that entrust data to us")
        }
        (NodeKind::Party, Some(Role::Authority)) => ("authorities", "Authorities"),
        (NodeKind::Party, Some(Role::ProtectionOrganization)) => {
            ("organizations", "Protection organizations")
        }
        (NodeKind::Party, None) => ("parties", "Other parties"),
    }
}

/// A node's label lines: its name in words, wrapped, its country, and
/// what its holder uses.
fn node_text(node: &Node, uses: Option<&Uses>) -> (Vec<String>, Vec<String>) {
    let shown = if node.label.is_empty() {
        &node.name
    } else {
        &node.label
    };
    let mut lines = wrap(shown);
    if lines.len() > 3 {
        lines.truncate(3);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    if !node.name.is_empty() && node.name != *shown {
        lines.push(format!("[{}]", node.name));
    }
    if let Some(country) = &node.country {
        lines.push(format!(
            "{country}{}",
            if node.cross_border { ", abroad" } else { "" }
        ));
    }
    let mut tooltip = vec![shown.to_string()];
    if let Some(uses) = uses {
        lines.push(format!(
            "uses {} item{} for {} purpose{}",
            uses.items.len(),
            if uses.items.len() == 1 { "" } else { "s" },
            uses.purposes.len(),
            if uses.purposes.len() == 1 { "" } else { "s" }
        ));
        tooltip.push("uses:".to_string());
        tooltip.extend(names_lines(&uses.items, &uses.purposes));
    }
    (lines, tooltip)
}

/// A purpose's text, as the policy states it.
fn purpose_text(model: &Model, purpose: usize) -> String {
    model
        .purposes
        .get(purpose)
        .map_or_else(String::new, |p| p.text.value.to_string())
}

fn key_id(key: Key) -> String {
    match key {
        Key::Node(n) => id(n),
        Key::Purpose(p) => format!("p{p}"),
    }
}

/// A view in Graphviz dot; `Err` names an unknown `focus`.
pub fn view_dot(
    graph: &FlowGraph,
    model: &Model,
    view: View,
    focus_on: Option<&str>,
) -> Result<String, String> {
    if view == View::Full && focus_on.is_none() {
        return Ok(super::to_dot(graph, model));
    }
    let focused = focus(graph, model, focus_on)?;
    let view = if view == View::Full {
        View::Flows
    } else {
        view
    };
    let drawn = build(graph, model, view, &focused);
    let mut out = String::from("digraph lawful {\n");
    let mut title = drawn.title.clone();
    if let Some(name) = focus_on {
        title.push_str(&format!(" — only what touches {name}"));
    }
    out.push_str(&format!("  label=\"{}\";\n", dot_escape(&title)));
    out.push_str("  labelloc=t;\n  fontname=\"Helvetica\";\n  rankdir=LR;\n  nodesep=0.25;\n  ranksep=0.6;\n");
    out.push_str("  node [fontname=\"Helvetica\", fontsize=10, shape=box, style=rounded];\n");
    out.push_str(
        "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\", fontcolor=\"#333333\"];\n",
    );
    // Nodes, cluster by cluster, in a fixed order.
    let mut clusters: BTreeMap<(u8, &str, &str), Vec<String>> = BTreeMap::new();
    for &key in &drawn.nodes {
        match key {
            Key::Node(n) => {
                let Some(node) = graph.node(n) else { continue };
                let (name, title) = cluster(node);
                let order = match node.kind {
                    NodeKind::Subject | NodeKind::Source | NodeKind::Method => 0,
                    NodeKind::Controller => 1,
                    NodeKind::Party if node.role == Some(Role::EntrustingCompany) => 0,
                    NodeKind::Party => 2,
                };
                let (lines, tooltip) = node_text(node, drawn.uses.get(&n));
                let shape = match node.kind {
                    NodeKind::Controller => {
                        "shape=box, style=\"rounded,bold,filled\", fillcolor=\"#eef3fb\""
                    }
                    NodeKind::Subject => "shape=ellipse, style=solid",
                    NodeKind::Source | NodeKind::Method => "shape=note, style=solid",
                    NodeKind::Party if node.cross_border => "shape=box, style=\"rounded,dashed\"",
                    NodeKind::Party => "shape=box, style=rounded",
                };
                clusters
                    .entry((order, name, title))
                    .or_default()
                    .push(format!(
                        "{} [label=\"{}\", tooltip=\"{}\", {shape}];",
                        id(n),
                        dot_label(&lines),
                        dot_label(&tooltip)
                    ));
            }
            Key::Purpose(p) => {
                let text = purpose_text(model, p);
                clusters
                    .entry((3, "purposes", "Purposes"))
                    .or_default()
                    .push(format!(
                        "p{p} [label=\"{}\", tooltip=\"{}\", shape=box, style=\"filled\", fillcolor=\"#f6f6f6\"];",
                        dot_label(&wrap(&text).into_iter().take(3).collect::<Vec<_>>()),
                        dot_escape(&text)
                    ));
            }
        }
    }
    for ((_, name, title), nodes) in &clusters {
        out.push_str(&format!(
            "  subgraph cluster_{name} {{\n    label=\"{}\";\n    style=\"rounded\";\n    color=\"#bbbbbb\";\n",
            dot_escape(title)
        ));
        for node in nodes {
            out.push_str(&format!("    {node}\n"));
        }
        out.push_str("  }\n");
    }
    for (&(from, to, kind), edge) in &drawn.edges {
        let mut attributes = vec![
            format!("label=\"{}\"", dot_escape(&edge_label(kind, edge, view))),
            format!(
                "tooltip=\"{}\"",
                dot_label(&names_lines(&edge.items, &edge.purposes))
            ),
        ];
        if edge.special_care {
            attributes.push("color=\"#c00000\", fontcolor=\"#c00000\", penwidth=2".to_string());
        }
        if edge.cross_border {
            attributes.push("style=dashed".to_string());
        } else if kind == EdgeKind::JointUse {
            attributes.push("style=dotted".to_string());
        }
        out.push_str(&format!(
            "  {} -> {} [{}];\n",
            key_id(from),
            key_id(to),
            attributes.join(", ")
        ));
    }
    out.push_str(LEGEND);
    out.push_str("}\n");
    Ok(out)
}

/// What the marks mean, in a box of its own.
const LEGEND: &str = "  subgraph cluster_legend {
    label=\"Legend\";
    style=\"rounded\";
    color=\"#bbbbbb\";
    fontsize=10;
    legend [shape=plaintext, fontsize=9, label=<<TABLE BORDER=\"0\" CELLSPACING=\"2\">
      <TR><TD ALIGN=\"LEFT\"><FONT COLOR=\"#555555\">———</FONT> a flow: how many items and purposes (hover for names)</TD></TR>
      <TR><TD ALIGN=\"LEFT\"><FONT COLOR=\"#c00000\"><B>———</B></FONT> carries special-care data</TD></TR>
      <TR><TD ALIGN=\"LEFT\">- - - to a party abroad (cross-border)</TD></TR>
      <TR><TD ALIGN=\"LEFT\">· · · joint use</TD></TR>
      <TR><TD ALIGN=\"LEFT\">“uses N items” on a box: what that holder uses itself</TD></TR>
    </TABLE>>];
  }
";

/// A view as a Mermaid flowchart; `Err` names an unknown `focus`.
pub fn view_mermaid(
    graph: &FlowGraph,
    model: &Model,
    view: View,
    focus_on: Option<&str>,
) -> Result<String, String> {
    if view == View::Full && focus_on.is_none() {
        return Ok(super::to_mermaid(graph, model));
    }
    let focused = focus(graph, model, focus_on)?;
    let view = if view == View::Full {
        View::Flows
    } else {
        view
    };
    let drawn = build(graph, model, view, &focused);
    let mut out = String::from("flowchart LR\n");
    let mut clusters: BTreeMap<(&str, &str), Vec<String>> = BTreeMap::new();
    for &key in &drawn.nodes {
        match key {
            Key::Node(n) => {
                let Some(node) = graph.node(n) else { continue };
                let (lines, _) = node_text(node, drawn.uses.get(&n));
                clusters.entry(cluster(node)).or_default().push(format!(
                    "{}[\"{}\"]",
                    id(n),
                    mermaid_label(&lines)
                ));
            }
            Key::Purpose(p) => {
                let text = purpose_text(model, p);
                clusters
                    .entry(("purposes", "Purposes"))
                    .or_default()
                    .push(format!("p{p}[\"{}\"]", mermaid_escape(&text)));
            }
        }
    }
    for ((name, title), nodes) in &clusters {
        out.push_str(&format!(
            "  subgraph {name} [\"{}\"]\n",
            mermaid_escape(title)
        ));
        for node in nodes {
            out.push_str(&format!("    {node}\n"));
        }
        out.push_str("  end\n");
    }
    let mut special = Vec::new();
    for (position, (&(from, to, kind), edge)) in drawn.edges.iter().enumerate() {
        let arrow = if edge.cross_border || kind == EdgeKind::JointUse {
            "-.->"
        } else {
            "-->"
        };
        out.push_str(&format!(
            "  {} {arrow}|\"{}\"| {}\n",
            key_id(from),
            mermaid_escape(&edge_label(kind, edge, view)),
            key_id(to)
        ));
        if edge.special_care {
            special.push(position.to_string());
        }
    }
    if !special.is_empty() {
        out.push_str(&format!(
            "  linkStyle {} stroke:#c00000,stroke-width:3px\n",
            special.join(",")
        ));
    }
    Ok(out)
}
