//! Sprig's date functions (`date.go`): `now`, `date`, `dateInZone`, `htmlDate`,
//! `htmlDateInZone`, `dateModify`, `ago`, `duration`, `durationRound`, `toDate`, `unixEpoch`
//! and their `must`/snake-case variants, over Go's layouts, durations and zones.
//!
//! Time is an input: the [`Clock`] gives `now`, and the local zone (Go's `time.Local`) comes
//! from [`crate::Options`], so renders are reproducible when both are pinned.

mod duration;
mod format;
mod parse;
mod time;
mod zone;

use std::fmt;
use std::sync::{Arc, LazyLock};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use rudder_template::{Func, Type};
use rudder_value::{IntKind, Value};

use crate::Options;
use crate::error::{Error, Result};
pub(crate) use time::{GoTime, civil_from_days};
pub use zone::Location;
pub(crate) use zone::{local_named, system_local};

/// The clock behind `now`, `ago`, `durationRound` of a time, and `date` of a non-time.
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current wall-clock time: seconds and nanoseconds since the Unix epoch.
    fn now(&self) -> (i64, u32);
    /// A monotonic reading in nanoseconds since the process started, which Go attaches to
    /// `time.Now()` (and prints as ` m=+0.001`); `None` for a clock without one.
    fn monotonic(&self) -> Option<i64>;
}

/// The operating system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

static START: LazyLock<Instant> = LazyLock::new(Instant::now);

impl Clock for SystemClock {
    fn now(&self) -> (i64, u32) {
        match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(d) => (d.as_secs() as i64, d.subsec_nanos()),
            Err(e) => {
                let d = e.duration();
                let (s, n) = (d.as_secs() as i64, d.subsec_nanos());
                if n == 0 {
                    (-s, 0)
                } else {
                    (-s - 1, 1_000_000_000 - n)
                }
            }
        }
    }

    fn monotonic(&self) -> Option<i64> {
        Some(START.elapsed().as_nanos() as i64)
    }
}

/// A clock stopped at one instant (for reproducible renders and tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedClock {
    /// Seconds since the Unix epoch.
    pub secs: i64,
    /// Nanoseconds within the second.
    pub nanos: u32,
}

impl Clock for FixedClock {
    fn now(&self) -> (i64, u32) {
        (self.secs, self.nanos)
    }

    fn monotonic(&self) -> Option<i64> {
        None
    }
}

/// What the date functions close over.
#[derive(Debug, Clone)]
struct Env {
    clock: Arc<dyn Clock>,
    local: Arc<Location>,
}

impl Env {
    /// `time.Now()`.
    fn now(&self) -> GoTime {
        let (secs, nanos) = self.clock.now();
        GoTime {
            sec: secs,
            nsec: nanos,
            loc: self.local.clone(),
            mono: self.clock.monotonic(),
            local: self.local.clone(),
        }
    }

    /// The time Sprig's `dateInZone` makes of its argument: a `time.Time`, or an `int`,
    /// `int32` or `int64` of Unix seconds; anything else (a float64 from values, a string)
    /// silently means now.
    fn time_of(&self, v: &Value, int32: bool) -> GoTime {
        if let Some(t) = time::from_value(v) {
            return t.clone();
        }
        match v {
            Value::Int(n, IntKind::Int | IntKind::Int64) => GoTime::unix(*n, &self.local),
            Value::Int(n, IntKind::Int32) if int32 => GoTime::unix(*n, &self.local),
            _ => self.now(),
        }
    }

    fn date_in_zone(&self, layout: &str, date: &Value, zone: &str) -> String {
        let t = self.time_of(date, true);
        let loc = zone::load_location(zone, &self.local).unwrap_or_else(|_| zone::UTC.clone());
        t.in_loc(&loc).format(layout)
    }
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

/// The `time.Time` argument of a function whose parameter is `time.Time`.
fn time_arg(v: &Value, env: &Env) -> GoTime {
    time::from_value(v)
        .cloned()
        .unwrap_or_else(|| GoTime::zero(&env.local))
}

/// `duration secs`: a string (base-10 seconds) or an `int64`; anything else is 0.
fn duration(v: &Value) -> String {
    let n = match v {
        Value::String(s) => match rudder_value::strconv::parse_int(s, 10, 64) {
            Ok(n) => n,
            Err(e) if e.kind == rudder_value::strconv::NumErrorKind::Range => {
                if s.starts_with('-') {
                    i64::MIN
                } else {
                    i64::MAX
                }
            }
            Err(_) => 0,
        },
        Value::Int(n, IntKind::Int64) => *n,
        _ => 0,
    };
    duration::format(n.wrapping_mul(duration::SECOND as i64))
}

/// `durationRound d`: the largest whole unit (`y` of 365 days, `mo` of 30, `d`, `h`, `m`,
/// `s`) strictly below the duration's magnitude.
fn duration_round(v: &Value, env: &Env) -> String {
    let d: i64 = if let Some(t) = time::from_value(v) {
        env.now().sub(t)
    } else {
        match v {
            Value::String(s) => duration::parse(s).unwrap_or(0),
            Value::Int(n, IntKind::Int64) => *n,
            _ => 0,
        }
    };
    let u = d.unsigned_abs();
    let second = duration::SECOND;
    let units: [(u64, &str); 6] = [
        (second * 3600 * 24 * 365, "y"),
        (second * 3600 * 24 * 30, "mo"),
        (second * 3600 * 24, "d"),
        (second * 3600, "h"),
        (second * 60, "m"),
        (second, "s"),
    ];
    for (size, unit) in units {
        if u > size {
            return format!("{}{unit}", u / size);
        }
    }
    "0s".to_owned()
}

#[expect(
    clippy::many_single_char_names,
    reason = "short names for the Go types"
)]
pub(crate) fn register(add: &mut impl FnMut(&str, Func), opts: &Options) {
    let env = Arc::new(Env {
        clock: opts.clock.clone(),
        local: opts.local.clone(),
    });
    let time_type = || Type::Object(time::TIME_TYPE.into());
    let s = Type::String;
    let a = Type::Any;

    let e = env.clone();
    add(
        "now",
        Func::new(vec![], time_type(), move |_, _| Ok(e.now().into_value())),
    );
    let e = env.clone();
    add(
        "ago",
        Func::new(vec![a.clone()], s.clone(), move |_, args| {
            let t = match &args[0] {
                v if time::from_value(v).is_some() => e.time_of(v, false),
                Value::Int(n, IntKind::Int | IntKind::Int64) => GoTime::unix(*n, &e.local),
                _ => e.now(),
            };
            let since = e.now().sub(&t);
            Ok(Value::string(duration::format(duration::round(
                since,
                duration::SECOND as i64,
            ))))
        }),
    );
    let e = env.clone();
    add(
        "date",
        Func::new(vec![s.clone(), a.clone()], s.clone(), move |_, args| {
            Ok(Value::string(e.date_in_zone(
                text(&args[0]),
                &args[1],
                "Local",
            )))
        }),
    );
    for name in ["dateInZone", "date_in_zone"] {
        let e = env.clone();
        add(
            name,
            Func::new(
                vec![s.clone(), a.clone(), s.clone()],
                s.clone(),
                move |_, args| {
                    Ok(Value::string(e.date_in_zone(
                        text(&args[0]),
                        &args[1],
                        text(&args[2]),
                    )))
                },
            ),
        );
    }
    for name in ["dateModify", "date_modify"] {
        let e = env.clone();
        add(
            name,
            Func::new(vec![s.clone(), time_type()], time_type(), move |_, args| {
                let t = time_arg(&args[1], &e);
                Ok(match duration::parse(text(&args[0])) {
                    Ok(d) => t.add(d),
                    Err(_) => t,
                }
                .into_value())
            }),
        );
    }
    for name in ["mustDateModify", "must_date_modify"] {
        let e = env.clone();
        add(
            name,
            Func::new(vec![s.clone(), time_type()], time_type(), move |_, args| {
                let t = time_arg(&args[1], &e);
                match duration::parse(text(&args[0])) {
                    Ok(d) => Ok(t.add(d).into_value()),
                    Err(msg) => Err(Error::msg(msg).into()),
                }
            }),
        );
    }
    add(
        "duration",
        Func::new(vec![a.clone()], s.clone(), |_, args| {
            Ok(Value::string(duration(&args[0])))
        }),
    );
    let e = env.clone();
    add(
        "durationRound",
        Func::new(vec![a.clone()], s.clone(), move |_, args| {
            Ok(Value::string(duration_round(&args[0], &e)))
        }),
    );
    let e = env.clone();
    add(
        "htmlDate",
        Func::new(vec![a.clone()], s.clone(), move |_, args| {
            Ok(Value::string(e.date_in_zone(
                "2006-01-02",
                &args[0],
                "Local",
            )))
        }),
    );
    let e = env.clone();
    add(
        "htmlDateInZone",
        Func::new(vec![a.clone(), s.clone()], s.clone(), move |_, args| {
            Ok(Value::string(e.date_in_zone(
                "2006-01-02",
                &args[0],
                text(&args[1]),
            )))
        }),
    );
    let e = env.clone();
    add(
        "toDate",
        Func::new(vec![s.clone(), s.clone()], time_type(), move |_, args| {
            let t = parse::parse_in_location(text(&args[0]), text(&args[1]), &e.local, &e.local)
                .unwrap_or_else(|_| GoTime::zero(&e.local));
            Ok(t.into_value())
        }),
    );
    let e = env.clone();
    add(
        "mustToDate",
        Func::new(vec![s.clone(), s.clone()], time_type(), move |_, args| {
            parse::parse_in_location(text(&args[0]), text(&args[1]), &e.local, &e.local)
                .map(GoTime::into_value)
                .map_err(|m| Error::msg(m).into())
        }),
    );
    let e = env;
    add(
        "unixEpoch",
        Func::new(vec![time_type()], s, move |_, args| {
            Ok(Value::string(time_arg(&args[0], &e).sec.to_string()))
        }),
    );
}

/// `Result` is used by the error conversions above.
#[allow(dead_code)]
fn _uses(_: Result<()>) {}
