//! TOML as BurntSushi/toml v1.6.0 reads and writes it (`toToml`, `fromToml`).

mod datetime;
mod decode;
mod encode;
mod gotime;
mod lex;
mod parse;

pub use datetime::{Datetime, Zone};
pub use decode::{decode, from_toml};
pub use encode::encode;
