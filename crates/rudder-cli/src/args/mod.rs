//! The command-line grammar of cobra v1.10.2 and pflag v1.0.10 as Helm v4.2.4 configures
//! them: a tree of [`Command`]s with [`Flag`]s, parsed and printed byte for byte as Helm does.
//!
//! Owns: flag syntax and value kinds (pflag), command lookup, argument rules, help and usage
//! texts, `help`, error texts (cobra). Does not own: what commands do (`commands/`).

#![allow(
    dead_code,
    unused_imports,
    reason = "the framework's API: commands still being written use these"
)]

mod command;
mod flag;
pub(crate) mod goconv;
mod run;

pub(crate) use command::{Args, Chain, Command, Invocation, RunFn, find, go_quote, with_help_flag};
pub(crate) use flag::{Flag, FlagSet, Value};
pub(crate) use run::{Hooks, execute};
