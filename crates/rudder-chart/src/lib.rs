//! The chart model and loader, .helmignore, values (files, --set, coalescing, schema), lint
//! rules, package and create.
//!
//! Owns: everything about a chart that needs no template engine and no cluster, with Helm
//! v4.2.4's exact behaviour and error texts:
//!
//! * [`strvals`]: the `--set` family's grammar (`pkg/strvals`).
//!
//! Does not own: rendering (`rudder-engine`), fetching charts from repositories
//! (`rudder-repo`), and YAML/JSON parsing itself (`rudder-yaml`, which this crate calls for
//! every document it reads).

pub mod strvals;
