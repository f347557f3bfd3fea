//! `literal_parser.go`: `--set-literal`, where the value is everything after the first `=`
//! (commas included) and `\` is an ordinary character.

use rudder_value::strconv::quote;
use rudder_value::{Map, MapType, Value};

use super::parser::{
    Fail, GoList, assert_list, assert_map, atoi, quote_runes, recover, set, set_index,
};
use super::scanner::{Scanner, Stop};
use super::{Error, MAX_NESTED_NAME_LEVEL};

pub(super) fn run(line: &str, data: &Map) -> Result<(), Error> {
    let mut p = Literal {
        sc: Scanner::new(line),
    };
    loop {
        match p.key(data, 0) {
            Ok(()) => {}
            Err(Fail::Eof) => return Ok(()),
            Err(Fail::Error(e)) => return Err(e),
            Err(Fail::Panic(p)) => return Err(Error::new(format!("unable to parse key: {p}"))),
        }
    }
}

struct Literal<'a> {
    sc: Scanner<'a>,
}

impl Literal<'_> {
    /// The rest of the line: the value.
    fn value(&mut self) -> String {
        self.sc.until(&[], false).0
    }

    fn key(&mut self, data: &Map, level: usize) -> Result<(), Fail> {
        let r = crate::deep(|| self.key_inner(data, level));
        recover(r)
    }

    fn key_inner(&mut self, data: &Map, mut level: usize) -> Result<(), Fail> {
        let (k, stop) = self.sc.until(&['=', '[', '.'], false);
        match stop {
            Stop::Eof if k.is_empty() => Err(Fail::Eof),
            Stop::Eof => Err(Fail::msg(format!("key {} has no value", quote(&k)))),
            Stop::Rune('=') => {
                let v = self.value();
                set(data, &k, Value::string(v))
            }
            Stop::Rune('.') => {
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
            Stop::Rune(_) => {
                // '['
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
        }
    }

    fn key_index(&mut self) -> Result<i64, Fail> {
        let (v, stop) = self.sc.until(&[']'], false);
        if stop == Stop::Eof {
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
        let (k, stop) = self.sc.until(&['[', '.', '='], false);
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
                let v = self.value();
                set_index(list, i, Value::string(v))
            }
            Stop::Rune('.') => {
                let inner = match list.items.get(i as usize) {
                    Some(Value::Map(m)) if *m.map_type() == MapType::interface() => m.clone(),
                    Some(_) => {
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
            Stop::Rune(_) => {
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
                        if shared {
                            list.items[i as usize] = inner.into_value();
                        }
                        (list, Err(f))
                    }
                }
            }
        }
    }
}
