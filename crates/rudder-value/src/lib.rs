//! The Go value model (nil, bool, integer kinds, float64, string, maps, slices, typed values) and Go's fmt printing.
//!
//! Owns: Go's dynamic typing as Helm's templates observe it, and `fmt`'s printing of it (`%v`, `%T`, every printf verb, float formatting).
//!
//! Does not own: Parsing of any text format (that is `rudder-yaml`) and template execution (`rudder-template`): values are shared by both, so they live below both.
