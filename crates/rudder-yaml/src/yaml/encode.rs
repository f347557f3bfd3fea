//! Values to events: go-yaml's `encode.go` (v2 for decoded `interface{}` trees, v3 for Go
//! values as `toYamlPretty` hands them over).

use rudder_value::strconv::format_float;
use rudder_value::{FloatKind, Str, Value};

use super::decode::GoValue;
use super::emitter::{EmitError, Emitter, EmitterFlavor};
use super::resolve::{BINARY_TAG, Flavor, is_base60_float, is_old_bool, is_plain_string};
use super::sorter::{
    KIND_BOOL, KIND_FLOAT32, KIND_FLOAT64, KIND_INT, KIND_INT64, KIND_INTERFACE, KIND_MAP,
    KIND_SLICE, KIND_STRING, KIND_UINT64, NumExact, SortKey, key_less, merge_sort_by,
    sort_string_keys, start_order,
};
use super::token::{CollectionStyle, EventKind, ScalarStyle};
use crate::base64::encode_std;

/// An error of the encoders: go-yaml's message without the `yaml: ` prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EncodeError(pub String);

impl From<EmitError> for EncodeError {
    fn from(e: EmitError) -> Self {
        Self(e.0)
    }
}

type EResult<T = ()> = Result<T, EncodeError>;

struct Encoder {
    emitter: Emitter,
    flavor: Flavor,
}

impl Encoder {
    fn new(flavor: Flavor, indent: i64) -> EResult<Self> {
        let emitter_flavor = match flavor {
            Flavor::V2 => EmitterFlavor::V2,
            Flavor::V3 => EmitterFlavor::V3,
        };
        let mut e = Self {
            emitter: Emitter::new(emitter_flavor, indent),
            flavor,
        };
        e.emit(EventKind::StreamStart)?;
        e.emit(EventKind::DocumentStart { implicit: true })?;
        Ok(e)
    }

    fn emit(&mut self, event: EventKind) -> EResult {
        Ok(self.emitter.emit(event)?)
    }

    /// Ends the document (and for v2, as `Marshal` does, the stream).
    fn finish(mut self, stream_end: bool) -> EResult<Vec<u8>> {
        self.emit(EventKind::DocumentEnd { implicit: true })?;
        if stream_end {
            self.emitter.clear_open_ended();
            self.emit(EventKind::StreamEnd)?;
        }
        Ok(self.emitter.into_output())
    }

    fn scalar(&mut self, value: Str, tag: Option<&str>, style: ScalarStyle) -> EResult {
        let implicit = tag.is_none();
        self.emit(EventKind::Scalar {
            anchor: None,
            tag: tag.map(|t| t.as_bytes().to_vec()),
            value,
            plain_implicit: implicit,
            quoted_implicit: implicit,
            style,
        })
    }

    fn plain(&mut self, value: impl Into<Str>) -> EResult {
        self.scalar(value.into(), None, ScalarStyle::Plain)
    }

    fn null(&mut self) -> EResult {
        self.plain("null")
    }

    fn float(&mut self, f: f64, bits: u32) -> EResult {
        let s = match format_float(f, b'g', -1, bits).as_str() {
            "+Inf" => ".inf".to_owned(),
            "-Inf" => "-.inf".to_owned(),
            "NaN" => ".nan".to_owned(),
            other => other.to_owned(),
        };
        self.plain(s)
    }

    /// go-yaml's `stringv` for a valid UTF-8 string without a tag.
    fn string(&mut self, s: &Str) -> EResult {
        let can_use_plain = is_plain_string(self.flavor, s)
            && !is_base60_float(s)
            && !(self.flavor == Flavor::V3 && is_old_bool(s));
        let style = if s.contains('\n') {
            ScalarStyle::Literal
        } else if can_use_plain {
            ScalarStyle::Plain
        } else {
            ScalarStyle::DoubleQuoted
        };
        self.scalar(s.clone(), None, style)
    }

    /// A string that is not UTF-8: `!!binary` and base64, in lines of 70 characters.
    fn binary(&mut self, bytes: &[u8]) -> EResult {
        let encoded = encode_std(bytes);
        let s = if encoded.len() > 70 {
            let mut out = String::new();
            for chunk in encoded.as_bytes().chunks(70) {
                out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
                out.push('\n');
            }
            out
        } else {
            encoded
        };
        let style = if s.contains('\n') {
            ScalarStyle::Literal
        } else {
            ScalarStyle::Plain
        };
        self.scalar(Str::from(s), Some(BINARY_TAG), style)
    }

    fn start_mapping(&mut self) -> EResult {
        self.emit(EventKind::MappingStart {
            anchor: None,
            tag: None,
            implicit: true,
            style: CollectionStyle::Block,
        })
    }

    fn start_sequence(&mut self) -> EResult {
        self.emit(EventKind::SequenceStart {
            anchor: None,
            tag: None,
            implicit: true,
            style: CollectionStyle::Block,
        })
    }

    // -----------------------------------------------------------------------------------
    // Decoded `interface{}` trees (yaml.v2's Marshal of what yaml.v2 decoded)

    fn go_value(&mut self, v: &GoValue) -> EResult {
        crate::deep(|| self.go_value_inner(v))
    }

    fn go_value_inner(&mut self, v: &GoValue) -> EResult {
        match v {
            GoValue::Nil => self.null(),
            GoValue::Bool(b) => self.plain(b.to_string()),
            GoValue::Int(i) => self.plain(i.to_string()),
            GoValue::Uint(u) => self.plain(u.to_string()),
            GoValue::Float(f) => self.float(*f, 64),
            GoValue::String(s) => self.string(s),
            GoValue::Bytes(b) => self.binary(b),
            GoValue::Seq(items) => {
                self.start_sequence()?;
                for item in items {
                    self.go_value(item)?;
                }
                self.emit(EventKind::SequenceEnd)
            }
            GoValue::Map(map) => {
                self.start_mapping()?;
                let order = sort_go_keys(self.flavor, &map.entries);
                for i in order {
                    let (k, v) = &map.entries[i];
                    self.go_value(k)?;
                    self.go_value(v)?;
                }
                self.emit(EventKind::MappingEnd)
            }
        }
    }

    // -----------------------------------------------------------------------------------
    // Go values (yaml.v3's Encoder, as `toYamlPretty` uses it)

    fn value(&mut self, v: &Value) -> EResult {
        crate::deep(|| self.value_inner(v))
    }

    fn value_inner(&mut self, v: &Value) -> EResult {
        match v {
            Value::Nil => self.null(),
            Value::Bool(b) => self.plain(b.to_string()),
            Value::Int(i, _) => self.plain(i.to_string()),
            Value::Uint(u, _) => self.plain(u.to_string()),
            Value::Float(f, FloatKind::F64) => self.float(*f, 64),
            Value::Float(f, FloatKind::F32) => self.float(*f, 32),
            Value::String(s) => self.string(s),
            // A []byte is a slice of uint8 to yaml.v3.
            Value::Bytes(b) => {
                self.start_sequence()?;
                for byte in b.iter() {
                    self.plain(byte.to_string())?;
                }
                self.emit(EventKind::SequenceEnd)
            }
            Value::List(list) => {
                self.start_sequence()?;
                for item in list.items() {
                    self.value(item)?;
                }
                self.emit(EventKind::SequenceEnd)
            }
            Value::Map(map) => {
                self.start_mapping()?;
                let entries = map.entries();
                let keys: Vec<&str> = entries.iter().map(|(k, _)| &**k).collect();
                for i in sort_string_keys(self.flavor, &keys) {
                    let (k, v) = &entries[i];
                    self.string(k)?;
                    self.value(v)?;
                }
                self.emit(EventKind::MappingEnd)
            }
            Value::Complex(_) => Err(EncodeError(format!(
                "cannot marshal type: {}",
                v.type_name()
            ))),
            Value::Object(o) => {
                if let Some(text) = crate::json::time_text(o.as_ref()) {
                    // yaml.v3's `timev`: the RFC 3339 text, always plain.
                    return self.plain(text);
                }
                match o.to_go_string() {
                    // Types with a text form (time.Time, *semver.Version) are written as that
                    // text; other structs are not representable here.
                    Some(text) => self.string(&Str::from(text)),
                    None => Err(EncodeError(format!(
                        "cannot marshal type: {}",
                        o.type_name()
                    ))),
                }
            }
        }
    }
}

fn go_sort_key(v: &GoValue) -> SortKey {
    match v {
        GoValue::Bool(b) => SortKey::Number(f64::from(u8::from(*b)), KIND_BOOL, NumExact::Bool(*b)),
        GoValue::Int(i) => SortKey::Number(*i as f64, KIND_INT, NumExact::Int(*i)),
        GoValue::Uint(u) => SortKey::Number(*u as f64, KIND_UINT64, NumExact::Uint(*u)),
        GoValue::Float(f) => SortKey::Number(*f, KIND_FLOAT64, NumExact::Float(*f)),
        GoValue::String(s) => SortKey::String(s.chars().collect()),
        GoValue::Bytes(b) => SortKey::String(String::from_utf8_lossy(b).chars().collect()),
        GoValue::Nil => SortKey::Other(KIND_INTERFACE),
        GoValue::Seq(_) => SortKey::Other(KIND_SLICE),
        GoValue::Map(_) => SortKey::Other(KIND_MAP),
    }
}

fn sort_go_keys(flavor: Flavor, entries: &[(GoValue, GoValue)]) -> Vec<usize> {
    let keys: Vec<SortKey> = entries.iter().map(|(k, _)| go_sort_key(k)).collect();
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&a, &b| start_order(&keys[a], &keys[b]));
    merge_sort_by(&mut order, &|&a: &usize, &b: &usize| {
        key_less(flavor, &keys[a], &keys[b])
    });
    order
}

// Kept for callers that sort typed Go keys (int64/float32 map keys).
const _: [u8; 2] = [KIND_INT64, KIND_FLOAT32];
const _: u8 = KIND_STRING;

/// yaml.v2's `Marshal` of a decoded `interface{}` tree.
pub(crate) fn marshal_v2(v: &GoValue) -> EResult<Vec<u8>> {
    let mut e = Encoder::new(Flavor::V2, 2)?;
    e.go_value(v)?;
    e.finish(true)
}

/// yaml.v3's `Encoder.Encode` with `SetIndent(indent)` (the encoder is not closed, as in
/// `toYamlPretty`).
pub(crate) fn encode_v3(v: &Value, indent: i64) -> EResult<Vec<u8>> {
    let mut e = Encoder::new(Flavor::V3, indent)?;
    e.value(v)?;
    e.finish(false)
}
