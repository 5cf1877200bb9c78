//! `lawful lsp` on arbitrary client input: after a fixed `initialize` on a
//! small workspace and an opened document, the input is sent as it is
//! (framing and all) when its first byte is even, and as the body of one
//! well-framed message when it is odd. The server must never panic or
//! hang, must end (the input ends), and everything it writes must be
//! framed JSON-RPC.
#![no_main]

use std::io::BufRead;
use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// A workspace of one policy, made once per process.
fn root() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("lawful-fuzz-lsp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a workspace");
        std::fs::write(
            dir.join("main.policy"),
            "policy \"P\" under APPI\ndata email\nsubject members \"Members\"\npurpose p \"P\" { basis contract }\ncollect email from members for p\n",
        )
        .expect("a policy");
        dir.canonicalize().expect("canonical")
    })
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let root = root();
    let uri = lawful::lsp::position::uri_of(&root.join("main.policy"));
    let mut input = Vec::new();
    input.extend(frame(
        serde_json::json!({ "jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
            "processId": null, "rootUri": lawful::lsp::position::uri_of(root), "capabilities": {},
        }})
        .to_string()
        .as_bytes(),
    ));
    input.extend(frame(
        serde_json::json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": { "uri": uri, "languageId": "lawful", "version": 1,
                "text": "data email\ncollect email from members for p\n" },
        }})
        .to_string()
        .as_bytes(),
    ));
    if mode % 2 == 0 {
        input.extend_from_slice(rest);
    } else {
        input.extend(frame(rest));
    }
    let mut output = Vec::new();
    let code = lawful::lsp::serve(&input[..], &mut output);
    assert!(code == 0 || code == 1);
    // What the server wrote is a sequence of framed JSON messages.
    let mut reader = &output[..];
    while !reader.is_empty() {
        let mut header = String::new();
        reader.read_line(&mut header).expect("a header line");
        let length: usize = header
            .strip_prefix("Content-Length: ")
            .and_then(|n| n.trim_end().parse().ok())
            .expect("a Content-Length header");
        let mut blank = String::new();
        reader.read_line(&mut blank).expect("the blank line");
        assert_eq!(blank, "\r\n");
        let (body, after) = reader.split_at(length);
        let message: serde_json::Value = serde_json::from_slice(body).expect("JSON");
        assert_eq!(message["jsonrpc"], "2.0");
        reader = after;
    }
});
