//! Cases from Go's `parse/lex_test.go` (the facts, re-expressed).

use super::*;

fn collect(input: &str, left: &str, right: &str) -> Vec<(ItemKind, String)> {
    let mut l = Lexer::new(input, left, right);
    l.options = LexOptions {
        emit_comment: true,
        break_ok: true,
        continue_ok: true,
    };
    let mut out = Vec::new();
    loop {
        let item = l.next_item();
        let done = matches!(item.kind, ItemKind::Eof | ItemKind::Error);
        out.push((item.kind, item.val.into_owned()));
        if done {
            return out;
        }
    }
}

fn positions(input: &str) -> Vec<(ItemKind, u32, String, u32)> {
    let mut l = Lexer::new(input, "", "");
    l.options.emit_comment = true;
    let mut out = Vec::new();
    loop {
        let item = l.next_item();
        let done = matches!(item.kind, ItemKind::Eof | ItemKind::Error);
        out.push((item.kind, item.pos, item.val.into_owned(), item.line));
        if done {
            return out;
        }
    }
}

use ItemKind as K;

fn v(items: &[(ItemKind, &str)]) -> Vec<(ItemKind, String)> {
    items.iter().map(|(k, s)| (*k, (*s).to_owned())).collect()
}

#[test]
fn tokens() {
    assert_eq!(collect("", "", ""), v(&[(K::Eof, "")]));
    assert_eq!(
        collect("hello-{{/* this is a comment */}}-world", "", ""),
        v(&[
            (K::Text, "hello-"),
            (K::Comment, "/* this is a comment */"),
            (K::Text, "-world"),
            (K::Eof, "")
        ])
    );
    assert_eq!(
        collect("{{,@% }}", "", ""),
        v(&[
            (K::LeftDelim, "{{"),
            (K::Char, ","),
            (K::Char, "@"),
            (K::Char, "%"),
            (K::Space, " "),
            (K::RightDelim, "}}"),
            (K::Eof, "")
        ])
    );
    let numbers = collect(
        "{{1 02 0x14 0X14 -7.2i 1e3 1E3 +1.2e-4 4.2i 1+2i 1_2 0x1.e_fp4 0X1.E_FP4}}",
        "",
        "",
    );
    let kinds: Vec<(ItemKind, String)> = numbers
        .into_iter()
        .filter(|(k, _)| !matches!(k, K::Space | K::LeftDelim | K::RightDelim | K::Eof))
        .collect();
    assert_eq!(
        kinds,
        v(&[
            (K::Number, "1"),
            (K::Number, "02"),
            (K::Number, "0x14"),
            (K::Number, "0X14"),
            (K::Number, "-7.2i"),
            (K::Number, "1e3"),
            (K::Number, "1E3"),
            (K::Number, "+1.2e-4"),
            (K::Number, "4.2i"),
            (K::Complex, "1+2i"),
            (K::Number, "1_2"),
            (K::Number, "0x1.e_fp4"),
            (K::Number, "0X1.E_FP4"),
        ])
    );
    assert_eq!(
        collect("{{.x . .2 .x.y.z}}", "", ""),
        v(&[
            (K::LeftDelim, "{{"),
            (K::Field, ".x"),
            (K::Space, " "),
            (K::Dot, "."),
            (K::Space, " "),
            (K::Number, ".2"),
            (K::Space, " "),
            (K::Field, ".x"),
            (K::Field, ".y"),
            (K::Field, ".z"),
            (K::RightDelim, "}}"),
            (K::Eof, "")
        ])
    );
    assert_eq!(
        collect("hello- {{- 3 -}} -world", "", ""),
        v(&[
            (K::Text, "hello-"),
            (K::LeftDelim, "{{"),
            (K::Number, "3"),
            (K::RightDelim, "}}"),
            (K::Text, "-world"),
            (K::Eof, "")
        ])
    );
    assert_eq!(
        collect("{{$c := printf $ $hello $23 $var.Field}}", "", ""),
        v(&[
            (K::LeftDelim, "{{"),
            (K::Variable, "$c"),
            (K::Space, " "),
            (K::Declare, ":="),
            (K::Space, " "),
            (K::Identifier, "printf"),
            (K::Space, " "),
            (K::Variable, "$"),
            (K::Space, " "),
            (K::Variable, "$hello"),
            (K::Space, " "),
            (K::Variable, "$23"),
            (K::Space, " "),
            (K::Variable, "$var"),
            (K::Field, ".Field"),
            (K::RightDelim, "}}"),
            (K::Eof, "")
        ])
    );
}

#[test]
fn errors() {
    let last = |input: &str| collect(input, "", "").pop().unwrap();
    assert_eq!(
        last("#{{\x01}}"),
        (K::Error, "unrecognized character in action: U+0001".into())
    );
    assert_eq!(last("{{"), (K::Error, "unclosed action".into()));
    assert_eq!(last("{{range"), (K::Error, "unclosed action".into()));
    assert_eq!(
        last("{{\"\n\"}}"),
        (K::Error, "unterminated quoted string".into())
    );
    assert_eq!(
        last("{{`xx}}"),
        (K::Error, "unterminated raw quoted string".into())
    );
    assert_eq!(
        last("{{'\n}}"),
        (K::Error, "unterminated character constant".into())
    );
    assert_eq!(
        last("{{3k}}"),
        (K::Error, "bad number syntax: \"3k\"".into())
    );
    assert_eq!(last("{{(3}}"), (K::Error, "unclosed left paren".into()));
    assert_eq!(last("{{3)}}"), (K::Error, "unexpected right paren".into()));
    assert_eq!(
        last("hello-{{/*/}}-world"),
        (K::Error, "unclosed comment".into())
    );
    assert_eq!(
        last("hello-{{/* */ }}-world"),
        (K::Error, "comment ends before closing delimiter".into())
    );
    assert_eq!(
        last("{{.my-key}}"),
        (K::Error, "bad character U+002D '-'".into())
    );
    assert_eq!(
        collect("hello-{.}}-world", "", "")[0],
        (K::Text, "hello-{.}}-world".into())
    );
}

#[test]
fn delimiters() {
    assert_eq!(
        collect("$$,@%{{}}@@", "$$", "@@"),
        v(&[
            (K::LeftDelim, "$$"),
            (K::Char, ","),
            (K::Char, "@"),
            (K::Char, "%"),
            (K::Char, "{"),
            (K::Char, "{"),
            (K::Char, "}"),
            (K::Char, "}"),
            (K::RightDelim, "@@"),
            (K::Eof, "")
        ])
    );
    assert_eq!(
        collect("{{hub .host hub}}", "{{hub", "hub}}"),
        v(&[
            (K::LeftDelim, "{{hub"),
            (K::Space, " "),
            (K::Field, ".host"),
            (K::Space, " "),
            (K::RightDelim, "hub}}"),
            (K::Eof, "")
        ])
    );
    assert_eq!(
        collect("{{- .x -}} {{- - .x - -}}", "{{- ", " -}}"),
        v(&[
            (K::LeftDelim, "{{- "),
            (K::Field, ".x"),
            (K::RightDelim, " -}}"),
            (K::LeftDelim, "{{- "),
            (K::Field, ".x"),
            (K::RightDelim, " -}}"),
            (K::Eof, "")
        ])
    );
}

#[test]
fn positions_and_lines() {
    assert_eq!(
        positions("{{x -}}\n{{y}}"),
        vec![
            (K::LeftDelim, 0, "{{".into(), 1),
            (K::Identifier, 2, "x".into(), 1),
            (K::RightDelim, 5, "}}".into(), 1),
            (K::LeftDelim, 8, "{{".into(), 2),
            (K::Identifier, 10, "y".into(), 2),
            (K::RightDelim, 11, "}}".into(), 2),
            (K::Eof, 13, String::new(), 2),
        ]
    );
    assert_eq!(
        positions("{{x}}\n{{- y}}"),
        vec![
            (K::LeftDelim, 0, "{{".into(), 1),
            (K::Identifier, 2, "x".into(), 1),
            (K::RightDelim, 3, "}}".into(), 1),
            (K::LeftDelim, 6, "{{".into(), 2),
            (K::Identifier, 10, "y".into(), 2),
            (K::RightDelim, 11, "}}".into(), 2),
            (K::Eof, 13, String::new(), 2),
        ]
    );
    assert_eq!(
        positions("{{/*\n*/}}\n{{undefinedFunction \"test\"}}"),
        vec![
            (K::Comment, 2, "/*\n*/".into(), 1),
            (K::Text, 9, "\n".into(), 2),
            (K::LeftDelim, 10, "{{".into(), 3),
            (K::Identifier, 12, "undefinedFunction".into(), 3),
            (K::Space, 29, " ".into(), 3),
            (K::String, 30, "\"test\"".into(), 3),
            (K::RightDelim, 36, "}}".into(), 3),
            (K::Eof, 38, String::new(), 3),
        ]
    );
}
