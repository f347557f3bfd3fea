//! TOML as BurntSushi/toml v1.6.0 reads and writes it (`toToml`, `fromToml`).

mod datetime;
mod encode;

pub use datetime::{Datetime, Zone};
pub use encode::encode;
