//! The YAML emitter: events in, text out, as go-yaml's `emitterc.go` writes it (v2 and v3).
//!
//! The output of `toYaml` and `toYamlPretty` is whatever this state machine produces, down to
//! where a line is folded and which quote style a string gets, so it follows go-yaml's
//! algorithm closely. The v3 flavour differs in its indentation rules (sequences indented under
//! their key, indents rounded to a multiple of the indent), in not folding long lines, and in a
//! few details of how the `whitespace`/`indention` flags move; each is marked where it applies.

mod analyze;
mod comments;
mod write;

use std::collections::VecDeque;

use super::token::{CollectionStyle, EventKind, ScalarStyle};

/// Which go-yaml's emitter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EmitterFlavor {
    V2,
    V3,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    StreamStart,
    FirstDocumentStart,
    DocumentStart,
    DocumentContent,
    DocumentEnd,
    FlowSequenceFirstItem,
    FlowSequenceItem,
    /// v3: the item after one that had trailing comments (its `,` is written).
    FlowSequenceTrailItem,
    FlowMappingFirstKey,
    FlowMappingKey,
    /// v3: the key after a value that had trailing comments (its `,` is written).
    FlowMappingTrailKey,
    FlowMappingSimpleValue,
    FlowMappingValue,
    BlockSequenceFirstItem,
    BlockSequenceItem,
    BlockMappingFirstKey,
    BlockMappingKey,
    BlockMappingSimpleValue,
    BlockMappingValue,
    End,
}

/// The analysis of the current scalar (`scalar_data`).
#[derive(Debug, Default)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "libyaml's flags, one per style"
)]
struct ScalarData {
    value: rudder_value::Str,
    multiline: bool,
    flow_plain_allowed: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
    style: Option<ScalarStyle>,
}

/// The comments v3 attaches to an event it emits (`head_comment`, `line_comment`,
/// `foot_comment`, `tail_comment`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Comments {
    pub head: String,
    pub line: String,
    pub foot: String,
    pub tail: String,
}

/// An emitter error (go-yaml's `emitter.problem`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EmitError(pub String);

type EResult<T = ()> = Result<T, EmitError>;

fn fail<T>(msg: impl Into<String>) -> EResult<T> {
    Err(EmitError(msg.into()))
}

/// The emitter state (libyaml's `yaml_emitter_t`).
#[derive(Debug)]
#[expect(clippy::struct_excessive_bools, reason = "libyaml's context flags")]
pub(crate) struct Emitter {
    flavor: EmitterFlavor,
    out: Vec<u8>,
    best_indent: i64,
    best_width: i64,

    /// Events not yet processed (after the current one).
    events: VecDeque<EventKind>,
    /// The event being processed (a scalar's value is moved to `scalar`).
    current: Option<EventKind>,
    state: State,
    states: Vec<State>,

    indent: i64,
    indents: Vec<i64>,
    flow_level: i64,

    root_context: bool,
    sequence_context: bool,
    mapping_context: bool,
    simple_key_context: bool,

    column: i64,
    whitespace: bool,
    indention: bool,
    open_ended: bool,
    /// v3: the document foot separation (only comments move it; kept for the indentation
    /// check in `write_indent`).
    foot_indent: i64,

    tag_directives: Vec<(Vec<u8>, Vec<u8>)>,
    anchor: Option<(String, bool)>,
    tag_handle: Vec<u8>,
    tag_suffix: Vec<u8>,
    scalar: ScalarData,
    /// v3's `compact_sequence_indent`: `- ` counts as indentation for sequences in mappings.
    compact_seq_indent: bool,
    /// The comments of the events queued in `events` (v3).
    pending_comments: VecDeque<Comments>,
    /// v3: the pending comments (`head_comment`, `line_comment`, `foot_comment`,
    /// `tail_comment` of `yaml_emitter_t`): set by each event that has them, cleared when
    /// written.
    comments: Comments,
    /// v3: a line comment that came with a mapping key (`key_line_comment`).
    key_line_comment: String,
}

impl Emitter {
    /// An emitter with go-yaml's settings: v2 writes 80-column lines with a 2-space indent;
    /// v3 (as `toYamlPretty` configures it) never folds and indents by `indent`.
    pub(crate) fn new(flavor: EmitterFlavor, indent: i64) -> Self {
        let best_width = match flavor {
            EmitterFlavor::V2 => 0,
            EmitterFlavor::V3 => -1,
        };
        Self {
            flavor,
            out: Vec::with_capacity(256),
            best_indent: indent,
            best_width,
            events: VecDeque::new(),
            current: None,
            state: State::StreamStart,
            states: Vec::new(),
            indent: -1,
            indents: Vec::new(),
            flow_level: 0,
            root_context: false,
            sequence_context: false,
            mapping_context: false,
            simple_key_context: false,
            column: 0,
            whitespace: true,
            indention: true,
            open_ended: false,
            foot_indent: -1,
            tag_directives: Vec::new(),
            anchor: None,
            tag_handle: Vec::new(),
            tag_suffix: Vec::new(),
            scalar: ScalarData {
                value: rudder_value::Str::from(""),
                multiline: false,
                flow_plain_allowed: false,
                block_plain_allowed: false,
                single_quoted_allowed: false,
                block_allowed: false,
                style: None,
            },
            compact_seq_indent: false,
            pending_comments: VecDeque::new(),
            comments: Comments::default(),
            key_line_comment: String::new(),
        }
    }

    fn v3(&self) -> bool {
        self.flavor == EmitterFlavor::V3
    }

    /// Forgets that the last scalar left the document open (go-yaml's encoder does this
    /// before the stream end, so that no `...` is written).
    pub(crate) fn clear_open_ended(&mut self) {
        self.open_ended = false;
    }

    /// The text written so far.
    pub(crate) fn into_output(self) -> Vec<u8> {
        self.out
    }

    /// v3's `CompactSeqIndent` (`true`) / `DefaultSeqIndent` (`false`).
    pub(crate) fn set_compact_seq_indent(&mut self, compact: bool) {
        self.compact_seq_indent = compact;
    }

    /// [`Emitter::emit`] with the comments v3 carries on the event.
    pub(crate) fn emit_commented(&mut self, event: EventKind, comments: Comments) -> EResult {
        self.pending_comments.push_back(comments);
        self.queue(event)
    }

    /// Queues an event and processes every event that has enough lookahead.
    pub(crate) fn emit(&mut self, event: EventKind) -> EResult {
        self.pending_comments.push_back(Comments::default());
        self.queue(event)
    }

    fn queue(&mut self, event: EventKind) -> EResult {
        self.events.push_back(event);
        while !self.need_more_events() {
            let Some(event) = self.events.pop_front() else {
                break;
            };
            let c = self.pending_comments.pop_front().unwrap_or_default();
            for (from, to) in [
                (c.head, &mut self.comments.head),
                (c.line, &mut self.comments.line),
                (c.foot, &mut self.comments.foot),
                (c.tail, &mut self.comments.tail),
            ] {
                if !from.is_empty() {
                    *to = from;
                }
            }
            self.analyze_event(event)?;
            // The event's scalar value now lives in `self.scalar`; the kind drives the
            // state machine (with `self.events` as the lookahead).
            self.state_machine()?;
        }
        Ok(())
    }

    /// Whether the head event needs more events after it before it can be written (to know
    /// whether a collection is empty, or a key is simple).
    fn need_more_events(&self) -> bool {
        let Some(head) = self.events.front() else {
            return true;
        };
        let accumulate = match head {
            EventKind::DocumentStart { .. } => 1,
            EventKind::SequenceStart { .. } => 2,
            EventKind::MappingStart { .. } => 3,
            _ => return false,
        };
        if self.events.len() - 1 > accumulate {
            return false;
        }
        let mut level = 0i64;
        for event in &self.events {
            match event {
                EventKind::StreamStart
                | EventKind::DocumentStart { .. }
                | EventKind::SequenceStart { .. }
                | EventKind::MappingStart { .. } => level += 1,
                EventKind::StreamEnd
                | EventKind::DocumentEnd { .. }
                | EventKind::SequenceEnd
                | EventKind::MappingEnd => level -= 1,
                _ => {}
            }
            if level == 0 {
                return false;
            }
        }
        true
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { self.best_indent } else { 0 };
        } else if !indentless {
            if self.v3() {
                if self.states.last() == Some(&State::BlockSequenceItem) {
                    // The first indent inside a sequence skips the "- " indicator.
                    self.indent += 2;
                } else {
                    // Everything else aligns to the chosen indentation.
                    self.indent =
                        self.best_indent * ((self.indent + self.best_indent) / self.best_indent);
                }
            } else {
                self.indent += self.best_indent;
            }
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn pop_state(&mut self) {
        self.state = self.states.pop().unwrap_or(State::End);
    }

    fn state_machine(&mut self) -> EResult {
        let event = self.current.take().unwrap_or(EventKind::StreamEnd);
        match self.state {
            State::StreamStart => self.emit_stream_start(&event),
            State::FirstDocumentStart => self.emit_document_start(&event, true),
            State::DocumentStart => self.emit_document_start(&event, false),
            State::DocumentContent => {
                self.states.push(State::DocumentEnd);
                self.process_head_comment();
                self.emit_node(&event, true, false, false, false)?;
                self.process_line_comment(false);
                self.process_foot_comment();
                Ok(())
            }
            State::DocumentEnd => self.emit_document_end(&event),
            State::FlowSequenceFirstItem => self.emit_flow_sequence_item(&event, true, false),
            State::FlowSequenceItem => self.emit_flow_sequence_item(&event, false, false),
            State::FlowSequenceTrailItem => self.emit_flow_sequence_item(&event, false, true),
            State::FlowMappingFirstKey => self.emit_flow_mapping_key(&event, true, false),
            State::FlowMappingKey => self.emit_flow_mapping_key(&event, false, false),
            State::FlowMappingTrailKey => self.emit_flow_mapping_key(&event, false, true),
            State::FlowMappingSimpleValue => self.emit_flow_mapping_value(&event, true),
            State::FlowMappingValue => self.emit_flow_mapping_value(&event, false),
            State::BlockSequenceFirstItem => self.emit_block_sequence_item(&event, true),
            State::BlockSequenceItem => self.emit_block_sequence_item(&event, false),
            State::BlockMappingFirstKey => self.emit_block_mapping_key(&event, true),
            State::BlockMappingKey => self.emit_block_mapping_key(&event, false),
            State::BlockMappingSimpleValue => self.emit_block_mapping_value(&event, true),
            State::BlockMappingValue => self.emit_block_mapping_value(&event, false),
            State::End => fail("expected nothing after STREAM-END"),
        }
    }

    fn emit_stream_start(&mut self, event: &EventKind) -> EResult {
        if *event != EventKind::StreamStart {
            return fail("expected STREAM-START");
        }
        if self.best_indent < 2 || self.best_indent > 9 {
            self.best_indent = 2;
        }
        if self.best_width >= 0 && self.best_width <= self.best_indent * 2 {
            self.best_width = 80;
        }
        if self.best_width < 0 {
            self.best_width = i64::from(i32::MAX);
        }
        self.indent = -1;
        self.column = 0;
        self.whitespace = true;
        self.indention = true;
        self.foot_indent = -1;
        self.state = State::FirstDocumentStart;
        Ok(())
    }

    fn emit_document_start(&mut self, event: &EventKind, first: bool) -> EResult {
        match event {
            EventKind::DocumentStart { implicit } => {
                for (handle, prefix) in [(&b"!"[..], &b"!"[..]), (b"!!", b"tag:yaml.org,2002:")] {
                    if !self.tag_directives.iter().any(|(h, _)| h == handle) {
                        self.tag_directives.push((handle.to_vec(), prefix.to_vec()));
                    }
                }
                let implicit = *implicit && first;
                if !implicit {
                    self.write_indent();
                    self.write_indicator(b"---", true, false, false);
                    if self.v3() {
                        self.write_indent();
                    }
                }
                if !self.comments.head.is_empty() {
                    self.process_head_comment();
                    self.put_break_pub();
                }
                self.state = State::DocumentContent;
                Ok(())
            }
            EventKind::StreamEnd => {
                if self.open_ended {
                    self.write_indicator(b"...", true, false, false);
                    self.write_indent();
                }
                self.state = State::End;
                Ok(())
            }
            _ => fail("expected DOCUMENT-START or STREAM-END"),
        }
    }

    fn emit_document_end(&mut self, event: &EventKind) -> EResult {
        let EventKind::DocumentEnd { implicit } = event else {
            return fail("expected DOCUMENT-END");
        };
        if self.v3() {
            // [Go] "Force document foot separation."
            self.foot_indent = 0;
            self.process_foot_comment();
            self.foot_indent = -1;
        }
        self.write_indent();
        if !*implicit {
            self.write_indicator(b"...", true, false, false);
            self.write_indent();
        }
        self.state = State::DocumentStart;
        self.tag_directives.clear();
        Ok(())
    }

    fn emit_flow_sequence_item(&mut self, event: &EventKind, first: bool, trail: bool) -> EResult {
        if first {
            self.write_indicator(b"[", true, true, false);
            self.increase_indent(true, false);
            self.flow_level += 1;
        }
        if *event == EventKind::SequenceEnd {
            self.flow_level -= 1;
            self.pop_indent();
            if self.v3() && self.column == 0 {
                self.write_indent();
            }
            self.write_indicator(b"]", false, false, false);
            self.process_line_comment(false);
            self.process_foot_comment();
            self.pop_state();
            return Ok(());
        }
        if !first && !trail {
            self.write_indicator(b",", false, false, false);
        }
        self.process_head_comment();
        if self.v3() && self.column == 0 {
            self.write_indent();
        }
        if self.column > self.best_width {
            self.write_indent();
        }
        let trailing = self.has_trailing_comment();
        self.states.push(if trailing {
            State::FlowSequenceTrailItem
        } else {
            State::FlowSequenceItem
        });
        self.emit_node(event, false, true, false, false)?;
        if trailing {
            self.write_indicator(b",", false, false, false);
        }
        self.process_line_comment(false);
        self.process_foot_comment();
        Ok(())
    }

    fn emit_flow_mapping_key(&mut self, event: &EventKind, first: bool, trail: bool) -> EResult {
        if first {
            self.write_indicator(b"{", true, true, false);
            self.increase_indent(true, false);
            self.flow_level += 1;
        }
        if *event == EventKind::MappingEnd {
            if (!self.comments.head.is_empty()
                || !self.comments.foot.is_empty()
                || !self.comments.tail.is_empty())
                && !first
                && !trail
            {
                self.write_indicator(b",", false, false, false);
            }
            self.process_head_comment();
            self.flow_level -= 1;
            self.pop_indent();
            self.write_indicator(b"}", false, false, false);
            self.process_line_comment(false);
            self.process_foot_comment();
            self.pop_state();
            return Ok(());
        }
        if !first && !trail {
            self.write_indicator(b",", false, false, false);
        }
        self.process_head_comment();
        if self.v3() && self.column == 0 {
            self.write_indent();
        }
        if self.column > self.best_width {
            self.write_indent();
        }
        if self.check_simple_key(event) {
            self.states.push(State::FlowMappingSimpleValue);
            return self.emit_node(event, false, false, true, true);
        }
        self.write_indicator(b"?", true, false, false);
        self.states.push(State::FlowMappingValue);
        self.emit_node(event, false, false, true, false)
    }

    fn emit_flow_mapping_value(&mut self, event: &EventKind, simple: bool) -> EResult {
        if simple {
            self.write_indicator(b":", false, false, false);
        } else {
            if self.column > self.best_width {
                self.write_indent();
            }
            self.write_indicator(b":", true, false, false);
        }
        let trailing = self.has_trailing_comment();
        self.states.push(if trailing {
            State::FlowMappingTrailKey
        } else {
            State::FlowMappingKey
        });
        self.emit_node(event, false, false, true, false)?;
        if trailing {
            self.write_indicator(b",", false, false, false);
        }
        self.process_line_comment(false);
        self.process_foot_comment();
        Ok(())
    }

    fn emit_block_sequence_item(&mut self, event: &EventKind, first: bool) -> EResult {
        if first {
            // v2 writes a sequence inside a mapping at the key's indentation; v3 (without
            // `CompactSeqIndent`) indents it.
            let indentless = !self.v3() && self.mapping_context && !self.indention;
            // v3's `CompactSeqIndent`: in a mapping, `- ` counts as indentation.
            let compact = self.v3()
                && self.compact_seq_indent
                && self.mapping_context
                && (self.column == 0 || !self.indention);
            let aligned = self.v3()
                && self.indent >= 0
                && self.states.last() != Some(&State::BlockSequenceItem);
            self.increase_indent(false, indentless);
            if compact && aligned {
                self.indent -= 2;
            }
        }
        if *event == EventKind::SequenceEnd {
            self.pop_indent();
            self.pop_state();
            return Ok(());
        }
        self.process_head_comment();
        self.write_indent();
        self.write_indicator(b"-", true, false, true);
        self.states.push(State::BlockSequenceItem);
        self.emit_node(event, false, true, false, false)?;
        self.process_line_comment(false);
        self.process_foot_comment();
        Ok(())
    }

    fn emit_block_mapping_key(&mut self, event: &EventKind, first: bool) -> EResult {
        if first {
            self.increase_indent(false, false);
        }
        self.process_head_comment();
        if *event == EventKind::MappingEnd {
            self.pop_indent();
            self.pop_state();
            return Ok(());
        }
        self.write_indent();
        if !self.comments.line.is_empty() {
            // A line comment on a key: written with the value (or before its block).
            self.key_line_comment = std::mem::take(&mut self.comments.line);
        }
        if self.check_simple_key(event) {
            self.states.push(State::BlockMappingSimpleValue);
            return self.emit_node(event, false, false, true, true);
        }
        self.write_indicator(b"?", true, false, true);
        self.states.push(State::BlockMappingValue);
        self.emit_node(event, false, false, true, false)
    }

    fn emit_block_mapping_value(&mut self, event: &EventKind, simple: bool) -> EResult {
        if simple {
            self.write_indicator(b":", false, false, false);
        } else {
            self.write_indent();
            self.write_indicator(b":", true, false, true);
        }
        if !self.key_line_comment.is_empty() {
            match event {
                // The scalar writes it as its own; if it has one, the key's is lost.
                EventKind::Scalar { .. } if self.comments.line.is_empty() => {
                    self.comments.line = std::mem::take(&mut self.key_line_comment);
                }
                EventKind::MappingStart { style, .. } | EventKind::SequenceStart { style, .. }
                    if *style != CollectionStyle::Flow =>
                {
                    // An indented block follows: the comment goes on the key's line now.
                    std::mem::swap(&mut self.comments.line, &mut self.key_line_comment);
                    self.process_line_comment(false);
                    std::mem::swap(&mut self.comments.line, &mut self.key_line_comment);
                }
                _ => {}
            }
        }
        self.states.push(State::BlockMappingKey);
        self.emit_node(event, false, false, true, false)?;
        self.process_line_comment(false);
        self.process_foot_comment();
        Ok(())
    }

    #[expect(
        clippy::fn_params_excessive_bools,
        reason = "libyaml's four node contexts"
    )]
    fn emit_node(
        &mut self,
        event: &EventKind,
        root: bool,
        sequence: bool,
        mapping: bool,
        simple_key: bool,
    ) -> EResult {
        self.root_context = root;
        self.sequence_context = sequence;
        self.mapping_context = mapping;
        self.simple_key_context = simple_key;
        match event {
            EventKind::Alias { .. } => {
                self.process_anchor();
                self.pop_state();
                Ok(())
            }
            EventKind::Scalar { .. } => self.emit_scalar(event),
            EventKind::SequenceStart { style, .. } => {
                self.process_anchor();
                self.process_tag();
                self.state = if self.flow_level > 0
                    || *style == CollectionStyle::Flow
                    || self.check_empty(&EventKind::SequenceEnd)
                {
                    State::FlowSequenceFirstItem
                } else {
                    State::BlockSequenceFirstItem
                };
                Ok(())
            }
            EventKind::MappingStart { style, .. } => {
                self.process_anchor();
                self.process_tag();
                self.state = if self.flow_level > 0
                    || *style == CollectionStyle::Flow
                    || self.check_empty(&EventKind::MappingEnd)
                {
                    State::FlowMappingFirstKey
                } else {
                    State::BlockMappingFirstKey
                };
                Ok(())
            }
            other => fail(format!(
                "expected SCALAR, SEQUENCE-START, MAPPING-START, or ALIAS, but got {}",
                event_name(other)
            )),
        }
    }

    fn emit_scalar(&mut self, event: &EventKind) -> EResult {
        self.select_scalar_style(event)?;
        self.process_anchor();
        self.process_tag();
        self.increase_indent(true, false);
        self.process_scalar();
        self.pop_indent();
        self.pop_state();
        Ok(())
    }

    /// Whether the collection that starts with the current event is empty (its end event
    /// follows at once).
    fn check_empty(&self, end: &EventKind) -> bool {
        self.events.front() == Some(end)
    }

    /// Whether the current node can be written as a simple key (`key: value` rather than
    /// `? key`): short, single-line, or an empty collection.
    fn check_simple_key(&self, event: &EventKind) -> bool {
        let anchor_len = self.anchor.as_ref().map_or(0, |(a, _)| a.len());
        let tag_len = self.tag_handle.len() + self.tag_suffix.len();
        let length = match event {
            EventKind::Alias { .. } => anchor_len,
            EventKind::Scalar { .. } => {
                if self.scalar.multiline {
                    return false;
                }
                anchor_len + tag_len + self.scalar.value.len()
            }
            EventKind::SequenceStart { .. } => {
                if !self.check_empty(&EventKind::SequenceEnd) {
                    return false;
                }
                anchor_len + tag_len
            }
            EventKind::MappingStart { .. } => {
                if !self.check_empty(&EventKind::MappingEnd) {
                    return false;
                }
                anchor_len + tag_len
            }
            _ => return false,
        };
        length <= 128
    }
}

fn event_name(e: &EventKind) -> &'static str {
    match e {
        EventKind::StreamStart => "STREAM-START",
        EventKind::StreamEnd => "STREAM-END",
        EventKind::DocumentStart { .. } => "DOCUMENT-START",
        EventKind::DocumentEnd { .. } => "DOCUMENT-END",
        EventKind::Alias { .. } => "ALIAS",
        EventKind::Scalar { .. } => "SCALAR",
        EventKind::SequenceStart { .. } => "SEQUENCE-START",
        EventKind::SequenceEnd => "SEQUENCE-END",
        EventKind::MappingStart { .. } => "MAPPING-START",
        EventKind::MappingEnd => "MAPPING-END",
    }
}
