//! The `RESOURCES:` section of `helm status`: kubectl's table printer
//! (`k8s.io/kubectl/pkg/cmd/get.TablePrinter` over `cli-runtime`'s `HumanReadablePrinter`),
//! fed with the server-side tables `rudder_kube::get` reads.
//!
//! What matters for the bytes, all from the Go sources:
//! - one printer for the whole section, so a table whose column definitions equal the last
//!   printed ones gets no header line (a second `ConfigMap`, or a later kind with the very same
//!   columns);
//! - each object is printed through a fresh tab writer (minimum width 6, padding 3, spaces), so
//!   rows of different objects are not aligned with each other, only the rows of one table (the
//!   related Pods);
//! - columns with a non-zero priority are left out (not `-o wide`), cells are cut at the first
//!   line break with `...` added, `ESC` and `CR` escaped, other values printed as Go's
//!   `fmt.Sprint` prints them;
//! - an object that is not a table (a server without table support) falls back to the
//!   `NAME AGE` columns of its metadata.

use rudder_release::gotime::Time;
use rudder_value::Value;

/// One table column: the fields `reflect.DeepEqual` compares.
#[derive(Debug, Clone, PartialEq)]
struct Column {
    name: String,
    kind: String,
    format: String,
    description: String,
    priority: i64,
}

/// `HumanReadablePrinter`'s state across objects.
#[derive(Debug, Default)]
pub(crate) struct TablePrinter {
    last_columns: Vec<Column>,
    printed_headers: bool,
    /// Whether the last non-table object went through the metadata fallback.
    last_type_default: bool,
}

fn str_field(v: &Value, key: &str) -> String {
    v.as_map()
        .and_then(|m| m.get(key))
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn int_field(v: &Value, key: &str) -> i64 {
    match v.as_map().and_then(|m| m.get(key)) {
        Some(Value::Int(i, _)) => i,
        #[expect(
            clippy::cast_possible_truncation,
            reason = "an int32 field decoded as a float"
        )]
        Some(Value::Float(f, _)) => f as i64,
        _ => 0,
    }
}

fn list_field(v: &Value, key: &str) -> Vec<Value> {
    v.as_map()
        .and_then(|m| m.get(key))
        .and_then(|l| l.as_list().map(|l| l.items().to_vec()))
        .unwrap_or_default()
}

fn is_table(v: &Value) -> bool {
    str_field(v, "kind") == "Table"
        && matches!(
            str_field(v, "apiVersion").as_str(),
            "meta.k8s.io/v1" | "meta.k8s.io/v1beta1"
        )
}

impl TablePrinter {
    /// `PrintObj(obj, out)`.
    pub(crate) fn print(&mut self, object: &Value, out: &mut String) {
        if is_table(object) {
            self.print_table(object, out);
        } else {
            self.print_metadata(object, out);
        }
    }

    fn print_table(&mut self, table: &Value, out: &mut String) {
        let mut columns: Vec<Column> = list_field(table, "columnDefinitions")
            .iter()
            .map(|c| Column {
                name: str_field(c, "name"),
                kind: str_field(c, "type"),
                format: str_field(c, "format"),
                description: str_field(c, "description"),
                priority: int_field(c, "priority"),
            })
            .collect();
        let rows = list_field(table, "rows");
        let no_headers =
            self.printed_headers && (columns.is_empty() || columns == self.last_columns);
        if columns.is_empty() {
            columns.clone_from(&self.last_columns);
        } else if columns != self.last_columns {
            self.last_columns.clone_from(&columns);
            self.printed_headers = false;
        }
        if !rows.is_empty() {
            self.printed_headers = true;
        }
        let mut text = String::new();
        if !no_headers {
            if rows.is_empty() {
                return;
            }
            let names: Vec<String> = columns
                .iter()
                .filter(|c| c.priority == 0)
                .map(|c| c.name.to_uppercase())
                .collect();
            text.push_str(&names.join("\t"));
            text.push('\n');
        }
        for row in &rows {
            let cells = list_field(row, "cells");
            let mut first = true;
            for (cell, column) in cells.iter().zip(&columns) {
                if column.priority != 0 {
                    continue;
                }
                if !first {
                    text.push('\t');
                }
                first = false;
                match cell {
                    Value::Nil => {}
                    Value::String(s) => {
                        let s: &str = s.as_ref();
                        match s.find(['\u{c}', '\n', '\r']) {
                            Some(i) => {
                                text.push_str(&escape(&s[..i]));
                                text.push_str("...");
                            }
                            None => text.push_str(&escape(s)),
                        }
                    }
                    other => {
                        text.push_str(&escape(&rudder_value::fmt::sprint(std::slice::from_ref(
                            other,
                        ))));
                    }
                }
            }
            text.push('\n');
        }
        out.push_str(&tabwrite(&text));
    }

    /// The `defaultHandlerEntry` path: `NAME AGE` from the object's metadata (each item of a
    /// list).
    fn print_metadata(&mut self, object: &Value, out: &mut String) {
        let mut text = String::new();
        if !self.last_type_default {
            text.push_str("NAME\tAGE\n");
        }
        self.last_type_default = true;
        let items = if str_field(object, "kind").ends_with("List")
            && object.as_map().is_some_and(|m| m.contains_key("items"))
        {
            list_field(object, "items")
        } else {
            vec![object.clone()]
        };
        let now = Time::now().unix();
        for item in &items {
            let metadata = item
                .as_map()
                .and_then(|m| m.get("metadata"))
                .unwrap_or(Value::Nil);
            let created = str_field(&metadata, "creationTimestamp");
            let age = match Time::parse_rfc3339(&created) {
                Ok(t) if !created.is_empty() => human_duration(now - t.unix()),
                _ => "<unknown>".to_owned(),
            };
            text.push_str(&escape(&str_field(&metadata, "name")));
            text.push('\t');
            text.push_str(&age);
            text.push('\n');
        }
        out.push_str(&tabwrite(&text));
    }
}

/// `printers.WriteEscaped`: `ESC` as `^[`, `CR` as `\r`.
fn escape(s: &str) -> String {
    s.replace('\u{1b}', "^[").replace('\r', "\\r")
}

/// `duration.HumanDuration` of `seconds`.
fn human_duration(seconds: i64) -> String {
    if seconds < -1 {
        return "<invalid>".to_owned();
    }
    if seconds < 0 {
        return "0s".to_owned();
    }
    if seconds < 120 {
        return format!("{seconds}s");
    }
    let minutes = seconds / 60;
    if minutes < 10 {
        let s = seconds % 60;
        return if s == 0 {
            format!("{minutes}m")
        } else {
            format!("{minutes}m{s}s")
        };
    }
    if minutes < 180 {
        return format!("{minutes}m");
    }
    let hours = seconds / 3600;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 {
            format!("{hours}h")
        } else {
            format!("{hours}h{m}m")
        };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        let h = hours % 24;
        return if h == 0 {
            format!("{}d", hours / 24)
        } else {
            format!("{}d{h}h", hours / 24)
        };
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        let days = (hours / 24) % 365;
        return if days == 0 {
            format!("{}y", hours / 24 / 365)
        } else {
            format!("{}y{days}d", hours / 24 / 365)
        };
    }
    format!("{}y", hours / 24 / 365)
}

const MIN_WIDTH: usize = 6;
const PADDING: usize = 3;

/// Go's `text/tabwriter` with kubectl's settings (minimum width 6, tab width 4, padding 3,
/// space padding) over complete lines: a cell is text ended by a tab, the text after a line's
/// last tab is not part of any column; a column block is a run of consecutive lines having
/// that cell, as wide as its widest cell (in runes) plus the padding.
fn tabwrite(text: &str) -> String {
    let lines: Vec<Vec<&str>> = text
        .split_terminator('\n')
        .map(|l| l.split('\t').collect())
        .collect();
    let mut widths: Vec<Vec<usize>> = lines.iter().map(|l| vec![0; l.len()]).collect();
    format_block(&lines, &mut widths, 0, 0, lines.len());
    let mut out = String::with_capacity(text.len() * 2);
    for (line, width) in lines.iter().zip(&widths) {
        let last = line.len() - 1;
        for (j, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if j < last {
                let pad = width[j].saturating_sub(cell.chars().count());
                out.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push('\n');
    }
    out
}

/// `Writer.format`: sizes column `column` for each block of lines in `first..end` that have
/// a terminated cell there, then the columns right of it within the block.
fn format_block(
    lines: &[Vec<&str>],
    widths: &mut [Vec<usize>],
    column: usize,
    first: usize,
    end: usize,
) {
    let mut this = first;
    while this < end {
        if column + 1 >= lines[this].len() {
            this += 1;
            continue;
        }
        let start = this;
        let mut width = MIN_WIDTH;
        while this < end && column + 1 < lines[this].len() {
            width = width.max(lines[this][column].chars().count() + PADDING);
            this += 1;
        }
        for w in &mut widths[start..this] {
            w[column] = width;
        }
        format_block(lines, widths, column + 1, start, this);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabwriter_aligns_blocks_like_go() {
        assert_eq!(
            tabwrite("NAME\tDATA\tAGE\nr1-a\t1\t1s\n"),
            "NAME   DATA   AGE\nr1-a   1      1s\n"
        );
        // A line without the column ends the block.
        assert_eq!(
            tabwrite("a\tb\nsingle\nlonger-cell\tc\n"),
            "a     b\nsingle\nlonger-cell   c\n"
        );
    }

    #[test]
    fn human_durations() {
        for (s, want) in [
            (-5, "<invalid>"),
            (-1, "0s"),
            (119, "119s"),
            (125, "2m5s"),
            (600, "10m"),
            (3 * 3600 + 60, "3h1m"),
            (9 * 3600, "9h"),
            (3 * 86400 + 3600, "3d1h"),
            (400 * 86400, "400d"),
            (3 * 365 * 86400 + 86400, "3y1d"),
            (10 * 365 * 86400, "10y"),
        ] {
            assert_eq!(human_duration(s), want, "{s}");
        }
    }
}
