//! The post-render step of `renderResources` (`pkg/action/action.go`): after the notes are
//! taken out, the rendered files go through a [`PostRenderer`] as one annotated YAML stream
//! (`annotateAndMerge`), and its output is split back into files by the annotation
//! (`splitAndDeannotate`) before the usual sorting into hooks and manifests.
//!
//! Helm 4 sends hooks to the post-renderer too ([`PostRenderStrategy::Combined`], the
//! default); [`PostRenderStrategy::Separate`] runs it once for hooks and once for the other
//! documents, [`PostRenderStrategy::NoHooks`] only for the other documents (Helm 3's way).
//! Helm has no command-line flag for the strategy; it is an SDK option.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

use rudder_chart::chart::Chart;
use rudder_engine::manifest::{
    AssembleError, INSTALL_ORDER, annotate_and_merge, sort_manifests, split_and_deannotate,
};
use rudder_plugin::PostRenderer;

use crate::install::{Level, Record};

/// How hooks and the other documents reach the post-renderer (`PostRenderStrategy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PostRenderStrategy {
    /// `combined`: one stream with hooks and the other documents (Helm 4's default).
    #[default]
    Combined,
    /// `separate`: hooks and the other documents in two runs.
    Separate,
    /// `nohooks`: only the other documents; hooks stay as rendered.
    NoHooks,
}

/// A post-renderer and how to call it.
#[derive(Debug, Clone)]
pub struct PostRender {
    /// The post-renderer (a plugin from `rudder-plugin`, or the SDK user's own).
    pub renderer: Arc<dyn PostRenderer>,
    /// How to call it.
    pub strategy: PostRenderStrategy,
}

/// The post-render step failed; `Display` is Helm's text.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PostRenderStepError {
    /// `error merging manifests: ...` (`error merging hooks: ...` per group).
    #[error("error merging {}: {source}", group.unwrap_or("manifests"))]
    Merge {
        /// The group (`hooks`, `manifests`) with a separate strategy.
        group: Option<&'static str>,
        /// The cause.
        #[source]
        source: rudder_engine::manifest::PostRenderError,
    },
    /// `error while running post render on files: ...` (`on hooks`/`on manifests`).
    #[error("error while running post render on {}: {source}", group.unwrap_or("files"))]
    Run {
        /// The group with a separate strategy.
        group: Option<&'static str>,
        /// The post-renderer's error.
        #[source]
        source: rudder_plugin::PostRenderError,
    },
    /// `error while parsing post rendered output: ...` (`... output for hooks: ...`).
    #[error("error while parsing post rendered output{}: {source}", group.map(|g| format!(" for {g}")).unwrap_or_default())]
    Parse {
        /// The group with a separate strategy.
        group: Option<&'static str>,
        /// The cause.
        #[source]
        source: rudder_engine::manifest::PostRenderError,
    },
    /// The separate strategies sort before post-rendering: a document that is not YAML.
    #[error(transparent)]
    Sort(AssembleError),
}

/// The rendered notes taken out of `files` as `renderResources` does (the top chart's
/// `NOTES.txt`, every chart's with `subchart_notes`).
pub(crate) fn take_notes(
    files: &mut BTreeMap<String, String>,
    chart: &Chart,
    subchart_notes: bool,
) -> String {
    let top = format!("{}/templates/NOTES.txt", chart.name());
    let keys: Vec<String> = files
        .keys()
        .filter(|k| k.ends_with("NOTES.txt"))
        .cloned()
        .collect();
    let mut notes = String::new();
    for k in keys {
        let v = files.remove(&k).unwrap_or_default();
        if subchart_notes || k == top {
            if !notes.is_empty() {
                notes.push('\n');
            }
            notes.push_str(&v);
        }
    }
    notes
}

fn join_into(files: &mut BTreeMap<String, String>, name: String, content: String) {
    match files.get_mut(&name) {
        Some(existing) => {
            existing.push_str("\n---\n");
            existing.push_str(&content);
        }
        None => {
            files.insert(name, content);
        }
    }
}

fn run_group(
    renderer: &dyn PostRenderer,
    files: &BTreeMap<String, String>,
    group: Option<&'static str>,
    log: &mut Vec<Record>,
) -> Result<Vec<(String, String)>, PostRenderStepError> {
    let list: Vec<(String, String)> = files.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    let merged =
        annotate_and_merge(&list).map_err(|source| PostRenderStepError::Merge { group, source })?;
    let mut debug = Vec::new();
    let out = renderer.run(merged.as_bytes(), &mut debug);
    for record in debug {
        let attrs: Vec<(&str, String)> = record
            .attrs
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect();
        log.push(Record::slog(Level::Debug, &record.message, &attrs));
    }
    let out = out.map_err(|source| PostRenderStepError::Run { group, source })?;
    let out = String::from_utf8_lossy(&out);
    split_and_deannotate(&out, group.unwrap_or_default())
        .map_err(|source| PostRenderStepError::Parse { group, source })
}

/// The post-render step on the rendered files (notes already taken out).
///
/// # Errors
/// See [`PostRenderStepError`].
pub fn post_render(
    files: &BTreeMap<String, String>,
    post_render: &PostRender,
    log: &mut Vec<Record>,
) -> Result<BTreeMap<String, String>, PostRenderStepError> {
    let renderer = post_render.renderer.as_ref();
    if post_render.strategy == PostRenderStrategy::Combined {
        return Ok(run_group(renderer, files, None, log)?.into_iter().collect());
    }
    let (hooks, manifests) = match sort_manifests(files, INSTALL_ORDER) {
        Ok(sorted) => sorted,
        Err(error) => {
            let mut debug_output = String::new();
            for (name, content) in files {
                if !content.trim().is_empty() {
                    let _ = write!(debug_output, "---\n# Source: {name}\n{content}\n");
                }
            }
            return Err(PostRenderStepError::Sort(AssembleError {
                error,
                debug_output,
            }));
        }
    };
    let mut hook_files = BTreeMap::new();
    for h in hooks {
        join_into(&mut hook_files, h.path, h.manifest);
    }
    let mut manifest_files = BTreeMap::new();
    for m in manifests {
        join_into(&mut manifest_files, m.name, m.content);
    }
    let mut out = BTreeMap::new();
    let groups = [
        (
            "hooks",
            hook_files,
            post_render.strategy == PostRenderStrategy::Separate,
        ),
        ("manifests", manifest_files, true),
    ];
    for (name, group, run) in groups {
        if group.is_empty() {
            continue;
        }
        if !run {
            for (k, v) in group {
                join_into(&mut out, k, v);
            }
            continue;
        }
        for (k, v) in run_group(renderer, &group, Some(name), log)? {
            join_into(&mut out, k, v);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Adds a label line after every `metadata:` line, as a sed post-renderer would.
    #[derive(Debug)]
    struct Labeler;

    impl PostRenderer for Labeler {
        fn run(
            &self,
            rendered: &[u8],
            _: &mut Vec<rudder_plugin::DebugRecord>,
        ) -> Result<Vec<u8>, rudder_plugin::PostRenderError> {
            let text = String::from_utf8_lossy(rendered);
            Ok(text
                .replace("metadata:\n", "metadata:\n  labels:\n    pr: \"yes\"\n")
                .into_bytes())
        }
    }

    #[derive(Debug)]
    struct Failing;

    impl PostRenderer for Failing {
        fn run(
            &self,
            _: &[u8],
            _: &mut Vec<rudder_plugin::DebugRecord>,
        ) -> Result<Vec<u8>, rudder_plugin::PostRenderError> {
            Err(rudder_plugin::PostRenderError::EmptyOutput {
                plugin: "p".to_owned(),
            })
        }
    }

    fn files() -> BTreeMap<String, String> {
        BTreeMap::from([
            (
                "c/templates/cm.yaml".to_owned(),
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n".to_owned(),
            ),
            (
                "c/templates/hook.yaml".to_owned(),
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: h\n  annotations:\n    helm.sh/hook: pre-install\n".to_owned(),
            ),
        ])
    }

    fn with(strategy: PostRenderStrategy, renderer: Arc<dyn PostRenderer>) -> PostRender {
        PostRender { renderer, strategy }
    }

    #[test]
    fn strategies() {
        let combined = post_render(
            &files(),
            &with(PostRenderStrategy::Combined, Arc::new(Labeler)),
            &mut Vec::new(),
        )
        .unwrap();
        assert_eq!(
            combined["c/templates/cm.yaml"],
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels:\n    pr: \"yes\"\n  name: a\n"
        );
        assert!(combined["c/templates/hook.yaml"].contains("pr: \"yes\""));
        let separate = post_render(
            &files(),
            &with(PostRenderStrategy::Separate, Arc::new(Labeler)),
            &mut Vec::new(),
        )
        .unwrap();
        assert_eq!(separate, combined);
        let nohooks = post_render(
            &files(),
            &with(PostRenderStrategy::NoHooks, Arc::new(Labeler)),
            &mut Vec::new(),
        )
        .unwrap();
        assert!(!nohooks["c/templates/hook.yaml"].contains("pr:"));
        assert!(nohooks["c/templates/cm.yaml"].contains("pr: \"yes\""));
    }

    #[test]
    fn error_texts() {
        let e = post_render(
            &files(),
            &with(PostRenderStrategy::Combined, Arc::new(Failing)),
            &mut Vec::new(),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "error while running post render on files: post-renderer \"p\" produced empty output"
        );
        let e = post_render(
            &files(),
            &with(PostRenderStrategy::Separate, Arc::new(Failing)),
            &mut Vec::new(),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "error while running post render on hooks: post-renderer \"p\" produced empty output"
        );
        let e = post_render(
            &files(),
            &with(PostRenderStrategy::NoHooks, Arc::new(Failing)),
            &mut Vec::new(),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "error while running post render on manifests: post-renderer \"p\" produced empty output"
        );
    }
}
