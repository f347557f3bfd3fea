//! `base`, `dir`, `clean`, `ext`, `isAbs` (Go's `path`) and their `os*` twins (Go's
//! `path/filepath`, which on Linux and macOS, where Helm runs, behaves the same).

/// `path.Clean`: the shortest equivalent slash path, purely lexical.
pub(crate) fn clean(p: &str) -> String {
    if p.is_empty() {
        return ".".to_owned();
    }
    let rooted = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for elem in p.split('/') {
        match elem {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|last| *last != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_owned(),
        (false, false) => joined,
    }
}

/// `path.Base`: the last element, trailing slashes ignored; `.` for empty, `/` for slashes.
pub(crate) fn base(p: &str) -> String {
    if p.is_empty() {
        return ".".to_owned();
    }
    let trimmed = p.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/".to_owned();
    }
    match trimmed.rfind('/') {
        Some(i) => trimmed[i + 1..].to_owned(),
        None => trimmed.to_owned(),
    }
}

/// `path.Dir`: `Clean` of everything up to the last slash.
pub(crate) fn dir(p: &str) -> String {
    let cut = p.rfind('/').map_or(0, |i| i + 1);
    clean(&p[..cut])
}

/// `path.Ext`: from the last dot of the last element, or empty.
pub(crate) fn ext(p: &str) -> String {
    for (i, b) in p.bytes().enumerate().rev() {
        match b {
            b'/' => break,
            b'.' => return p[i..].to_owned(),
            _ => {}
        }
    }
    String::new()
}

/// `path.IsAbs`.
pub(crate) fn is_abs(p: &str) -> bool {
    p.starts_with('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_path_table() {
        for (input, want) in [
            ("", "."),
            ("abc", "abc"),
            ("a//b", "a/b"),
            ("a/./b", "a/b"),
            ("a/../b", "b"),
            ("../a", "../a"),
            ("/../a", "/a"),
            ("a/b/..", "a"),
            ("..", ".."),
            ("/", "/"),
            ("abc/def/../../..", ".."),
            ("abc/./../def", "def"),
        ] {
            assert_eq!(clean(input), want, "{input}");
        }
        assert_eq!(base("/a/b/"), "b");
        assert_eq!(base("///"), "/");
        assert_eq!(dir("/a/b"), "/a");
        assert_eq!(dir("ab"), ".");
        assert_eq!(ext("a/b.tar.gz"), ".gz");
        assert_eq!(ext("a.b/c"), "");
    }
}
