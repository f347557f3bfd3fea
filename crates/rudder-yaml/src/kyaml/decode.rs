//! Events to nodes: v3's `Decoder.Decode(&node)` (`decode.go`'s `parser`), comments included.

use super::node::{Kind, Node, Style};
use crate::error::{Error, ErrorKind};
use crate::fasthash::FxHasher;

type FxHashSet<T> = std::collections::HashSet<T, std::hash::BuildHasherDefault<FxHasher>>;
use crate::yaml::parser::Parser;
use crate::yaml::resolve::{Flavor, MERGE_TAG, STR_TAG, resolve, short_tag};
use crate::yaml::token::{CollectionStyle, Event, EventKind, Mark, ScalarStyle, SyntaxError};

pub(crate) struct NodeDecoder {
    parser: Parser,
    peeked: Option<Event>,
    anchors: FxHashSet<String>,
}

fn syntax(e: &SyntaxError) -> Error {
    Error::new(ErrorKind::Syntax, format!("yaml: {}", e.message_v3())).with_hint(e.hint())
}

fn tag_text(tag: Option<Vec<u8>>) -> String {
    tag.map(|t| {
        String::from_utf8(t).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    })
    .unwrap_or_default()
}

impl NodeDecoder {
    pub(crate) fn new(input: &[u8]) -> Self {
        let mut parser = Parser::new(input);
        parser.keep_comments();
        Self {
            parser,
            peeked: None,
            anchors: FxHashSet::default(),
        }
    }

    fn peek(&mut self) -> Result<&Event, Error> {
        if self.peeked.is_none() {
            let event = self.parser.next_event().map_err(|e| syntax(&e))?;
            self.peeked = Some(event.unwrap_or(Event {
                kind: EventKind::StreamEnd,
                start: Mark::default(),
                end: Mark::default(),
            }));
        }
        Ok(self.peeked.as_ref().unwrap_or_else(|| unreachable!()))
    }

    fn take(&mut self) -> Result<Event, Error> {
        self.peek()?;
        Ok(self.peeked.take().unwrap_or_else(|| unreachable!()))
    }

    /// The next document, `None` at the end of the stream (`io.EOF`).
    pub(crate) fn next_document(&mut self) -> Result<Option<Node>, Error> {
        if matches!(self.peek()?.kind, EventKind::StreamStart) {
            self.take()?;
        }
        if matches!(self.peek()?.kind, EventKind::StreamEnd) {
            return Ok(None);
        }
        self.anchors.clear();
        let start = self.take()?;
        let mut doc = self.node_at(Kind::Document, "", "", String::new(), &start);
        let child = self.parse()?;
        doc.content.push(child);
        self.take()?;
        doc.foot_comment = self.parser.take_comments().foot;
        Ok(Some(doc))
    }

    fn node_at(
        &mut self,
        kind: Kind,
        default_tag: &str,
        tag: &str,
        value: String,
        ev: &Event,
    ) -> Node {
        let mut n = Node::new(kind);
        if !tag.is_empty() && tag != "!" {
            n.tag = short_tag(tag);
            n.style = Style::TAGGED;
        } else if !default_tag.is_empty() {
            default_tag.clone_into(&mut n.tag);
        } else if kind == Kind::Scalar {
            n.tag = match resolve(Flavor::V3, "", &value) {
                Ok((t, _)) => super::encode::short_static(t).to_owned(),
                Err(_) => String::new(),
            };
        }
        n.value = value;
        n.line = ev.start.line + 1;
        n.column = ev.start.column + 1;
        let c = self.parser.take_comments();
        n.head_comment = c.head;
        n.line_comment = c.line;
        n.foot_comment = c.foot;
        n
    }

    fn parse(&mut self) -> Result<Node, Error> {
        crate::deep(|| self.parse_inner())
    }

    fn parse_inner(&mut self) -> Result<Node, Error> {
        let ev = self.take()?;
        match ev.kind.clone() {
            EventKind::Scalar {
                anchor,
                tag,
                value,
                style,
                ..
            } => {
                let node_style = match style {
                    ScalarStyle::Plain => Style::default(),
                    ScalarStyle::DoubleQuoted => Style::DOUBLE_QUOTED,
                    ScalarStyle::SingleQuoted => Style::SINGLE_QUOTED,
                    ScalarStyle::Literal => Style::LITERAL,
                    ScalarStyle::Folded => Style::FOLDED,
                };
                let value = value.to_string();
                let default_tag = if node_style.0 != 0 {
                    "!!str"
                } else if value == "<<" {
                    "!!merge"
                } else {
                    ""
                };
                let _ = (STR_TAG, MERGE_TAG);
                let mut n = self.node_at(Kind::Scalar, default_tag, &tag_text(tag), value, &ev);
                n.style.0 |= node_style.0;
                if let Some(a) = anchor {
                    self.anchors.insert(a.clone());
                    n.anchor = a;
                }
                Ok(n)
            }
            EventKind::Alias { anchor } => {
                if !self.anchors.contains(&anchor) {
                    return Err(Error::new(
                        ErrorKind::Syntax,
                        format!("yaml: unknown anchor '{anchor}' referenced"),
                    ));
                }
                Ok(self.node_at(Kind::Alias, "", "", anchor, &ev))
            }
            EventKind::SequenceStart {
                anchor, tag, style, ..
            } => {
                let mut n =
                    self.node_at(Kind::Sequence, "!!seq", &tag_text(tag), String::new(), &ev);
                if style == CollectionStyle::Flow {
                    n.style.0 |= Style::FLOW.0;
                }
                if let Some(a) = anchor {
                    self.anchors.insert(a.clone());
                    n.anchor = a;
                }
                while !matches!(self.peek()?.kind, EventKind::SequenceEnd) {
                    let child = self.parse()?;
                    n.content.push(child);
                }
                self.take()?;
                let c = self.parser.take_comments();
                n.line_comment = c.line;
                n.foot_comment = c.foot;
                Ok(n)
            }
            EventKind::MappingStart {
                anchor, tag, style, ..
            } => {
                let mut n =
                    self.node_at(Kind::Mapping, "!!map", &tag_text(tag), String::new(), &ev);
                let block = style == CollectionStyle::Block;
                if !block {
                    n.style.0 |= Style::FLOW.0;
                }
                if let Some(a) = anchor {
                    self.anchors.insert(a.clone());
                    n.anchor = a;
                }
                while !matches!(self.peek()?.kind, EventKind::MappingEnd) {
                    let mut k = self.parse()?;
                    if block && !k.foot_comment.is_empty() && n.content.len() >= 2 {
                        // A foot comment for the prior value, seen when dedenting.
                        let prior = n.content.len() - 2;
                        n.content[prior].foot_comment = std::mem::take(&mut k.foot_comment);
                    }
                    n.content.push(k);
                    let mut v = self.parse()?;
                    let ki = n.content.len() - 1;
                    if n.content[ki].foot_comment.is_empty() && !v.foot_comment.is_empty() {
                        n.content[ki].foot_comment = std::mem::take(&mut v.foot_comment);
                    }
                    n.content.push(v);
                }
                self.take()?;
                let c = self.parser.take_comments();
                n.line_comment = c.line;
                n.foot_comment = c.foot;
                if block && !n.foot_comment.is_empty() && n.content.len() > 1 {
                    let last_key = n.content.len() - 2;
                    n.content[last_key].foot_comment = std::mem::take(&mut n.foot_comment);
                }
                Ok(n)
            }
            other => Err(Error::new(
                ErrorKind::Syntax,
                format!("yaml: unexpected event {other:?}"),
            )),
        }
    }
}
