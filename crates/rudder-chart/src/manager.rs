//! The work of `helm dependency list|build|update` (`pkg/action/dependency.go` and the
//! download manager of `pkg/downloader/manager.go`) for dependencies that need no network: vendored
//! ones (no repository: the chart is in `charts/`) and `file://` ones (packaged from the
//! local directory into `charts/`). A dependency from a chart repository or an OCI registry
//! is refused with [`DependencyError::Remote`] until rudder has repositories.
//!
//! Output texts are Helm's: the dependency table, `Saving 2 charts`, `Deleting outdated
//! charts`, the lock file's digest (`sha256` of the JSON of `Chart.yaml`'s dependencies and
//! the locked ones, as Helm computes it, so Helm accepts rudder's `Chart.lock` and the
//! other way round).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::chart::{Chart, Dependency, Lock};
use crate::gopath::join;
use crate::loader::{self, LoadError};
use crate::lock;
use crate::semver::{Constraints, Version};

/// A dependency command that failed. `Display` is Helm's text.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DependencyError {
    /// The chart (or a dependency) does not load.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// A dependency needs a chart repository or an OCI registry.
    #[error(
        "rudder: dependency {name:?} comes from {repository:?}: chart repositories and OCI registries are not supported yet (only vendored and file:// dependencies)"
    )]
    Remote {
        /// The dependency's name.
        name: String,
        /// Its repository.
        repository: String,
    },
    /// Any other failure, with Helm's text.
    #[error("{0}")]
    Message(String),
}

fn msg(s: impl Into<String>) -> DependencyError {
    DependencyError::Message(s.into())
}

/// `uitable` as Helm configures it: every cell padded to its column's width (at most
/// `max_width`, longer cells cut with `...`), columns separated by a tab.
fn table(rows: &[Vec<String>], max_width: usize) -> String {
    let cut = |s: &str| -> String {
        let n = s.chars().count();
        if max_width > 0 && n > max_width {
            let keep = max_width.saturating_sub(3);
            format!("{}...", s.chars().take(keep).collect::<String>())
        } else {
            s.to_owned()
        }
    };
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| cut(c)).collect())
        .collect();
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    rows.iter()
        .map(|r| {
            r.iter()
                .enumerate()
                .map(|(i, c)| format!("{c}{}", " ".repeat(widths[i] - c.chars().count())))
                .collect::<Vec<_>>()
                .join("\t")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether `version` satisfies `constraint`, as Helm's status checks put it: `None` for
/// an unparsable constraint or version (`invalid version`).
fn satisfies(constraint: &str, version: &str) -> Option<bool> {
    let c = Constraints::parse(constraint).ok()?;
    let v = Version::parse(version).ok()?;
    Some(c.check(&v))
}

/// The `.tgz` files in `dir` named `<name>-*.tgz`, sorted (`filepath.Glob`).
fn archives_named(dir: &Path, name: &str) -> Vec<PathBuf> {
    let prefix = format!("{name}-");
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.starts_with(&prefix)
                && Path::new(&n).extension().is_some_and(|x| x == "tgz")
                && n.len() >= prefix.len() + 4
        })
        .map(|e| e.path())
        .collect();
    out.sort();
    out
}

fn stat_archive_for_status(archive: &Path, dep: &Dependency) -> String {
    if std::fs::metadata(archive).is_err() {
        return String::new();
    }
    let mut w = Vec::new();
    let Ok(c) = loader::load_v2(&archive.to_string_lossy(), &mut w) else {
        return "corrupt".into();
    };
    if c.name() != dep.name {
        return "misnamed".into();
    }
    if c.metadata.version != dep.version {
        match satisfies(&dep.version, &c.metadata.version) {
            None => return "invalid version".into(),
            Some(false) => return "wrong version".into(),
            Some(true) => {}
        }
    }
    "ok".into()
}

fn dependency_status(chart_path: &str, dep: &Dependency, parent: &Chart) -> String {
    let archives = archives_named(&Path::new(chart_path).join("charts"), &dep.name);
    if archives.len() > 1 {
        let found: Vec<&PathBuf> = archives
            .iter()
            .filter(|a| {
                let base = a.file_name().unwrap_or_default().to_string_lossy();
                let stem = base.strip_suffix(".tgz").unwrap_or(&base);
                let maybe = stem.strip_prefix(&format!("{}-", dep.name)).unwrap_or(stem);
                Version::parse_strict(maybe).is_some()
            })
            .collect();
        if found.len() == 1 {
            let r = stat_archive_for_status(found[0], dep);
            if !r.is_empty() {
                return r;
            }
        } else if found.len() > 1 {
            return "too many matches".into();
        }
    } else if archives.len() == 1 {
        let r = stat_archive_for_status(&archives[0], dep);
        if !r.is_empty() {
            return r;
        }
    }
    let Some(dep_chart) = parent
        .dependencies
        .iter()
        .rev()
        .find(|c| c.name() == dep.name)
    else {
        return "missing".into();
    };
    if dep_chart.metadata.version != dep.version {
        match satisfies(&dep.version, &dep_chart.metadata.version) {
            None => return "invalid version".into(),
            Some(false) => return "wrong version".into(),
            Some(true) => {}
        }
    }
    "unpacked".into()
}

/// `helm dependency list`: the table of `Chart.yaml`'s dependencies with their status,
/// then warnings for charts in `charts/` that are not dependencies.
///
/// # Errors
/// The chart's load error; write errors as [`DependencyError::Message`].
pub fn list(
    chart_path: &str,
    max_col_width: usize,
    out: &mut dyn Write,
) -> Result<(), DependencyError> {
    let mut warnings = Vec::new();
    let c = loader::load_v2(chart_path, &mut warnings)?;
    let io = |e: std::io::Error| msg(e.to_string());
    let Some(deps) = &c.metadata.dependencies else {
        writeln!(
            out,
            "WARNING: no dependencies at {}",
            join(chart_path, "charts")
        )
        .map_err(io)?;
        return Ok(());
    };
    let mut rows = vec![vec![
        "NAME".to_owned(),
        "VERSION".to_owned(),
        "REPOSITORY".to_owned(),
        "STATUS".to_owned(),
    ]];
    for d in deps {
        rows.push(vec![
            d.name.clone(),
            d.version.clone(),
            d.repository.clone(),
            dependency_status(chart_path, d, &c),
        ]);
    }
    writeln!(out, "{}", table(&rows, max_col_width)).map_err(io)?;
    writeln!(out).map_err(io)?;
    // printMissing
    let dir = Path::new(chart_path).join("charts");
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for f in entries {
        let shown = join(
            chart_path,
            &format!(
                "charts/{}",
                f.file_name().unwrap_or_default().to_string_lossy()
            ),
        );
        let Ok(meta) = std::fs::metadata(&f) else {
            continue;
        };
        if !meta.is_dir() && f.extension().is_none_or(|e| e != "tgz") {
            continue;
        }
        let quoted = rudder_value::strconv::quote(&shown);
        match loader::load_v2(&f.to_string_lossy(), &mut warnings) {
            Err(_) => writeln!(out, "WARNING: {quoted} is not a chart.").map_err(io)?,
            Ok(sc) => {
                if !deps.iter().any(|d| d.name == sc.name()) {
                    writeln!(out, "WARNING: {quoted} is not in Chart.yaml.").map_err(io)?;
                }
            }
        }
    }
    Ok(())
}

/// The download manager (`downloader.Manager`) for local dependencies.
#[derive(Debug)]
pub struct Manager {
    /// The chart directory.
    pub chart_path: String,
    /// `--debug`: print `Archiving <name> from repo <repo>` for `file://` dependencies.
    pub debug: bool,
}

impl Manager {
    /// A manager for the chart at `chart_path`.
    pub fn new(chart_path: impl Into<String>) -> Self {
        Self {
            chart_path: chart_path.into(),
            debug: false,
        }
    }

    fn load_chart_dir(&self) -> Result<Chart, DependencyError> {
        match std::fs::metadata(&self.chart_path) {
            Err(e) => {
                let text = crate::loader::load_v2(&self.chart_path, &mut Vec::new())
                    .err()
                    .map_or_else(|| e.to_string(), |le| le.to_string());
                return Err(msg(format!("could not find {}: {text}", self.chart_path)));
            }
            Ok(m) if !m.is_dir() => return Err(msg("only unpacked charts can be updated")),
            Ok(_) => {}
        }
        Ok(loader::load_dir_v2(&self.chart_path, &mut Vec::new())?)
    }

    /// `resolveRepoNames` for local dependencies: `file://` paths must exist; anything
    /// remote is refused.
    fn check_repositories(&self, deps: &[Dependency]) -> Result<(), DependencyError> {
        for d in deps {
            if d.repository.is_empty() {
                continue;
            }
            if d.repository.starts_with("file://") {
                lock::local_path(&d.repository, &self.chart_path).map_err(msg)?;
                continue;
            }
            return Err(DependencyError::Remote {
                name: d.name.clone(),
                repository: d.repository.clone(),
            });
        }
        Ok(())
    }

    /// `helm dependency build`: `charts/` rebuilt from `Chart.lock` (an update when there
    /// is no lock).
    ///
    /// # Errors
    /// `the lock file (Chart.lock) is out of sync with the dependencies file (Chart.yaml).
    /// Please update the dependencies with 'helm dependency update'` and [`Self::update`]'s.
    pub fn build(&self, out: &mut dyn Write) -> Result<(), DependencyError> {
        let c = self.load_chart_dir()?;
        let Some(lock) = c.lock.clone() else {
            return self.update(out);
        };
        let req = c.metadata.dependencies.clone();
        let v1 = c.metadata.api_version == "v1";
        let v2_sum = lock::hash_v2_req(req.as_deref());
        self.check_repositories(req.as_deref().unwrap_or_default())?;
        let sum = lock::hash_req(req.as_deref(), Some(&lock.dependencies));
        if sum != lock.digest {
            if v1 {
                if v2_sum != lock.digest {
                    return Err(msg(
                        "the lock file (requirements.lock) is out of sync with the dependencies file (requirements.yaml). Please update the dependencies",
                    ));
                }
            } else {
                return Err(msg(
                    "the lock file (Chart.lock) is out of sync with the dependencies file (Chart.yaml). Please update the dependencies with 'helm dependency update'",
                ));
            }
        }
        self.check_repositories(&lock.dependencies)?;
        let mut deps = lock.dependencies;
        self.download_all(&mut deps, out)
    }

    /// `helm dependency update`: resolves `Chart.yaml`'s dependencies, rebuilds `charts/`
    /// and writes `Chart.lock` when its digest changed.
    ///
    /// # Errors
    /// Helm's texts: `can't get a valid version for 1 subchart(s): ...`, `directory <path>
    /// not found`, `dependency "x" has an invalid version/constraint format: ...`, load and
    /// write errors.
    pub fn update(&self, out: &mut dyn Write) -> Result<(), DependencyError> {
        let c = self.load_chart_dir()?;
        let Some(req) = c.metadata.dependencies.clone() else {
            return Ok(());
        };
        self.check_repositories(&req)?;
        let mut locked = self.resolve(&req)?;
        self.download_all(&mut locked, out)?;
        let digest = lock::hash_req(Some(&req), Some(&locked));
        if c.lock.as_ref().is_some_and(|l| l.digest == digest) {
            return Ok(());
        }
        let now = crate::save::now();
        let new_lock = Lock {
            generated: crate::save::format_rfc3339_nano(now),
            digest,
            dependencies: locked,
        };
        lock::write_lock(
            Path::new(&self.chart_path),
            &new_lock,
            c.metadata.api_version == "v1",
        )
        .map_err(msg)?;
        Ok(())
    }

    /// `Resolver.Resolve` for local dependencies.
    fn resolve(&self, reqs: &[Dependency]) -> Result<Vec<Dependency>, DependencyError> {
        let mut locked = Vec::new();
        let mut missing = Vec::new();
        for d in reqs {
            let constraint = Constraints::parse(&d.version).map_err(|e| {
                msg(format!(
                    "dependency {} has an invalid version/constraint format: {e}",
                    rudder_value::strconv::quote(&d.name),
                ))
            })?;
            if d.repository.is_empty() {
                lock::local_path(&format!("charts/{}", d.name), &self.chart_path).map_err(msg)?;
                locked.push(Dependency {
                    name: d.name.clone(),
                    version: d.version.clone(),
                    ..Dependency::default()
                });
                continue;
            }
            let path = lock::local_path(&d.repository, &self.chart_path).map_err(msg)?;
            let ch = loader::load_dir_v2(&path, &mut Vec::new())?;
            let Ok(v) = Version::parse(&ch.metadata.version) else {
                continue;
            };
            if !constraint.check(&v) {
                missing.push(format!(
                    "{} (repository {}, version {})",
                    rudder_value::strconv::quote(&d.name),
                    rudder_value::strconv::quote(&d.repository),
                    rudder_value::strconv::quote(&d.version)
                ));
                continue;
            }
            locked.push(Dependency {
                name: d.name.clone(),
                repository: d.repository.clone(),
                version: ch.metadata.version.clone(),
                ..Dependency::default()
            });
        }
        if !missing.is_empty() {
            return Err(msg(format!(
                "can't get a valid version for {} subchart(s): {}. Make sure a matching chart version exists in the repo, or change the version constraint in Chart.yaml",
                missing.len(),
                missing.join(", ")
            )));
        }
        Ok(locked)
    }

    /// `tarFromLocalDir`: packages a `file://` dependency into `dest`; returns its version.
    fn tar_from_local_dir(&self, dep: &Dependency, dest: &Path) -> Result<String, DependencyError> {
        let path = lock::local_path(&dep.repository, &self.chart_path).map_err(msg)?;
        let ch = loader::load_dir_v2(&path, &mut Vec::new())?;
        let constraint = Constraints::parse(&dep.version).map_err(|e| {
            msg(format!(
                "dependency {} has an invalid version/constraint format: {e}",
                dep.name
            ))
        })?;
        let v = Version::parse(&ch.metadata.version).map_err(|e| msg(e.to_string()))?;
        if constraint.check(&v) {
            crate::save::save(&ch, dest).map_err(|e| msg(e.to_string()))?;
            return Ok(ch.metadata.version.clone());
        }
        Err(msg(format!(
            "can't get a valid version for dependency {}",
            dep.name
        )))
    }

    /// `downloadAll`: every dependency into a temporary directory, then moved into
    /// `charts/` (outdated archives deleted).
    fn download_all(
        &self,
        deps: &mut [Dependency],
        out: &mut dyn Write,
    ) -> Result<(), DependencyError> {
        let io = |e: std::io::Error| msg(e.to_string());
        let dest = Path::new(&self.chart_path).join("charts");
        let tmp = Path::new(&self.chart_path).join(format!("tmpcharts-{}", std::process::id()));
        match std::fs::metadata(&dest) {
            Ok(m) if !m.is_dir() => {
                return Err(msg(format!(
                    "{} is not a directory",
                    rudder_value::strconv::quote(&dest.to_string_lossy())
                )));
            }
            Ok(_) => {}
            Err(_) => std::fs::create_dir_all(&dest).map_err(io)?,
        }
        std::fs::create_dir_all(&tmp).map_err(io)?;
        let result = self.download_into(deps, &dest, &tmp, out);
        let _ = std::fs::remove_dir_all(&tmp);
        result
    }

    fn download_into(
        &self,
        deps: &mut [Dependency],
        dest: &Path,
        tmp: &Path,
        out: &mut dyn Write,
    ) -> Result<(), DependencyError> {
        let io = |e: std::io::Error| msg(e.to_string());
        writeln!(out, "Saving {} charts", deps.len()).map_err(io)?;
        let mut save_error = None;
        for dep in deps.iter_mut() {
            if dep.repository.is_empty() {
                writeln!(
                    out,
                    "Dependency {} did not declare a repository. Assuming it exists in the charts directory",
                    dep.name
                )
                .map_err(io)?;
                let chart_path = join(&dest.to_string_lossy(), &dep.name);
                let ch = loader::load_dir_v2(&chart_path, &mut Vec::new())
                    .map_err(|e| msg(format!("unable to load chart '{chart_path}': {e}")))?;
                let constraint = Constraints::parse(&dep.version).map_err(|e| {
                    msg(format!(
                        "dependency {} has an invalid version/constraint format: {e}",
                        dep.name
                    ))
                })?;
                let v = Version::parse(&ch.metadata.version).map_err(|e| {
                    msg(format!(
                        "invalid version {} for dependency {}: {e}",
                        dep.version, dep.name
                    ))
                })?;
                if !constraint.check(&v) {
                    save_error = Some(msg(format!(
                        "dependency {} at version {} does not satisfy the constraint {}",
                        dep.name, ch.metadata.version, dep.version
                    )));
                    break;
                }
                continue;
            }
            if dep.repository.starts_with("file://") {
                if self.debug {
                    writeln!(out, "Archiving {} from repo {}", dep.name, dep.repository)
                        .map_err(io)?;
                }
                match self.tar_from_local_dir(dep, tmp) {
                    Ok(v) => dep.version = v,
                    Err(e) => {
                        save_error = Some(e);
                        break;
                    }
                }
                continue;
            }
            save_error = Some(DependencyError::Remote {
                name: dep.name.clone(),
                repository: dep.repository.clone(),
            });
            break;
        }
        if let Some(e) = save_error {
            writeln!(out, "Save error occurred:  {e}").map_err(io)?;
            return Err(e);
        }
        Self::safe_move_deps(deps, tmp, dest, out)
    }

    /// `safeMoveDeps`.
    fn safe_move_deps(
        deps: &[Dependency],
        source: &Path,
        dest: &Path,
        out: &mut dyn Write,
    ) -> Result<(), DependencyError> {
        let io = |e: std::io::Error| msg(e.to_string());
        let sorted = |dir: &Path| -> Result<Vec<std::fs::DirEntry>, DependencyError> {
            let mut v: Vec<_> = std::fs::read_dir(dir).map_err(io)?.flatten().collect();
            v.sort_by_key(std::fs::DirEntry::file_name);
            Ok(v)
        };
        let source_files = sorted(source)?;
        let dest_files = sorted(dest)?;
        let mut in_source = std::collections::BTreeSet::new();
        for f in source_files {
            if f.file_type().is_ok_and(|t| t.is_dir()) {
                continue;
            }
            let name = f.file_name();
            let sourcefile = f.path();
            in_source.insert(name.clone());
            if let Err(e) = loader::load_file_v2(&sourcefile.to_string_lossy(), &mut Vec::new()) {
                write!(
                    out,
                    "Could not verify {} for moving: {e} (Skipping)",
                    sourcefile.display()
                )
                .map_err(io)?;
                continue;
            }
            if let Err(e) = std::fs::rename(&sourcefile, dest.join(&name)) {
                write!(
                    out,
                    "Unable to move {} to charts dir {e} (Skipping)",
                    sourcefile.display()
                )
                .map_err(io)?;
            }
        }
        writeln!(out, "Deleting outdated charts").map_err(io)?;
        for f in dest_files {
            if f.file_type().is_ok_and(|t| t.is_dir()) || in_source.contains(&f.file_name()) {
                continue;
            }
            let fname = f.path();
            let ch = match loader::load_file_v2(&fname.to_string_lossy(), &mut Vec::new()) {
                Ok(c) => c,
                Err(e) => {
                    writeln!(
                        out,
                        "Could not verify {} for deletion: {e} (Skipping)",
                        fname.display()
                    )
                    .map_err(io)?;
                    continue;
                }
            };
            if deps
                .iter()
                .any(|d| d.repository.is_empty() && d.name == ch.name())
            {
                continue;
            }
            if let Err(e) = std::fs::remove_file(&fname) {
                write!(out, "Could not delete {}: {e} (Skipping)", fname.display()).map_err(io)?;
            }
        }
        Ok(())
    }
}
