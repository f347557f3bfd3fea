//! Throughput of the kyaml round trip (`parse_all` + `string_all`) over what Helm merged for
//! the corpus (`conformance/kyaml/corpus.out.jsonl`). Ignored by default; run in release:
//! `cargo test --release -p rudder-yaml --test kyaml_speed -- --ignored --nocapture`.

use std::time::Instant;

use rudder_yaml::kyaml::{parse_all, string_all};

#[test]
#[ignore = "a timing, run by hand in release"]
fn kyaml_roundtrip_speed() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../conformance/kyaml/corpus.out.jsonl"
    );
    let texts: Vec<String> = std::fs::read_to_string(path)
        .expect("corpus.out.jsonl")
        .lines()
        .filter_map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).ok()?;
            v.get("out")?.as_str().map(str::to_owned)
        })
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let rounds = 5;
    let (mut parse, mut write) = (std::time::Duration::ZERO, std::time::Duration::ZERO);
    for _ in 0..rounds {
        for t in &texts {
            let start = Instant::now();
            let docs = parse_all(t).expect("parse");
            let mid = Instant::now();
            let out = string_all(&docs).expect("write");
            write += mid.elapsed();
            parse += mid - start;
            assert!(!out.is_empty());
        }
    }
    eprintln!(
        "parse_all {:?}, string_all {:?} per round",
        parse / rounds,
        write / rounds
    );
    let per_round = (parse + write) / rounds;
    eprintln!(
        "{} texts, {bytes} bytes: {per_round:?} per round trip of all ({:.1} MB/s)",
        texts.len(),
        bytes as f64 / per_round.as_secs_f64() / 1e6
    );
}
