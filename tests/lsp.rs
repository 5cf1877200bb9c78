//! `lawful lsp` driven as an editor drives it: the real binary, JSON-RPC
//! over stdio, every read bounded in time so that a hang fails the test.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(30);

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    /// Notifications received while waiting for something else.
    backlog: Vec<Value>,
    next_id: i64,
}

fn file_uri(path: &Path) -> String {
    let mut text = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            text.push(byte as char);
        } else {
            text.push_str(&format!("%{byte:02X}"));
        }
    }
    text
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_lawful"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("lawful lsp starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, messages) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let value: Value = serde_json::from_slice(&body).expect("the server sends JSON");
                if sender.send(value).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            backlog: Vec::new(),
            next_id: 1,
        }
    }

    /// Starts a server on `root` and initializes it.
    fn initialized(root: &Path, encodings: &[&str]) -> (Client, Value) {
        let mut client = Client::start();
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": file_uri(root),
                "capabilities": { "general": { "positionEncodings": encodings } },
            }),
        );
        client.notify("initialized", json!({}));
        (client, result)
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).expect("the server reads");
        self.stdin.flush().expect("the server reads");
    }

    fn send(&mut self, message: Value) {
        let text = message.to_string();
        self.send_raw(format!("Content-Length: {}\r\n\r\n{text}", text.len()).as_bytes());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn next(&mut self, deadline: Instant) -> Value {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.messages.recv_timeout(left) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => panic!("the server did not answer in time"),
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
        }
    }

    /// The response to the message with this id (its whole object).
    fn response(&mut self, id: &Value) -> Value {
        let deadline = Instant::now() + WAIT;
        loop {
            let message = self.next(deadline);
            if message.get("id") == Some(id) && message.get("method").is_none() {
                return message;
            }
            self.backlog.push(message);
        }
    }

    /// Sends a request and returns its whole response.
    fn call(&mut self, method: &str, params: Value) -> Value {
        let id = json!(self.next_id);
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.response(&id)
    }

    /// Sends a request and returns its result, failing on an error.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.call(method, params);
        assert!(response.get("error").is_none(), "{method}: {response}");
        response["result"].clone()
    }

    /// The error code and message of a request that must fail.
    fn error(&mut self, method: &str, params: Value) -> (i64, String) {
        let response = self.call(method, params);
        let error = &response["error"];
        assert!(error.is_object(), "{method} should fail: {response}");
        (
            error["code"].as_i64().expect("a code"),
            error["message"].as_str().expect("a message").to_string(),
        )
    }

    /// Waits for a notification that `accept` accepts, and returns it.
    fn notification(&mut self, method: &str, accept: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self
            .backlog
            .iter()
            .position(|m| m["method"] == method && accept(&m["params"]))
        {
            return self.backlog.remove(i)["params"].clone();
        }
        let deadline = Instant::now() + WAIT;
        loop {
            let message = self.next(deadline);
            if message["method"] == method && accept(&message["params"]) {
                return message["params"].clone();
            }
            self.backlog.push(message);
        }
    }

    /// The diagnostics of `uri` once they are what `accept` accepts. The
    /// server publishes a file's diagnostics only when they change, and
    /// may check several edits at once: only the latest publication
    /// counts, older ones are dropped.
    fn diagnostics(&mut self, uri: &str, accept: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let for_uri = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        };
        let list = |m: &Value| {
            m["params"]["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        };
        if let Some(last) = self.backlog.iter().rposition(for_uri) {
            let latest = self.backlog.remove(last);
            self.backlog.retain(|m| !for_uri(m));
            if accept(&list(&latest)) {
                return list(&latest);
            }
        }
        let deadline = Instant::now() + WAIT;
        loop {
            let message = self.next(deadline);
            if !for_uri(&message) {
                self.backlog.push(message);
            } else if accept(&list(&message)) {
                return list(&message);
            }
        }
    }

    /// Asks the server to stop and returns its exit code.
    fn shutdown(mut self) -> i32 {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().expect("the server can be waited for") {
                return status.code().expect("exited normally, not by a signal");
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn has_code(diagnostics: &[Value], code: &str) -> bool {
    diagnostics.iter().any(|d| d["code"] == code)
}

/// The UTF-16 position of the `nth` occurrence (from 0) of `needle`.
fn position_of(text: &str, needle: &str, nth: usize) -> Value {
    let offset = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` occurs"))
        .0;
    let line_start = text[..offset].rfind('\n').map_or(0, |n| n + 1);
    json!({
        "line": text[..offset].matches('\n').count(),
        "character": text[line_start..offset].encode_utf16().count(),
    })
}

const DEFINITIONS: &str = "\
data email \"E-mail address\", name \"Name\"
subject members \"“Members” of the library\"
purpose lending \"To lend books\" {
  basis contract
  retain until purpose achieved
}
";

const MAIN: &str = "\
policy \"Northwind “Library”\" under APPI

import \"definitions.policy\"

controller northwind \"Northwind Library Co., Ltd.\" {
  address \"1-2-3 Example-cho, Chiyoda-ku, Tokyo\"
  representative \"Hanako Example\"
}

subject past \"“Past” members\" treated as members
collect email, name from members, past for lending
";

fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("definitions.policy"), DEFINITIONS).expect("written");
    std::fs::write(dir.path().join("main.policy"), MAIN).expect("written");
    let root = dir.path().canonicalize().expect("canonical");
    (dir, root)
}

#[test]
fn an_editing_session() {
    let (_dir, root) = workspace();
    let (mut client, init) = Client::initialized(&root, &[]);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["serverInfo"]["name"], "lawful");
    let main = file_uri(&root.join("main.policy"));
    let definitions = file_uri(&root.join("definitions.policy"));
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": main, "languageId": "lawful", "version": 1, "text": MAIN } }),
    );
    let before = client.diagnostics(&main, |_| true);
    assert!(!has_code(&before, "L002"), "{before:?}");

    // A change that introduces an error: a misspelt purpose.
    let typo = MAIN.replace("for lending", "for lendng");
    let at = position_of(MAIN, "lending", 0);
    let end = json!({ "line": at["line"], "character": at["character"].as_u64().unwrap() + 7 });
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": main, "version": 2 },
            "contentChanges": [{ "range": { "start": at, "end": end }, "text": "lendng" }],
        }),
    );
    let broken = client.diagnostics(&main, |d| has_code(d, "L002"));
    let error = broken.iter().find(|d| d["code"] == "L002").unwrap();
    assert_eq!(error["severity"], 1);
    assert_eq!(error["range"]["start"], at);
    assert_eq!(error["source"], "lawful");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("`lendng` is not defined")
    );
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("help: did you mean `lending`?")
    );
    assert_eq!(
        error["codeDescription"]["href"],
        "https://lawful.invalid/rules/undefined-reference"
    );
    // The secondary label, in the imported file, is related information.
    let related = &error["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], definitions);
    assert_eq!(related["message"], "`lending` is defined here");

    // The did-you-mean is a quick fix.
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": main },
            "range": error["range"],
            "context": { "diagnostics": [error] },
        }),
    );
    let fix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Replace with `lending`")
        .unwrap_or_else(|| panic!("a did-you-mean fix in {actions}"));
    assert_eq!(fix["edit"]["changes"][&main][0]["newText"], "lending");
    assert!(actions.as_array().unwrap().iter().any(|a| {
        a["title"]
            .as_str()
            .unwrap()
            .starts_with("Suppress `undefined-reference`")
    }));

    // A change that fixes it, sent whole.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": main, "version": 3 },
            "contentChanges": [{ "text": MAIN }],
        }),
    );
    let fixed = client.diagnostics(&main, |d| !has_code(d, "L002"));
    assert_eq!(fixed, before);
    assert!(!typo.is_empty());

    // Hover on a name after “curly quotes” on the same line: UTF-16
    // columns.
    let members = position_of(MAIN, "members", 1);
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": main }, "position": members }),
    );
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(shown.contains("a data subject `members`"), "{shown}");
    assert!(shown.contains("definitions.policy"), "{shown}");
    assert!(
        shown.contains("subject members \"“Members” of the library\""),
        "{shown}"
    );
    assert_eq!(hover["range"]["start"], members);

    // Definition across the import.
    let lending = position_of(MAIN, "lending", 0);
    let definition = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": main }, "position": lending }),
    );
    assert_eq!(definition["uri"], definitions);
    assert_eq!(
        definition["range"]["start"],
        position_of(DEFINITIONS, "lending", 0)
    );

    let references = client.request(
        "textDocument/references",
        json!({
            "textDocument": { "uri": main },
            "position": lending,
            "context": { "includeDeclaration": true },
        }),
    );
    let uris: Vec<&str> = references
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["uri"].as_str().unwrap())
        .collect();
    assert_eq!(uris, [definitions.as_str(), main.as_str()]);

    // Rename across the import; refused for a name taken or reserved.
    let rename = client.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": main }, "position": lending, "newName": "loans" }),
    );
    assert_eq!(rename["changes"][&main][0]["newText"], "loans");
    assert_eq!(rename["changes"][&definitions][0]["newText"], "loans");
    assert_eq!(
        rename["changes"][&definitions][0]["range"]["start"],
        position_of(DEFINITIONS, "lending", 0)
    );
    let (code, message) = client.error(
        "textDocument/rename",
        json!({ "textDocument": { "uri": main }, "position": lending, "newName": "email" }),
    );
    assert_eq!(code, -32803);
    assert!(
        message.contains("`email` is already declared as a data item"),
        "{message}"
    );
    let (_, message) = client.error(
        "textDocument/rename",
        json!({ "textDocument": { "uri": main }, "position": lending, "newName": "data" }),
    );
    assert!(message.contains("`data` is a reserved word"), "{message}");
    let (_, message) = client.error(
        "textDocument/rename",
        json!({ "textDocument": { "uri": main }, "position": lending, "newName": "two words" }),
    );
    assert!(message.contains("is not a name"), "{message}");

    // Completion: purposes after `for`, citations after `cites`.
    let typing = format!("{MAIN}use name for l");
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": main, "version": 4 },
            "contentChanges": [{ "text": typing }],
        }),
    );
    let at = position_of(&typing, "for l", 0);
    let at = json!({ "line": at["line"], "character": at["character"].as_u64().unwrap() + 5 });
    let completion = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": main }, "position": at }),
    );
    let labels: Vec<&str> = completion["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["lending"]);
    let typing = format!("{MAIN}exception e cites APPI 27(1");
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": main, "version": 5 },
            "contentChanges": [{ "text": typing }],
        }),
    );
    let end = json!({ "line": typing.matches('\n').count(), "character": "exception e cites APPI 27(1".len() });
    let completion = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": main }, "position": end }),
    );
    let item = completion["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "APPI 27(1)(ii)")
        .unwrap_or_else(|| panic!("a citation in {completion}"));
    assert!(item["detail"].as_str().unwrap().contains("life"), "{item}");
    // The whole citation written so far is replaced.
    assert_eq!(
        item["textEdit"]["range"]["start"]["character"],
        "exception e cites ".len()
    );

    // Hover on a citation: the catalogue's title and what it permits.
    let cited = format!("{MAIN}exception e cites APPI 27(1)(ii) \"to protect life\"\n");
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": main, "version": 6 },
            "contentChanges": [{ "text": cited }],
        }),
    );
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": main }, "position": position_of(&cited, "27(1)(ii)", 0) }),
    );
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(shown.starts_with("# APPI Art. 27(1)(ii)"), "{shown}");
    assert!(shown.contains("consent_difficult"), "{shown}");

    // Formatting: the canonical layout, as `lawful fmt` writes it.
    let messy = MAIN.replace("collect email, name from", "collect   email,name   from");
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": main, "version": 7 },
            "contentChanges": [{ "text": messy }],
        }),
    );
    let edits = client.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": main }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    let formatted = edits[0]["newText"].as_str().unwrap();
    assert_eq!(formatted, lawful::fmt::format_str(&messy).unwrap());
    assert_eq!(
        edits[0]["range"]["end"]["line"],
        messy.matches('\n').count()
    );

    // The outline, and symbols across the workspace.
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": main } }),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Northwind “Library”",
            "definitions.policy",
            "northwind",
            "past",
            "collect email, name for lending"
        ]
    );
    let found = client.request("workspace/symbol", json!({ "query": "lend" }));
    assert_eq!(found[0]["name"], "lending");
    assert_eq!(found[0]["location"]["uri"], definitions);

    assert_eq!(client.shutdown(), 0);
}

#[test]
fn utf8_positions_when_the_client_offers_them() {
    let (_dir, root) = workspace();
    let (mut client, init) = Client::initialized(&root, &["utf-8", "utf-16"]);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let main = file_uri(&root.join("main.policy"));
    let members = MAIN.match_indices("members").nth(1).unwrap().0;
    let line_start = MAIN[..members].rfind('\n').unwrap() + 1;
    let at =
        json!({ "line": MAIN[..members].matches('\n').count(), "character": members - line_start });
    let definition = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": main }, "position": at }),
    );
    assert_eq!(
        definition["range"]["start"],
        position_of(DEFINITIONS, "members", 0)
    );
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": main }, "position": at }),
    );
    // In bytes, the curly quotes count three each.
    assert_eq!(hover["range"]["start"], at);
    assert_ne!(at, position_of(MAIN, "members", 1));
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn bad_messages_get_errors_and_the_server_goes_on() {
    let (_dir, root) = workspace();
    let mut client = Client::start();
    // Before `initialize`.
    let (code, _) = client.error("textDocument/hover", json!({}));
    assert_eq!(code, -32002);
    client.request(
        "initialize",
        json!({ "processId": null, "rootUri": file_uri(&root), "capabilities": {} }),
    );
    // Malformed JSON: a parse error with a null id.
    client.send_raw(b"Content-Length: 9\r\n\r\n{\"jsonrpc");
    let response = client.response(&Value::Null);
    assert_eq!(response["error"]["code"], -32700);
    // A header that is not one.
    client.send_raw(b"this is not a header\r\n\r\n");
    let response = client.response(&Value::Null);
    assert_eq!(response["error"]["code"], -32700);
    // An unknown method.
    let (code, message) = client.error("textDocument/frobnicate", json!({}));
    assert_eq!(code, -32601);
    assert!(message.contains("textDocument/frobnicate"));
    // Parameters of the wrong shape.
    let (code, _) = client.error("textDocument/hover", json!({ "textDocument": 3 }));
    assert_eq!(code, -32602);
    // A file outside the workspace.
    let (code, message) = client.error(
        "textDocument/hover",
        json!({
            "textDocument": { "uri": "file:///etc/passwd" },
            "position": { "line": 0, "character": 0 },
        }),
    );
    assert_eq!(code, -32602);
    assert!(message.contains("outside the workspace"), "{message}");
    let (code, _) = client.error(
        "textDocument/definition",
        json!({
            "textDocument": { "uri": file_uri(&root.join("../../etc/passwd")) },
            "position": { "line": 0, "character": 0 },
        }),
    );
    assert_eq!(code, -32602);
    // A document over the size limit is refused, and requests on it fail.
    let huge = root.join("huge.policy");
    let text = format!("commitment \"{}\"\n", "a".repeat(65 * 1024 * 1024));
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": file_uri(&huge), "languageId": "lawful", "version": 1, "text": text } }),
    );
    drop(text);
    let shown = client.notification("window/showMessage", |_| true);
    assert!(
        shown["message"]
            .as_str()
            .unwrap()
            .contains("larger than 64 MiB"),
        "{shown}"
    );
    let (code, message) = client.error(
        "textDocument/hover",
        json!({ "textDocument": { "uri": file_uri(&huge) }, "position": { "line": 0, "character": 1 } }),
    );
    assert_eq!(code, -32602);
    assert!(message.contains("larger than 64 MiB"), "{message}");
    // A message claiming to be larger than any document: answered at once.
    client.send_raw(b"Content-Length: 99999999999\r\n\r\n");
    let response = client.response(&Value::Null);
    assert_eq!(response["error"]["code"], -32600);
    assert!(
        response["error"]["message"]
            .as_str()
            .unwrap()
            .contains("larger than the limit")
    );
    // The server still answers (the client closes its end: no more input).
    drop(client);
}

#[test]
fn a_second_initialize_and_requests_after_shutdown_fail() {
    let (_dir, root) = workspace();
    let (mut client, _) = Client::initialized(&root, &[]);
    let (code, _) = client.error(
        "initialize",
        json!({ "processId": null, "rootUri": file_uri(&root), "capabilities": {} }),
    );
    assert_eq!(code, -32600);
    assert_eq!(client.request("shutdown", Value::Null), Value::Null);
    let (code, _) = client.error("workspace/symbol", json!({ "query": "" }));
    assert_eq!(code, -32600);
    client.notify("exit", Value::Null);
    let status = client.child.wait().expect("exits");
    assert_eq!(status.code(), Some(0));
}

/// What `lawful check --format json` reports for a directory, as the LSP
/// diagnostics an editor should show: (file, range, severity, code,
/// message, related information).
fn expected_from_check(dir: &Path) -> Vec<(PathBuf, Value)> {
    let output = Command::new(env!("CARGO_BIN_EXE_lawful"))
        .args(["check", "--format", "json"])
        .arg(dir)
        .current_dir(dir)
        .output()
        .expect("lawful check runs");
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let range = |l: &Value, path: &Path| {
        let text = std::fs::read_to_string(path).expect("the file reads");
        let lines: Vec<&str> = text.split('\n').collect();
        let at = |line: u64, column: u64| {
            let line = line as usize - 1;
            let chars: String = lines[line].chars().take(column as usize - 1).collect();
            json!({ "line": line, "character": chars.encode_utf16().count() })
        };
        json!({
            "start": at(l["line"].as_u64().unwrap(), l["column"].as_u64().unwrap()),
            "end": at(l["end_line"].as_u64().unwrap(), l["end_column"].as_u64().unwrap()),
        })
    };
    let path_of = |file: &Value| {
        let path = Path::new(file.as_str().unwrap());
        let path = if path.is_absolute() {
            path.to_path_buf()
        } else {
            dir.join(path)
        };
        path.canonicalize().expect("the file exists")
    };
    let mut expected = Vec::new();
    for d in report["diagnostics"].as_array().unwrap() {
        let location = &d["location"];
        let path = path_of(&location["file"]);
        let mut message = d["message"].as_str().unwrap().to_string();
        for note in d["notes"].as_array().unwrap() {
            message.push_str(&format!("\nnote: {}", note.as_str().unwrap()));
        }
        if let Some(help) = d["help"].as_str() {
            message.push_str(&format!("\nhelp: {help}"));
        }
        let related: Vec<Value> = d["labels"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["primary"] == false)
            .map(|l| {
                let path = path_of(&l["file"]);
                json!({
                    "uri": file_uri(&path),
                    "range": range(l, &path),
                    "message": l["message"],
                })
            })
            .collect();
        expected.push((
            path.clone(),
            json!({
                "range": range(location, &path),
                "severity": if d["severity"] == "error" { 1 } else { 2 },
                "code": d["code"],
                "message": message,
                "related": related,
            }),
        ));
    }
    expected
}

/// What the server publishes for every file of a workspace, in the same
/// shape.
fn published(dir: &Path) -> Vec<(PathBuf, Value)> {
    let (mut client, _) = Client::initialized(dir, &[]);
    // A request after `initialized`: the check runs before it is answered,
    // and its diagnostics are published before the answer.
    client.request("workspace/symbol", json!({ "query": "" }));
    let mut found = Vec::new();
    for message in std::mem::take(&mut client.backlog) {
        if message["method"] != "textDocument/publishDiagnostics" {
            continue;
        }
        let uri = message["params"]["uri"].as_str().unwrap();
        let path = PathBuf::from(uri.strip_prefix("file://").unwrap().replace("%20", " "));
        for d in message["params"]["diagnostics"].as_array().unwrap() {
            let related: Vec<Value> = d["relatedInformation"]
                .as_array()
                .map(|r| {
                    r.iter()
                        .map(|r| {
                            json!({
                                "uri": r["location"]["uri"],
                                "range": r["location"]["range"],
                                "message": r["message"],
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            found.push((
                path.clone(),
                json!({
                    "range": d["range"],
                    "severity": d["severity"],
                    "code": d["code"],
                    "message": d["message"],
                    "related": related,
                }),
            ));
        }
    }
    assert_eq!(client.shutdown(), 0);
    found
}

fn sorted(mut list: Vec<(PathBuf, Value)>) -> Vec<(PathBuf, String)> {
    let mut out: Vec<(PathBuf, String)> = list.drain(..).map(|(p, v)| (p, v.to_string())).collect();
    out.sort();
    out
}

#[test]
fn editor_diagnostics_equal_check_on_every_shipped_policy() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut total = 0;
    for dir in ["policies", "examples", "tests/fixtures"] {
        let dir = manifest
            .join(dir)
            .canonicalize()
            .expect("the directory exists");
        let expected = sorted(expected_from_check(&dir));
        let published = sorted(published(&dir));
        assert_eq!(published.len(), expected.len(), "{}", dir.display());
        for (p, e) in published.iter().zip(&expected) {
            assert_eq!(p, e);
        }
        total += expected.len();
    }
    assert!(total > 100, "{total} diagnostics compared");
}

/// A valid session as the bytes a client sends.
fn session_bytes(root: &Path) -> Vec<u8> {
    let main = file_uri(&root.join("main.policy"));
    let at = position_of(MAIN, "lending", 0);
    let messages = [
        json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": { "processId": null, "rootUri": file_uri(root), "capabilities": {} } }),
        json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }),
        json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": { "uri": main, "languageId": "lawful", "version": 1, "text": MAIN } } }),
        json!({ "jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": { "uri": main, "version": 2 },
            "contentChanges": [{ "range": { "start": at, "end": at }, "text": "x“" }] } }),
        json!({ "jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {
            "textDocument": { "uri": main }, "position": at } }),
        json!({ "jsonrpc": "2.0", "id": 3, "method": "textDocument/completion", "params": {
            "textDocument": { "uri": main }, "position": at } }),
        json!({ "jsonrpc": "2.0", "id": 4, "method": "textDocument/rename", "params": {
            "textDocument": { "uri": main }, "position": at, "newName": "loans" } }),
        json!({ "jsonrpc": "2.0", "id": 5, "method": "textDocument/codeAction", "params": {
            "textDocument": { "uri": main },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 99, "character": 0 } },
            "context": { "diagnostics": [] } } }),
        json!({ "jsonrpc": "2.0", "id": 6, "method": "textDocument/formatting", "params": {
            "textDocument": { "uri": main }, "options": { "tabSize": 2, "insertSpaces": true } } }),
        json!({ "jsonrpc": "2.0", "id": 7, "method": "shutdown" }),
        json!({ "jsonrpc": "2.0", "method": "exit" }),
    ];
    let mut bytes = Vec::new();
    for message in messages {
        let text = message.to_string();
        bytes.extend(format!("Content-Length: {}\r\n\r\n{text}", text.len()).into_bytes());
    }
    bytes
}

#[test]
fn mangled_sessions_never_crash_or_hang() {
    let (_dir, root) = workspace();
    let session = session_bytes(&root);
    // The session as sent ends cleanly, after `shutdown`.
    let mut out = Vec::new();
    assert_eq!(lawful::lsp::serve(&session[..], &mut out), 0);
    assert!(String::from_utf8_lossy(&out).contains("\"id\":7"));
    // Then mangled: bytes flipped, cut, repeated or replaced.
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n.max(1) as u64) as usize
    };
    for round in 0..200 {
        let mut input = session.clone();
        for _ in 0..1 + next(8) {
            let at = next(input.len());
            match next(4) {
                0 => input[at] = next(256) as u8,
                1 => input.truncate(at),
                2 => {
                    let end = (at + next(64)).min(input.len());
                    let piece = input[at..end].to_vec();
                    input.splice(at..at, piece);
                }
                _ => {
                    let end = (at + next(16)).min(input.len());
                    input.drain(at..end);
                }
            }
        }
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut out = Vec::new();
            let code = lawful::lsp::serve(&input[..], &mut out);
            let _ = sender.send((code, out));
        });
        let (code, out) = receiver
            .recv_timeout(Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("round {round}: the server crashed or hung"));
        assert!(code == 0 || code == 1, "round {round}: exit code {code}");
        // Whatever it wrote is framed JSON.
        let mut reader = &out[..];
        while !reader.is_empty() {
            let mut header = String::new();
            reader.read_line(&mut header).unwrap();
            let length: usize = header
                .strip_prefix("Content-Length: ")
                .and_then(|n| n.trim_end().parse().ok())
                .unwrap_or_else(|| panic!("round {round}: a header, not {header:?}"));
            reader = &reader[2..];
            let (body, rest) = reader.split_at(length);
            serde_json::from_slice::<Value>(body).expect("JSON");
            reader = rest;
        }
    }
}

/// Applies a quick fix's edits (one file, UTF-16 positions) to `text`.
fn apply(text: &str, edits: &Value) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = p["character"].as_u64().unwrap() as usize;
        let mut at = start;
        for c in text[start..].chars() {
            if units == 0 || c == '\n' {
                break;
            }
            units = units.saturating_sub(c.len_utf16());
            at += c.len_utf8();
        }
        at
    };
    let mut edits: Vec<&Value> = edits.as_array().unwrap().iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse(offset(&e["range"]["start"])));
    let mut text = text.to_string();
    for edit in edits {
        let (start, end) = (
            offset(&edit["range"]["start"]),
            offset(&edit["range"]["end"]),
        );
        text.replace_range(start..end, edit["newText"].as_str().unwrap());
    }
    text
}

#[test]
fn quick_fixes_remove_what_they_fix() {
    let (_dir, root) = workspace();
    let definitions = file_uri(&root.join("definitions.policy"));
    let (mut client, _) = Client::initialized(&root, &[]);
    // A purpose that states no retention.
    let text = DEFINITIONS.replace("  retain until purpose achieved\n", "");
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": definitions, "languageId": "lawful", "version": 1, "text": text } }),
    );
    let found = client.diagnostics(&definitions, |d| has_code(d, "L201"));
    let missing = found.iter().find(|d| d["code"] == "L201").unwrap().clone();
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": definitions },
            "range": missing["range"],
            "context": { "diagnostics": [missing] },
        }),
    );
    let action = |title: &str| {
        actions
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["title"].as_str().unwrap().starts_with(title))
            .unwrap_or_else(|| panic!("`{title}` in {actions}"))
            .clone()
    };
    let retain = action("Add `retain until purpose achieved` to purpose `lending`");
    assert_eq!(retain["diagnostics"][0]["code"], "L201");
    let fixed = apply(&text, &retain["edit"]["changes"][&definitions]);
    assert!(
        fixed.contains("  basis contract\n  retain until purpose achieved\n}"),
        "{fixed}"
    );
    let suppress = action("Suppress `missing-retention` here");
    let suppressed = apply(&text, &suppress["edit"]["changes"][&definitions]);
    assert!(
        suppressed.contains("# lawful: allow(missing-retention) reason: \"<why this finding is acceptable>\"\npurpose lending"),
        "{suppressed}"
    );
    // Each edit, applied, makes the finding go (and the finding comes back
    // when the edit is undone).
    let mut version = 1;
    for edited in [&fixed, &suppressed] {
        for (now, gone) in [(edited, true), (&text, false)] {
            version += 1;
            client.notify(
                "textDocument/didChange",
                json!({
                    "textDocument": { "uri": definitions, "version": version },
                    "contentChanges": [{ "text": now }],
                }),
            );
            let after = client.diagnostics(&definitions, |d| has_code(d, "L201") != gone);
            assert!(
                !has_code(&after, "L008") && !has_code(&after, "L009"),
                "{after:?}"
            );
        }
    }
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn an_edit_parses_only_the_file_edited() {
    use lawful::config::Config;
    use lawful::load::{Overlay, Workspace};
    let (_dir, root) = workspace();
    let main = root.join("main.policy");
    let definitions = root.join("definitions.policy");
    let mut overlay = Overlay::default();
    let first = Workspace::load_overlaid(
        std::slice::from_ref(&root),
        &Config::default(),
        Some(&mut overlay),
    );
    assert_eq!(overlay.parsed.len(), 2);
    let parsed_at = |overlay: &Overlay, path: &Path| overlay.parsed[path].0.as_ptr();
    let (main_before, definitions_before) = (
        parsed_at(&overlay, &main),
        parsed_at(&overlay, &definitions),
    );
    drop(first);
    // An unsaved edit of main.policy: it wins over the file on disk.
    let edited = MAIN.replace("for lending", "for lendng");
    overlay.buffers.insert(main.clone(), edited.clone());
    let second = Workspace::load_overlaid(
        std::slice::from_ref(&root),
        &Config::default(),
        Some(&mut overlay),
    );
    // definitions.policy was not parsed again; main.policy was.
    assert_eq!(parsed_at(&overlay, &definitions), definitions_before);
    assert_ne!(parsed_at(&overlay, &main), main_before);
    assert_eq!(overlay.parsed[&main].0, edited);
    let report = lawful::check_workspace(second, &Config::default());
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.message == "`lendng` is not defined")
    );
}
