//! The YAML engine: go-yaml's reader, scanner, parser, decoder and emitter.
//!
//! go-yaml (v2 and v3) is itself a Go port of libyaml; this is a Rust implementation of the
//! same algorithms, written to make the same decisions go-yaml makes, including the ones that
//! differ from libyaml and from the YAML specification (see each module's notes).

pub(crate) mod compose;
pub(crate) mod decode;
pub(crate) mod emitter;
pub(crate) mod encode;
pub(crate) mod parser;
pub(crate) mod reader;
pub(crate) mod resolve;
pub(crate) mod scanner;
pub(crate) mod sorter;
pub(crate) mod timestamp;
pub(crate) mod token;
