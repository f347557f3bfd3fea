//! `rudder version`: Helm's `version.BuildInfo` line, so that scripts parsing `helm version`
//! keep working. `Version` is the Helm release rudder is compatible with; rudder's own version
//! is appended as `RudderVersion` (see COMPATIBILITY.md).

use std::io::Write;

use crate::exit::CommandError;

pub(crate) fn run(args: &[String], out: &mut dyn Write) -> Result<(), CommandError> {
    let mut short = false;
    for arg in args {
        match arg.as_str() {
            "--short" | "--short=true" => short = true,
            "--short=false" => short = false,
            flag if flag.starts_with('-') => {
                return Err(CommandError::new(format!("unknown flag: {flag}")));
            }
            extra => {
                return Err(CommandError::new(format!(
                    "unknown command \"{extra}\" for \"rudder version\""
                )));
            }
        }
    }
    let info = rudder::BuildInfo::current();
    if short {
        writeln!(out, "{}", info.short())?;
    } else {
        writeln!(out, "{}", info.go_syntax())?;
    }
    Ok(())
}
