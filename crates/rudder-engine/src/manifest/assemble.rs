//! The manifest assembly of `pkg/action` (`renderResources`) and the printing of
//! `pkg/cmd/template.go`.

use std::fmt::Write as _;

use rudder_chart::chart::Chart;

use super::sort::{Hook, HookEvent, INSTALL_ORDER, Manifest, SortError, sort_manifests};
use super::split::split_manifests;
use crate::{Capabilities, Rendered};

/// What `renderResources` takes from install's and template's flags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssembleOptions {
    /// `--include-crds`: the charts' `crds/` files first in the manifest.
    pub include_crds: bool,
    /// `--hide-secret`: `v1` `Secret` documents replaced by a comment.
    pub hide_secret: bool,
    /// `--render-subchart-notes`: every chart's `NOTES.txt`, not only the top chart's.
    pub render_subchart_notes: bool,
}

/// The assembled release content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Assembled {
    /// The hooks, sorted by kind.
    pub hooks: Vec<Hook>,
    /// The other documents, sorted by kind.
    pub manifests: Vec<Manifest>,
    /// With `include_crds`: every `crds/` file of the chart tree as (Helm's file name, raw
    /// content), in Helm's order.
    pub crds: Vec<(String, String)>,
    /// The release manifest: CRDs (when included) then every manifest, each as
    /// `---\n# Source: <path>\n<content>\n`.
    pub manifest: String,
    /// The rendered notes.
    pub notes: String,
}

/// `renderResources` failed after the render.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{error}")]
pub struct AssembleError {
    /// The document that is not YAML.
    #[source]
    pub error: SortError,
    /// What Helm prints with `--debug`: every non-blank rendered file as
    /// `---\n# Source: <path>\n<content>\n` (Helm's order is Go's map order; this is path order).
    pub debug_output: String,
}

/// `chart requires kubeVersion: X which is incompatible with Kubernetes Y`, when the chart's
/// `kubeVersion` constraint does not admit the capabilities' version.
///
/// # Errors
/// That message.
pub fn check_kube_version(chart: &Chart, capabilities: &Capabilities) -> Result<(), String> {
    let constraint = &chart.metadata.kube_version;
    if constraint.is_empty()
        || rudder_chart::semver::is_compatible_range(
            constraint,
            capabilities.kube_version.normalized(),
        )
    {
        return Ok(());
    }
    Err(format!(
        "chart requires kubeVersion: {constraint} which is incompatible with Kubernetes {}",
        capabilities.kube_version.version
    ))
}

fn source_block(out: &mut String, name: &str, content: &str) {
    let _ = write!(out, "---\n# Source: {name}\n{content}\n");
}

/// `renderResources` after the engine (without a post-renderer): takes the notes out of the
/// rendered files, sorts the rest into hooks and manifests, and writes the manifest.
///
/// # Errors
/// A rendered document that is not YAML (`YAML parse error on <path>: ...`).
pub fn assemble(
    mut files: Rendered,
    chart: &Chart,
    options: &AssembleOptions,
) -> Result<Assembled, AssembleError> {
    let top_notes = format!("{}/templates/NOTES.txt", chart.name());
    let mut notes = String::new();
    let note_keys: Vec<String> = files
        .keys()
        .filter(|k| k.ends_with("NOTES.txt"))
        .cloned()
        .collect();
    for k in note_keys {
        let v = files.remove(&k).unwrap_or_default();
        if options.render_subchart_notes || k == top_notes {
            if !notes.is_empty() {
                notes.push('\n');
            }
            notes.push_str(&v);
        }
    }

    let (hooks, manifests) = match sort_manifests(&files, INSTALL_ORDER) {
        Ok(sorted) => sorted,
        Err(error) => {
            let mut debug_output = String::new();
            for (name, content) in &files {
                if !content.trim_matches(super::split::is_go_space).is_empty() {
                    source_block(&mut debug_output, name, content);
                }
            }
            return Err(AssembleError {
                error,
                debug_output,
            });
        }
    };

    let mut manifest = String::new();
    let mut crds = Vec::new();
    if options.include_crds {
        for (name, file) in chart.crd_objects() {
            let content = String::from_utf8_lossy(&file.data).into_owned();
            source_block(&mut manifest, &name, &content);
            crds.push((name, content));
        }
    }
    for m in &manifests {
        if options.hide_secret && m.head.kind == "Secret" && m.head.version == "v1" {
            let _ = write!(
                manifest,
                "---\n# Source: {}\n# HIDDEN: The Secret output has been suppressed\n",
                m.name
            );
        } else {
            source_block(&mut manifest, &m.name, &m.content);
        }
    }
    Ok(Assembled {
        hooks,
        manifests,
        crds,
        manifest,
        notes,
    })
}

/// The printing flags of `helm template`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateOptions {
    /// `--no-hooks`.
    pub no_hooks: bool,
    /// `--skip-tests`: hooks with the `test` event are not printed.
    pub skip_tests: bool,
    /// `--show-only` patterns, in the order given.
    pub show_only: Vec<String>,
}

/// `--show-only` matched nothing: `could not find template <pattern> in chart`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("could not find template {0} in chart")]
pub struct ShowOnlyError(pub String);

/// The `# Source: <chart>/<path>` of a document: `<path>` (Go's `# Source: [^/]+/(.+)`).
fn source_path(doc: &str) -> Option<&str> {
    const MARK: &str = "# Source: ";
    let mut from = 0;
    while let Some(i) = doc[from..].find(MARK) {
        let start = from + i + MARK.len();
        let rest = &doc[start..];
        if let Some(slash) = rest.find('/')
            && slash > 0
        {
            let tail = &rest[slash + 1..];
            let line = tail.split('\n').next().unwrap_or_default();
            if !line.is_empty() {
                return Some(line);
            }
        }
        from = from + i + 1;
    }
    None
}

/// What `helm template` prints to stdout (without `--output-dir`): the trimmed manifest, then
/// each hook unless `no_hooks` (test hooks skipped with `skip_tests`); with `--show-only`, only
/// the documents whose `# Source:` path (after the chart name) matches a pattern
/// (`filepath.Match`), pattern by pattern.
///
/// # Errors
/// A `--show-only` pattern that matches no document.
pub fn template_output(
    manifest: &str,
    hooks: &[Hook],
    options: &TemplateOptions,
) -> Result<String, ShowOnlyError> {
    let mut all = String::with_capacity(manifest.len() + 64);
    all.push_str(manifest.trim_matches(super::split::is_go_space));
    all.push('\n');
    if !options.no_hooks {
        for h in hooks {
            if options.skip_tests && h.events.contains(&HookEvent::Test) {
                continue;
            }
            source_block(&mut all, &h.path, &h.manifest);
        }
    }
    if options.show_only.is_empty() {
        return Ok(all);
    }
    let docs = split_manifests(&all);
    let mut selected: Vec<&str> = Vec::new();
    for pattern in &options.show_only {
        let mut missing = true;
        for doc in &docs {
            let Some(path) = source_path(doc) else {
                continue;
            };
            if rudder_chart::ignore::filepath_match(pattern, path).unwrap_or(false) {
                selected.push(doc);
                missing = false;
            }
        }
        if missing {
            return Err(ShowOnlyError(pattern.clone()));
        }
    }
    let mut out = String::new();
    for doc in selected {
        let _ = write!(out, "---\n{doc}\n");
    }
    Ok(out)
}
