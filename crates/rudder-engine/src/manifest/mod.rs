//! What Helm does with rendered templates on the `template`/`install` path:
//! `pkg/release/v1/util` (splitting files into documents, hooks and their annotations, kind
//! ordering) and the manifest assembly of `pkg/action` (`renderResources`: NOTES, CRDs,
//! `---\n# Source: ...` blocks) and `pkg/cmd/template.go` (hooks, `--skip-tests`,
//! `--show-only`).
//!
//! ```
//! use rudder_engine::manifest::{assemble, template_output, AssembleOptions, TemplateOptions};
//! use std::collections::BTreeMap;
//!
//! let mut files = BTreeMap::new();
//! files.insert("web/templates/svc.yaml".to_owned(), "kind: Service\nmetadata:\n  name: a\n".to_owned());
//! files.insert("web/templates/ns.yaml".to_owned(), "kind: Namespace\nmetadata:\n  name: b\n".to_owned());
//! let mut meta = rudder_chart::chart::Metadata::default();
//! meta.name = "web".into();
//! let chart = rudder_chart::chart::Chart::new(meta);
//! let release = assemble(files, &chart, &AssembleOptions::default()).unwrap();
//! let out = template_output(&release.manifest, &release.hooks, &TemplateOptions::default()).unwrap();
//! assert_eq!(out, "---\n# Source: web/templates/ns.yaml\nkind: Namespace\nmetadata:\n  name: b\n\n---\n# Source: web/templates/svc.yaml\nkind: Service\nmetadata:\n  name: a\n");
//! ```

mod assemble;
mod head;
mod postrender;
mod sort;
mod split;

pub use assemble::{
    AssembleError, AssembleOptions, Assembled, ShowOnlyError, TemplateOptions, assemble,
    check_kube_version, template_output,
};
pub use head::{HeadMetadata, SimpleHead, parse_head};
pub use postrender::{
    FILENAME_ANNOTATION, PostRenderError, annotate_and_merge, split_and_deannotate,
};
pub use sort::{
    HOOK_ANNOTATION, HOOK_DELETE_ANNOTATION, HOOK_OUTPUT_LOG_ANNOTATION, HOOK_WEIGHT_ANNOTATION,
    Hook, HookEvent, INSTALL_ORDER, Manifest, SortError, UNINSTALL_ORDER, sort_by_kind,
    sort_manifests,
};
pub use split::split_manifests;
