//! `rudder env`: the environment settings as `KEY="value"` lines, or one bare value.

use crate::args::{Args, Command, Invocation};
use crate::exit::CommandError;
use crate::settings::Env;

const ENV_HELP: &str = "
Env prints out all the environment information in use by Helm.
";

pub(crate) fn command(_env: &Env) -> Command {
    Command::new("env")
        .short("helm client environment information")
        .long(ENV_HELP)
        .args(Args::Maximum(1))
        .run(run)
}

fn run(inv: &mut Invocation<'_>) -> Result<(), CommandError> {
    let vars = inv.settings.env_vars();
    match inv.args.first() {
        None => {
            for (key, value) in &vars {
                writeln!(inv.out, "{key}=\"{value}\"")?;
            }
        }
        Some(key) => {
            let value = vars.get(key.as_str()).map_or("", String::as_str);
            writeln!(inv.out, "{value}")?;
        }
    }
    Ok(())
}
