//! The command table: one file per command, registered in [`commands!`] below.
//!
//! Adding a command is one line: write `commands/<name>.rs` with
//! `pub(crate) fn command(env: &Env) -> Command` and add `<name>` to the list. A registered
//! command replaces the placeholder of the same name (`placeholder.rs`), which keeps Helm's
//! whole command list in `--help` while rudder grows.

mod placeholder;
mod root;

use std::io::Write;

use crate::args::{self, Command};
use crate::exit::CommandError;
use crate::settings::Env;

/// Declares the command modules and the table of their constructors.
macro_rules! commands {
    ($($name:ident),* $(,)?) => {
        $(mod $name;)*
        /// Every implemented command under the root, by constructor.
        const COMMANDS: &[fn(&Env) -> Command] = &[$($name::command),*];
    };
}

commands![
    completion, create, dependency, env, get, history, install, lint, list, package, rollback,
    show, status, template, test, uninstall, upgrade, version
];

mod release_common;

mod flags;

/// The whole tree: the root with every command, implemented or placeholder.
pub(crate) fn tree(env: &Env, root_name: &str) -> Command {
    let mut root = root::command(env, root_name);
    let implemented: Vec<Command> = COMMANDS.iter().map(|make| make(env)).collect();
    for command in placeholder::all() {
        if !implemented.iter().any(|c| c.name() == command.name()) {
            root.commands.push(command);
        }
    }
    root.commands.extend(implemented);
    root
}

/// Runs the command line `args` (without the program name) for a root named `root_name`.
pub(crate) fn dispatch(
    env: &Env,
    root_name: &str,
    args: &[String],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), CommandError> {
    args::execute(tree(env, root_name), env, args, out, err, root::HOOKS)
}
