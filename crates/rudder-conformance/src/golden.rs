//! Golden cases: `golden/<case>/` of the corpus, a command and the upstream output it must give.
//!
//! The command (`flags.txt`, one line, shell syntax) is split into words the way a POSIX shell
//! would (quotes, backslashes; no globbing, like Helm's Go tests, which pass words as they are),
//! `;` separates commands run in order, the leading `helm` becomes the tool, and `$CHART`,
//! `$GOLDEN` are replaced by paths (`$OUT` by a fresh directory when it runs).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use yaml_rust2::{Yaml, YamlLoader};

use crate::compare::{self, Verdict, semantic};
use crate::corpus::has_suffix;
use crate::exec::{Invocation, RunRecord, read_tree};

/// The comparison class (golden/README.md).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum GoldenClass {
    Exact,
    Helm3,
    Postprocess,
    Semantic(semantic::Rules),
}

impl GoldenClass {
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Self::Exact => "golden-exact",
            Self::Helm3 => "golden-helm3",
            Self::Postprocess => "golden-postprocessed",
            Self::Semantic(_) => "golden-semantic",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) enum Expected {
    Text(Vec<u8>),
    Files(BTreeMap<String, Vec<u8>>),
}

#[derive(Debug, Clone)]
pub(crate) struct GoldenCase {
    /// The directory name under `golden/`.
    pub(crate) name: String,
    pub(crate) dir: PathBuf,
    pub(crate) chart_id: String,
    pub(crate) class: GoldenClass,
    pub(crate) expect_error: bool,
    /// The commands, still with their placeholders.
    commands: Vec<Vec<String>>,
    expected: Expected,
}

/// The default Kubernetes version inside `go test`, where the `exact` outputs were made.
const GO_TEST_KUBE_VERSION: &str = "v1.20.0";

impl GoldenCase {
    /// Loads `golden/<name>/`.
    ///
    /// # Errors
    ///
    /// A missing or malformed `case.yaml`, `flags.txt` or expected output.
    pub(crate) fn load(dir: &Path) -> Result<Self> {
        let name = dir
            .file_name()
            .context("golden case without a name")?
            .to_string_lossy()
            .into_owned();
        let text = fs_err::read_to_string(dir.join("case.yaml"))?;
        let docs = YamlLoader::load_from_str(&text)
            .with_context(|| format!("{}/case.yaml", dir.display()))?;
        let case = docs.first().context("empty case.yaml")?;
        let field = |key: &str| -> Result<String> {
            case[key]
                .as_str()
                .map(str::to_owned)
                .with_context(|| format!("{name}/case.yaml: no {key}"))
        };
        let comparison = field("comparison")?;
        let class = if comparison == "exact" {
            GoldenClass::Exact
        } else if comparison.starts_with("exact for Helm 3") {
            GoldenClass::Helm3
        } else if comparison.starts_with("exact after") {
            GoldenClass::Postprocess
        } else if comparison.starts_with("semantic only") {
            GoldenClass::Semantic(semantic_rules(dir, &comparison, &field("postprocess")?)?)
        } else {
            bail!("{name}: unknown comparison {comparison:?}");
        };
        let expect_error = matches!(case["expect_error"], Yaml::Boolean(true));
        let flags = fs_err::read_to_string(dir.join("flags.txt"))?;
        let commands = parse_command(flags.trim()).with_context(|| format!("{name}/flags.txt"))?;
        let expected_name = field("expected")?;
        let expected_path = dir.join(expected_name.trim_end_matches('/'));
        let expected = if expected_path.is_dir() {
            Expected::Files(read_tree(&expected_path)?)
        } else {
            Expected::Text(fs_err::read(&expected_path)?)
        };
        let chart_id = field("chart")?;
        Ok(Self {
            name,
            dir: dir.to_owned(),
            chart_id,
            class,
            expect_error,
            commands,
            expected,
        })
    }

    /// The commands to run on `chart` (arguments after the program).
    pub(crate) fn invocation(&self, chart: &Path) -> Invocation {
        let chart = chart.to_string_lossy();
        let golden = self.dir.to_string_lossy();
        let commands = self
            .commands
            .iter()
            .map(|command| {
                let mut args: Vec<String> = command
                    .iter()
                    .map(|arg| arg.replace("$CHART", &chart).replace("$GOLDEN", &golden))
                    .collect();
                let sets_kube_version = args
                    .iter()
                    .any(|arg| arg == "--kube-version" || arg.starts_with("--kube-version="));
                if self.class == GoldenClass::Exact && !sets_kube_version {
                    args.extend(["--kube-version".to_owned(), GO_TEST_KUBE_VERSION.to_owned()]);
                }
                args
            })
            .collect();
        Invocation { commands }
    }

    /// Judges a tool's run against the expected output.
    ///
    /// # Errors
    ///
    /// The expected output is unusable for its class (a corpus problem).
    pub(crate) fn judge(&self, record: &RunRecord) -> Result<Verdict> {
        match (&self.class, &self.expected) {
            (GoldenClass::Exact, Expected::Text(text)) => {
                Ok(compare::exact::compare(text, record, self.expect_error))
            }
            (GoldenClass::Helm3, Expected::Text(text)) => Ok(compare::helm3::compare(text, record)),
            (GoldenClass::Postprocess, Expected::Files(files)) => {
                Ok(compare::postprocess::compare(files, record))
            }
            (GoldenClass::Semantic(rules), Expected::Text(text)) => {
                compare::semantic::compare(text, record, rules)
            }
            (class, _) => bail!(
                "{}: expected output of the wrong shape for {}",
                self.name,
                class.name()
            ),
        }
    }
}

/// Loads every case under `golden/`, sorted by name.
///
/// # Errors
///
/// As [`GoldenCase::load`].
pub(crate) fn load_all(corpus: &Path) -> Result<Vec<GoldenCase>> {
    let root = corpus.join("golden");
    if !root.is_dir() {
        return Ok(Vec::new());
    }
    let mut dirs: Vec<PathBuf> = fs_err::read_dir(&root)?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<Result<_, _>>()?;
    dirs.retain(|dir| dir.join("case.yaml").is_file());
    dirs.sort();
    dirs.iter().map(|dir| GoldenCase::load(dir)).collect()
}

/// The semantic rules of a case, from its `comparison` and `postprocess` fields and its
/// `postprocess/` directory (the kustomize inputs).
fn semantic_rules(dir: &Path, comparison: &str, postprocess: &str) -> Result<semantic::Rules> {
    let mut rules = semantic::Rules {
        sed_helm_lines: postprocess.contains("sed -i"),
        drop_chart_label: comparison.contains("helm.sh/chart label"),
        ..semantic::Rules::default()
    };
    let postprocess = dir.join("postprocess");
    if postprocess.is_dir() {
        let mut kustomize = semantic::Kustomize::default();
        for (path, content) in read_tree(&postprocess)? {
            let text = String::from_utf8_lossy(&content);
            let name = Path::new(&path)
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            if name.eq_ignore_ascii_case("kustomization.yaml") {
                kustomize.drop_deployment_replicas |=
                    text.contains("kind: Deployment") && text.contains("path: /spec/replicas");
            } else if [".yaml", ".yml"]
                .iter()
                .any(|suffix| has_suffix(&name, suffix))
            {
                kustomize
                    .added_objects
                    .extend(semantic::parse_documents(&text)?);
            }
        }
        rules.kustomize = Some(kustomize);
    }
    Ok(rules)
}

/// Splits a command line into commands (at `;` words) of words; drops each leading `helm`.
///
/// # Errors
///
/// Unbalanced quotes, or a command that does not start with `helm`.
pub(crate) fn parse_command(line: &str) -> Result<Vec<Vec<String>>> {
    let words = shell_words::split(line).context("cannot split the command line")?;
    let mut commands = Vec::new();
    for command in words
        .split(|word| word == ";")
        .filter(|command| !command.is_empty())
    {
        match command.split_first() {
            Some((program, args)) if program == "helm" => commands.push(args.to_vec()),
            _ => bail!("not a helm command: {command:?}"),
        }
    }
    if commands.is_empty() {
        bail!("empty command line");
    }
    Ok(commands)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_like_a_shell_without_globbing() {
        let commands =
            parse_command(r#"helm template $CHART --name-template='foobar-{{ b64enc "abc" | lower }}-baz' --show-only templates/subdir/role*"#)
                .unwrap();
        assert_eq!(
            commands,
            [[
                "template",
                "$CHART",
                r#"--name-template=foobar-{{ b64enc "abc" | lower }}-baz"#,
                "--show-only",
                "templates/subdir/role*"
            ]]
        );
        let commands =
            parse_command("helm template a $CHART --output-dir $OUT ; helm template b $CHART")
                .unwrap();
        assert_eq!(commands.len(), 2);
        assert!(parse_command("kubectl apply").is_err());
        assert!(parse_command("helm template 'x").is_err());
    }

    #[test]
    fn exact_cases_get_the_go_test_kube_version() {
        let mut case = GoldenCase {
            name: "x".into(),
            dir: "/golden/x".into(),
            chart_id: "c".into(),
            class: GoldenClass::Exact,
            expect_error: false,
            commands: parse_command("helm template $CHART -f $GOLDEN/v.yaml").unwrap(),
            expected: Expected::Text(Vec::new()),
        };
        let invocation = case.invocation(Path::new("/charts/c"));
        assert_eq!(
            invocation.commands,
            [[
                "template",
                "/charts/c",
                "-f",
                "/golden/x/v.yaml",
                "--kube-version",
                "v1.20.0"
            ]]
        );
        case.commands = parse_command("helm template $CHART --kube-version 1.16.0").unwrap();
        assert_eq!(
            case.invocation(Path::new("/c")).commands,
            [["template", "/c", "--kube-version", "1.16.0"]]
        );
        case.class = GoldenClass::Helm3;
        case.commands = parse_command("helm template $CHART").unwrap();
        assert_eq!(
            case.invocation(Path::new("/c")).commands,
            [["template", "/c"]]
        );
    }
}
