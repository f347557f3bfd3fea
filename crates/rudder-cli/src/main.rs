//! The `rudder` binary: a drop-in replacement for the Helm 4 command line.
//!
//! Owns: argument parsing (`args/`, cobra and pflag as Helm uses them), the command table
//! (`commands/`, one file per command), printing and exit codes (`exit`). Data goes to stdout,
//! diagnostics to stderr.
//!
//! Does not own: what the commands do. Each command in `commands/` calls the `rudder` SDK.
//!
//! The root command is named after the binary (`argv[0]`'s file name), as cobra's command
//! path: installed as `helm`, rudder prints Helm's texts byte for byte.

mod args;
mod commands;
mod exit;
mod live;
mod log;
mod settings;

use std::path::Path;

fn main() {
    let env = settings::Env::from_process();
    let root_name = Path::new(&env.bin)
        .file_name()
        .map_or_else(|| "rudder".to_owned(), |n| n.to_string_lossy().into_owned());
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = exit::run(|out, err| commands::dispatch(&env, &root_name, &args, out, err));
    std::process::exit(code);
}
