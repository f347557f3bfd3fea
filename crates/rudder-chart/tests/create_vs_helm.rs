//! `rudder_chart::create` against `helm create` (the reference Helm v4.2.4): the scaffold
//! byte for byte for several names, the overwrite warnings, starters (`--starter` with an
//! absolute path), and the error texts.

mod support;

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::Path;
use std::process::Command;

/// Every file under `dir`: relative path → content (archives decompressed, since Go's
/// DEFLATE stream is not flate2's, and their entries sorted) and mode bits; directories too.
fn tree(dir: &Path) -> BTreeMap<String, (Vec<u8>, u32)> {
    use std::os::unix::fs::PermissionsExt as _;
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            let meta = std::fs::metadata(&p).unwrap();
            let mode = meta.permissions().mode();
            if meta.is_dir() {
                out.insert(format!("{rel}/"), (Vec::new(), mode));
                stack.push(p);
            } else {
                let mut data = std::fs::read(&p).unwrap();
                if Path::new(&rel).extension().is_some_and(|e| e == "tgz") {
                    let mut plain = Vec::new();
                    flate2::read::GzDecoder::new(&data[..])
                        .read_to_end(&mut plain)
                        .unwrap();
                    // Helm orders subcharts by Go map iteration: compare entries as a set.
                    let mut e = entries(&plain);
                    e.sort();
                    data = e.concat();
                }
                out.insert(rel, (data, mode));
            }
        }
    }
    out
}

/// The tar entries (header and data blocks each).
fn entries(tar: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 512 <= tar.len() && tar[i..i + 512].iter().any(|&b| b != 0) {
        let h = &tar[i..i + 512];
        let size_text = std::str::from_utf8(&h[124..135]).unwrap();
        let size = usize::from_str_radix(size_text.trim_end_matches('\0'), 8).unwrap();
        let end = i + 512 + size.div_ceil(512) * 512;
        out.push(tar[i..end].to_vec());
        i = end;
    }
    out
}

/// Compares two trees, naming the paths that differ (the contents are too long to print).
fn assert_same_tree(a: &Path, b: &Path, what: &str) {
    let (ta, tb) = (tree(a), tree(b));
    let mut diffs = Vec::new();
    for k in ta.keys().chain(tb.keys()) {
        match (ta.get(k), tb.get(k)) {
            (Some(x), Some(y)) if x == y => {}
            (Some(x), Some(y)) if x.1 != y.1 => {
                diffs.push(format!("{k}: mode {:o} vs {:o}", x.1, y.1));
            }
            (Some(x), Some(y)) => diffs.push(format!(
                "{k}: content differs\n--- helm\n{}\n--- rudder\n{}",
                String::from_utf8_lossy(&x.0).replace('\0', ""),
                String::from_utf8_lossy(&y.0).replace('\0', "")
            )),
            (Some(_), None) => diffs.push(format!("{k}: only in helm's")),
            (None, _) => diffs.push(format!("{k}: only in rudder's")),
        }
    }
    diffs.dedup();
    assert!(diffs.is_empty(), "{what}:\n{}", diffs.join("\n"));
}

fn helm_create(args: &[&str], cwd: &Path) -> (String, String, bool) {
    let out = Command::new(support::reference_helm())
        .arg("create")
        .args(args)
        .current_dir(cwd)
        .env("HELM_DATA_HOME", cwd.join("no-data-home"))
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.success(),
    )
}

#[test]
fn scaffold_identical_to_helm() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("helm"), tmp.path().join("rudder"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    for name in ["mychart", "a", "x.y_z-1", "CamelCase", "nginx"] {
        let (stdout, _, ok) = helm_create(&[name], &a);
        assert!(ok);
        assert_eq!(stdout, format!("Creating {name}\n"));
        let mut warn = Vec::new();
        let dir = rudder_chart::create::create(name, &b, &mut warn).unwrap();
        assert_eq!(dir, b.join(name));
        assert!(warn.is_empty());
        assert_same_tree(&a.join(name), &b.join(name), name);
    }
    // A second run over an existing chart: one warning per file, with the absolute path.
    let (stdout, _, ok) = helm_create(&["mychart"], &a);
    assert!(ok);
    let mut warn = Vec::new();
    rudder_chart::create::create("mychart", &b, &mut warn).unwrap();
    let ours = String::from_utf8(warn).unwrap();
    let theirs = stdout
        .strip_prefix("Creating mychart\n")
        .unwrap()
        .replace(&a.to_string_lossy().into_owned(), &b.to_string_lossy());
    assert_eq!(ours, theirs);
    assert_eq!(ours.lines().count(), 12);
}

#[test]
fn starter_identical_to_helm() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("helm"), tmp.path().join("rudder"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    let fixtures = support::root().join("conformance/chart/fixtures/helm");
    let starters = [
        "pkg_chart_v2_loader_testdata/frobnitz",
        "pkg_cmd_testdata_testcharts/chart-with-template-lib-dep",
        "pkg_chart_v2_loader_testdata/frobnitz-1.2.3.tgz",
    ];
    for (i, starter) in starters.iter().enumerate() {
        let src = fixtures.join(starter).canonicalize().unwrap();
        let name = format!("fromstarter{i}");
        let (_, stderr, ok) = helm_create(&[&name, "--starter", &src.to_string_lossy()], &a);
        assert!(ok, "{stderr}");
        rudder_chart::create::create_from(
            rudder_chart::create::starter_metadata(&name),
            &b,
            &src.to_string_lossy(),
            &mut Vec::new(),
        )
        .unwrap();
        assert_same_tree(&a.join(&name), &b.join(&name), starter);
    }
}

#[test]
fn errors_as_helm() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("file"), "x").unwrap();
    for (name, dir) in [
        ("bad name", "."),
        ("x", "missing/deeper"),
        ("x", "file"),
        ("file", "."),
    ] {
        let arg = if dir == "." {
            name.to_owned()
        } else {
            format!("{dir}/{name}")
        };
        let (_, stderr, ok) = helm_create(&[&arg], tmp.path());
        assert!(!ok, "{arg}");
        let want = stderr
            .strip_prefix("Error: ")
            .unwrap()
            .trim_end()
            .to_owned();
        let cwd = std::env::current_dir().unwrap();
        std::env::set_current_dir(tmp.path()).unwrap();
        let got = rudder_chart::create::create(name, Path::new(dir), &mut Vec::new());
        std::env::set_current_dir(cwd).unwrap();
        let got = got.unwrap_err().to_string();
        assert_eq!(
            got.replace(&*tmp.path().to_string_lossy(), "$TMP"),
            want.replace(
                &*tmp.path().canonicalize().unwrap().to_string_lossy(),
                "$TMP"
            )
            .replace(&*tmp.path().to_string_lossy(), "$TMP"),
            "{arg}"
        );
    }
}
