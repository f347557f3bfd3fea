//! `rudder create`, `rudder package` and `rudder dependency list|build|update` against the
//! reference Helm: outputs, written files, errors, and cross-loading (each tool loads and
//! renders the archive the other wrote).

mod support;

use support::Sandbox;

fn check(sandbox: &Sandbox, name: &str, args: &[&str]) {
    let run = sandbox.same_as_helm(args);
    insta::assert_snapshot!(name, run.render());
}

#[test]
fn create_scaffolds_and_errors() {
    let s = Sandbox::with_charts();
    let (run, files) = s.same_as_helm_with_files(&["create", "newchart"], "newchart");
    assert!(
        files
            .iter()
            .any(|(name, _)| name == "templates/deployment.yaml")
    );
    insta::assert_snapshot!("create_newchart", run.render());
    let (run, _) = s.same_as_helm_with_files(&["create", "deep/er/chart"], "deep");
    insta::assert_snapshot!("create_missing_parent", run.render());
    // `filepath.Dir("./dotted/")` is `dotted`: Helm creates inside it, and it does not exist.
    let (run, files) = s.same_as_helm_with_files(&["create", "./dotted/"], "dotted");
    assert!(files.is_empty());
    insta::assert_snapshot!("create_dotted", run.render());
    // Overwriting warnings: the chart exists already (both tools run in turn on it).
    s.as_helm(&["create", "again"]);
    check(&s, "create_overwrite", &["create", "again"]);
    let (run, _) = s.same_as_helm_with_files(&["create", "bad%name"], "bad%name");
    insta::assert_snapshot!("create_bad_name", run.render());
    check(&s, "create_help", &["create", "--help"]);
    check(&s, "create_no_args", &["create"]);
    check(&s, "create_too_many", &["create", "a", "b"]);
    check(
        &s,
        "create_missing_starter",
        &["create", "x", "--starter", "nope"],
    );
    check(
        &s,
        "create_v3_gated",
        &["create", "x", "--chart-api-version", "v3"],
    );
    check(
        &s,
        "create_bad_api_version",
        &["create", "x", "--chart-api-version", "v9"],
    );
}

#[test]
fn create_from_starters() {
    let s = Sandbox::with_charts();
    let starters = s.path().join("home/.local/share/helm/starters");
    std::fs::create_dir_all(&starters).expect("mkdir");
    s.as_helm(&["create", "mystarter"]);
    std::fs::rename(s.work().join("mystarter"), starters.join("mystarter")).expect("move");
    let (run, files) =
        s.same_as_helm_with_files(&["create", "fromstarter", "-p", "mystarter"], "fromstarter");
    assert!(
        files
            .iter()
            .any(|(n, c)| n == "Chart.yaml" && c.contains("fromstarter"))
    );
    insta::assert_snapshot!("create_starter", run.render());
    let absolute = starters.join("mystarter").to_string_lossy().into_owned();
    let (run, _) =
        s.same_as_helm_with_files(&["create", "fromabs", "--starter", &absolute], "fromabs");
    insta::assert_snapshot!("create_starter_absolute", run.render());
}

/// Runs `package` with each tool into its own directory; the outputs must agree but for that
/// directory. Returns the two archive paths (rudder's, Helm's).
fn package_both(s: &Sandbox, chart: &str, extra: &[&str], file: &str) -> Option<(String, String)> {
    let mut ours_args = vec!["package", chart, "-d", "ours"];
    ours_args.extend_from_slice(extra);
    let ours = s.as_helm(&ours_args);
    let mut theirs_args = vec!["package", chart, "-d", "theirs"];
    theirs_args.extend_from_slice(extra);
    let theirs = s.reference(&theirs_args)?;
    assert_eq!(
        ours.render().replace("ours/", "DEST/"),
        theirs.render().replace("theirs/", "DEST/"),
        "package {chart} {extra:?}"
    );
    Some((format!("ours/{file}"), format!("theirs/{file}")))
}

/// Helm loads and renders rudder's archive as its own, and rudder Helm's.
fn cross_load(s: &Sandbox, ours: &str, theirs: &str) {
    let ours: &'static str = Box::leak(ours.to_owned().into_boxed_str());
    let theirs: &'static str = Box::leak(theirs.to_owned().into_boxed_str());
    for args in [
        vec!["show", "all"],
        vec!["template", "rel"],
        vec!["lint"],
        vec!["dependency", "list"],
    ] {
        let with = |path: &'static str| {
            let mut a = args.clone();
            a.push(path);
            a
        };
        let helm_on_ours = s.reference(&with(ours)).expect("reference");
        let helm_on_theirs = s.reference(&with(theirs)).expect("reference");
        let rudder_on_theirs = s.as_helm(&with(theirs));
        let scrub = |r: &support::Run, p: &str| r.render().replace(p, "ARCHIVE");
        assert_eq!(
            scrub(&helm_on_ours, ours),
            scrub(&helm_on_theirs, theirs),
            "Helm reads rudder's {ours} as its own ({args:?})"
        );
        assert_eq!(
            scrub(&rudder_on_theirs, theirs),
            scrub(&helm_on_theirs, theirs),
            "rudder reads Helm's {theirs} as Helm does ({args:?})"
        );
    }
}

#[test]
fn package_and_cross_load() {
    let s = Sandbox::with_charts();
    if let Some((ours, theirs)) = package_both(&s, "charts/basic", &[], "basic-0.1.0.tgz") {
        cross_load(&s, &ours, &theirs);
    }
    if let Some((ours, theirs)) = package_both(
        &s,
        "charts/basic",
        &["--version", "1.2.3", "--app-version", "9.9"],
        "basic-1.2.3.tgz",
    ) {
        cross_load(&s, &ours, &theirs);
    }
    if let Some((ours, theirs)) = package_both(
        &s,
        "charts/dep-parent",
        &["--dependency-update"],
        "dep-parent-0.1.0.tgz",
    ) {
        cross_load(&s, &ours, &theirs);
    }
    if let Some((ours, theirs)) = package_both(&s, "charts/library", &[], "library-0.1.0.tgz") {
        cross_load(&s, &ours, &theirs);
    }
}

#[test]
fn package_errors() {
    let s = Sandbox::with_charts();
    check(&s, "package_help", &["package", "--help"]);
    check(&s, "package_no_args", &["package"]);
    check(&s, "package_missing", &["package", "nope"]);
    check(
        &s,
        "package_bad_version",
        &["package", "charts/basic", "--version", "bad"],
    );
    check(
        &s,
        "package_missing_deps",
        &["package", "charts/missing-deps", "-d", "x"],
    );
    check(
        &s,
        "package_broken_chart_yaml",
        &["package", "charts/broken-chart-yaml", "-d", "x"],
    );
    check(
        &s,
        "package_sign_without_key",
        &["package", "charts/basic", "--sign"],
    );
    check(
        &s,
        "package_bad_flag",
        &["package", "--nope", "charts/basic"],
    );
    // Signing needs the repository issue's provenance: refused before anything is written.
    let run = s.as_helm(&[
        "package",
        "charts/basic",
        "--sign",
        "--key",
        "k",
        "-d",
        "signed",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr, "Error: --sign is not supported by rudder yet\n");
    assert!(!s.work().join("signed").exists());
}

#[test]
fn dependency_commands() {
    let s = Sandbox::with_charts();
    check(&s, "dependency_help", &["dependency"]);
    check(
        &s,
        "dependency_update_help",
        &["dependency", "update", "--help"],
    );
    check(&s, "dependency_build_help", &["dep", "build", "--help"]);
    check(
        &s,
        "dependency_list_help",
        &["dependencies", "ls", "--help"],
    );
    check(
        &s,
        "dependency_list",
        &["dependency", "list", "charts/dep-parent"],
    );
    check(
        &s,
        "dependency_list_none",
        &["dependency", "list", "charts/basic"],
    );
    check(
        &s,
        "dependency_list_narrow",
        &[
            "dependency",
            "list",
            "charts/dep-parent",
            "--max-col-width",
            "5",
        ],
    );
    check(
        &s,
        "dependency_list_missing",
        &["dependency", "list", "nope"],
    );
    check(
        &s,
        "dependency_build_missing",
        &["dependency", "build", "nope"],
    );
    check(&s, "dependency_too_many", &["dependency", "list", "a", "b"]);
    check(&s, "dependency_bad_arg", &["dependency", "x"]);
    // update then build: the same charts/ directory and Chart.lock digest from each tool.
    let update = |who: &str| {
        let args = ["dependency", "update", "charts/dep-parent"];
        let run = if who == "rudder" {
            s.as_helm(&args)
        } else {
            s.reference(&args).expect("reference")
        };
        let lock =
            std::fs::read_to_string(s.work().join("charts/dep-parent/Chart.lock")).expect("lock");
        let digest = lock
            .lines()
            .find(|l| l.starts_with("digest:"))
            .unwrap_or_default()
            .to_owned();
        let listed = if who == "rudder" {
            s.as_helm(&["dependency", "list", "charts/dep-parent"])
        } else {
            s.reference(&["dependency", "list", "charts/dep-parent"])
                .expect("reference")
        };
        let _ = std::fs::remove_dir_all(s.work().join("charts/dep-parent/charts"));
        let build = if who == "rudder" {
            s.as_helm(&["dependency", "build", "charts/dep-parent"])
        } else {
            s.reference(&["dependency", "build", "charts/dep-parent"])
                .expect("reference")
        };
        let _ = std::fs::remove_dir_all(s.work().join("charts/dep-parent/charts"));
        let _ = std::fs::remove_file(s.work().join("charts/dep-parent/Chart.lock"));
        (run.render(), digest, listed.render(), build.render())
    };
    let ours = update("rudder");
    if s.reference(&["version"]).is_some() {
        let theirs = update("helm");
        assert_eq!(ours, theirs);
    }
    insta::assert_snapshot!(
        "dependency_update_build",
        format!("{}\n{}\n{}\n{}", ours.0, ours.1, ours.2, ours.3)
    );
}
