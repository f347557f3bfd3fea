use super::*;

// Helm's pkg/ignore/rules_test.go TestIgnore table (directories as in its testdata).
#[test]
fn helm_ignore_table() {
    let dirs = ["cargo", "cargo/", "mast/", ".", "./", ""];
    let cases = [
        ("helm.txt", "helm.txt", true),
        ("helm.*", "helm.txt", true),
        ("helm.*", "rudder.txt", false),
        ("*.txt", "tiller.txt", true),
        ("*.txt", "cargo/a.txt", true),
        ("cargo/*.txt", "cargo/a.txt", true),
        ("cargo/*.*", "cargo/a.txt", true),
        ("cargo/*.txt", "mast/a.txt", false),
        ("ru[c-e]?er.txt", "rudder.txt", true),
        ("templates/.?*", "templates/.dotfile", true),
        (".*", ".", false),
        (".*", "./", false),
        (".*", ".joonix", true),
        (".*", "helm.txt", false),
        (".*", "", false),
        ("cargo/", "cargo", true),
        ("cargo/", "cargo/", true),
        ("cargo/", "mast/", false),
        ("helm.txt/", "helm.txt", false),
        ("!helm.txt", "helm.txt", false),
        ("!helm.txt", "tiller.txt", true),
        ("!*.txt", "cargo", true),
        ("!cargo/", "mast/", true),
        ("/a.txt", "a.txt", true),
        ("/a.txt", "cargo/a.txt", false),
        ("/cargo/a.txt", "cargo/a.txt", true),
    ];
    for (pattern, name, want) in cases {
        let r = Rules::parse(pattern.as_bytes()).unwrap();
        assert_eq!(
            r.ignore(name, dirs.contains(&name)),
            want,
            "{pattern} {name}"
        );
    }
}

#[test]
fn parse_skips_comments_and_blanks() {
    let r =
        Rules::parse(b"#ignore\n\n\t#ignore\nfoo\nbar/*\nbaz/bar/foo.txt\n\none/more\n").unwrap();
    assert_eq!(
        r.patterns().collect::<Vec<_>>(),
        ["foo", "bar/*", "baz/bar/foo.txt", "one/more"]
    );
    let r = Rules::parse(b"\xEF\xBB\xBFa\r\nb").unwrap();
    assert_eq!(r.patterns().collect::<Vec<_>>(), ["a", "b"]);
}

#[test]
fn parse_fails_as_helm() {
    assert_eq!(Rules::parse(b"foo/**/bar"), Err(IgnoreError::DoubleStar));
    assert_eq!(
        Rules::parse(b"[z-").unwrap_err().to_string(),
        "syntax error in pattern"
    );
    let long = vec![b'a'; 65_536];
    assert_eq!(Rules::parse(&long), Err(IgnoreError::TokenTooLong));
    assert!(Rules::parse(&long[1..]).is_ok());
}
