//! `lawful lsp`: a language server over stdio (docs: editors/README.md).
//!
//! One thread answers from one in-memory analysis of the workspace
//! ([`analysis`]); another reads the client's frames ([`transport`]), so
//! that edits arriving together are checked once. Each feature has its own
//! file. Every bad message — malformed, unknown, for a file outside the
//! workspace, too large — is answered with an error, and the server goes
//! on.

mod actions;
mod analysis;
mod completion;
mod diagnostics;
mod hover;
mod index;
mod navigate;
pub mod position;
mod symbols;
pub mod transport;

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::PathBuf;

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId};
use lsp_types::{
    ClientCapabilities, CodeActionKind, CodeActionOptions, CodeActionProviderCapability,
    CompletionOptions, HoverProviderCapability, InitializeParams, InitializeResult, OneOf,
    RenameOptions, ServerCapabilities, ServerInfo, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions,
};
use serde_json::{Value, json};

use analysis::State;
use position::{Encoding, clean};
use transport::Frame;

/// A notification as it is written.
#[derive(serde::Serialize)]
struct Outgoing<'a, P> {
    jsonrpc: &'static str,
    method: &'a str,
    params: P,
}

/// `textDocument/publishDiagnostics`, borrowing the list.
#[derive(serde::Serialize)]
struct Publish<'a> {
    uri: lsp_types::Uri,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<i32>,
    diagnostics: &'a [lsp_types::Diagnostic],
}

/// Why a request failed: the code and message of the error response.
type Failure = (ErrorCode, String);

fn failed(message: impl Into<String>) -> Failure {
    (ErrorCode::RequestFailed, message.into())
}

fn invalid_params(message: impl Into<String>) -> Failure {
    (ErrorCode::InvalidParams, message.into())
}

/// The server: its state and where it writes.
pub struct Server<W: Write> {
    out: W,
    state: Option<State>,
    shut_down: bool,
    /// Set when the output is gone: nothing more can be said.
    broken: bool,
    published: BTreeMap<PathBuf, Vec<lsp_types::Diagnostic>>,
    /// The problems last logged (unreadable files, a broken
    /// `lawful.toml`): logged again only when they change.
    logged: Vec<String>,
}

/// What to do after a frame.
pub enum Next {
    Continue,
    /// End the process with this exit code (0 after `shutdown`).
    Exit(i32),
}

impl<W: Write> Server<W> {
    pub fn new(out: W) -> Server<W> {
        Server {
            out,
            state: None,
            shut_down: false,
            broken: false,
            published: BTreeMap::new(),
            logged: Vec::new(),
        }
    }

    fn send(&mut self, message: &Value) {
        if self.broken {
            return;
        }
        if transport::write(&mut self.out, message).is_err() {
            self.broken = true;
        }
    }

    fn respond(&mut self, id: RequestId, result: Result<Value, Failure>) {
        let message = match result {
            Ok(result) => json!({ "jsonrpc": "2.0", "id": id, "result": result }),
            Err((code, message)) => json!({
                "jsonrpc": "2.0",
                "id": id,
                "error": { "code": code as i32, "message": message },
            }),
        };
        self.send(&message);
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// A line for the client's log and for stderr, without control
    /// characters.
    fn log(&mut self, kind: lsp_types::MessageType, text: &str) {
        let text = clean(text);
        eprintln!("lawful lsp: {text}");
        self.notify(
            "window/logMessage",
            json!({ "type": kind, "message": text }),
        );
    }

    fn show(&mut self, kind: lsp_types::MessageType, text: &str) {
        let text = clean(text);
        eprintln!("lawful lsp: {text}");
        self.notify(
            "window/showMessage",
            json!({ "type": kind, "message": text }),
        );
    }

    /// Handles one frame from the client.
    pub fn handle(&mut self, frame: Frame) -> Next {
        let next = match frame {
            Frame::End => Next::Exit(if self.shut_down { 0 } else { 1 }),
            Frame::Invalid { id, code, message } => {
                self.log(lsp_types::MessageType::ERROR, &message);
                self.send(&transport::error_response(id, code, &message));
                Next::Continue
            }
            Frame::Message(Message::Request(request)) => {
                self.request(request);
                Next::Continue
            }
            Frame::Message(Message::Notification(notification)) => self.notification(notification),
            // The server sends no requests; answers are not expected.
            Frame::Message(Message::Response(_)) => Next::Continue,
        };
        if self.broken {
            return Next::Exit(1);
        }
        next
    }

    /// Runs the check if something changed, and publishes what changed in
    /// its findings: called when the client pauses.
    pub fn idle(&mut self) {
        let Some(state) = self.state.as_mut() else {
            return;
        };
        if state.refresh() {
            self.publish();
        }
    }

    fn publish(&mut self) {
        let Some(state) = self.state.as_ref() else {
            return;
        };
        let Some(analysis) = state.analysis.as_ref() else {
            return;
        };
        let problems = analysis.problems.clone();
        let mut now = diagnostics::by_file(state, analysis);
        // Files that were published and are no longer loaded are cleared.
        for path in self.published.keys() {
            now.entry(path.clone()).or_default();
        }
        for (path, list) in &now {
            if self.published.get(path) == Some(list) {
                continue;
            }
            // Written as it is serialized: a large set's findings are
            // never built into a JSON tree first.
            let message = Outgoing {
                jsonrpc: "2.0",
                method: "textDocument/publishDiagnostics",
                params: Publish {
                    uri: state.uri(path),
                    version: state.versions.get(path).copied(),
                    diagnostics: list,
                },
            };
            if !self.broken && transport::write(&mut self.out, &message).is_err() {
                self.broken = true;
            }
        }
        self.published = now;
        if problems != self.logged {
            for problem in &problems {
                self.log(lsp_types::MessageType::WARNING, problem);
            }
            self.logged = problems;
        }
    }

    fn request(&mut self, request: Request) {
        let Request { id, method, params } = request;
        if self.shut_down {
            let message = format!("`{}` after `shutdown`", clean(&method));
            return self.respond(id, Err((ErrorCode::InvalidRequest, message)));
        }
        if method == "initialize" {
            let result = self.initialize(params);
            return self.respond(id, result);
        }
        let Some(state) = self.state.as_mut() else {
            let message = "the server is not initialized: send `initialize` first";
            return self.respond(id, Err((ErrorCode::ServerNotInitialized, message.into())));
        };
        let refreshed = state.refresh();
        if refreshed {
            self.publish();
        }
        let Some(state) = self.state.as_mut() else {
            return;
        };
        let result = match method.as_str() {
            "shutdown" => {
                self.shut_down = true;
                Ok(Value::Null)
            }
            "textDocument/hover" => with(params, |p| hover::hover(state, p)),
            "textDocument/definition" => with(params, |p| navigate::definition(state, p)),
            "textDocument/references" => with(params, |p| navigate::references(state, p)),
            "textDocument/prepareRename" => with(params, |p| navigate::prepare_rename(state, p)),
            "textDocument/rename" => with(params, |p| navigate::rename(state, p)),
            "textDocument/documentSymbol" => with(params, |p| symbols::document(state, p)),
            "workspace/symbol" => with(params, |p| symbols::workspace(state, p)),
            "textDocument/completion" => with(params, |p| completion::complete(state, p)),
            "textDocument/formatting" => with(params, |p| actions::format(state, p)),
            "textDocument/codeAction" => with(params, |p| actions::code_actions(state, p)),
            _ => Err((
                ErrorCode::MethodNotFound,
                format!("lawful does not answer `{}`", clean(&method)),
            )),
        };
        self.respond(id, result);
    }

    fn initialize(&mut self, params: Value) -> Result<Value, Failure> {
        if self.state.is_some() {
            return Err((ErrorCode::InvalidRequest, "already initialized".into()));
        }
        let params: InitializeParams = serde_json::from_value(params)
            .map_err(|e| invalid_params(format!("`initialize`: {e}")))?;
        let encoding = Encoding::negotiate(offered_encodings(&params.capabilities));
        #[allow(deprecated)] // `rootUri` and `rootPath`: older clients send only these
        let mut folders: Vec<lsp_types::Uri> = match (params.workspace_folders, params.root_uri) {
            (Some(folders), _) if !folders.is_empty() => {
                folders.into_iter().map(|f| f.uri).collect()
            }
            (_, Some(root)) => vec![root],
            _ => Vec::new(),
        };
        #[allow(deprecated)]
        if folders.is_empty()
            && let Some(path) = params.root_path
        {
            folders.push(position::uri_of(std::path::Path::new(&path)));
        }
        let mut roots = Vec::new();
        for folder in &folders {
            match State::path(folder) {
                Ok(root) if root.is_dir() => roots.push(root),
                Ok(_) | Err(_) => {
                    let text = format!("workspace folder `{}` is not a directory", folder.as_str());
                    self.log(lsp_types::MessageType::WARNING, &text);
                }
            }
        }
        self.state = Some(State::new(roots, encoding));
        let result = InitializeResult {
            capabilities: capabilities(encoding),
            server_info: Some(ServerInfo {
                name: "lawful".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        };
        serde_json::to_value(result).map_err(|e| failed(e.to_string()))
    }

    fn notification(&mut self, notification: Notification) -> Next {
        let Notification { method, params } = notification;
        if method == "exit" {
            return Next::Exit(if self.shut_down { 0 } else { 1 });
        }
        let Some(state) = self.state.as_mut() else {
            // Before `initialize`, notifications are dropped (the protocol
            // says so), except `exit`.
            return Next::Continue;
        };
        let outcome = match method.as_str() {
            "textDocument/didOpen" => parse(params).and_then(|p| documents::open(state, p)),
            "textDocument/didChange" => parse(params).and_then(|p| documents::change(state, p)),
            "textDocument/didClose" => parse(params).and_then(|p| documents::close(state, p)),
            "textDocument/didSave" | "workspace/didChangeWatchedFiles" => {
                state.dirty = true;
                Ok(None)
            }
            _ => Ok(None),
        };
        match outcome {
            Ok(None) => {}
            Ok(Some(warning)) => self.show(lsp_types::MessageType::ERROR, &warning),
            Err((_, message)) => self.log(
                lsp_types::MessageType::ERROR,
                &format!("`{}`: {message}", clean(&method)),
            ),
        }
        Next::Continue
    }
}

/// The position encodings a client offers.
fn offered_encodings(capabilities: &ClientCapabilities) -> &[lsp_types::PositionEncodingKind] {
    capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_deref())
        .unwrap_or(&[])
}

fn parse<P: serde::de::DeserializeOwned>(params: Value) -> Result<P, Failure> {
    serde_json::from_value(params).map_err(|e| invalid_params(format!("invalid parameters: {e}")))
}

/// Decodes a request's parameters, runs `f` and encodes its answer.
fn with<P, R>(params: Value, f: impl FnOnce(P) -> Result<R, Failure>) -> Result<Value, Failure>
where
    P: serde::de::DeserializeOwned,
    R: serde::Serialize,
{
    let result = f(parse(params)?)?;
    serde_json::to_value(result).map_err(|e| failed(e.to_string()))
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![" ".into(), ",".into(), "(".into()]),
            ..Default::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..Default::default()
        })),
        ..Default::default()
    }
}

mod documents;

/// Serves the protocol on stdin and stdout until `exit` or the end of
/// stdin; returns the process's exit code.
pub fn serve_stdio() -> i32 {
    let (sender, receiver) = std::sync::mpsc::sync_channel::<Frame>(64);
    std::thread::spawn(move || {
        let mut reader = transport::Reader::new(std::io::stdin().lock());
        loop {
            let frame = reader.read_frame().unwrap_or(Frame::End);
            let end = matches!(frame, Frame::End);
            if sender.send(frame).is_err() || end {
                break;
            }
        }
    });
    let mut server = Server::new(std::io::stdout().lock());
    loop {
        let frame = match receiver.try_recv() {
            Ok(frame) => frame,
            Err(std::sync::mpsc::TryRecvError::Empty) => {
                // The client paused: check what changed, then wait.
                server.idle();
                receiver.recv().unwrap_or(Frame::End)
            }
            Err(std::sync::mpsc::TryRecvError::Disconnected) => Frame::End,
        };
        if let Next::Exit(code) = server.handle(frame) {
            return code;
        }
    }
}

/// Serves the protocol on any input and output, one frame at a time, the
/// check running after each: for the fuzzer and tests.
pub fn serve(input: impl BufRead, output: impl Write) -> i32 {
    let mut reader = transport::Reader::new(input);
    let mut server = Server::new(output);
    loop {
        let frame = reader.read_frame().unwrap_or(Frame::End);
        if let Next::Exit(code) = server.handle(frame) {
            return code;
        }
        server.idle();
    }
}
