//! `lawful lsp` in a real editor: Neovim, headless, with its built-in LSP
//! client, opens `policies/jcom.policy` and must show exactly the findings
//! `lawful check --format json` reports. `.ci/run` installs Neovim (and
//! sets `LAWFUL_REQUIRE_NVIM`, so that a missing editor fails there).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const SCRIPT: &str = r#"
local bin, root, file, out = os.getenv('LAWFUL_BIN'), os.getenv('LAWFUL_ROOT'),
  os.getenv('LAWFUL_FILE'), os.getenv('LAWFUL_OUT')
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buffer = vim.api.nvim_get_current_buf()
local client = vim.lsp.start_client({ name = 'lawful', cmd = { bin, 'lsp' }, root_dir = root })
vim.lsp.buf_attach_client(buffer, client)
local arrived = vim.wait(30000, function() return #vim.diagnostic.get(buffer) > 0 end, 50)
-- Give a second publication (after the buffer is opened) time to land.
vim.wait(500)
local found = {}
for _, d in ipairs(vim.diagnostic.get(buffer)) do
  local lsp = (d.user_data or {}).lsp or {}
  table.insert(found, {
    line = d.lnum, column = d.col, end_line = d.end_lnum, end_column = d.end_col,
    severity = d.severity, code = d.code or lsp.code, message = d.message,
  })
end
vim.fn.writefile({ vim.fn.json_encode({ arrived = arrived, diagnostics = found }) }, out)
vim.lsp.stop_client(client)
vim.cmd('qa!')
"#;

#[test]
fn neovim_shows_what_lawful_check_reports() {
    let required = std::env::var_os("LAWFUL_REQUIRE_NVIM").is_some();
    let available = Command::new("nvim")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !available {
        assert!(
            !required,
            "Neovim is required (LAWFUL_REQUIRE_NVIM) but `nvim` is not installed"
        );
        eprintln!("Neovim is not installed: the editor test is skipped here (.ci/run installs it)");
        return;
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest.join("policies").canonicalize().expect("policies/");
    let file = root.join("jcom.policy");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let script = dir.path().join("lawful.lua");
    let out = dir.path().join("diagnostics.json");
    std::fs::write(&script, SCRIPT).expect("written");
    let mut child = Command::new("nvim")
        .args(["--headless", "--clean", "-n", "-i", "NONE", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("LAWFUL_BIN", env!("CARGO_BIN_EXE_lawful"))
        .env("LAWFUL_ROOT", &root)
        .env("LAWFUL_FILE", &file)
        .env("LAWFUL_OUT", &out)
        .env("HOME", dir.path())
        .env("XDG_STATE_HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("nvim starts");
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        if child.try_wait().expect("nvim can be waited for").is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("Neovim did not finish in time");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let shown: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("the script wrote its result"))
            .expect("JSON");
    assert_eq!(shown["arrived"], true, "no diagnostics reached Neovim");

    let check = Command::new(env!("CARGO_BIN_EXE_lawful"))
        .args(["check", "--format", "json"])
        .arg(&file)
        .output()
        .expect("lawful check runs");
    let report: Value = serde_json::from_slice(&check.stdout).expect("JSON");
    let text = std::fs::read_to_string(&file).expect("the policy reads");
    let lines: Vec<&str> = text.split('\n').collect();
    // Neovim counts columns in bytes; `check` in characters, from 1.
    let byte_column = |line: u64, column: u64| -> usize {
        lines[line as usize - 1]
            .chars()
            .take(column as usize - 1)
            .map(char::len_utf8)
            .sum()
    };
    let mut expected: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let l = &d["location"];
            let mut message = d["message"].as_str().unwrap().to_string();
            for note in d["notes"].as_array().unwrap() {
                message.push_str(&format!("\nnote: {}", note.as_str().unwrap()));
            }
            if let Some(help) = d["help"].as_str() {
                message.push_str(&format!("\nhelp: {help}"));
            }
            json!({
                "line": l["line"].as_u64().unwrap() - 1,
                "column": byte_column(l["line"].as_u64().unwrap(), l["column"].as_u64().unwrap()),
                "end_line": l["end_line"].as_u64().unwrap() - 1,
                "end_column": byte_column(l["end_line"].as_u64().unwrap(), l["end_column"].as_u64().unwrap()),
                "severity": if d["severity"] == "error" { 1 } else { 2 },
                "code": d["code"],
                "message": message,
            })
            .to_string()
        })
        .collect();
    let mut found: Vec<String> = shown["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            json!({
                "line": d["line"], "column": d["column"],
                "end_line": d["end_line"], "end_column": d["end_column"],
                "severity": d["severity"], "code": d["code"], "message": d["message"],
            })
            .to_string()
        })
        .collect();
    expected.sort();
    found.sort();
    assert_eq!(found.len(), 14, "the seed's 5 errors and 9 warnings");
    assert_eq!(found, expected);
}
