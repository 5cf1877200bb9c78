//! Purpose propagation and special-care marking.

use super::*;
use crate::check_source;

fn compile(text: &str) -> (Model, FlowGraph) {
    let mut report = check_source("test.policy", text);
    let compiled = report.compiled.remove(0);
    (compiled.model, compiled.graph)
}

fn node(graph: &FlowGraph, name: &str) -> NodeIndex {
    graph
        .find(name)
        .unwrap_or_else(|| panic!("no node `{name}`"))
}

fn item(model: &Model, name: &str) -> DataId {
    model
        .data_id(name)
        .unwrap_or_else(|| panic!("no data item `{name}`"))
}

fn purpose(model: &Model, name: &str) -> PurposeId {
    model
        .purpose_id(name)
        .unwrap_or_else(|| panic!("no purpose `{name}`"))
}

fn purposes(model: &Model, graph: &FlowGraph, holder: &str, name: &str) -> Vec<String> {
    graph
        .holdings
        .grants(node(graph, holder), item(model, name))
        .map(|g| {
            g.purposes()
                .map(|p| model.purpose_name(p).to_string())
                .collect()
        })
        .unwrap_or_default()
}

const CHAIN: &str = r#"
policy "Chain" under APPI
controller shop "Shop K.K."
data email "E-mail", health "Health" : special care
subject customers "Customers"
party mailer "Mailer" as processor
party printer "Printer" as processor
purpose orders "To fulfil orders"
purpose receipts "To send receipts" { within orders }
purpose ads "To advertise"
collect email, health from customers for orders with consent
outsource email to mailer for receipts
outsource email from mailer to printer for receipts
use email for receipts by printer
use email for ads by printer
"#;

#[test]
fn purposes_propagate_along_the_path() {
    let (model, graph) = compile(CHAIN);
    assert_eq!(purposes(&model, &graph, "shop", "email"), ["orders"]);
    assert_eq!(purposes(&model, &graph, "mailer", "email"), ["receipts"]);
    assert_eq!(purposes(&model, &graph, "printer", "email"), ["receipts"]);
    let health = item(&model, "health");
    assert!(!graph.holdings.holds(node(&graph, "mailer"), health));
    // The printer's email came from the mailer, which got it from the shop.
    let email = item(&model, "email");
    let path = graph.holdings.path(node(&graph, "printer"), email, None);
    let kinds: Vec<EdgeKind> = path.iter().map(|&f| graph.flows[f].kind).collect();
    assert_eq!(
        kinds,
        [EdgeKind::Collect, EdgeKind::Outsource, EdgeKind::Outsource]
    );
}

#[test]
fn within_allows_the_narrower_purpose_transitively() {
    let (model, graph) = compile(CHAIN);
    let shop = node(&graph, "shop");
    let printer = node(&graph, "printer");
    let email = item(&model, "email");
    let [orders, receipts, ads] = ["orders", "receipts", "ads"].map(|p| purpose(&model, p));
    // `receipts` is within `orders`, which the shop collected email for.
    assert_eq!(graph.holdings.allowing(shop, email, receipts), Some(orders));
    assert_eq!(
        graph.holdings.allowing(printer, email, receipts),
        Some(receipts)
    );
    assert_eq!(graph.holdings.allowing(printer, email, ads), None);
    assert_eq!(graph.holdings.allowing(printer, email, orders), None);
}

#[test]
fn the_rules_report_the_offending_hop_once() {
    let report = check_source("test.policy", CHAIN);
    let codes: Vec<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == crate::Code::PurposeNotDeclared)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        codes,
        ["`email` is used by `printer` for `ads`, a purpose it was not received for"]
    );
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code == crate::Code::PurposeNotDeclared)
        .unwrap();
    // primary + collect + outsource + onward outsource
    assert_eq!(d.labels.len(), 4);
}

#[test]
fn an_ungrounded_hop_does_not_ground_later_hops() {
    let (model, graph) = compile(
        r#"
policy "Cycle" under APPI
data email "E-mail"
subject customers "Customers"
party a "A" as processor
party b "B" as processor
purpose orders "To fulfil orders"
purpose ads "To advertise"
collect email from customers for orders
outsource email from a to b for ads
outsource email from b to a for ads
"#,
    );
    let a = node(&graph, "a");
    let grants = graph.holdings.grants(a, item(&model, "email")).unwrap();
    assert!(grants.values().all(|g| !g.grounded()));
}

#[test]
fn special_care_items_are_marked_on_flows_and_edges() {
    let (model, graph) = compile(CHAIN);
    let collect = &graph.flows[0];
    let special: Vec<&str> = collect.special_care(&model).collect();
    assert_eq!(special, ["health"]);
    let edge = &graph.graph[collect.edges().next().unwrap()];
    let special: Vec<&str> = graph.flows[edge.flow()].special_care(&model).collect();
    assert_eq!(special, ["health"]);
    assert!(!graph.flows[1].has_special_care(&model));
    let dot = to_dot(&graph, &model);
    assert_eq!(dot.matches("penwidth=2.5").count(), 1);
}

#[test]
fn joint_use_draws_its_acquisition_and_its_sharing() {
    let (model, graph) = compile(
        r#"
policy "Group" under APPI
controller shop "Shop K.K."
data name "Name", secret "Secret"
party group "Group companies" as joint users
method web "Web form"
purpose service "To provide the service"
joint use shared {
  items name, secret except secret
  users group
  purposes service
  acquired via web
}
"#,
    );
    let group = node(&graph, "group");
    assert_eq!(purposes(&model, &graph, "group", "name"), ["service"]);
    assert!(!graph.holdings.holds(group, item(&model, "secret")));
    let kinds: Vec<EdgeKind> = graph.flows.iter().map(|f| f.kind).collect();
    assert_eq!(kinds, [EdgeKind::Collect, EdgeKind::JointUse]);
    assert!(graph.flows[1].has_acquisition());
    assert_eq!(graph.flows[0].origin(), Origin::JointAcquisition(0));
}

#[test]
fn renderings_are_escaped_and_deterministic() {
    let text = r#"
policy "Quote \" and \\ back" under APPI
controller shop "Shop \"Ltd\" <b>|#"
data email "E-mail"
subject customers "Customers; -> [x]"
purpose orders "To fulfil orders"
collect email from customers for orders
"#;
    let (model, graph) = compile(text);
    let dot = to_dot(&graph, &model);
    assert!(dot.contains(r#"Shop \"Ltd\" <b>|#"#), "{dot}");
    let mermaid = to_mermaid(&graph, &model);
    assert!(
        mermaid.contains("Shop #quot;Ltd#quot; #lt;b#gt;#124;#35;"),
        "{mermaid}"
    );
    let json = to_json(&graph, &model);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["edges"][0]["kind"], "collect");
    let (model2, graph2) = compile(text);
    assert_eq!(to_dot(&graph2, &model2), dot);
    assert_eq!(to_mermaid(&graph2, &model2), mermaid);
    assert_eq!(to_json(&graph2, &model2), json);
}

#[test]
fn cross_border_needs_both_countries() {
    let (_, graph) = compile(
        r#"
policy "Abroad" under APPI
controller shop "Shop" { country "JP" }
party us "US Inc." as processor { country "US" }
party jp "JP K.K." as processor { country " jp" }
party unknown "Somewhere" as processor
"#,
    );
    assert!(graph.node(node(&graph, "us")).unwrap().cross_border);
    assert!(!graph.node(node(&graph, "jp")).unwrap().cross_border);
    assert!(!graph.node(node(&graph, "unknown")).unwrap().cross_border);
}

/// A large policy has one flow and one edge per statement, held for the
/// whole check: a flow is a row of `u32` ids pointing at its declaration
/// (its items, purposes and senders one block of them) with a bit for each
/// clause of its first line (232 bytes before, then 144, 128, 64; an edge
/// was 16; docs/performance.md "Sixth round").
#[test]
fn flows_and_edges_are_small() {
    assert!(
        std::mem::size_of::<super::Flow>() <= 48,
        "Flow is {} bytes",
        std::mem::size_of::<super::Flow>()
    );
    assert!(
        std::mem::size_of::<super::Edge>() <= 8,
        "Edge is {} bytes",
        std::mem::size_of::<super::Edge>()
    );
}
