//! Case preparation: making a chart renderable the way `helm dependency build` would.
//!
//! A chart whose `deps.tsv` rows say `provided_by` another corpus chart is copied into a work
//! directory under the cache, keyed by content, and each such dependency is packaged into its
//! `charts/` as a `.tgz` by the reference Helm's `helm package` (so the dependency's
//! `.helmignore` applies, as with a downloaded archive). Both tools then render that copy.
//! Charts without such dependencies are rendered in place: neither tool writes to a chart.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use crate::corpus::Corpus;
use crate::digest::{self, KeyBuilder};
use crate::exec::Tool;
use crate::semver;

/// A chart ready to render.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub(crate) path: PathBuf,
    /// The content hash of what the tools will read (for cache keys).
    pub(crate) content: String,
}

#[derive(Debug)]
pub(crate) struct Preparer<'a> {
    corpus: &'a Corpus,
    helm: &'a Tool,
    helm_version: &'a str,
    /// `$RUDDER_CACHE/conformance/prepared`.
    dir: PathBuf,
    done: HashMap<PathBuf, Prepared>,
    /// Dependency problems worth a line in the report (a constraint the provider misses).
    pub(crate) warnings: Vec<String>,
}

impl<'a> Preparer<'a> {
    pub(crate) fn new(
        corpus: &'a Corpus,
        helm: &'a Tool,
        helm_version: &'a str,
        dir: PathBuf,
    ) -> Self {
        Self {
            corpus,
            helm,
            helm_version,
            dir,
            done: HashMap::new(),
            warnings: Vec::new(),
        }
    }

    /// Prepares the chart with corpus id `id` at `path` (once per run; later calls are free).
    ///
    /// # Errors
    ///
    /// An unreadable chart, a dependency cycle, or a dependency that fails to package.
    pub(crate) fn prepare(&mut self, id: &str, path: &Path) -> Result<Prepared> {
        self.prepare_inner(id, path, &mut Vec::new())
    }

    fn prepare_inner(
        &mut self,
        id: &str,
        path: &Path,
        stack: &mut Vec<String>,
    ) -> Result<Prepared> {
        if let Some(prepared) = self.done.get(path) {
            return Ok(prepared.clone());
        }
        if stack.iter().any(|seen| seen == id) {
            bail!("dependency cycle: {} -> {id}", stack.join(" -> "));
        }
        let deps: Vec<(String, String, String)> = self
            .corpus
            .provided_deps(id)
            .map(|(dep, provider)| {
                (
                    dep.name.clone(),
                    dep.constraint.clone(),
                    provider.to_owned(),
                )
            })
            .collect();
        let content = digest::tree(path)?;
        let prepared = if deps.is_empty() {
            Prepared {
                path: path.to_owned(),
                content,
            }
        } else {
            stack.push(id.to_owned());
            let mut key = KeyBuilder::new("prepared chart v1");
            key.part("helm", self.helm_version.as_bytes())
                .part("chart", content.as_bytes());
            let mut packaged = Vec::new();
            for (name, constraint, provider) in deps {
                self.check_constraint(id, &name, &constraint, &provider);
                let provider_path = self.corpus.chart_dir(&provider);
                let dependency = self.prepare_inner(&provider, &provider_path, stack)?;
                key.part("dependency", name.as_bytes())
                    .part("content", dependency.content.as_bytes());
                packaged.push(dependency.path);
            }
            stack.pop();
            let key = key.finish();
            let base = path.file_name().context("chart path without a name")?;
            let entry = self.dir.join(&key);
            if !entry.join(base).is_dir() {
                self.build(&entry, base.as_ref(), path, &packaged)
                    .with_context(|| format!("preparing {id}"))?;
            }
            Prepared {
                path: entry.join(base),
                content: key,
            }
        };
        self.done.insert(path.to_owned(), prepared.clone());
        Ok(prepared)
    }

    fn check_constraint(&mut self, parent: &str, name: &str, constraint: &str, provider: &str) {
        let Some(row) = self.corpus.charts.get(provider) else {
            return;
        };
        let problem = if row.name == name {
            match semver::satisfies(&row.version, constraint) {
                Ok(true) => None,
                Ok(false) => Some(format!(
                    "version {} does not satisfy {constraint:?}",
                    row.version
                )),
                Err(error) => Some(format!("constraint {constraint:?} not checked: {error}")),
            }
        } else {
            Some(format!("is chart {:?}, not {name:?}", row.name))
        };
        if let Some(problem) = problem {
            self.warnings.push(format!(
                "{parent}: dependency {name} provided by {provider}: {problem}"
            ));
        }
    }

    /// Copies the chart to `<entry>/<base>` and packages each dependency into its `charts/`.
    fn build(
        &self,
        entry: &Path,
        base: &Path,
        source: &Path,
        dependencies: &[PathBuf],
    ) -> Result<()> {
        fs_err::create_dir_all(&self.dir)?;
        let staging = tempfile::Builder::new()
            .prefix(".tmp-")
            .tempdir_in(&self.dir)?;
        let chart = staging.path().join(base);
        copy_tree(source, &chart)?;
        let charts = chart.join("charts");
        fs_err::create_dir_all(&charts)?;
        for dependency in dependencies {
            let args = vec![
                "package".to_owned(),
                dependency.to_string_lossy().into_owned(),
                "--destination".to_owned(),
                charts.to_string_lossy().into_owned(),
            ];
            let output = self.helm.run(&args)?;
            if !output.exit.success() {
                bail!(
                    "helm package {} failed ({}): {}",
                    dependency.display(),
                    output.exit,
                    String::from_utf8_lossy(&output.stderr).trim()
                );
            }
        }
        let staged = staging.keep();
        if let Err(error) = fs_err::rename(&staged, entry) {
            fs_err::remove_dir_all(&staged)?;
            if !entry.join(base).is_dir() {
                return Err(error.into());
            }
        }
        Ok(())
    }
}

/// Copies a directory tree (symbolic links are copied as the files they point to, as Helm
/// follows them when it loads a chart).
fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    fs_err::create_dir_all(to)?;
    for entry in fs_err::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            fs_err::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
