//! Parse and emit the corpus's largest values files: `cargo bench -p rudder-yaml`.
//!
//! `examples/bench_vs_go.rs` runs the same work through the Go oracle's `yaml_bench` op and
//! prints the ratio.

use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use rudder_value::Value;

/// The five largest values files of the corpus (by size), when the corpus is present.
fn largest() -> Vec<(String, Vec<u8>)> {
    let root = PathBuf::from("/work/shared/corpus/charts");
    let mut files = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.file_name().is_some_and(|n| n == "values.yaml")
                && let Ok(data) = std::fs::read(&p)
            {
                let name = p.strip_prefix(&root).unwrap_or(&p).display().to_string();
                files.push((name, data));
            }
        }
    }
    files.sort_by_key(|(_, d)| std::cmp::Reverse(d.len()));
    files.truncate(5);
    files
}

fn bench(c: &mut Criterion) {
    for (name, data) in largest() {
        let short = name.split('/').next().unwrap_or(&name).to_owned();
        let mut group = c.benchmark_group(format!("{short} ({} KiB)", data.len() / 1024));
        group.sample_size(20);
        group.bench_function("parse (sigs Unmarshal)", |b| {
            b.iter(|| rudder_yaml::sigs::unmarshal_map(std::hint::black_box(&data)).unwrap());
        });
        let value = Value::Map(rudder_yaml::sigs::unmarshal_map(&data).unwrap());
        group.bench_function("emit (sigs Marshal)", |b| {
            b.iter(|| rudder_yaml::sigs::marshal(std::hint::black_box(&value)).unwrap());
        });
        group.bench_function("emit (yaml.v3 pretty)", |b| {
            b.iter(|| rudder_yaml::v3::encode(std::hint::black_box(&value), 2).unwrap());
        });
        group.bench_function("json Marshal", |b| {
            b.iter(|| rudder_yaml::json::marshal(std::hint::black_box(&value)).unwrap());
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
