//! Helm's printers (`pkg/cli/output`, `internal/cli/output`, gosuri/uitable): the `-o
//! table|json|yaml` formats, tables padded as uitable pads them, JSON as Go's `json.Encoder`
//! writes it, YAML as `sigs.k8s.io/yaml.Marshal` writes it, and Helm's colours.

use rudder_release::Release;

use crate::ActionError;

/// `-o/--output`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// `table` (the default).
    #[default]
    Table,
    /// `json`.
    Json,
    /// `yaml`.
    Yaml,
}

impl Format {
    /// `output.ParseFormat`.
    ///
    /// # Errors
    /// Helm's `invalid format type` for anything else.
    pub fn parse(s: &str) -> Result<Self, ActionError> {
        match s {
            "table" => Ok(Self::Table),
            "json" => Ok(Self::Json),
            "yaml" => Ok(Self::Yaml),
            _ => Err(ActionError::msg("invalid format type")),
        }
    }

    /// The flag's value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Table => "table",
            Self::Json => "json",
            Self::Yaml => "yaml",
        }
    }
}

/// `output.EncodeJSON` of a value already rendered as Go's compact JSON: the text and a
/// newline.
pub fn encode_json(json: &str, out: &mut String) {
    out.push_str(json);
    out.push('\n');
}

/// `output.EncodeYAML` of a value already rendered as Go's JSON (`yaml.Marshal` is
/// `JSONToYAML(json.Marshal(v))`).
///
/// # Errors
/// The conversion error (never for JSON Go wrote).
pub fn encode_yaml(json: &str, out: &mut String) -> Result<(), ActionError> {
    let yaml = rudder_yaml::sigs::json_to_yaml(json.as_bytes())
        .map_err(|e| ActionError::msg(format!("unable to write YAML output: {e}")))?;
    out.push_str(&yaml);
    Ok(())
}

/// fatih/color's escape sequences, as Helm's colour helpers apply them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Color {
    Bold,
    Red,
    Green,
    Yellow,
    Cyan,
}

pub(crate) fn paint(text: &str, color: Color, enabled: bool) -> String {
    if !enabled {
        return text.to_owned();
    }
    let code = match color {
        Color::Bold => 1,
        Color::Red => 31,
        Color::Green => 32,
        Color::Yellow => 33,
        Color::Cyan => 36,
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

/// `ColorizeStatus`.
pub(crate) fn status_color(status: &str, enabled: bool) -> String {
    let color = match status {
        "deployed" => Color::Green,
        "failed" | "unknown" => Color::Red,
        "pending-install" | "pending-upgrade" | "pending-rollback" | "uninstalling" => {
            Color::Yellow
        }
        _ => return status.to_owned(),
    };
    paint(status, color, enabled)
}

/// A gosuri/uitable table with its defaults (tab separator, no maximum width, no wrapping):
/// every cell padded to its column's width, the last one too.
#[derive(Debug, Default)]
pub struct Table {
    rows: Vec<Vec<String>>,
}

impl Table {
    /// An empty table.
    pub fn new() -> Self {
        Self::default()
    }

    /// `AddRow`.
    pub fn add_row<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.rows.push(cells.into_iter().map(Into::into).collect());
    }

    /// `output.EncodeTable`: the table, then a newline.
    pub fn encode(&self, out: &mut String) {
        self.write(out);
        out.push('\n');
    }

    /// `Table.String()`.
    pub fn write(&self, out: &mut String) {
        let mut widths: Vec<usize> = Vec::new();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate() {
                if widths.len() <= i {
                    widths.push(0);
                }
                let w = cell.split('\n').map(string_width).max().unwrap_or(0);
                widths[i] = widths[i].max(w);
            }
        }
        for (r, row) in self.rows.iter().enumerate() {
            if r > 0 {
                out.push('\n');
            }
            let lines = row.iter().map(|c| c.split('\n').count()).max().unwrap_or(1);
            for line in 0..lines {
                if line > 0 {
                    out.push('\n');
                }
                for (i, cell) in row.iter().enumerate() {
                    if i > 0 {
                        out.push('\t');
                    }
                    let text = cell.split('\n').nth(line).unwrap_or("");
                    out.push_str(text);
                    let pad = widths[i].saturating_sub(string_width(text));
                    out.extend(std::iter::repeat_n(' ', pad));
                }
            }
        }
    }
}

/// go-runewidth's width of a string, ANSI escapes excluded (uitable's `StringWidth`).
pub(crate) fn string_width(s: &str) -> usize {
    let mut width = 0;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // An SGR sequence: ESC [ params letter.
            if chars.peek() == Some(&'[') {
                chars.next();
                for d in chars.by_ref() {
                    if d.is_ascii_alphabetic() {
                        break;
                    }
                }
                continue;
            }
        }
        width += rune_width(c);
    }
    width
}

fn rune_width(c: char) -> usize {
    let u = u32::from(c);
    if u < 0x20 || (0x7f..0xa0).contains(&u) {
        return 0;
    }
    if u < 0x300 {
        return 1;
    }
    // Combining marks and zero-width characters.
    if (0x300..0x370).contains(&u)
        || (0x200b..=0x200f).contains(&u)
        || (0xfe00..=0xfe0f).contains(&u)
        || (0x20d0..=0x20ff).contains(&u)
    {
        return 0;
    }
    // East Asian Wide and Fullwidth ranges.
    let wide = (0x1100..=0x115f).contains(&u)
        || (0x2e80..=0x303e).contains(&u)
        || (0x3041..=0x33ff).contains(&u)
        || (0x3400..=0x4dbf).contains(&u)
        || (0x4e00..=0x9fff).contains(&u)
        || (0xa000..=0xa4cf).contains(&u)
        || (0xac00..=0xd7a3).contains(&u)
        || (0xf900..=0xfaff).contains(&u)
        || (0xfe30..=0xfe4f).contains(&u)
        || (0xff00..=0xff60).contains(&u)
        || (0xffe0..=0xffe6).contains(&u)
        || (0x1f300..=0x1f64f).contains(&u)
        || (0x1f900..=0x1f9ff).contains(&u)
        || (0x20000..=0x3fffd).contains(&u);
    if wide { 2 } else { 1 }
}

/// `formatChartName`: `NAME-VERSION`, or `MISSING` without a chart.
pub(crate) fn format_chart_name(r: &Release) -> String {
    match r.chart.as_ref().and_then(|c| c.metadata.as_ref()) {
        Some(m) => format!("{}-{}", m.name, m.version),
        None => "MISSING".to_owned(),
    }
}

/// `formatAppVersion`.
pub(crate) fn format_app_version(r: &Release) -> String {
    match r.chart.as_ref().and_then(|c| c.metadata.as_ref()) {
        Some(m) => m.app_version.clone(),
        None => "MISSING".to_owned(),
    }
}

/// `output.EncodeYAML(out, rel.Config)`: `null` for a nil map.
pub(crate) fn values_yaml(values: Option<&rudder_release::Values>) -> Result<String, ActionError> {
    let mut json = String::new();
    match values {
        Some(v) => v
            .write_json(&mut json)
            .map_err(|e| ActionError::msg(e.to_string()))?,
        None => json.push_str("null"),
    }
    let mut out = String::new();
    encode_yaml(&json, &mut out)?;
    Ok(out)
}

/// `util.CoalesceValues(rel.Chart, rel.Config)` as Go's JSON (the chart's own values only:
/// a stored chart has no subcharts).
pub(crate) fn coalesce_release_values_json(rel: &Release) -> Result<String, ActionError> {
    let mut chart = rudder_chart::chart::Chart::new(rudder_chart::chart::Metadata::default());
    if let Some(c) = &rel.chart {
        chart.values = c
            .values
            .to_map()
            .map_err(|e| ActionError::msg(e.to_string()))?;
    }
    let config = match &rel.config {
        Some(c) => c.to_map().map_err(|e| ActionError::msg(e.to_string()))?,
        None => rudder_value::Map::new(),
    };
    let mut warnings = Vec::new();
    let merged = rudder_chart::values::coalesce_values(&chart, &config, &mut warnings)
        .map_err(|e| ActionError::msg(e.to_string()))?;
    rudder_yaml::json::marshal(&rudder_value::Value::Map(merged))
        .map_err(|e| ActionError::msg(e.to_string()))
}

/// The computed values as YAML.
pub(crate) fn coalesce_release_values(rel: &Release) -> Result<String, ActionError> {
    let json = coalesce_release_values_json(rel)?;
    let mut out = String::new();
    encode_yaml(&json, &mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_pad_like_uitable() {
        let mut t = Table::new();
        t.add_row(["NAME", "REVISION"]);
        t.add_row(["a-long-name", "1"]);
        let mut out = String::new();
        t.encode(&mut out);
        assert_eq!(out, "NAME       \tREVISION\na-long-name\t1       \n");
        assert_eq!(string_width("\x1b[1mNAME\x1b[0m"), 4);
        assert_eq!(string_width("日本"), 4);
    }
}
