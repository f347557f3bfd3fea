//! Every command and subcommand of Helm v4.2.4's tree, asked for its help in each way cobra
//! offers (`--help`, `-h`, `help <command>`, a group without a subcommand, an alias), against
//! the reference Helm. One table per family; rudder's texts are pinned in snapshots.

mod support;
mod table;

use support::Sandbox;
use table::{Case, Known, case, same_as_helm_table};

/// Helm v4.2.4's command tree (`helm --help` and each group's `--help`), by path.
const COMMANDS: &[&str] = &[
    "completion",
    "completion bash",
    "completion fish",
    "completion powershell",
    "completion zsh",
    "create",
    "dependency",
    "dependency build",
    "dependency list",
    "dependency update",
    "env",
    "get",
    "get all",
    "get hooks",
    "get manifest",
    "get metadata",
    "get notes",
    "get values",
    "help",
    "history",
    "install",
    "lint",
    "list",
    "package",
    "plugin",
    "plugin install",
    "plugin list",
    "plugin package",
    "plugin uninstall",
    "plugin update",
    "plugin verify",
    "pull",
    "push",
    "registry",
    "registry login",
    "registry logout",
    "repo",
    "repo add",
    "repo index",
    "repo list",
    "repo remove",
    "repo update",
    "rollback",
    "search",
    "search hub",
    "search repo",
    "show",
    "show all",
    "show chart",
    "show crds",
    "show readme",
    "show values",
    "status",
    "template",
    "test",
    "uninstall",
    "upgrade",
    "verify",
    "version",
];

/// The commands rudder does not implement yet (placeholders): their help lists no flags and
/// no long description. COMPATIBILITY.md, "Commands not implemented yet".
const PLACEHOLDER_HELP: &str = "placeholder command: no long text or flags yet";

fn placeholder(path: &str) -> bool {
    [
        "plugin", "pull", "push", "registry", "repo", "search", "verify",
    ]
    .iter()
    .any(|p| path == *p || path.starts_with(&format!("{p} ")))
}

fn help_cases(path: &str, flag: &str) -> (Vec<Case>, Vec<Known>) {
    let mut args: Vec<&str> = path.split(' ').collect();
    args.push(flag);
    let c = case(&args);
    let known = if placeholder(path)
        && !matches!(path, "plugin uninstall" | "plugin update" | "repo remove")
    {
        vec![Known {
            label: Box::leak(c.label.clone().into_boxed_str()),
            reason: PLACEHOLDER_HELP,
        }]
    } else {
        Vec::new()
    };
    (vec![c], known)
}

fn family(name: &str, root: &str, flag: &str) {
    let sandbox = Sandbox::new();
    let mut cases = Vec::new();
    let mut known = Vec::new();
    for path in COMMANDS
        .iter()
        .filter(|p| **p == root || p.starts_with(&format!("{root} ")))
    {
        let (c, k) = help_cases(path, flag);
        cases.extend(c);
        known.extend(k);
    }
    assert!(!cases.is_empty(), "no command under {root}");
    insta::assert_snapshot!(name, same_as_helm_table(&sandbox, &cases, &known));
}

#[test]
fn every_command_is_in_the_table() {
    // The root's own list of commands, as rudder prints it, names exactly the table's roots.
    let sandbox = Sandbox::new();
    let run = sandbox.as_helm(&["--help"]);
    let listed: Vec<&str> = run
        .stdout
        .split("Available Commands:\n")
        .nth(1)
        .expect("command list")
        .split("\n\n")
        .next()
        .expect("list end")
        .lines()
        .map(|line| line.split_whitespace().next().expect("name"))
        .collect();
    let roots: Vec<&str> = COMMANDS
        .iter()
        .filter(|p| !p.contains(' '))
        .copied()
        .collect();
    assert_eq!(listed, roots);
}

#[test]
fn help_completion() {
    family("help_completion", "completion", "--help");
}

#[test]
fn help_create_env_version() {
    let sandbox = Sandbox::new();
    let cases: Vec<Case> = ["create", "env", "version", "help"]
        .iter()
        .flat_map(|c| [case(&[c, "--help"]), case(&[c, "-h"])])
        .chain([
            case(&["help", "create"]),
            case(&["help", "help"]),
            case(&["help", "dependency", "build"]),
            case(&["help", "show", "nope"]),
        ])
        .collect();
    insta::assert_snapshot!(
        "help_create_env_version",
        same_as_helm_table(&sandbox, &cases, &[])
    );
}

#[test]
fn help_chart_commands() {
    let sandbox = Sandbox::new();
    let mut cases = Vec::new();
    for path in ["template", "lint", "package", "dependency", "show"] {
        for p in COMMANDS
            .iter()
            .filter(|c| **c == path || c.starts_with(&format!("{path} ")))
        {
            let mut args: Vec<&str> = p.split(' ').collect();
            args.push("--help");
            cases.push(case(&args));
        }
    }
    // Groups without a subcommand print their help; aliases resolve to the same command.
    cases.extend([
        case(&["dependency"]),
        case(&["dep"]),
        case(&["dependencies", "ls", "-h"]),
        case(&["dep", "up", "-h"]),
        case(&["show"]),
        case(&["inspect", "values", "-h"]),
        case(&["show", "values", "--help", "--jsonpath", "{.x}"]),
    ]);
    insta::assert_snapshot!(
        "help_chart_commands",
        same_as_helm_table(&sandbox, &cases, &[])
    );
}

#[test]
fn help_release_commands() {
    let sandbox = Sandbox::new();
    let mut cases = Vec::new();
    for path in [
        "install",
        "upgrade",
        "rollback",
        "uninstall",
        "status",
        "history",
        "list",
        "test",
        "get",
    ] {
        for p in COMMANDS
            .iter()
            .filter(|c| **c == path || c.starts_with(&format!("{path} ")))
        {
            let mut args: Vec<&str> = p.split(' ').collect();
            args.push("--help");
            cases.push(case(&args));
        }
    }
    cases.extend([
        case(&["get"]),
        case(&["ls", "-h"]),
        case(&["hist", "-h"]),
        case(&["del", "-h"]),
        case(&["delete", "-h"]),
        case(&["un", "-h"]),
        case(&["install", "-h", "--wait=nonsense"]),
        case(&["-n", "ns", "status", "--help"]),
    ]);
    insta::assert_snapshot!(
        "help_release_commands",
        same_as_helm_table(&sandbox, &cases, &[])
    );
}

#[test]
fn help_not_implemented_commands() {
    let sandbox = Sandbox::new();
    let mut cases = Vec::new();
    let mut known = Vec::new();
    for root in [
        "plugin", "pull", "push", "registry", "repo", "search", "verify",
    ] {
        for path in COMMANDS
            .iter()
            .filter(|p| **p == root || p.starts_with(&format!("{root} ")))
        {
            let (c, k) = help_cases(path, "--help");
            cases.extend(c);
            known.extend(k);
        }
    }
    // Groups without a subcommand print their help (cobra's, from the Short text).
    for (group, differs) in [
        ("plugin", true),
        ("registry", true),
        ("repo", true),
        ("search", true),
    ] {
        let c = case(&[group]);
        if differs {
            known.push(Known {
                label: Box::leak(c.label.clone().into_boxed_str()),
                reason: PLACEHOLDER_HELP,
            });
        }
        cases.push(c);
    }
    insta::assert_snapshot!(
        "help_not_implemented",
        same_as_helm_table(&sandbox, &cases, &known)
    );
}
