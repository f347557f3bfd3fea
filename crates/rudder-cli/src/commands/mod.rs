//! One file per command. Arguments are parsed here until the cobra-compatible argument layer
//! (`args/`) lands with the commands that need its full flag grammar.

mod version;

use std::io::Write;

use crate::exit::CommandError;

/// Routes `args` (without the program name) to a command.
pub(crate) fn dispatch(
    args: &[String],
    out: &mut dyn Write,
    _err: &mut dyn Write,
) -> Result<(), CommandError> {
    match args.first().map(String::as_str) {
        Some("version") => version::run(&args[1..], out),
        Some(other) if !other.starts_with('-') => Err(CommandError::new(format!(
            "unknown command \"{other}\" for \"rudder\"\nRun 'rudder --help' for usage."
        ))),
        _ => {
            writeln!(
                out,
                "rudder is a Helm 4 compatible Kubernetes package manager.\n\nUsage:\n  rudder [command]\n\nAvailable Commands:\n  version     print the client version information"
            )?;
            Ok(())
        }
    }
}
