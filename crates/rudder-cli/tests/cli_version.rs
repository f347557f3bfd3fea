//! `rudder version`: Helm's `BuildInfo` line with rudder's commit (see COMPATIBILITY.md).

use std::process::Command;

fn rudder(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rudder"))
        .args(args)
        .output()
        .expect("run rudder");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The commit, tree state and compiler change with every build: scrub them.
fn scrub(text: &str) -> String {
    let mut out = String::new();
    for field in text.split(", ") {
        if !out.is_empty() {
            out.push_str(", ");
        }
        match field.split_once(':') {
            Some((key @ ("GitCommit" | "GitTreeState" | "GoVersion"), _)) => {
                out.push_str(key);
                out.push_str(":[scrubbed]");
            }
            _ => out.push_str(field),
        }
    }
    out
}

#[test]
fn version_prints_helm_build_info_with_rudder_version() {
    let (code, stdout, stderr) = rudder(&["version"]);
    assert_eq!(code, 0);
    assert_eq!(stderr, "");
    insta::assert_snapshot!(scrub(&stdout), @r#"version.BuildInfo{Version:"v4.2.4", GitCommit:[scrubbed], GitTreeState:[scrubbed], GoVersion:[scrubbed], KubeClientVersion:"v1.36", RudderVersion:"0.1.0"}"#);
    assert!(stdout.contains("GoVersion:\"rustc "), "{stdout}");
}

#[test]
fn version_short_is_version_plus_commit() {
    let (code, stdout, _) = rudder(&["version", "--short"]);
    assert_eq!(code, 0);
    let line = stdout.trim_end();
    // v4.2.4 alone when built outside git, else v4.2.4+g<7 hex digits>.
    let rest = line.strip_prefix("v4.2.4").expect(line);
    assert!(
        rest.is_empty() || (rest.len() == 9 && rest.starts_with("+g")),
        "{line}"
    );
}

#[test]
fn unknown_command_is_an_error() {
    let (code, stdout, stderr) = rudder(&["frobnicate"]);
    assert_eq!(code, 1);
    assert_eq!(stdout, "");
    insta::assert_snapshot!(stderr, @r#"
    Error: unknown command "frobnicate" for "rudder"
    Run 'rudder --help' for usage.
    "#);
}
