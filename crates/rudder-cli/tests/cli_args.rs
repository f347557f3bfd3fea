//! The argument layer against the reference Helm: help texts, argument and flag errors, the
//! root's name, exit codes. Each case runs rudder (as `helm`) and Helm and asserts identical
//! bytes (see `support`), then pins rudder's output in a snapshot.

mod support;

use support::Sandbox;

fn check(name: &str, args: &[&str]) {
    let sandbox = Sandbox::new();
    let run = sandbox.same_as_helm(args);
    insta::assert_snapshot!(name, run.render());
}

#[test]
fn root_help() {
    check("root_help", &["--help"]);
}

#[test]
fn root_without_arguments_prints_help() {
    check("root_no_args", &[]);
}

#[test]
fn help_command() {
    check("help_env", &["help", "env"]);
}

#[test]
fn help_for_an_unknown_topic() {
    check("help_unknown", &["help", "frobnicate"]);
}

#[test]
fn unknown_command_suggests() {
    check("unknown_command_suggests", &["templat"]);
}

#[test]
fn unknown_command() {
    check("unknown_command", &["frobnicate"]);
}

#[test]
fn version_help() {
    check("version_help", &["version", "-h"]);
}

#[test]
fn env_help_with_flags_around() {
    check("env_help", &["--debug", "env", "--help", "-n", "x"]);
}

#[test]
fn no_arguments_rule() {
    check("version_extra_argument", &["version", "extra"]);
}

#[test]
fn maximum_arguments_rule() {
    check("env_two_arguments", &["env", "a", "b"]);
}

#[test]
fn unknown_long_flag() {
    check("unknown_long_flag", &["version", "--x"]);
}

#[test]
fn unknown_shorthand_flag() {
    check("unknown_shorthand_flag", &["version", "-x"]);
}

#[test]
fn flag_needs_an_argument() {
    check("flag_needs_argument", &["env", "--kube-context"]);
}

#[test]
fn bad_bool_value() {
    check("bad_bool", &["env", "--debug=maybe"]);
}

#[test]
fn bad_int_value() {
    check("bad_int", &["env", "--burst-limit", "0x1g"]);
}

#[test]
fn bad_float_value() {
    check("bad_float", &["env", "--qps", "abc"]);
}

#[test]
fn bad_flag_syntax() {
    check("bad_flag_syntax", &["env", "---x"]);
}

#[test]
fn invalid_color_mode() {
    check("invalid_color", &["--color=bad", "env"]);
}

#[test]
fn terminator_ends_flags() {
    check("terminator", &["env", "--", "--debug"]);
}

#[test]
fn root_name_comes_from_argv0() {
    let sandbox = Sandbox::new();
    let run = sandbox.rudder(&["templat"]);
    insta::assert_snapshot!(run.render(), @r#"
    exit: 1
    --- stdout
    --- stderr
    Error: unknown command "templat" for "rudder"

    Did you mean this?
    	template

    Run 'rudder --help' for usage.
    "#);
}

#[test]
fn unknown_storage_driver_is_fatal() {
    let mut sandbox = Sandbox::new();
    sandbox.env("HELM_DRIVER", "bogus");
    insta::assert_snapshot!(sandbox.same_as_helm(&["version"]).render(), @r#"
    exit: 1
    --- stdout
    --- stderr
    level=INFO msg="unknown driver \"bogus\""
    "#);
}
