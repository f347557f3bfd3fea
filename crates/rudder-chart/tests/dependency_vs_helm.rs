//! `rudder_chart::manager` against `helm dependency list|update|build` (the reference Helm
//! v4.2.4) on charts with `file://` and vendored dependencies: the same output, the same
//! `Chart.lock` (digest, entries; `generated` is the current time in both), the same
//! archives in `charts/` (compared decompressed), and each tool accepts the other's lock.

mod support;

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn helm(args: &[&str], cwd: &Path) -> (String, String, bool) {
    let out = Command::new(support::reference_helm())
        .args(args)
        .current_dir(cwd)
        .env("HELM_REPOSITORY_CONFIG", cwd.join("repositories.yaml"))
        .env("HELM_REPOSITORY_CACHE", cwd.join("cache"))
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.success(),
    )
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A workspace: `parent` depending on `child` (`file://../child`, a range), `other`
/// (`file://` with alias, condition, tags, import-values) and `vendored` (in `charts/`).
fn workspace(root: &Path) {
    write(
        &root.join("child/Chart.yaml"),
        "apiVersion: v2\nname: child\nversion: 0.3.1\n",
    );
    write(&root.join("child/templates/cm.yaml"), "kind: ConfigMap\n");
    write(&root.join("child/.helmignore"), "ignored.txt\n");
    write(&root.join("child/ignored.txt"), "x\n");
    write(
        &root.join("other/Chart.yaml"),
        "apiVersion: v2\nname: other\nversion: 1.0.0\n",
    );
    write(&root.join("other/values.yaml"), "data: {a: 1}\n");
    write(
        &root.join("parent/Chart.yaml"),
        r#"apiVersion: v2
name: parent
version: 0.1.0
dependencies:
- name: child
  version: ">=0.1.0 <1"
  repository: "file://../child"
- name: other
  version: 1.0.0
  repository: file://../other
  alias: oth
  condition: oth.enabled
  tags: [a, "<b&c>"]
  import-values:
  - child: data
    parent: fromother
  - data
- name: vendored
  version: ~2.0
"#,
    );
    write(
        &root.join("parent/charts/vendored/Chart.yaml"),
        "apiVersion: v2\nname: vendored\nversion: 2.0.5\n",
    );
}

/// The directory listing of `charts/` with archives decompressed.
/// A tar stream with every header's mtime and checksum blanked: both tools stamp entries
/// with the time they packaged them, which differs when the two runs straddle a second.
fn without_times(mut tar: Vec<u8>) -> Vec<u8> {
    let mut off = 0;
    while off + 512 <= tar.len() && tar[off..off + 512].iter().any(|&b| b != 0) {
        let size_field = String::from_utf8_lossy(&tar[off + 124..off + 136]).into_owned();
        let size =
            usize::from_str_radix(size_field.trim_matches(|c: char| c == '\0' || c == ' '), 8)
                .unwrap_or(0);
        tar[off + 136..off + 156].fill(b' ');
        off += 512 + size.div_ceil(512) * 512;
    }
    tar
}

fn charts(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir.join("charts"))
        .unwrap()
        .flatten()
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let data = if e.file_type().unwrap().is_dir() {
                Vec::new()
            } else {
                let raw = std::fs::read(e.path()).unwrap();
                let mut plain = Vec::new();
                flate2::read::GzDecoder::new(&raw[..])
                    .read_to_end(&mut plain)
                    .unwrap();
                without_times(plain)
            };
            (name, data)
        })
        .collect();
    out.sort();
    out
}

fn lock_without_time(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("Chart.lock"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("generated:"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn ours(
    f: impl FnOnce(&mut Vec<u8>) -> Result<(), rudder_chart::manager::DependencyError>,
) -> (String, Result<(), String>) {
    let mut out = Vec::new();
    let r = f(&mut out).map_err(|e| e.to_string());
    (String::from_utf8(out).unwrap(), r)
}

fn verdict(ok: bool, stderr: &str) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(stderr
            .trim_end()
            .strip_prefix("Error: ")
            .unwrap_or(stderr)
            .to_owned())
    }
}

#[test]
fn local_dependencies_as_helm() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b): (PathBuf, PathBuf) = (tmp.path().join("helm"), tmp.path().join("rudder"));
    workspace(&a);
    workspace(&b);
    let (pa, pb) = (a.join("parent"), b.join("parent"));
    let (helm_dir, rudder_dir) = (
        pa.to_string_lossy().into_owned(),
        pb.to_string_lossy().into_owned(),
    );

    // list before anything is built
    let (stdout, stderr, ok) = helm(&["dependency", "list", &helm_dir], &a);
    let (got, r) = ours(|o| rudder_chart::manager::list(&rudder_dir, 80, o));
    assert_eq!(r, verdict(ok, &stderr));
    assert_eq!(got, stdout.replace(&helm_dir, &rudder_dir));

    // update
    let (stdout, stderr, ok) = helm(&["dependency", "update", &helm_dir], &a);
    let (got, r) = ours(|o| rudder_chart::manager::Manager::new(rudder_dir.clone()).update(o));
    assert_eq!(r, verdict(ok, &stderr), "{stdout}");
    assert_eq!(got, stdout);
    assert_eq!(lock_without_time(&pa), lock_without_time(&pb));
    assert_eq!(charts(&pa), charts(&pb));

    // list after
    let (stdout, _, _) = helm(&["dependency", "list", &helm_dir], &a);
    let (got, _) = ours(|o| rudder_chart::manager::list(&rudder_dir, 80, o));
    assert_eq!(got, stdout.replace(&helm_dir, &rudder_dir));

    // Each accepts the other's lock: swap the locks, then build.
    let lock_a = std::fs::read(pa.join("Chart.lock")).unwrap();
    let lock_b = std::fs::read(pb.join("Chart.lock")).unwrap();
    std::fs::write(pa.join("Chart.lock"), &lock_b).unwrap();
    std::fs::write(pb.join("Chart.lock"), &lock_a).unwrap();
    std::fs::remove_file(pa.join("charts/child-0.3.1.tgz")).unwrap();
    std::fs::remove_file(pb.join("charts/child-0.3.1.tgz")).unwrap();
    let (stdout, stderr, ok) = helm(&["dependency", "build", &helm_dir], &a);
    let (got, r) = ours(|o| rudder_chart::manager::Manager::new(rudder_dir.clone()).build(o));
    assert_eq!(r, verdict(ok, &stderr));
    assert_eq!(got, stdout);
    assert_eq!(charts(&pa), charts(&pb));

    // An out-of-sync lock, then an unsatisfiable constraint.
    for (from, to) in [
        (">=0.1.0 <1", ">=0.1.0 <0.3"),
        (">=0.1.0 <0.3", ">=0.1.0 <0.2"),
    ] {
        for p in [&pa, &pb] {
            let text = std::fs::read_to_string(p.join("Chart.yaml")).unwrap();
            std::fs::write(p.join("Chart.yaml"), text.replace(from, to)).unwrap();
        }
        let (stdout, stderr, ok) = helm(&["dependency", "build", &helm_dir], &a);
        let (got, r) = ours(|o| rudder_chart::manager::Manager::new(rudder_dir.clone()).build(o));
        assert_eq!(r, verdict(ok, &stderr));
        assert_eq!(got, stdout);
        let (stdout, stderr, ok) = helm(&["dependency", "update", &helm_dir], &a);
        let (got, r) = ours(|o| rudder_chart::manager::Manager::new(rudder_dir.clone()).update(o));
        assert_eq!(r, verdict(ok, &stderr));
        assert_eq!(got, stdout);
    }

    // A chart without dependencies, and a missing chart.
    let (stdout, _, _) = helm(
        &["dependency", "list", &a.join("child").to_string_lossy()],
        &a,
    );
    let (got, _) = ours(|o| rudder_chart::manager::list(&b.join("child").to_string_lossy(), 80, o));
    assert_eq!(
        got,
        stdout.replace(&*a.to_string_lossy(), &b.to_string_lossy())
    );
    let (_, stderr, ok) = helm(
        &["dependency", "update", &a.join("nope").to_string_lossy()],
        &a,
    );
    let (_, r) =
        ours(|o| rudder_chart::manager::Manager::new(b.join("nope").to_string_lossy()).update(o));
    assert_eq!(
        r.map_err(|e| e.replace(&*b.to_string_lossy(), "$W")),
        verdict(ok, &stderr).map_err(|e| e.replace(&*a.to_string_lossy(), "$W"))
    );
}
