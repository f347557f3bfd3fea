//! Render errors with Helm's texts (`cleanupParseError`, `reformatExecErrorMsg`).

use std::fmt;

use crate::engine::warn_message;

/// Why a render failed. `Display` is Helm's text, byte for byte; `{:#}` adds the template
/// line with a caret where the template engine knows it.
#[derive(Debug, Clone)]
pub struct RenderError {
    kind: RenderErrorKind,
    message: String,
    template: String,
    source: Option<rudder_template::Error>,
}

/// Where a render failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RenderErrorKind {
    /// A template did not parse.
    Parse,
    /// A template failed while executing.
    Exec,
}

impl RenderError {
    /// Parse or execution.
    pub fn kind(&self) -> RenderErrorKind {
        self.kind
    }

    /// The template file being parsed or executed (`chart/templates/x.yaml`).
    pub fn template(&self) -> &str {
        &self.template
    }

    /// The template engine's own error (Go's text before Helm rewrote it).
    pub fn template_error(&self) -> Option<&rudder_template::Error> {
        self.source.as_ref()
    }

    /// `cleanupParseError`.
    pub(crate) fn parse(filename: &str, err: rudder_template::Error) -> Self {
        let text = err.to_string();
        let tokens: Vec<&str> = text.split(": ").collect();
        let message = if tokens.len() == 1 {
            format!("parse error in ({filename}): {text}")
        } else {
            format!(
                "parse error at ({}): {}",
                tokens[1],
                tokens[tokens.len() - 1]
            )
        };
        Self {
            kind: RenderErrorKind::Parse,
            message,
            template: filename.to_owned(),
            source: Some(err),
        }
    }

    /// `reformatExecErrorMsg`.
    pub(crate) fn exec(filename: &str, err: rudder_template::Error) -> Self {
        let message = reformat_exec_error(filename, &err);
        Self {
            kind: RenderErrorKind::Exec,
            message,
            template: filename.to_owned(),
            source: Some(err),
        }
    }
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if f.alternate()
            && let Some(rudder_template::Error::Exec(e)) = &self.source
        {
            let alt = format!("{e:#}");
            if let Some(excerpt) = alt.strip_prefix(&e.to_string()) {
                f.write_str(excerpt)?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for RenderError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_ref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// Helm's `TraceableError`.
#[derive(Debug, PartialEq, Eq)]
struct Traceable {
    location: String,
    message: String,
    executed_function: String,
}

impl Traceable {
    fn write(&self, out: &mut String) {
        if !self.location.is_empty() {
            out.push_str(&self.location);
            out.push_str("\n  ");
        }
        if !self.executed_function.is_empty() {
            out.push_str(&self.executed_function);
            out.push_str("\n    ");
        }
        if !self.message.is_empty() {
            out.push_str(&self.message);
            out.push('\n');
        }
    }
}

fn cut_template(msg: &str) -> &str {
    match msg.find(" template:") {
        Some(i) => &msg[..i],
        None => msg,
    }
}

/// `parseTemplateExecErrorString`.
fn parse_traceable(s: &str) -> Option<Traceable> {
    let remainder = s.strip_prefix("template: ")?;
    if remainder.starts_with("no template ") {
        return Some(Traceable {
            location: String::new(),
            message: s.to_owned(),
            executed_function: String::new(),
        });
    }
    if let Some((name, after)) = remainder.split_once(": executing ") {
        // The executing form, or nothing.
        let after = after.strip_prefix('"')?;
        let end = after.find('"')?;
        let function = &after[..end];
        let after_at = after[end + 1..].strip_prefix(" at <")?;
        let (location, msg) = after_at.split_once(">: ")?;
        return Some(Traceable {
            location: name.to_owned(),
            message: cut_template(msg).to_owned(),
            executed_function: format!("executing \"{function}\" at <{location}>:"),
        });
    }
    let sep = remainder.rfind(": ")?;
    Some(Traceable {
        location: remainder[..sep].to_owned(),
        message: cut_template(&remainder[sep + 2..]).to_owned(),
        executed_function: String::new(),
    })
}

enum Link<'a> {
    Template(&'a rudder_template::Error),
    Other(&'a (dyn std::error::Error + 'static)),
}

impl<'a> Link<'a> {
    fn text(&self) -> String {
        match self {
            Link::Template(e) => e.to_string(),
            Link::Other(e) => e.to_string(),
        }
    }

    fn next(self) -> Option<Link<'a>> {
        let cause: &'a (dyn std::error::Error + 'static) = match self {
            Link::Template(rudder_template::Error::Exec(e)) => {
                let c: &'a (dyn std::error::Error + Send + Sync + 'static) = e.cause()?;
                c
            }
            Link::Template(_) => return None,
            Link::Other(e) => e.source()?,
        };
        Some(match cause.downcast_ref::<rudder_template::Error>() {
            Some(t) => Link::Template(t),
            None => Link::Other(cause),
        })
    }
}

fn reformat_exec_error(filename: &str, err: &rudder_template::Error) -> String {
    let text = err.to_string();
    if !matches!(err, rudder_template::Error::Exec(_)) {
        return text;
    }
    let tokens: Vec<&str> = text.splitn(3, ": ").collect();
    if tokens.len() != 3 {
        return format!("execution error in ({filename}): {text}");
    }
    if let Some(msg) = warn_message(tokens[2]) {
        return format!("execution error at ({}): {msg}", tokens[1]);
    }
    let mut locations: Vec<Traceable> = Vec::new();
    let mut current = Some(Link::Template(err));
    while let Some(link) = current {
        let Some(tr) = parse_traceable(&link.text()) else {
            return text;
        };
        if locations.last() != Some(&tr) {
            locations.push(tr);
        }
        current = link.next();
    }
    let mut out = String::new();
    for l in &locations {
        l.write(&mut out);
    }
    out.trim_matches(|c: char| c.is_whitespace()).to_owned()
}
