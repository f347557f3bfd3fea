//! `time.Time` as BurntSushi/toml produces it for TOML datetimes.
//!
//! `rudder-value` has no time type; a datetime is an [`Object`] of Go type `time.Time` that
//! prints as Go prints one (`1979-05-27 07:32:00 +0000 UTC`) and encodes as JSON, YAML and
//! TOML as `time.Time` does (RFC 3339).

use std::any::Any;
use std::fmt::Write as _;

use rudder_value::{Kind, Object, Value};

/// The location of a datetime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// `time.UTC` (a `Z` offset).
    Utc,
    /// `time.Local`: Go gives a parsed offset that matches the machine's zone its `Local`
    /// location; rudder takes that zone to be UTC (offset zero, abbreviation `UTC`).
    Local,
    /// A numeric offset (`time.FixedZone("", offset)`), in seconds east of UTC.
    Fixed(i32),
    /// A local datetime (`datetime-local`): `BurntSushi` uses a fixed zone with the machine's
    /// offset; rudder uses offset 0 (the machines Helm's outputs are compared on run in UTC).
    LocalDatetime,
    /// A local date (`date-local`).
    LocalDate,
    /// A local time (`time-local`).
    LocalTime,
}

/// A TOML datetime decoded as Go's `time.Time`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Datetime {
    pub year: i64,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    pub nanosecond: u32,
    pub zone: Zone,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Datetime {
    /// The offset from UTC in seconds.
    pub fn offset(&self) -> i32 {
        match self.zone {
            Zone::Fixed(o) => o,
            _ => 0,
        }
    }

    fn zone_name(&self) -> Option<&'static str> {
        match self.zone {
            Zone::Utc | Zone::Local => Some("UTC"),
            Zone::Fixed(_) => None,
            Zone::LocalDatetime => Some("datetime-local"),
            Zone::LocalDate => Some("date-local"),
            Zone::LocalTime => Some("time-local"),
        }
    }

    fn date(&self, out: &mut String) {
        if self.year < 0 {
            let _ = write!(out, "-{:04}", -self.year);
        } else {
            let _ = write!(out, "{:04}", self.year);
        }
        let _ = write!(out, "-{:02}-{:02}", self.month, self.day);
    }

    fn clock(&self, out: &mut String) {
        let _ = write!(
            out,
            "{:02}:{:02}:{:02}",
            self.hour, self.minute, self.second
        );
        if self.nanosecond > 0 {
            let frac = format!("{:09}", self.nanosecond);
            out.push('.');
            out.push_str(frac.trim_end_matches('0'));
        }
    }

    fn numeric_offset(&self, out: &mut String, colon: bool) {
        let off = self.offset() / 60;
        let (sign, off) = if off < 0 { ('-', -off) } else { ('+', off) };
        out.push(sign);
        if colon {
            let _ = write!(out, "{:02}:{:02}", off / 60, off % 60);
        } else {
            let _ = write!(out, "{:02}{:02}", off / 60, off % 60);
        }
    }

    /// Go's `Time.String()`: `2006-01-02 15:04:05.999999999 -0700 MST`.
    pub fn go_string(&self) -> String {
        let mut out = String::new();
        self.date(&mut out);
        out.push(' ');
        self.clock(&mut out);
        out.push(' ');
        self.numeric_offset(&mut out, false);
        out.push(' ');
        match self.zone_name() {
            Some(name) => out.push_str(name),
            None => self.numeric_offset(&mut out, false),
        }
        out
    }

    /// Go's `%#v`: `time.Date(1979, time.May, 27, 7, 32, 0, 0, time.UTC)`.
    pub fn go_syntax(&self) -> String {
        let month = MONTHS[usize::from(self.month.clamp(1, 12)) - 1];
        let loc = match self.zone_name() {
            _ if self.zone == Zone::Local => "time.Local".to_owned(),
            Some("UTC") => "time.UTC".to_owned(),
            Some(name) => format!("time.Location({name:?})"),
            None => "time.Location(\"\")".to_owned(),
        };
        format!(
            "time.Date({}, time.{month}, {}, {}, {}, {}, {}, {loc})",
            self.year, self.day, self.hour, self.minute, self.second, self.nanosecond
        )
    }

    /// `time.RFC3339Nano`, as `MarshalJSON` and yaml's encoders write a `time.Time`.
    pub fn rfc3339_nano(&self) -> String {
        let mut out = String::new();
        self.date(&mut out);
        out.push('T');
        self.clock(&mut out);
        if self.offset() == 0 {
            out.push('Z');
        } else {
            self.numeric_offset(&mut out, true);
        }
        out
    }

    /// How `BurntSushi`'s encoder writes it (local kinds without an offset).
    pub fn toml_text(&self) -> String {
        let mut out = String::new();
        match self.zone {
            Zone::LocalDatetime => {
                self.date(&mut out);
                out.push('T');
                self.clock(&mut out);
            }
            Zone::LocalDate => self.date(&mut out),
            Zone::LocalTime => self.clock(&mut out),
            Zone::Utc | Zone::Local | Zone::Fixed(_) => return self.rfc3339_nano(),
        }
        out
    }

    /// The datetime as a template value.
    pub fn into_value(self) -> Value {
        Value::Object(std::sync::Arc::new(self))
    }
}

impl Object for Datetime {
    fn type_name(&self) -> &'static str {
        "time.Time"
    }

    fn kind(&self) -> Kind {
        Kind::Struct
    }

    fn field(&self, _name: &str) -> Option<Value> {
        None
    }

    fn field_names(&self) -> &[&'static str] {
        &[]
    }

    fn to_go_string(&self) -> Option<String> {
        Some(self.go_string())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_forms() {
        let t = Datetime {
            year: 1979,
            month: 5,
            day: 27,
            hour: 0,
            minute: 32,
            second: 0,
            nanosecond: 999_999_000,
            zone: Zone::Fixed(-7 * 3600),
        };
        assert_eq!(t.go_string(), "1979-05-27 00:32:00.999999 -0700 -0700");
        assert_eq!(
            t.go_syntax(),
            "time.Date(1979, time.May, 27, 0, 32, 0, 999999000, time.Location(\"\"))"
        );
        assert_eq!(t.rfc3339_nano(), "1979-05-27T00:32:00.999999-07:00");
        let d = Datetime {
            zone: Zone::LocalDate,
            hour: 0,
            minute: 0,
            nanosecond: 0,
            ..t
        };
        assert_eq!(d.go_string(), "1979-05-27 00:00:00 +0000 date-local");
        assert_eq!(d.toml_text(), "1979-05-27");
    }
}
