//! Helm's `HTTPURLLoader` (`pkg/chart/common/util/jsonschema.go`): `http(s)` `$ref`s of a
//! `values.schema.json` fetched with a GET, a 15 s limit and Helm's user agent.

use std::time::Duration;

use rudder_chart::schema::RemoteLoader;

/// The loader `install`, `upgrade`, `template` and `lint` validate values with.
#[derive(Debug, Default, Clone, Copy)]
pub struct HttpSchemaLoader;

impl RemoteLoader for HttpSchemaLoader {
    fn load_http(&self, url: &str) -> Result<Vec<u8>, String> {
        let timeout = Duration::from_secs(15);
        match rudder_repo::http::get(url, rudder_repo::http::HELM_USER_AGENT, timeout) {
            Err(e) => Err(format!("HTTP request failed for {url}: {e}")),
            Ok(r) if r.status != 200 => Err(format!(
                "HTTP request to {url} returned status {} ({})",
                r.status,
                rudder_repo::http::status_text(r.status)
            )),
            Ok(r) => Ok(r.body),
        }
    }
}
