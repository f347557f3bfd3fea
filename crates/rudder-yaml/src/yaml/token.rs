//! Positions, tokens and events: the vocabulary shared by the scanner, the parser and the
//! emitter (libyaml's, as go-yaml ports it).

use std::borrow::Cow;
use std::fmt;

/// A position in the input. `index` counts characters (a CR LF pair counts two), `line` and
/// `column` start at 0, as in libyaml.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Mark {
    pub index: usize,
    pub line: usize,
    pub column: usize,
}

/// A scalar's presentation style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// A collection's presentation style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CollectionStyle {
    Block,
    Flow,
}

/// What a token is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TokenKind {
    StreamStart,
    StreamEnd,
    VersionDirective {
        major: i8,
        minor: i8,
    },
    TagDirective {
        handle: Vec<u8>,
        prefix: Vec<u8>,
    },
    DocumentStart,
    DocumentEnd,
    BlockSequenceStart,
    BlockMappingStart,
    BlockEnd,
    FlowSequenceStart,
    FlowSequenceEnd,
    FlowMappingStart,
    FlowMappingEnd,
    BlockEntry,
    FlowEntry,
    Key,
    Value,
    Alias(String),
    Anchor(String),
    Tag {
        handle: Vec<u8>,
        suffix: Vec<u8>,
    },
    Scalar {
        value: rudder_value::Str,
        style: ScalarStyle,
    },
}

/// What a token is, without its payload (cheap to copy and compare).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenType {
    StreamStart,
    StreamEnd,
    VersionDirective,
    TagDirective,
    DocumentStart,
    DocumentEnd,
    BlockSequenceStart,
    BlockMappingStart,
    BlockEnd,
    FlowSequenceStart,
    FlowSequenceEnd,
    FlowMappingStart,
    FlowMappingEnd,
    BlockEntry,
    FlowEntry,
    Key,
    Value,
    Alias,
    Anchor,
    Tag,
    Scalar,
}

impl TokenKind {
    pub(crate) fn ty(&self) -> TokenType {
        match self {
            Self::StreamStart => TokenType::StreamStart,
            Self::StreamEnd => TokenType::StreamEnd,
            Self::VersionDirective { .. } => TokenType::VersionDirective,
            Self::TagDirective { .. } => TokenType::TagDirective,
            Self::DocumentStart => TokenType::DocumentStart,
            Self::DocumentEnd => TokenType::DocumentEnd,
            Self::BlockSequenceStart => TokenType::BlockSequenceStart,
            Self::BlockMappingStart => TokenType::BlockMappingStart,
            Self::BlockEnd => TokenType::BlockEnd,
            Self::FlowSequenceStart => TokenType::FlowSequenceStart,
            Self::FlowSequenceEnd => TokenType::FlowSequenceEnd,
            Self::FlowMappingStart => TokenType::FlowMappingStart,
            Self::FlowMappingEnd => TokenType::FlowMappingEnd,
            Self::BlockEntry => TokenType::BlockEntry,
            Self::FlowEntry => TokenType::FlowEntry,
            Self::Key => TokenType::Key,
            Self::Value => TokenType::Value,
            Self::Alias(_) => TokenType::Alias,
            Self::Anchor(_) => TokenType::Anchor,
            Self::Tag { .. } => TokenType::Tag,
            Self::Scalar { .. } => TokenType::Scalar,
        }
    }
}

/// A token with its span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub kind: TokenKind,
    pub start: Mark,
    pub end: Mark,
}

/// What an event is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum EventKind {
    StreamStart,
    StreamEnd,
    DocumentStart {
        implicit: bool,
    },
    DocumentEnd {
        implicit: bool,
    },
    Alias {
        anchor: String,
    },
    Scalar {
        anchor: Option<String>,
        tag: Option<Vec<u8>>,
        value: rudder_value::Str,
        /// The tag may be omitted when the scalar is written plain.
        plain_implicit: bool,
        /// The tag may be omitted when the scalar is written in any other style.
        quoted_implicit: bool,
        style: ScalarStyle,
    },
    SequenceStart {
        anchor: Option<String>,
        tag: Option<Vec<u8>>,
        implicit: bool,
        style: CollectionStyle,
    },
    SequenceEnd,
    MappingStart {
        anchor: Option<String>,
        tag: Option<Vec<u8>>,
        implicit: bool,
        style: CollectionStyle,
    },
    MappingEnd,
}

/// An event with its span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Event {
    pub kind: EventKind,
    pub start: Mark,
    pub end: Mark,
}

/// Which stage of go-yaml's parser failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    Reader,
    Scanner,
    Parser,
}

/// A syntax error of the scanner, the parser or the reader, with libyaml's context and
/// problem marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub stage: Stage,
    pub context: &'static str,
    pub context_mark: Mark,
    pub problem: Cow<'static, str>,
    pub problem_mark: Mark,
    /// For reader errors: the byte offset of the bad input.
    pub offset: Option<usize>,
}

impl SyntaxError {
    /// The line go-yaml names in its message (`parser.fail`): the problem's line (one more
    /// for scanner errors, which are reported before the scanner moves on), else the
    /// context's; 0 means none.
    pub(crate) fn reported_line(&self) -> usize {
        if self.problem_mark.line != 0 {
            let mut line = self.problem_mark.line;
            if self.stage == Stage::Scanner {
                line += 1;
            }
            line
        } else {
            self.context_mark.line
        }
    }

    /// go-yaml's message, without the `yaml: ` prefix: `line N: <problem>`.
    pub(crate) fn message(&self) -> String {
        let line = self.reported_line();
        let problem: &str = if self.problem.is_empty() {
            "unknown problem parsing YAML content"
        } else {
            &self.problem
        };
        if line == 0 {
            problem.to_owned()
        } else {
            format!("line {line}: {problem}")
        }
    }

    /// go-yaml v3's message (`parser.fail` in `decode.go`): the line comes from the
    /// context mark when it has one, else from the problem mark.
    pub(crate) fn message_v3(&self) -> String {
        let bump = usize::from(self.stage == Stage::Scanner);
        let line = if self.context_mark.line != 0 {
            self.context_mark.line + bump
        } else if self.problem_mark.line != 0 {
            self.problem_mark.line + bump
        } else {
            0
        };
        let problem: &str = if self.problem.is_empty() {
            "unknown problem parsing YAML content"
        } else {
            &self.problem
        };
        if line == 0 {
            problem.to_owned()
        } else {
            format!("line {line}: {problem}")
        }
    }

    /// A location hint: the context and the 1-based line and column of the problem.
    pub(crate) fn hint(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        if let Some(offset) = self.offset {
            let _ = write!(out, "at byte offset {offset}");
            return out;
        }
        if !self.context.is_empty() {
            let _ = write!(
                out,
                "{} (line {}, column {}); ",
                self.context,
                self.context_mark.line + 1,
                self.context_mark.column + 1
            );
        }
        let _ = write!(
            out,
            "at line {}, column {}",
            self.problem_mark.line + 1,
            self.problem_mark.column + 1
        );
        out
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}
