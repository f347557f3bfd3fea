"""Lists, dicts, defaults, reflection and Sprig's JSON functions (Sprig's list_test.go,
dict_test.go, defaults_test.go and reflect_test.go tables first)."""

from cases import area, case, cases, signature_cases
from typed import I64, NILLIST, NILMAP, Ints, SMap, Strs, Values

L = area("lists")

cases(L, "sprig-test", [
    '{{$t := tuple 1 "a" "foo"}}{{index $t 2}}{{index $t 0 }}{{index $t 1}}',
    '{{$t := list 1 "a" "foo"}}{{index $t 2}}{{index $t 0 }}{{index $t 1}}',
    '{{ $t := tuple 1 2 3  }}{{ append $t 4 | len }}', '{{ $t := tuple 1 2 3 4  }}{{ append $t 5 | join "-" }}',
    '{{ $t := regexSplit "/" "foo/bar/baz" -1 }}{{ append $t "qux" | join "-" }}',
    '{{ $t := tuple 1 2 3  }}{{ mustAppend $t 4 | len }}', '{{ $t := tuple 1 2 3 4  }}{{ mustAppend $t 5 | join "-" }}',
    '{{ $t := regexSplit "/" "foo/bar/baz" -1 }}{{ mustPush $t "qux" | join "-" }}',
    '{{ tuple 1 2 3 4 5 6 7 | chunk 3 | len }}', '{{ tuple | chunk 3 | len }}',
    '{{ range ( tuple 1 2 3 4 5 6 7 8 9 | chunk 3 ) }}{{. | join "-"}}|{{end}}',
    '{{ range ( tuple 1 2 3 4 5 6 7 8 | chunk 3 ) }}{{. | join "-"}}|{{end}}',
    '{{ range ( tuple 1 2 | chunk 3 ) }}{{. | join "-"}}|{{end}}', '{{ tuple 1 2 3 4 5 6 7 | mustChunk 3 | len }}',
    '{{ tuple | mustChunk 3 | len }}', '{{ range ( tuple 1 2 3 4 5 6 7 8 | mustChunk 3 ) }}{{. | join "-"}}|{{end}}',
    '{{ $t := tuple 1 2 3  }}{{ prepend $t 0 | len }}', '{{ $t := tuple 1 2 3 4  }}{{ prepend $t 0 | join "-" }}',
    '{{ $t := regexSplit "/" "foo/bar/baz" -1 }}{{ prepend $t "qux" | join "-" }}',
    '{{ $t := tuple 1 2 3 4  }}{{ mustPrepend $t 0 | join "-" }}',
    '{{ list 1 2 3 | first }}', '{{ list | first }}', '{{ regexSplit "/src/" "foo/src/bar" -1 | first }}',
    '{{ list 1 2 3 | mustFirst }}', '{{ list | mustFirst }}', '{{ list 1 2 3 | last }}', '{{ list | last }}',
    '{{ regexSplit "/src/" "foo/src/bar" -1 | last }}', '{{ list 1 2 3 | mustLast }}', '{{ list | mustLast }}',
    '{{ list 1 2 3 | initial | len }}', '{{ list 1 2 3 | initial | last }}', '{{ list 1 2 3 | initial | first }}',
    '{{ list | initial }}', '{{ regexSplit "/" "foo/bar/baz" -1 | initial }}', '{{ list | mustInitial }}',
    '{{ list 1 2 3 | rest | len }}', '{{ list 1 2 3 | rest | last }}', '{{ list 1 2 3 | rest | first }}',
    '{{ list | rest }}', '{{ regexSplit "/" "foo/bar/baz" -1 | rest }}', '{{ list | mustRest }}',
    '{{ list 1 2 3 | reverse | first }}', '{{ list 1 2 3 | reverse | rest | first }}', '{{ list 1 2 3 4 | reverse }}',
    '{{ list 1 | reverse }}', '{{ list | reverse }}', '{{ regexSplit "/" "foo/bar/baz" -1 | reverse }}',
    '{{ list 1 2 3 4 | mustReverse }}',
    '{{ list 1 0 "" "hello" | compact }}', '{{ list "" "" | compact }}', '{{ list | compact }}',
    '{{ regexSplit "/" "foo//bar" -1 | compact }}', '{{ list 1 0 "" "hello" | mustCompact }}',
    '{{ list 1 2 3 4 | uniq }}', '{{ list "a" "b" "c" "d" | uniq }}', '{{ list 1 1 1 1 2 2 2 2 | uniq }}',
    '{{ list "foo" 1 1 1 1 "foo" "foo" | uniq }}', '{{ list | uniq }}', '{{ regexSplit "/" "foo/foo/bar" -1 | uniq }}',
    '{{ list 1 1 2 | mustUniq }}',
    '{{ without (list 1 2 3 4) 1 }}', '{{ without (list "a" "b" "c" "d") "a" }}', '{{ without (list 1 1 1 1 2) 1 }}',
    '{{ without (list) 1 }}', '{{ without (list 1 2 3) }}', '{{ without list }}',
    '{{ without (regexSplit "/" "foo/bar/baz" -1 ) "foo" }}', '{{ mustWithout (list 1 2 3 4) 1 }}',
    '{{ list 1 2 3 | has 1 }}', '{{ list 1 2 3 | has 4 }}', '{{ regexSplit "/" "foo/bar/baz" -1 | has "bar" }}',
    '{{ has "bar" nil }}', '{{ list 1 2 3 | mustHas 1 }}', '{{ mustHas "bar" nil }}',
    '{{ slice (list 1 2 3) }}', '{{ slice (list 1 2 3) 0 1 }}', '{{ slice (list 1 2 3) 1 3 }}', '{{ slice (list 1 2 3) 1 }}',
    '{{ slice (regexSplit "/" "foo/bar/baz" -1) 1 2 }}', '{{ mustSlice (list 1 2 3) 1 }}',
    '{{ concat (list 1 2 3) }}', '{{ concat (list 1 2 3) (list 4 5) }}', '{{ concat (list 1 2 3) (list 4 5) (list) }}',
    '{{ concat (list 1 2 3) (list 4 5) (list nil) }}', '{{ concat (list 1 2 3) (list 4 5) (list ( list "foo" ) ) }}',
])

# Wrong kinds, nil lists, typed slices, and the result types.
for fn in ["first", "last", "rest", "initial", "reverse", "compact", "uniq"]:
    for must in ["", "must"]:
        name = must + fn[0].upper() + fn[1:] if must else fn
        cases(L, f"{name}-kinds", [
            '{{ %s "abc" }}' % name, '{{ %s 1 }}' % name, '{{ %s .m }}' % name, '{{ %s nil }}' % name,
            '{{ %s .n }}' % name, '{{ %s .ls }}' % name, '{{ %s .li }}' % name, '{{ %s .bytes }}' % name,
            '{{ %s .ln }}' % name, '{{ typeOf (%s .l) }}' % name, '{{ %s .l }}' % name, '{{ %s .f }}' % name,
        ])
for name in ["push", "append", "mustPush", "mustAppend", "prepend", "mustPrepend"]:
    cases(L, f"{name}-kinds", [
        '{{ %s "abc" 1 }}' % name, '{{ %s .m 1 }}' % name, '{{ %s nil 1 }}' % name, '{{ %s .ls "d" }}' % name,
        '{{ %s .li nil }}' % name, '{{ %s .bytes 1 }}' % name, '{{ %s .ln 1 }}' % name,
        '{{ typeOf (%s .ls "d") }}' % name, '{{ %s .l .l }}' % name, '{{ %s (list) nil }}' % name,
    ])
for name in ["chunk", "mustChunk"]:
    cases(L, f"{name}-edge", [
        '{{ %s 2 "abc" }}' % name, '{{ %s 0 (list 1 2 3) }}' % name, '{{ %s -1 (list 1 2 3) }}' % name,
        '{{ %s -2 (list 1 2 3) }}' % name, '{{ %s -5 (list 1 2 3) }}' % name, '{{ %s 0 (list) }}' % name,
        '{{ %s -1 (list 1) }}' % name, '{{ %s 1 .ls }}' % name, '{{ %s 5 .li }}' % name, '{{ %s 2 nil }}' % name,
        '{{ %s 1 (list) }}' % name, '{{ typeOf (%s 1 (list 1)) }}' % name, '{{ %s 2 .bytes }}' % name,
        '{{ %s 3 (list 1 2 3 4 5 6) }}' % name,
    ])
for name in ["has", "mustHas"]:
    cases(L, f"{name}-types", [
        '{{ %s 1 .lf }}' % name, '{{ %s 1.0 .lf }}' % name, '{{ %s .f .lf }}' % name, '{{ %s "a" .ls }}' % name,
        '{{ %s 1 .li }}' % name, '{{ %s nil .l }}' % name, '{{ %s "two" .l }}' % name, '{{ %s 1 "abc" }}' % name,
        '{{ %s 1 .m }}' % name, '{{ %s .i64 (list 3) }}' % name, '{{ %s 104 .bytes }}' % name, '{{ %s 1 .ln }}' % name,
        '{{ %s (list 1) (list (list 1)) }}' % name, '{{ %s (dict "a" 1) (list (dict "a" 1)) }}' % name,
        '{{ %s .nan (list .nan) }}' % name,
    ])
for name in ["slice", "mustSlice"]:
    cases(L, f"{name}-edge", [
        '{{ %s "abc" 1 }}' % name, '{{ %s (list) 0 }}' % name, '{{ %s (list 1 2 3) 2 1 }}' % name,
        '{{ %s (list 1 2 3) -1 }}' % name, '{{ %s (list 1 2 3) 0 4 }}' % name, '{{ %s (list 1 2 3) "1" "2" }}' % name,
        '{{ %s (list 1 2 3) 1.9 }}' % name, '{{ %s .ls 1 }}' % name, '{{ typeOf (%s .ls 1) }}' % name,
        '{{ %s .li 0 2 }}' % name, '{{ %s .bytes 1 }}' % name, '{{ %s nil }}' % name, '{{ %s .l nil }}' % name,
        '{{ typeOf (%s (list)) }}' % name, '{{ %s (list 1 2 3) 3 }}' % name, '{{ %s (list 1 2 3) .f }}' % name,
        '{{ %s .m }}' % name,
    ])
cases(L, "concat-edge", [
    '{{ concat }}', '{{ typeOf concat }}', '{{ concat (list) }}', '{{ typeOf (concat (list)) }}', '{{ concat "abc" }}',
    '{{ concat .m }}', '{{ concat nil }}', '{{ concat .ls .li .bytes }}', '{{ concat .ln .ln }}', '{{ toJson (concat .ln) }}',
    '{{ concat (list 1) 2 }}',
])
cases(L, "without-edge", [
    '{{ without .l nil }}', '{{ without .l 1 "two" }}', '{{ without .lf 1 }}', '{{ without .lf 1.0 }}',
    '{{ without "abc" "a" }}', '{{ without nil 1 }}', '{{ without .ls "a" "c" }}', '{{ mustWithout .m 1 }}',
    '{{ without .li 3 }}',
])
cases(L, "uniq-edge", [
    '{{ uniq (list 1 1.0 "1" .i64) }}', '{{ uniq (list nil nil) }}', '{{ uniq (list .m .m (dict)) }}',
    '{{ uniq (list (list 1) (list 1)) }}', '{{ uniq .ls }}', '{{ uniq (list .nan .nan) }}',
    '{{ uniq (list .ln (list)) }}',
])
cases(L, "compact-edge", [
    '{{ compact (list 0 0.0 false "" nil (list) (dict) .mn .ln "x" 1) }}', '{{ compact .l }}',
    '{{ compact (list .i64 .f0 .nan) }}',
])
cases(L, "list", [
    '{{ list }}', '{{ typeOf list }}', '{{ list nil }}', '{{ list 1 "a" 2.5 true nil }}', '{{ typeOf (list 1) }}',
    '{{ tuple }}', '{{ toJson list }}', '{{ len (list 1 2) }}', '{{ list .m .l }}', '{{ list .i64 .f32 }}',
])
signature_cases(L, "chunk", ["int", "any"])
signature_cases(L, "first", ["any"])
signature_cases(L, "has", ["any", "any"])
signature_cases(L, "append", ["any", "any"])
signature_cases(L, "prepend", ["any", "any"])
signature_cases(L, "without", ["any"], variadic="any")
signature_cases(L, "slice", ["any"], variadic="any")

D_ = area("dicts")
cases(D_, "sprig-test", [
    '{{$d := dict 1 2 "three" "four" 5}}{{range $k, $v := $d}}{{$k}}{{$v}}{{end}}',
    '{{$t := dict "I" "shot" "the" "albatross"}}{{$t.the}} {{$t.I}}',
    '{{- $d := dict "one" 1 "two" 222222 -}}{{- $_ := unset $d "two" -}}{{- range $k, $v := $d}}{{$k}}-{{$v}}{{- end }}',
    '{{- $d := dict "one" 1 "two" 222222 -}}{{- $_ := set $d "two" 2 -}}{{- $_ := set $d "three" 3 -}}{{- if hasKey $d "one" -}}{{$d.one}}{{- end -}}{{- if hasKey $d "two" -}}{{$d.two}}{{- end -}}{{- if hasKey $d "three" -}}{{$d.three}}{{- end -}}',
    '{{ dict "foo" 1 "bar" 2 | keys | sortAlpha }}', '{{ dict | keys }}',
    '{{ keys (dict "foo" 1) (dict "bar" 2) (dict "bar" 3) | uniq | sortAlpha }}',
    '{{- $d := dict "one" 1 "two" 222222 }}{{ pick $d "two" | len -}}', '{{- $d := dict "one" 1 "two" 222222 }}{{ pick $d "two" -}}',
    '{{- $d := dict "one" 1 "two" 222222 }}{{ pick $d "one" "two" | len -}}',
    '{{- $d := dict "one" 1 "two" 222222 }}{{ pick $d "one" "two" "three" | len -}}', '{{- $d := dict }}{{ pick $d "two" | len -}}',
    '{{- $d := dict "one" 1 "two" 222222 }}{{ omit $d "one" | len -}}', '{{- $d := dict "one" 1 "two" 222222 }}{{ omit $d "one" -}}',
    '{{- $d := dict "one" 1 "two" 222222 }}{{ omit $d "one" "two" | len -}}',
    '{{- $d := dict "one" 1 "two" 222222 }}{{ omit $d "two" "three" | len -}}', '{{- $d := dict }}{{ omit $d "two" | len -}}',
    '{{- $d := dict "one" 1 }}{{ get $d "one" -}}', '{{- $d := dict "one" 1 "two" "2" }}{{ get $d "two" -}}',
    '{{- $d := dict }}{{ get $d "two" -}}',
    '{{- $d := dict "a" 1 "b" 2 }}{{ values $d | sortAlpha | join "," }}',
    '{{- $d := dict "a" "first" "b" 2 }}{{ values $d | sortAlpha | join "," }}',
    '{{- $d := dict "a" 1 "b" 2 | deepCopy }}{{ values $d | sortAlpha | join "," }}',
    '{{- $d := dict "a" 1 "b" 2 | deepCopy }}{{ keys $d | sortAlpha | join "," }}',
    '{{- $one := dict "foo" (dict "bar" "baz") "qux" true -}}{{ deepCopy $one }}',
    '{{- $one := dict "foo" (dict "bar" "baz") "qux" true -}}{{ mustDeepCopy $one }}',
    '{{- $d := dict "a" (dict "b" (dict "c" 1)) }}{{ dig "a" "b" "c" "" $d }}',
    '{{- $d := dict "a" (dict "b" (dict "c" 1)) }}{{ dig "a" "b" "z" "2" $d }}',
    '{{ dict "a" 1 | dig "a" "" }}', '{{ dict "a" 1 | dig "z" "2" }}',
])
MERGE = {
    "src2": {"h": 10, "i": "i", "j": "j"},
    "src1": {"a": 1, "b": 2, "d": {"e": "four"}, "g": Ints([6, 7]), "i": "aye", "j": "jay", "k": {"l": False}},
    "dst": {"a": "one", "c": 3, "d": {"f": 5}, "g": Ints([8, 9]), "i": "eye", "k": {"l": True}},
}
case(D_, "sprig-merge", '{{ merge .dst .src1 .src2 }}|{{ .dst }}|{{ .src1 }}', data=MERGE)
case(D_, "sprig-merge-overwrite", '{{ mergeOverwrite .dst .src1 .src2 }}|{{ .dst }}', data=MERGE)
case(D_, "sprig-must-merge", '{{ mustMerge .dst .src1 .src2 }}', data=MERGE)
case(D_, "sprig-must-merge-overwrite", '{{ mustMergeOverwrite .dst .src1 .src2 }}', data=MERGE)

MD = {
    "d": {"s": "x", "e": "", "z": 0, "f": False, "n": None, "l": [1], "le": [], "m": {"a": 1}, "me": {}, "ln": NILLIST,
          "mn": NILMAP, "i64": I64(0), "fl": 0.0, "ls": Strs(["x"])},
    "s": {"s": "y", "e": "y", "z": 1, "f": True, "n": "y", "l": [2], "le": [2], "m": {"b": 2}, "me": {"b": 2}, "ln": [3],
          "mn": {"c": 3}, "i64": I64(5), "fl": 1.5, "ls": Strs(["y"]), "new": "new"},
    "snil": {"s": None, "l": None, "m": None, "new": None},
    "sempty": {"s": "", "z": 0, "f": False, "l": [], "m": {}},
    "v": Values({"a": {"b": 1}, "x": "keep"}),
    "sm": SMap({"k": "v"}),
}
cases_merge = [
    ('merge-all-kinds', '{{ merge .d .s }}'), ('overwrite-all-kinds', '{{ mergeOverwrite .d .s }}'),
    ('merge-nil-src', '{{ merge .d .snil }}'), ('overwrite-nil-src', '{{ mergeOverwrite .d .snil }}'),
    ('merge-empty-src', '{{ merge .d .sempty }}'), ('overwrite-empty-src', '{{ mergeOverwrite .d .sempty }}'),
    ('merge-mutates', '{{ $_ := merge .d .s }}{{ .d.new }}'), ('merge-values', '{{ merge .v (dict "a" (dict "c" 2) "y" 1) }}|{{ .v }}'),
    ('merge-into-values-type', '{{ typeOf (merge .v (dict)) }}'), ('merge-nil-dst', '{{ merge nil (dict "a" 1) }}'),
    ('merge-nil-dst-nil-src', '{{ merge nil nil }}'), ('merge-no-src', '{{ merge (dict "a" 1) }}'),
    ('merge-sm-src', '{{ merge (dict) .sm }}'), ('merge-list-src', '{{ merge (dict) .s.l }}'),
    ('merge-shares-src-map', '{{ $d := dict }}{{ $s := dict "m" (dict "a" 1) }}{{ $_ := merge $d $s }}{{ $_ := set $d.m "b" 2 }}{{ $s }}'),
    ('merge-into-empty-nested', '{{ $inner := dict }}{{ $d := dict "m" $inner }}{{ $_ := merge $d (dict "m" (dict "a" 1)) }}{{ $inner }}|{{ $d }}'),
    ('overwrite-map-with-scalar', '{{ mergeOverwrite (dict "m" (dict "a" 1)) (dict "m" "x") }}'),
    ('overwrite-scalar-with-map', '{{ mergeOverwrite (dict "m" "x") (dict "m" (dict "a" 1)) }}'),
    ('merge-scalar-with-map', '{{ merge (dict "m" "x") (dict "m" (dict "a" 1)) }}'),
    ('merge-empty-string-with-map', '{{ merge (dict "m" "") (dict "m" (dict "a" 1)) }}'),
    ('merge-chain', '{{ merge (dict "a" 1) (dict "a" 2 "b" 2) (dict "b" 3 "c" 3) }}'),
    ('overwrite-chain', '{{ mergeOverwrite (dict "a" 1) (dict "a" 2 "b" 2) (dict "b" 3 "c" 3) }}'),
    ('overwrite-nil-value', '{{ mergeOverwrite (dict "g" "v") (dict "g" nil) }}'),
    ('merge-deep', '{{ merge (dict "a" (dict "b" (dict "c" 1 "d" 0))) (dict "a" (dict "b" (dict "c" 2 "d" 4 "e" 5))) }}'),
    ('overwrite-deep', '{{ mergeOverwrite (dict "a" (dict "b" (dict "c" 1 "d" 0))) (dict "a" (dict "b" (dict "c" 2 "e" 5))) }}'),
    ('merge-lists-not-merged', '{{ merge (dict "l" (list 1 2)) (dict "l" (list 3)) }}'),
    ('overwrite-lists-replaced', '{{ mergeOverwrite (dict "l" (list 1 2)) (dict "l" (list)) }}'),
    ('merge-result-type', '{{ typeOf (merge (dict) (dict)) }}'), ('merge-args-sm', '{{ merge .sm (dict) }}'),
    ('merge-wrong-src', '{{ merge (dict) "x" }}'), ('overwrite-nil-src-map', '{{ mergeOverwrite (dict "a" 1) nil }}'),
]
for id_, tpl in cases_merge:
    case(D_, id_, tpl, data=MD)

cases(D_, "dict", [
    '{{ dict }}', '{{ dict "a" }}', '{{ dict "a" 1 "b" }}', '{{ dict 1 2 }}', '{{ dict nil 1 }}', '{{ dict .f 1 .big 2 }}',
    '{{ dict .l 1 }}', '{{ dict "a" 1 "a" 2 }}', '{{ typeOf (dict) }}', '{{ dict .bytes 1 }}', '{{ dict true false }}',
    '{{ toJson (dict "b" 2 "a" (list 1)) }}',
])
cases(D_, "get-set", [
    '{{ get .m "a" }}', '{{ get .m "z" }}', '{{ get .m "missing" }}', '{{ typeOf (get .m "missing") }}', '{{ get .v "x" }}',
    '{{ get .mn "a" }}', '{{ get nil "a" }}', '{{ set .m "new" 1 }}', '{{ $_ := set .m "new" 1 }}{{ .m }}',
    '{{ set .v "new" 1 }}', '{{ typeOf (set .v "new" 1) }}', '{{ set .mn "a" 1 }}', '{{ set nil "a" 1 }}',
    '{{ set (dict) "a" nil }}', '{{ $d := dict }}{{ $_ := set $d "self" 1 }}{{ $d }}', '{{ unset .m "a" }}',
    '{{ unset .m "missing" }}', '{{ unset .mn "a" }}', '{{ unset nil "a" }}', '{{ $_ := unset .m "b" }}{{ .m }}',
    '{{ set .sm "a" 1 }}', '{{ get .sm "k" }}', '{{ hasKey .m "z" }}', '{{ hasKey .m "nope" }}', '{{ hasKey .mn "a" }}',
    '{{ hasKey nil "a" }}', '{{ hasKey .v "x" }}', '{{ hasKey .sm "k" }}', '{{ hasKey .m .i }}',
])
cases(D_, "pluck", [
    '{{ pluck "a" (dict "a" 1) (dict "b" 2) (dict "a" 3) }}', '{{ pluck "a" }}', '{{ typeOf (pluck "a") }}',
    '{{ pluck "z" .m }}', '{{ pluck "a" .mn nil }}', '{{ pluck "a" .sm }}', '{{ pluck "x" .v }}',
])
cases(D_, "keys-values", [
    '{{ keys }}', '{{ keys .mn }}', '{{ keys .m | sortAlpha }}', '{{ keys .v | sortAlpha }}', '{{ typeOf (keys .m) }}',
    '{{ keys (dict "a" 1) (dict "a" 2) }}', '{{ values .mn }}', '{{ values (dict) }}', '{{ typeOf (values .m) }}',
    '{{ values (dict "b" 1) }}', '{{ keys .sm }}', '{{ values .sm }}', '{{ values nil }}',
])
cases(D_, "pick-omit", [
    '{{ pick .m }}', '{{ pick .m "a" "z" }}', '{{ pick .mn "a" }}', '{{ typeOf (pick .v "x") }}', '{{ pick .v "x" "a" }}',
    '{{ omit .m }}', '{{ omit .m "a" "b" "z" }}', '{{ omit .mn "a" }}', '{{ typeOf (omit .v) }}', '{{ omit .v "a" }}',
    '{{ pick .m .i }}', '{{ omit .m 1 }}', '{{ pick nil "a" }}',
])
cases(D_, "dig", [
    '{{ dig "a" "def" .m }}', '{{ dig "z" "def" .m }}', '{{ dig "missing" "def" .m }}', '{{ dig "b" "c" "def" .m }}',
    '{{ dig "a" "c" "def" .m }}', '{{ dig "z" "c" "def" .m }}', '{{ dig "a" "b" "def" .v }}', '{{ dig "a" "def" nil }}',
    '{{ dig "a" "def" .mn }}', '{{ dig "a" .m }}', '{{ dig }}', '{{ dig 1 "def" .m }}', '{{ dig "k" "def" .sm }}',
    '{{ dig "a" "def" "notmap" }}', '{{ dig "b" "x" "y" "def" .m }}', '{{ dig "a" nil .m }}', '{{ dig "q" nil .m }}',
    '{{ dig "b" "c" "def" (deepCopy .m) }}',
])
cases(D_, "deepcopy", [
    '{{ deepCopy nil }}', '{{ mustDeepCopy nil }}', '{{ deepCopy .n }}', '{{ deepCopy 1 }}', '{{ deepCopy .l }}', '{{ deepCopy .ln }}', '{{ typeOf (deepCopy .ln) }}',
    '{{ deepCopy .mn }}', '{{ typeOf (deepCopy .mn) }}', '{{ deepCopy .v }}', '{{ typeOf (deepCopy .v) }}',
    '{{ deepCopy .sm }}', '{{ typeOf (deepCopy .sm) }}', '{{ deepCopy .ls }}', '{{ deepCopy .bytes }}',
    '{{ $c := deepCopy .m }}{{ $_ := set $c.b "new" 1 }}{{ .m }}|{{ $c }}', '{{ deepCopy .le }}', '{{ toJson (deepCopy .ln) }}',
    '{{ toJson (deepCopy .mn) }}', '{{ mustDeepCopy .f }}', '{{ deepCopy "s" }}',
])
for name, params, variadic in [
    ("get", ["map", "string"], None), ("set", ["map", "string", "any"], None), ("unset", ["map", "string"], None),
    ("hasKey", ["map", "string"], None), ("pick", ["map"], "string"), ("omit", ["map"], "string"),
    ("values", ["map"], None), ("merge", ["map"], "map"), ("mergeOverwrite", ["map"], "map"),
    ("pluck", ["string"], "map"), ("keys", [], "map"), ("deepCopy", ["any"], None),
]:
    signature_cases(D_, name, params, variadic)

DF = area("defaults")
cases(DF, "sprig-test", [
    '{{"" | default "foo"}}', '{{default "foo" 234}}', '{{default "foo" 2.34}}', '{{ .Nothing | default "123" }}',
    '{{ default "123" }}', '{{if empty 1}}1{{else}}0{{end}}', '{{if empty 0}}1{{else}}0{{end}}',
    '{{if empty ""}}1{{else}}0{{end}}', '{{if empty 0.0}}1{{else}}0{{end}}', '{{if empty false}}1{{else}}0{{end}}',
    '{{ coalesce 1 }}', '{{ coalesce "" 0 nil 2 }}', '{{ $two := 2 }}{{ coalesce "" 0 nil $two }}',
    '{{ $two := 2 }}{{ coalesce "" $two 0 0 0 }}', '{{ coalesce }}', '{{ all 1 }}', '{{ all "" 0 nil 2 }}', '{{ all }}',
    '{{ any 1 }}', '{{ any "" 0 nil 2 }}', '{{ $zero := 0 }}{{ any "" $zero 0 0 0 }}', '{{ any }}',
    '{{true | ternary "foo" "bar"}}', '{{ternary "foo" "bar" true}}', '{{false | ternary "foo" "bar"}}',
    '{{ternary "foo" "bar" false}}',
])
EMPTIES = ['nil', '.n', '.e', '.i0', '.f0', '.fa', '.le', '.ln', '.me', '.mn', '0', '""', 'false', '(list)', '(dict)',
           '.s', '.i', '.f', '.t', '.l', '.m', '.v', '.sm', '.ls', '.bytes', '.nan', '"0"', '" "', '0.0', '.i64',
           '.missing', '.u8', '.f32', '0i', '(deepCopy .mn)']
for k, e in enumerate(EMPTIES):
    case(DF, f"empty-{k}", '{{ empty %s }}' % e)
    case(DF, f"default-{k}", '{{ default "D" %s }}' % e)
    case(DF, f"default-pipe-{k}", '{{ %s | default "D" }}' % e)
cases(DF, "default-more", [
    '{{ default "a" "b" "c" }}', '{{ default nil nil }}', '{{ default .l nil }}', '{{ typeOf (default 1 nil) }}',
    '{{ default .f .i }}', '{{ .Values.missing | default "x" }}', '{{ default (dict "a" 1) .me }}',
])
cases(DF, "coalesce-more", [
    '{{ coalesce nil }}', '{{ coalesce .e .le .me "x" }}', '{{ coalesce .f0 .f }}', '{{ coalesce .mn .m }}',
    '{{ typeOf (coalesce 0 .i64) }}', '{{ coalesce .missing.x "y" }}', '{{ coalesce false true }}',
])
cases(DF, "all-any", [
    '{{ all .t .s .m }}', '{{ all .t .e }}', '{{ all nil }}', '{{ any nil }}', '{{ any .e .le .f }}', '{{ any .fa .f0 }}',
    '{{ all .nan }}', '{{ any .mn .ln }}',
])
cases(DF, "ternary", [
    '{{ ternary 1 2 .t }}', '{{ ternary 1 2 .fa }}', '{{ ternary nil 2 true }}', '{{ ternary 1 nil false }}',
    '{{ ternary 1 2 1 }}', '{{ ternary 1 2 .s }}', '{{ ternary 1 2 nil }}', '{{ ternary 1 2 .n }}', '{{ ternary 1 2 }}',
    '{{ typeOf (ternary .f .i true) }}', '{{ ternary .l .m true }}',
])
signature_cases(DF, "ternary", ["any", "any", "bool"])
signature_cases(DF, "empty", ["any"])

R = area("reflect")
cases(R, "typeof", ['{{ typeOf %s }}' % e for e in EMPTIES])
cases(R, "kindof", ['{{ kindOf %s }}' % e for e in EMPTIES])
cases(R, "typeis", [
    '{{ typeIs "string" "x" }}', '{{ typeIs "int" 1 }}', '{{ typeIs "float64" .f }}', '{{ typeIs "int64" .i64 }}',
    '{{ typeIs "<nil>" nil }}', '{{ typeIs "map[string]interface {}" .m }}', '{{ typeIs "common.Values" .v }}',
    '{{ typeIs "[]interface {}" .l }}', '{{ typeIs "[]string" .ls }}', '{{ typeIs "string" 1 }}',
    '{{ typeIsLike "string" "x" }}', '{{ typeIsLike "*string" "x" }}', '{{ typeIsLike "int" 1 }}', '{{ typeIsLike "" nil }}',
    '{{ typeIsLike "<nil>" nil }}', '{{ typeIsLike "nil>" nil }}',
    '{{ kindIs "string" "x" }}', '{{ kindIs "int" 1 }}', '{{ kindIs "float64" .f }}', '{{ kindIs "map" .v }}',
    '{{ kindIs "slice" .ls }}', '{{ kindIs "slice" .bytes }}', '{{ kindIs "invalid" nil }}', '{{ kindIs "ptr" nil }}',
    '{{ kindIs "map" .sm }}', '{{ kindIs "uint8" .u8 }}', '{{ kindIs "complex128" 1i }}',
])
cases(R, "deepequal", [
    '{{ deepEqual 1 1 }}', '{{ deepEqual 1 1.0 }}', '{{ deepEqual .i .f }}', '{{ deepEqual .i64 3 }}', '{{ deepEqual nil nil }}',
    '{{ deepEqual nil .n }}', '{{ deepEqual .le .ln }}', '{{ deepEqual .me .mn }}', '{{ deepEqual (list 1) (list 1) }}',
    '{{ deepEqual (dict "a" (list 1)) (dict "a" (list 1)) }}', '{{ deepEqual .m .v }}', '{{ deepEqual .nan .nan }}',
    '{{ deepEqual (list .nan) (list .nan) }}', '{{ $l := list .nan }}{{ deepEqual $l $l }}', '{{ deepEqual .ls (list "b" "a" "c") }}',
    '{{ deepEqual "a" "a" }}', '{{ deepEqual .m .m }}', '{{ deepEqual (dict) (dict) }}', '{{ deepEqual .bytes .bytes }}',
    '{{ deepEqual 1 }}',
])
for name, params in [("typeOf", ["any"]), ("kindOf", ["any"]), ("typeIs", ["string", "any"]),
                     ("typeIsLike", ["string", "any"]), ("kindIs", ["string", "any"]), ("deepEqual", ["any", "any"])]:
    signature_cases(R, name, params)

J = area("json")
JD = {"top": {"bool": True, "string": "test", "number": 42, "html": "<HEAD>", "list": [1, "two"]}, "input": '{"foo": 55}'}
for id_, tpl in [
    ("sprig-fromjson", '{{ .input | fromJson }}'), ("sprig-fromjson-field", '{{ (.input | fromJson).foo }}'),
    ("sprig-tojson", '{{ .top | toJson }}'), ("sprig-toprettyjson", '{{ .top | toPrettyJson }}'),
    ("sprig-torawjson", '{{ .top | toRawJson }}'), ("must-tojson", '{{ .top | mustToJson }}'),
    ("must-toprettyjson", '{{ .top | mustToPrettyJson }}'), ("must-torawjson", '{{ .top | mustToRawJson }}'),
]:
    case(J, id_, tpl, data=JD)
cases(J, "tojson", [
    '{{ toJson nil }}', '{{ toJson 1 }}', '{{ toJson .f }}', '{{ toJson .big }}', '{{ toJson .nan }}', '{{ toJson .inf }}',
    '{{ toJson .l }}', '{{ toJson .ln }}', '{{ toJson .mn }}', '{{ toJson .m }}', '{{ toJson .v }}', '{{ toJson .bytes }}',
    '{{ toJson "<&>\\u2028" }}', '{{ toJson .ls }}', '{{ toJson .i64 }}', '{{ toJson .f32 }}', '{{ toJson .sm }}',
    '{{ toJson 1e21 }}', '{{ toJson 0.000001 }}', '{{ toJson 1e-7 }}', '{{ toJson (list .nan) }}', '{{ mustToJson .nan }}',
    '{{ mustToJson (dict "a" .inf) }}', '{{ toPrettyJson .m }}', '{{ toPrettyJson .le }}', '{{ toPrettyJson .me }}',
    '{{ toPrettyJson (list (dict) (list)) }}', '{{ toPrettyJson .nan }}', '{{ mustToPrettyJson .nan }}',
    '{{ toRawJson "<&>" }}', '{{ toRawJson .nan }}', '{{ mustToRawJson .inf }}', '{{ toRawJson .m }}', '{{ toJson 1i }}',
    '{{ toRawJson .bytes }}', '{{ toPrettyJson "é\\u0001" }}',
])
cases(J, "fromjson", [
    '{{ fromJson "" }}', '{{ fromJson "{" }}', '{{ fromJson "[1,2]" }}', '{{ typeOf (fromJson "1") }}', '{{ fromJson "null" }}',
    '{{ fromJson "\\"s\\"" }}', '{{ fromJson "{\\"a\\": [1, {\\"b\\": null}]}" }}', '{{ fromJson "1e400" }}',
    '{{ fromJson "[1, 1e400, 2]" }}', '{{ fromJson "{} x" }}', '{{ mustFromJson "{" }}', '{{ mustFromJson "[1" }}',
    '{{ mustFromJson "1e400" }}', '{{ mustFromJson "{\\"a\\":1}" }}', '{{ typeOf (mustFromJson "{}") }}',
    '{{ mustFromJson "tru" }}', '{{ fromJson "true" }}', '{{ (fromJson "{\\"a\\":{\\"b\\":2}}").a.b }}',
    '{{ fromJson "[]" | len }}', '{{ mustFromJson "\\"\\\\ud800\\"" }}', '{{ fromJson "{\\"a\\":1,\\"a\\":2}" }}',
])
for name, params in [("toJson", ["any"]), ("fromJson", ["string"]), ("toPrettyJson", ["any"]), ("toRawJson", ["any"]),
                     ("mustFromJson", ["string"]), ("mustToJson", ["any"])]:
    signature_cases(J, name, params)
