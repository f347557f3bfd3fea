//! Go's `time.Duration`, from `rudder-value` (shared with pflag's duration flags).

pub(crate) use rudder_value::duration::{SECOND, format, parse, quote, round};
