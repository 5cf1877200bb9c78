//! The base protocol: messages framed by a `Content-Length` header, read
//! with limits. lsp-server's own reader allocates whatever length a client
//! claims and ends the session on the first malformed message; here a bad
//! frame becomes an error to answer, and the next frame is read.

use std::io::{self, BufRead, Read, Write};

use lsp_server::{ErrorCode, Message};
use serde_json::{Value, json};

/// Messages longer than this are skipped unread and answered with an
/// error: room for a document at the loader's own limit
/// ([`crate::load::MAX_FILE_BYTES`]) with JSON's escapes.
pub const MAX_MESSAGE_BYTES: u64 = 2 * crate::load::MAX_FILE_BYTES + 1024 * 1024;

/// A header line longer than this is malformed.
const MAX_HEADER_LINE: usize = 8 * 1024;

/// What one read from the client gave.
#[derive(Debug)]
pub enum Frame {
    Message(Message),
    /// A frame that is not a valid message: the error to answer with, and
    /// the request's id when it could be read (else `null`).
    Invalid {
        id: Value,
        code: ErrorCode,
        message: String,
    },
    /// The client closed the stream.
    End,
}

fn invalid(code: ErrorCode, message: impl Into<String>) -> Frame {
    Frame::Invalid {
        id: Value::Null,
        code,
        message: message.into(),
    }
}

/// Reads one header line of at most [`MAX_HEADER_LINE`] bytes; `None` at
/// the end of the stream. A longer line is read to its end and returned
/// cut, so that it fails to parse.
fn header_line(input: &mut impl BufRead) -> io::Result<Option<String>> {
    let mut line = Vec::new();
    let read = input
        .by_ref()
        .take(MAX_HEADER_LINE as u64)
        .read_until(b'\n', &mut line)?;
    if read == 0 {
        return Ok(None);
    }
    if !line.ends_with(b"\n") && line.len() >= MAX_HEADER_LINE {
        // Skip the rest of the line without keeping it.
        let mut rest = Vec::new();
        loop {
            rest.clear();
            let n = input
                .by_ref()
                .take(MAX_HEADER_LINE as u64)
                .read_until(b'\n', &mut rest)?;
            if n == 0 || rest.ends_with(b"\n") {
                break;
            }
        }
        return Ok(Some("\u{0}too long".into()));
    }
    Ok(Some(String::from_utf8_lossy(&line).into_owned()))
}

/// Reads frames from the client.
pub struct Reader<R> {
    input: R,
    /// The body of a message too large to read, still to be skipped: the
    /// error is answered first, so the client hears of it at once.
    skip: u64,
}

impl<R: BufRead> Reader<R> {
    pub fn new(input: R) -> Reader<R> {
        Reader { input, skip: 0 }
    }

    /// Reads the next frame.
    pub fn read_frame(&mut self) -> io::Result<Frame> {
        if self.skip > 0 {
            let wanted = std::mem::take(&mut self.skip);
            let skipped = io::copy(&mut self.input.by_ref().take(wanted), &mut io::sink())?;
            if skipped < wanted {
                return Ok(Frame::End);
            }
        }
        let (frame, skip) = read(&mut self.input)?;
        self.skip = skip;
        Ok(frame)
    }
}

/// Reads the next frame, and how many bytes after it are to be skipped.
fn read(input: &mut impl BufRead) -> io::Result<(Frame, u64)> {
    let mut length: Option<u64> = None;
    let mut malformed: Option<String> = None;
    let mut any = false;
    loop {
        let Some(line) = header_line(input)? else {
            return Ok((Frame::End, 0));
        };
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if any {
                break;
            }
            // Blank lines between messages are tolerated.
            continue;
        }
        any = true;
        match line.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<u64>() {
                    Ok(n) => length = Some(n),
                    Err(_) => malformed = Some("its `Content-Length` is not a number".into()),
                }
            }
            Some((name, _)) if !name.is_empty() && !name.contains(char::is_control) => {}
            _ => malformed = Some("a header line is not `Name: value`".into()),
        }
    }
    if let Some(why) = malformed {
        let message = format!("malformed message header: {why}");
        return Ok((invalid(ErrorCode::ParseError, message), 0));
    }
    let Some(length) = length else {
        let message = "malformed message header: no `Content-Length`";
        return Ok((invalid(ErrorCode::ParseError, message), 0));
    };
    if length > MAX_MESSAGE_BYTES {
        let message = format!(
            "a message of {length} bytes is larger than the limit of {MAX_MESSAGE_BYTES} bytes; it is skipped"
        );
        return Ok((invalid(ErrorCode::InvalidRequest, message), length));
    }
    let mut body = Vec::new();
    input.by_ref().take(length).read_to_end(&mut body)?;
    if (body.len() as u64) < length {
        return Ok((Frame::End, 0));
    }
    Ok((parse(&body), 0))
}

/// A message body as JSON-RPC.
pub fn parse(body: &[u8]) -> Frame {
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(e) => {
            return invalid(
                ErrorCode::ParseError,
                format!("the message is not JSON: {e}"),
            );
        }
    };
    let id = match value.get("id") {
        Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
        _ => Value::Null,
    };
    if value.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Frame::Invalid {
            id,
            code: ErrorCode::InvalidRequest,
            message: "the message is not JSON-RPC 2.0 (`\"jsonrpc\": \"2.0\"` is missing)".into(),
        };
    }
    match serde_json::from_value::<Message>(value) {
        Ok(message) => Frame::Message(message),
        Err(e) => Frame::Invalid {
            id,
            code: ErrorCode::InvalidRequest,
            message: format!("the message is not a request, response or notification: {e}"),
        },
    }
}

/// Writes one message.
pub fn write(output: &mut impl Write, message: &impl serde::Serialize) -> io::Result<()> {
    let text = serde_json::to_string(message).unwrap_or_default();
    write!(output, "Content-Length: {}\r\n\r\n", text.len())?;
    output.write_all(text.as_bytes())?;
    output.flush()
}

/// A response whose id may be `null` (lsp-server's `Response` needs one).
pub fn error_response(id: Value, code: ErrorCode, message: &str) -> Value {
    json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": { "code": code as i32, "message": message },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(text: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{text}", text.len())
    }

    #[test]
    fn reads_frames_and_survives_bad_ones() {
        let input = [
            frame(r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#),
            frame("{not json"),
            "X-Nonsense\r\n\r\n".to_string(),
            "Content-Length: 99999999999999\r\n\r\n".to_string(),
        ]
        .concat();
        let mut reader = Reader::new(io::Cursor::new(input.into_bytes()));
        assert!(matches!(
            reader.read_frame().unwrap(),
            Frame::Message(Message::Request(_))
        ));
        assert!(matches!(
            reader.read_frame().unwrap(),
            Frame::Invalid {
                code: ErrorCode::ParseError,
                ..
            }
        ));
        assert!(matches!(
            reader.read_frame().unwrap(),
            Frame::Invalid {
                code: ErrorCode::ParseError,
                ..
            }
        ));
        // The huge message is answered at once, then skipped to the end of
        // the stream.
        assert!(matches!(
            reader.read_frame().unwrap(),
            Frame::Invalid {
                code: ErrorCode::InvalidRequest,
                ..
            }
        ));
        assert!(matches!(reader.read_frame().unwrap(), Frame::End));
    }

    #[test]
    fn keeps_the_id_of_an_invalid_request() {
        let Frame::Invalid { id, code, .. } = parse(br#"{"jsonrpc":"2.0","id":7,"method":3}"#)
        else {
            panic!("a method that is not a string is invalid");
        };
        assert_eq!(id, json!(7));
        assert!(matches!(code, ErrorCode::InvalidRequest));
    }
}
