//! Exit codes, decided in one place. Helm exits 1 on any error (cobra prints `Error: <message>`
//! to stderr); a closed stdout (`rudder list | head`) ends the process quietly with 141, as a
//! shell reports a process killed by SIGPIPE (Go's runtime dies of that signal on stdout).

use std::io::{self, Write};

/// What a command returns when it fails: the message Helm would print after `Error: `.
#[derive(Debug)]
pub(crate) struct CommandError {
    pub(crate) message: String,
    pub(crate) code: i32,
    /// The diagnostics were already written: print nothing more.
    printed: bool,
}

impl CommandError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            code: 1,
            printed: false,
        }
    }

    /// A failure whose diagnostics were already written to stderr.
    pub(crate) fn silent(code: i32) -> Self {
        Self {
            message: String::new(),
            code,
            printed: true,
        }
    }

    /// A feature of Helm rudder does not have yet: said plainly, never silently ignored.
    pub(crate) fn unsupported(what: &str) -> Self {
        Self::new(format!("{what} is not supported by rudder yet"))
    }
}

impl From<io::Error> for CommandError {
    fn from(e: io::Error) -> Self {
        Self::new(e.to_string())
    }
}

/// Runs a command with locked, buffered stdout and stderr, then maps its outcome to an exit code.
pub(crate) fn run(
    command: impl FnOnce(&mut dyn Write, &mut dyn Write) -> Result<(), CommandError>,
) -> i32 {
    let stdout = io::stdout();
    let stderr = io::stderr();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut err = stderr.lock();
    let result = command(&mut out, &mut err);
    let flushed = out.flush();
    match (result, flushed) {
        (Ok(()), Ok(())) => 0,
        // A reader that went away (`| head`) is not an error worth a message.
        (_, Err(e)) if e.kind() == io::ErrorKind::BrokenPipe => 141,
        (Err(e), _) if e.message.contains("Broken pipe") => 141,
        (Ok(()), Err(e)) => {
            let _ = writeln!(err, "Error: {e}");
            1
        }
        (Err(e), _) => {
            if !e.printed {
                let _ = writeln!(err, "Error: {}", e.message);
            }
            e.code
        }
    }
}
