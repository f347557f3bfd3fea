//! `rudder completion` against the reference Helm, as `helm` and under another name.

mod support;

use support::Sandbox;

#[test]
fn scripts_as_helm() {
    let sandbox = Sandbox::new();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        for extra in [None, Some("--no-descriptions")] {
            let mut args = vec!["completion", shell];
            args.extend(extra);
            let run = sandbox.same_as_helm(&args);
            assert_eq!(run.code, 0);
            assert!(run.stdout.contains("__complete"), "{shell}");
        }
    }
}

#[test]
fn scripts_under_another_name_add_helm_s_hook() {
    let sandbox = Sandbox::new();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let ours = sandbox.rudder(&["completion", shell]);
        if let Some(theirs) = sandbox.reference_named("rudder", &["completion", shell]) {
            assert_eq!(ours, theirs, "{shell}");
        }
        insta::assert_snapshot!(
            format!("completion_{shell}_tail"),
            ours.stdout
                .lines()
                .rev()
                .take(6)
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

#[test]
fn help_and_errors() {
    let sandbox = Sandbox::new();
    insta::assert_snapshot!(
        "completion_help",
        sandbox.same_as_helm(&["completion", "--help"]).render()
    );
    insta::assert_snapshot!(
        "completion_bash_help",
        sandbox.same_as_helm(&["completion", "bash", "-h"]).render()
    );
    insta::assert_snapshot!(
        "completion_extra_arg",
        sandbox.same_as_helm(&["completion", "bash", "x"]).render()
    );
    insta::assert_snapshot!(
        "completion_unknown_shell",
        sandbox.same_as_helm(&["completion", "tcsh"]).render()
    );
}
