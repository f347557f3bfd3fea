//! Running rudder and the reference Helm side by side in a clean sandbox.
//!
//! Every run gets an empty `HOME`, a fresh working directory and no environment but `PATH`
//! (and what the test adds), so Helm's and rudder's defaults (`~/.cache/helm`, ...) are the
//! sandbox's. rudder runs through a symbolic link named `helm`, so its texts say `helm` where
//! cobra prints the command path, as the reference Helm's do.
//!
//! [`Sandbox::same_as_helm`] runs both and asserts identical exit code, stdout and stderr; the
//! reference Helm is found with `tools/reference-helm.sh` (or `$RUDDER_REFERENCE_HELM`). Where
//! it is not available the comparison is skipped with a note, unless `CI` or
//! `RUDDER_REQUIRE_REFERENCE_HELM` is set: then its absence fails the test.

#![allow(dead_code, reason = "each test binary uses a part of the helpers")]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// One process's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Run {
    /// The snapshot form: exit code, then both streams.
    pub(crate) fn render(&self) -> String {
        let mut text = format!("exit: {}\n", self.code);
        let _ = write!(text, "--- stdout\n{}", self.stdout);
        if !self.stdout.is_empty() && !self.stdout.ends_with('\n') {
            text.push_str("\n[no newline at end]\n");
        }
        let _ = write!(text, "--- stderr\n{}", self.stderr);
        if !self.stderr.is_empty() && !self.stderr.ends_with('\n') {
            text.push_str("\n[no newline at end]\n");
        }
        text
    }
}

/// A temporary `HOME` and working directory, and the two programs.
pub(crate) struct Sandbox {
    dir: tempfile::TempDir,
    env: Vec<(String, String)>,
}

impl Default for Sandbox {
    fn default() -> Self {
        Self::new()
    }
}

impl Sandbox {
    pub(crate) fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        for sub in ["home", "work", "bin"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("sandbox dirs");
        }
        let rudder = Path::new(env!("CARGO_BIN_EXE_rudder"));
        std::os::unix::fs::symlink(rudder, dir.path().join("bin/helm")).expect("helm link");
        std::os::unix::fs::symlink(rudder, dir.path().join("bin/rudder")).expect("rudder link");
        Sandbox {
            dir,
            env: Vec::new(),
        }
    }

    /// Sets an environment variable for every later run.
    pub(crate) fn env(&mut self, key: &str, value: &str) -> &mut Self {
        self.env.push((key.to_owned(), value.to_owned()));
        self
    }

    /// The sandbox root (tests put charts under `work/`).
    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The working directory of every run.
    pub(crate) fn work(&self) -> PathBuf {
        self.dir.path().join("work")
    }

    /// Writes `content` to `work/<relative>`, creating directories.
    pub(crate) fn write(&self, relative: &str, content: &str) -> &Self {
        let path = self.work().join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, content).expect("write");
        self
    }

    /// Copies a directory tree into `work/<relative>`.
    pub(crate) fn copy_dir(&self, from: &Path, relative: &str) -> &Self {
        copy_tree(from, &self.work().join(relative));
        self
    }

    fn run(&self, program: &Path, args: &[&str]) -> Run {
        let mut command = Command::new(program);
        command
            .args(args)
            .current_dir(self.work())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path().join("home"))
            .stdin(Stdio::null());
        for (k, v) in &self.env {
            command.env(k, v);
        }
        let out = command.output().expect("run the program");
        let scrub = |bytes: &[u8]| {
            String::from_utf8_lossy(bytes)
                .replace(&*program.to_string_lossy(), "[BIN]")
                .replace(&*self.dir.path().to_string_lossy(), "[SANDBOX]")
        };
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: scrub(&out.stdout),
            stderr: scrub(&out.stderr),
        }
    }

    /// A sandbox with the test charts of `tests/fixtures/charts` under `work/charts`.
    pub(crate) fn with_charts() -> Self {
        let sandbox = Self::new();
        let fixtures = Path::new(
            &std::env::var("CARGO_MANIFEST_DIR")
                .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned()),
        )
        .join("tests/fixtures/charts");
        sandbox.copy_dir(&fixtures, "charts");
        sandbox
    }

    /// Every file under `work/<relative>` (path, content), then the directory removed.
    pub(crate) fn take_tree(&self, relative: &str) -> Vec<(String, String)> {
        let root = self.work().join(relative);
        let mut files = Vec::new();
        collect(&root, &root, &mut files);
        files.sort();
        let _ = std::fs::remove_dir_all(&root);
        files
    }

    /// Like [`Sandbox::same_as_helm`], for commands that write under `work/<dir>`: the files
    /// written must be identical too. Returns rudder's run and files.
    pub(crate) fn same_as_helm_with_files(
        &self,
        args: &[&str],
        dir: &str,
    ) -> (Run, Vec<(String, String)>) {
        let ours = self.as_helm(args);
        let our_files = self.take_tree(dir);
        if let Some(theirs) = self.reference(args) {
            let their_files = self.take_tree(dir);
            assert_eq!(
                ours.render(),
                theirs.render(),
                "outputs differ for {args:?}"
            );
            assert_eq!(our_files, their_files, "written files differ for {args:?}");
        }
        (ours, our_files)
    }

    /// The reference Helm run through a link of another name (`rudder`), when available.
    pub(crate) fn reference_named(&self, name: &str, args: &[&str]) -> Option<Run> {
        let helm = reference_helm()?;
        let link = self.dir.path().join("bin/reference").join(name);
        std::fs::create_dir_all(link.parent().expect("parent")).expect("mkdir");
        if !link.exists() {
            std::os::unix::fs::symlink(helm, &link).expect("link");
        }
        Some(self.run(&link, args))
    }

    /// rudder under its own name.
    pub(crate) fn rudder(&self, args: &[&str]) -> Run {
        self.run(&self.dir.path().join("bin/rudder"), args)
    }

    /// rudder through a link named `helm`.
    pub(crate) fn as_helm(&self, args: &[&str]) -> Run {
        self.run(&self.dir.path().join("bin/helm"), args)
    }

    /// The reference Helm, when available.
    pub(crate) fn reference(&self, args: &[&str]) -> Option<Run> {
        reference_helm().map(|helm| self.run(helm, args))
    }

    /// Runs rudder (as `helm`) and the reference Helm with `args`, asserts they agree byte
    /// for byte, and returns rudder's run for the snapshot.
    pub(crate) fn same_as_helm(&self, args: &[&str]) -> Run {
        let ours = self.as_helm(args);
        if let Some(theirs) = self.reference(args) {
            assert_eq!(
                ours.render(),
                theirs.render(),
                "rudder (left) and the reference Helm (right) differ for {args:?}"
            );
        }
        ours
    }
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let entry = entry.expect("entry");
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, out);
        } else {
            let name = path
                .strip_prefix(root)
                .expect("under root")
                .to_string_lossy()
                .into_owned();
            out.push((name, std::fs::read_to_string(&path).unwrap_or_default()));
        }
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// The repository root (two levels above this crate).
pub(crate) fn repo_root() -> PathBuf {
    Path::new(
        &std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned()),
    )
    .join("../..")
}

fn reference_helm() -> Option<&'static PathBuf> {
    static HELM: OnceLock<Option<PathBuf>> = OnceLock::new();
    HELM.get_or_init(|| {
        let found = std::env::var_os("RUDDER_REFERENCE_HELM")
            .map(PathBuf::from)
            .or_else(|| {
                let out = Command::new(repo_root().join("tools/reference-helm.sh"))
                    .stderr(Stdio::inherit())
                    .output()
                    .ok()?;
                out.status
                    .success()
                    .then(|| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
            })
            .filter(|p| p.is_file());
        let required = std::env::var_os("CI").is_some()
            || std::env::var_os("RUDDER_REQUIRE_REFERENCE_HELM").is_some();
        assert!(
            found.is_some() || !required,
            "the reference Helm is required (CI) but tools/reference-helm.sh did not provide it"
        );
        if found.is_none() {
            eprintln!("note: no reference Helm; snapshots are checked without the comparison");
        }
        found
    })
    .as_ref()
}
