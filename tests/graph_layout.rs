//! The seed's default graph as Graphviz lays it out (`dot -Tjson`): at most
//! 2,000 px wide at Graphviz's 96 dpi, no edge label longer than 60
//! characters, no edge from a node to itself. Graphviz is required when
//! LAWFUL_REQUIRE_DOT is set (.ci/run sets it and installs Graphviz).

use std::io::Write;
use std::process::{Command, Stdio};

/// The width limit, in pixels at 96 dpi.
const MAX_WIDTH_PX: f64 = 2000.0;

fn seed_graph(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_lawful"))
        .args(["graph", "policies/jcom.policy", "--format", "dot"])
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    String::from_utf8(output.stdout).unwrap()
}

/// `dot -Tjson` of `source`, or `None` when Graphviz is not installed and
/// not required.
fn layout(source: &str) -> Option<serde_json::Value> {
    let required = std::env::var_os("LAWFUL_REQUIRE_DOT").is_some();
    let Ok(mut child) = Command::new("dot")
        .arg("-Tjson")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    else {
        assert!(
            !required,
            "Graphviz `dot` is required (LAWFUL_REQUIRE_DOT) but not installed"
        );
        eprintln!(
            "Graphviz `dot` is not installed: the layout is not checked here (.ci/run installs it)"
        );
        return None;
    };
    child
        .stdin
        .take()
        .unwrap()
        .write_all(source.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "dot failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(serde_json::from_slice(&output.stdout).expect("dot -Tjson output parses"))
}

/// The drawing's width in pixels: `bb` is "llx,lly,urx,ury" in points.
fn width_px(json: &serde_json::Value) -> f64 {
    let bb: Vec<f64> = json["bb"]
        .as_str()
        .expect("a bounding box")
        .split(',')
        .map(|n| n.parse().unwrap())
        .collect();
    (bb[2] - bb[0]) * 96.0 / 72.0
}

fn check(json: &serde_json::Value, what: &str) {
    let width = width_px(json);
    assert!(width <= MAX_WIDTH_PX, "{what}: {width:.0} px wide");
    let edges = json["edges"].as_array().expect("edges");
    assert!(!edges.is_empty(), "{what}: no edge");
    for edge in edges {
        assert_ne!(edge["tail"], edge["head"], "{what}: a self-loop: {edge}");
        let label = edge["label"].as_str().unwrap_or("");
        assert!(
            label.chars().count() <= 60,
            "{what}: a label of {} characters: {label}",
            label.chars().count()
        );
    }
}

#[test]
fn the_seed_default_graph_is_readable() {
    let Some(json) = layout(&seed_graph(&[])) else {
        return;
    };
    check(&json, "the default view");
    // The full view is what the issue measured: wider than the limit, with
    // self-loops. If it ever fits, this test no longer shows anything.
    let full = layout(&seed_graph(&["--view", "full"])).unwrap();
    assert!(width_px(&full) > MAX_WIDTH_PX);
    let loops = full["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["tail"] == e["head"])
        .count();
    assert!(loops > 0);
}

#[test]
fn the_other_views_are_readable_too() {
    for view in ["parties", "purposes"] {
        let Some(json) = layout(&seed_graph(&["--view", view])) else {
            return;
        };
        check(&json, view);
    }
}
