//! The node tree of `go.yaml.in/yaml/v3` (`yaml.Node`): kinds, styles, tags, values, anchors,
//! aliases, comments and key order, as v3's `Decoder.Decode(&node)` builds it.

/// A node's kind (`yaml.Kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The document (one child: the root).
    Document,
    /// A sequence.
    Sequence,
    /// A mapping: keys and values alternate in [`Node::content`].
    Mapping,
    /// A scalar.
    Scalar,
    /// An alias (`*name`): [`Node::value`] is the anchor's name.
    Alias,
}

/// A node's presentation style (`yaml.Style`, a bit set).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style(pub u8);

impl Style {
    /// Written with its tag (`TaggedStyle`).
    pub const TAGGED: Self = Self(1);
    /// `"double quoted"`.
    pub const DOUBLE_QUOTED: Self = Self(2);
    /// `'single quoted'`.
    pub const SINGLE_QUOTED: Self = Self(4);
    /// `|` literal block.
    pub const LITERAL: Self = Self(8);
    /// `>` folded block.
    pub const FOLDED: Self = Self(16);
    /// `[flow]` / `{flow}` collections.
    pub const FLOW: Self = Self(32);

    /// Whether every bit of `other` is set.
    #[must_use]
    pub fn has(self, other: Self) -> bool {
        self.0 & other.0 == other.0 && other.0 != 0
    }
}

/// One node (`yaml.Node`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// What the node is.
    pub kind: Kind,
    /// How it was (or will be) written.
    pub style: Style,
    /// The short tag (`!!str`, `!!map`, `!custom`), resolved for untagged scalars.
    pub tag: String,
    /// A scalar's text, or an alias's anchor name.
    pub value: String,
    /// The anchor defined on this node (`&name`), empty when none.
    pub anchor: String,
    /// Comment lines before the node (`# ...`, lines joined by `\n`).
    pub head_comment: String,
    /// The comment after the node on its line.
    pub line_comment: String,
    /// Comment lines after the node.
    pub foot_comment: String,
    /// Children: a document's root, a sequence's items, a mapping's keys and values.
    pub content: Vec<Node>,
    /// 1-based line of the node in its input (0 for nodes built in code).
    pub line: usize,
    /// 1-based column of the node in its input (0 for nodes built in code).
    pub column: usize,
}

impl Node {
    /// A node of `kind` with nothing set.
    #[must_use]
    pub fn new(kind: Kind) -> Self {
        Self {
            kind,
            style: Style::default(),
            tag: String::new(),
            value: String::new(),
            anchor: String::new(),
            head_comment: String::new(),
            line_comment: String::new(),
            foot_comment: String::new(),
            content: Vec::new(),
            line: 0,
            column: 0,
        }
    }

    /// A plain `!!str` scalar, as kyaml's `NewScalarRNode`/`NewStringRNode` build it.
    #[must_use]
    pub fn string(value: &str) -> Self {
        let mut n = Self::new(Kind::Scalar);
        "!!str".clone_into(&mut n.tag);
        value.clone_into(&mut n.value);
        n
    }

    /// For a mapping: the index in [`Node::content`] of the first key whose value is `key`
    /// (kyaml's `Field` matches the key's text, whatever its tag).
    #[must_use]
    pub fn field_index(&self, key: &str) -> Option<usize> {
        if self.kind != Kind::Mapping {
            return None;
        }
        (0..self.content.len() / 2)
            .map(|i| 2 * i)
            .find(|&i| self.content[i].value == key)
    }

    /// For a mapping: the value of the field `key`.
    #[must_use]
    pub fn field(&self, key: &str) -> Option<&Node> {
        self.field_index(key).map(|i| &self.content[i + 1])
    }
}
