//! The YAML parser: tokens in, events out (libyaml's state machine, as go-yaml v2 has it).

use std::borrow::Cow;

use super::scanner::{ScanResult, Scanner};
use super::token::{
    CollectionStyle, Event, EventKind, Mark, ScalarStyle, Stage, SyntaxError, Token, TokenKind,
    TokenType,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    StreamStart,
    ImplicitDocumentStart,
    DocumentStart,
    DocumentContent,
    DocumentEnd,
    BlockNode,
    BlockSequenceFirstEntry,
    BlockSequenceEntry,
    IndentlessSequenceEntry,
    BlockMappingFirstKey,
    BlockMappingKey,
    BlockMappingValue,
    FlowSequenceFirstEntry,
    FlowSequenceEntry,
    FlowSequenceEntryMappingKey,
    FlowSequenceEntryMappingValue,
    FlowSequenceEntryMappingEnd,
    FlowMappingFirstKey,
    FlowMappingKey,
    FlowMappingValue,
    FlowMappingEmptyValue,
    End,
}

#[derive(Debug, Clone)]
struct TagDirective {
    handle: Vec<u8>,
    prefix: Vec<u8>,
}

/// The event parser.
#[derive(Debug)]
pub(crate) struct Parser {
    scanner: Scanner,
    state: State,
    states: Vec<State>,
    marks: Vec<Mark>,
    tag_directives: Vec<TagDirective>,
    /// v3: the comments of the last event produced (only when comments are kept).
    comments: EventComments,
    /// v3: a head comment set aside for the collection that follows a `-`
    /// (`stem_comment`).
    stem_comment: Option<Vec<u8>>,
    keep_comments: bool,
}

/// The comments v3's parser attaches to an event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct EventComments {
    pub head: String,
    pub line: String,
    pub foot: String,
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn parser_error(problem: &'static str, problem_mark: Mark) -> SyntaxError {
    SyntaxError {
        stage: Stage::Parser,
        context: "",
        context_mark: Mark::default(),
        problem: Cow::Borrowed(problem),
        problem_mark,
        offset: None,
    }
}

fn parser_error_context(
    context: &'static str,
    context_mark: Mark,
    problem: &'static str,
    problem_mark: Mark,
) -> SyntaxError {
    SyntaxError {
        stage: Stage::Parser,
        context,
        context_mark,
        problem: Cow::Borrowed(problem),
        problem_mark,
        offset: None,
    }
}

fn empty_scalar(mark: Mark) -> Event {
    Event {
        kind: EventKind::Scalar {
            anchor: None,
            tag: None,
            value: rudder_value::Str::from(""),
            plain_implicit: true,
            quoted_implicit: false,
            style: ScalarStyle::Plain,
        },
        start: mark,
        end: mark,
    }
}

impl Parser {
    pub(crate) fn new(raw: &[u8]) -> Self {
        Self {
            scanner: Scanner::new(raw),
            state: State::StreamStart,
            states: Vec::new(),
            marks: Vec::new(),
            tag_directives: Vec::new(),
            comments: EventComments::default(),
            stem_comment: None,
            keep_comments: false,
        }
    }

    /// Keeps comments, as go-yaml v3 does (head, line and foot comments on events).
    pub(crate) fn keep_comments(&mut self) {
        self.keep_comments = true;
        self.scanner.keep_comments();
    }

    /// The comments of the event returned last by [`Parser::next_event`] (taken: a second
    /// call returns none).
    pub(crate) fn take_comments(&mut self) -> EventComments {
        std::mem::take(&mut self.comments)
    }

    /// `yaml_parser_set_event_comments`: the unfolded comments go to the event.
    fn set_event_comments(&mut self) {
        if !self.keep_comments {
            return;
        }
        let u = std::mem::take(&mut self.scanner.unfolded);
        self.comments = EventComments {
            head: text(u.head),
            line: text(u.line),
            foot: text(u.foot),
        };
        self.stem_comment = None;
    }

    /// The stem comment, if any, as the head of a block collection's start.
    fn take_stem_comment(&mut self) {
        if let Some(stem) = self.stem_comment.take() {
            self.comments.head = text(stem);
        }
    }

    /// `yaml_parser_split_stem_comment`: under a `-`, a collection's first head comment
    /// lines (those before the entry) belong to the collection, not to its first key.
    fn split_stem_comment(&mut self, stem_len: usize) -> ScanResult<()> {
        if !self.keep_comments || stem_len == 0 {
            return Ok(());
        }
        if !self.peek_is(|k| {
            matches!(
                k,
                TokenType::BlockSequenceStart | TokenType::BlockMappingStart
            )
        })? {
            return Ok(());
        }
        let head = std::mem::take(&mut self.scanner.unfolded.head);
        self.stem_comment = Some(head[..stem_len].to_vec());
        if head.len() > stem_len {
            self.scanner.unfolded.head = head[stem_len + 1..].to_vec();
        }
        Ok(())
    }

    /// The next event, or `None` after the stream end.
    pub(crate) fn next_event(&mut self) -> ScanResult<Option<Event>> {
        if self.scanner.stream_end_produced() || self.state == State::End {
            return Ok(None);
        }
        if self.keep_comments {
            self.comments = EventComments::default();
        }
        self.state_machine().map(Some)
    }

    fn peek(&mut self) -> ScanResult<&Token> {
        self.scanner.peek()
    }

    /// The kind and marks of the next token.
    fn peek_info(&mut self) -> ScanResult<(TokenType, Mark, Mark)> {
        let t = self.scanner.peek()?;
        Ok((t.kind.ty(), t.start, t.end))
    }

    fn peek_is(&mut self, f: impl Fn(TokenType) -> bool) -> ScanResult<bool> {
        Ok(f(self.scanner.peek()?.kind.ty()))
    }

    fn skip(&mut self) -> Token {
        self.scanner.skip_token()
    }

    fn pop_state(&mut self) {
        self.state = self.states.pop().unwrap_or(State::End);
    }

    fn state_machine(&mut self) -> ScanResult<Event> {
        match self.state {
            State::StreamStart => self.parse_stream_start(),
            State::ImplicitDocumentStart => self.parse_document_start(true),
            State::DocumentStart => self.parse_document_start(false),
            State::DocumentContent => self.parse_document_content(),
            State::DocumentEnd => self.parse_document_end(),
            State::BlockNode => self.parse_node(true, false),
            State::BlockSequenceFirstEntry => self.parse_block_sequence_entry(true),
            State::BlockSequenceEntry => self.parse_block_sequence_entry(false),
            State::IndentlessSequenceEntry => self.parse_indentless_sequence_entry(),
            State::BlockMappingFirstKey => self.parse_block_mapping_key(true),
            State::BlockMappingKey => self.parse_block_mapping_key(false),
            State::BlockMappingValue => self.parse_block_mapping_value(),
            State::FlowSequenceFirstEntry => self.parse_flow_sequence_entry(true),
            State::FlowSequenceEntry => self.parse_flow_sequence_entry(false),
            State::FlowSequenceEntryMappingKey => self.parse_flow_sequence_entry_mapping_key(),
            State::FlowSequenceEntryMappingValue => self.parse_flow_sequence_entry_mapping_value(),
            State::FlowSequenceEntryMappingEnd => self.parse_flow_sequence_entry_mapping_end(),
            State::FlowMappingFirstKey => self.parse_flow_mapping_key(true),
            State::FlowMappingKey => self.parse_flow_mapping_key(false),
            State::FlowMappingValue => self.parse_flow_mapping_value(false),
            State::FlowMappingEmptyValue => self.parse_flow_mapping_value(true),
            State::End => Ok(Event {
                kind: EventKind::StreamEnd,
                start: Mark::default(),
                end: Mark::default(),
            }),
        }
    }

    fn parse_stream_start(&mut self) -> ScanResult<Event> {
        let (kind, start, end) = self.peek_info()?;
        if kind != TokenType::StreamStart {
            return Err(parser_error("did not find expected <stream-start>", start));
        }
        self.state = State::ImplicitDocumentStart;
        self.skip();
        Ok(Event {
            kind: EventKind::StreamStart,
            start,
            end,
        })
    }

    fn parse_document_start(&mut self, implicit: bool) -> ScanResult<Event> {
        if !implicit {
            // Extra document end indicators.
            while self.peek_is(|k| k == TokenType::DocumentEnd)? {
                self.skip();
            }
        }
        let (kind, start, end) = self.peek_info()?;
        let directive_or_start = matches!(
            kind,
            TokenType::VersionDirective
                | TokenType::TagDirective
                | TokenType::DocumentStart
                | TokenType::StreamEnd
        );
        if implicit && !directive_or_start {
            // An implicit document.
            self.process_directives()?;
            self.states.push(State::DocumentEnd);
            self.state = State::BlockNode;
            if self.keep_comments {
                // The head comment up to its last empty line is the document's.
                let head = &mut self.scanner.unfolded.head;
                let mut i = head.len().saturating_sub(1);
                while i > 0 {
                    if head[i] == b'\n' {
                        if i == head.len() - 1 {
                            let rest = head.split_off(i + 1);
                            head.truncate(i);
                            self.comments.head = text(std::mem::replace(head, rest));
                            break;
                        } else if head[i - 1] == b'\n' {
                            let rest = head.split_off(i + 1);
                            head.truncate(i - 1);
                            self.comments.head = text(std::mem::replace(head, rest));
                            break;
                        }
                    }
                    i -= 1;
                }
            }
            return Ok(Event {
                kind: EventKind::DocumentStart { implicit: true },
                start,
                end,
            });
        }
        if kind == TokenType::StreamEnd {
            self.state = State::End;
            self.skip();
            return Ok(Event {
                kind: EventKind::StreamEnd,
                start,
                end,
            });
        }
        // An explicit document.
        self.process_directives()?;
        let (kind, token_start, token_end) = self.peek_info()?;
        if kind != TokenType::DocumentStart {
            return Err(parser_error(
                "did not find expected <document start>",
                token_start,
            ));
        }
        self.states.push(State::DocumentEnd);
        self.state = State::DocumentContent;
        self.skip();
        Ok(Event {
            kind: EventKind::DocumentStart { implicit: false },
            start,
            end: token_end,
        })
    }

    fn parse_document_content(&mut self) -> ScanResult<Event> {
        let (kind, start, _) = self.peek_info()?;
        if matches!(
            kind,
            TokenType::VersionDirective
                | TokenType::TagDirective
                | TokenType::DocumentStart
                | TokenType::DocumentEnd
                | TokenType::StreamEnd
        ) {
            self.pop_state();
            return Ok(empty_scalar(start));
        }
        self.parse_node(true, false)
    }

    fn parse_document_end(&mut self) -> ScanResult<Event> {
        let (kind, start, token_end) = self.peek_info()?;
        let mut end = start;
        let mut implicit = true;
        if kind == TokenType::DocumentEnd {
            end = token_end;
            self.skip();
            implicit = false;
        }
        self.tag_directives.clear();
        self.state = State::DocumentStart;
        self.set_event_comments();
        if !self.comments.head.is_empty() && self.comments.foot.is_empty() {
            self.comments.foot = std::mem::take(&mut self.comments.head);
        }
        Ok(Event {
            kind: EventKind::DocumentEnd { implicit },
            start,
            end,
        })
    }

    fn parse_node(&mut self, block: bool, indentless_sequence: bool) -> ScanResult<Event> {
        let (ty, start, end) = self.peek_info()?;
        if ty == TokenType::Alias {
            self.pop_state();
            self.set_event_comments();
            let TokenKind::Alias(anchor) = self.skip().kind else {
                unreachable!("peeked an alias");
            };
            return Ok(Event {
                kind: EventKind::Alias { anchor },
                start,
                end,
            });
        }

        let mut start_mark = start;
        let mut end_mark = start;
        let mut tag_token: Option<(Vec<u8>, Vec<u8>)> = None;
        let mut tag_mark = Mark::default();
        let mut anchor = None;
        match ty {
            TokenType::Anchor => {
                if let TokenKind::Anchor(name) = self.skip().kind {
                    anchor = Some(name);
                }
                end_mark = end;
                let (ty, start, end) = self.peek_info()?;
                if ty == TokenType::Tag {
                    if let TokenKind::Tag { handle, suffix } = self.skip().kind {
                        tag_token = Some((handle, suffix));
                    }
                    tag_mark = start;
                    end_mark = end;
                }
            }
            TokenType::Tag => {
                if let TokenKind::Tag { handle, suffix } = self.skip().kind {
                    tag_token = Some((handle, suffix));
                }
                start_mark = start;
                tag_mark = start;
                end_mark = end;
                let (ty, _, end) = self.peek_info()?;
                if ty == TokenType::Anchor {
                    if let TokenKind::Anchor(name) = self.skip().kind {
                        anchor = Some(name);
                    }
                    end_mark = end;
                }
            }
            _ => {}
        }

        let mut tag: Option<Vec<u8>> = None;
        if let Some((handle, suffix)) = tag_token {
            if handle.is_empty() {
                tag = Some(suffix);
            } else {
                let resolved = self
                    .tag_directives
                    .iter()
                    .find(|d| d.handle == handle)
                    .map(|d| {
                        let mut t = d.prefix.clone();
                        t.extend_from_slice(&suffix);
                        t
                    });
                match resolved {
                    Some(t) if !t.is_empty() => tag = Some(t),
                    _ => {
                        return Err(parser_error_context(
                            "while parsing a node",
                            start_mark,
                            "found undefined tag handle",
                            tag_mark,
                        ));
                    }
                }
            }
        }
        // An empty tag (`!<>` cannot be written, but a `%TAG` prefix can be empty) counts as none.
        if tag.as_ref().is_some_and(Vec::is_empty) {
            tag = None;
        }
        let implicit = tag.is_none();

        let token = self.peek()?;
        let (tkind_start, tkind_end) = (token.start, token.end);
        let token_ty = token.kind.ty();
        let is = |k: &TokenType| token_ty == *k;

        if indentless_sequence && is(&TokenType::BlockEntry) {
            self.state = State::IndentlessSequenceEntry;
            return Ok(Event {
                kind: EventKind::SequenceStart {
                    anchor,
                    tag,
                    implicit,
                    style: CollectionStyle::Block,
                },
                start: start_mark,
                end: tkind_end,
            });
        }
        if let TokenKind::Scalar { .. } = token.kind {
            self.set_event_comments();
            let token = self.skip();
            let TokenKind::Scalar { value, style } = token.kind else {
                unreachable!("peeked a scalar");
            };
            let (plain_implicit, quoted_implicit) = match &tag {
                None if style == ScalarStyle::Plain => (true, false),
                Some(t) if t.as_slice() == b"!" => (true, false),
                None => (false, true),
                Some(_) => (false, false),
            };
            self.pop_state();
            return Ok(Event {
                kind: EventKind::Scalar {
                    anchor,
                    tag,
                    value,
                    plain_implicit,
                    quoted_implicit,
                    style,
                },
                start: start_mark,
                end: token.end,
            });
        }
        let collection = |state: State, mapping: bool, style: CollectionStyle| {
            let kind = if mapping {
                EventKind::MappingStart {
                    anchor: anchor.clone(),
                    tag: tag.clone(),
                    implicit,
                    style,
                }
            } else {
                EventKind::SequenceStart {
                    anchor: anchor.clone(),
                    tag: tag.clone(),
                    implicit,
                    style,
                }
            };
            (
                state,
                Event {
                    kind,
                    start: start_mark,
                    end: tkind_end,
                },
            )
        };
        let started = if is(&TokenType::FlowSequenceStart) {
            Some(collection(
                State::FlowSequenceFirstEntry,
                false,
                CollectionStyle::Flow,
            ))
        } else if is(&TokenType::FlowMappingStart) {
            Some(collection(
                State::FlowMappingFirstKey,
                true,
                CollectionStyle::Flow,
            ))
        } else if block && is(&TokenType::BlockSequenceStart) {
            Some(collection(
                State::BlockSequenceFirstEntry,
                false,
                CollectionStyle::Block,
            ))
        } else if block && is(&TokenType::BlockMappingStart) {
            Some(collection(
                State::BlockMappingFirstKey,
                true,
                CollectionStyle::Block,
            ))
        } else {
            None
        };
        if let Some((state, event)) = started {
            self.state = state;
            if matches!(
                state,
                State::FlowSequenceFirstEntry | State::FlowMappingFirstKey
            ) {
                self.set_event_comments();
            } else {
                self.take_stem_comment();
            }
            return Ok(event);
        }
        if anchor.is_some() || tag.is_some() {
            // An empty scalar with properties.
            self.pop_state();
            return Ok(Event {
                kind: EventKind::Scalar {
                    anchor,
                    tag,
                    value: rudder_value::Str::from(""),
                    plain_implicit: implicit,
                    quoted_implicit: false,
                    style: ScalarStyle::Plain,
                },
                start: start_mark,
                end: end_mark,
            });
        }
        let context = if block {
            "while parsing a block node"
        } else {
            "while parsing a flow node"
        };
        Err(parser_error_context(
            context,
            start_mark,
            "did not find expected node content",
            tkind_start,
        ))
    }

    fn parse_block_sequence_entry(&mut self, first: bool) -> ScanResult<Event> {
        if first {
            let start = self.peek()?.start;
            self.marks.push(start);
            self.skip();
        }
        let (kind, start, end) = self.peek_info()?;
        if kind == TokenType::BlockEntry {
            let mark = end;
            let prior_head_len = self.scanner.unfolded.head.len();
            self.skip();
            self.split_stem_comment(prior_head_len)?;
            if self.peek_is(|k| !matches!(k, TokenType::BlockEntry | TokenType::BlockEnd))? {
                self.states.push(State::BlockSequenceEntry);
                return self.parse_node(true, false);
            }
            self.state = State::BlockSequenceEntry;
            return Ok(empty_scalar(mark));
        }
        if kind == TokenType::BlockEnd {
            self.pop_state();
            self.marks.pop();
            self.skip();
            return Ok(Event {
                kind: EventKind::SequenceEnd,
                start,
                end,
            });
        }
        let context_mark = self.marks.pop().unwrap_or_default();
        Err(parser_error_context(
            "while parsing a block collection",
            context_mark,
            "did not find expected '-' indicator",
            start,
        ))
    }

    fn parse_indentless_sequence_entry(&mut self) -> ScanResult<Event> {
        let (kind, start, end) = self.peek_info()?;
        if kind == TokenType::BlockEntry {
            let mark = end;
            let prior_head_len = self.scanner.unfolded.head.len();
            self.skip();
            self.split_stem_comment(prior_head_len)?;
            if self.peek_is(|k| {
                !matches!(
                    k,
                    TokenType::BlockEntry | TokenType::Key | TokenType::Value | TokenType::BlockEnd
                )
            })? {
                self.states.push(State::IndentlessSequenceEntry);
                return self.parse_node(true, false);
            }
            self.state = State::IndentlessSequenceEntry;
            return Ok(empty_scalar(mark));
        }
        self.pop_state();
        Ok(Event {
            kind: EventKind::SequenceEnd,
            start,
            end: start,
        })
    }

    fn parse_block_mapping_key(&mut self, first: bool) -> ScanResult<Event> {
        if first {
            let start = self.peek()?.start;
            self.marks.push(start);
            self.skip();
        }
        let (kind, start, end) = self.peek_info()?;
        if kind == TokenType::Key {
            let mark = end;
            self.skip();
            if self.peek_is(|k| {
                !matches!(k, TokenType::Key | TokenType::Value | TokenType::BlockEnd)
            })? {
                self.states.push(State::BlockMappingValue);
                return self.parse_node(true, true);
            }
            self.state = State::BlockMappingValue;
            return Ok(empty_scalar(mark));
        }
        if kind == TokenType::BlockEnd {
            self.pop_state();
            self.marks.pop();
            self.set_event_comments();
            self.skip();
            return Ok(Event {
                kind: EventKind::MappingEnd,
                start,
                end,
            });
        }
        let context_mark = self.marks.pop().unwrap_or_default();
        Err(parser_error_context(
            "while parsing a block mapping",
            context_mark,
            "did not find expected key",
            start,
        ))
    }

    fn parse_block_mapping_value(&mut self) -> ScanResult<Event> {
        let (kind, start, end) = self.peek_info()?;
        if kind == TokenType::Value {
            let mark = end;
            self.skip();
            if self.peek_is(|k| {
                !matches!(k, TokenType::Key | TokenType::Value | TokenType::BlockEnd)
            })? {
                self.states.push(State::BlockMappingKey);
                return self.parse_node(true, true);
            }
            self.state = State::BlockMappingKey;
            return Ok(empty_scalar(mark));
        }
        self.state = State::BlockMappingKey;
        Ok(empty_scalar(start))
    }

    fn parse_flow_sequence_entry(&mut self, first: bool) -> ScanResult<Event> {
        if first {
            let start = self.peek()?.start;
            self.marks.push(start);
            self.skip();
        }
        let (mut kind, mut start, mut end) = self.peek_info()?;
        if kind != TokenType::FlowSequenceEnd {
            if !first {
                if kind == TokenType::FlowEntry {
                    self.skip();
                    (kind, start, end) = self.peek_info()?;
                } else {
                    let context_mark = self.marks.pop().unwrap_or_default();
                    return Err(parser_error_context(
                        "while parsing a flow sequence",
                        context_mark,
                        "did not find expected ',' or ']'",
                        start,
                    ));
                }
            }
            if kind == TokenType::Key {
                self.state = State::FlowSequenceEntryMappingKey;
                self.skip();
                return Ok(Event {
                    kind: EventKind::MappingStart {
                        anchor: None,
                        tag: None,
                        implicit: true,
                        style: CollectionStyle::Flow,
                    },
                    start,
                    end,
                });
            } else if kind != TokenType::FlowSequenceEnd {
                self.states.push(State::FlowSequenceEntry);
                return self.parse_node(false, false);
            }
        }
        self.pop_state();
        self.marks.pop();
        self.set_event_comments();
        self.skip();
        Ok(Event {
            kind: EventKind::SequenceEnd,
            start,
            end,
        })
    }

    fn parse_flow_sequence_entry_mapping_key(&mut self) -> ScanResult<Event> {
        let (kind, _, end) = self.peek_info()?;
        if !matches!(
            kind,
            TokenType::Value | TokenType::FlowEntry | TokenType::FlowSequenceEnd
        ) {
            self.states.push(State::FlowSequenceEntryMappingValue);
            return self.parse_node(false, false);
        }
        let mark = end;
        self.skip();
        self.state = State::FlowSequenceEntryMappingValue;
        Ok(empty_scalar(mark))
    }

    fn parse_flow_sequence_entry_mapping_value(&mut self) -> ScanResult<Event> {
        let (kind, mut start, _) = self.peek_info()?;
        if kind == TokenType::Value {
            self.skip();
            let (kind, next_start, _) = self.peek_info()?;
            if !matches!(kind, TokenType::FlowEntry | TokenType::FlowSequenceEnd) {
                self.states.push(State::FlowSequenceEntryMappingEnd);
                return self.parse_node(false, false);
            }
            // go-yaml keeps the mark of the VALUE token here (its inner `token` shadows).
            let _ = next_start;
        }
        if kind != TokenType::Value {
            start = self.peek()?.start;
        }
        self.state = State::FlowSequenceEntryMappingEnd;
        Ok(empty_scalar(start))
    }

    fn parse_flow_sequence_entry_mapping_end(&mut self) -> ScanResult<Event> {
        let start = self.peek()?.start;
        self.state = State::FlowSequenceEntry;
        Ok(Event {
            kind: EventKind::MappingEnd,
            start,
            end: start,
        })
    }

    fn parse_flow_mapping_key(&mut self, first: bool) -> ScanResult<Event> {
        if first {
            let start = self.peek()?.start;
            self.marks.push(start);
            self.skip();
        }
        let (mut kind, mut start, mut end) = self.peek_info()?;
        if kind != TokenType::FlowMappingEnd {
            if !first {
                if kind == TokenType::FlowEntry {
                    self.skip();
                    (kind, start, end) = self.peek_info()?;
                } else {
                    let context_mark = self.marks.pop().unwrap_or_default();
                    return Err(parser_error_context(
                        "while parsing a flow mapping",
                        context_mark,
                        "did not find expected ',' or '}'",
                        start,
                    ));
                }
            }
            if kind == TokenType::Key {
                self.skip();
                let (kind, start, _) = self.peek_info()?;
                if !matches!(
                    kind,
                    TokenType::Value | TokenType::FlowEntry | TokenType::FlowMappingEnd
                ) {
                    self.states.push(State::FlowMappingValue);
                    return self.parse_node(false, false);
                }
                self.state = State::FlowMappingValue;
                return Ok(empty_scalar(start));
            } else if kind != TokenType::FlowMappingEnd {
                self.states.push(State::FlowMappingEmptyValue);
                return self.parse_node(false, false);
            }
        }
        self.pop_state();
        self.marks.pop();
        self.set_event_comments();
        self.skip();
        Ok(Event {
            kind: EventKind::MappingEnd,
            start,
            end,
        })
    }

    fn parse_flow_mapping_value(&mut self, empty: bool) -> ScanResult<Event> {
        let (kind, start, _) = self.peek_info()?;
        if empty {
            self.state = State::FlowMappingKey;
            return Ok(empty_scalar(start));
        }
        if kind == TokenType::Value {
            self.skip();
            let (kind, start, _) = self.peek_info()?;
            if !matches!(kind, TokenType::FlowEntry | TokenType::FlowMappingEnd) {
                self.states.push(State::FlowMappingKey);
                return self.parse_node(false, false);
            }
            self.state = State::FlowMappingKey;
            return Ok(empty_scalar(start));
        }
        self.state = State::FlowMappingKey;
        Ok(empty_scalar(start))
    }

    fn process_directives(&mut self) -> ScanResult<()> {
        let mut have_version = false;
        loop {
            let token = self.scanner.peek()?;
            let start = token.start;
            match token.kind.clone() {
                TokenKind::VersionDirective { major, minor } => {
                    if have_version {
                        return Err(parser_error("found duplicate %YAML directive", start));
                    }
                    if major != 1 || minor != 1 {
                        return Err(parser_error("found incompatible YAML document", start));
                    }
                    have_version = true;
                }
                TokenKind::TagDirective { handle, prefix } => {
                    if self.tag_directives.iter().any(|d| d.handle == handle) {
                        return Err(parser_error("found duplicate %TAG directive", start));
                    }
                    self.tag_directives.push(TagDirective { handle, prefix });
                }
                _ => break,
            }
            self.skip();
        }
        for (handle, prefix) in [(&b"!"[..], &b"!"[..]), (b"!!", b"tag:yaml.org,2002:")] {
            if !self.tag_directives.iter().any(|d| d.handle == handle) {
                self.tag_directives.push(TagDirective {
                    handle: handle.to_vec(),
                    prefix: prefix.to_vec(),
                });
            }
        }
        Ok(())
    }
}
