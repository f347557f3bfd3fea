//! `rudder package`: Helm's `pkg/cmd/package.go` and `action.Package` over `rudder-chart`'s
//! saver (`--version`, `--app-version`, `--destination`, `--dependency-update` for vendored
//! and `file://` dependencies). Signing comes with the repository issue and is refused.

use std::path::Path;

use crate::args::{Args, Command, Flag, Invocation};
use crate::exit::CommandError;
use crate::settings::Env;

const PACKAGE_DESC: &str = "
This command packages a chart into a versioned chart archive file. If a path
is given, this will look at that path for a chart (which must contain a
Chart.yaml file) and then package that directory.

Versioned chart archives are used by Helm package repositories.

To sign a chart, use the '--sign' flag. In most cases, you should also
provide '--keyring path/to/secret/keys' and '--key keyname'.

  $ helm package --sign ./mychart --key mykey --keyring ~/.gnupg/secring.gpg

If '--keyring' is not specified, Helm usually defaults to the public keyring
unless your environment is otherwise configured.
";

/// `defaultKeyring()`: `$GNUPGHOME/pubring.gpg`, else `~/.gnupg/pubring.gpg`.
pub(crate) fn default_keyring(env: &Env) -> String {
    if let Some(home) = std::env::var_os("GNUPGHOME") {
        return crate::settings::go_join(&[&home.to_string_lossy(), "pubring.gpg"]);
    }
    let home = env.get("HOME").to_owned();
    crate::settings::go_join(&[&home, ".gnupg", "pubring.gpg"])
}

pub(crate) fn command(env: &Env) -> Command {
    Command::new("package [CHART_PATH] [...]")
        .short("package a chart directory into a chart archive")
        .long(PACKAGE_DESC)
        .args(Args::Legacy)
        .flag(Flag::bool("sign", "", false, "use a PGP private key to sign this package"))
        .flag(Flag::string("key", "", "", "name of the key to use when signing. Used if --sign is true"))
        .flag(Flag::string("keyring", "", &default_keyring(env), "location of a public keyring"))
        .flag(Flag::string("passphrase-file", "", "", "location of a file which contains the passphrase for the signing key. Use \"-\" in order to read from stdin."))
        .flag(Flag::string("version", "", "", "set the version on the chart to this semver version"))
        .flag(Flag::string("app-version", "", "", "set the appVersion on the chart to this version"))
        .flag(Flag::string("destination", "d", ".", "location to write the chart."))
        .flag(Flag::bool("dependency-update", "u", false, "update dependencies from \"Chart.yaml\" to dir \"charts/\" before packaging"))
        .flags(super::flags::registry_flags())
        .run(run)
}

fn run(inv: &mut Invocation<'_>) -> Result<(), CommandError> {
    if inv.args.is_empty() {
        return Err(CommandError::new(
            "need at least one argument, the path to the chart",
        ));
    }
    if inv.flags.get_bool("sign") {
        if inv.flags.get_string("key").is_empty() {
            return Err(CommandError::new("--key is required for signing a package"));
        }
        if inv.flags.get_string("keyring").is_empty() {
            return Err(CommandError::new(
                "--keyring is required for signing a package",
            ));
        }
        return Err(CommandError::unsupported("--sign"));
    }
    let cwd = std::env::current_dir()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    for arg in inv.args.clone() {
        let path = if arg.starts_with('/') {
            crate::settings::go_clean(&arg)
        } else {
            crate::settings::go_join(&[&cwd, &arg])
        };
        if let Err(e) = std::fs::metadata(&arg) {
            return Err(CommandError::new(format!("stat {arg}: {}", io_text(&e))));
        }
        if inv.flags.get_bool("dependency-update") {
            let mut manager = rudder::chart::manager::Manager::new(path.clone());
            manager.debug = inv.settings.debug;
            manager
                .update(&mut std::io::sink())
                .map_err(|e| CommandError::new(e.to_string()))?;
        }
        let saved = package(inv, &path, &cwd)?;
        writeln!(
            inv.out,
            "Successfully packaged chart and saved it to: {saved}"
        )?;
    }
    Ok(())
}

/// `Package.Run`.
fn package(inv: &mut Invocation<'_>, path: &str, cwd: &str) -> Result<String, CommandError> {
    let mut warnings = Vec::new();
    let chart = rudder::chart::loader::load_dir(path, &mut warnings);
    for warning in warnings {
        crate::log::helm_warning(inv.err, &warning);
    }
    let mut chart = chart.map_err(|e| CommandError::new(e.to_string()))?;
    if chart.api == rudder::chart::chart::ChartApi::V3 {
        return Err(CommandError::new("invalid chart apiVersion"));
    }
    let version = inv.flags.get_string("version");
    if !version.is_empty() {
        version.clone_into(&mut chart.metadata.version);
    }
    if let Err(e) = rudder::chart::semver::Version::parse(&chart.metadata.version) {
        return Err(CommandError::new(e.to_string()));
    }
    let app_version = inv.flags.get_string("app-version");
    if !app_version.is_empty() {
        app_version.clone_into(&mut chart.metadata.app_version);
    }
    if chart.metadata.dependencies().next().is_some() {
        rudder::chart::dependencies::check_dependencies(&chart).map_err(CommandError::new)?;
    }
    let destination = inv.flags.get_string("destination");
    let dest = if destination == "." {
        cwd.to_owned()
    } else {
        destination.to_owned()
    };
    let saved = rudder::chart::save::save(&chart, Path::new(&dest))
        .map_err(|e| CommandError::new(format!("failed to save: {e}")))?;
    Ok(saved.to_string_lossy().into_owned())
}

/// Go's errno text (`no such file or directory`).
fn io_text(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        std::io::ErrorKind::NotADirectory => "not a directory".to_owned(),
        _ => e.to_string(),
    }
}
