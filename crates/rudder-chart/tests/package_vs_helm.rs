//! `rudder_chart::save::archive` against `helm package` (the reference Helm v4.2.4) on the
//! corpus charts and Helm's own test charts: the decompressed tar streams must be identical
//! byte for byte (same entries, order, headers, times, contents), and the gzip headers too.
//! The DEFLATE streams differ (Go's compressor is not flate2's; see the `save` module).
//!
//! Helm loads subcharts by iterating a Go map, so with two or more subcharts at one level
//! the order of their entries changes from run to run; such archives are compared as
//! multisets of entries (each entry's header and data blocks) instead.

mod support;

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn gunzip(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(data)
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// The tar entries: for each, the header block(s) (a PAX header included) and data.
fn entries(tar: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut pending = Vec::new();
    while i + 512 <= tar.len() {
        let h = &tar[i..i + 512];
        if h.iter().all(|&b| b == 0) {
            break;
        }
        let size_text = std::str::from_utf8(&h[124..135])
            .unwrap()
            .trim_end_matches('\0');
        let size = usize::from_str_radix(size_text, 8).unwrap();
        let end = i + 512 + size.div_ceil(512) * 512;
        pending.extend_from_slice(&tar[i..end]);
        if h[156] != b'x' {
            out.push(std::mem::take(&mut pending));
        }
        i = end;
    }
    out
}

fn deps_at_some_level_at_least_two(c: &rudder_chart::chart::Chart) -> bool {
    c.dependencies.len() >= 2 || c.dependencies.iter().any(deps_at_some_level_at_least_two)
}

fn charts() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let corpus = Path::new("/work/shared/corpus");
    let corpus = std::env::var_os("RUDDER_CORPUS").map_or(corpus.to_path_buf(), PathBuf::from);
    if let Ok(tsv) = std::fs::read_to_string(corpus.join("charts.tsv")) {
        for line in tsv.lines().skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            if matches!(cols[1], "primary" | "dependency") {
                out.push(corpus.join("charts").join(cols[0]));
            }
        }
    }
    let fixtures = support::root().join("conformance/chart/fixtures/helm");
    for dir in [
        "pkg_chart_v2_loader_testdata",
        "pkg_cmd_testdata_testcharts",
        "pkg_chart_v2_util_testdata",
    ] {
        let Ok(rd) = std::fs::read_dir(fixtures.join(dir)) else {
            continue;
        };
        let mut names: Vec<PathBuf> = rd
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.join("Chart.yaml").is_file())
            .collect();
        names.sort();
        out.extend(names);
    }
    out
}

#[test]
fn package_matches_helm() {
    let helm = support::reference_helm();
    let tmp = tempfile::tempdir().unwrap();
    let (mut same, mut total, mut helm_refused) = (0, 0, Vec::new());
    let mut failures = Vec::new();
    for (n, dir) in charts().iter().enumerate() {
        let dest = tmp.path().join(n.to_string());
        std::fs::create_dir_all(&dest).unwrap();
        let out = Command::new(&helm)
            .arg("package")
            .arg(dir)
            .arg("-d")
            .arg(&dest)
            .output()
            .unwrap();
        let mut warnings = Vec::new();
        let loaded = rudder_chart::loader::load(&dir.to_string_lossy(), &mut warnings);
        if !out.status.success() {
            helm_refused.push(dir.display().to_string());
            continue;
        }
        total += 1;
        let chart = match loaded {
            Ok(c) => c,
            Err(e) => {
                failures.push(format!("{}: rudder cannot load: {e}", dir.display()));
                continue;
            }
        };
        let helm_file = std::fs::read_dir(&dest)
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let helm_bytes = std::fs::read(&helm_file).unwrap();
        let ours = match rudder_chart::save::archive(&chart, rudder_chart::save::now()) {
            Ok(b) => b,
            Err(e) => {
                failures.push(format!("{}: rudder cannot save: {e}", dir.display()));
                continue;
            }
        };
        // Gzip header: magic, flags, time, XFL, OS, Extra, comment.
        let header_len = 10 + 2 + 40 + 5;
        if helm_bytes[..header_len] != ours[..header_len] {
            failures.push(format!("{}: gzip headers differ", dir.display()));
            continue;
        }
        let (a, b) = (gunzip(&helm_bytes), gunzip(&ours));
        let equal = if deps_at_some_level_at_least_two(&chart) {
            let (mut ea, mut eb) = (entries(&a), entries(&b));
            ea.sort();
            eb.sort();
            ea == eb && a.len() == b.len()
        } else {
            a == b
        };
        if equal {
            same += 1;
        } else {
            failures.push(format!("{}: tar streams differ", dir.display()));
        }
    }
    eprintln!(
        "package: {same}/{total} identical tar streams; helm refused {} charts",
        helm_refused.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(total > 20, "too few charts packaged: {total}");
}

/// Names that take Go's other tar paths: over 100 bytes (USTAR prefix split, or PAX when no
/// split fits), non-ASCII (PAX), an empty file, sub-second and old modification times.
#[test]
fn package_edge_names_match_helm() {
    let helm = support::reference_helm();
    let tmp = tempfile::tempdir().unwrap();
    let chart = tmp.path().join("edge");
    let files: Vec<(String, &[u8])> = vec![
        ("Chart.yaml".into(), b"apiVersion: v2\nname: edge\nversion: 1.2.3\ndescription: \"caf\xc3\xa9 \\u00a0x\"\nannotations:\n  b: \"2\"\n  a: \"1\"\n"),
        ("values.yaml".into(), b"\xEF\xBB\xBFa: 1\n"),
        ("values.schema.json".into(), b"{\"type\": \"object\"}"),
        (format!("files/{}/{}.txt", "d".repeat(90), "f".repeat(40)), b"split"),
        (format!("files/{}.txt", "g".repeat(120)), b"pax"),
        ("files/caf\u{e9}/\u{65e5}\u{672c}.txt".into(), b"utf8"),
        ("files/empty".into(), b""),
        ("templates/cm.yaml".into(), b"kind: ConfigMap\n"),
    ];
    for (name, data) in &files {
        let p = chart.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, data).unwrap();
    }
    let set = |name: &str, secs: i64, nanos: u32| {
        let t = std::time::UNIX_EPOCH + std::time::Duration::new(secs as u64, nanos);
        let f = std::fs::File::options()
            .write(true)
            .open(chart.join(name))
            .unwrap();
        f.set_modified(t).unwrap();
    };
    set("templates/cm.yaml", 1_000_000_000, 500_000_000);
    set("values.yaml", 1_000_000_000, 499_999_999);
    set("files/empty", 1, 0);
    let dest = tmp.path().join("out");
    let out = Command::new(&helm)
        .arg("package")
        .arg(&chart)
        .arg("-d")
        .arg(&dest)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let helm_bytes = std::fs::read(dest.join("edge-1.2.3.tgz")).unwrap();
    let mut w = Vec::new();
    let c = rudder_chart::loader::load(&chart.to_string_lossy(), &mut w).unwrap();
    let ours = rudder_chart::save::archive(&c, rudder_chart::save::now()).unwrap();
    let (a, b) = (gunzip(&helm_bytes), gunzip(&ours));
    let (ea, eb) = (entries(&a), entries(&b));
    assert_eq!(ea.len(), eb.len());
    for (x, y) in ea.iter().zip(&eb) {
        assert_eq!(String::from_utf8_lossy(x), String::from_utf8_lossy(y));
    }
    assert_eq!(a, b);
}
