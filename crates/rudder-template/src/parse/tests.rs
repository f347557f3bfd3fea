//! Go's `parseTests` (`parse/parse_test.go`): each input parses (or not) and re-serialises to
//! the same `String()` form, text nodes quoted as in Go's test (`textFormat = "%q"`). The
//! parse functions are the test's `printf` and `contains` only. Two rows depend on the test's
//! `maxStackDepth = 3` and are skipped.

use std::fmt::Write as _;

use super::node::{Branch, List, Node};
use super::{ParseConfig, parse};

/// `String()` with quoted text, as `testParse` renders trees.
fn render(list: &List) -> String {
    let mut out = String::new();
    for n in &list.nodes {
        render_node(n, &mut out);
    }
    out
}

fn render_branch(name: &str, b: &Branch, out: &mut String) {
    let _ = write!(out, "{{{{{name} {}}}}}", b.pipe);
    out.push_str(&render(&b.list));
    if let Some(e) = &b.else_list {
        out.push_str("{{else}}");
        out.push_str(&render(e));
    }
    out.push_str("{{end}}");
}

fn render_node(n: &Node, out: &mut String) {
    match n {
        Node::Text(t) => out.push_str(&rudder_value::strconv::quote(&t.text)),
        Node::If(b) => render_branch("if", b, out),
        Node::Range(b) => render_branch("range", b, out),
        Node::With(b) => render_branch("with", b, out),
        other => out.push_str(&other.to_string()),
    }
}

#[rustfmt::skip]
const PARSE_TESTS: &[(&str, &str, bool, &str)] = &[
    ("empty", "", true, ""),
    ("comment", "{{/*\n\n\n*/}}", true, ""),
    ("spaces", " \t\n", true, "\" \\t\\n\""),
    ("text", "some text", true, "\"some text\""),
    ("emptyAction", "{{}}", false, "{{}}"),
    ("field", "{{.X}}", true, "{{.X}}"),
    ("simple command", "{{printf}}", true, "{{printf}}"),
    ("$ invocation", "{{$}}", true, "{{$}}"),
    ("variable invocation", "{{with $x := 3}}{{$x 23}}{{end}}", true, "{{with $x := 3}}{{$x 23}}{{end}}"),
    ("variable with fields", "{{$.I}}", true, "{{$.I}}"),
    ("multi-word command", "{{printf `%d` 23}}", true, "{{printf `%d` 23}}"),
    ("pipeline", "{{.X|.Y}}", true, "{{.X | .Y}}"),
    ("pipeline with decl", "{{$x := .X|.Y}}", true, "{{$x := .X | .Y}}"),
    ("nested pipeline", "{{.X (.Y .Z) (.A | .B .C) (.E)}}", true, "{{.X (.Y .Z) (.A | .B .C) (.E)}}"),
    ("field applied to parentheses", "{{(.Y .Z).Field}}", true, "{{(.Y .Z).Field}}"),
    ("simple if", "{{if .X}}hello{{end}}", true, "{{if .X}}\"hello\"{{end}}"),
    ("if with else", "{{if .X}}true{{else}}false{{end}}", true, "{{if .X}}\"true\"{{else}}\"false\"{{end}}"),
    ("if with else if", "{{if .X}}true{{else if .Y}}false{{end}}", true, "{{if .X}}\"true\"{{else}}{{if .Y}}\"false\"{{end}}{{end}}"),
    ("if else chain", "+{{if .X}}X{{else if .Y}}Y{{else if .Z}}Z{{end}}+", true, "\"+\"{{if .X}}\"X\"{{else}}{{if .Y}}\"Y\"{{else}}{{if .Z}}\"Z\"{{end}}{{end}}{{end}}\"+\""),
    ("simple range", "{{range .X}}hello{{end}}", true, "{{range .X}}\"hello\"{{end}}"),
    ("chained field range", "{{range .X.Y.Z}}hello{{end}}", true, "{{range .X.Y.Z}}\"hello\"{{end}}"),
    ("nested range", "{{range .X}}hello{{range .Y}}goodbye{{end}}{{end}}", true, "{{range .X}}\"hello\"{{range .Y}}\"goodbye\"{{end}}{{end}}"),
    ("range with else", "{{range .X}}true{{else}}false{{end}}", true, "{{range .X}}\"true\"{{else}}\"false\"{{end}}"),
    ("range over pipeline", "{{range .X|.M}}true{{else}}false{{end}}", true, "{{range .X | .M}}\"true\"{{else}}\"false\"{{end}}"),
    ("range []int", "{{range .SI}}{{.}}{{end}}", true, "{{range .SI}}{{.}}{{end}}"),
    ("range 1 var", "{{range $x := .SI}}{{.}}{{end}}", true, "{{range $x := .SI}}{{.}}{{end}}"),
    ("range 2 vars", "{{range $x, $y := .SI}}{{.}}{{end}}", true, "{{range $x, $y := .SI}}{{.}}{{end}}"),
    ("range with break", "{{range .SI}}{{.}}{{break}}{{end}}", true, "{{range .SI}}{{.}}{{break}}{{end}}"),
    ("range with continue", "{{range .SI}}{{.}}{{continue}}{{end}}", true, "{{range .SI}}{{.}}{{continue}}{{end}}"),
    ("constants", "{{range .SI 1 -3.2i true false 'a' nil}}{{end}}", true, "{{range .SI 1 -3.2i true false 'a' nil}}{{end}}"),
    ("template", "{{template `x`}}", true, "{{template \"x\"}}"),
    ("template with arg", "{{template `x` .Y}}", true, "{{template \"x\" .Y}}"),
    ("with", "{{with .X}}hello{{end}}", true, "{{with .X}}\"hello\"{{end}}"),
    ("with with else", "{{with .X}}hello{{else}}goodbye{{end}}", true, "{{with .X}}\"hello\"{{else}}\"goodbye\"{{end}}"),
    ("with with else with", "{{with .X}}hello{{else with .Y}}goodbye{{end}}", true, "{{with .X}}\"hello\"{{else}}{{with .Y}}\"goodbye\"{{end}}{{end}}"),
    ("with else chain", "{{with .X}}X{{else with .Y}}Y{{else with .Z}}Z{{end}}", true, "{{with .X}}\"X\"{{else}}{{with .Y}}\"Y\"{{else}}{{with .Z}}\"Z\"{{end}}{{end}}{{end}}"),
    ("trim left", "x \r\n\t{{- 3}}", true, "\"x\"{{3}}"),
    ("trim right", "{{3 -}}\n\n\ty", true, "{{3}}\"y\""),
    ("trim left and right", "x \r\n\t{{- 3 -}}\n\n\ty", true, "\"x\"{{3}}\"y\""),
    ("trim with extra spaces", "x\n{{-  3   -}}\ny", true, "\"x\"{{3}}\"y\""),
    ("comment trim left", "x \r\n\t{{- /* hi */}}", true, "\"x\""),
    ("comment trim right", "{{/* hi */ -}}\n\n\ty", true, "\"y\""),
    ("comment trim left and right", "x \r\n\t{{- /* */ -}}\n\n\ty", true, "\"x\"\"y\""),
    ("block definition", "{{block \"foo\" .}}hello{{end}}", true, "{{template \"foo\" .}}"),
    ("newline in assignment", "{{ $x \n := \n 1 \n }}", true, "{{$x := 1}}"),
    ("newline in empty action", "{{\n}}", false, "{{\n}}"),
    ("newline in pipeline", "{{\n\"x\"\n|\nprintf\n}}", true, "{{\"x\" | printf}}"),
    ("newline in comment", "{{/*\nhello\n*/}}", true, ""),
    ("newline in comment", "{{-\n/*\nhello\n*/\n-}}", true, ""),
    ("spaces around continue", "{{range .SI}}{{.}}{{ continue }}{{end}}", true, "{{range .SI}}{{.}}{{continue}}{{end}}"),
    ("spaces around break", "{{range .SI}}{{.}}{{ break }}{{end}}", true, "{{range .SI}}{{.}}{{break}}{{end}}"),
    ("unclosed action", "hello{{range", false, ""),
    ("unmatched end", "{{end}}", false, ""),
    ("unmatched else", "{{else}}", false, ""),
    ("unmatched else after if", "{{if .X}}hello{{end}}{{else}}", false, ""),
    ("multiple else", "{{if .X}}1{{else}}2{{else}}3{{end}}", false, ""),
    ("missing end", "hello{{range .x}}", false, ""),
    ("missing end after else", "hello{{range .x}}{{else}}", false, ""),
    ("undefined function", "hello{{undefined}}", false, ""),
    ("undefined variable", "{{$x}}", false, ""),
    ("variable undefined after end", "{{with $x := 4}}{{end}}{{$x}}", false, ""),
    ("variable undefined in template", "{{template $v}}", false, ""),
    ("declare with field", "{{with $x.Y := 4}}{{end}}", false, ""),
    ("template with field ref", "{{template .X}}", false, ""),
    ("template with var", "{{template $v}}", false, ""),
    ("invalid punctuation", "{{printf 3, 4}}", false, ""),
    ("multidecl outside range", "{{with $v, $u := 3}}{{end}}", false, ""),
    ("too many decls in range", "{{range $u, $v, $w := 3}}{{end}}", false, ""),
    ("dot applied to parentheses", "{{printf (printf .).}}", false, ""),
    ("adjacent args", "{{printf 3`x`}}", false, ""),
    ("adjacent args with .", "{{printf `x`.}}", false, ""),
    ("extra end after if", "{{if .X}}a{{else if .Y}}b{{end}}{{end}}", false, ""),
    ("break outside range", "{{range .}}{{end}} {{break}}", false, ""),
    ("continue outside range", "{{range .}}{{end}} {{continue}}", false, ""),
    ("break in range else", "{{range .}}{{else}}{{break}}{{end}}", false, ""),
    ("continue in range else", "{{range .}}{{else}}{{continue}}{{end}}", false, ""),
    ("bug0a", "{{$x := 0}}{{$x}}", true, "{{$x := 0}}{{$x}}"),
    ("bug0b", "{{$x += 1}}{{$x}}", false, ""),
    ("bug0c", "{{$x ! 2}}{{$x}}", false, ""),
    ("bug0d", "{{$x % 3}}{{$x}}", false, ""),
    ("bug0e", "{{range $x := $y := 3}}{{end}}", false, ""),
    ("bug1a", "{{$x:=.}}{{$x!2}}", false, ""),
    ("bug1b", "{{$x:=.}}{{$x+2}}", false, ""),
    ("bug1c", "{{$x:=.}}{{$x +2}}", true, "{{$x := .}}{{$x +2}}"),
    ("bug2a", "{{range $x := 0}}{{$x}}{{end}}", true, "{{range $x := 0}}{{$x}}{{end}}"),
    ("bug2b", "{{range $x = 0}}{{$x}}{{end}}", true, "{{range $x = 0}}{{$x}}{{end}}"),
    ("dot after integer", "{{1.E}}", false, ""),
    ("dot after float", "{{0.1.E}}", false, ""),
    ("dot after boolean", "{{true.E}}", false, ""),
    ("dot after char", "{{'a'.any}}", false, ""),
    ("dot after string", "{{\"hello\".guys}}", false, ""),
    ("dot after dot", "{{..E}}", false, ""),
    ("dot after nil", "{{nil.E}}", false, ""),
    ("wrong pipeline dot", "{{12|.}}", false, ""),
    ("wrong pipeline number", "{{.|12|printf}}", false, ""),
    ("wrong pipeline string", "{{.|printf|\"error\"}}", false, ""),
    ("wrong pipeline char", "{{12|printf|'e'}}", false, ""),
    ("wrong pipeline boolean", "{{.|true}}", false, ""),
    ("wrong pipeline nil", "{{'c'|nil}}", false, ""),
    ("empty pipeline", "{{printf \"%d\" ( ) }}", false, ""),
    ("block definition", "{{block \"foo\"}}hello{{end}}", false, ""),
    ("paren nesting normal", "{{ (( 1 )) }}", true, "{{((1))}}"),
    ("paren nesting at limit", "{{ ((( 1 ))) }}", true, "{{(((1)))}}"),
    ("paren nesting exceeds limit", "{{ (((( 1 )))) }}", false, "template: test:1: max expression depth exceeded"),
    ("paren nesting in pipeline", "{{ ((( 1 ))) | printf }}", true, "{{(((1))) | printf}}"),
    ("paren nesting in pipeline exceeds limit", "{{ (((( 1 )))) | printf }}", false, "template: test:1: max expression depth exceeded"),
    ("paren nesting with other constructs", "{{ if ((( true ))) }}YES{{ end }}", true, "{{if (((true)))}}\"YES\"{{end}}"),
    ("paren nesting with other constructs exceeds limit", "{{ if (((( true )))) }}YES{{ end }}", false, "template: test:1: max expression depth exceeded"),
];

#[test]
fn parse_tests() {
    let has_function = |f: &str| f == "printf" || f == "contains";
    let cfg = ParseConfig {
        left: "",
        right: "",
        parse_comments: false,
        skip_func_check: false,
        has_function: &has_function,
    };
    for &(name, input, ok, result) in PARSE_TESTS {
        if name.contains("exceeds limit") {
            continue;
        }
        let got = parse(name, input, &cfg);
        match got {
            Err(e) => assert!(!ok, "{name}: unexpected error {e}"),
            Ok(trees) => {
                assert!(ok, "{name}: expected an error");
                let tree = trees.iter().find(|t| *t.name == *name).expect("top tree");
                assert_eq!(
                    render(tree.root.as_ref().expect("root")),
                    result,
                    "{name}: {input:?}"
                );
            }
        }
    }
}
