use super::*;

/// A gzip member with the data in stored (uncompressed) DEFLATE blocks.
fn gzip_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
    let chunks: Vec<&[u8]> = if data.is_empty() {
        vec![&[]]
    } else {
        data.chunks(65535).collect()
    };
    for (i, c) in chunks.iter().enumerate() {
        out.push(u8::from(i + 1 == chunks.len()));
        let n = c.len() as u16;
        out.extend_from_slice(&n.to_le_bytes());
        out.extend_from_slice(&(!n).to_le_bytes());
        out.extend_from_slice(c);
    }
    out.extend_from_slice(&gzip::crc32_update(0, data).to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

/// A USTAR header block for `name`.
fn tar_header(name: &str, size: usize, typeflag: u8) -> [u8; 512] {
    let mut h = [0u8; 512];
    h[..name.len()].copy_from_slice(name.as_bytes());
    h[100..107].copy_from_slice(b"0000644");
    h[108..115].copy_from_slice(b"0000000");
    h[116..123].copy_from_slice(b"0000000");
    h[124..135].copy_from_slice(format!("{size:011o}").as_bytes());
    h[136..147].copy_from_slice(b"00000000000");
    h[156] = typeflag;
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    h[148..156].copy_from_slice(b"        ");
    let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
    h[148..155].copy_from_slice(format!("{sum:06o}\0").as_bytes());
    h
}

fn tar(entries: &[(&str, &[u8], u8)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, data, flag) in entries {
        out.extend_from_slice(&tar_header(name, data.len(), *flag));
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(512) * 512, 0);
    }
    out.extend_from_slice(&[0u8; 1024]);
    out
}

fn load(entries: &[(&str, &[u8], u8)]) -> Result<Vec<File>, ArchiveError> {
    load_archive_files(&gzip_stored(&tar(entries)))
}

fn fixture(path: &str) -> Vec<u8> {
    let root = std::path::Path::new(
        &std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned()),
    )
    .join("../../conformance/chart/fixtures/helm");
    std::fs::read(root.join(path)).unwrap()
}

#[test]
fn helm_fixture_archive() {
    let files =
        load_archive_files(&fixture("pkg_chart_v2_loader_testdata/frobnitz-1.2.3.tgz")).unwrap();
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert!(names.contains(&"Chart.yaml"), "{names:?}");
    assert!(names.contains(&"charts/mariner-4.3.2.tgz"), "{names:?}");
    let backslash = load_archive_files(&fixture(
        "pkg_chart_v2_loader_testdata/frobnitz_backslash-1.2.3.tgz",
    ))
    .unwrap();
    assert!(backslash.iter().any(|f| f.name == "templates/template.tpl"));
}

#[test]
fn entries_and_bom() {
    let files = load(&[
        ("c/", b"", b'5'),
        ("c/Chart.yaml", b"\xEF\xBB\xBFname: c\n", b'0'),
        ("c/link", b"", b'2'),
    ])
    .unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(&*files[0].data, b"name: c\n");
    assert_eq!(files[1].name, "link");
    assert!(files[1].data.is_empty());
}

#[test]
fn hostile_names() {
    let e = |name: &str| load(&[(name, b"x", b'0')]).unwrap_err().to_string();
    assert_eq!(
        e("c//etc/passwd"),
        "chart illegally contains absolute paths"
    );
    assert_eq!(
        e("c/../../x"),
        "chart illegally references parent directory"
    );
    assert_eq!(e("c/.."), "chart illegally references parent directory");
    assert_eq!(
        e("x"),
        "chart illegally contains content outside the base directory: \"x\""
    );
    assert_eq!(
        e("c/x/../../.."),
        "chart illegally references parent directory"
    );
    assert_eq!(
        e("c\\..\\..\\x"),
        "chart illegally references parent directory"
    );
    assert_eq!(e("c/c:/x"), "chart contains illegally named files");
    assert_eq!(e("Chart.yaml/x"), "chart yaml not in base directory");
}

#[test]
fn limits() {
    let big = vec![b'a'; MAX_FILE_SIZE as usize + 1];
    assert_eq!(
        load(&[("c/big", &big, b'0')]).unwrap_err().to_string(),
        "decompressed chart file \"c/big\" is larger than the maximum file size 5242880"
    );
    assert_eq!(load(&[]).unwrap_err(), ArchiveError::NoFiles);
}

#[test]
fn corrupt_streams() {
    assert_eq!(load_archive_files(b""), Err(ArchiveError::Eof));
    assert_eq!(
        load_archive_files(b"\x1f\x8b"),
        Err(ArchiveError::UnexpectedEof)
    );
    assert_eq!(
        load_archive_files(b"PK\x03\x04xxxxxxxxxx"),
        Err(ArchiveError::GzipHeader)
    );
    let mut gz = gzip_stored(&tar(&[("c/a", b"x", b'0')]));
    let n = gz.len();
    gz[n - 8] ^= 1;
    // The tar reader stops at the end-of-archive blocks, which end the DEFLATE stream: the
    // trailer is checked as that last read completes, but the error only shows if more is
    // read. Here the whole archive was read, so it loads.
    assert!(load_archive_files(&gz).is_ok());
    let truncated = &gzip_stored(&tar(&[("c/a", &[b'x'; 2000], b'0')]))[..700];
    assert_eq!(
        load_archive_files(truncated),
        Err(ArchiveError::UnexpectedEof)
    );
}

#[test]
fn ensure_archive_messages() {
    assert_eq!(
        ensure_archive("values.yaml", b"a: 1\n").unwrap_err(),
        "file 'values.yaml' seems to be a YAML file, but expected a gzipped archive"
    );
    assert_eq!(
        ensure_archive("chart", b"a: 1\n").unwrap_err(),
        "file 'chart' does not appear to be a gzipped archive; got 'application/octet-stream'"
    );
    assert!(ensure_archive("x.tgz", &gzip_stored(b"")).is_ok());
}
