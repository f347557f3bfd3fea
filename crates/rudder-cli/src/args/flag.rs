//! Flags as pflag v1.0.10 defines, parses and prints them.
//!
//! A [`Flag`] is a definition (name, shorthand, usage, kind, default) plus its current value; a
//! [`FlagSet`] is an ordered collection with pflag's parser (`--name=v`, `--name v`, `-n v`,
//! `-nv`, `-n=v`, combined boolean shorthands, `--` terminator, interspersed arguments) and its
//! `FlagUsages` table.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rudder::value::strconv::{format_float, parse_float, parse_int, parse_uint, quote, quote_rune};

use super::goconv::{
    format_duration, parse_bool, parse_duration, read_csv_record, write_csv_record,
};

/// A custom value type's `Set`: updates the value from the text, possibly with a warning Helm
/// logs (`level=WARN msg=...`), or says why not (the text after
/// `invalid argument "x" for "--flag" flag: `).
pub(crate) type SetFn = fn(&mut Value, &str) -> Result<Option<String>, String>;

/// The value types Helm's flags use (pflag's names in [`Kind::type_name`]).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Kind {
    Bool,
    String,
    Int,
    Uint,
    Float32,
    Duration,
    /// Repeatable, each occurrence one element (no comma splitting).
    StringArray,
    /// Repeatable, each occurrence read as one CSV record (comma splitting, quotes).
    StringSlice,
    /// `k=v` pairs, CSV when more than one `=`.
    StringToString,
    /// A Helm value type (`WaitStrategy`, `format`, ...) holding a string or a list.
    Custom {
        type_name: &'static str,
        set: SetFn,
    },
}

impl Kind {
    /// pflag's `Value.Type()`.
    pub(crate) fn type_name(self) -> &'static str {
        match self {
            Kind::Bool => "bool",
            Kind::String => "string",
            Kind::Int => "int",
            Kind::Uint => "uint",
            Kind::Float32 => "float32",
            Kind::Duration => "duration",
            Kind::StringArray => "stringArray",
            Kind::StringSlice => "stringSlice",
            Kind::StringToString => "stringToString",
            Kind::Custom { type_name, .. } => type_name,
        }
    }
}

/// A flag's current value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Bool(bool),
    String(String),
    Int(i64),
    Uint(u64),
    Float32(f32),
    /// Nanoseconds.
    Duration(i64),
    List(Vec<String>),
    Map(BTreeMap<String, String>),
}

/// One flag: its definition and its state in this run.
#[derive(Debug, Clone)]
pub(crate) struct Flag {
    pub(crate) name: String,
    pub(crate) shorthand: Option<u8>,
    pub(crate) usage: String,
    pub(crate) kind: Kind,
    pub(crate) value: Value,
    /// The default as text (pflag's `DefValue`), for the usage table.
    pub(crate) default: String,
    /// The value used when the flag is given without one (pflag's `NoOptDefVal`).
    pub(crate) no_opt_default: Option<String>,
    pub(crate) deprecated: Option<String>,
    pub(crate) shorthand_deprecated: Option<String>,
    pub(crate) hidden: bool,
    /// Set on the command line (pflag's `Changed`).
    pub(crate) changed: bool,
    /// Slice values: the first `Set` replaces the default, later ones append.
    value_set: bool,
}

impl Flag {
    fn new(name: &str, shorthand: &str, usage: &str, kind: Kind, value: Value) -> Self {
        let shorthand = shorthand.as_bytes().first().copied();
        let mut flag = Flag {
            name: name.to_owned(),
            shorthand,
            usage: usage.to_owned(),
            kind,
            value,
            default: String::new(),
            no_opt_default: None,
            deprecated: None,
            shorthand_deprecated: None,
            hidden: false,
            changed: false,
            value_set: false,
        };
        flag.default = flag.value_string();
        if matches!(kind, Kind::Bool) {
            flag.no_opt_default = Some("true".to_owned());
        }
        flag
    }

    /// A boolean flag (`--name`, `--name=false`).
    pub(crate) fn bool(name: &str, shorthand: &str, default: bool, usage: &str) -> Self {
        Self::new(name, shorthand, usage, Kind::Bool, Value::Bool(default))
    }

    pub(crate) fn string(name: &str, shorthand: &str, default: &str, usage: &str) -> Self {
        Self::new(
            name,
            shorthand,
            usage,
            Kind::String,
            Value::String(default.to_owned()),
        )
    }

    pub(crate) fn int(name: &str, shorthand: &str, default: i64, usage: &str) -> Self {
        Self::new(name, shorthand, usage, Kind::Int, Value::Int(default))
    }

    pub(crate) fn uint(name: &str, shorthand: &str, default: u64, usage: &str) -> Self {
        Self::new(name, shorthand, usage, Kind::Uint, Value::Uint(default))
    }

    pub(crate) fn float32(name: &str, shorthand: &str, default: f32, usage: &str) -> Self {
        Self::new(
            name,
            shorthand,
            usage,
            Kind::Float32,
            Value::Float32(default),
        )
    }

    /// A duration flag; `default` in nanoseconds.
    pub(crate) fn duration(name: &str, shorthand: &str, default: i64, usage: &str) -> Self {
        Self::new(
            name,
            shorthand,
            usage,
            Kind::Duration,
            Value::Duration(default),
        )
    }

    pub(crate) fn string_array(name: &str, shorthand: &str, default: &[&str], usage: &str) -> Self {
        Self::new(
            name,
            shorthand,
            usage,
            Kind::StringArray,
            Value::List(default.iter().map(|s| (*s).to_owned()).collect()),
        )
    }

    pub(crate) fn string_slice(name: &str, shorthand: &str, default: &[&str], usage: &str) -> Self {
        Self::new(
            name,
            shorthand,
            usage,
            Kind::StringSlice,
            Value::List(default.iter().map(|s| (*s).to_owned()).collect()),
        )
    }

    pub(crate) fn string_to_string(name: &str, shorthand: &str, usage: &str) -> Self {
        Self::new(
            name,
            shorthand,
            usage,
            Kind::StringToString,
            Value::Map(BTreeMap::new()),
        )
    }

    /// A flag of a Helm value type: `value` is its default ([`Value::String`] or
    /// [`Value::List`]), `set` validates and stores what the user gives.
    pub(crate) fn custom(
        name: &str,
        shorthand: &str,
        type_name: &'static str,
        value: Value,
        set: SetFn,
        usage: &str,
    ) -> Self {
        Self::new(
            name,
            shorthand,
            usage,
            Kind::Custom { type_name, set },
            value,
        )
    }

    /// The value used when the flag is given bare (`--wait` means `--wait=watcher`).
    #[must_use]
    pub(crate) fn no_opt_default(mut self, value: &str) -> Self {
        self.no_opt_default = Some(value.to_owned());
        self
    }

    /// Hidden from help; `--name` still works and prints `Flag --name has been deprecated, <message>`.
    #[must_use]
    pub(crate) fn deprecated(mut self, message: &str) -> Self {
        self.deprecated = Some(message.to_owned());
        self.hidden = true;
        self
    }

    #[must_use]
    pub(crate) fn hidden(mut self) -> Self {
        self.hidden = true;
        self
    }

    /// pflag's `Value.String()`.
    pub(crate) fn value_string(&self) -> String {
        match &self.value {
            Value::Bool(b) => b.to_string(),
            Value::String(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Uint(u) => u.to_string(),
            Value::Float32(f) => format_float(f64::from(*f), b'g', -1, 32),
            Value::Duration(d) => format_duration(*d),
            Value::List(items) => match self.kind {
                Kind::Custom { .. } => format!("[{}]", items.join(",")),
                _ => format!("[{}]", write_csv_record(items)),
            },
            Value::Map(map) => {
                let records: Vec<String> = map.iter().map(|(k, v)| format!("{k}={v}")).collect();
                format!("[{}]", write_csv_record(&records).trim())
            }
        }
    }

    /// pflag's `Value.Set`: parses `text` into the value (and a warning to log, if any).
    fn set_value(&mut self, text: &str) -> Result<Option<String>, String> {
        match self.kind {
            Kind::Bool => self.value = Value::Bool(parse_bool(text)?),
            Kind::String => self.value = Value::String(text.to_owned()),
            Kind::Int => {
                self.value = Value::Int(parse_int(text, 0, 64).map_err(|e| e.to_string())?);
            }
            Kind::Uint => {
                self.value = Value::Uint(parse_uint(text, 0, 64).map_err(|e| e.to_string())?);
            }
            Kind::Float32 => {
                self.value =
                    Value::Float32(parse_float(text, 32).map_err(|e| e.to_string())? as f32);
            }
            Kind::Duration => self.value = Value::Duration(parse_duration(text)?),
            Kind::StringArray => {
                let Value::List(items) = &mut self.value else {
                    unreachable!("a stringArray holds a list")
                };
                if !self.value_set {
                    items.clear();
                }
                items.push(text.to_owned());
                self.value_set = true;
            }
            Kind::StringSlice => {
                let parsed = read_csv_record(text)?;
                let Value::List(items) = &mut self.value else {
                    unreachable!("a stringSlice holds a list")
                };
                if !self.value_set {
                    items.clear();
                }
                items.extend(parsed);
                self.value_set = true;
            }
            Kind::StringToString => {
                let pairs = match text.matches('=').count() {
                    0 => return Err(format!("{text} must be formatted as key=value")),
                    1 => vec![text.trim_matches('"').to_owned()],
                    _ => read_csv_record(text)?,
                };
                let mut parsed = BTreeMap::new();
                for pair in pairs {
                    let Some((k, v)) = pair.split_once('=') else {
                        return Err(format!("{pair} must be formatted as key=value"));
                    };
                    parsed.insert(k.to_owned(), v.to_owned());
                }
                let Value::Map(map) = &mut self.value else {
                    unreachable!("a stringToString holds a map")
                };
                if !self.value_set {
                    map.clear();
                }
                map.extend(parsed);
                self.value_set = true;
            }
            Kind::Custom { set, .. } => return set(&mut self.value, text),
        }
        Ok(None)
    }

    /// pflag's `defaultIsZeroValue`: whether the usage line omits `(default ...)`.
    fn default_is_zero(&self) -> bool {
        let d = self.default.as_str();
        match self.kind {
            Kind::Bool => d == "false" || d.is_empty(),
            Kind::Duration => d == "0" || d == "0s",
            Kind::Int | Kind::Uint | Kind::Float32 => d == "0",
            Kind::String => d.is_empty(),
            Kind::StringArray | Kind::StringSlice => d == "[]",
            Kind::StringToString | Kind::Custom { .. } => {
                matches!(d, "false" | "<nil>" | "" | "0")
            }
        }
    }

    /// pflag's `UnquoteUsage`: the value placeholder and the usage text.
    fn unquote_usage(&self) -> (String, String) {
        let usage = &self.usage;
        if let Some(start) = usage.find('`')
            && let Some(len) = usage[start + 1..].find('`')
        {
            let name = &usage[start + 1..start + 1 + len];
            let text = format!("{}{}{}", &usage[..start], name, &usage[start + 2 + len..]);
            return (name.to_owned(), text);
        }
        let name = match self.kind.type_name() {
            "bool" | "boolfunc" => "",
            "func" => "value",
            "float64" => "float",
            "int64" => "int",
            "uint64" => "uint",
            "stringSlice" => "strings",
            "intSlice" => "ints",
            "uintSlice" => "uints",
            "boolSlice" => "bools",
            other => other,
        };
        (name.to_owned(), usage.clone())
    }
}

/// Why parsing failed: pflag's error texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ParseError {
    /// `-h`/`--help` without a help flag defined (cobra always defines one).
    Help,
    Message(String),
}

/// An ordered set of flags, as pflag's `FlagSet` (sorted by name for printing).
#[derive(Debug, Clone, Default)]
pub(crate) struct FlagSet {
    flags: Vec<Flag>,
    /// Positional arguments left after parsing.
    pub(crate) args: Vec<String>,
    /// `len(args)` when `--` was seen.
    pub(crate) args_len_at_dash: Option<usize>,
    /// Unknown flags are skipped instead of failing (Helm's pre-parse of the global flags).
    pub(crate) allow_unknown: bool,
    /// Deprecation notices printed while parsing (cobra prints them to stderr).
    pub(crate) notices: String,
    /// Warnings Helm's value types log while parsing (`level=WARN` lines, before notices).
    pub(crate) warnings: Vec<String>,
}

impl FlagSet {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Adds a flag unless one of that name exists (pflag's `AddFlagSet` rule).
    pub(crate) fn add(&mut self, flag: Flag) {
        if self.lookup(&flag.name).is_none() {
            debug_assert!(
                flag.shorthand.is_none() || self.shorthand(flag.shorthand).is_none(),
                "shorthand of --{} defined twice",
                flag.name
            );
            self.flags.push(flag);
        }
    }

    pub(crate) fn lookup(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|f| f.name == name)
    }

    pub(crate) fn lookup_mut(&mut self, name: &str) -> Option<&mut Flag> {
        self.flags.iter_mut().find(|f| f.name == name)
    }

    fn shorthand(&self, c: Option<u8>) -> Option<&Flag> {
        c.and_then(|c| self.flags.iter().find(|f| f.shorthand == Some(c)))
    }

    fn index(&self, name: &str) -> Option<usize> {
        self.flags.iter().position(|f| f.name == name)
    }

    fn short_index(&self, c: u8) -> Option<usize> {
        self.flags.iter().position(|f| f.shorthand == Some(c))
    }

    /// Every flag, in definition order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Flag> {
        self.flags.iter()
    }

    /// Every flag, sorted by name (pflag's `VisitAll` with `SortFlags`).
    pub(crate) fn sorted(&self) -> Vec<&Flag> {
        let mut flags: Vec<&Flag> = self.flags.iter().collect();
        flags.sort_by(|a, b| a.name.cmp(&b.name));
        flags
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.flags.is_empty()
    }

    pub(crate) fn has_available(&self) -> bool {
        self.flags.iter().any(|f| !f.hidden)
    }

    /// pflag's `Set`: parses `value` into the named flag, marks it changed and notes a
    /// deprecation.
    pub(crate) fn set(&mut self, index: usize, value: &str) -> Result<(), String> {
        let flag = &mut self.flags[index];
        let outcome = flag.set_value(value);
        if let Ok(Some(warning)) = &outcome {
            self.warnings.push(warning.clone());
        }
        if let Err(cause) = outcome {
            let name = match (flag.shorthand, &flag.shorthand_deprecated) {
                (Some(c), None) => format!("-{}, --{}", c as char, flag.name),
                _ => format!("--{}", flag.name),
            };
            return Err(format!(
                "invalid argument {} for {} flag: {cause}",
                quote(value),
                quote(&name)
            ));
        }
        flag.changed = true;
        if let Some(message) = &flag.deprecated {
            let _ = writeln!(
                self.notices,
                "Flag --{} has been deprecated, {message}",
                flag.name
            );
        }
        Ok(())
    }

    /// pflag's `Parse`: flags anywhere before `--`, the rest in [`FlagSet::args`].
    pub(crate) fn parse(&mut self, arguments: &[String]) -> Result<(), ParseError> {
        self.args.clear();
        let mut args: &[String] = arguments;
        while let Some((s, rest)) = args.split_first() {
            args = rest;
            if s.len() < 2 || !s.starts_with('-') {
                self.args.push(s.clone());
                continue;
            }
            if s.as_bytes()[1] == b'-' {
                if s.len() == 2 {
                    self.args_len_at_dash = Some(self.args.len());
                    self.args.extend(args.iter().cloned());
                    break;
                }
                args = self.parse_long(s, args)?;
            } else {
                args = self.parse_short(s, args)?;
            }
        }
        Ok(())
    }

    fn parse_long<'a>(&mut self, s: &str, args: &'a [String]) -> Result<&'a [String], ParseError> {
        let name = &s[2..];
        if name.is_empty() || name.starts_with('-') || name.starts_with('=') {
            return Err(ParseError::Message(format!("bad flag syntax: {s}")));
        }
        let (name, inline) = match name.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (name, None),
        };
        let Some(index) = self.index(name) else {
            if name == "help" {
                return Err(ParseError::Help);
            }
            if self.allow_unknown {
                if inline.is_some() {
                    return Ok(args);
                }
                return Ok(strip_unknown_flag_value(args));
            }
            return Err(ParseError::Message(format!("unknown flag: --{name}")));
        };
        let mut rest = args;
        let value = if let Some(v) = inline {
            v.to_owned()
        } else if let Some(v) = &self.flags[index].no_opt_default {
            v.clone()
        } else if let Some((first, tail)) = args.split_first() {
            rest = tail;
            first.clone()
        } else {
            return Err(ParseError::Message(format!(
                "flag needs an argument: --{name}"
            )));
        };
        self.set(index, &value).map_err(ParseError::Message)?;
        Ok(rest)
    }

    fn parse_short<'a>(&mut self, s: &str, args: &'a [String]) -> Result<&'a [String], ParseError> {
        let mut shorthands = &s[1..];
        let mut out = args;
        // pflag hands the same remaining arguments to every letter of the group.
        while !shorthands.is_empty() {
            let (next, rest) = self.parse_single_short(shorthands, args)?;
            shorthands = next;
            out = rest;
        }
        Ok(out)
    }

    fn parse_single_short<'s, 'a>(
        &mut self,
        shorthands: &'s str,
        args: &'a [String],
    ) -> Result<(&'s str, &'a [String]), ParseError> {
        // go test's own -test.* flags are left alone by pflag.
        if shorthands.starts_with("test.") {
            return Ok(("", args));
        }
        let c = shorthands.as_bytes()[0];
        let mut out_shorts = &shorthands[shorthands.chars().next().map_or(1, char::len_utf8)..];
        let Some(index) = self.short_index(c) else {
            if c == b'h' {
                return Err(ParseError::Help);
            }
            if self.allow_unknown {
                if shorthands.len() > 2 && shorthands.as_bytes()[1] == b'=' {
                    return Ok(("", args));
                }
                return Ok((out_shorts, strip_unknown_flag_value(args)));
            }
            return Err(ParseError::Message(format!(
                "unknown shorthand flag: {} in -{shorthands}",
                quote_rune(i64::from(c))
            )));
        };
        let mut out_args = args;
        let value = if shorthands.len() > 2 && shorthands.as_bytes()[1] == b'=' {
            let v = shorthands[2..].to_owned();
            out_shorts = "";
            v
        } else if let Some(v) = &self.flags[index].no_opt_default {
            v.clone()
        } else if shorthands.len() > 1 {
            let v = shorthands[1..].to_owned();
            out_shorts = "";
            v
        } else if let Some((first, tail)) = args.split_first() {
            out_args = tail;
            first.clone()
        } else {
            return Err(ParseError::Message(format!(
                "flag needs an argument: {} in -{shorthands}",
                quote_rune(i64::from(c))
            )));
        };
        if let Some(message) = &self.flags[index].shorthand_deprecated {
            let _ = writeln!(
                self.notices,
                "Flag shorthand -{} has been deprecated, {message}",
                c as char
            );
        }
        self.set(index, &value).map_err(ParseError::Message)?;
        Ok((out_shorts, out_args))
    }

    /// pflag's `FlagUsages`: one line per visible flag, sorted, the usage column aligned.
    pub(crate) fn usages(&self) -> String {
        let mut lines = Vec::new();
        let mut max_len = 0;
        for flag in self.sorted() {
            if flag.hidden {
                continue;
            }
            let mut line = match (flag.shorthand, &flag.shorthand_deprecated) {
                (Some(c), None) => format!("  -{}, --{}", c as char, flag.name),
                _ => format!("      --{}", flag.name),
            };
            let (varname, usage) = flag.unquote_usage();
            if !varname.is_empty() {
                line.push(' ');
                line.push_str(&varname);
            }
            if let Some(no_opt) = &flag.no_opt_default {
                match flag.kind.type_name() {
                    "string" => {
                        let _ = write!(line, "[=\"{no_opt}\"]");
                    }
                    "bool" | "boolfunc" => {
                        if no_opt != "true" {
                            let _ = write!(line, "[={no_opt}]");
                        }
                    }
                    "count" => {
                        if no_opt != "+1" {
                            let _ = write!(line, "[={no_opt}]");
                        }
                    }
                    _ => {
                        let _ = write!(line, "[={no_opt}]");
                    }
                }
            }
            let split = line.len();
            max_len = max_len.max(split + 1);
            let mut text = usage;
            if !flag.default_is_zero() {
                if matches!(flag.kind, Kind::String) {
                    let _ = write!(text, " (default {})", quote(&flag.default));
                } else {
                    let _ = write!(text, " (default {})", flag.default);
                }
            }
            if let Some(message) = &flag.deprecated {
                let _ = write!(text, " (DEPRECATED: {message})");
            }
            lines.push((line, text));
        }
        let mut out = String::new();
        for (head, text) in lines {
            // Go: Fprintln(buf, line[:sidx], spacing, wrap(...)) with sidx = len(head) and
            // maxlen counting the "\x00" separator.
            let spacing = " ".repeat(max_len - head.len());
            let wrapped = text.replace('\n', &format!("\n{}", " ".repeat(max_len + 2)));
            let _ = writeln!(out, "{head} {spacing} {wrapped}");
        }
        out
    }

    /// The value of a boolean flag.
    ///
    /// # Panics
    ///
    /// If no boolean flag has that name (a bug in the command's definition, caught by tests).
    pub(crate) fn get_bool(&self, name: &str) -> bool {
        match self.value(name) {
            Value::Bool(b) => *b,
            other => panic!("flag --{name} is not a bool: {other:?}"),
        }
    }

    /// The value of a string flag (or a custom flag holding a string).
    ///
    /// # Panics
    ///
    /// If no string flag has that name.
    pub(crate) fn get_string(&self, name: &str) -> &str {
        match self.value(name) {
            Value::String(s) => s,
            other => panic!("flag --{name} is not a string: {other:?}"),
        }
    }

    /// The value of a list flag (`stringArray`, `stringSlice`, or a custom list).
    ///
    /// # Panics
    ///
    /// If no list flag has that name.
    pub(crate) fn get_list(&self, name: &str) -> &[String] {
        match self.value(name) {
            Value::List(items) => items,
            other => panic!("flag --{name} is not a list: {other:?}"),
        }
    }

    /// # Panics
    ///
    /// If no int flag has that name.
    pub(crate) fn get_int(&self, name: &str) -> i64 {
        match self.value(name) {
            Value::Int(i) => *i,
            other => panic!("flag --{name} is not an int: {other:?}"),
        }
    }

    /// # Panics
    ///
    /// If no uint flag has that name.
    pub(crate) fn get_uint(&self, name: &str) -> u64 {
        match self.value(name) {
            Value::Uint(u) => *u,
            other => panic!("flag --{name} is not a uint: {other:?}"),
        }
    }

    /// # Panics
    ///
    /// If no float32 flag has that name.
    pub(crate) fn get_float32(&self, name: &str) -> f32 {
        match self.value(name) {
            Value::Float32(f) => *f,
            other => panic!("flag --{name} is not a float32: {other:?}"),
        }
    }

    /// Nanoseconds.
    ///
    /// # Panics
    ///
    /// If no duration flag has that name.
    pub(crate) fn get_duration(&self, name: &str) -> i64 {
        match self.value(name) {
            Value::Duration(d) => *d,
            other => panic!("flag --{name} is not a duration: {other:?}"),
        }
    }

    /// # Panics
    ///
    /// If no stringToString flag has that name.
    pub(crate) fn get_map(&self, name: &str) -> &BTreeMap<String, String> {
        match self.value(name) {
            Value::Map(map) => map,
            other => panic!("flag --{name} is not a map: {other:?}"),
        }
    }

    /// Whether the flag was given on the command line.
    pub(crate) fn changed(&self, name: &str) -> bool {
        self.lookup(name).is_some_and(|f| f.changed)
    }

    fn value(&self, name: &str) -> &Value {
        &self
            .lookup(name)
            .unwrap_or_else(|| panic!("flag accessed but not defined: {name}"))
            .value
    }
}

/// pflag's `stripUnknownFlagValue`: an unknown `--flag` takes the next argument as its value
/// unless that looks like a flag.
fn strip_unknown_flag_value(args: &[String]) -> &[String] {
    match args.first() {
        None => args,
        Some(first) if first.starts_with('-') => args,
        Some(_) => &args[1..],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set() -> FlagSet {
        let mut fs = FlagSet::new();
        fs.add(Flag::bool("debug", "", false, "enable verbose output"));
        fs.add(Flag::string("namespace", "n", "", "namespace scope"));
        fs.add(Flag::string_array("set", "", &[], "set values"));
        fs.add(Flag::string_slice("values", "f", &[], "values files"));
        fs.add(Flag::bool("generate-name", "g", false, "generate"));
        fs.add(Flag::duration(
            "timeout",
            "",
            300_000_000_000,
            "time to wait",
        ));
        fs.add(Flag::int("burst-limit", "", 100, "burst"));
        fs
    }

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn long_short_inline_and_interspersed() {
        let mut fs = set();
        fs.parse(&args(&[
            "a",
            "--debug",
            "-n",
            "ns",
            "b",
            "--set=x=1,y=2",
            "--set",
            "z=3",
            "-fa.yaml,b.yaml",
            "--values=c.yaml",
            "-gn=other",
            "--",
            "--debug",
        ]))
        .unwrap();
        assert!(fs.get_bool("debug"));
        assert!(fs.get_bool("generate-name"));
        assert_eq!(fs.get_string("namespace"), "other");
        assert_eq!(fs.get_list("set"), ["x=1,y=2", "z=3"]);
        assert_eq!(fs.get_list("values"), ["a.yaml", "b.yaml", "c.yaml"]);
        assert_eq!(fs.args, ["a", "b", "--debug"]);
        assert_eq!(fs.args_len_at_dash, Some(2));
    }

    #[test]
    fn bool_values_and_errors() {
        let mut fs = set();
        fs.parse(&args(&["--debug=false"])).unwrap();
        assert!(!fs.get_bool("debug"));
        assert!(fs.changed("debug"));
        let mut fs = set();
        assert_eq!(
            fs.parse(&args(&["--debug=maybe"])),
            Err(ParseError::Message(
                "invalid argument \"maybe\" for \"--debug\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax".to_owned()
            ))
        );
        let mut fs = set();
        assert_eq!(
            fs.parse(&args(&["--x"])),
            Err(ParseError::Message("unknown flag: --x".to_owned()))
        );
        let mut fs = set();
        assert_eq!(
            fs.parse(&args(&["-x"])),
            Err(ParseError::Message(
                "unknown shorthand flag: 'x' in -x".to_owned()
            ))
        );
        let mut fs = set();
        assert_eq!(
            fs.parse(&args(&["--timeout"])),
            Err(ParseError::Message(
                "flag needs an argument: --timeout".to_owned()
            ))
        );
        let mut fs = set();
        assert_eq!(
            fs.parse(&args(&["-n"])),
            Err(ParseError::Message(
                "flag needs an argument: 'n' in -n".to_owned()
            ))
        );
        let mut fs = set();
        assert_eq!(
            fs.parse(&args(&["-f", "a\"b"])),
            Err(ParseError::Message(
                "invalid argument \"a\\\"b\" for \"-f, --values\" flag: parse error on line 1, column 2: bare \" in non-quoted-field".to_owned()
            ))
        );
        let mut fs = set();
        assert_eq!(
            fs.parse(&args(&["---x"])),
            Err(ParseError::Message("bad flag syntax: ---x".to_owned()))
        );
    }

    #[test]
    fn unknown_flags_skipped_when_allowed() {
        let mut fs = set();
        fs.allow_unknown = true;
        fs.parse(&args(&[
            "--bogus",
            "value",
            "-n",
            "x",
            "--other=1",
            "-z",
            "pos",
        ]))
        .unwrap();
        assert_eq!(fs.get_string("namespace"), "x");
        // `-z` takes `pos` as its value: nothing is left.
        assert!(fs.args.is_empty());
    }

    #[test]
    fn usage_table_aligns_and_shows_defaults() {
        let fs = set();
        assert_eq!(
            fs.usages(),
            "      --burst-limit int    burst (default 100)\n      --debug              enable verbose output\n  -g, --generate-name      generate\n  -n, --namespace string   namespace scope\n      --set stringArray    set values\n      --timeout duration   time to wait (default 5m0s)\n  -f, --values strings     values files\n"
        );
    }
}
