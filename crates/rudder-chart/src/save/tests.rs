use super::*;

fn fixture(path: &str) -> String {
    let root = std::path::Path::new(
        &std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned()),
    )
    .join("../../conformance/chart/fixtures/helm");
    root.join(path).to_string_lossy().into_owned()
}

#[test]
fn archive_loads_back() {
    let mut w = Vec::new();
    let c = crate::loader::load(&fixture("pkg_chart_v2_loader_testdata/frobnitz"), &mut w).unwrap();
    let bytes = archive(&c, now()).unwrap();
    let back = crate::loader::load_archive(&bytes, &mut w).unwrap();
    assert_eq!(back.name(), c.name());
    assert_eq!(back.templates.len(), c.templates.len());
    assert_eq!(back.files.len(), c.files.len());
    assert_eq!(back.dependencies.len(), c.dependencies.len());
    let gz = &bytes[..10];
    assert_eq!(gz, &[0x1f, 0x8b, 8, 0x14, 0, 0, 0, 0, 0, 255]);
}

#[test]
fn invalid_names_and_schema() {
    let mut c = Chart::new(Metadata {
        name: "a".into(),
        version: "1".into(),
        api_version: "v2".into(),
        ..Metadata::default()
    });
    c.schema = Some(std::sync::Arc::from(&b"{"[..]));
    assert_eq!(
        archive(&c, now()).unwrap_err().to_string(),
        "invalid JSON in values.schema.json"
    );
    c.schema = None;
    c.metadata.version = String::new();
    assert_eq!(
        archive(&c, now()).unwrap_err().to_string(),
        "chart validation: validation: chart.metadata.version is required"
    );
}
