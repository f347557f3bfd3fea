//! `show values --jsonpath` against the reference Helm: kubectl's `JSONPath` (client-go's parser
//! and printer) over a chart's values, every template run by both tools and compared byte for
//! byte — fields, quoted keys, slices, unions, wildcards, recursive descent, filters, `range`,
//! literals, parse errors (Helm's `error parsing jsonpath ...`) and execution errors (which Helm
//! swallows: the output is empty). Templates whose output depends on Go's random map order
//! (`*` or `..` over a map with several keys) are left out.

mod support;
mod table;

use support::Sandbox;
use table::{case, same_as_helm_table};

const VALUES: &str = r#"name: demo
replicas: 3
big: 1000000
ratio: 0.5
neg: -2
enabled: true
nothing: null
html: "<a&b>"
image:
  repository: nginx
  tag: "1.25"
ports: [80, 443, 8080]
items:
  - name: alpha
    enabled: true
    port: 80
    tags: [x, z]
  - name: beta
    enabled: false
    port: 443
  - name: gamma
    labels: {tier: web}
nested:
  list: [[1, 2], [3]]
  one: {only: value}
empty: []
emptymap: {}
dotted: {a.b: dot}
"#;

const TEMPLATES: &[&str] = &[
    // Fields and how values print.
    "{.name}",
    "{.replicas}",
    "{.big}",
    "{.ratio}",
    "{.neg}",
    "{.enabled}",
    "{.nothing}",
    "{.html}",
    "{.image}",
    "{.ports}",
    "{.empty}",
    "{.emptymap}",
    "{.nested.one}",
    "{.items[0].tags}",
    "{$.name}",
    "{@.name}",
    "{['name']}",
    "{.image['repository']}",
    "{.dotted['a.b']}",
    "{.missing}",
    "{.name.missing}",
    "names: {.items[0].name}, tag={.image.tag}",
    "{.name}{.replicas}",
    "just text",
    // Slices and unions.
    "{.ports[0]}",
    "{.ports[-1]}",
    "{.ports[0:2]}",
    "{.ports[::2]}",
    "{.ports[1:]}",
    "{.ports[*]}",
    "{.ports[0,2]}",
    "{.ports[0:0]}",
    "{.ports[5]}",
    "{.ports[2:1]}",
    "{.ports[1:2:0]}",
    "{.name[0]}",
    "{.nested.list[1][0]}",
    "{.nested.list[*][0]}",
    "{.items[*]['name','port']}",
    // Wildcards and recursive descent.
    "{.items[*].name}",
    "{.nested.one.*}",
    "{.name.*}",
    "{..name}",
    "{..tier}",
    "{..only}",
    // Filters (the values are float64: an int literal does not compare with them).
    "{.items[?(@.enabled==true)].name}",
    "{.items[?(@.enabled)].name}",
    "{.items[?(@.port==80)].name}",
    "{.items[?(@.port>100)].name}",
    "{.items[?(@.port>=80.0)].name}",
    "{.items[?(@.port<443.0)].name}",
    "{.items[?(@.name==\"beta\")].port}",
    "{.items[?(@.name!='beta')].name}",
    "{.items[?(@.name<\"b\")].name}",
    "{.items[?(@.labels.tier==\"web\")].name}",
    "{.name[?(@.x)]}",
    // range / end.
    "{range .items[*]}{.name}{\"\\n\"}{end}",
    "{range .items[*]}[{.name}]{end}",
    "{range .ports[*]}{@}-{end}",
    "{range .items[*]}{range .tags[*]}{@},{end};{end}",
    "{range .empty[*]}{.x}{end}",
    "{range .items[*]}{.name}",
    "{end}",
    "{bogus}",
    // Literals.
    "{\"literal\"}",
    "{'single'}",
    "{\"esc\\\"aped\"}",
    "{\"\\u00e9\\t|\"}",
    "{5}",
    "{1.5}",
    "{true}",
    // Parse errors.
    "{.bad",
    "{%}",
    "{.a[1}",
    "{.a[x]}",
    "{.a[-:1]}",
    "{.a[?(@.b==1}",
    "{.a[?(@.b==1)}",
    "{\"abc}",
    "{\"\\q\"}",
    "{.....}",
    "{1.2.3}",
    "{.a}{",
];

#[test]
fn jsonpath_as_helm_prints_it() {
    let s = Sandbox::with_charts();
    s.write(
        "charts/jp/Chart.yaml",
        "apiVersion: v2\nname: jp\nversion: 0.1.0\n",
    );
    s.write("charts/jp/values.yaml", VALUES);
    let mut cases: Vec<_> = TEMPLATES
        .iter()
        .map(|t| case(&["show", "values", "charts/jp", "--jsonpath", t]))
        .collect();
    // A chart without values never parses the template.
    cases.push(case(&[
        "show",
        "values",
        "charts/no-values",
        "--jsonpath",
        "{.bad",
    ]));
    insta::assert_snapshot!("jsonpath", same_as_helm_table(&s, &cases, &[]));
}
