//! Go's `fmt` printing of [`Value`]s: `Sprint`, `Sprintln`, `Sprintf` with every verb, flag,
//! width, precision and argument index, and Go's in-band errors (`%!d(string=x)`,
//! `%!s(MISSING)`, `%!(EXTRA int=1)`, `%!(BADINDEX)`, ...).
//!
//! Output is Go bytes (`Vec<u8>`): a `[]byte` operand printed with `%s` may not be UTF-8. The
//! `String`-returning helpers convert lossily; the template executor writes bytes.
//!
//! ```
//! use rudder_value::{fmt, Value};
//! assert_eq!(fmt::sprintf("%5.2f|%-4d|%q", &[Value::float64(2.46913), Value::int(7), Value::string("a\n")]), " 2.47|7   |\"a\\n\"");
//! assert_eq!(fmt::sprint(&[Value::string("a"), Value::int(1), Value::int(2), Value::string("b")]), "a1 2b");
//! assert_eq!(fmt::sprintf("%d", &[Value::float64(8080.0)]), "%!d(float64=8080)");
//! ```

mod format;
mod print;

use print::Printer;

use crate::Value;

/// Go's `fmt.Fprint` into a byte buffer.
pub fn write_print(out: &mut Vec<u8>, args: &[Value]) {
    Printer::new(out).do_print(args);
}

/// Go's `fmt.Fprintln` into a byte buffer.
pub fn write_println(out: &mut Vec<u8>, args: &[Value]) {
    Printer::new(out).do_println(args);
}

/// Go's `fmt.Fprintf` into a byte buffer. The format is Go bytes.
pub fn write_printf(out: &mut Vec<u8>, format: &[u8], args: &[Value]) {
    Printer::new(out).do_printf(format, args);
}

/// Go's `fmt.Fprint(w, v)` of one operand, i.e. `{{ v }}` in a template.
pub fn write_value(out: &mut Vec<u8>, value: &Value) {
    // The common cases need no formatter state.
    match value {
        Value::String(s) => out.extend_from_slice(s.as_bytes()),
        Value::Int(i, _) => out.extend_from_slice(i.to_string().as_bytes()),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        _ => Printer::new(out).print_arg(value, 'v'),
    }
}

/// Go's `fmt.Sprint`.
pub fn sprint(args: &[Value]) -> String {
    let mut out = Vec::new();
    write_print(&mut out, args);
    crate::unicode::lossy(out)
}

/// Go's `fmt.Sprintln`.
pub fn sprintln(args: &[Value]) -> String {
    let mut out = Vec::new();
    write_println(&mut out, args);
    crate::unicode::lossy(out)
}

/// Go's `fmt.Sprintf`.
pub fn sprintf(format: &str, args: &[Value]) -> String {
    let mut out = Vec::new();
    write_printf(&mut out, format.as_bytes(), args);
    crate::unicode::lossy(out)
}

/// `fmt.Sprint(v)` of one value: what `{{ v }}`, `toString` and `%v` show.
pub fn to_string(value: &Value) -> String {
    let mut out = Vec::new();
    write_value(&mut out, value);
    crate::unicode::lossy(out)
}

#[cfg(test)]
mod tests;
