//! The error a Sprig function returns or the panic it raises. Go's text/template reports both
//! the same way, `error calling NAME: <text>`, so one type carries the text; its `Display` is
//! Go's text byte for byte.

use std::fmt;

/// A Sprig function's error (or Go panic), with Go's exact text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A Go runtime panic: `runtime error: integer divide by zero`,
    /// `runtime error: slice bounds out of range [:5] with length 3`, ...
    #[error("runtime error: {0}")]
    Runtime(String),
    /// An error value or `panic(...)` argument of the library code, as Go prints it.
    #[error("{0}")]
    Message(String),
}

impl Error {
    /// An error with Go's text `text`.
    pub fn msg(text: impl fmt::Display) -> Self {
        Self::Message(text.to_string())
    }

    /// A runtime panic with Go's text after `runtime error: `.
    pub fn runtime(text: impl fmt::Display) -> Self {
        Self::Runtime(text.to_string())
    }
}

/// The result of a Sprig function.
pub(crate) type Result<T, E = Error> = std::result::Result<T, E>;
