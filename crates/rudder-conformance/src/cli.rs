//! Command-line options of the runner (hand-parsed: a handful of flags does not need a parser crate).

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};

pub(crate) const USAGE: &str = "\
usage: rudder-conformance template|lint|show|create|postrender [options]

template: renders every corpus chart (default values and each ci/*.yaml) and every golden
case with `rudder template` and the reference Helm, compares them, writes a report and prints
as its last line `template: N/M identical`.

lint, show, create: the corpus charts through `lint` (plain, and --strict --with-subcharts),
`show all` and `show crds`, and `create` (each chart as a --starter, and plain scaffolds),
compared byte for byte (files written included); last line `<suite>: N/M identical`.

postrender: the corpus charts through `template --post-renderer` with an identity plugin
(`cat`) and a label-adding one, compared byte for byte; last line `postrender: N/M identical`.

options:
  --jobs N, -j N      cases run in parallel (default 2)
  --filter SUBSTRING  only cases whose id contains SUBSTRING
  --rudder PATH       the rudder binary (default: cargo build --release -p rudder-cli --bin rudder,
                      then $CARGO_TARGET_DIR/release/rudder)
  --helm PATH         the reference Helm (default: the path printed by tools/reference-helm.sh)
  --corpus DIR        the chart corpus (default: $RUDDER_CORPUS, else ../shared/corpus from the repo root)
  --report DIR        the report directory (default: report/template under the repo root)
  --no-cache          run the reference Helm again instead of reading its cached outputs
  --timeout SECONDS   per-process time limit (default 300)
  --min N             exit 1 when fewer than N cases are identical (a CI ratchet)
  --all               exit 1 unless every case is identical (template: or one where the
                      reference Helm crashes and rudder refuses the chart; lint, show,
                      create: or one named by --known, which must still differ)
  --known CASE        lint, show, create: a case id that differs deliberately (a row of
                      COMPATIBILITY.md); repeatable
  -h, --help          this text

exit status: 0 when the scoreboard was measured (whatever N is), 1 when --min or --all is not met,
2 when the harness itself failed (Helm or corpus missing, a chart failed to package...).";

/// What the command line asked for.
#[derive(Debug)]
pub(crate) struct Options {
    pub(crate) jobs: usize,
    pub(crate) filter: Option<String>,
    pub(crate) rudder: Option<PathBuf>,
    pub(crate) helm: Option<PathBuf>,
    pub(crate) corpus: Option<PathBuf>,
    pub(crate) report: Option<PathBuf>,
    pub(crate) no_cache: bool,
    pub(crate) timeout: Duration,
    pub(crate) min: Option<usize>,
    /// `--all`: every case must be identical.
    pub(crate) all: bool,
    /// `--known`: case ids of deliberate differences (offline suites).
    pub(crate) known: Vec<String>,
    /// `template`, `lint`, `show` or `create`.
    pub(crate) suite: String,
}

/// The outcome of parsing: options to run with, or a request for the usage text.
#[derive(Debug)]
pub(crate) enum Parsed {
    Run(Box<Options>),
    Help,
}

/// Parses the arguments after the program name.
///
/// # Errors
///
/// An unknown suite or flag, a missing or malformed flag value.
pub(crate) fn parse(args: &[String]) -> Result<Parsed> {
    let mut options = Options {
        jobs: 2,
        filter: None,
        rudder: None,
        helm: None,
        corpus: None,
        report: None,
        no_cache: false,
        timeout: Duration::from_mins(5),
        min: None,
        all: false,
        known: Vec::new(),
        suite: String::new(),
    };
    let mut suite = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_owned())),
            _ => (arg.as_str(), None),
        };
        let mut value = |name: &str| -> Result<String> {
            match inline.clone() {
                Some(value) => Ok(value),
                None => rest
                    .next()
                    .cloned()
                    .with_context(|| format!("{name} needs a value")),
            }
        };
        match flag {
            "-h" | "--help" => return Ok(Parsed::Help),
            "-j" | "--jobs" => {
                options.jobs = parse_number(flag, &value(flag)?)?;
                if options.jobs == 0 {
                    bail!("--jobs must be at least 1");
                }
            }
            "--filter" => options.filter = Some(value(flag)?),
            "--rudder" => options.rudder = Some(value(flag)?.into()),
            "--helm" => options.helm = Some(value(flag)?.into()),
            "--corpus" => options.corpus = Some(value(flag)?.into()),
            "--report" => options.report = Some(value(flag)?.into()),
            "--no-cache" => options.no_cache = true,
            "--all" => options.all = true,
            "--known" => options.known.push(value(flag)?),
            "--timeout" => {
                options.timeout = Duration::from_secs(parse_number(flag, &value(flag)?)? as u64);
            }
            "--min" => options.min = Some(parse_number(flag, &value(flag)?)?),
            _ if flag.starts_with('-') => bail!("unknown flag {arg}\n\n{USAGE}"),
            "template" | "lint" | "show" | "create" | "postrender" if suite.is_none() => {
                suite = Some(flag.to_owned());
            }
            _ => bail!("unknown suite {arg:?}\n\n{USAGE}"),
        }
    }
    let Some(suite) = suite else {
        bail!("which suite? (template, lint, show, create or postrender)\n\n{USAGE}");
    };
    options.suite = suite;
    Ok(Parsed::Run(Box::new(options)))
}

fn parse_number(flag: &str, text: &str) -> Result<usize> {
    text.parse()
        .with_context(|| format!("{flag} expects a number, not {text:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn defaults_and_flags() {
        let Parsed::Run(options) = parse(&args("template")).unwrap() else {
            panic!()
        };
        assert_eq!(options.jobs, 2);
        assert!(!options.no_cache);
        let Parsed::Run(options) = parse(&args(
            "template --jobs=4 --filter nginx --min 3 --no-cache --all --known a --known=b",
        ))
        .unwrap() else {
            panic!()
        };
        assert_eq!(options.jobs, 4);
        assert_eq!(options.filter.as_deref(), Some("nginx"));
        assert_eq!(options.min, Some(3));
        assert!(options.no_cache);
        assert!(options.all);
        assert_eq!(options.known, ["a", "b"]);
    }

    #[test]
    fn rejects_unknown_input() {
        assert!(parse(&args("")).is_err());
        assert!(parse(&args("bogus")).is_err());
        assert!(matches!(parse(&args("lint")).unwrap(), Parsed::Run(o) if o.suite == "lint"));
        assert!(parse(&args("template --bogus")).is_err());
        assert!(parse(&args("template --jobs")).is_err());
        assert!(parse(&args("template --jobs 0")).is_err());
        assert!(matches!(parse(&args("--help")).unwrap(), Parsed::Help));
    }
}
