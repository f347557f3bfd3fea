//! Hostile and broken chart archives, loaded by rudder (`loader::load_v2`, the loader the
//! commands use) and by the reference Helm v4.2.4 (`helm show chart <file>`): the same verdict, and on refusal the same error text. The
//! loader never writes anything: the test also checks that the scratch directory holds only
//! the archives it wrote.

mod support;

use std::io::Write as _;
use std::path::Path;
use std::process::Command;

const CHART_YAML: &[u8] = b"apiVersion: v2\nname: c\nversion: 0.1.0\n";

/// A USTAR header block.
fn header(name: &str, size: usize, typeflag: u8, link: &str) -> [u8; 512] {
    let mut h = [0u8; 512];
    let n = name.len().min(100);
    h[..n].copy_from_slice(&name.as_bytes()[..n]);
    h[100..107].copy_from_slice(b"0000644");
    h[108..115].copy_from_slice(b"0000000");
    h[116..123].copy_from_slice(b"0000000");
    h[124..135].copy_from_slice(format!("{size:011o}").as_bytes());
    h[136..147].copy_from_slice(b"00000000000");
    h[156] = typeflag;
    h[157..157 + link.len()].copy_from_slice(link.as_bytes());
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    h[148..156].copy_from_slice(b"        ");
    let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
    h[148..155].copy_from_slice(format!("{sum:06o}\0").as_bytes());
    h
}

struct Entry {
    name: String,
    data: Vec<u8>,
    typeflag: u8,
    link: String,
}

fn file(name: &str, data: &[u8]) -> Entry {
    Entry {
        name: name.to_owned(),
        data: data.to_vec(),
        typeflag: b'0',
        link: String::new(),
    }
}

fn tar(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    for e in entries {
        out.extend_from_slice(&header(&e.name, e.data.len(), e.typeflag, &e.link));
        out.extend_from_slice(&e.data);
        out.resize(out.len().div_ceil(512) * 512, 0);
    }
    out.extend_from_slice(&[0u8; 1024]);
    out
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

fn with_chart(mut extra: Vec<Entry>) -> Vec<u8> {
    let mut entries = vec![file("c/Chart.yaml", CHART_YAML)];
    entries.append(&mut extra);
    gzip(&tar(&entries))
}

fn cases() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    let mut cases: Vec<(&str, &str, Vec<u8>)> = vec![
        (
            "ok",
            "c.tgz",
            with_chart(vec![file("c/values.yaml", b"a: 1\n")]),
        ),
        (
            "dotdot",
            "c.tgz",
            with_chart(vec![file("c/../../evil", b"x")]),
        ),
        (
            "dotdot-deep",
            "c.tgz",
            with_chart(vec![file("c/templates/../../../evil", b"x")]),
        ),
        (
            "dotdot-backslash",
            "c.tgz",
            with_chart(vec![file("c\\..\\..\\evil", b"x")]),
        ),
        (
            "absolute-top",
            "c.tgz",
            with_chart(vec![file("/etc/passwd", b"x")]),
        ),
        (
            "absolute-inner",
            "c.tgz",
            with_chart(vec![file("c//etc/passwd", b"x")]),
        ),
        ("drive", "c.tgz", with_chart(vec![file("c/c:/evil", b"x")])),
        (
            "top-level-file",
            "c.tgz",
            with_chart(vec![file("evil", b"x")]),
        ),
        (
            "chart-yaml-at-top",
            "c.tgz",
            gzip(&tar(&[file("Chart.yaml", CHART_YAML)])),
        ),
        (
            "symlink",
            "c.tgz",
            with_chart(vec![Entry {
                name: "c/templates/link.yaml".into(),
                data: Vec::new(),
                typeflag: b'2',
                link: "/etc/passwd".into(),
            }]),
        ),
        (
            "hardlink",
            "c.tgz",
            with_chart(vec![Entry {
                name: "c/values.yaml".into(),
                data: Vec::new(),
                typeflag: b'1',
                link: "c/Chart.yaml".into(),
            }]),
        ),
        (
            "file-over-5MiB",
            "c.tgz",
            with_chart(vec![file("c/big.bin", &vec![b'a'; 5 * 1024 * 1024 + 1])]),
        ),
        (
            "file-exactly-5MiB",
            "c.tgz",
            with_chart(vec![file("c/big.bin", &vec![b'a'; 5 * 1024 * 1024])]),
        ),
        ("no-files", "c.tgz", gzip(&tar(&[]))),
        (
            "no-chart-yaml",
            "c.tgz",
            gzip(&tar(&[file("c/values.yaml", b"a: 1\n")])),
        ),
        ("not-gzip", "c.tgz", b"hello: world\n".to_vec()),
        ("yaml-given", "values.yaml", b"hello: world\n".to_vec()),
        ("empty-file", "c.tgz", Vec::new()),
        (
            "bad-header",
            "c.tgz",
            b"\x1f\x8b\x08\x00garbage-garbage-garbage".to_vec(),
        ),
    ];
    let good = with_chart(vec![file("c/values.yaml", &[b'v'; 4000])]);
    cases.push(("truncated", "c.tgz", good[..good.len() / 2].to_vec()));
    let mut corrupt = good.clone();
    for b in &mut corrupt[20..40] {
        *b ^= 0x55;
    }
    cases.push(("corrupt-deflate", "c.tgz", corrupt));
    let mut bad_crc = good.clone();
    let n = bad_crc.len();
    bad_crc[n - 6] ^= 1;
    cases.push(("bad-crc", "c.tgz", bad_crc));
    // Over 100 MiB in total, in files under the per-file limit.
    let chunk = vec![0u8; 4 * 1024 * 1024];
    let many: Vec<Entry> = (0..26).map(|i| file(&format!("c/f{i}"), &chunk)).collect();
    cases.push(("chart-over-100MiB", "c.tgz", with_chart(many)));
    // Many files.
    let lots: Vec<Entry> = (0..20_000)
        .map(|i| file(&format!("c/files/f{i}"), b""))
        .collect();
    cases.push(("20000-files", "c.tgz", with_chart(lots)));
    cases
}

#[test]
fn hostile_archives_as_helm() {
    let helm = support::reference_helm();
    let tmp = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    let mut written = Vec::new();
    for (name, file_name, data) in cases() {
        let dir = tmp.path().join(name);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(file_name);
        std::fs::write(&path, &data).unwrap();
        written.push(path.clone());
        let out = Command::new(&helm)
            .arg("show")
            .arg("chart")
            .arg(&path)
            .current_dir(&dir)
            .output()
            .unwrap();
        let helm_verdict = if out.status.success() {
            Ok(())
        } else {
            let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
            Err(stderr
                .trim_end()
                .strip_prefix("Error: ")
                .unwrap_or(&stderr)
                .to_owned())
        };
        let mut warnings = Vec::new();
        let ours = rudder_chart::loader::load_v2(&path.to_string_lossy(), &mut warnings)
            .map(|_| ())
            .map_err(|e| e.to_string());
        if ours != helm_verdict {
            failures.push(format!("{name}: helm {helm_verdict:?}, rudder {ours:?}"));
        }
    }
    // Nothing but the archives was written.
    let mut found = Vec::new();
    let mut stack = vec![tmp.path().to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                found.push(e.path());
            }
        }
    }
    found.sort();
    written.sort();
    assert_eq!(found, written);
    assert!(!Path::new("/evil").exists());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
