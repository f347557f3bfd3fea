//! `--post-renderer` plugins (Helm 4: a `postrenderer/v1` plugin named by the flag, looked up
//! when the flag is set) against the reference Helm: `template` and `install --dry-run` with
//! plugins that edit, take arguments, fail, print nothing, print invalid YAML or add documents,
//! and the lookup errors (not found, wrong type, legacy plugin, flag given twice). Each case
//! asserts rudder's exit code, stdout and stderr equal Helm's, then pins them in a snapshot.

mod support;

use std::fmt::Write as _;
use std::os::unix::fs::PermissionsExt as _;

use support::Sandbox;

/// A post-renderer plugin `name` running `script` (sh) from its directory.
fn plugin(sandbox: &Sandbox, name: &str, script: &str) {
    sandbox.write(
        &format!("plugins/{name}/plugin.yaml"),
        &format!(
            "name: \"{name}\"\nversion: \"0.1.0\"\ntype: postrenderer/v1\napiVersion: v1\nruntime: subprocess\nruntimeConfig:\n  platformCommand:\n  - command: \"${{HELM_PLUGIN_DIR}}/run.sh\"\n"
        ),
    );
    let path = format!("plugins/{name}/run.sh");
    sandbox.write(&path, &format!("#!/bin/sh\n{script}\n"));
    std::fs::set_permissions(
        sandbox.work().join(path),
        std::fs::Permissions::from_mode(0o755),
    )
    .expect("chmod");
}

fn sandbox() -> Sandbox {
    let mut sandbox = Sandbox::with_charts();
    let plugins = sandbox.work().join("plugins");
    sandbox.env("HELM_PLUGINS", &plugins.to_string_lossy());
    sandbox.write(
        "hooked/Chart.yaml",
        "apiVersion: v2\nname: hooked\nversion: 0.1.0\n",
    );
    sandbox.write(
        "hooked/templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-a\ndata:\n  # a comment\n  x: \"FOOTEST\"\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}-svc\nspec:\n  ports:\n  - port: 80\n",
    );
    sandbox.write(
        "hooked/templates/hook.yaml",
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ .Release.Name }}-pre\n  annotations:\n    helm.sh/hook: pre-install,pre-upgrade\n    helm.sh/hook-weight: \"1\"\nspec:\n  template:\n    metadata:\n      name: x\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: c\n        image: busybox\n",
    );
    sandbox.write(
        "hooked/templates/NOTES.txt",
        "Thanks for installing {{ .Release.Name }}.\n",
    );
    sandbox.write(
        "hooked/templates/_helpers.tpl",
        "{{- define \"x\" }}x{{ end }}\n",
    );
    plugin(
        &sandbox,
        "labeler",
        "sed 's/^metadata:$/metadata:\\n  labels:\\n    post-rendered: \"yes\"/'",
    );
    plugin(&sandbox, "identity", "cat");
    plugin(
        &sandbox,
        "args",
        "if [ $# -eq 0 ]; then sed s/FOOTEST/BARTEST/g; else sed s/FOOTEST/\"$*\"/g; fi",
    );
    plugin(
        &sandbox,
        "fails",
        "cat >/dev/null\necho 'it broke' >&2\nexit 1",
    );
    plugin(&sandbox, "silent", "cat >/dev/null");
    plugin(&sandbox, "garbage", "cat >/dev/null\necho 'a: [b'");
    plugin(
        &sandbox,
        "adds",
        "cat\nprintf -- '---\\napiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: added\\n'",
    );
    plugin(
        &sandbox,
        "drops-hooks",
        "awk 'BEGIN{RS=\"---\\n\"; ORS=\"\"} !/helm.sh\\/hook/ {print \"---\\n\" $0}'",
    );
    plugin(
        &sandbox,
        "env",
        "cat >/dev/null\necho \"name: $HELM_PLUGIN_NAME\"\necho \"dir: $HELM_PLUGIN_DIR\" | sed 's|/.*/plugins/|/PLUGINS/|'",
    );
    // A CLI plugin and a legacy plugin: neither is a post-renderer.
    sandbox.write(
        "plugins/cli-one/plugin.yaml",
        "name: cli-one\nversion: 0.1.0\ntype: cli/v1\napiVersion: v1\nruntime: subprocess\nruntimeConfig:\n  platformCommand:\n  - command: cat\n",
    );
    sandbox.write(
        "plugins/old/plugin.yaml",
        "name: old\nversion: 0.1.0\nusage: old\ncommand: cat\n",
    );
    sandbox.write(
        "plugins/nowhere/plugin.yaml",
        "name: nowhere\nversion: 0.1.0\ntype: postrenderer/v1\napiVersion: v1\nruntime: subprocess\nruntimeConfig:\n  platformCommand:\n  - os: plan9\n    command: cat\n",
    );
    sandbox.write(
        "plugins/missing-bin/plugin.yaml",
        "name: missing-bin\nversion: 0.1.0\ntype: postrenderer/v1\napiVersion: v1\nruntime: subprocess\nruntimeConfig:\n  platformCommand:\n  - command: no-such-post-renderer-binary\n",
    );
    sandbox
}

/// `LAST DEPLOYED: <now>` of install's output.
fn scrub_time(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.starts_with("LAST DEPLOYED: ") {
                "LAST DEPLOYED: [TIME]"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn table(name: &str, cases: &[&[&str]]) {
    let s = sandbox();
    let mut text = String::new();
    for args in cases {
        let ours = scrub_time(&s.as_helm(args).render());
        if let Some(theirs) = s.reference(args) {
            assert_eq!(
                ours,
                scrub_time(&theirs.render()),
                "rudder (left) and the reference Helm (right) differ for {args:?}"
            );
        }
        let _ = write!(text, "=== helm {}\n{ours}", args.join(" "));
    }
    insta::assert_snapshot!(name, text);
}

#[test]
fn template_with_plugins() {
    table(
        "postrender_template",
        &[
            &["template", "r", "hooked", "--post-renderer", "labeler"],
            &["template", "r", "hooked", "--post-renderer", "identity"],
            &["template", "charts/basic", "--post-renderer", "labeler"],
            &["template", "r", "hooked", "--post-renderer", "args"],
            &[
                "template",
                "r",
                "hooked",
                "--post-renderer",
                "args",
                "--post-renderer-args",
                "one",
                "--post-renderer-args",
                "two",
            ],
            &[
                "template",
                "r",
                "hooked",
                "--post-renderer-args",
                "before",
                "--post-renderer",
                "args",
            ],
            &["template", "r", "hooked", "--post-renderer-args", "alone"],
            &["template", "r", "hooked", "--post-renderer", ""],
            &["template", "r", "hooked", "--post-renderer", "adds"],
            &["template", "r", "hooked", "--post-renderer", "drops-hooks"],
            &[
                "template",
                "r",
                "hooked",
                "--post-renderer",
                "labeler",
                "--no-hooks",
            ],
            &[
                "template",
                "r",
                "hooked",
                "--post-renderer",
                "labeler",
                "-s",
                "templates/cm.yaml",
            ],
            &["template", "r", "hooked", "--post-renderer", "env"],
        ],
    );
}

#[test]
fn failing_plugins() {
    table(
        "postrender_failures",
        &[
            &["template", "r", "hooked", "--post-renderer", "fails"],
            &[
                "template",
                "r",
                "hooked",
                "--post-renderer",
                "fails",
                "--debug",
            ],
            &["template", "r", "hooked", "--post-renderer", "silent"],
            &["template", "r", "hooked", "--post-renderer", "garbage"],
            &["template", "r", "hooked", "--post-renderer", "nowhere"],
            &["template", "r", "hooked", "--post-renderer", "missing-bin"],
            &[
                "install",
                "r",
                "hooked",
                "--dry-run",
                "--post-renderer",
                "fails",
            ],
        ],
    );
}

#[test]
fn lookup_errors() {
    table(
        "postrender_lookup",
        &[
            &["template", "r", "hooked", "--post-renderer", "nope"],
            &["template", "r", "hooked", "--post-renderer", "cli-one"],
            &["template", "r", "hooked", "--post-renderer", "old"],
            &[
                "template",
                "r",
                "hooked",
                "--post-renderer",
                "labeler",
                "--post-renderer",
                "identity",
            ],
            &["template", "--post-renderer", "nope"],
            &["install", "r", "hooked", "--post-renderer", "nope"],
            &["upgrade", "r", "hooked", "--post-renderer", "nope"],
        ],
    );
}

#[test]
fn install_dry_run() {
    table(
        "postrender_install",
        &[
            &[
                "install",
                "r",
                "hooked",
                "--dry-run",
                "--post-renderer",
                "labeler",
            ],
            &[
                "install",
                "r",
                "hooked",
                "--dry-run",
                "--post-renderer",
                "args",
                "--post-renderer-args",
                "x y",
            ],
        ],
    );
}
