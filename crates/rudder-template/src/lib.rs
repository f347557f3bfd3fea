//! Go 1.26 text/template: lexer, parser and executor over `rudder-value`.
//!
//! Owns: The template language, its builtins and Go's exact error texts, plus the registry through which other crates add functions.
//!
//! Does not own: Sprig and Helm's functions (`rudder-sprig`, `rudder-engine`): the engine knows only Go's builtins.
