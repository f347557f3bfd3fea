//! cobra's `ExecuteC` and `execute` as Helm v4.2.4 uses them: pre-parse the global flags,
//! find the command, parse its flags, answer `--help`, check the arguments, run, and print
//! `Error: <message>` on failure (Helm sets `SilenceUsage`, so no usage after errors).

use std::io::Write;

use super::command::{
    Chain, Command, Invocation, called_as, find, validate_args, validate_exclusive, with_help_flag,
};
use super::flag::{FlagSet, ParseError};
use crate::exit::CommandError;
use crate::settings::{Env, Settings};

/// Hooks where Helm does something of its own around cobra.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hooks {
    /// After the global flags were pre-parsed (Helm's `NewRootCmd`): an error here is printed
    /// as Helm prints a failed root creation and ends the run with 1.
    pub(crate) after_pre_parse: fn(&Settings) -> Result<(), String>,
    /// cobra's `OnInitialize` (Helm's storage driver set-up), before the arguments are
    /// checked: an error here ends the run as Go's `log.Fatal` does under Helm's logger
    /// (`level=INFO msg="..."`, exit 1).
    pub(crate) initialize: fn(&Settings) -> Result<(), String>,
}

/// What became of the run (its exit code).
pub(crate) fn execute(
    mut root: Command,
    env: &Env,
    args: &[String],
    out: &mut dyn Write,
    err: &mut dyn Write,
    hooks: Hooks,
) -> Result<(), CommandError> {
    // Helm's NewRootCmd: the global flags are parsed first, unknown flags skipped, errors
    // ignored, so the settings are known before any command runs.
    let mut pre = FlagSet::new();
    for flag in &root.persistent_flags {
        pre.add(flag.clone());
    }
    pre.allow_unknown = true;
    let _ = pre.parse(args);
    pre.notices.clear();
    pre.warnings.clear();
    let pre_settings = Settings::from_flags(env, &pre);
    if let Err(message) = (hooks.after_pre_parse)(&pre_settings) {
        writeln!(
            err,
            "level=WARN msg=\"command failed\" error={}",
            rudder::value::strconv::quote(&message)
        )?;
        return Err(CommandError::silent(1));
    }

    // cobra's InitDefaultHelpCmd.
    if !root.commands.is_empty() {
        let name = root.name().to_owned();
        root.commands.push(super::command::help_command(&name));
    }

    let (chain, rest, error) = find(&root, args);
    if let Some(message) = error {
        writeln!(err, "Error: {message}")?;
        writeln!(err, "Run '{} --help' for usage.", chain.path())?;
        return Err(CommandError::silent(1));
    }
    let command = chain.target();
    if let Some(message) = &command.deprecated {
        writeln!(
            err,
            "Command {} is deprecated, {message}",
            rudder::value::strconv::quote(command.name())
        )?;
    }
    let mut flags = with_help_flag(&chain, chain.merged_flags(Some(&pre)));
    let positional = if command.disable_flag_parsing {
        rest.clone()
    } else {
        let parsed = flags.parse(&rest);
        // Helm's value types log as they are set, before cobra prints anything.
        for warning in &flags.warnings {
            crate::log::warn(err, warning, &[]);
        }
        match parsed {
            Ok(()) => {
                if !flags.notices.is_empty() {
                    write!(err, "{}", flags.notices)?;
                }
                flags.args.clone()
            }
            Err(ParseError::Help) => {
                write!(out, "{}", chain.help(&flags))?;
                return Ok(());
            }
            Err(ParseError::Message(message)) => return Err(CommandError::new(message)),
        }
    };
    if flags.get_bool("help") || !command.runnable() {
        write!(out, "{}", chain.help(&flags))?;
        return Ok(());
    }
    let settings = Settings::from_flags(env, &flags);
    if let Err(message) = (hooks.initialize)(&settings) {
        crate::log::fatal(err, &message);
        return Err(CommandError::silent(1));
    }
    validate_args(&chain, &flags, &positional).map_err(CommandError::new)?;
    validate_exclusive(command, &flags).map_err(CommandError::new)?;
    let run = command.run.expect("runnable");
    let called_as = called_as(&chain, args);
    let mut invocation = Invocation {
        args: positional,
        flags,
        settings,
        chain: Chain {
            commands: chain.commands.clone(),
        },
        root: &root,
        called_as,
        out,
        err,
    };
    run(&mut invocation)
}
