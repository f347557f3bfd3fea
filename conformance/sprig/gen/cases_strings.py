"""Strings: strings.go and the genericMap closures (Sprig's strings_test.go tables first)."""

from cases import area, case, cases, signature_cases

A = area("strings")

# Sprig's strings_test.go.
cases(A, "sprig-test", [
    '{{"fooo" | substr 0 3 }}',
    '{{"foo" | substr 0 10 }}',
    '{{ "foooooo" | trunc 3 }}',
    '{{ "baaaaaar" | trunc -3 }}',
    '{{ "baaaaaar" | trunc -999 }}',
    '{{ "baaaaaz" | trunc 0 }}',
    '{{quote "a" "b" "c"}}',
    '{{quote "\\"a\\"" "b" "c"}}',
    '{{quote 1 2 3 }}',
    '{{ .n | quote }}',
    '{{squote "a" "b" "c"}}',
    '{{squote 1 2 3 }}',
    '{{ .n | squote }}',
    '{{if contains "cat" "fair catch"}}1{{end}}',
    '{{if hasPrefix "cat" "catch"}}1{{end}}',
    '{{if hasSuffix "cat" "ducat"}}1{{end}}',
    '{{trim "   5.00   "}}',
    '{{trimAll "$" "$5.00$"}}',
    '{{trimPrefix "$" "$5.00"}}',
    '{{trimSuffix "$" "5.00$"}}',
    '{{$v := "foo$bar$baz" | split "$"}}{{$v._0}}',
    '{{$v := "foo$bar$baz" | splitn "$" 2}}{{$v._0}}',
    '{{ toString 1 | kindOf }}',
    '{{ $s := list 1 2 3 | toStrings }}{{ index $s 1 | kindOf }}',
    '{{ list 1 .n 2 | toStrings }}',
    '{{ tuple "a" "b" "c" | join "-" }}',
    '{{ tuple 1 2 3 | join "-" }}',
    '{{ join "-" .ls }}',
    '{{ join "-" .s }}',
    '{{ join "-" .li }}',
    '{{ join "-" .l }}',
    '{{ list "c" "a" "b" | sortAlpha | join "" }}',
    '{{ list 2 1 4 3 | sortAlpha | join "" }}',
    '{{b64enc "coffee"}}',
    '{{b64dec "Y29mZmVl"}}',
    '{{b32enc "coffee"}}',
    '{{b32dec "MNXWMZTFMU======"}}',
    '{{abbrev 5 "hello world"}}',
    '{{abbrevboth 5 10 "1234 5678 9123"}}',
    '{{nospace "h e l l o "}}',
    '{{untitle "First Try"}}',
    '{{initials "First Try"}}',
    '{{wrap 5 "Hello World"}}',
    '{{wrapWith 5 "\\t" "Hello World"}}',
    '{{ len (randAlphaNum 5) }}',
    '{{$b := "b"}}{{"c" | cat "a" $b}}',
    '{{ .n | cat "a" "b"}}',
    '{{indent 4 "a\\nb\\nc"}}',
    '{{nindent 4 "a\\nb\\nc"}}',
    '{{"I Am Henry VIII" | replace " " "-"}}',
    '{{$num := len "two"}}{{$num}} {{$num | plural "1 char" "chars"}}',
    '{{len "t" | plural "cheese" "%d chars"}}',
])

# Appendix A of template-fidelity.md (probe results).
cases(A, "probe", [
    '{{ abbrev 5 "hello world" }}|{{ initials "First Try" }}|{{ swapcase "This Is A.Test" }}|{{ title "hello wORLD o\'neil" }}',
    '{{ snakecase "FirstName HTTPServer" }}|{{ camelcase "http_server" }}|{{ trunc -5 "hello world" }}|{{ cat "a" nil 1 2.5 }}',
    '{{ quote "a\\"b" 1 nil "é\\u0001" }}|{{ squote "a" 1 nil }}|{{ split "$" "foo$bar$baz" }}|{{ sortAlpha (list "b" "a" 10 2) }}',
    '{{ b64dec "!!" }}',
])

# trunc / substr: byte based, Go's slice panics.
cases(A, "trunc", [
    '{{ trunc 5 "hello world" }}', '{{ trunc -5 "hello world" }}', '{{ trunc 0 "" }}',
    '{{ trunc -1 "" }}', '{{ trunc 11 "hello world" }}', '{{ trunc -11 "hello world" }}',
    '{{ trunc -10 "hello world" }}', '{{ trunc 3 .uni }}', '{{ trunc 1 "日本" }}',
    '{{ trunc 3 "日本" }}', '{{ .s | trunc 63 | trimSuffix "-" }}', '{{ trunc .i .s }}',
])
cases(A, "substr", [
    '{{ substr 0 5 "hello world" }}', '{{ substr 6 -1 "hello world" }}', '{{ substr -1 5 "hello" }}',
    '{{ substr 2 2 "hello" }}', '{{ substr 3 2 "hello" }}', '{{ substr 0 99 "hello" }}',
    '{{ substr 7 99 "hello" }}', '{{ substr -1 -1 "hello" }}', '{{ substr -5 9 "hello" }}',
    '{{ substr 5 5 "hello" }}', '{{ substr 1 2 "日本" }}', '{{ substr 0 3 "日本" }}',
])
cases(A, "abbrev", [
    '{{ abbrev 3 "hello world" }}', '{{ abbrev 4 "hello world" }}', '{{ abbrev 11 "hello world" }}',
    '{{ abbrev 20 "hello world" }}', '{{ abbrev 5 "" }}', '{{ abbrev -1 "abc" }}', '{{ abbrev 5 "héllo wörld" }}',
    '{{ abbrevboth 0 10 "1234 5678 9123" }}', '{{ abbrevboth 1 10 "1234 5678 9123" }}',
    '{{ abbrevboth 6 6 "1234 5678 9123" }}', '{{ abbrevboth 10 8 "abcdefghijklmnopqrst" }}',
    '{{ abbrevboth 20 8 "abcdefghijklmnopqrst" }}', '{{ abbrevboth 5 3 "abcdefghijklmnopqrst" }}',
    '{{ abbrevboth -3 7 "abcdefghijklmnopqrst" }}', '{{ abbrevboth 12 7 "abcdefghijklmnopqrst" }}',
])
cases(A, "case", [
    '{{ upper "hello" }}', '{{ upper "straße ǆ ﬁ" }}', '{{ lower "HELLO İ Σ" }}', '{{ title "hello world" }}',
    '{{ title "snake_case kebab-case dot.case" }}', '{{ title "ǆemal ñu" }}', '{{ title "" }}',
    '{{ untitle "Hello World" }}', '{{ untitle "HELLO  WORLD\\tTAB" }}', '{{ untitle "" }}',
    '{{ swapcase "Hello World" }}', '{{ swapcase "hello world" }}', '{{ swapcase "ǅ ǆ Ǆ" }}', '{{ swapcase "a.b c" }}',
    '{{ snakecase "FirstName" }}', '{{ snakecase "HTTPServer" }}', '{{ snakecase "NoHTTPS" }}', '{{ snakecase "GO_PATH" }}',
    '{{ snakecase "GO PATH" }}', '{{ snakecase "GO-PATH" }}', '{{ snakecase "http2xx" }}', '{{ snakecase "HTTP20xOK" }}',
    '{{ snakecase "Duration2m3s" }}', '{{ snakecase "Bld4Floor3rd" }}', '{{ snakecase "a.b.c" }}', '{{ snakecase "already_snake" }}',
    '{{ snakecase "  leading" }}', '{{ snakecase "trailing__" }}', '{{ snakecase "日本語Text" }}', '{{ snakecase "ÉcoleNormale" }}',
    '{{ snakecase "x1" }}', '{{ snakecase "X" }}', '{{ snakecase "" }}', '{{ snakecase "a$b" }}', '{{ snakecase "ID" }}',
    '{{ kebabcase "FirstName" }}', '{{ kebabcase "HTTPServer" }}', '{{ kebabcase "GO_PATH" }}', '{{ kebabcase "HTTP20xOK" }}',
    '{{ kebabcase "some words here" }}', '{{ kebabcase "myChart.Name" }}',
    '{{ camelcase "http_server" }}', '{{ camelcase "some_words" }}', '{{ camelcase "no_https" }}', '{{ camelcase "_complex__case_" }}',
    '{{ camelcase "some words" }}', '{{ camelcase "GOLANG_IS_GREAT" }}', '{{ camelcase "a" }}', '{{ camelcase "_" }}',
    '{{ camelcase "__" }}', '{{ camelcase "" }}', '{{ camelcase "alreadyCamel" }}', '{{ camelcase "kebab-case-word" }}',
    '{{ camelcase "ÉCOLE_normale" }}', '{{ camelcase "x-" }}',
])
cases(A, "trim", [
    '{{ trim "  \\t\\n x \\r\\n" }}', '{{ trim "\\u00a0x\\u2003" }}', '{{ trim "" }}', '{{ trimAll "ab" "abxba" }}',
    '{{ trimAll "" "  x  " }}', '{{ trimall "$" "$$x$" }}', '{{ trimAll "é" "éxé" }}', '{{ trimPrefix "" "x" }}',
    '{{ trimPrefix "xx" "x" }}', '{{ trimSuffix "-" "name-" }}', '{{ trimSuffix "--" "name---" }}', '{{ nospace "" }}',
    '{{ nospace "a\\tb\\nc\\u00a0d" }}', '{{ nospace "é x" }}', '{{ nospace "é" }}', '{{ nospace "日 本" }}',
    '{{ initials "" }}', '{{ initials "hello" }}', '{{ initials "  a  b  " }}', '{{ initials "Émile Zola" }}',
])
cases(A, "repeat", [
    '{{ repeat 3 "ab" }}', '{{ repeat 0 "ab" }}', '{{ repeat -1 "ab" }}', '{{ "ab" | repeat 2 }}', '{{ repeat 2 "" }}',
])
cases(A, "wrap", [
    '{{ wrap 10 "The quick brown fox jumps over the lazy dog" }}', '{{ wrap 0 "a b c" }}', '{{ wrap -3 "a b" }}',
    '{{ wrap 5 "" }}', '{{ wrap 3 "https://example.com/long path" }}', '{{ wrap 5 "  leading spaces here" }}',
    '{{ wrap 4 "abcdefgh ij" }}', '{{ wrapWith 3 "|" "abcdefgh ij" }}', '{{ wrapWith 5 "" "Hello World" }}',
    '{{ wrapWith 4 "<br>" "one two three four" }}', '{{ wrap 100 "short" }}', '{{ wrapWith 2 "\\n" "héllo" }}',
])
cases(A, "contains", [
    '{{ contains "" "abc" }}', '{{ contains "abc" "" }}', '{{ contains "b" "abc" }}', '{{ hasPrefix "" "" }}',
    '{{ hasPrefix "ab" "a" }}', '{{ hasSuffix "c" "abc" }}', '{{ hasSuffix "é" "café" }}', '{{ "abc" | contains "d" }}',
])
cases(A, "quote", [
    '{{ quote }}', '{{ quote "" }}', '{{ quote nil }}', '{{ quote nil nil }}', '{{ quote .f }}', '{{ quote .big }}',
    '{{ quote .l }}', '{{ quote .m }}', '{{ quote .t }}', '{{ quote .bytes }}', '{{ quote "tab\\there" }}',
    '{{ quote "日本\\u00e9" }}', '{{ quote "\\u2028\\x7f" }}', '{{ quote .i64 .u8 .f32 }}', '{{ quote .ln .mn }}',
    '{{ squote }}', '{{ squote "it\'s" }}', '{{ squote .f .big .l }}', '{{ squote .bytes }}', '{{ squote "" nil "" }}',
    '{{ cat }}', '{{ cat nil }}', '{{ cat "a" "" "b" }}', '{{ cat .l .m }}', '{{ cat 1 2.5 .big .bytes }}',
])
cases(A, "indent", [
    '{{ indent 2 "" }}', '{{ indent 0 "a\\nb" }}', '{{ indent 2 "a\\n\\nb\\n" }}', '{{ indent -1 "a" }}',
    '{{ nindent 2 "" }}', '{{ nindent 0 "a" }}', '{{ nindent -2 "a" }}', '{{ "a\\r\\nb" | indent 1 }}',
    '{{ nindent 4 (toString .m) }}', '{{ indent .i .s }}',
])
cases(A, "replace", [
    '{{ replace "" "-" "abc" }}', '{{ replace "a" "" "banana" }}', '{{ replace "ana" "X" "banana" }}',
    '{{ replace "é" "e" "café café" }}', '{{ replace "" "." "日本" }}', '{{ replace "x" "y" "" }}',
])
cases(A, "plural", [
    '{{ plural "one" "many" 1 }}', '{{ plural "one" "many" 0 }}', '{{ plural "one" "many" -1 }}',
    '{{ plural "one" "many" 2 }}', '{{ plural "one" "many" .i }}',
])
cases(A, "hash", [
    '{{ sha1sum "" }}', '{{ sha1sum "abc" }}', '{{ sha256sum "" }}', '{{ sha256sum "hello world" }}',
    '{{ sha256sum "日本" }}', '{{ sha512sum "" }}', '{{ sha512sum "abc" }}', '{{ adler32sum "" }}',
    '{{ adler32sum "Wikipedia" }}', '{{ adler32sum (repeat 6000 "\\u00ff") }}', '{{ .s | sha256sum | trunc 8 }}',
])
cases(A, "tostring", [
    '{{ toString nil }}', '{{ toString 1 }}', '{{ toString .f }}', '{{ toString .big }}', '{{ toString .fh }}',
    '{{ toString .l }}', '{{ toString .m }}', '{{ toString .bytes }}', '{{ toString .t }}', '{{ toString .mn }}',
    '{{ toString .ln }}', '{{ toString .i64 }}', '{{ toString .f32 }}', '{{ toString .nan }}', '{{ toString .inf }}',
    '{{ toString .v }}', '{{ toString .sm }}', '{{ toString 1i }}', '{{ toString \'a\' }}', '{{ typeOf (toString 1) }}',
])
cases(A, "tostrings", [
    '{{ toStrings nil }}', '{{ toStrings "a" }}', '{{ toStrings 1 }}', '{{ toStrings .l }}', '{{ toStrings .ls }}',
    '{{ toStrings .li }}', '{{ toStrings .bytes }}', '{{ toStrings .m }}', '{{ toStrings .le }}', '{{ toStrings .ln }}',
    '{{ typeOf (toStrings .l) }}', '{{ toStrings .lf }}', '{{ len (toStrings nil) }}',
])
cases(A, "join", [
    '{{ join "," nil }}', '{{ join "," .le }}', '{{ join "," .m }}', '{{ join "" .ls }}', '{{ join ", " .lf }}',
    '{{ join "," .bytes }}', '{{ join "," 5 }}', '{{ join "," (list nil nil) }}', '{{ join "-" (list .m .l) }}',
])
cases(A, "sortalpha", [
    '{{ sortAlpha nil }}', '{{ sortAlpha "x" }}', '{{ sortAlpha .ls }}', '{{ sortAlpha .li }}', '{{ sortAlpha .l }}',
    '{{ sortAlpha .m }}', '{{ sortAlpha (list "B" "_x" "a" "a10" "a9" "Z1" "é" "1") }}', '{{ sortAlpha .lf }}',
    '{{ typeOf (sortAlpha .l) }}', '{{ sortAlpha .le }}', '{{ sortAlpha .bytes }}', '{{ sortAlpha 3.5 }}',
])
cases(A, "split", [
    '{{ split "," "a,b,,c" }}', '{{ split "," "" }}', '{{ split "" "abc" }}', '{{ split "," "abc" }}',
    '{{ typeOf (split "," "a") }}', '{{ (split "," "a,b")._1 }}', '{{ splitList "," "a,b,,c" }}', '{{ splitList "," "" }}',
    '{{ splitList "" "日本" }}', '{{ typeOf (splitList "," "a") }}', '{{ splitn "," 2 "a,b,c" }}', '{{ splitn "," 0 "a,b" }}',
    '{{ splitn "," -1 "a,b,c" }}', '{{ splitn "," 10 "a,b" }}', '{{ splitn "" 2 "abc" }}', '{{ len (splitList "/" "a/b/c") }}',
    '{{ index (splitList ":" "k:v") 1 }}', '{{ splitn "," 1 "a,b" }}',
])
cases(A, "encoding", [
    '{{ b64enc "" }}', '{{ b64enc "a" }}', '{{ b64enc "ab" }}', '{{ b64enc "日本" }}', '{{ b64dec "" }}',
    '{{ b64dec "YQ==" }}', '{{ b64dec "YQ" }}', '{{ b64dec "YQ=" }}', '{{ b64dec "YQ==\\n" }}', '{{ b64dec "Y\\nQ\\r==" }}',
    '{{ b64dec "YQ==YQ==" }}', '{{ b64dec "Y===" }}', '{{ b64dec "YR==" }}', '{{ b64dec "!" }}', '{{ b64dec "YWJj" }}',
    '{{ b64dec "YW Jj" }}', '{{ b64dec "YWJjZA=" }}', '{{ b64dec "YWJjZA==x" }}', '{{ b64dec "=" }}',
    '{{ b64dec "YWJjZA=\\n=" }}', '{{ b64dec "-_8=" }}',
    '{{ b32enc "" }}', '{{ b32enc "f" }}', '{{ b32enc "fo" }}', '{{ b32enc "foo" }}', '{{ b32enc "foob" }}',
    '{{ b32enc "fooba" }}', '{{ b32dec "" }}', '{{ b32dec "MY======" }}', '{{ b32dec "MZXQ====" }}', '{{ b32dec "MZXW6===" }}',
    '{{ b32dec "MZXW6YQ=" }}', '{{ b32dec "MY" }}', '{{ b32dec "M=======" }}', '{{ b32dec "MY=====" }}',
    '{{ b32dec "my======" }}', '{{ b32dec "MY======MY======" }}', '{{ b32dec "MY\\n======" }}', '{{ b32dec "MZX=====" }}',
    '{{ b32dec "MY=A====" }}', '{{ b32dec "1" }}', '{{ .s | b64enc | b64dec }}', '{{ .uni | b32enc | b32dec }}',
])
cases(A, "atoi", [
    '{{ atoi "42" }}', '{{ atoi "-42" }}', '{{ atoi "+7" }}', '{{ atoi "" }}', '{{ atoi "x" }}', '{{ atoi "1.5" }}',
    '{{ atoi "0x10" }}', '{{ atoi "010" }}', '{{ atoi " 1" }}', '{{ atoi "1_000" }}', '{{ atoi "9223372036854775807" }}',
    '{{ atoi "9223372036854775808" }}', '{{ atoi "-9223372036854775809" }}', '{{ atoi "99999999999999999999x" }}',
    '{{ typeOf (atoi "1") }}',
])
cases(A, "misc", [
    '{{ hello }}', '{{ hello | upper }}',
])

for name, params in [
    ("abbrev", ["int", "string"]), ("abbrevboth", ["int", "int", "string"]), ("trunc", ["int", "string"]),
    ("trim", ["string"]), ("upper", ["string"]), ("lower", ["string"]), ("title", ["string"]),
    ("untitle", ["string"]), ("substr", ["int", "int", "string"]), ("repeat", ["int", "string"]),
    ("trimall", ["string", "string"]), ("trimAll", ["string", "string"]), ("trimSuffix", ["string", "string"]),
    ("trimPrefix", ["string", "string"]), ("nospace", ["string"]), ("initials", ["string"]),
    ("swapcase", ["string"]), ("snakecase", ["string"]), ("camelcase", ["string"]), ("kebabcase", ["string"]),
    ("wrap", ["int", "string"]), ("wrapWith", ["int", "string", "string"]), ("contains", ["string", "string"]),
    ("hasPrefix", ["string", "string"]), ("hasSuffix", ["string", "string"]), ("indent", ["int", "string"]),
    ("nindent", ["int", "string"]), ("replace", ["string", "string", "string"]), ("plural", ["string", "string", "int"]),
    ("sha1sum", ["string"]), ("sha256sum", ["string"]), ("sha512sum", ["string"]), ("adler32sum", ["string"]),
    ("toString", ["any"]), ("atoi", ["string"]), ("split", ["string", "string"]), ("splitList", ["string", "string"]),
    ("splitn", ["string", "int", "string"]), ("toStrings", ["any"]), ("join", ["string", "any"]), ("sortAlpha", ["any"]),
    ("b64enc", ["string"]), ("b64dec", ["string"]), ("b32enc", ["string"]), ("b32dec", ["string"]), ("hello", []),
    ("randAlphaNum", ["int"]), ("randAlpha", ["int"]), ("randAscii", ["int"]), ("randNumeric", ["int"]), ("shuffle", ["string"]),
]:
    signature_cases(A, name, params)
for name in ["quote", "squote", "cat"]:
    case(A, f"{name}-pipe-nil", "{{ nil | %s }}" % name)

# Random strings: lengths and alphabets, checked inside the template.
cases(A, "random", [
    '{{ len (randAlphaNum 17) }}', '{{ len (randAlpha 0) }}', '{{ randAlpha -1 }}|', '{{ len (randAscii 33) }}',
    '{{ len (randNumeric 8) }}', '{{ regexMatch "^[0-9A-Za-z]{40}$" (randAlphaNum 40) }}',
    '{{ regexMatch "^[A-Za-z]{40}$" (randAlpha 40) }}', '{{ regexMatch "^[0-9]{40}$" (randNumeric 40) }}',
    '{{ regexMatch "^[ -~]{60}$" (randAscii 60) }}', '{{ len (shuffle "hello") }}', '{{ shuffle "" }}|',
    '{{ shuffle "a" }}', '{{ shuffle "aaa" }}', '{{ sortAlpha (splitList "" (shuffle "cba")) }}',
    '{{ len (shuffle "日本語") }}',
])
