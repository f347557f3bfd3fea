//! The subprocess runtime (`internal/plugin/runtime_subprocess.go`,
//! `subprocess_commands.go`): the platform command for this OS and architecture, `$VAR`
//! expansion with Go's `os.Expand`, the environment, and Go's `os/exec` behaviour and error
//! texts (the `$PATH` lookup of `exec.Command`, `fork/exec <path>: <errno>`).

use std::collections::BTreeMap;
use std::io::{Read as _, Write as _};
use std::process::{Command, Stdio};

use crate::metadata::PlatformCommand;

/// Go's `runtime.GOOS` for this build.
#[must_use]
pub fn go_os() -> &'static str {
    match std::env::consts::OS {
        "macos" => "darwin",
        other => other,
    }
}

/// Go's `runtime.GOARCH` for this build.
#[must_use]
pub fn go_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "x86" => "386",
        "aarch64" => "arm64",
        "powerpc64" if cfg!(target_endian = "little") => "ppc64le",
        "powerpc64" => "ppc64",
        "loongarch64" => "loong64",
        other => other,
    }
}

/// `getPlatformCommand`: an exact OS and arch match first; else the first entry for this OS
/// without an arch; else the first entry without OS and arch. `None` when nothing applies.
#[must_use]
pub fn platform_command<'a>(
    cmds: &'a [PlatformCommand],
    os: &str,
    arch: &str,
) -> Option<(Vec<&'a str>, &'a [String])> {
    let mut found: Option<&PlatformCommand> = None;
    let mut found_os = false;
    for c in cmds {
        if c.os.eq_ignore_ascii_case(os) && c.arch.eq_ignore_ascii_case(arch) {
            return Some((c.command.split(' ').collect(), &c.args));
        }
        if (!c.os.is_empty() && !c.os.eq_ignore_ascii_case(os)) || !c.arch.is_empty() {
            continue;
        }
        if !found_os && !c.os.is_empty() {
            found = Some(c);
            found_os = true;
        } else if found.is_none() {
            found = Some(c);
        }
    }
    found.map(|c| (c.command.split(' ').collect(), c.args.as_slice()))
}

fn is_shell_special(c: u8) -> bool {
    matches!(
        c,
        b'*' | b'#' | b'$' | b'@' | b'!' | b'?' | b'-' | b'0'..=b'9'
    )
}

fn is_alnum(c: u8) -> bool {
    c == b'_' || c.is_ascii_alphanumeric()
}

/// The variable name after a `$` and how many bytes it spans (Go's `getShellName`).
fn shell_name(s: &[u8]) -> (&[u8], usize) {
    if s[0] == b'{' {
        if s.len() > 2 && is_shell_special(s[1]) && s[2] == b'}' {
            return (&s[1..2], 3);
        }
        for i in 1..s.len() {
            if s[i] == b'}' {
                if i == 1 {
                    return (&[], 2);
                }
                return (&s[1..i], i + 1);
            }
        }
        return (&[], 1);
    }
    if is_shell_special(s[0]) {
        return (&s[..1], 1);
    }
    let n = s.iter().take_while(|c| is_alnum(**c)).count();
    (&s[..n], n)
}

/// Go's `os.Expand`: `$NAME` and `${NAME}` replaced by `mapping(NAME)`; `${}` and an
/// unclosed `${` are dropped; a `$` before anything else stays.
#[expect(
    clippy::many_single_char_names,
    reason = "the indices of Go's os.Expand, kept for comparison"
)]
pub fn expand(s: &str, mapping: impl Fn(&str) -> String) -> String {
    let b = s.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(s.len());
    let mut i = 0;
    let mut j = 0;
    while j < b.len() {
        if b[j] == b'$' && j + 1 < b.len() {
            out.extend_from_slice(&b[i..j]);
            let (name, w) = shell_name(&b[j + 1..]);
            if name.is_empty() && w > 0 {
                // Bad syntax: eaten.
            } else if name.is_empty() {
                out.push(b'$');
            } else {
                out.extend_from_slice(mapping(&String::from_utf8_lossy(name)).as_bytes());
            }
            j += w;
            i = j + 1;
        }
        j += 1;
    }
    if i == 0 && out.is_empty() {
        return s.to_owned();
    }
    out.extend_from_slice(&b[i.min(b.len())..]);
    String::from_utf8_lossy(&out).into_owned()
}

/// `PrepareCommands`: the program and its arguments (the command's words, then `args`, each
/// expanded against `env` when `expand_args`, then `extra_args` as given).
///
/// # Errors
/// `no plugin command is applicable`.
pub fn prepare_commands(
    cmds: &[PlatformCommand],
    expand_args: bool,
    extra_args: &[String],
    env: &BTreeMap<String, String>,
) -> Result<(String, Vec<String>), String> {
    let (parts, args) = platform_command(cmds, go_os(), go_arch())
        .ok_or_else(|| "no plugin command is applicable".to_owned())?;
    if parts.is_empty() || parts[0].is_empty() {
        return Err("no plugin command is applicable".to_owned());
    }
    let lookup = |k: &str| env.get(k).cloned().unwrap_or_default();
    let main = expand(parts[0], lookup);
    let mut arguments: Vec<String> = Vec::new();
    for part in parts[1..]
        .iter()
        .copied()
        .chain(args.iter().map(String::as_str))
    {
        arguments.push(if expand_args {
            expand(part, lookup)
        } else {
            part.to_owned()
        });
    }
    arguments.extend(extra_args.iter().cloned());
    Ok((main, arguments))
}

/// Go's text for an errno (`syscall.Errno.Error()`), for the common ones; others fall back to
/// the C library's text in lower case.
fn errno_text(e: &std::io::Error) -> String {
    let known = match e.raw_os_error() {
        Some(1) => "operation not permitted",
        Some(2) => "no such file or directory",
        Some(7) => "argument list too long",
        Some(8) => "exec format error",
        Some(12) => "cannot allocate memory",
        Some(13) => "permission denied",
        Some(20) => "not a directory",
        Some(21) => "is a directory",
        Some(26) => "text file busy",
        Some(36) => "file name too long",
        Some(40) => "too many levels of symbolic links",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_owned();
    }
    let text = e.to_string();
    let text = text.split(" (os error").next().unwrap_or_default();
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_lowercase().collect::<String>() + chars.as_str()
    })
}

/// Go's `*fs.PathError` text: `<op> <path>: <errno>`.
pub(crate) fn go_path_error(op: &str, path: &str, e: &std::io::Error) -> String {
    format!("{op} {path}: {}", errno_text(e))
}

/// `exec.LookPath` on Unix with the process's `$PATH`.
///
/// # Errors
/// Go's `exec: "x": executable file not found in $PATH` (and its `ErrDot` text).
pub fn look_path(file: &str) -> Result<String, String> {
    use std::os::unix::fs::PermissionsExt as _;
    let not_found = || {
        format!(
            "exec: {}: executable file not found in $PATH",
            rudder_value::strconv::quote(file)
        )
    };
    if file.contains('/') {
        return Ok(file.to_owned());
    }
    let path = std::env::var("PATH").unwrap_or_default();
    for dir in crate::loader::split_list(&path) {
        let dir = if dir.is_empty() { ".".to_owned() } else { dir };
        let candidate = rudder_value::path::join(&dir, file);
        if let Ok(meta) = std::fs::metadata(&candidate)
            && !meta.is_dir()
            && meta.permissions().mode() & 0o111 != 0
        {
            if !candidate.starts_with('/') {
                return Err(format!(
                    "exec: {}: cannot run executable found relative to current directory",
                    rudder_value::strconv::quote(file)
                ));
            }
            return Ok(candidate);
        }
    }
    Err(not_found())
}

/// Go's `ProcessState.String()` for a failed process.
fn go_status(status: std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt as _;
    if let Some(code) = status.code() {
        return format!("exit status {code}");
    }
    let signal = status.signal().unwrap_or_default();
    let name = match signal {
        1 => "hangup".to_owned(),
        2 => "interrupt".to_owned(),
        3 => "quit".to_owned(),
        6 => "aborted".to_owned(),
        9 => "killed".to_owned(),
        11 => "segmentation fault".to_owned(),
        13 => "broken pipe".to_owned(),
        15 => "terminated".to_owned(),
        n => format!("signal {n}"),
    };
    let core = if status.core_dumped() {
        " (core dumped)"
    } else {
        ""
    };
    format!("signal: {name}{core}")
}

/// How a subprocess ended badly.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExecError {
    /// The command could not be prepared (`failed to prepare plugin command: ...`).
    #[error("failed to prepare plugin command: {0}")]
    Prepare(String),
    /// The program could not be started (Go's `exec` texts).
    #[error("{0}")]
    Start(String),
    /// `plugin "x" exited with error` (Helm's `InvokeExecError`).
    #[error("plugin {} exited with error", rudder_value::strconv::quote(plugin))]
    Exit {
        /// The plugin's name.
        plugin: String,
        /// The exit code (-1 when a signal ended it, as Go's `ExitCode`).
        code: i32,
        /// Go's `ProcessState.String()`: `exit status 1`, `signal: killed`.
        status: String,
        /// What the plugin wrote to stderr (Helm keeps it to itself).
        stderr: Vec<u8>,
    },
}

/// Runs `program argv` with exactly `env`, `stdin` written to it from another thread,
/// stdout and stderr captured (`runPostrenderer`).
///
/// # Errors
/// [`ExecError::Start`] or [`ExecError::Exit`].
pub fn run_captured(
    plugin: &str,
    program: &str,
    argv: &[String],
    env: &BTreeMap<String, String>,
    stdin: Vec<u8>,
) -> Result<Vec<u8>, ExecError> {
    let path = look_path(program).map_err(ExecError::Start)?;
    let mut child = Command::new(&path)
        .args(argv)
        .env_clear()
        .envs(env)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| ExecError::Start(go_path_error("fork/exec", &path, &e)))?;
    let mut input = child.stdin.take();
    let writer = std::thread::spawn(move || {
        if let Some(pipe) = input.as_mut() {
            // Helm's goroutine ignores a plugin that stops reading.
            let _ = pipe.write_all(&stdin);
        }
        drop(input);
    });
    let mut err_pipe = child.stderr.take();
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(pipe) = err_pipe.as_mut() {
            let _ = pipe.read_to_end(&mut buf);
        }
        buf
    });
    let mut stdout = Vec::new();
    if let Some(mut pipe) = child.stdout.take() {
        let _ = pipe.read_to_end(&mut stdout);
    }
    let status = child
        .wait()
        .map_err(|e| ExecError::Start(format!("wait: {}", errno_text(&e))))?;
    let _ = writer.join();
    let stderr = reader.join().unwrap_or_default();
    if status.success() {
        return Ok(stdout);
    }
    Err(ExecError::Exit {
        plugin: plugin.to_owned(),
        code: status.code().unwrap_or(-1),
        status: go_status(status),
        stderr,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pc(os: &str, arch: &str, command: &str) -> PlatformCommand {
        PlatformCommand {
            os: os.to_owned(),
            arch: arch.to_owned(),
            command: command.to_owned(),
            args: Vec::new(),
        }
    }

    #[test]
    fn platform_selection() {
        let cmds = [
            pc("", "", "any"),
            pc("linux", "", "linux"),
            pc("linux", "amd64", "linux-amd64"),
            pc("", "amd64", "arch-only"),
            pc("darwin", "", "darwin"),
        ];
        let pick = |os, arch| platform_command(&cmds, os, arch).map(|(c, _)| c.join(" "));
        assert_eq!(pick("linux", "amd64").as_deref(), Some("linux-amd64"));
        assert_eq!(pick("LINUX", "arm64").as_deref(), Some("linux"));
        assert_eq!(pick("windows", "amd64").as_deref(), Some("any"));
        assert_eq!(pick("darwin", "arm64").as_deref(), Some("darwin"));
        // An arch without an OS never matches on its own.
        assert_eq!(
            platform_command(&[pc("", "amd64", "x")], "linux", "amd64").map(|(c, _)| c),
            None
        );
        assert!(platform_command(&[], "linux", "amd64").is_none());
    }

    #[test]
    fn expand_as_go() {
        let env = |k: &str| match k {
            "A" => "1".to_owned(),
            "HELM_PLUGIN_DIR" => "/p".to_owned(),
            "1" => "one".to_owned(),
            _ => String::new(),
        };
        for (input, want) in [
            ("${HELM_PLUGIN_DIR}/x.sh", "/p/x.sh"),
            ("$A$A", "11"),
            ("$Ab", ""),
            ("a$", "a$"),
            ("$$", ""),
            ("${}x", "x"),
            ("${A", "A"),
            ("$1x", "onex"),
            ("${1}", "one"),
            ("$/x", "$/x"),
            ("plain", "plain"),
            ("", ""),
        ] {
            assert_eq!(expand(input, env), want, "{input}");
        }
    }

    #[test]
    fn prepare() {
        let env = BTreeMap::from([("D".to_owned(), "/d".to_owned())]);
        let cmds = [PlatformCommand {
            command: "$D/run -x $D".to_owned(),
            args: vec!["${D}/a".to_owned()],
            ..PlatformCommand::default()
        }];
        let (main, argv) = prepare_commands(&cmds, true, &["$D".to_owned()], &env).unwrap();
        assert_eq!(main, "/d/run");
        assert_eq!(argv, ["-x", "/d", "/d/a", "$D"]);
        let (_, argv) = prepare_commands(&cmds, false, &[], &env).unwrap();
        assert_eq!(argv, ["-x", "$D", "${D}/a"]);
        assert_eq!(
            prepare_commands(&[], true, &[], &env).unwrap_err(),
            "no plugin command is applicable"
        );
    }

    #[test]
    fn exec_errors() {
        let env = BTreeMap::new();
        let e = run_captured("p", "no-such-program-rudder", &[], &env, Vec::new()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "exec: \"no-such-program-rudder\": executable file not found in $PATH"
        );
        let e = run_captured("p", "/no/such/file", &[], &env, Vec::new()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "fork/exec /no/such/file: no such file or directory"
        );
        let e = run_captured(
            "p",
            "/bin/sh",
            &[
                "-c".to_owned(),
                "cat >/dev/null; echo bad >&2; exit 3".to_owned(),
            ],
            &env,
            b"input".to_vec(),
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "plugin \"p\" exited with error");
        let ExecError::Exit {
            code,
            stderr,
            status,
            ..
        } = e
        else {
            panic!("exit");
        };
        assert_eq!((code, stderr.as_slice()), (3, &b"bad\n"[..]));
        assert_eq!(status, "exit status 3");
        let out = run_captured(
            "p",
            "/bin/sh",
            &["-c".to_owned(), "tr a b".to_owned()],
            &env,
            b"aaa".to_vec(),
        )
        .unwrap();
        assert_eq!(out, b"bbb");
    }
}
