//! go-yaml v3's comment writing (`yaml_emitter_process_head_comment`, `..._line_comment`,
//! `..._foot_comment`, `yaml_emitter_write_comment`). Comments only come with v3 events from
//! the node encoder; every other caller's events carry none, so these are no-ops there.

use super::Emitter;
use super::analyze::is_break;

impl Emitter {
    fn write_comment(&mut self, comment: &[u8]) {
        let mut breaks = false;
        let mut pound = false;
        let mut i = 0;
        while i < comment.len() {
            if is_break(comment, i) {
                self.write_break_pub(comment, &mut i);
                breaks = true;
                pound = false;
            } else {
                if breaks {
                    self.write_indent();
                }
                if !pound {
                    if comment[i] != b'#' {
                        self.put_pub(b'#');
                        self.put_pub(b' ');
                    }
                    pound = true;
                }
                self.write_pub(comment, &mut i);
                self.indention = false;
                breaks = false;
            }
        }
        if !breaks {
            self.put_break_pub();
        }
        self.whitespace = true;
    }

    /// Writes the pending tail comment (a prior key's foot) and head comment.
    pub(super) fn process_head_comment(&mut self) {
        if !self.comments.tail.is_empty() {
            self.write_indent();
            let tail = std::mem::take(&mut self.comments.tail);
            self.write_comment(tail.as_bytes());
            self.foot_indent = self.indent.max(0);
        }
        if self.comments.head.is_empty() {
            return;
        }
        self.write_indent();
        let head = std::mem::take(&mut self.comments.head);
        self.write_comment(head.as_bytes());
    }

    /// Writes the pending line comment after what is on the line (with `linebreak`, a line
    /// break when there is none, as after a block scalar's header).
    pub(super) fn process_line_comment(&mut self, linebreak: bool) {
        if self.comments.line.is_empty() {
            if linebreak {
                self.put_break_pub();
            }
            return;
        }
        if !self.whitespace {
            self.put_pub(b' ');
        }
        let line = std::mem::take(&mut self.comments.line);
        self.write_comment(line.as_bytes());
    }

    /// Writes the pending foot comment on its own lines.
    pub(super) fn process_foot_comment(&mut self) {
        if self.comments.foot.is_empty() {
            return;
        }
        self.write_indent();
        let foot = std::mem::take(&mut self.comments.foot);
        self.write_comment(foot.as_bytes());
        self.foot_indent = self.indent.max(0);
    }

    /// Whether a line, foot or tail comment is pending (v3's flow "trail" states).
    pub(super) fn has_trailing_comment(&self) -> bool {
        !(self.comments.line.is_empty()
            && self.comments.foot.is_empty()
            && self.comments.tail.is_empty())
    }
}
