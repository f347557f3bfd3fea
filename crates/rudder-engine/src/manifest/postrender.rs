//! The YAML round trip Helm 4 puts around post-renderers (`pkg/action/action.go`:
//! `annotateAndMerge` and `splitAndDeannotate`), over kyaml's `kio.ParseAll`/`kio.StringAll`
//! ([`rudder_yaml::kyaml`]).
//!
//! ```
//! use rudder_engine::manifest::{annotate_and_merge, split_and_deannotate};
//! let files = vec![("c/templates/a.yaml".to_owned(), "kind: A\n".to_owned())];
//! let merged = annotate_and_merge(&files).unwrap();
//! assert_eq!(
//!     merged,
//!     "kind: A\nmetadata:\n  annotations:\n    postrenderer.helm.sh/postrender-filename: 'c/templates/a.yaml'\n"
//! );
//! let back = split_and_deannotate(&merged, "").unwrap();
//! assert_eq!(back, vec![("c/templates/a.yaml".to_owned(), "kind: A\n".to_owned())]);
//! ```

use rudder_yaml::kyaml::{self, Document};

use super::split::split_manifests;

/// The annotation carrying each document's template file through the post-renderer.
pub const FILENAME_ANNOTATION: &str = "postrenderer.helm.sh/postrender-filename";

/// A failure of the round trip, with Helm's text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PostRenderError {
    /// `parsing <file>: <err>`.
    #[error("parsing {file}: {source}")]
    Parse {
        /// The template file.
        file: String,
        /// kyaml's error.
        source: rudder_yaml::Error,
    },
    /// `annotating <file>: <err>`.
    #[error("annotating {file}: {source}")]
    Annotate {
        /// The template file.
        file: String,
        /// kyaml's error.
        source: rudder_yaml::Error,
    },
    /// `writing merged docs: <err>`.
    #[error("writing merged docs: {0}")]
    WriteMerged(rudder_yaml::Error),
    /// `error parsing YAML: <err>` (the post-renderer's output).
    #[error("error parsing YAML: {0}")]
    ParseOutput(rudder_yaml::Error),
    /// `getting metadata: <err>`.
    #[error("getting metadata: {0}")]
    Metadata(rudder_yaml::Error),
    /// `clearing filename annotation: <err>`.
    #[error("clearing filename annotation: {0}")]
    ClearAnnotation(rudder_yaml::Error),
    /// `re-writing <file>: <err>`.
    #[error("re-writing {file}: {source}")]
    Rewrite {
        /// The file being written.
        file: String,
        /// kyaml's error.
        source: rudder_yaml::Error,
    },
}

impl PostRenderError {
    /// kyaml's error underneath.
    #[must_use]
    pub fn source_error(&self) -> &rudder_yaml::Error {
        match self {
            Self::Parse { source, .. }
            | Self::Annotate { source, .. }
            | Self::Rewrite { source, .. }
            | Self::WriteMerged(source)
            | Self::ParseOutput(source)
            | Self::Metadata(source)
            | Self::ClearAnnotation(source) => source,
        }
    }

    /// Where Helm 4.2.4 does not return an error but crashes (a Go runtime panic inside
    /// kyaml, e.g. `runtime error: index out of range [1] with length 1` for a `List` item
    /// that is an odd-length sequence), the panic's message.
    #[must_use]
    pub fn go_panic(&self) -> Option<&str> {
        let e = self.source_error();
        (e.kind() == rudder_yaml::ErrorKind::Panic).then(|| e.message())
    }
}

/// Go's `path.Base`.
fn path_base(p: &str) -> &str {
    if p.is_empty() {
        return ".";
    }
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        return "/";
    }
    t.rsplit('/').next().unwrap_or(t)
}

/// `annotateAndMerge`: every rendered file (partials `_*` and blank files skipped, names in
/// byte order) split with `SplitManifests`, each document parsed by kyaml and annotated with
/// its file name, all written as one multi-document stream for the post-renderer.
///
/// # Errors
/// `parsing <file>: ...`, `annotating <file>: ...`, `writing merged docs: ...`.
pub fn annotate_and_merge(files: &[(String, String)]) -> Result<String, PostRenderError> {
    let mut order: Vec<&(String, String)> = files.iter().collect();
    order.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut combined: Vec<Document> = Vec::new();
    for (fname, content) in order {
        if path_base(fname).starts_with('_')
            || content.trim_matches(super::split::is_go_space).is_empty()
        {
            continue;
        }
        for doc in split_manifests(content) {
            if doc.trim_matches(super::split::is_go_space).is_empty() {
                continue;
            }
            let parsed = kyaml::parse_all(&doc).map_err(|source| PostRenderError::Parse {
                file: fname.clone(),
                source,
            })?;
            for mut manifest in parsed {
                manifest
                    .set_annotation(FILENAME_ANNOTATION, fname)
                    .map_err(|source| PostRenderError::Annotate {
                        file: fname.clone(),
                        source,
                    })?;
                combined.push(manifest);
            }
        }
    }
    kyaml::string_all(&combined).map_err(PostRenderError::WriteMerged)
}

/// `splitAndDeannotate`: the post-renderer's output parsed by kyaml, grouped by the file
/// annotation (documents without it go to `generated-by-postrender-[<prefix>-]<i>.yaml`), the
/// annotation removed, each group written back. Sorted by file name (Helm returns a map).
///
/// # Errors
/// `error parsing YAML: ...`, `getting metadata: ...`, `clearing filename annotation: ...`,
/// `re-writing <file>: ...`.
pub fn split_and_deannotate(
    post_rendered: &str,
    fallback_prefix: &str,
) -> Result<Vec<(String, String)>, PostRenderError> {
    let manifests = kyaml::parse_all(post_rendered).map_err(PostRenderError::ParseOutput)?;
    let mut groups: Vec<(String, Vec<Document>)> = Vec::new();
    let mut by_name: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, mut manifest) in manifests.into_iter().enumerate() {
        let mut fname = manifest.annotation(FILENAME_ANNOTATION).unwrap_or_default();
        if fname.is_empty() {
            fname = if fallback_prefix.is_empty() {
                format!("generated-by-postrender-{i}.yaml")
            } else {
                format!("generated-by-postrender-{fallback_prefix}-{i}.yaml")
            };
        }
        manifest
            .clear_annotation(FILENAME_ANNOTATION)
            .map_err(PostRenderError::ClearAnnotation)?;
        if let Some(&g) = by_name.get(&fname) {
            groups[g].1.push(manifest);
        } else {
            by_name.insert(fname.clone(), groups.len());
            groups.push((fname, vec![manifest]));
        }
    }
    let mut out = Vec::with_capacity(groups.len());
    for (fname, docs) in groups {
        let text = kyaml::string_all(&docs).map_err(|source| PostRenderError::Rewrite {
            file: fname.clone(),
            source,
        })?;
        out.push((fname, text));
    }
    out.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    Ok(out)
}
