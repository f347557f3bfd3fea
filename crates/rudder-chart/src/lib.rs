//! The chart model and loader, .helmignore, values (files, --set, coalescing, schema), lint rules, package and create.
//!
//! Owns: Everything about a chart that needs no template engine and no cluster.
//!
//! Does not own: Rendering (`rudder-engine`) and fetching charts from repositories (`rudder-repo`).
