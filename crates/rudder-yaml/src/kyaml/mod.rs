//! The YAML round trip of kustomize's kyaml (`sigs.k8s.io/kustomize/kyaml` v0.21.1) on
//! `go.yaml.in/yaml/v3` v3.0.4, as Helm 4 runs it around post-renderers.
//!
//! * [`Node`]: v3's `yaml.Node` tree (kind, style, tag, value, anchor, comments, key order),
//!   as `Decoder.Decode(&node)` builds it and `Encoder.Encode` writes it back.
//! * [`parse_all`]: `kio.ParseAll` (a `kio.ByteReader`: documents split at `\n---` lines,
//!   empty documents skipped, the index annotations set, a lone `List` unwrapped).
//! * [`Document::set_annotation`], [`Document::clear_annotation`], [`Document::meta`]: kyaml's
//!   `SetAnnotation`, `ClearAnnotation` and `GetMeta`.
//! * [`string_all`]: `kio.StringAll` (a `kio.ByteWriter`: reader annotations and empty
//!   metadata cleared, each document encoded with an indent of 2 and compact sequences).
//!
//! ```
//! use rudder_yaml::kyaml::{parse_all, string_all};
//! let mut docs = parse_all("kind: A\nspec: {a: 1}\n---\nkind: B\n").unwrap();
//! docs[0].set_annotation("x", "y").unwrap();
//! assert_eq!(
//!     string_all(&docs).unwrap(),
//!     "kind: A\nspec: {a: 1}\nmetadata:\n  annotations:\n    x: 'y'\n---\nkind: B\n"
//! );
//! ```

mod decode;
mod encode;
mod kio;
mod node;

pub use node::{Kind, Node, Style};

use crate::error::Error;

/// One resource as kyaml holds it (an `*RNode`): usually a document node, or (for the items
/// of an unwrapped `List`) the item itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    root: Node,
}

/// What `GetMeta` reads (`yaml.ResourceMeta`); maps keep the document's key order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// `apiVersion`.
    pub api_version: String,
    /// `kind`.
    pub kind: String,
    /// `metadata.name`.
    pub name: String,
    /// `metadata.namespace`.
    pub namespace: String,
    /// `metadata.labels`.
    pub labels: Vec<(String, String)>,
    /// `metadata.annotations`.
    pub annotations: Vec<(String, String)>,
}

impl Document {
    /// Wraps a node (a document node, or any other node as a bare resource).
    #[must_use]
    pub fn new(node: Node) -> Self {
        Self { root: node }
    }

    /// The node as kyaml's `Document()` returns it.
    #[must_use]
    pub fn node(&self) -> &Node {
        &self.root
    }

    /// The resource's top node (`YNode()`: a document's content).
    #[must_use]
    pub fn ynode(&self) -> &Node {
        match self.root.kind {
            Kind::Document if !self.root.content.is_empty() => &self.root.content[0],
            _ => &self.root,
        }
    }

    fn ynode_mut(&mut self) -> &mut Node {
        match self.root.kind {
            Kind::Document if !self.root.content.is_empty() => &mut self.root.content[0],
            _ => &mut self.root,
        }
    }

    /// `GetMeta`; `None` for kyaml's `ErrMissingMetadata` (no `apiVersion`, `kind` or
    /// non-empty `metadata`).
    #[must_use]
    pub fn meta(&self) -> Option<Meta> {
        kio::get_meta(self.ynode()).ok()
    }

    /// `GetMeta().Annotations`: the annotations (empty when there is no metadata).
    #[must_use]
    pub fn annotations(&self) -> Vec<(String, String)> {
        self.meta().map(|m| m.annotations).unwrap_or_default()
    }

    /// One annotation's value, `None` when absent.
    #[must_use]
    pub fn annotation(&self, key: &str) -> Option<String> {
        self.meta().and_then(|m| {
            m.annotations
                .into_iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v)
        })
    }

    /// `PipeE(SetAnnotation(key, value))`: empty annotations/metadata cleared first, then
    /// `metadata.annotations.<key>` set to a single-quoted string (an existing value is
    /// replaced and keeps its style; missing maps are appended).
    ///
    /// # Errors
    /// kyaml's `wrong node kind: ...` when the document, `metadata` or `annotations` is not a
    /// mapping.
    pub fn set_annotation(&mut self, key: &str, value: &str) -> Result<(), Error> {
        kio::set_annotation(self.ynode_mut(), key, value)
    }

    /// `PipeE(ClearAnnotation(key))`: removes the annotation if present.
    ///
    /// # Errors
    /// As [`Document::set_annotation`].
    pub fn clear_annotation(&mut self, key: &str) -> Result<(), Error> {
        kio::clear_annotation(self.ynode_mut(), key)
    }

    /// `ClearEmptyAnnotations`: removes `metadata.annotations` when empty, then `metadata`.
    ///
    /// # Errors
    /// As [`Document::set_annotation`].
    pub fn clear_empty_annotations(&mut self) -> Result<(), Error> {
        kio::clear_empty_annotations(self.ynode_mut())
    }
}

/// `kio.ParseAll(text)`.
///
/// # Errors
/// `invalid document separator: --- x`, or `MalformedYAMLError: yaml: line N: ...` for a
/// document v3 cannot parse, or kyaml's errors from setting the index annotations.
pub fn parse_all(text: &str) -> Result<Vec<Document>, Error> {
    kio::parse_all(text)
}

/// `kio.StringAll(docs)`.
///
/// # Errors
/// kyaml's and the v3 encoder's errors (`wrong node kind: ...`).
pub fn string_all(docs: &[Document]) -> Result<String, Error> {
    kio::string_all(docs)
}
