//! Errors, with Go's texts as their `Display`.

use std::fmt;
use std::sync::Arc;

/// An error returned by a template function. Any error type works; its `Display` text is what
/// Go's `error calling NAME: …` shows. Strings convert with `.into()`.
pub type FuncError = Box<dyn std::error::Error + Send + Sync>;

/// Everything that can go wrong parsing or executing templates.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    /// A parse error: `template: NAME:LINE: msg`.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// An execution error: `template: NAME:LINE:COL: executing "NAME" at <NODE>: msg`.
    #[error(transparent)]
    Exec(#[from] ExecError),
    /// `ExecuteTemplate` of a name the set does not have.
    #[error("template: no template {} associated with template {}", quote(.name), quote(.set))]
    NoTemplate {
        /// The requested name.
        name: String,
        /// The name of the set (its root template).
        set: String,
    },
    /// An option string Go does not know (Go panics with this text).
    #[error("unrecognized option: {0}")]
    Option(String),
    /// A limit set through [`crate::Limits`] was exceeded (rudder only; Go has no such limit).
    #[error("template: {0}")]
    Limit(String),
}

fn quote(s: &str) -> String {
    rudder_value::strconv::quote(s)
}

/// A parse error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The name of the template being parsed (Go's `ParseName`).
    pub name: String,
    /// The line Go reports: the line of the last token read.
    pub line: u32,
    /// The message after the location.
    pub message: String,
}

impl ParseError {
    pub(crate) fn new(name: &str, line: u32, message: String) -> Self {
        Self {
            name: name.to_owned(),
            line,
            message,
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "template: {}:{}: {}", self.name, self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

/// An execution error (Go's `ExecError`). Boxed: errors are rare and results stay small.
#[derive(Debug, Clone)]
pub struct ExecError(pub(crate) Box<ExecErrorInner>);

#[derive(Debug, Clone)]
pub(crate) struct ExecErrorInner {
    pub(crate) template: String,
    pub(crate) location: Option<String>,
    pub(crate) context: Option<String>,
    pub(crate) message: String,
    /// Go's text when it differs from the composed one (a `%` in the location).
    pub(crate) go_text: Option<String>,
    pub(crate) cause: Option<Arc<dyn std::error::Error + Send + Sync>>,
    pub(crate) excerpt: Option<Excerpt>,
}

impl ExecError {
    /// The executing template's name (`executing "NAME"`).
    pub fn template(&self) -> &str {
        &self.0.template
    }

    /// `NAME:LINE:COL` of the node being executed (1-based line, 0-based byte column), when
    /// the error has a node.
    pub fn location(&self) -> Option<&str> {
        self.0.location.as_deref()
    }

    /// The node, re-serialised as Go's `String()` does (`.Values.foo`, `include "x" .`).
    pub fn context(&self) -> Option<&str> {
        self.0.context.as_deref()
    }

    /// The message after `at <…>: `.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The error a function returned, which `error calling NAME: …` wraps (Go's `%w`).
    pub fn cause(&self) -> Option<&(dyn std::error::Error + Send + Sync + 'static)> {
        self.0.cause.as_deref()
    }
}

/// A source line and the caret column.
#[derive(Debug, Clone)]
pub(crate) struct Excerpt {
    pub(crate) line: String,
    pub(crate) col: usize,
}

impl fmt::Display for ExecError {
    /// Go's text; the alternate form `{:#}` adds the template line with a caret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = &self.0;
        match (&e.location, &e.context) {
            _ if e.go_text.is_some() => f.write_str(e.go_text.as_deref().unwrap_or_default())?,
            (Some(location), Some(context)) => write!(
                f,
                "template: {location}: executing {} at <{context}>: {}",
                quote(&e.template),
                e.message
            )?,
            _ => write!(f, "template: {}: {}", e.template, e.message)?,
        }
        if f.alternate()
            && let Some(ex) = &e.excerpt
        {
            write!(f, "\n  | {}\n  | {}^", ex.line, " ".repeat(ex.col))?;
        }
        Ok(())
    }
}

impl std::error::Error for ExecError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0
            .cause
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}
