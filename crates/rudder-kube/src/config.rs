//! The client configuration: kubeconfig files, contexts, namespaces and Helm's `--kube-*`
//! overrides (`pkg/cli/environment.go`), turned into a connected [`KubeClient`].

use std::path::PathBuf;

use kube::config::{KubeConfigOptions, Kubeconfig};

use crate::error::Error;

/// How to reach the cluster: Helm's global flags and their `HELM_*` variables, already resolved
/// by the command line.
#[derive(Debug, Clone, Default)]
pub struct KubeOptions {
    /// `--kubeconfig`: a kubeconfig file; otherwise `$KUBECONFIG` (a list of files, merged as
    /// kubectl merges them), otherwise `~/.kube/config`.
    pub kubeconfig: Option<PathBuf>,
    /// `--kube-context`: the context to use instead of the current one.
    pub context: Option<String>,
    /// `-n/--namespace`: the namespace; otherwise the context's, otherwise `default`.
    pub namespace: Option<String>,
    /// `--kube-apiserver`: the server address, overriding the kubeconfig's.
    pub apiserver: Option<String>,
    /// `--kube-token`: a bearer token.
    pub token: Option<String>,
    /// `--kube-as-user`: the user to impersonate.
    pub as_user: Option<String>,
    /// `--kube-as-group`: the groups to impersonate.
    pub as_groups: Vec<String>,
    /// `--kube-ca-file`: the certificate authority file.
    pub ca_file: Option<PathBuf>,
    /// `--kube-tls-server-name`: the server name to verify the certificate against.
    pub tls_server_name: Option<String>,
    /// `--kube-insecure-skip-tls-verify`.
    pub insecure_skip_tls_verify: bool,
}

/// A connected client and the namespace commands act in.
#[derive(Clone)]
pub struct KubeClient {
    client: kube::Client,
    namespace: String,
    server: String,
}

impl std::fmt::Debug for KubeClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KubeClient")
            .field("server", &self.server)
            .field("namespace", &self.namespace)
            .finish_non_exhaustive()
    }
}

fn non_empty(s: Option<&String>) -> Option<&str> {
    s.map(String::as_str).filter(|s| !s.is_empty())
}

impl KubeOptions {
    /// Reads the kubeconfig and applies the overrides: the configuration kube-rs connects with,
    /// and the effective namespace.
    ///
    /// # Errors
    /// A kubeconfig that cannot be read or names an unknown context.
    pub async fn config(&self) -> Result<(kube::Config, String), Error> {
        let options = KubeConfigOptions {
            context: non_empty(self.context.as_ref()).map(str::to_owned),
            cluster: None,
            user: None,
        };
        let kubeconfig = match &self.kubeconfig {
            Some(path) if !path.as_os_str().is_empty() => {
                if let Err(e) = std::fs::metadata(path) {
                    return Err(Error::msg(format!(
                        "stat {}: {}",
                        path.display(),
                        go_io_error(&e)
                    )));
                }
                Some(read_kubeconfig(path)?)
            }
            _ => match std::env::var_os("KUBECONFIG").filter(|v| !v.is_empty()) {
                // client-go's rules: the files of the list that exist, merged in order.
                Some(list) => {
                    let mut merged: Option<Kubeconfig> = None;
                    for path in std::env::split_paths(&list).filter(|p| p.exists()) {
                        let next = read_kubeconfig(&path)?;
                        merged = Some(match merged {
                            Some(k) => k
                                .merge(next)
                                .map_err(|e| Error::msg(kubeconfig_error(&e.to_string())))?,
                            None => next,
                        });
                    }
                    merged
                }
                None => Kubeconfig::read().ok(),
            },
        };
        // client-go's override check, also against the empty configuration it starts from
        // when there is no kubeconfig at all.
        if let Some(context) = &options.context
            && !kubeconfig
                .as_ref()
                .is_some_and(|k| k.contexts.iter().any(|c| &c.name == context))
        {
            return Err(Error::msg(format!("context {context:?} does not exist")));
        }
        // The cluster of the chosen context, which client-go names in CA file errors.
        let cluster_name = kubeconfig
            .as_ref()
            .and_then(|k| {
                let name = options
                    .context
                    .clone()
                    .or_else(|| k.current_context.clone())?;
                let context = k.contexts.iter().find(|c| c.name == name)?;
                context.context.as_ref().map(|c| c.cluster.clone())
            })
            .unwrap_or_default();
        let mut config = match kubeconfig {
            Some(k) => kube::Config::from_custom_kubeconfig(k, &options)
                .await
                .map_err(|e| Error::msg(kubeconfig_error(&e.to_string())))?,
            None => kube::Config::incluster().unwrap_or_else(|_| {
                // client-go's last resort when there is no configuration at all.
                kube::Config::new("http://localhost:8080".parse().unwrap_or_default())
            }),
        };
        if let Some(server) = non_empty(self.apiserver.as_ref()) {
            config.cluster_url = server
                .parse()
                .map_err(|e| Error::msg(format!("invalid --kube-apiserver {server:?}: {e}")))?;
        }
        if let Some(token) = non_empty(self.token.as_ref()) {
            config.auth_info.token = Some(token.to_owned().into());
            config.auth_info.token_file = None;
        }
        if let Some(user) = non_empty(self.as_user.as_ref()) {
            config.auth_info.impersonate = Some(user.to_owned());
        }
        if !self.as_groups.is_empty() {
            config.auth_info.impersonate_groups = Some(self.as_groups.clone());
        }
        if let Some(path) = self.ca_file.as_ref().filter(|p| !p.as_os_str().is_empty()) {
            let pem = std::fs::read(path).map_err(|e| {
                Error::msg(format!(
                    "invalid configuration: unable to read certificate-authority {path} for {cluster_name} due to open {path}: {}",
                    go_io_error(&e),
                    path = path.display(),
                ))
            })?;
            let certificates = pem_certificates(&pem);
            if certificates.is_empty() {
                return Err(Error::msg(
                    "unable to load root certificates: unable to parse bytes as PEM block",
                ));
            }
            config.root_cert = Some(certificates);
        }
        if let Some(name) = non_empty(self.tls_server_name.as_ref()) {
            config.tls_server_name = Some(name.to_owned());
        }
        if self.insecure_skip_tls_verify {
            config.accept_invalid_certs = true;
        }
        let namespace = non_empty(self.namespace.as_ref())
            .map_or_else(|| config.default_namespace.clone(), str::to_owned);
        Ok((config, namespace))
    }

    /// Connects (lazily: no request is made until the first call).
    ///
    /// # Errors
    /// As [`KubeOptions::config`], and a client that cannot be built (bad certificates).
    pub async fn connect(&self) -> Result<KubeClient, Error> {
        let (config, namespace) = self.config().await?;
        let server = config
            .cluster_url
            .to_string()
            .trim_end_matches('/')
            .to_owned();
        let client = kube::Client::try_from(config)
            .map_err(|e| Error::msg(format!("kubernetes cluster unreachable: {e}")))?;
        Ok(KubeClient {
            client,
            namespace,
            server,
        })
    }
}

/// Go's text for an `os.PathError` cause.
fn go_io_error(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

fn kubeconfig_error(text: &str) -> String {
    // kube-rs's text for a `current-context` naming no context; client-go's validation says:
    match text.strip_prefix("failed to load current context: ") {
        Some(name) => {
            format!("invalid configuration: context was not found for specified context: {name}")
        }
        None => text.to_owned(),
    }
}

/// One kubeconfig file. client-go decodes it through sigs.k8s.io/yaml first, so a file that is
/// not YAML fails with Go's text: `error loading config file "x": yaml: ...`.
fn read_kubeconfig(path: &std::path::Path) -> Result<Kubeconfig, Error> {
    Kubeconfig::read_from(path).map_err(|e| {
        let yaml_error = std::fs::read(path)
            .ok()
            .and_then(|bytes| rudder_yaml::sigs::yaml_to_json(&bytes).err());
        Error::msg(match yaml_error {
            Some(y) => format!("error loading config file \"{}\": {y}", path.display()),
            None => kubeconfig_error(&e.to_string()),
        })
    })
}

/// The DER certificates of a PEM bundle.
fn pem_certificates(pem: &[u8]) -> Vec<Vec<u8>> {
    let text = String::from_utf8_lossy(pem);
    let mut out = Vec::new();
    let mut inside = false;
    let mut body = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with("-----BEGIN CERTIFICATE") {
            inside = true;
            body.clear();
        } else if line.starts_with("-----END CERTIFICATE") {
            inside = false;
            if let Ok(der) = rudder_release::codec::base64_decode(body.as_bytes()) {
                out.push(der);
            }
        } else if inside {
            body.push_str(line);
        }
    }
    out
}

impl KubeClient {
    /// A client over an existing kube-rs client.
    pub fn new(client: kube::Client, namespace: impl Into<String>) -> Self {
        Self {
            client,
            namespace: namespace.into(),
            server: String::new(),
        }
    }

    /// The kube-rs client.
    pub fn client(&self) -> &kube::Client {
        &self.client
    }

    /// The namespace commands act in.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// The API server's URL, without a trailing slash.
    pub fn server(&self) -> &str {
        &self.server
    }

    /// Helm's `IsReachable`: asks the server for its version.
    ///
    /// # Errors
    /// `kubernetes cluster unreachable: ...` with client-go's text for the failure.
    pub async fn is_reachable(&self) -> Result<(), Error> {
        match self.client.apiserver_version().await {
            Ok(_) => Ok(()),
            Err(e) => {
                let url = format!("{}/version", self.server);
                Err(Error::from_kube(e, "GET", &url).context("kubernetes cluster unreachable"))
            }
        }
    }
}
