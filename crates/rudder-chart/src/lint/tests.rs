use super::*;

struct NoUrls;

impl UrlParser for NoUrls {
    fn parse(&self, _raw: &str) -> Option<UrlParts> {
        None
    }
    fn parse_request_uri(&self, _raw: &str) -> Option<UrlParts> {
        None
    }
}

#[test]
fn messages_print_as_helm_prints_them() {
    let m = Message {
        severity: Severity::Warning,
        path: "templates/".to_owned(),
        err: "directory does not exist".to_owned(),
    };
    assert_eq!(
        m.to_string(),
        "[WARNING] templates/: directory does not exist"
    );
    let mut linter = Linter::new("/x/chart/");
    assert_eq!(linter.chart_dir, "/x/chart");
    assert!(linter.run_rule(Severity::Error, "a", Ok(())));
    assert!(!linter.run_rule(Severity::Info, "a", Err("e".to_owned())));
    assert_eq!(linter.highest_severity, Severity::Info);
    let _ = NoUrls.parse("x");
}

#[test]
fn emails_as_govalidator_reads_them() {
    for good in [
        "a@b.co",
        "first.last@example.com",
        "x+y@sub.example.org",
        "\"quoted\"@example.com",
        "user@example.com.",
        "ü@例え.テスト",
    ] {
        assert!(is_email(good), "{good}");
    }
    for bad in [
        "",
        "notanemail",
        "a@b",
        "a@b.c1",
        "a@@b.com",
        "a b@c.com",
        ".a@b.com",
        "a@-b.com",
        "a@b..com",
    ] {
        assert!(!is_email(bad), "{bad}");
    }
}

#[test]
fn names_as_kubernetes_validates_them() {
    let obj = |kind: &str, name: &str| K8sObject {
        kind: kind.to_owned(),
        name: name.to_owned(),
        ..K8sObject::default()
    };
    assert!(validate_metadata_name(&obj("Deployment", "a.b-c")).is_ok());
    assert_eq!(
        validate_metadata_name(&obj("Service", "1abc")).unwrap_err(),
        "object name does not conform to Kubernetes naming requirements: \"1abc\": metadata.name: Invalid value: \"1abc\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
    );
    assert_eq!(
        validate_metadata_name(&obj("Namespace", "a.b")).unwrap_err(),
        "object name does not conform to Kubernetes naming requirements: \"a.b\": metadata.name: Invalid value: \"a.b\": must not contain dots"
    );
    assert!(validate_metadata_name(&obj("ClusterRole", "system:foo")).is_ok());
    assert!(validate_metadata_name(&obj("Role", "..")).is_err());
    assert!(validate_metadata_name(&obj("CertificateSigningRequest", "ANY")).is_ok());
    let long = "a".repeat(64);
    let err = validate_metadata_name(&obj("Service", &long)).unwrap_err();
    assert!(err.ends_with("must be no more than 63 bytes"), "{err}");
    let err = validate_metadata_name(&obj("Service", &format!("{long}-"))).unwrap_err();
    assert!(err.contains(": [metadata.name: Invalid value"), "{err}");
}

#[test]
fn documents_as_the_yaml_or_json_decoder_yields_them() {
    let docs = decode_objects(
        "# c\n---\napiVersion: v1\nkind: A\nmetadata:\n  name: x\n---\n\n---\nkind: B\n",
    );
    let kinds: Vec<String> = docs
        .iter()
        .map(|d| {
            d.as_ref()
                .unwrap()
                .as_ref()
                .map_or("-".to_owned(), |o| o.kind.clone())
        })
        .collect();
    // A blank line between separators is a document of its own (null).
    assert_eq!(kinds, ["-", "A", "-", "B"]);
    let docs = decode_objects("kind: A\n--- x\nkind: B\n");
    assert_eq!(docs.len(), 2);
    assert_eq!(
        docs[1].as_ref().unwrap_err(),
        "invalid Yaml document separator: x"
    );
    let docs = decode_objects("kind: [1]\n");
    assert!(
        docs[0]
            .as_ref()
            .unwrap_err()
            .contains("cannot unmarshal array"),
        "{docs:?}"
    );
}

#[test]
fn deprecated_apis_as_client_go_marks_them() {
    assert_eq!(
        no_deprecations("extensions/v1beta1", "Ingress", 1, 20).unwrap_err(),
        "extensions/v1beta1 Ingress is deprecated in v1.14+, unavailable in v1.22+; use networking.k8s.io/v1 Ingress"
    );
    assert!(no_deprecations("extensions/v1beta1", "Ingress", 1, 13).is_ok());
    assert!(no_deprecations("apps/v1", "Deployment", 1, 36).is_ok());
    assert!(no_deprecations("example.com/v1", "Thing", 1, 36).is_ok());
}

#[test]
fn indentation_and_extensions() {
    assert!(validate_top_indent_level("\n\nkind: A\n").is_ok());
    assert_eq!(
        validate_top_indent_level("\n  kind: A\n").unwrap_err(),
        "document starts with an illegal indent: \"  kind: A\", which may cause parsing problems"
    );
    assert!(validate_allowed_extension("templates/a.yaml").is_ok());
    assert_eq!(
        validate_allowed_extension("templates/a.json").unwrap_err(),
        "file extension '.json' not valid. Valid extensions are .yaml, .yml, .tpl, or .txt"
    );
    assert!(is_yaml_file_extension("a.YML"));
}
