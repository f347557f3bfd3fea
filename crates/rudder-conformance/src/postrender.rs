//! The `postrender` suite: every corpus chart (prepared as for `template`, default values)
//! through `template <chart> --post-renderer <plugin>` with two `postrenderer/v1` plugins,
//! rudder against the reference Helm byte for byte (exit status, stdout, stderr):
//!
//! * `identity`: `cat`, so the output is Helm's YAML round trip around post-renderers alone
//!   (`annotateAndMerge` → plugin → `splitAndDeannotate`, kyaml on both sides);
//! * `labeler`: adds the label `post-rendered: "yes"` to every document's `metadata`, hooks
//!   included (awk, on the block-style YAML kyaml writes).
//!
//! First run (2026-11-22, 130 charts): 238/260 identical. The 22 others are not the round
//! trip: 14 are charts whose templates draw random values (`genCA`, `randAlphaNum`: bitnami
//! nginx, postgresql and redis, elasticsearch, grafana, jenkins, kube-prometheus-stack), 8 are
//! the four Helm test charts on which the reference Helm dies of a Go panic while rudder
//! refuses them (as in the `template` suite).
//!
//! Both tools run with a `HOME` of their own for this suite, whose Helm data directory holds
//! the two plugins (`$HOME/.local/share/helm/plugins`), so no other suite sees them. Nothing
//! is masked beyond what the other offline suites mask.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Result;

use crate::exec::Tool;
use crate::offline::OfflineCase;

/// The label-adding plugin's program: after every top-level `metadata:` line, the label goes
/// under an existing `labels:` mapping, or a `labels:` mapping is added at the block's end.
const LABELER: &str = r#"#!/bin/sh
exec awk '
function add() { print "  labels:"; print "    post-rendered: \"yes\"" }
/^metadata:$/ { print; inmeta = 1; done = 0; next }
inmeta && /^  labels:$/ { print; print "    post-rendered: \"yes\""; done = 1; next }
inmeta && /^  labels: \{\}$/ { add(); done = 1; next }
inmeta && !/^  / { if (!done) add(); inmeta = 0 }
{ print }
END { if (inmeta && !done) add() }
'
"#;

fn plugin_yaml(name: &str) -> String {
    format!(
        "name: {name}\nversion: 0.1.0\ntype: postrenderer/v1\napiVersion: v1\nruntime: subprocess\nruntimeConfig:\n  platformCommand:\n  - command: ${{HELM_PLUGIN_DIR}}/run.sh\n"
    )
}

/// Writes the suite's `HOME` with its two plugins.
fn write_home(home: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    let plugins = home.join(".local/share/helm/plugins");
    for (name, script) in [("identity", "#!/bin/sh\nexec cat\n"), ("labeler", LABELER)] {
        let dir = plugins.join(name);
        fs_err::create_dir_all(&dir)?;
        fs_err::write(dir.join("plugin.yaml"), plugin_yaml(name))?;
        let run = dir.join("run.sh");
        fs_err::write(&run, script)?;
        fs_err::set_permissions(&run, std::fs::Permissions::from_mode(0o755))?;
    }
    Ok(())
}

/// The suite's cases for the prepared charts (`(corpus id, path)`).
pub(crate) fn cases(charts: &[(String, PathBuf)]) -> Vec<OfflineCase> {
    let mut out = Vec::new();
    for (id, path) in charts {
        for plugin in ["identity", "labeler"] {
            out.push(OfflineCase {
                id: format!("{id}/{plugin}"),
                args: vec![
                    "template".to_owned(),
                    path.to_string_lossy().into_owned(),
                    "--post-renderer".to_owned(),
                    plugin.to_owned(),
                ],
            });
        }
    }
    out
}

/// Runs the suite: returns (identical, total).
///
/// # Errors
/// The suite's `HOME` cannot be written, or a tool cannot run.
pub(crate) fn run(
    charts: &[(String, PathBuf)],
    helm: &Tool,
    rudder: &Tool,
    work: &Path,
    report: &Path,
    timeout: Duration,
) -> Result<(usize, usize)> {
    let home = work.join("postrender-home");
    write_home(&home)?;
    let scratch = work.join("tmp");
    let helm = Tool::new(helm.program.clone(), home.clone(), scratch.clone(), timeout);
    let rudder = Tool::new(rudder.program.clone(), home, scratch.clone(), timeout);
    crate::offline::run(&cases(charts), &helm, &rudder, &scratch, report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labeler(input: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("run.sh");
        fs_err::write(&script, LABELER).unwrap();
        let out = std::process::Command::new("sh")
            .arg(&script)
            .stdin(
                std::fs::File::open({
                    let p = dir.path().join("in");
                    fs_err::write(&p, input).unwrap();
                    p
                })
                .unwrap(),
            )
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    }

    #[test]
    fn labeler_adds_one_label_per_document() {
        let input = "apiVersion: v1\nkind: A\nmetadata:\n  name: a\n  labels:\n    x: y\nspec: {}\n---\nkind: B\nmetadata:\n  name: b\n---\nkind: C\nmetadata:\n  labels: {}\n  name: c\n";
        assert_eq!(
            labeler(input),
            "apiVersion: v1\nkind: A\nmetadata:\n  name: a\n  labels:\n    post-rendered: \"yes\"\n    x: y\nspec: {}\n---\nkind: B\nmetadata:\n  name: b\n  labels:\n    post-rendered: \"yes\"\n---\nkind: C\nmetadata:\n  labels:\n    post-rendered: \"yes\"\n  name: c\n"
        );
    }

    #[test]
    fn two_cases_per_chart() {
        let cases = cases(&[("a".to_owned(), PathBuf::from("/c/a"))]);
        let ids: Vec<&str> = cases.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["a/identity", "a/labeler"]);
        assert_eq!(
            cases[1].args,
            ["template", "/c/a", "--post-renderer", "labeler"]
        );
    }
}
