//! Go's `encoding/json` (Go 1.26, the default v1 implementation), for [`Value`]s.
//!
//! * [`marshal`]: `json.Marshal` (`toJson`): map keys in byte order, `<`, `>`, `&`, U+2028 and
//!   U+2029 escaped, floats in Go's format (`1e+21`, `1e-7`, `0.000001`), `[]byte` as base64,
//!   nil maps and slices as `null`, NaN and infinities refused.
//! * [`marshal_indent`]: `json.MarshalIndent` (`toPrettyJson` uses `""` and two spaces).
//! * [`marshal_raw`]: an `Encoder` with `SetEscapeHTML(false)` and its trailing newline
//!   trimmed (`toRawJson`).
//! * [`unmarshal`], [`decode`]: `json.Unmarshal` into `interface{}`, a map or a slice
//!   (`fromJson`, `fromJsonArray`): every number a `float64`, Go's error texts.

mod decode;
mod encode;

pub use decode::{decode, unmarshal, unmarshal_list, unmarshal_map};
pub use encode::{marshal, marshal_indent, marshal_raw};
pub(crate) use encode::{time_text, write_float, write_string};
