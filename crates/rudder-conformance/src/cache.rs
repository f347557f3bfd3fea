//! The cache of the reference Helm's outputs, so that a second run only runs rudder.
//!
//! One directory per key (see `runner::helm_runs` for what goes into it), written under a
//! temporary name and renamed into place, so a crashed or concurrent run never leaves half an
//! entry:
//!
//! ```text
//! <key>/description              what the key was made of, for people
//! <key>/run-<i>/cmd-<j>/stdout   stderr  exit  duration-ns
//! <key>/run-<i>/files/...        the files the run left in $OUT
//! ```

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context as _, Result};

use crate::exec::{Exit, Output, RunRecord, read_tree};

#[derive(Debug)]
pub(crate) struct Cache {
    dir: PathBuf,
    /// When false, entries are rewritten but never read (`--no-cache`).
    read: bool,
}

impl Cache {
    pub(crate) fn new(dir: PathBuf, read: bool) -> Self {
        Self { dir, read }
    }

    /// The runs stored under `key`, if any (and if reading is enabled).
    ///
    /// # Errors
    ///
    /// An unreadable or malformed entry.
    pub(crate) fn load(&self, key: &str) -> Result<Option<Vec<RunRecord>>> {
        let entry = self.dir.join(key);
        if !self.read || !entry.is_dir() {
            return Ok(None);
        }
        let mut runs = Vec::new();
        loop {
            let run_dir = entry.join(format!("run-{}", runs.len()));
            if !run_dir.is_dir() {
                break;
            }
            runs.push(
                load_run(&run_dir)
                    .with_context(|| format!("bad cache entry {}", entry.display()))?,
            );
        }
        Ok(Some(runs))
    }

    /// Stores `runs` under `key`, replacing any older entry.
    ///
    /// # Errors
    ///
    /// The cache directory is not writable.
    pub(crate) fn store(&self, key: &str, description: &str, runs: &[RunRecord]) -> Result<()> {
        fs_err::create_dir_all(&self.dir)?;
        let staging = tempfile::Builder::new()
            .prefix(".tmp-")
            .tempdir_in(&self.dir)?;
        fs_err::write(staging.path().join("description"), description)?;
        for (i, run) in runs.iter().enumerate() {
            let run_dir = staging.path().join(format!("run-{i}"));
            for (j, output) in run.outputs.iter().enumerate() {
                let cmd_dir = run_dir.join(format!("cmd-{j}"));
                fs_err::create_dir_all(&cmd_dir)?;
                fs_err::write(cmd_dir.join("stdout"), &output.stdout)?;
                fs_err::write(cmd_dir.join("stderr"), &output.stderr)?;
                fs_err::write(cmd_dir.join("exit"), output.exit.to_string())?;
                fs_err::write(
                    cmd_dir.join("duration-ns"),
                    output.duration.as_nanos().to_string(),
                )?;
            }
            fs_err::create_dir_all(run_dir.join("files"))?;
            for (name, content) in &run.files {
                let path = run_dir.join("files").join(name);
                if let Some(parent) = path.parent() {
                    fs_err::create_dir_all(parent)?;
                }
                fs_err::write(path, content)?;
            }
        }
        let entry = self.dir.join(key);
        if entry.exists() {
            fs_err::remove_dir_all(&entry)?;
        }
        let staged = staging.keep();
        if let Err(error) = fs_err::rename(&staged, &entry) {
            // Another run stored the same key meanwhile: its entry is as good as ours.
            fs_err::remove_dir_all(&staged)?;
            if !entry.is_dir() {
                return Err(error.into());
            }
        }
        Ok(())
    }
}

fn load_run(run_dir: &Path) -> Result<RunRecord> {
    let mut record = RunRecord::default();
    loop {
        let cmd_dir = run_dir.join(format!("cmd-{}", record.outputs.len()));
        if !cmd_dir.is_dir() {
            break;
        }
        let exit = fs_err::read_to_string(cmd_dir.join("exit"))?;
        let nanos: u64 = fs_err::read_to_string(cmd_dir.join("duration-ns"))?
            .trim()
            .parse()?;
        record.outputs.push(Output {
            exit: Exit::parse(exit.trim()).with_context(|| format!("bad exit {exit:?}"))?,
            stdout: fs_err::read(cmd_dir.join("stdout"))?,
            stderr: fs_err::read(cmd_dir.join("stderr"))?,
            duration: Duration::from_nanos(nanos),
        });
    }
    record.files = read_tree(&run_dir.join("files"))?;
    Ok(record)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_runs() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().to_owned(), true);
        assert_eq!(cache.load("k").unwrap(), None);
        let output = Output {
            exit: Exit::Code(1),
            stdout: b"out\n".to_vec(),
            stderr: b"Error: x\n".to_vec(),
            duration: Duration::from_millis(12),
        };
        let mut with_files = RunRecord {
            outputs: vec![output.clone(), output.clone()],
            ..RunRecord::default()
        };
        with_files
            .files
            .insert("a/b.yaml".into(), b"x: 1\n".to_vec());
        let runs = vec![
            RunRecord {
                outputs: vec![output],
                ..RunRecord::default()
            },
            with_files,
        ];
        cache.store("k", "test", &runs).unwrap();
        assert_eq!(cache.load("k").unwrap(), Some(runs.clone()));
        cache.store("k", "again", &runs[..1]).unwrap();
        assert_eq!(cache.load("k").unwrap().unwrap().len(), 1);
        let write_only = Cache::new(dir.path().to_owned(), false);
        assert_eq!(write_only.load("k").unwrap(), None);
    }
}
