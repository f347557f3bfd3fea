//! rudder-value's Go `base64.StdEncoding` decoder and Go byte strings: any input decodes to
//! bytes or to Go's `CorruptInputError` offset (inside the input, never a panic); what
//! decoded re-encodes to the input with its line breaks removed whenever the input used no
//! unused trailing bits; every byte string round-trips through encode/decode, and a string
//! made from bytes keeps them (`gobytes`: `len` and the bytes are the input's, the text form
//! is valid UTF-8 with one U+FFFD per byte Go's decoder rejects).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rudder_value::{base64, gobytes};

fuzz_target!(|data: &[u8]| {
    match base64::decode(data) {
        Ok(bytes) => {
            let again = base64::encode(&bytes);
            let plain: Vec<u8> = data
                .iter()
                .copied()
                .filter(|&c| c != b'\n' && c != b'\r')
                .collect();
            // Equal unless a final quantum had unused bits set (StdEncoding accepts them).
            if again.as_bytes() != plain.as_slice() {
                assert_eq!(again.len(), plain.len());
                assert_eq!(base64::decode(again.as_bytes()).unwrap(), bytes);
            }
        }
        Err(e) => assert!(e.0 <= data.len(), "{e} for {} bytes", data.len()),
    }
    assert_eq!(
        base64::decode(base64::encode(data).as_bytes()).unwrap(),
        data
    );

    let s = gobytes::from_go_bytes(data);
    assert_eq!(gobytes::go_len(&s), data.len());
    gobytes::with_go_bytes(&s, |b| assert_eq!(b, data));
    if std::str::from_utf8(data).is_err() {
        assert_eq!(&*s, gobytes::go_lossy(data));
    }
});
