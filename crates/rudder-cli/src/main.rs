//! The `rudder` binary: a drop-in replacement for the Helm 4 command line.
//!
//! Owns: argument parsing, command dispatch, printing and exit codes. Data goes to stdout,
//! diagnostics to stderr, and every exit code is decided in [`exit`].
//!
//! Does not own: what the commands do. Each command in `commands/` calls the `rudder` SDK.

mod commands;
mod exit;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = exit::run(|out, err| commands::dispatch(&args, out, err));
    std::process::exit(code);
}
