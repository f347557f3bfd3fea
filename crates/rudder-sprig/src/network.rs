//! `getHostByName`, through an injectable resolver: the only Sprig function that reaches the
//! network. Helm disables it unless `--enable-dns` is given (it then returns `""`); rudder
//! makes that the default by having no resolver.

use std::fmt;
use std::net::ToSocketAddrs;

use crate::error::{Error, Result};

/// Resolves host names for `getHostByName` (Go's `net.LookupHost`).
pub trait Resolver: Send + Sync + fmt::Debug {
    /// The addresses of `name` as text (IPv4 and IPv6); empty when the lookup fails.
    fn lookup_host(&self, name: &str) -> Vec<String>;
}

/// The operating system's resolver.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemResolver;

impl Resolver for SystemResolver {
    fn lookup_host(&self, name: &str) -> Vec<String> {
        match (name, 0u16).to_socket_addrs() {
            Ok(addrs) => {
                let mut out: Vec<String> = Vec::new();
                for a in addrs {
                    let ip = a.ip().to_string();
                    if !out.contains(&ip) {
                        out.push(ip);
                    }
                }
                out
            }
            Err(_) => Vec::new(),
        }
    }
}

/// Sprig's `getHostByName`: one of the addresses at random; a failed lookup panics in
/// `rand.Intn(0)`.
pub(crate) fn get_host_by_name(resolver: &dyn Resolver, name: &str) -> Result<String> {
    let addrs = resolver.lookup_host(name);
    if addrs.is_empty() {
        return Err(Error::msg("invalid argument to Intn"));
    }
    let i = crate::random::int_n(addrs.len() as i64)?;
    Ok(addrs[i as usize].clone())
}
