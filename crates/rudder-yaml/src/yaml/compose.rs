//! The node tree of one document, as go-yaml's decoder builds it from the events
//! (`yaml.v2/decode.go`'s `parser`).

use crate::fasthash::FxHashMap;

use super::parser::Parser;
use super::token::{Event, EventKind, Mark, SyntaxError};

/// An index into [`Document::nodes`].
pub(crate) type NodeId = usize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NodeKind {
    Document,
    Mapping,
    Sequence,
    Scalar,
    Alias,
}

/// A node. Mappings hold their keys and values alternately in `children`.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub kind: NodeKind,
    /// 0-based line and column of the node's first event.
    #[expect(dead_code, reason = "read by struct decoding (next)")]
    pub line: usize,
    #[expect(dead_code, reason = "read by struct decoding (next)")]
    pub column: usize,
    /// The scalar's resolved tag (collections keep none, as in go-yaml v2).
    pub tag: String,
    /// The scalar's text, or the alias's anchor name.
    pub value: rudder_value::Str,
    /// Whether the scalar is plain and untagged (its type comes from its text).
    pub implicit: bool,
    pub children: Vec<NodeId>,
    /// The node an alias refers to.
    pub alias: Option<NodeId>,
}

/// The nodes of one document; node 0 is the document node.
#[derive(Debug, Default)]
pub(crate) struct Document {
    pub nodes: Vec<Node>,
}

impl Document {
    pub(crate) fn root(&self) -> Option<NodeId> {
        (!self.nodes.is_empty()).then_some(0)
    }

    pub(crate) fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }
}

/// Why composing failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ComposeError {
    Syntax(SyntaxError),
    /// `unknown anchor 'x' referenced`
    UnknownAnchor(String),
}

impl From<SyntaxError> for ComposeError {
    fn from(e: SyntaxError) -> Self {
        Self::Syntax(e)
    }
}

struct Composer {
    parser: Parser,
    peeked: Option<Event>,
    doc: Document,
    anchors: FxHashMap<String, NodeId>,
}

/// Parses the first document of `input` into nodes; `None` for a stream without documents.
pub(crate) fn compose_first(input: &[u8]) -> Result<Option<Document>, ComposeError> {
    // go-yaml replaces an empty input with a single line break.
    let input: &[u8] = if input.is_empty() { b"\n" } else { input };
    let mut c = Composer {
        parser: Parser::new(input),
        peeked: None,
        doc: Document::default(),
        anchors: FxHashMap::default(),
    };
    // STREAM-START
    c.take()?;
    if matches!(c.peek()?.kind, EventKind::StreamEnd) {
        return Ok(None);
    }
    c.compose()?;
    Ok(Some(c.doc))
}

impl Composer {
    fn peek(&mut self) -> Result<&Event, ComposeError> {
        if self.peeked.is_none() {
            let event = self.parser.next_event()?;
            // After STREAM-END the parser has nothing more; go-yaml's decoder never asks.
            self.peeked = Some(event.unwrap_or(Event {
                kind: EventKind::StreamEnd,
                start: Mark::default(),
                end: Mark::default(),
            }));
        }
        Ok(self.peeked.as_ref().unwrap_or_else(|| unreachable!()))
    }

    fn take(&mut self) -> Result<Event, ComposeError> {
        self.peek()?;
        Ok(self.peeked.take().unwrap_or_else(|| unreachable!()))
    }

    fn push(&mut self, start: Mark, kind: NodeKind) -> NodeId {
        self.doc.nodes.push(Node {
            kind,
            line: start.line,
            column: start.column,
            tag: String::new(),
            value: rudder_value::Str::from(""),
            implicit: false,
            children: Vec::new(),
            alias: None,
        });
        self.doc.nodes.len() - 1
    }

    fn anchor(&mut self, anchor: Option<String>, id: NodeId) {
        if let Some(name) = anchor {
            self.anchors.insert(name, id);
        }
    }

    /// One node (go-yaml's `parser.parse`). Iterative, so deep nesting cannot overflow the
    /// stack (the scanner caps it at 10,000 levels anyway).
    fn compose(&mut self) -> Result<NodeId, ComposeError> {
        // The open collections and documents: node id, and for mappings nothing more is
        // needed since keys and values alternate.
        let mut open: Vec<NodeId> = Vec::new();
        loop {
            let event = self.take()?;
            let (start, kind) = (event.start, event.kind);
            let id = match kind {
                EventKind::DocumentStart { .. } => {
                    self.anchors.clear();
                    let id = self.push(start, NodeKind::Document);
                    open.push(id);
                    continue;
                }
                EventKind::Scalar {
                    anchor,
                    tag,
                    value,
                    plain_implicit,
                    ..
                } => {
                    let id = self.push(start, NodeKind::Scalar);
                    let node = &mut self.doc.nodes[id];
                    node.value = value;
                    node.tag = tag
                        .map(|t| {
                            String::from_utf8(t).unwrap_or_else(|e| {
                                String::from_utf8_lossy(e.as_bytes()).into_owned()
                            })
                        })
                        .unwrap_or_default();
                    node.implicit = plain_implicit;
                    self.anchor(anchor, id);
                    id
                }
                EventKind::Alias { anchor } => {
                    let Some(&target) = self.anchors.get(&anchor) else {
                        return Err(ComposeError::UnknownAnchor(anchor));
                    };
                    let id = self.push(start, NodeKind::Alias);
                    let node = &mut self.doc.nodes[id];
                    node.value = rudder_value::Str::from(anchor);
                    node.alias = Some(target);
                    id
                }
                EventKind::SequenceStart { anchor, .. } => {
                    let id = self.push(start, NodeKind::Sequence);
                    // The anchor is known before the children: a child can alias its parent.
                    self.anchor(anchor, id);
                    open.push(id);
                    continue;
                }
                EventKind::MappingStart { anchor, .. } => {
                    let id = self.push(start, NodeKind::Mapping);
                    self.anchor(anchor, id);
                    open.push(id);
                    continue;
                }
                EventKind::SequenceEnd | EventKind::MappingEnd | EventKind::DocumentEnd { .. } => {
                    let Some(id) = open.pop() else {
                        unreachable!("the parser balances its events")
                    };
                    id
                }
                EventKind::StreamStart | EventKind::StreamEnd => {
                    unreachable!("the parser produces no stream events inside a document")
                }
            };
            match open.last() {
                Some(&parent) => self.doc.nodes[parent].children.push(id),
                None => return Ok(id),
            }
        }
    }
}
