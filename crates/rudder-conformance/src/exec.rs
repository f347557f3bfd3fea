//! Running a tool (rudder or the reference Helm) in a clean, identical environment.
//!
//! Both tools get the same environment: only `PATH` and a `HOME` that points at an empty
//! directory owned by the runner (so no kubeconfig, no `HELM_*` settings, no plugins or
//! repositories of the person running it leak in), the same working directory, and stdin
//! closed. Wall time is measured from spawn to exit, output reading included.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use wait_timeout::ChildExt as _;

/// How a process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exit {
    Code(i32),
    /// Ended by a signal it did not ask for (a crash).
    Signal,
    /// Killed by the runner at the time limit.
    TimedOut,
}

impl Exit {
    pub(crate) fn success(self) -> bool {
        self == Self::Code(0)
    }

    /// The form stored in the cache; [`Exit::parse`] reads it back.
    pub(crate) fn parse(text: &str) -> Option<Self> {
        match text {
            "signal" => Some(Self::Signal),
            "timeout" => Some(Self::TimedOut),
            code => code.parse().ok().map(Self::Code),
        }
    }
}

impl fmt::Display for Exit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Code(code) => write!(f, "{code}"),
            Self::Signal => f.write_str("signal"),
            Self::TimedOut => f.write_str("timeout"),
        }
    }
}

/// What one process printed, and how it ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Output {
    pub(crate) exit: Exit,
    pub(crate) stdout: Vec<u8>,
    pub(crate) stderr: Vec<u8>,
    pub(crate) duration: Duration,
}

/// One case's command lines (the arguments after the program), run in order as a shell runs
/// `a ; b`. The placeholder `$OUT` stands for a fresh, empty output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Invocation {
    pub(crate) commands: Vec<Vec<String>>,
}

pub(crate) const OUT_PLACEHOLDER: &str = "$OUT";

impl Invocation {
    pub(crate) fn single(args: Vec<String>) -> Self {
        Self {
            commands: vec![args],
        }
    }

    fn uses_output_dir(&self) -> bool {
        self.commands
            .iter()
            .flatten()
            .any(|arg| arg.contains(OUT_PLACEHOLDER))
    }
}

/// The result of running an [`Invocation`]: one output per command, and the files left in
/// `$OUT` (by path relative to it) when the invocation used one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RunRecord {
    pub(crate) outputs: Vec<Output>,
    pub(crate) files: BTreeMap<String, Vec<u8>>,
}

impl RunRecord {
    pub(crate) fn duration(&self) -> Duration {
        self.outputs.iter().map(|output| output.duration).sum()
    }

    /// The exit of the last command that did not succeed, or success.
    pub(crate) fn exit(&self) -> Exit {
        self.outputs
            .iter()
            .map(|output| output.exit)
            .rfind(|exit| !exit.success())
            .unwrap_or(Exit::Code(0))
    }

    pub(crate) fn stdout(&self) -> Vec<u8> {
        self.outputs
            .iter()
            .flat_map(|output| output.stdout.iter().copied())
            .collect()
    }

    pub(crate) fn stderr(&self) -> Vec<u8> {
        self.outputs
            .iter()
            .flat_map(|output| output.stderr.iter().copied())
            .collect()
    }
}

/// A program and the clean environment it runs in.
#[derive(Debug, Clone)]
pub(crate) struct Tool {
    pub(crate) program: PathBuf,
    /// The empty `HOME` and working directory (see the module docs).
    home: PathBuf,
    /// Where `$OUT` directories are made.
    scratch: PathBuf,
    timeout: Duration,
}

impl Tool {
    pub(crate) fn new(
        program: PathBuf,
        home: PathBuf,
        scratch: PathBuf,
        timeout: Duration,
    ) -> Self {
        Self {
            program,
            home,
            scratch,
            timeout,
        }
    }

    /// Runs one process to completion (or to the time limit).
    ///
    /// # Errors
    ///
    /// The program cannot be started, or its output cannot be read.
    pub(crate) fn run(&self, args: &[String]) -> Result<Output> {
        let start = Instant::now();
        let mut child = Command::new(&self.program)
            .args(args)
            .current_dir(&self.home)
            .env_clear()
            .env(
                "PATH",
                std::env::var_os("PATH").unwrap_or_else(|| OsString::from("/usr/bin:/bin")),
            )
            .env("HOME", &self.home)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("cannot run {}", self.program.display()))?;
        // Both pipes are drained on their own threads, so a chatty child never blocks on a full pipe.
        let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
            thread::spawn(move || -> std::io::Result<Vec<u8>> {
                let mut buffer = Vec::new();
                if let Some(mut pipe) = pipe {
                    pipe.read_to_end(&mut buffer)?;
                }
                Ok(buffer)
            })
        };
        let stdout = drain(child.stdout.take().map(|pipe| Box::new(pipe) as _));
        let stderr = drain(child.stderr.take().map(|pipe| Box::new(pipe) as _));
        let exit = if let Some(status) = child.wait_timeout(self.timeout)? {
            status.code().map_or(Exit::Signal, Exit::Code)
        } else {
            child.kill()?;
            child.wait()?;
            Exit::TimedOut
        };
        let stdout = stdout.join().expect("stdout reader panicked")?;
        let stderr = stderr.join().expect("stderr reader panicked")?;
        Ok(Output {
            exit,
            stdout,
            stderr,
            duration: start.elapsed(),
        })
    }

    /// Runs every command of `invocation` in order, with `$OUT` replaced by a fresh directory
    /// whose files are collected afterwards.
    ///
    /// # Errors
    ///
    /// As [`Tool::run`]; or the output directory cannot be made or read.
    pub(crate) fn invoke(&self, invocation: &Invocation) -> Result<RunRecord> {
        let out = if invocation.uses_output_dir() {
            fs_err::create_dir_all(&self.scratch)?;
            Some(
                tempfile::Builder::new()
                    .prefix("out-")
                    .tempdir_in(&self.scratch)?,
            )
        } else {
            None
        };
        let mut record = RunRecord::default();
        for command in &invocation.commands {
            let args: Vec<String> = match &out {
                Some(dir) => command
                    .iter()
                    .map(|arg| arg.replace(OUT_PLACEHOLDER, &dir.path().to_string_lossy()))
                    .collect(),
                None => command.clone(),
            };
            record.outputs.push(self.run(&args)?);
        }
        if let Some(dir) = &out {
            record.files = read_tree(dir.path())?;
        }
        Ok(record)
    }
}

/// Every regular file under `root`, by `/`-separated path relative to it.
///
/// # Errors
///
/// An unreadable directory or file.
pub(crate) fn read_tree(root: &Path) -> Result<BTreeMap<String, Vec<u8>>> {
    fn walk(root: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) -> Result<()> {
        for entry in fs_err::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                walk(root, &path, files)?;
            } else {
                let relative = path
                    .strip_prefix(root)?
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(relative, fs_err::read(&path)?);
            }
        }
        Ok(())
    }
    let mut files = BTreeMap::new();
    walk(root, root, &mut files)?;
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shell(dir: &Path, timeout: Duration) -> Tool {
        Tool::new(
            "/bin/sh".into(),
            dir.to_owned(),
            dir.join("scratch"),
            timeout,
        )
    }

    #[test]
    fn captures_streams_exit_and_environment() {
        let dir = tempfile::tempdir().unwrap();
        let tool = shell(dir.path(), Duration::from_secs(30));
        let output = tool
            .run(&[
                "-c".into(),
                "echo out; echo err >&2; echo \"$HOME|$KUBECONFIG\"; exit 3".into(),
            ])
            .unwrap();
        assert_eq!(output.exit, Exit::Code(3));
        assert_eq!(
            output.stdout,
            format!("out\n{}|\n", dir.path().display()).into_bytes()
        );
        assert_eq!(output.stderr, b"err\n");
    }

    #[test]
    fn kills_at_the_time_limit() {
        let dir = tempfile::tempdir().unwrap();
        let tool = shell(dir.path(), Duration::from_millis(200));
        let output = tool.run(&["-c".into(), "exec sleep 30".into()]).unwrap();
        assert_eq!(output.exit, Exit::TimedOut);
    }

    #[test]
    fn invocation_collects_the_output_dir() {
        let dir = tempfile::tempdir().unwrap();
        let tool = shell(dir.path(), Duration::from_secs(30));
        let invocation = Invocation {
            commands: vec![
                vec![
                    "-c".into(),
                    "mkdir -p $0/a && echo one > $0/a/x.yaml".into(),
                    "$OUT".into(),
                ],
                vec![
                    "-c".into(),
                    "echo two > $0/a/x.yaml; exit 1".into(),
                    "$OUT".into(),
                ],
            ],
        };
        let record = tool.invoke(&invocation).unwrap();
        assert_eq!(record.files.len(), 1);
        assert_eq!(record.files["a/x.yaml"], b"two\n");
        assert_eq!(record.exit(), Exit::Code(1));
        assert_eq!(
            Exit::parse(&Exit::TimedOut.to_string()),
            Some(Exit::TimedOut)
        );
        assert_eq!(Exit::parse("0"), Some(Exit::Code(0)));
    }
}
