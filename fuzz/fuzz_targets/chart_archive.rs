//! The chart archive loader must never panic on any input, and whatever it accepts must be
//! safe: every file name relative to the chart, inside it (no `..`, no absolute or drive
//! paths), no file over Helm's per-file limit and no more than its total limit. The whole
//! chart loader (`LoadArchive`) runs on what the archive reader accepts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rudder_chart::archive::{self, MAX_CHART_SIZE, MAX_FILE_SIZE};

fuzz_target!(|data: &[u8]| {
    let _ = archive::ensure_archive("chart.tgz", data);
    if let Ok(files) = archive::load_archive_files(data) {
        let mut total = 0u64;
        for f in &files {
            let n = f.name.as_str();
            assert!(!n.starts_with('/'), "absolute name {n:?}");
            assert!(!n.starts_with(".."), "escaping name {n:?}");
            assert!(n.split('/').all(|p| p != ".."), "escaping name {n:?}");
            assert!(n != "." && !n.is_empty(), "empty name {n:?}");
            assert!(f.data.len() as u64 <= MAX_FILE_SIZE, "file over the limit");
            total += f.data.len() as u64;
        }
        assert!(total <= MAX_CHART_SIZE, "chart over the limit");
    }
    let mut warnings = Vec::new();
    let _ = rudder_chart::loader::load_archive(data, &mut warnings);
});
