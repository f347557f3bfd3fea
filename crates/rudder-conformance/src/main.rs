//! The differential runner: rudder against the reference Helm and the Go oracle, over the chart corpus.

fn main() {}
