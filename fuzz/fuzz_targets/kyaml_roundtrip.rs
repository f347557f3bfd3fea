//! The post-renderer YAML round trip (kyaml's `kio.ParseAll` / `kio.StringAll` over the yaml.v3
//! node tree, comments included): any input either fails with an error or round-trips
//! without panicking, annotations set and cleared; what `string_all` writes parses again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rudder_yaml::kyaml::{parse_all, string_all};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(mut docs) = parse_all(text) else {
        return;
    };
    let _ = string_all(&docs);
    for doc in &mut docs {
        if doc.set_annotation("postrenderer.helm.sh/postrender-filename", "a/b.yaml").is_err() {
            return;
        }
        let _ = doc.annotations();
    }
    let Ok(merged) = string_all(&docs) else {
        return;
    };
    if let Ok(mut again) = parse_all(&merged) {
        for doc in &mut again {
            let _ = doc.clear_annotation("postrenderer.helm.sh/postrender-filename");
        }
        let _ = string_all(&again);
    }
});
