use super::Scanner;
use crate::yaml::token::TokenKind;

fn kinds(input: &str) -> Vec<String> {
    let mut s = Scanner::new(input.as_bytes());
    let mut out = Vec::new();
    loop {
        let t = s.peek().unwrap().clone();
        s.skip_token();
        let name = match &t.kind {
            TokenKind::Scalar { value, .. } => format!("S({value})"),
            other => format!("{other:?}"),
        };
        out.push(name);
        if t.kind == TokenKind::StreamEnd {
            return out;
        }
    }
}

#[test]
fn block_mapping_tokens() {
    assert_eq!(
        kinds("a: 1\nb:\n  - x\n"),
        [
            "StreamStart",
            "BlockMappingStart",
            "Key",
            "S(a)",
            "Value",
            "S(1)",
            "Key",
            "S(b)",
            "Value",
            "BlockSequenceStart",
            "BlockEntry",
            "S(x)",
            "BlockEnd",
            "BlockEnd",
            "StreamEnd"
        ]
    );
}

#[test]
fn flow_and_quoted() {
    assert_eq!(
        kinds("{a: 'it''s', b: \"x\\ty\"}"),
        [
            "StreamStart",
            "FlowMappingStart",
            "Key",
            "S(a)",
            "Value",
            "S(it's)",
            "FlowEntry",
            "Key",
            "S(b)",
            "Value",
            "S(x\ty)",
            "FlowMappingEnd",
            "StreamEnd"
        ]
    );
}

#[test]
fn block_scalars() {
    let k = kinds("a: |\n  x\n  y\n\nb: >-\n  p\n  q\n");
    assert!(k.contains(&"S(x\ny\n)".to_owned()), "{k:?}");
    assert!(k.contains(&"S(p q)".to_owned()), "{k:?}");
}
