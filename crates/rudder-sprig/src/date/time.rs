//! Go's `time.Time` as a template value (`now`, `toDate`, `dateModify` return one): an
//! instant, a location and, for `now`, a monotonic clock reading; its `String()` and the
//! methods templates call (`.Unix`, `.Format`, `.Year`, `.UTC`, ...).

use std::fmt::Write;
use std::sync::Arc;

use rudder_template::Type;
use rudder_value::{Kind, Method, MethodError, Object, Value};

pub(crate) use rudder_value::civil::{civil_from_days, days_from_civil, is_leap};

use super::format;
use super::zone::{Location, UTC};

/// Days in `month` of `year`.
pub(crate) fn days_in(month: i64, year: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Go's `norm`: `lo` brought into `[0, base)`, the overflow carried into `hi`.
fn norm(hi: i64, lo: i64, base: i64) -> (i64, i64) {
    let (mut hi, mut lo) = (hi, lo);
    if lo < 0 {
        let n = (-lo - 1) / base + 1;
        hi -= n;
        lo += n * base;
    }
    if lo >= base {
        let n = lo / base;
        hi += n;
        lo -= n * base;
    }
    (hi, lo)
}

/// A Go `time.Time`.
#[derive(Debug, Clone)]
pub(crate) struct GoTime {
    /// Seconds since the Unix epoch.
    pub(crate) sec: i64,
    /// Nanoseconds within the second.
    pub(crate) nsec: u32,
    pub(crate) loc: Arc<Location>,
    /// The monotonic clock reading of `time.Now()` (nanoseconds since process start).
    pub(crate) mono: Option<i64>,
    /// `time.Local`, for the `Local` method.
    pub(crate) local: Arc<Location>,
}

/// The calendar fields of a time in its location.
#[derive(Debug, Clone)]
pub(crate) struct Civil {
    pub(crate) year: i64,
    pub(crate) month: i64,
    pub(crate) day: i64,
    pub(crate) yday: i64,
    /// 0 = Sunday.
    pub(crate) weekday: i64,
    pub(crate) hour: i64,
    pub(crate) min: i64,
    pub(crate) sec: i64,
    pub(crate) abbrev: String,
    pub(crate) offset: i64,
}

impl GoTime {
    /// Go's zero `time.Time` (`0001-01-01 00:00:00 +0000 UTC`).
    pub(crate) fn zero(local: &Arc<Location>) -> Self {
        Self {
            sec: days_from_civil(1, 1, 1) * 86_400,
            nsec: 0,
            loc: UTC.clone(),
            mono: None,
            local: local.clone(),
        }
    }

    /// `time.Unix(sec, 0)` (in `Local`).
    pub(crate) fn unix(sec: i64, local: &Arc<Location>) -> Self {
        Self {
            sec,
            nsec: 0,
            loc: local.clone(),
            mono: None,
            local: local.clone(),
        }
    }

    /// `time.Date(…, loc)`, normalising out-of-range fields as Go does.
    #[expect(clippy::too_many_arguments, reason = "Go's time.Date")]
    pub(crate) fn date(
        year: i64,
        month: i64,
        day: i64,
        hour: i64,
        min: i64,
        sec: i64,
        nsec: i64,
        loc: &Arc<Location>,
        local: &Arc<Location>,
    ) -> Self {
        let (year, m) = norm(year, month - 1, 12);
        let (sec, nsec) = norm(sec, nsec, 1_000_000_000);
        let (min, sec) = norm(min, sec, 60);
        let (hour, min) = norm(hour, min, 60);
        let (day, hour) = norm(day, hour, 24);
        let days = days_from_civil(year, m + 1, 1) + day - 1;
        let mut unix = days * 86_400 + hour * 3600 + min * 60 + sec;
        let z = loc.lookup(unix);
        if z.offset != 0 {
            let utc = unix - i64::from(z.offset);
            let offset = if utc < z.start || utc >= z.end {
                loc.lookup(utc).offset
            } else {
                z.offset
            };
            unix -= i64::from(offset);
        }
        Self {
            sec: unix,
            nsec: nsec as u32,
            loc: loc.clone(),
            mono: None,
            local: local.clone(),
        }
    }

    /// The calendar fields in the time's own location.
    pub(crate) fn civil(&self) -> Civil {
        let z = self.loc.lookup(self.sec);
        let local = self.sec + i64::from(z.offset);
        let days = local.div_euclid(86_400);
        let secs = local.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        let yday = days - days_from_civil(year, 1, 1) + 1;
        Civil {
            year,
            month,
            day,
            yday,
            weekday: (days + 4).rem_euclid(7),
            hour: secs / 3600,
            min: secs % 3600 / 60,
            sec: secs % 60,
            abbrev: z.abbrev,
            offset: i64::from(z.offset),
        }
    }

    /// The same instant in another location (`t.In(loc)`); the monotonic reading is kept.
    pub(crate) fn in_loc(&self, loc: &Arc<Location>) -> Self {
        Self {
            loc: loc.clone(),
            ..self.clone()
        }
    }

    /// `t.Add(d)`.
    pub(crate) fn add(&self, d: i64) -> Self {
        let total = i128::from(self.nsec) + i128::from(d % 1_000_000_000);
        let mut sec = self.sec.wrapping_add(d / 1_000_000_000);
        let mut nsec = total;
        if nsec >= 1_000_000_000 {
            sec += 1;
            nsec -= 1_000_000_000;
        } else if nsec < 0 {
            sec -= 1;
            nsec += 1_000_000_000;
        }
        Self {
            sec,
            nsec: nsec as u32,
            mono: self.mono.map(|m| m.wrapping_add(d)),
            ..self.clone()
        }
    }

    /// `t.Sub(u)`: nanoseconds, saturating at Go's duration bounds.
    pub(crate) fn sub(&self, u: &Self) -> i64 {
        if let (Some(a), Some(b)) = (self.mono, u.mono) {
            return a.saturating_sub(b);
        }
        let d = (i128::from(self.sec) - i128::from(u.sec)) * 1_000_000_000
            + (i128::from(self.nsec) - i128::from(u.nsec));
        d.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
    }

    /// `t.Format(layout)`.
    pub(crate) fn format(&self, layout: &str) -> String {
        format::format(self, layout)
    }

    fn compare(&self, o: &Self) -> std::cmp::Ordering {
        (self.sec, self.nsec).cmp(&(o.sec, o.nsec))
    }

    /// `t.String()`.
    pub(crate) fn to_go_string(&self) -> String {
        let mut s = self.format("2006-01-02 15:04:05.999999999 -0700 MST");
        if let Some(m) = self.mono {
            let sign = if m < 0 { '-' } else { '+' };
            let u = m.unsigned_abs();
            let (m1, m2) = (u / 1_000_000_000, u % 1_000_000_000);
            let (m0, m1) = (m1 / 1_000_000_000, m1 % 1_000_000_000);
            s.push_str(" m=");
            s.push(sign);
            if m0 != 0 {
                let _ = write!(s, "{m0}{m1:09}");
            } else {
                let _ = write!(s, "{m1}");
            }
            let _ = write!(s, ".{m2:09}");
        }
        s
    }

    /// The template value.
    pub(crate) fn into_value(self) -> Value {
        Value::Object(Arc::new(self))
    }
}

/// The `time.Time` in a template value, if it is one.
pub(crate) fn from_value(v: &Value) -> Option<&GoTime> {
    match v {
        Value::Object(o) => o.as_any().downcast_ref::<GoTime>(),
        _ => None,
    }
}

/// A named Go value with a `String()` method, as some `time.Time` methods return:
/// `time.Month` (`March`), `time.Weekday` (`Wednesday`), `*time.Location` (`UTC`).
#[derive(Debug, Clone)]
pub(crate) struct Named {
    type_name: &'static str,
    text: String,
    kind: Kind,
}

impl Object for Named {
    fn type_name(&self) -> &str {
        self.type_name
    }

    fn kind(&self) -> Kind {
        self.kind
    }

    fn field(&self, _name: &str) -> Option<Value> {
        None
    }

    fn field_names(&self) -> &[&'static str] {
        &[]
    }

    fn to_go_string(&self) -> Option<String> {
        Some(self.text.clone())
    }

    fn method(&self, name: &str) -> Option<Method> {
        let text = self.text.clone();
        (name == "String").then(|| {
            method(vec![], Type::String, move |_| {
                Ok(Value::string(text.as_str()))
            })
        })
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

fn named(type_name: &'static str, text: &str, kind: Kind) -> Value {
    Value::Object(Arc::new(Named {
        type_name,
        text: text.to_owned(),
        kind,
    }))
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
const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// The type name of `time.Time`.
pub(crate) const TIME_TYPE: &str = "time.Time";

fn method(
    params: Vec<Type>,
    result: Type,
    call: impl Fn(&[Value]) -> Result<Value, MethodError> + Send + Sync + 'static,
) -> Method {
    Method {
        params,
        variadic: None,
        result,
        call: Arc::new(call),
    }
}

impl Object for GoTime {
    fn type_name(&self) -> &str {
        TIME_TYPE
    }

    fn kind(&self) -> Kind {
        Kind::Struct
    }

    fn marshal_text(&self) -> Option<String> {
        Some(self.format("2006-01-02T15:04:05.999999999Z07:00"))
    }

    fn field(&self, _name: &str) -> Option<Value> {
        None
    }

    fn field_names(&self) -> &[&'static str] {
        &[]
    }

    fn to_go_string(&self) -> Option<String> {
        Some(GoTime::to_go_string(self))
    }

    fn method(&self, name: &str) -> Option<Method> {
        let t = self.clone();
        let int = |v: i64| Ok(Value::int(v));
        let time_type = Type::Object(TIME_TYPE.into());
        Some(match name {
            "Unix" => method(vec![], Type::INT64, move |_| Ok(Value::int64(t.sec))),
            "UnixMilli" => method(vec![], Type::INT64, move |_| {
                Ok(Value::int64(
                    t.sec.wrapping_mul(1000) + i64::from(t.nsec / 1_000_000),
                ))
            }),
            "UnixMicro" => method(vec![], Type::INT64, move |_| {
                Ok(Value::int64(
                    t.sec.wrapping_mul(1_000_000) + i64::from(t.nsec / 1000),
                ))
            }),
            "UnixNano" => method(vec![], Type::INT64, move |_| {
                Ok(Value::int64(
                    t.sec.wrapping_mul(1_000_000_000) + i64::from(t.nsec),
                ))
            }),
            "Year" => method(vec![], Type::INT, move |_| int(t.civil().year)),
            "Day" => method(vec![], Type::INT, move |_| int(t.civil().day)),
            "YearDay" => method(vec![], Type::INT, move |_| int(t.civil().yday)),
            "Hour" => method(vec![], Type::INT, move |_| int(t.civil().hour)),
            "Minute" => method(vec![], Type::INT, move |_| int(t.civil().min)),
            "Second" => method(vec![], Type::INT, move |_| int(t.civil().sec)),
            "Nanosecond" => method(vec![], Type::INT, move |_| int(i64::from(t.nsec))),
            "Month" => method(vec![], Type::Object("time.Month".into()), move |_| {
                let m = t.civil().month;
                Ok(named(
                    "time.Month",
                    MONTHS[(m - 1) as usize],
                    Kind::Int(rudder_value::IntKind::Int),
                ))
            }),
            "Weekday" => method(vec![], Type::Object("time.Weekday".into()), move |_| {
                let d = t.civil().weekday;
                Ok(named(
                    "time.Weekday",
                    WEEKDAYS[d as usize],
                    Kind::Int(rudder_value::IntKind::Int),
                ))
            }),
            "Location" => method(vec![], Type::Object("*time.Location".into()), move |_| {
                Ok(named("*time.Location", t.loc.name(), Kind::Ptr))
            }),
            "IsZero" => method(vec![], Type::Bool, move |_| {
                Ok(Value::Bool(
                    t.sec == days_from_civil(1, 1, 1) * 86_400 && t.nsec == 0,
                ))
            }),
            "String" => method(vec![], Type::String, move |_| {
                Ok(Value::string(t.to_go_string()))
            }),
            "Format" => method(vec![Type::String], Type::String, move |a| {
                let layout = a.first().and_then(Value::as_str).unwrap_or_default();
                Ok(Value::string(t.format(layout)))
            }),
            "UTC" => method(vec![], time_type, move |_| {
                let mut u = t.in_loc(&UTC);
                u.mono = t.mono;
                Ok(u.into_value())
            }),
            "Local" => method(vec![], time_type, move |_| {
                Ok(t.in_loc(&t.local).into_value())
            }),
            "AddDate" => method(vec![Type::INT, Type::INT, Type::INT], time_type, move |a| {
                let n = |i: usize| match a.get(i) {
                    Some(Value::Int(v, _)) => *v,
                    _ => 0,
                };
                let c = t.civil();
                let moved = GoTime::date(
                    c.year + n(0),
                    c.month + n(1),
                    c.day + n(2),
                    c.hour,
                    c.min,
                    c.sec,
                    i64::from(t.nsec),
                    &t.loc,
                    &t.local,
                );
                Ok(moved.into_value())
            }),
            "Before" | "After" | "Equal" => {
                let which = name.to_owned();
                method(vec![time_type], Type::Bool, move |a| {
                    let Some(o) = a.first().and_then(from_value) else {
                        return Err("wrong argument".into());
                    };
                    let ord = t.compare(o);
                    Ok(Value::Bool(match which.as_str() {
                        "Before" => ord.is_lt(),
                        "After" => ord.is_gt(),
                        _ => ord.is_eq(),
                    }))
                })
            }
            _ => return None,
        })
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for days in [-719_468, -1, 0, 1, 10_957, 19_000, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn zero_time_prints_like_go() {
        assert_eq!(
            GoTime::zero(&UTC).to_go_string(),
            "0001-01-01 00:00:00 +0000 UTC"
        );
    }
}
