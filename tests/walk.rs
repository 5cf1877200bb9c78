//! The one file walk of `check`, `fmt` and `import fides` (src/load/walk.rs)
//! and the one safe writer (src/fmt/files.rs): ignore files and hidden
//! folders, loops, links out of the root, FIFOs and devices, `exclude`,
//! and writes that stay where they were asked and keep what they replace.

#![cfg(unix)]

mod common;

use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::{Run, run, temp_dir};

fn lawful(args: &[&str]) -> Run {
    run(args, Duration::from_secs(60))
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
}

/// The Fides demo manifests, copied into `dir`.
fn demo_manifests(dir: &Path) {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fides/demo");
    std::fs::create_dir_all(dir).unwrap();
    for entry in std::fs::read_dir(demo).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
}

#[test]
fn gitignore_ignore_and_hidden_folders_are_skipped_unless_no_ignore() {
    let dir = temp_dir("ignore");
    // A repository: `.gitignore` applies inside one only, as for git.
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    write(&dir.join("good.policy"), "data email\n");
    write(&dir.join(".gitignore"), "node_modules/\nbuild.policy\n");
    write(&dir.join(".ignore"), "skipped/\n");
    for broken in [
        "node_modules/n.policy",
        "build.policy",
        ".hidden/h.policy",
        "skipped/s.policy",
    ] {
        write(&dir.join(broken), "nonsense\n");
    }
    let checked = lawful(&["check", "--format", "short", s(&dir)]);
    assert_eq!(checked.code, 0, "{}", checked.stdout);
    assert!(checked.stdout.contains("in 1 file"), "{}", checked.stdout);
    let all = lawful(&["check", "--format", "short", "--no-ignore", s(&dir)]);
    assert_eq!(all.code, 1, "{}", all.stdout);
    for broken in ["n.policy", "build.policy", "h.policy", "s.policy"] {
        assert!(all.stdout.contains(broken), "{broken}: {}", all.stdout);
    }
    let formatted = lawful(&["fmt", "--check", s(&dir)]);
    assert_eq!(formatted.code, 0, "{}", formatted.stderr);
    let formatted = lawful(&["fmt", "--check", "--no-ignore", s(&dir)]);
    assert_eq!(formatted.code, 1, "{}", formatted.stderr);
    assert!(
        formatted.stderr.contains("4 not formatted (syntax errors)"),
        "{}",
        formatted.stderr
    );

    let manifests = dir.join("manifests");
    demo_manifests(&manifests);
    write(&manifests.join(".drafts/broken.yml"), "dataset: [\n");
    let imported = lawful(&["import", "fides", s(&manifests)]);
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    let imported = lawful(&["import", "fides", "--no-ignore", s(&manifests)]);
    assert_eq!(imported.code, 2, "{}", imported.stderr);
    assert!(
        imported.stderr.contains("broken.yml"),
        "{}",
        imported.stderr
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// A directory link to `/` used to walk the whole file system.
#[test]
fn a_link_to_the_file_system_root_is_refused_not_walked() {
    let dir = temp_dir("slash");
    write(&dir.join("a.policy"), "data email\n");
    demo_manifests(&dir);
    symlink("/", dir.join("everything")).unwrap();
    let words = "everything: error: is a link to a directory outside the directory walked";
    let checked = lawful(&["check", "--format", "short", s(&dir)]);
    assert_eq!(checked.code, 2, "{}", checked.stdout);
    assert!(checked.stdout.contains(words), "{}", checked.stdout);
    assert!(checked.stdout.contains("in 1 file"), "{}", checked.stdout);
    let formatted = lawful(&["fmt", "--check", s(&dir)]);
    assert_eq!(formatted.code, 2, "{}", formatted.stderr);
    assert!(
        formatted
            .stderr
            .contains("is a link to a directory outside")
    );
    let imported = lawful(&["import", "fides", s(&dir)]);
    assert_eq!(imported.code, 2, "{}", imported.stderr);
    assert!(
        imported.stderr.contains("is a link to a directory outside"),
        "{}",
        imported.stderr
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// One loop imported the manifests 41 times; two never ended.
#[test]
fn directory_loops_are_walked_once() {
    let dir = temp_dir("loops");
    let plain = dir.join("plain");
    demo_manifests(&plain.join("a"));
    std::fs::create_dir_all(plain.join("b")).unwrap();
    let expected = lawful(&["import", "fides", s(&plain)]);
    assert_eq!(expected.code, 0, "{}", expected.stderr);

    let looped = dir.join("looped");
    demo_manifests(&looped.join("a"));
    std::fs::create_dir_all(looped.join("b")).unwrap();
    symlink("../b", looped.join("a/to_b")).unwrap();
    symlink("../a", looped.join("b/to_a")).unwrap();
    symlink(".", looped.join("b/itself")).unwrap();
    symlink("..", looped.join("a/up")).unwrap();
    let imported = lawful(&["import", "fides", s(&looped)]);
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    assert_eq!(imported.stdout, expected.stdout);

    write(&looped.join("a/p.policy"), "data email\n");
    let checked = lawful(&["check", "--format", "short", s(&looped)]);
    assert_eq!(checked.code, 0, "{}", checked.stdout);
    assert!(checked.stdout.contains("in 1 file"), "{}", checked.stdout);
    std::fs::remove_dir_all(dir).unwrap();
}

/// Makes a hostile file at the path given.
type MakeFile = &'static dyn Fn(&Path);

/// A FIFO named `*.yml` hung the import; a link to `/dev/zero` read until
/// memory ran out; a link out of the directory echoed the text of its
/// target in the YAML error.
#[test]
fn import_refuses_fifos_devices_and_links_out_without_reading_them() {
    let dir = temp_dir("import-hostile");
    write(
        &dir.join("outside/secret.yml"),
        "SECRET-MARKER: [never shown\n",
    );
    let cases: [(&str, MakeFile, &str); 3] = [
        (
            "fifo.yml",
            &|p| mkfifo(p),
            "fifo.yml: is not a regular file (a pipe, socket or device); not read",
        ),
        (
            "zero.yml",
            &|p| symlink("/dev/zero", p).unwrap(),
            "zero.yml: is a link to a file outside the directory walked; not read",
        ),
        (
            "secret.yml",
            &|p| symlink("../../outside/secret.yml", p).unwrap(),
            "secret.yml: is a link to a file outside the directory walked; not read",
        ),
    ];
    for (name, make, words) in cases {
        let manifests = dir.join(format!("case-{name}/manifests"));
        demo_manifests(&manifests);
        make(&manifests.join(name));
        let imported = lawful(&["import", "fides", s(&manifests)]);
        assert_eq!(imported.code, 2, "{name}: {}", imported.stderr);
        assert!(
            imported.stderr.contains(words),
            "{name}: {}",
            imported.stderr
        );
        assert!(
            !imported.stderr.contains("SECRET-MARKER"),
            "{}",
            imported.stderr
        );
        assert!(imported.stdout.is_empty(), "{name}: nothing is imported");
    }
    let device = lawful(&["import", "fides", "/dev/zero"]);
    assert_eq!(device.code, 2, "{}", device.stderr);
    assert!(
        device.stderr.contains("/dev/zero: is not a regular file"),
        "{}",
        device.stderr
    );

    write(&dir.join("outside/secret.policy"), "SECRET-MARKER here\n");
    let policies = dir.join("policies");
    write(&policies.join("a.policy"), "data email\n");
    symlink("../outside/secret.policy", policies.join("secret.policy")).unwrap();
    let checked = lawful(&["check", s(&policies)]);
    assert_eq!(checked.code, 2, "{}", checked.stdout);
    assert!(
        !checked.stdout.contains("SECRET-MARKER"),
        "{}",
        checked.stdout
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// The walker reads `.gitignore` and `.ignore` line by line without a
/// limit: one that is a FIFO or a link to a device stops its directory.
#[test]
fn an_ignore_file_that_cannot_be_read_safely_stops_its_directory() {
    let dir = temp_dir("ignore-fifo");
    write(&dir.join("a.policy"), "data email\n");
    write(&dir.join("sub/b.policy"), "data other\n");
    symlink("/dev/zero", dir.join("sub/.ignore")).unwrap();
    let checked = lawful(&["check", "--format", "short", s(&dir)]);
    assert_eq!(checked.code, 2, "{}", checked.stdout);
    assert!(
        checked
            .stdout
            .contains("sub/.ignore: error: is not a regular file (a pipe, socket or device), so"),
        "{}",
        checked.stdout
    );
    assert!(checked.stdout.contains("in 1 file"), "{}", checked.stdout);
    mkfifo(&dir.join(".gitignore"));
    let checked = lawful(&["check", "--format", "short", s(&dir)]);
    assert_eq!(checked.code, 2, "{}", checked.stdout);
    assert!(
        checked
            .stdout
            .contains(".gitignore: error: is not a regular file"),
        "{}",
        checked.stdout
    );
    let all = lawful(&["check", "--format", "short", "--no-ignore", s(&dir)]);
    assert_eq!(all.code, 0, "no ignore file is read: {}", all.stdout);
    assert!(all.stdout.contains("in 2 files"), "{}", all.stdout);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn exclude_applies_to_named_files_only_with_force_exclude() {
    let dir = temp_dir("force-exclude");
    write(&dir.join("lawful.toml"), "exclude = [\"drafts/**\"]\n");
    let draft = dir.join("drafts/draft.policy");
    write(&draft, "nonsense\n");
    assert_eq!(lawful(&["check", s(&draft)]).code, 1);
    let skipped = lawful(&["check", "--format", "short", "--force-exclude", s(&draft)]);
    assert_eq!(skipped.code, 0, "{}", skipped.stdout);
    assert!(skipped.stdout.contains("in 0 files"), "{}", skipped.stdout);
    assert_eq!(lawful(&["fmt", "--check", s(&draft)]).code, 1);
    assert_eq!(
        lawful(&["fmt", "--check", "--force-exclude", s(&draft)]).code,
        0
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn finding_no_policy_at_all_is_an_error() {
    let dir = temp_dir("empty");
    let checked = lawful(&["check", s(&dir)]);
    assert_eq!(checked.code, 2, "{}", checked.stdout);
    assert!(
        checked
            .stdout
            .contains("-empty: no policy files (`*.policy`) found here"),
        "{}",
        checked.stdout
    );
    let formatted = lawful(&["fmt", s(&dir)]);
    assert_eq!(formatted.code, 2, "{}", formatted.stderr);
    assert!(formatted.stderr.contains("no policy files"));
    // Only hidden ones: the message says how to reach them.
    write(&dir.join(".drafts/a.policy"), "data email\n");
    let hidden = lawful(&["check", s(&dir)]);
    assert_eq!(hidden.code, 2, "{}", hidden.stdout);
    assert!(hidden.stdout.contains("`--no-ignore`"), "{}", hidden.stdout);
    std::fs::remove_dir_all(dir).unwrap();
}

/// `fmt DIR` rewrote files outside DIR through file and directory links.
#[test]
fn fmt_never_rewrites_a_file_outside_its_directory() {
    let dir = temp_dir("fmt-outside");
    let unformatted = "data   email\n";
    write(&dir.join("outside/o.policy"), unformatted);
    write(&dir.join("outside/sub/p.policy"), unformatted);
    let own = dir.join("policies/own.policy");
    write(&own, unformatted);
    symlink("../outside/o.policy", dir.join("policies/link.policy")).unwrap();
    symlink("../outside/sub", dir.join("policies/dirlink")).unwrap();
    let formatted = lawful(&["fmt", s(&dir.join("policies"))]);
    assert_eq!(formatted.code, 2, "{}", formatted.stderr);
    assert!(
        formatted
            .stderr
            .contains("link.policy: is a link to a file outside the directory walked"),
        "{}",
        formatted.stderr
    );
    assert!(
        formatted
            .stderr
            .contains("dirlink: is a link to a directory outside the directory walked"),
        "{}",
        formatted.stderr
    );
    assert_eq!(read(&dir.join("outside/o.policy")), unformatted);
    assert_eq!(read(&dir.join("outside/sub/p.policy")), unformatted);
    assert_eq!(read(&own), "data email\n", "the file inside is formatted");
    let named = lawful(&["fmt", s(&dir.join("policies/link.policy"))]);
    assert_eq!(named.code, 2, "{}", named.stderr);
    assert_eq!(read(&dir.join("outside/o.policy")), unformatted);
    std::fs::remove_dir_all(dir).unwrap();
}

/// fmt's temporary file was `.<name>.lawful-fmt-<pid>.tmp`, created
/// without refusing what was already there: a link planted under that name
/// made it overwrite the link's target.
#[test]
fn a_planted_temporary_file_cannot_redirect_a_write() {
    let dir = temp_dir("planted");
    let victim = dir.join("victim.txt");
    write(&victim, "untouched\n");
    let target = dir.join("a.policy");
    write(&target, "data   email\n");
    let planted = dir.join(format!(".a.policy.lawful-fmt-{}.tmp", std::process::id()));
    symlink(&victim, &planted).unwrap();
    lawful::fmt::write_atomically(&target, "data email\n").unwrap();
    assert_eq!(read(&victim), "untouched\n");
    assert_eq!(read(&target), "data email\n");
    let mut left: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    let planted_name = planted.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(left, [planted_name, "a.policy".into(), "victim.txt".into()]);
    std::fs::remove_dir_all(dir).unwrap();
}

/// fmt changed the owner of the files it rewrote (to whoever ran it).
#[test]
fn a_rewritten_file_keeps_its_mode_and_owner() {
    let dir = temp_dir("owner");
    let file = dir.join("a.policy");
    write(&file, "data   email\n");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    // Only a privileged run can give the file to someone else; otherwise
    // the owner is this user's and must stay so.
    let chowned = std::os::unix::fs::chown(&file, Some(4242), Some(4243)).is_ok();
    let before = std::fs::metadata(&file).unwrap();
    let formatted = lawful(&["fmt", s(&dir)]);
    assert_eq!(formatted.code, 0, "{}", formatted.stderr);
    assert_eq!(read(&file), "data email\n");
    let after = std::fs::metadata(&file).unwrap();
    assert_ne!(before.ino(), after.ino(), "replaced, not written in place");
    assert_eq!(after.mode() & 0o7777, 0o640);
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
    if chowned {
        assert_eq!((after.uid(), after.gid()), (4242, 4243));
    }
    std::fs::remove_dir_all(dir).unwrap();
}

/// A rename breaks a hard link silently: fmt refuses instead.
#[test]
fn a_file_with_other_hard_links_is_refused_not_broken() {
    let dir = temp_dir("hard-links");
    let unformatted = "data   email\n";
    let file = dir.join("policies/a.policy");
    write(&file, unformatted);
    std::fs::hard_link(&file, dir.join("other-name.policy")).unwrap();
    let formatted = lawful(&["fmt", s(&dir.join("policies"))]);
    assert_eq!(formatted.code, 2, "{}", formatted.stderr);
    assert!(
        formatted.stderr.contains("a.policy: has 2 hard links"),
        "{}",
        formatted.stderr
    );
    assert_eq!(read(&file), unformatted);
    assert_eq!(
        std::fs::metadata(&file).unwrap().nlink(),
        2,
        "still one file"
    );
    let checked = lawful(&["fmt", "--check", s(&dir.join("policies"))]);
    assert_eq!(
        checked.code, 1,
        "--check writes nothing: {}",
        checked.stderr
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// `import -o` followed a link at OUT and wrote in place.
#[test]
fn import_output_is_written_atomically_and_never_through_a_link() {
    let dir = temp_dir("import-out");
    let manifests = dir.join("manifests");
    demo_manifests(&manifests);
    let victim = dir.join("victim.txt");
    write(&victim, "untouched\n");
    let link = dir.join("out-link.policy");
    symlink(&victim, &link).unwrap();
    let through_link = lawful(&["import", "fides", s(&manifests), "-o", s(&link)]);
    assert_eq!(through_link.code, 2, "{}", through_link.stderr);
    assert!(
        through_link
            .stderr
            .contains("out-link.policy: is a symbolic link"),
        "{}",
        through_link.stderr
    );
    assert_eq!(read(&victim), "untouched\n");
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink());

    let hard = dir.join("hard.policy");
    std::fs::hard_link(&victim, &hard).unwrap();
    let hard_linked = lawful(&["import", "fides", s(&manifests), "-o", s(&hard)]);
    assert_eq!(hard_linked.code, 2, "{}", hard_linked.stderr);
    assert_eq!(read(&victim), "untouched\n");

    let out = dir.join("out/new.policy");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    let written = lawful(&["import", "fides", s(&manifests), "-o", s(&out)]);
    assert_eq!(written.code, 0, "{}", written.stderr);
    let printed = lawful(&["import", "fides", s(&manifests)]);
    assert_eq!(read(&out), printed.stdout);
    let names: Vec<_> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["new.policy"], "no temporary file is left");
    std::fs::remove_dir_all(dir).unwrap();
}

/// A `lawful.toml` that is a FIFO was passed over in silence (and read,
/// it would block): it is an error naming the file.
#[test]
fn a_lawful_toml_that_is_not_a_regular_file_is_an_error() {
    let dir = temp_dir("toml-fifo");
    let policy = dir.join("a.policy");
    write(&policy, "data email\n");
    mkfifo(&dir.join("lawful.toml"));
    let checked = lawful(&["check", s(&policy)]);
    assert_eq!(checked.code, 2, "{}", checked.stdout);
    let all = checked.stdout + &checked.stderr;
    assert!(
        all.contains("lawful.toml") && all.contains("is not a regular file"),
        "{all}"
    );
    let formatted = lawful(&["fmt", "--check", s(&policy)]);
    assert_eq!(formatted.code, 2, "{}", formatted.stderr);
    std::fs::remove_dir_all(dir).unwrap();
}
