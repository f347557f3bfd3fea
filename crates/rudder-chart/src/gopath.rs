//! Go's `path` functions, from `rudder-value` (one copy for every crate).

pub(crate) use rudder_value::path::{base, clean, ext, join};
