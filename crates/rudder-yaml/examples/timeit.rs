//! Times `sigs::unmarshal` on a file: `cargo run --release --example timeit -- file [n]`.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let data = std::fs::read(&args[0]).unwrap();
    let n: usize = args.get(1).map_or(1, |s| s.parse().unwrap());
    let t = std::time::Instant::now();
    for _ in 0..n {
        let r = rudder_yaml::sigs::unmarshal(&data);
        std::hint::black_box(&r);
        if n == 1 {
            println!("{:?}", r.as_ref().err());
        }
    }
    println!("{:?} per run", t.elapsed() / n as u32);
}
