//! `parser.go`: the `--set`, `--set-string`, `--set-file` and `--set-json` grammar.

use rudder_value::strconv::quote;
use rudder_value::{ElemType, List, Map, MapType, Value};

use super::json_scan::{ScanError, value_end};
use super::scanner::{Scanner, Stop};
use super::{Error, MAX_INDEX, MAX_NESTED_NAME_LEVEL, ReaderError, typed_value};

/// How values are read.
pub(super) enum Mode<'r> {
    /// `--set`: [`typed_value`].
    Typed,
    /// `--set-string`.
    String,
    /// `--set-file`: the reader turns the value into what is stored.
    File(&'r mut dyn FnMut(&str) -> Result<Value, ReaderError>),
    /// `--set-json`: one JSON value per key.
    Json,
}

/// Why a step stopped.
pub(super) enum Fail {
    /// Go's `io.EOF`, bare or wrapped with `%w`: the line is over, `parse` returns nil.
    Eof,
    /// A real error.
    Error(Error),
    /// A Go runtime panic (a failed type assertion, a write to a nil map); the innermost
    /// `key` recovers it as `unable to parse key: <panic>`.
    Panic(String),
}

impl Fail {
    pub(super) fn msg(message: impl Into<String>) -> Self {
        Self::Error(Error::new(message))
    }
}

/// A Go `[]interface{}` being built: its items and whether it is a nil slice.
#[derive(Debug, Clone, Default)]
pub(super) struct GoList {
    pub(super) items: Vec<Value>,
    pub(super) nil: bool,
}

impl GoList {
    pub(super) fn default_nil() -> Self {
        Self {
            items: Vec::new(),
            nil: true,
        }
    }

    pub(super) fn into_value(self) -> Value {
        if self.nil {
            Value::List(List::nil(ElemType::Interface))
        } else {
            Value::List(List::new(self.items))
        }
    }
}

/// Go's name of a dynamic type in a type-assertion panic.
fn dynamic_type(v: &Value) -> String {
    if v.is_nil() {
        "nil".to_owned()
    } else {
        v.type_name()
    }
}

/// `v.([]any)`, panicking as Go does.
pub(super) fn assert_list(v: &Value) -> Result<GoList, Fail> {
    match v {
        Value::List(l) if l.elem() == ElemType::Interface => Ok(GoList {
            items: l.items().to_vec(),
            nil: l.is_nil(),
        }),
        _ => Err(Fail::Panic(format!(
            "interface conversion: interface {{}} is {}, not []interface {{}}",
            dynamic_type(v)
        ))),
    }
}

/// `v.(map[string]any)`, panicking as Go does.
pub(super) fn assert_map(v: &Value) -> Result<Map, Fail> {
    match v {
        Value::Map(m) if *m.map_type() == MapType::interface() => Ok(m.clone()),
        _ => Err(Fail::Panic(format!(
            "interface conversion: interface {{}} is {}, not map[string]interface {{}}",
            dynamic_type(v)
        ))),
    }
}

/// `set`: stores unless the key is empty; a nil map panics.
pub(super) fn set(data: &Map, key: &str, value: Value) -> Result<(), Fail> {
    if key.is_empty() {
        return Ok(());
    }
    if data.is_nil() {
        return Err(Fail::Panic("assignment to entry in nil map".to_owned()));
    }
    data.insert(key, value);
    Ok(())
}

/// `setIndex`: grows the list with nils as needed.
pub(super) fn set_index(mut list: GoList, index: i64, value: Value) -> (GoList, Result<(), Fail>) {
    if index < 0 {
        return (
            list,
            Err(Fail::msg(format!("negative {index} index not allowed"))),
        );
    }
    if index > MAX_INDEX {
        return (
            list,
            Err(Fail::msg(format!(
                "index of {index} is greater than maximum supported index of {MAX_INDEX}"
            ))),
        );
    }
    let index = index as usize;
    if list.items.len() <= index {
        list.items.resize(index + 1, Value::Nil);
        list.nil = false;
    }
    list.items[index] = value;
    (list, Ok(()))
}

/// `keyIndex`'s number: `strconv.Atoi`.
pub(super) fn atoi(s: &str) -> Result<i64, Fail> {
    rudder_value::strconv::parse_int(s, 10, 64).map_err(|mut e| {
        e.func = "Atoi";
        Fail::msg(format!("error parsing index: {e}"))
    })
}

/// `%q` of a `[]rune`: each rune quoted, space-separated, in brackets.
pub(super) fn quote_runes(s: &str) -> String {
    let quoted: Vec<String> = s
        .chars()
        .map(|c| rudder_value::strconv::quote_rune(i64::from(u32::from(c))))
        .collect();
    format!("[{}]", quoted.join(" "))
}

/// `key`'s deferred `recover`.
pub(super) fn recover(r: Result<(), Fail>) -> Result<(), Fail> {
    match r {
        Err(Fail::Panic(p)) => Err(Fail::msg(format!("unable to parse key: {p}"))),
        other => other,
    }
}

/// Why `valList` did not return a list.
enum NotList {
    Eof,
    NotAList,
    Fail(Fail),
}

pub(super) struct Parser<'a, 'r> {
    sc: Scanner<'a>,
    mode: Mode<'r>,
}

impl<'a, 'r> Parser<'a, 'r> {
    pub(super) fn new(line: &'a str, mode: Mode<'r>) -> Self {
        Self {
            sc: Scanner::new(line),
            mode,
        }
    }

    /// `parse`: keys until the end of the line.
    pub(super) fn run(mut self, data: &Map) -> Result<(), Error> {
        loop {
            match self.key(data, 0) {
                Ok(()) => {}
                Err(Fail::Eof) => return Ok(()),
                Err(Fail::Error(e)) => return Err(e),
                Err(Fail::Panic(p)) => return Err(Error::new(format!("unable to parse key: {p}"))),
            }
        }
    }

    /// The reader: the stored value for the runes of a value.
    fn read_value(&mut self, runes: &str) -> (Value, Result<(), Fail>) {
        match &mut self.mode {
            Mode::Typed => (typed_value(runes), Ok(())),
            Mode::String => (Value::string(runes), Ok(())),
            Mode::File(reader) => match reader(runes) {
                Ok(v) => (v, Ok(())),
                Err(e) => (Value::Nil, Err(Fail::Error(Error::reader(e)))),
            },
            // The JSON parser has no reader (Go's is nil); its values never get here.
            Mode::Json => (Value::Nil, Ok(())),
        }
    }

    fn key(&mut self, data: &Map, level: usize) -> Result<(), Fail> {
        let r = crate::deep(|| self.key_inner(data, level));
        recover(r)
    }

    fn key_inner(&mut self, data: &Map, mut level: usize) -> Result<(), Fail> {
        let (k, stop) = self.sc.until(&['=', '[', ',', '.'], true);
        match stop {
            Stop::Eof if k.is_empty() => Err(Fail::Eof),
            Stop::Eof => Err(Fail::msg(format!("key {} has no value", quote(&k)))),
            Stop::Rune('[') => {
                let i = self.key_index()?;
                let list = match data.get(&k) {
                    Some(v) => assert_list(&v)?,
                    None => GoList::default(),
                };
                let (list, r) = self.list_item(list, i, level);
                if let Err(Fail::Panic(_)) = r {
                    return r;
                }
                set(data, &k, list.into_value())?;
                r
            }
            Stop::Rune('=') => {
                if matches!(self.mode, Mode::Json) {
                    if self.empty_val() {
                        return set(data, &k, Value::Nil);
                    }
                    let (v, n) = self.json_value()?;
                    set(data, &k, v)?;
                    self.sc.skip(n);
                    self.empty_val();
                    return Ok(());
                }
                match self.val_list() {
                    Ok(list) => set(data, &k, Value::list(list)),
                    Err(NotList::Eof) => {
                        set(data, &k, Value::string(""))?;
                        Err(Fail::Eof)
                    }
                    Err(NotList::NotAList) => {
                        let runes = self.val();
                        let (v, r) = self.read_value(&runes);
                        set(data, &k, v)?;
                        r
                    }
                    Err(NotList::Fail(f)) => Err(f),
                }
            }
            Stop::Rune(',') => {
                set(data, &k, Value::string(""))?;
                Err(Fail::msg(format!(
                    "key {} has no value (cannot end with ,)",
                    quote(&k)
                )))
            }
            Stop::Rune(_) => {
                // '.': a nested map.
                level += 1;
                if level > MAX_NESTED_NAME_LEVEL {
                    return Err(Fail::msg(format!(
                        "value name nested level is greater than maximum supported nested level of {MAX_NESTED_NAME_LEVEL}"
                    )));
                }
                let inner = match data.get(&k) {
                    Some(v) => assert_map(&v)?,
                    None => Map::new(),
                };
                let r = self.key(&inner, level);
                if r.is_ok() && inner.is_empty() {
                    return Err(Fail::msg(format!("key map {} has no value", quote(&k))));
                }
                if !inner.is_empty() {
                    set(data, &k, Value::Map(inner))?;
                }
                r
            }
        }
    }

    /// `keyIndex`: the number up to `]`.
    fn key_index(&mut self) -> Result<i64, Fail> {
        let (v, stop) = self.sc.until(&[']'], true);
        if stop == Stop::Eof {
            // `error parsing index: EOF`, which `parse` treats as the end of the line.
            return Err(Fail::Eof);
        }
        atoi(&v)
    }

    fn list_item(&mut self, list: GoList, i: i64, level: usize) -> (GoList, Result<(), Fail>) {
        crate::deep(|| self.list_item_inner(list, i, level))
    }

    fn list_item_inner(
        &mut self,
        mut list: GoList,
        i: i64,
        level: usize,
    ) -> (GoList, Result<(), Fail>) {
        if i < 0 {
            return (
                list,
                Err(Fail::msg(format!("negative {i} index not allowed"))),
            );
        }
        let (k, stop) = self.sc.until(&['[', '.', '='], true);
        if !k.is_empty() {
            return (
                list,
                Err(Fail::msg(format!(
                    "unexpected data at end of array index: {}",
                    quote_runes(&k)
                ))),
            );
        }
        match stop {
            Stop::Eof => (list, Err(Fail::Eof)),
            Stop::Rune('=') => {
                if matches!(self.mode, Mode::Json) {
                    if self.empty_val() {
                        return set_index(list, i, Value::Nil);
                    }
                    let (value, len) = match self.json_value() {
                        Ok(x) => x,
                        Err(f) => return (list, Err(f)),
                    };
                    let (list, r) = set_index(list, i, value);
                    if r.is_err() {
                        return (list, r);
                    }
                    self.sc.skip(len);
                    self.empty_val();
                    return (list, Ok(()));
                }
                match self.val_list() {
                    Ok(items) => set_index(list, i, Value::list(items)),
                    Err(NotList::Eof) => set_index(list, i, Value::string("")),
                    Err(NotList::NotAList) => {
                        let runes = self.val();
                        match self.read_value(&runes) {
                            (v, Ok(())) => set_index(list, i, v),
                            (_, Err(f)) => (list, Err(f)),
                        }
                    }
                    Err(NotList::Fail(f)) => (list, Err(f)),
                }
            }
            Stop::Rune('[') => {
                let next = match self.key_index() {
                    Ok(n) => n,
                    Err(f) => return (list, Err(f)),
                };
                let (current, shared) = match list.items.get(i as usize) {
                    Some(existing) if !existing.is_nil() => match assert_list(existing) {
                        Ok(l) => (l, true),
                        Err(f) => return (list, Err(f)),
                    },
                    _ => (GoList::default_nil(), false),
                };
                let (inner, r) = self.list_item(current, next, level);
                match r {
                    Ok(()) => set_index(list, i, inner.into_value()),
                    Err(Fail::Panic(p)) => (list, Err(Fail::Panic(p))),
                    Err(f) => {
                        // Go's inner slice shares its array with list[i]: what the failed
                        // call changed in place shows there.
                        if shared {
                            list.items[i as usize] = inner.into_value();
                        }
                        (list, Err(f))
                    }
                }
            }
            Stop::Rune(_) => {
                // '.': a map inside the list.
                let inner = match list.items.get(i as usize) {
                    Some(Value::Map(m)) if *m.map_type() == MapType::interface() => m.clone(),
                    Some(_) => {
                        // Indices out of order: a fresh map replaces what was there.
                        let m = Map::new();
                        list.items[i as usize] = Value::Map(m.clone());
                        m
                    }
                    None => Map::new(),
                };
                if let Err(f) = self.key(&inner, level) {
                    return (list, Err(f));
                }
                set_index(list, i, Value::Map(inner))
            }
        }
    }

    /// `emptyVal`: skips spaces; true at the end of the line or after a comma.
    fn empty_val(&mut self) -> bool {
        loop {
            match self.sc.read() {
                None | Some(',') => return true,
                Some(c) if rudder_value::unicode::is_space(c) => {}
                Some(_) => {
                    self.sc.unread();
                    return false;
                }
            }
        }
    }

    /// `val`: the runes up to the next comma.
    fn val(&mut self) -> String {
        self.sc.until(&[','], true).0
    }

    /// `valList`: a `{a,b}` list.
    fn val_list(&mut self) -> Result<Vec<Value>, NotList> {
        let Some(first) = self.sc.read() else {
            return Err(NotList::Eof);
        };
        if first != '{' {
            self.sc.unread();
            return Err(NotList::NotAList);
        }
        let mut list = Vec::new();
        loop {
            let (runes, stop) = self.sc.until(&[',', '}'], true);
            match stop {
                Stop::Eof => {
                    return Err(NotList::Fail(Fail::msg("list must terminate with '}'")));
                }
                Stop::Rune('}') => {
                    if let Some(c) = self.sc.read()
                        && c != ','
                    {
                        self.sc.unread();
                    }
                    let (v, r) = self.read_value(&runes);
                    r.map_err(NotList::Fail)?;
                    list.push(v);
                    return Ok(list);
                }
                Stop::Rune(_) => {
                    let (v, r) = self.read_value(&runes);
                    r.map_err(NotList::Fail)?;
                    list.push(v);
                }
            }
        }
    }

    /// One JSON value from the rest of the line and its length in bytes.
    fn json_value(&self) -> Result<(Value, usize), Fail> {
        let bytes = self.sc.rest().as_bytes();
        match value_end(bytes) {
            Ok(n) => rudder_yaml::json::unmarshal(&bytes[..n])
                .map(|v| (v, n))
                .map_err(|e| Fail::msg(e.to_string())),
            Err(ScanError::Syntax(at)) => {
                // The full decoder reports the same first error for the same bytes.
                let msg = match rudder_yaml::json::unmarshal(&bytes[..=at]) {
                    Err(e) => e.to_string(),
                    Ok(_) => "unexpected EOF".to_owned(),
                };
                Err(Fail::msg(msg))
            }
            Err(ScanError::UnexpectedEof) => Err(Fail::msg("unexpected EOF")),
        }
    }
}
