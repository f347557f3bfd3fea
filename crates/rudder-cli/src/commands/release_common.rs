//! What the release commands (`list`, `history`, `status`, `get`) share: Helm's
//! `action.Configuration` from the global settings and `HELM_DRIVER*`, a tokio runtime for the
//! drivers, and the mapping of failures to Helm's output.

use rudder::action::{ActionError, Configuration, Settings as StorageSettings};
use rudder::kube::KubeOptions;

use crate::args::Invocation;
use crate::exit::CommandError;
use crate::settings::vars;

/// The storage settings of this invocation.
pub(crate) fn storage_settings(inv: &Invocation<'_>) -> StorageSettings {
    let s = &inv.settings;
    let non_empty = |v: &str| (!v.is_empty()).then(|| v.to_owned());
    StorageSettings {
        kube: KubeOptions {
            kubeconfig: non_empty(&s.kube_config).map(Into::into),
            context: non_empty(&s.kube_context),
            namespace: Some(s.namespace()),
            apiserver: non_empty(&s.kube_apiserver),
            token: non_empty(&s.kube_token),
            as_user: non_empty(&s.kube_as_user),
            as_groups: s.kube_as_groups.clone(),
            ca_file: non_empty(&s.kube_ca_file).map(Into::into),
            tls_server_name: non_empty(&s.kube_tls_server_name),
            insecure_skip_tls_verify: s.kube_insecure_skip_tls_verify,
        },
        driver: s.env.get(vars::HELM_DRIVER).to_owned(),
        sql_connection_string: s
            .env
            .get(vars::HELM_DRIVER_SQL_CONNECTION_STRING)
            .to_owned(),
        memory_driver_data: s.env.get(vars::HELM_MEMORY_DRIVER_DATA).to_owned(),
    }
}

/// Whether Helm would colour the output: `--color always`, or `auto` on a terminal (fatih/color
/// also honours `NO_COLOR` and `TERM=dumb`).
pub(crate) fn color(inv: &Invocation<'_>) -> bool {
    use std::io::IsTerminal as _;
    match inv.settings.color_mode.as_str() {
        "always" => true,
        "never" => false,
        _ => {
            std::io::stdout().is_terminal()
                && inv.settings.env.get(vars::NO_COLOR).is_empty()
                && std::env::var("TERM").map_or(true, |t| t != "dumb")
        }
    }
}

/// Builds the configuration (`all_namespaces`: `list -A`) and runs `action` on a runtime;
/// writes what it returns to stdout.
pub(crate) fn run<F, Fut>(
    inv: &mut Invocation<'_>,
    all_namespaces: bool,
    action: F,
) -> Result<(), CommandError>
where
    F: FnOnce(Configuration) -> Fut,
    Fut: std::future::Future<Output = Result<String, ActionError>>,
{
    let settings = storage_settings(inv);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CommandError::new(e.to_string()))?;
    let result = runtime.block_on(async move {
        let cfg = Configuration::init(&settings, all_namespaces).await?;
        action(cfg).await
    });
    match result {
        Ok(text) => {
            inv.out.write_all(text.as_bytes())?;
            Ok(())
        }
        Err(ActionError::Fatal(message)) => {
            // Helm's `log.Fatal` through its slog handler.
            let _ = writeln!(inv.err, "level=INFO msg={}", slog_value(&message));
            Err(CommandError::silent(1))
        }
        Err(e) => Err(CommandError::new(e.to_string())),
    }
}

/// A value as Go's `slog` text handler writes it: quoted (`strconv.Quote`) when empty or when it
/// holds a space, `=`, `"` or a character that is not printable.
fn slog_value(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| !c.is_whitespace() && c != '=' && c != '"' && !c.is_control());
    if plain {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                use std::fmt::Write as _;
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn slog_quotes_like_go() {
        assert_eq!(super::slog_value("plain"), "plain");
        assert_eq!(
            super::slog_value("unknown driver \"x\""),
            "\"unknown driver \\\"x\\\"\""
        );
    }
}
