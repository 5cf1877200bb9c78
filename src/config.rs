//! `lawful.toml`: which regimes are checked, the severity of each rule, and
//! paths to leave out of directory walks.
//!
//! ```toml
//! regimes = ["APPI"]            # check only these, of those a policy declares
//! exclude = ["drafts/**"]       # relative to this file; skipped in directories
//!
//! [rules]
//! vague-purpose = "allow"       # allow | warn | deny, by slug or code
//! L201 = "warn"
//! ```
//!
//! It is found by walking up from the first path checked, or given with
//! `--config`. A `lawful.toml` found that is not a regular file (a FIFO, a
//! device) is an error, never read and never skipped silently; one given
//! with `--config` may be a pipe, and is read up to the size limit of
//! policies ([`crate::load::MAX_FILE_BYTES`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::load::walk::{self, FileKind, WalkOptions};
use crate::resolve::Regime;

pub const FILE_NAME: &str = "lawful.toml";

/// What a rule's findings become.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Not reported.
    Allow,
    /// Reported as a warning.
    Warn,
    /// Reported as an error.
    Deny,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    regimes: Option<Vec<String>>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    rules: BTreeMap<String, Level>,
}

/// A loaded configuration. The default checks everything at each rule's
/// default severity.
#[derive(Debug, Default)]
pub struct Config {
    /// Where it was read from, if anywhere.
    pub path: Option<PathBuf>,
    regimes: Option<Vec<Regime>>,
    levels: BTreeMap<Code, Level>,
    exclude: Option<(PathBuf, GlobSet)>,
    /// How directories are walked: set from the command line
    /// (`--no-ignore`, `--force-exclude`), not from the file.
    pub walk: WalkOptions,
    /// The day whose law policies are checked against (`--as-of`); today
    /// when `None`.
    pub as_of: Option<crate::law::jurisdiction::Day>,
    /// The codes chosen on the command line (`--select`): only these are
    /// reported. `None`: every code.
    selected: Option<BTreeSet<Code>>,
    /// The codes left out on the command line (`--ignore`).
    ignored: BTreeSet<Code>,
    /// See [`Config::with_kept_per_code`].
    kept_per_code: Option<usize>,
}

impl Config {
    /// Finds `lawful.toml` in `start` (a file's directory, or a directory)
    /// or the nearest directory above it.
    pub fn discover(start: &Path) -> Result<Config, String> {
        match Config::discover_path(start) {
            Some(path) => {
                let text = walk::read_text(&path, FileKind::Config)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                Config::parse(&text, &path)
            }
            None => Ok(Config::default()),
        }
    }

    /// The `lawful.toml` that [`Config::discover`] would read.
    pub fn discover_path(start: &Path) -> Option<PathBuf> {
        let start = start.canonicalize().unwrap_or_else(|_| start.to_path_buf());
        let mut dir = if start.is_dir() {
            Some(start.as_path())
        } else {
            start.parent()
        };
        while let Some(current) = dir {
            let candidate = current.join(FILE_NAME);
            // Anything by that name is the configuration: a FIFO or a
            // dangling link is reported when read, not passed over.
            if candidate.symlink_metadata().is_ok() {
                return Some(candidate);
            }
            dir = current.parent();
        }
        None
    }

    /// Reads a configuration file named by the user (`--config`): a
    /// regular file, or a pipe or device read up to the size limit. The
    /// message names the file and the key.
    pub fn load(path: &Path) -> Result<Config, String> {
        let shown = path.display();
        let metadata = std::fs::metadata(path)
            .map_err(|e| format!("{shown}: cannot read: {}", crate::load::describe_io(&e)))?;
        let text = if metadata.is_file() || metadata.is_dir() {
            walk::read_text(path, FileKind::Config)
        } else {
            std::fs::File::open(path)
                .map_err(|e| crate::load::describe_io(&e))
                .and_then(|file| walk::read_stream(file, FileKind::Config))
        };
        let text = text.map_err(|e| format!("{shown}: {e}"))?;
        Config::parse(&text, path)
    }

    /// The same configuration, walking directories as `options` say.
    pub fn with_walk(mut self, options: WalkOptions) -> Config {
        self.walk = options;
        self
    }

    /// Checks against the law in force on `day` instead of today's.
    pub fn with_as_of(mut self, day: Option<crate::law::jurisdiction::Day>) -> Config {
        self.as_of = day;
        self
    }

    /// The same configuration, reporting only the codes of `select` (when
    /// not empty) and none of `ignore`: codes or slugs, as `--select` and
    /// `--ignore` give them. The command line wins over the file: a code
    /// selected that `[rules]` allows is reported at its default severity.
    /// Syntax errors are always reported.
    pub fn with_selection(
        mut self,
        select: &[String],
        ignore: &[String],
    ) -> Result<Config, String> {
        let find = |flag: &str, name: &str| {
            Code::find(name.trim()).ok_or_else(|| {
                format!(
                    "`--{flag} {}`: no such code or slug; `lawful rules` lists them",
                    crate::render::escape::terminal(name)
                )
            })
        };
        if !select.is_empty() {
            let mut chosen = BTreeSet::new();
            for name in select {
                let code = find("select", name)?;
                if self.levels.get(&code) == Some(&Level::Allow) {
                    self.levels.remove(&code);
                }
                chosen.insert(code);
            }
            self.selected = Some(chosen);
        }
        for name in ignore {
            let code = find("ignore", name)?;
            if code == Code::SyntaxError {
                return Err(format!(
                    "`--ignore {}`: syntax errors cannot be ignored",
                    crate::render::escape::terminal(name)
                ));
            }
            self.ignored.insert(code);
        }
        Ok(self)
    }

    pub fn parse(text: &str, path: &Path) -> Result<Config, String> {
        let shown = path.display();
        let raw: RawConfig =
            toml::from_str(text).map_err(|e| format!("{shown}: {}", e.message()))?;
        let mut config = Config {
            path: Some(path.to_path_buf()),
            ..Config::default()
        };
        if let Some(names) = raw.regimes {
            let mut regimes = Vec::new();
            for name in names {
                let regime = Regime::from_name(&name).ok_or_else(|| {
                    format!(
                        "{shown}: `regimes`: `{name}` is not a regime lawful knows (APPI, GDPR)"
                    )
                })?;
                regimes.push(regime);
            }
            config.regimes = Some(regimes);
        }
        for (name, level) in raw.rules {
            let code = Code::find(&name).ok_or_else(|| {
                format!("{shown}: `rules.{name}`: no such code or slug; `lawful rules` lists them")
            })?;
            if code == Code::SyntaxError && level == Level::Allow {
                return Err(format!(
                    "{shown}: `rules.{name}`: syntax errors cannot be allowed"
                ));
            }
            config.levels.insert(code, level);
        }
        if !raw.exclude.is_empty() {
            let mut builder = GlobSetBuilder::new();
            for pattern in &raw.exclude {
                let glob = Glob::new(pattern).map_err(|e| format!("{shown}: `exclude`: {e}"))?;
                builder.add(glob);
            }
            let set = builder
                .build()
                .map_err(|e| format!("{shown}: `exclude`: {e}"))?;
            let base = path.parent().unwrap_or(Path::new(".")).to_path_buf();
            let base = base.canonicalize().unwrap_or(base);
            config.exclude = Some((base, set));
        }
        Ok(config)
    }

    /// Whether rules of `regime` run (when the policy is under it).
    pub fn checks(&self, regime: Regime) -> bool {
        self.regimes.as_ref().is_none_or(|r| r.contains(&regime))
    }

    /// Whether `exclude` leaves a file out (of directory walks; of named
    /// files with `--force-exclude`). `canonical` is the file's canonical
    /// path, as [`crate::load::walk`] has it.
    pub fn excludes(&self, canonical: &Path) -> bool {
        let Some((base, set)) = &self.exclude else {
            return false;
        };
        canonical
            .strip_prefix(base)
            .is_ok_and(|relative| set.is_match(relative))
    }

    /// Applies the configured severities: drops allowed findings, and
    /// raises or lowers the others.
    pub fn apply(&self, diagnostics: &mut Vec<Diagnostic>) {
        diagnostics.retain_mut(|d| self.set_level(d));
    }

    /// [`Config::apply`] for one finding: whether it is kept, its severity
    /// set by `[rules]`.
    pub fn set_level(&self, d: &mut Diagnostic) -> bool {
        match self.levels.get(&d.code) {
            Some(Level::Allow) => false,
            Some(Level::Warn) => {
                d.severity = Severity::Warning;
                true
            }
            Some(Level::Deny) => {
                d.severity = Severity::Error;
                true
            }
            None => true,
        }
    }

    /// Drops the findings the command line leaves out (`--select`,
    /// `--ignore`). Run after inline suppressions, so that a suppression of
    /// a code left out still finds its finding and is not called unused.
    pub fn select(&self, diagnostics: &mut Vec<Diagnostic>) {
        diagnostics.retain(|d| self.selects(d.code));
    }

    /// Whether the command line keeps findings of `code`.
    pub fn selects(&self, code: Code) -> bool {
        code == Code::SyntaxError
            || (self.selected.as_ref().is_none_or(|s| s.contains(&code))
                && !self.ignored.contains(&code))
    }

    /// How many findings of each code the report keeps whole: `None`, all
    /// (the default); `Some(n)` when the output shows only `n` per code, so
    /// that the rest are only counted (memory, issue 13).
    pub fn with_kept_per_code(mut self, kept: Option<usize>) -> Config {
        self.kept_per_code = kept;
        self
    }

    pub fn kept_per_code(&self) -> Option<usize> {
        self.kept_per_code
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, String> {
        Config::parse(text, Path::new("lawful.toml"))
    }

    #[test]
    fn reads_levels_by_slug_or_code() {
        let config =
            parse("regimes = [\"APPI\"]\n[rules]\nvague-purpose = \"allow\"\nL201 = \"warn\"\n")
                .unwrap();
        assert!(config.checks(Regime::Appi));
        assert!(!config.checks(Regime::Gdpr));
        assert_eq!(config.levels.get(&Code::VaguePurpose), Some(&Level::Allow));
        assert_eq!(
            config.levels.get(&Code::MissingRetention),
            Some(&Level::Warn)
        );
    }

    #[test]
    fn errors_name_the_file_and_key() {
        let unknown_rule = parse("[rules]\nvage-purpose = \"allow\"\n").unwrap_err();
        assert!(
            unknown_rule.contains("lawful.toml: `rules.vage-purpose`"),
            "{unknown_rule}"
        );
        let bad_level = parse("[rules]\nvague-purpose = \"ignore\"\n").unwrap_err();
        assert!(bad_level.starts_with("lawful.toml:"), "{bad_level}");
        let unknown_key = parse("regime = [\"APPI\"]\n").unwrap_err();
        assert!(unknown_key.contains("regime"), "{unknown_key}");
        let bad_regime = parse("regimes = [\"CCPA\"]\n").unwrap_err();
        assert!(
            bad_regime.contains("`CCPA` is not a regime"),
            "{bad_regime}"
        );
        assert!(parse("[rules]\nsyntax-error = \"allow\"\n").is_err());
    }

    fn d(code: Code) -> Diagnostic {
        Diagnostic::new(
            code,
            "m",
            crate::span::Span::new(crate::span::FileId(0), 0, 0),
            "l",
        )
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_command_line_selects_and_ignores_by_code_or_slug() {
        let all = || {
            vec![
                d(Code::SyntaxError),
                d(Code::VaguePurpose),
                d(Code::MissingRetention),
                d(Code::UnusedDefinition),
            ]
        };
        let config = parse("[rules]\nvague-purpose = \"allow\"\n")
            .unwrap()
            .with_selection(&names(&["vague-purpose", "L201"]), &names(&["L201"]))
            .unwrap();
        let mut found = all();
        config.apply(&mut found);
        config.select(&mut found);
        let codes: Vec<Code> = found.iter().map(|d| d.code).collect();
        // Syntax errors always; vague-purpose selected over the file's
        // `allow`; L201 selected and ignored: ignored.
        assert_eq!(codes, [Code::SyntaxError, Code::VaguePurpose]);

        let config = Config::default()
            .with_selection(&[], &names(&["unused-definition"]))
            .unwrap();
        let mut found = all();
        config.select(&mut found);
        assert_eq!(found.len(), 3);

        let unknown = Config::default()
            .with_selection(&names(&["L999"]), &[])
            .unwrap_err();
        assert!(
            unknown.contains("`--select L999`: no such code"),
            "{unknown}"
        );
        assert!(
            Config::default()
                .with_selection(&[], &names(&["syntax-error"]))
                .is_err()
        );
    }
}
