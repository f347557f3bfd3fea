//! Nodes to text: v3's `Encoder` (`encode.go`'s `node`) over the emitter, comments included,
//! with `SetIndent(2)` and compact or wide sequence indentation per document.

use super::node::{Kind, Node, Style};
use crate::base64::encode_std;
use crate::error::{Error, ErrorKind};
use crate::yaml::emitter::{Comments, Emitter, EmitterFlavor};
use crate::yaml::resolve::{Flavor, resolve, short_tag};
use crate::yaml::token::{CollectionStyle, EventKind, ScalarStyle};

/// A v3 `Encoder` writing into a buffer: one `Encode` per document, `Close` at the end.
pub(crate) struct NodeEncoder {
    emitter: Emitter,
}

/// The short form of a resolver tag, without allocating.
pub(crate) fn short_static(t: &str) -> &str {
    match t {
        "tag:yaml.org,2002:str" => "!!str",
        "tag:yaml.org,2002:int" => "!!int",
        "tag:yaml.org,2002:float" => "!!float",
        "tag:yaml.org,2002:bool" => "!!bool",
        "tag:yaml.org,2002:null" => "!!null",
        "tag:yaml.org,2002:timestamp" => "!!timestamp",
        "tag:yaml.org,2002:binary" => "!!binary",
        "tag:yaml.org,2002:merge" => "!!merge",
        other => other,
    }
}

fn fail(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::Decode, format!("yaml: {}", msg.into()))
}

impl NodeEncoder {
    /// `yaml.NewEncoder(w)` then `SetIndent(2)`.
    pub(crate) fn new() -> Result<Self, Error> {
        let mut e = Self {
            emitter: Emitter::new(EmitterFlavor::V3, 2),
        };
        e.emit(EventKind::StreamStart, Comments::default())?;
        Ok(e)
    }

    /// `CompactSeqIndent()` (`true`) or `DefaultSeqIndent()` (`false`).
    pub(crate) fn set_compact_seq_indent(&mut self, compact: bool) {
        self.emitter.set_compact_seq_indent(compact);
    }

    fn emit(&mut self, event: EventKind, comments: Comments) -> Result<(), Error> {
        self.emitter
            .emit_commented(event, comments)
            .map_err(|e| fail(e.0))
    }

    /// `Encode(node)`: a document node as it is, any other node inside an implicit document.
    pub(crate) fn encode(&mut self, node: &Node) -> Result<(), Error> {
        if node.kind == Kind::Document {
            self.node(node, String::new())
        } else {
            self.emit(
                EventKind::DocumentStart { implicit: true },
                Comments::default(),
            )?;
            self.node(node, String::new())?;
            self.emit(
                EventKind::DocumentEnd { implicit: true },
                Comments::default(),
            )
        }
    }

    /// `Close()`: the stream end; the text written.
    pub(crate) fn finish(mut self) -> Result<Vec<u8>, Error> {
        self.emitter.clear_open_ended();
        self.emit(EventKind::StreamEnd, Comments::default())?;
        Ok(self.emitter.into_output())
    }

    fn node(&mut self, node: &Node, tail: String) -> Result<(), Error> {
        crate::deep(|| self.node_inner(node, tail))
    }

    #[expect(clippy::too_many_lines, reason = "one arm per node kind, as encode.go")]
    fn node_inner(&mut self, node: &Node, tail: String) -> Result<(), Error> {
        // Drop the tag when it was not asked for and the value resolves to it anyway.
        // Node tags are short already (`!!str`); only a long tag set by hand is shortened.
        let mut tag: std::borrow::Cow<'_, str> = std::borrow::Cow::Borrowed(&node.tag);
        let stag: std::borrow::Cow<'_, str> = if node.tag.starts_with("tag:yaml.org,2002:") {
            std::borrow::Cow::Owned(short_tag(&node.tag))
        } else {
            std::borrow::Cow::Borrowed(&node.tag)
        };
        let mut force_quoting = false;
        if !tag.is_empty() && !node.style.has(Style::TAGGED) {
            match node.kind {
                Kind::Scalar => {
                    let quoted = node.style.0
                        & (Style::SINGLE_QUOTED.0
                            | Style::DOUBLE_QUOTED.0
                            | Style::LITERAL.0
                            | Style::FOLDED.0)
                        != 0;
                    if stag == "!!str" && quoted {
                        tag = std::borrow::Cow::Borrowed("");
                    } else {
                        let rtag = resolve(Flavor::V3, "", &node.value)
                            .map(|(t, _)| short_static(t))
                            .unwrap_or_default();
                        if rtag == stag {
                            tag = std::borrow::Cow::Borrowed("");
                        } else if stag == "!!str" {
                            tag = std::borrow::Cow::Borrowed("");
                            force_quoting = true;
                        }
                    }
                }
                Kind::Mapping if stag == "!!map" => tag = std::borrow::Cow::Borrowed(""),
                Kind::Sequence if stag == "!!seq" => tag = std::borrow::Cow::Borrowed(""),
                _ => {}
            }
        }
        let long_tag = |t: &str| -> Option<Vec<u8>> {
            if t.is_empty() {
                None
            } else if let Some(rest) = t.strip_prefix("!!") {
                Some(format!("tag:yaml.org,2002:{rest}").into_bytes())
            } else {
                Some(t.as_bytes().to_vec())
            }
        };
        let anchor = (!node.anchor.is_empty()).then(|| node.anchor.clone());
        match node.kind {
            Kind::Document => {
                self.emit(
                    EventKind::DocumentStart { implicit: true },
                    Comments {
                        head: node.head_comment.clone(),
                        ..Comments::default()
                    },
                )?;
                for child in &node.content {
                    self.node(child, String::new())?;
                }
                self.emit(
                    EventKind::DocumentEnd { implicit: true },
                    Comments {
                        foot: node.foot_comment.clone(),
                        ..Comments::default()
                    },
                )
            }
            Kind::Sequence => {
                let style = if node.style.has(Style::FLOW) {
                    CollectionStyle::Flow
                } else {
                    CollectionStyle::Block
                };
                self.emit(
                    EventKind::SequenceStart {
                        anchor,
                        implicit: tag.is_empty(),
                        tag: long_tag(&tag),
                        style,
                    },
                    Comments {
                        head: node.head_comment.clone(),
                        ..Comments::default()
                    },
                )?;
                for child in &node.content {
                    self.node(child, String::new())?;
                }
                self.emit(
                    EventKind::SequenceEnd,
                    Comments {
                        line: node.line_comment.clone(),
                        foot: node.foot_comment.clone(),
                        ..Comments::default()
                    },
                )
            }
            Kind::Mapping => {
                let style = if node.style.has(Style::FLOW) {
                    CollectionStyle::Flow
                } else {
                    CollectionStyle::Block
                };
                self.emit(
                    EventKind::MappingStart {
                        anchor,
                        implicit: tag.is_empty(),
                        tag: long_tag(&tag),
                        style,
                    },
                    Comments {
                        head: node.head_comment.clone(),
                        tail,
                        ..Comments::default()
                    },
                )?;
                // A key's foot comment is written after its value: it travels as the tail of
                // the next key (or of the mapping's end).
                let mut tail = String::new();
                for pair in node.content.chunks(2) {
                    let [k, v] = pair else { break };
                    if k.foot_comment.is_empty() {
                        self.node(k, std::mem::take(&mut tail))?;
                    } else {
                        let mut kopy = k.clone();
                        let foot = std::mem::take(&mut kopy.foot_comment);
                        self.node(&kopy, std::mem::take(&mut tail))?;
                        tail = foot;
                    }
                    self.node(v, String::new())?;
                }
                self.emit(
                    EventKind::MappingEnd,
                    Comments {
                        tail,
                        line: node.line_comment.clone(),
                        foot: node.foot_comment.clone(),
                        ..Comments::default()
                    },
                )
            }
            Kind::Alias => self.emit(
                EventKind::Alias {
                    anchor: node.value.clone(),
                },
                Comments {
                    head: node.head_comment.clone(),
                    line: node.line_comment.clone(),
                    foot: node.foot_comment.clone(),
                    tail: String::new(),
                },
            ),
            Kind::Scalar => {
                let mut value = node.value.clone();
                // Node values are Rust strings, always valid UTF-8: no `!!binary` fallback.
                let _ = encode_std;
                let style = if node.style.has(Style::DOUBLE_QUOTED) {
                    ScalarStyle::DoubleQuoted
                } else if node.style.has(Style::SINGLE_QUOTED) {
                    ScalarStyle::SingleQuoted
                } else if node.style.has(Style::LITERAL) {
                    ScalarStyle::Literal
                } else if node.style.has(Style::FOLDED) {
                    ScalarStyle::Folded
                } else if value.contains('\n') {
                    ScalarStyle::Literal
                } else if force_quoting {
                    ScalarStyle::DoubleQuoted
                } else {
                    ScalarStyle::Plain
                };
                let implicit = tag.is_empty();
                self.emit(
                    EventKind::Scalar {
                        anchor,
                        tag: long_tag(&tag),
                        value: std::mem::take(&mut value).into(),
                        plain_implicit: implicit,
                        quoted_implicit: implicit,
                        style,
                    },
                    Comments {
                        head: node.head_comment.clone(),
                        line: node.line_comment.clone(),
                        foot: node.foot_comment.clone(),
                        tail,
                    },
                )
            }
        }
    }
}
