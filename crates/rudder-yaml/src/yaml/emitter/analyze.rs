//! What the emitter decides before writing: the scalar analysis (which styles a string
//! allows), the style actually used, and the anchor and tag of the current node.

use super::{EResult, Emitter, fail};
use crate::yaml::token::{EventKind, ScalarStyle};

/// Width of the UTF-8 character starting with `b`.
pub(super) fn width(b: u8) -> usize {
    if b & 0x80 == 0 {
        1
    } else if b & 0xE0 == 0xC0 {
        2
    } else if b & 0xF0 == 0xE0 {
        3
    } else if b & 0xF8 == 0xF0 {
        4
    } else {
        1
    }
}

fn at(v: &[u8], i: usize) -> u8 {
    v.get(i).copied().unwrap_or(0)
}

pub(super) fn is_space(v: &[u8], i: usize) -> bool {
    at(v, i) == b' '
}

pub(super) fn is_blank(v: &[u8], i: usize) -> bool {
    matches!(at(v, i), b' ' | b'\t')
}

pub(super) fn is_break(v: &[u8], i: usize) -> bool {
    match at(v, i) {
        b'\r' | b'\n' => true,
        0xC2 => at(v, i + 1) == 0x85,
        0xE2 => at(v, i + 1) == 0x80 && matches!(at(v, i + 2), 0xA8 | 0xA9),
        _ => false,
    }
}

pub(super) fn is_blankz(v: &[u8], i: usize) -> bool {
    is_blank(v, i) || is_break(v, i) || at(v, i) == 0
}

/// go-yaml's `is_printable`: LF, printable ASCII, U+00A0..U+D7FF, U+E000..U+FFFD except
/// U+FEFF. Not TAB, not CR, nothing beyond the BMP.
pub(super) fn is_printable(v: &[u8], i: usize) -> bool {
    let (b0, b1, b2) = (at(v, i), at(v, i + 1), at(v, i + 2));
    b0 == 0x0A
        || (0x20..=0x7E).contains(&b0)
        || (b0 == 0xC2 && b1 >= 0xA0)
        || (b0 > 0xC2 && b0 < 0xED)
        || (b0 == 0xED && b1 < 0xA0)
        || b0 == 0xEE
        || (b0 == 0xEF
            && !(b1 == 0xBB && b2 == 0xBF)
            && !(b1 == 0xBF && (b2 == 0xBE || b2 == 0xBF)))
}

/// go-yaml's `is_bom`, which looks at the start of the string, not at position `i`.
pub(super) fn starts_with_bom(v: &[u8]) -> bool {
    v.starts_with(&[0xEF, 0xBB, 0xBF])
}

impl Emitter {
    /// Prepares the anchor, tag and scalar data of `event`, then makes it current.
    pub(super) fn analyze_event(&mut self, event: EventKind) -> EResult {
        self.anchor = None;
        self.tag_handle.clear();
        self.tag_suffix.clear();
        let current = match event {
            EventKind::Alias { anchor } => {
                self.analyze_anchor(&anchor, true)?;
                EventKind::Alias { anchor }
            }
            EventKind::Scalar {
                anchor,
                tag,
                value,
                plain_implicit,
                quoted_implicit,
                style,
            } => {
                if let Some(a) = &anchor {
                    self.analyze_anchor(a, false)?;
                }
                if let Some(t) = &tag
                    && !t.is_empty()
                    && !plain_implicit
                    && !quoted_implicit
                {
                    self.analyze_tag(t);
                }
                self.analyze_scalar(value);
                EventKind::Scalar {
                    anchor,
                    tag,
                    value: rudder_value::Str::from(""),
                    plain_implicit,
                    quoted_implicit,
                    style,
                }
            }
            EventKind::SequenceStart {
                anchor,
                tag,
                implicit,
                style,
            } => {
                self.analyze_collection(anchor.as_deref(), tag.as_deref(), implicit)?;
                EventKind::SequenceStart {
                    anchor,
                    tag,
                    implicit,
                    style,
                }
            }
            EventKind::MappingStart {
                anchor,
                tag,
                implicit,
                style,
            } => {
                self.analyze_collection(anchor.as_deref(), tag.as_deref(), implicit)?;
                EventKind::MappingStart {
                    anchor,
                    tag,
                    implicit,
                    style,
                }
            }
            other => other,
        };
        self.current = Some(current);
        Ok(())
    }

    fn analyze_collection(
        &mut self,
        anchor: Option<&str>,
        tag: Option<&[u8]>,
        implicit: bool,
    ) -> EResult {
        if let Some(a) = anchor {
            self.analyze_anchor(a, false)?;
        }
        if let Some(t) = tag
            && !t.is_empty()
            && !implicit
        {
            self.analyze_tag(t);
        }
        Ok(())
    }

    fn analyze_anchor(&mut self, anchor: &str, alias: bool) -> EResult {
        let what = if alias { "alias" } else { "anchor" };
        if anchor.is_empty() {
            return fail(format!("{what} value must not be empty"));
        }
        if !anchor
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return fail(format!(
                "{what} value must contain alphanumerical characters only"
            ));
        }
        self.anchor = Some((anchor.to_owned(), alias));
        Ok(())
    }

    fn analyze_tag(&mut self, tag: &[u8]) {
        for (handle, prefix) in &self.tag_directives {
            if tag.starts_with(prefix) {
                self.tag_handle.clone_from(handle);
                self.tag_suffix = tag[prefix.len()..].to_vec();
                return;
            }
        }
        self.tag_suffix = tag.to_vec();
    }

    /// Which styles the scalar allows (`yaml_emitter_analyze_scalar`).
    fn analyze_scalar(&mut self, value: rudder_value::Str) {
        let v = value.as_bytes();
        let data = &mut self.scalar;
        if v.is_empty() {
            data.multiline = false;
            data.flow_plain_allowed = false;
            data.block_plain_allowed = true;
            data.single_quoted_allowed = true;
            data.block_allowed = false;
            data.value = value;
            return;
        }
        let mut block_indicators = false;
        let mut flow_indicators = false;
        let mut line_breaks = false;
        let mut special_characters = false;
        let mut tab_characters = false;
        let mut leading_space = false;
        let mut leading_break = false;
        let mut trailing_space = false;
        let mut trailing_break = false;
        let mut break_space = false;
        let mut space_break = false;
        let mut previous_space = false;
        let mut previous_break = false;
        let mut preceded_by_whitespace = true;

        if v.starts_with(b"---") || v.starts_with(b"...") {
            block_indicators = true;
            flow_indicators = true;
        }
        let mut i = 0;
        while i < v.len() {
            let w = width(v[i]);
            let followed_by_whitespace = i + w >= v.len() || is_blank(v, i + w);
            let c = v[i];
            if i == 0 {
                match c {
                    b'#' | b',' | b'[' | b']' | b'{' | b'}' | b'&' | b'*' | b'!' | b'|' | b'>'
                    | b'\'' | b'"' | b'%' | b'@' | b'`' => {
                        flow_indicators = true;
                        block_indicators = true;
                    }
                    b'?' | b':' => {
                        flow_indicators = true;
                        if followed_by_whitespace {
                            block_indicators = true;
                        }
                    }
                    b'-' if followed_by_whitespace => {
                        flow_indicators = true;
                        block_indicators = true;
                    }
                    _ => {}
                }
            } else {
                match c {
                    b',' | b'?' | b'[' | b']' | b'{' | b'}' => flow_indicators = true,
                    b':' => {
                        flow_indicators = true;
                        if followed_by_whitespace {
                            block_indicators = true;
                        }
                    }
                    b'#' if preceded_by_whitespace => {
                        flow_indicators = true;
                        block_indicators = true;
                    }
                    _ => {}
                }
            }
            if c == b'\t' && self.flavor == super::EmitterFlavor::V3 {
                tab_characters = true;
            } else if !is_printable(v, i) {
                special_characters = true;
            }
            if is_space(v, i) {
                if i == 0 {
                    leading_space = true;
                }
                if i + w == v.len() {
                    trailing_space = true;
                }
                if previous_break {
                    break_space = true;
                }
                previous_space = true;
                previous_break = false;
            } else if is_break(v, i) {
                line_breaks = true;
                if i == 0 {
                    leading_break = true;
                }
                if i + w == v.len() {
                    trailing_break = true;
                }
                if previous_space {
                    space_break = true;
                }
                previous_space = false;
                previous_break = true;
            } else {
                previous_space = false;
                previous_break = false;
            }
            preceded_by_whitespace = is_blankz(v, i);
            i += w;
        }

        data.multiline = line_breaks;
        data.flow_plain_allowed = true;
        data.block_plain_allowed = true;
        data.single_quoted_allowed = true;
        data.block_allowed = true;
        if leading_space || leading_break || trailing_space || trailing_break {
            data.flow_plain_allowed = false;
            data.block_plain_allowed = false;
        }
        if trailing_space {
            data.block_allowed = false;
        }
        if break_space {
            data.flow_plain_allowed = false;
            data.block_plain_allowed = false;
            data.single_quoted_allowed = false;
        }
        if space_break || tab_characters || special_characters {
            data.flow_plain_allowed = false;
            data.block_plain_allowed = false;
            data.single_quoted_allowed = false;
        }
        if space_break || special_characters {
            data.block_allowed = false;
        }
        if line_breaks {
            data.flow_plain_allowed = false;
            data.block_plain_allowed = false;
        }
        if flow_indicators {
            data.flow_plain_allowed = false;
        }
        if block_indicators {
            data.block_plain_allowed = false;
        }
        data.value = value;
    }

    /// `yaml_emitter_select_scalar_style`.
    pub(super) fn select_scalar_style(&mut self, event: &EventKind) -> EResult {
        let EventKind::Scalar {
            plain_implicit,
            quoted_implicit,
            style,
            ..
        } = event
        else {
            return Ok(());
        };
        let no_tag = self.tag_handle.is_empty() && self.tag_suffix.is_empty();
        if no_tag && !plain_implicit && !quoted_implicit {
            return fail("neither tag nor implicit flags are specified");
        }
        let mut style = *style;
        if self.simple_key_context && self.scalar.multiline {
            style = ScalarStyle::DoubleQuoted;
        }
        if style == ScalarStyle::Plain {
            if (self.flow_level > 0 && !self.scalar.flow_plain_allowed)
                || (self.flow_level == 0 && !self.scalar.block_plain_allowed)
            {
                style = ScalarStyle::SingleQuoted;
            }
            if self.scalar.value.is_empty() && (self.flow_level > 0 || self.simple_key_context) {
                style = ScalarStyle::SingleQuoted;
            }
            if no_tag && !plain_implicit {
                style = ScalarStyle::SingleQuoted;
            }
        }
        if style == ScalarStyle::SingleQuoted && !self.scalar.single_quoted_allowed {
            style = ScalarStyle::DoubleQuoted;
        }
        if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded)
            && (!self.scalar.block_allowed || self.flow_level > 0 || self.simple_key_context)
        {
            style = ScalarStyle::DoubleQuoted;
        }
        if no_tag && !quoted_implicit && style != ScalarStyle::Plain {
            self.tag_handle = b"!".to_vec();
        }
        self.scalar.style = Some(style);
        Ok(())
    }

    pub(super) fn process_anchor(&mut self) {
        let Some((anchor, alias)) = self.anchor.take() else {
            return;
        };
        self.write_indicator(if alias { b"*" } else { b"&" }, true, false, false);
        self.write_anchor(anchor.as_bytes());
    }

    pub(super) fn process_tag(&mut self) {
        if self.tag_handle.is_empty() && self.tag_suffix.is_empty() {
            return;
        }
        let handle = std::mem::take(&mut self.tag_handle);
        let suffix = std::mem::take(&mut self.tag_suffix);
        if handle.is_empty() {
            self.write_indicator(b"!<", true, false, false);
            self.write_tag_content(&suffix, false);
            self.write_indicator(b">", false, false, false);
        } else {
            self.write_tag_handle(&handle);
            if !suffix.is_empty() {
                self.write_tag_content(&suffix, false);
            }
        }
        self.tag_handle = handle;
        self.tag_suffix = suffix;
    }

    pub(super) fn process_scalar(&mut self) {
        let value = self.scalar.value.clone();
        let v = value.as_bytes();
        let allow_breaks = !self.simple_key_context;
        match self.scalar.style.unwrap_or(ScalarStyle::Plain) {
            ScalarStyle::Plain => self.write_plain_scalar(v, allow_breaks),
            ScalarStyle::SingleQuoted => self.write_single_quoted_scalar(v, allow_breaks),
            ScalarStyle::DoubleQuoted => self.write_double_quoted_scalar(v, allow_breaks),
            ScalarStyle::Literal => self.write_literal_scalar(v),
            ScalarStyle::Folded => self.write_folded_scalar(v),
        }
    }
}
