//! `status` with its live `RESOURCES:` section (`helm status`, `pkg/action/status.go`), on the
//! local cluster (`RUDDER_TEST_KUBECONFIG`), rudder against the reference Helm on the same
//! release at the same moment.
//!
//! The reference Helm installs a release with two `ConfigMaps`, a Deployment of two replicas
//! (kwok runs its Pods), a Service and a Job; both tools then print `status` as a table, as
//! JSON and as YAML. Then one `ConfigMap` is deleted behind the release's back: both leave it out
//! without a word. What no tool decides is masked: the `AGE` cells (the server computes them
//! at the request), the resource version of the related-Pod list (the cluster's, which moves
//! between two requests), and the order of the `==> version/Kind` sections, which Helm takes
//! from a Go map at random (rudder sorts them; COMPATIBILITY.md).
//!
//! Without the variable the test says so loudly and passes without running.

mod cluster;

use cluster::Env;
use rudder::kube::{Applier, Discovery, Propagation};
use serde_json::Value as Json;

const CHART: &[(&str, &str)] = &[
    (
        "Chart.yaml",
        "apiVersion: v2\nname: shown\nversion: 0.1.0\nappVersion: \"1.0\"\n",
    ),
    (
        "templates/cms.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-a\ndata:\n  x: \"1\"\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-a-much-longer-name\ndata:\n  x: \"1\"\n  y: \"2\"\n",
    ),
    (
        "templates/deploy.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-web\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n      release: {{ .Release.Name }}\n  template:\n    metadata:\n      labels:\n        app: web\n        release: {{ .Release.Name }}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n",
    ),
    (
        "templates/svc.yaml",
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}-svc\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n      name: http\n",
    ),
    (
        "templates/job.yaml",
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ .Release.Name }}-job\nspec:\n  backoffLimit: 0\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: job\n          image: busybox:1.36\n",
    ),
    ("templates/NOTES.txt", "Shown {{ .Release.Name }}.\n"),
];

/// The table output with every age cell masked (`cluster::mask_ages`) and the `RESOURCES:`
/// sections sorted.
fn normalize_table(text: &str) -> String {
    let masked: Vec<String> = cluster::mask_ages(text)
        .lines()
        .map(str::to_owned)
        .collect();
    let Some(start) = masked.iter().position(|l| l == "RESOURCES:") else {
        return masked.join("\n");
    };
    // `RESOURCES:\n%s\n`: the sections, then one more empty line.
    let end = masked
        .iter()
        .position(|l| l.starts_with("TEST SUITE"))
        .unwrap_or(masked.len());
    assert_eq!(masked[end - 1], "", "{text}");
    let mut sections: Vec<Vec<String>> = Vec::new();
    for l in &masked[start + 1..end - 1] {
        if l.starts_with("==> ") || sections.is_empty() {
            sections.push(Vec::new());
        }
        sections.last_mut().unwrap().push(l.clone());
    }
    sections.sort();
    let mut out: Vec<String> = masked[..=start].to_vec();
    out.extend(sections.into_iter().flatten());
    out.extend(masked[end - 1..].iter().cloned());
    out.join("\n")
}

/// The JSON output with what the cluster changes between two reads masked in the resources:
/// resource versions, `managedFields` times and the objects' `status` (the Job controller and
/// kwok update them while the two tools read).
fn normalize_json(text: &str) -> Json {
    fn mask(v: &mut Json) {
        match v {
            Json::Object(map) => {
                if map.contains_key("kind")
                    && map.contains_key("apiVersion")
                    && let Some(status) = map.get_mut("status")
                {
                    *status = Json::String("<status>".into());
                }
                if let Some(rv) = map.get_mut("resourceVersion") {
                    *rv = Json::String("<rv>".into());
                }
                if let Some(Json::Array(fields)) = map.get_mut("managedFields") {
                    for f in fields.iter_mut().filter_map(Json::as_object_mut) {
                        f.remove("time");
                        f.remove("fieldsV1");
                    }
                }
                map.values_mut().for_each(mask);
            }
            Json::Array(items) => items.iter_mut().for_each(mask),
            _ => {}
        }
    }
    let mut v: Json = serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"));
    if let Some(resources) = v.pointer_mut("/info/resources") {
        mask(resources);
    }
    v
}

fn stdout_of(run: &str) -> &str {
    let start = run.find("--- stdout\n").unwrap() + "--- stdout\n".len();
    let end = run.find("\n--- stderr").unwrap() + 1;
    &run[start..end]
}

#[test]
fn status_resources_as_helm() {
    let Some(env) = Env::new("shown", CHART) else {
        return;
    };
    let chart = env.chart_arg();
    let ns = format!("status-{}", std::process::id());
    let install = env.run(
        "helm",
        &ns,
        &[
            "install",
            "s",
            &chart,
            "--create-namespace",
            "--wait",
            "--timeout",
            "90s",
        ],
    );
    assert!(install.starts_with("status Some(0)"), "{install}");

    let compare = |step: &str| {
        // Controllers and kwok keep writing status for a moment after an install (the Job's
        // Pod becoming ready): wait until two reads a second apart agree, so that both tools
        // read the same objects.
        let mut last = String::new();
        for _ in 0..30 {
            let now = env.run("helm", &ns, &["status", "s", "-o", "yaml"]);
            if now == last {
                break;
            }
            last = now;
            std::thread::sleep(std::time::Duration::from_secs(1));
        }
        let helm = env.run("helm", &ns, &["status", "s"]);
        let rudder = env.run("rudder", &ns, &["status", "s"]);
        assert!(helm.contains("RESOURCES:\n==> "), "{step}: {helm}");
        cluster::assert_same(
            step,
            "status (table)",
            &normalize_table(&helm),
            &normalize_table(&rudder),
        );
        for format in ["json", "yaml"] {
            let helm = env.run("helm", &ns, &["status", "s", "-o", format]);
            let rudder = env.run("rudder", &ns, &["status", "s", "-o", format]);
            let (h, r) = if format == "json" {
                (
                    normalize_json(stdout_of(&helm)),
                    normalize_json(stdout_of(&rudder)),
                )
            } else {
                // YAML through JSON: the same document, the same masking.
                let to_json = |t: &str| {
                    rudder::yaml::sigs::yaml_to_json(t.as_bytes()).unwrap_or_else(|e| {
                        panic!("{e}: {t}");
                    })
                };
                (
                    normalize_json(&to_json(stdout_of(&helm))),
                    normalize_json(&to_json(stdout_of(&rudder))),
                )
            };
            assert!(
                h.pointer("/info/resources/v1~1Deployment").is_some(),
                "{step}: {helm}"
            );
            cluster::assert_same(step, &format!("status -o {format}"), &h, &r);
            // Apart from the masked list version, the same bytes.
            let strip = |t: &str| {
                t.lines()
                    .filter(|l| !l.contains("resourceVersion"))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            if format == "yaml" {
                cluster::assert_same(step, "status -o yaml bytes", &strip(&helm), &strip(&rudder));
            }
        }
    };
    compare("installed");

    // One ConfigMap gone: both leave it out.
    env.runtime.block_on(async {
        let client = env.client(&ns).await;
        let discovery = Discovery::run(&client).await.unwrap();
        let doc = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s-a\n";
        let resources = rudder::kube::resource::build(doc, &discovery, &ns).unwrap();
        let (_, errors) = Applier::new(client)
            .delete(&resources, Propagation::Background)
            .await;
        assert!(errors.is_empty(), "{errors:?}");
    });
    compare("a ConfigMap deleted");

    let _ = env.run("helm", &ns, &["uninstall", "s", "--wait"]);
}

#[test]
fn age_cells_are_recognized() {
    for age in ["5s", "119s", "2m3s", "4h", "3d1h", "<unknown>"] {
        assert!(cluster::is_age(age), "{age}");
    }
    for other in ["1/1", "Running", "0", "80/TCP", "<none>", "r1-a"] {
        assert!(!cluster::is_age(other), "{other}");
    }
}
