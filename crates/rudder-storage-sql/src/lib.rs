//! Helm's SQL storage driver on PostgreSQL (`HELM_DRIVER=sql`).
//!
//! Owns: the SQL backend of `rudder_release::Driver` (work in progress: issue 7).
