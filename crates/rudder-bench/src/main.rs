//! Benchmarks on the corpus charts, side by side with the reference Helm.

fn main() {}
