//! `ChartPathOptions.LocateChart`: where the chart named on the command line is. Local
//! directories and archives are found here; chart references (`repo/chart`), URLs and OCI
//! references need the repository support of a later issue and say so.

use std::path::Path;

/// Why a chart could not be located; `Display` is Helm's text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LocateError {
    /// `path "./x" not found`: a path that looks local does not exist.
    #[error("path {0:?} not found")]
    NotFound(String),
    /// `non-absolute URLs should be in form of repo_name/path_to_chart, got: x`.
    #[error("non-absolute URLs should be in form of repo_name/path_to_chart, got: {0}")]
    NotAReference(String),
    /// `repo x not found`: the reference names a repository that is not configured.
    #[error("repo {0} not found")]
    RepoNotFound(String),
    /// Downloading from repositories, URLs and registries comes with a later issue.
    #[error("{0} is not supported by rudder yet")]
    Unsupported(String),
}

/// `LocateChart` for the options Helm's commands pass: `repo_url` is `--repo`,
/// `repository_config` the `repositories.yaml` path.
///
/// # Errors
/// See [`LocateError`].
pub fn locate_chart(
    name: &str,
    repo_url: &str,
    repository_config: &str,
) -> Result<String, LocateError> {
    let name = name.trim_matches(|c: char| c.is_ascii_whitespace());
    if name.starts_with("oci://") {
        return Err(LocateError::Unsupported(format!(
            "pulling charts from OCI registries ({name})"
        )));
    }
    if !repo_url.is_empty() {
        return Err(LocateError::Unsupported(format!("--repo ({repo_url})")));
    }
    let path = Path::new(name);
    if std::fs::metadata(path).is_ok() {
        return Ok(go_abs(name));
    }
    if path.is_absolute() || name.starts_with('.') {
        return Err(LocateError::NotFound(name.to_owned()));
    }
    if name.contains("://") {
        return Err(LocateError::Unsupported(format!(
            "downloading charts ({name})"
        )));
    }
    let Some((repo, _)) = name.split_once('/') else {
        return Err(LocateError::NotAReference(name.to_owned()));
    };
    if repository_names(repository_config)
        .iter()
        .any(|r| r == repo)
    {
        return Err(LocateError::Unsupported(format!(
            "charts from repositories ({name})"
        )));
    }
    Err(LocateError::RepoNotFound(repo.to_owned()))
}

/// Go's `filepath.Abs`: joined with the working directory and cleaned.
fn go_abs(path: &str) -> String {
    let joined = if path.starts_with('/') {
        path.to_owned()
    } else {
        let cwd = std::env::current_dir().unwrap_or_default();
        format!("{}/{path}", cwd.to_string_lossy())
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    format!("/{}", parts.join("/"))
}

/// The repository names in `repositories.yaml` (none when it is missing or unreadable).
fn repository_names(path: &str) -> Vec<String> {
    let Ok(data) = std::fs::read(path) else {
        return Vec::new();
    };
    let Ok(doc) = rudder_yaml::sigs::unmarshal(&data) else {
        return Vec::new();
    };
    let Some(list) = doc
        .as_map()
        .and_then(|m| m.get("repositories"))
        .and_then(|r| r.as_list().cloned())
    else {
        return Vec::new();
    };
    list.items()
        .iter()
        .filter_map(|entry| {
            entry
                .as_map()
                .and_then(|m| m.get("name"))
                .and_then(|n| n.as_str().map(str::to_owned))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_paths_references_and_errors() {
        let dir = std::env::temp_dir();
        let found = locate_chart(&dir.to_string_lossy(), "", "/nonexistent").unwrap();
        assert!(Path::new(&found).is_absolute());
        assert_eq!(
            locate_chart("./nope", "", "/nonexistent"),
            Err(LocateError::NotFound("./nope".to_owned()))
        );
        assert_eq!(
            locate_chart("bar", "", "/nonexistent")
                .unwrap_err()
                .to_string(),
            "non-absolute URLs should be in form of repo_name/path_to_chart, got: bar"
        );
        assert_eq!(
            locate_chart("foo/bar", "", "/nonexistent")
                .unwrap_err()
                .to_string(),
            "repo foo not found"
        );
    }
}
