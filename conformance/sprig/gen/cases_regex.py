"""Regular expressions: Sprig's regex_test.go, Go's regexp find_test.go and syntax
parse_test.go tables, and rudder's cases for Go/Rust syntax differences."""

import json

from cases import area, case, cases, signature_cases

R = area("regex")


def q(s):
    """A Go double-quoted string literal for a template."""
    return json.dumps(s, ensure_ascii=False)


cases(R, "sprig-test", [
    '{{ regexMatch "^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\\\.[a-zA-Z]{2,}$" "test@acme.com" }}',
    '{{ regexMatch "^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\\\.[a-zA-Z]{2,}$" "Test@Acme.Com" }}',
    '{{ regexMatch "^[a-zA-Z]+$" "ABC" }}', '{{ regexMatch "^[a-z]+$" "ABC" }}',
    '{{ mustRegexMatch "^[a-z]+$" "abc" }}', '{{ mustRegexMatch "[" "abc" }}',
    '{{ regexFindAll "a(b)" "cbaabcab" -1 }}', '{{ regexFindAll "a(b)" "cbaabcab" 1 }}',
    '{{ regexFindAll "a(b)" "cbaabcab" 0 }}', '{{ regexFindAll "a{2}" "aaaaaa" -1 }}',
    '{{ regexFind "a+b" "xaabcd" }}', '{{ regexFind "a+b" "xacd" }}', '{{ mustRegexFind "a+b" "xaabcd" }}',
    '{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }}', '{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "$1W" }}',
    '{{ regexReplaceAll "ab" "cbaabcab" "\\\\" }}', '{{ regexReplaceAllLiteral "a(x*)b" "-ab-axxb-" "${1}" }}',
    '{{ regexSplit "z+" "pizza" -1 }}', '{{ regexSplit "z+" "pizza" 0 }}', '{{ regexSplit "z+" "pizza" 1 }}',
    '{{ regexSplit "z+" "pizza" 2 }}', '{{ regexSplit "" "" -1 }}', '{{ regexQuoteMeta "1.2.3" }}',
    '{{ regexQuoteMeta "pretzel" }}', '{{ regexQuoteMeta "[foo]" }}', '{{ regexFindAll "a" "" -1 }}',
])
cases(R, "probe", [
    '{{ regexReplaceAll "(a)" "ab" "$1x" }}', '{{ regexReplaceAll "(a)" "ab" "${1}x" }}',
    '{{ regexReplaceAll "(?P<first>a)" "ab" "${first}x" }}', '{{ regexReplaceAll "(?P<first>a)" "ab" "$firstx" }}',
    '{{ regexReplaceAll "(a)" "ab" "$2" }}', '{{ regexReplaceAll "(a)" "ab" "$01" }}',
    '{{ regexReplaceAll "(a)" "ab" "$" }}', '{{ regexReplaceAll "(a)" "ab" "${1" }}', '{{ regexReplaceAll "(a)" "ab" "$$1" }}',
    '{{ regexReplaceAll "(a)" "ab" "${}" }}', '{{ regexReplaceAll "(a)" "ab" "$-" }}', '{{ regexReplaceAll "(a)" "ab" "$é" }}',
    '{{ regexReplaceAll "(?P<é>a)" "ab" "[$é]" }}', '{{ regexReplaceAll "a*" "baaac" "X" }}',
    '{{ regexReplaceAll "" "abc" "-" }}', '{{ regexReplaceAll "x*" "日本" "-" }}', '{{ regexReplaceAll "(|a)" "aa" "[$1]" }}',
    '{{ regexReplaceAllLiteral "" "ab" "$" }}', '{{ regexReplaceAll "b*" "abc" "X" }}',
])

# Go's regexp find_test.go table (valid-UTF-8 rows), through regexFindAll and regexFind.
FIND = [
    ("", ""), ("^abcdefg", "abcdefg"), ("a+", "baaab"), ("abcd..", "abcdef"), ("a", "a"), ("x", "y"),
    ("b", "abc"), (".", "a"), (".*", "abcdef"), ("^", "abcde"), ("$", "abcde"), ("^abcd$", "abcd"),
    ("^bcd'", "abcdef"), ("^abcd$", "abcde"), ("a*", "baaab"), ("[a-z]+", "abcd"), ("[^a-z]+", "ab1234cd"),
    (r"[a\-\]z]+", "az]-bcz"), (r"[^\n]+", "abcd\n"), ("[日本語]+", "日本語日本語"), ("日本語+", "日本語"),
    ("日本語+", "日本語語語語"), ("()", ""), ("(a)", "a"), ("(.)(.)", "日a"), ("(.*)", ""), ("(.*)", "abcd"),
    ("(..)(..)", "abcd"), ("(([^xyz]*)(d))", "abcd"), ("((a|b|c)*(d))", "abcd"), ("(((a|b|c)*)(d))", "abcd"),
    (r"\a\f\n\r\t\v", "\a\f\n\r\t\v"), (r"[\a\f\n\r\t\v]+", "\a\f\n\r\t\v"), ("a*(|(b))c*", "aacc"),
    ("(.*).*", "ab"), ("[.]", "."), ("/$", "/abc/"), ("/$", "/abc"), (".", "abc"), ("(.)", "abc"), (".(.)", "abcd"),
    ("ab*", "abbaab"), ("a(b*)", "abbaab"), ("ab$", "cab"), ("axxb$", "axxcb"), ("data", "daXY data"),
    ("da(.)a$", "daXY data"), ("zx+", "zzx"), ("ab$", "abcab"), ("(aa)*$", "a"), ("(?:.|(?:.a))", ""),
    ("(?:A(?:A|a))", "Aa"), ("(?:A|(?:A|a))", "a"), ("(a){0}", ""), ("(?-s)(?:(?:^).)", "\n"),
    ("(?s)(?:(?:^).)", "\n"), ("(?:(?:^).)", "\n"), (r"\b", "x"), (r"\b", "xx"), (r"\b", "x y"), (r"\b", "xx yy"),
    (r"\B", "x"), (r"\B", "xx"), (r"\B", "x y"), (r"\B", "xx yy"), ("(|a)*", "aa"), ("0A|0[aA]", "0a"),
    ("0[aA]|0A", "0a"), (r"[^\S\s]", "abcd"), (r"[^\S[:space:]]", "abcd"), (r"[^\D\d]", "abcd"),
    (r"[^\D[:digit:]]", "abcd"), (r"(?i)\W", "x"), (r"(?i)\W", "k"), (r"(?i)\W", "s"),
    (r"\!\"\#\$\%\&\'\(\)\*\+\,\-\.\/\:\;\<\=\>\?\@\[\\\]\^\_\{\|\}\~", r"""!"#$%&'()*+,-./:;<=>?@[\]^_{|}~"""),
    (r"[\!\"\#\$\%\&\'\(\)\*\+\,\-\.\/\:\;\<\=\>\?\@\[\\\]\^\_\{\|\}\~]+", r"""!"#$%&'()*+,-./:;<=>?@[\]^_{|}~"""),
    ("\\`", "`"), ("[\\`]+", "`"), (".", "qwertyuiopasdfghjklzxcvbnm1234567890"),
]
for n, (pat, text) in enumerate(FIND, 1):
    case(R, f"go-find-{n}", "{{ regexFindAll %s %s -1 }}|{{ regexFind %s %s }}|{{ regexMatch %s %s }}"
         % (q(pat), q(text), q(pat), q(text), q(pat), q(text)))
    case(R, f"go-replace-{n}", "{{ regexReplaceAll %s %s \"<$0|$1|$2>\" }}|{{ regexSplit %s %s -1 }}"
         % (q(pat), q(text), q(pat), q(text)))

# Go's syntax parse_test.go invalidRegexps (valid UTF-8 ones) and badRe, plus more.
INVALID = [
    "(", ")", "(a", "a)", "(a))", "(a|b|", "a|b|)", "(a|b|))", "(a|b", "a|b)", "(a|b))", "[a-z", "([a-z)", "[a-z)",
    "([a-z]))", "x{1001}", "x{9876543210}", "x{2,1}", "x{1,9876543210}", "(?P<name>a", "(?P<name>", "(?P<name",
    "(?P<x y>a)", "(?P<>a)", "(?<name>a", "(?<name>", "(?<name", "(?<x y>a)", "(?<>a)", "[a-Z]", "(?i)[a-Z]", r"\Q\E*",
    "a{100000}", "a{100000,}", "((((((((((x{2}){2}){2}){2}){2}){2}){2}){2}){2}){2})", "*", "+", "?", "abc)", "x[a-z",
    "[z-a]", "abc\\", "a**", "a*+", r"\x", "a++", "a?*", "a+*", "a{1}*", ".{1}{2}.{3}", "a*??", "a{2}{3}", "(?i)(?i",
    "(?i-)", "(?-)", "(?--i)", "(?i:", "(?:", "(?P=name)", "(?'n'a)", "(?#c)", "(?x)a", "(?<=a)b", "(?=a)", "(?!a)",
    r"\C", r"\Z", r"\1", r"\8", r"\g", r"\k<n>", r"\p{Foo}", r"\p{Old_Italic}", r"\pX", r"\p", r"\P{", r"[\p{Foo}]",
    "[[:foo:]]", "[[:alpha:]", "[a", "[]", "[^]", r"[\d-z]", r"[a-\d]", r"\xZ", r"\x{}", r"\x{110000}", r"\x{12",
    r"\x1", "x{1,2", "(?P<n>a)(?P<n>b)", "a{1001,}", "a{0,1001}", "a{1000}{2}", "(a{500}){3}", "|*", "(*)", "(|+)",
    "^*", "$+", r"\b?", "a{,2}", "a{2,3", "x{01}", "x{1,02}", r"[\b]", "[a-]", "[-a]", "[a--]", "(?U)a+?", r"\@",
]
for n, pat in enumerate(INVALID, 1):
    case(R, f"syntax-{n}", "{{ mustRegexMatch %s \"abc\" }}" % q(pat))
    case(R, f"syntax-must-{n}", "{{ regexFind %s \"abc\" }}" % q(pat))
    case(R, f"syntax-swallowed-{n}", "{{ regexMatch %s \"abc\" }}" % q(pat))
case(R, "syntax-deep-parens", "{{ mustRegexMatch %s \"\" }}" % q("(" * 1000 + ")" * 1000))
case(R, "syntax-deep-parens-999", "{{ mustRegexMatch %s \"\" }}" % q("(" * 999 + ")" * 999))
case(R, "syntax-deep-star", "{{ mustRegexMatch %s \"\" }}" % q("(?:" * 1000 + ")*" * 1000))
case(R, "syntax-long", "{{ mustRegexMatch %s \"\" }}" % q("(" + "(xx?)" * 1000 + "){1000}"))
case(R, "syntax-many-runes", "{{ mustRegexMatch %s \"\" }}" % q("\\pL" * 27000))

# Go/Rust differences: ASCII Perl classes, word boundaries, Unicode classes, flags, escapes.
cases(R, "semantics", [
    '{{ regexMatch "^\\\\d+$" "١٢٣" }}', '{{ regexMatch "^\\\\w+$" "héllo" }}', '{{ regexMatch "^\\\\s$" "\\u00a0" }}',
    '{{ regexMatch "^\\\\s$" "\\v" }}', '{{ regexFindAll "\\\\bé" "é é" -1 }}', '{{ regexFindAll "\\\\b\\\\w+\\\\b" "naïve café" -1 }}',
    '{{ regexMatch "^\\\\pL+$" "héllo" }}', '{{ regexMatch "^\\\\p{Greek}+$" "αβγ" }}', '{{ regexMatch "^\\\\p{greek}+$" "αβγ" }}',
    '{{ regexMatch "^\\\\P{Greek}+$" "abc" }}', '{{ regexMatch "^\\\\p{^Greek}+$" "abc" }}', '{{ regexMatch "^[\\\\p{Lu}\\\\d]+$" "AB12" }}',
    '{{ regexMatch "^\\\\p{Letter}+$" "abc" }}', '{{ regexMatch "^\\\\p{Any}$" "\\n" }}', '{{ regexMatch "^\\\\p{Assigned}$" "a" }}',
    '{{ regexMatch "^\\\\p{ASCII}+$" "abc" }}', '{{ regexMatch "^\\\\p{Han}+$" "日本" }}', '{{ regexMatch "^\\\\p{Nd}+$" "١٢٣" }}',
    '{{ regexMatch "(?i)^straße$" "STRASSE" }}', '{{ regexMatch "(?i)^k$" "\\u212a" }}', '{{ regexMatch "(?i)^[k]$" "\\u212a" }}',
    '{{ regexMatch "(?i)\\\\W" "\\u212a" }}', '{{ regexMatch "(?i)^[[:upper:]]+$" "abc" }}', '{{ regexMatch "^[[:word:]]+$" "a_1" }}',
    '{{ regexMatch "^[[:^alpha:]]+$" "123" }}', '{{ regexMatch "^a.c$" "a\\nc" }}', '{{ regexMatch "(?s)^a.c$" "a\\nc" }}',
    '{{ regexFindAll "(?m)^\\\\w+$" "ab\\ncd\\r\\nef" -1 }}', '{{ regexFindAll "^\\\\w+$" "ab\\ncd" -1 }}', '{{ regexMatch "a$" "a\\n" }}',
    '{{ regexFindAll "(?U)a+" "aaa" -1 }}', '{{ regexFindAll "(?U)a+?" "aaa" -1 }}', '{{ regexFindAll "a{2,}?" "aaaaa" -1 }}',
    '{{ regexFindAll "(?i)a(?-i)a" "aA AA Aa aa" -1 }}', '{{ regexFindAll "(?i:a)a" "Aa AA" -1 }}', '{{ regexFindAll "a(?i)b|c" "aB C c" -1 }}',
    '{{ regexFindAll "\\\\Qa.b\\\\E+" "a.bbb a.b" -1 }}', '{{ regexFindAll "\\\\Qa.b" "xa.b" -1 }}', '{{ regexMatch "\\\\<" "<" }}',
    '{{ regexMatch "\\\\>" ">" }}', '{{ regexMatch "\\\\%" "%" }}', '{{ regexMatch "\\\\_" "_" }}', '{{ regexMatch "[\\\\<]" "<" }}',
    '{{ regexMatch "\\\\101" "A" }}', '{{ regexMatch "\\\\0" "\\u0000" }}', '{{ regexMatch "\\\\x{41}\\\\x42" "AB" }}',
    '{{ regexMatch "[[:alpha:]-9]+" "a-9" }}', '{{ regexMatch "[a-b-c]+" "-" }}', '{{ regexMatch "^[]a]+$" "]a" }}',
    '{{ regexMatch "^[^]a]$" "b" }}', '{{ regexMatch "x{,2}" "x{,2}" }}', '{{ regexMatch "^{$" "{" }}', '{{ regexMatch "^a{2}$" "aa" }}',
    '{{ regexMatch "^a{2}$" "a{2}" }}', '{{ regexFindAll "(?i)[a-c]+" "ABCabc" -1 }}', '{{ regexMatch "^[&&]$" "&" }}',
    '{{ regexMatch "^[a&&b]$" "&" }}', '{{ regexMatch "^[a--b]$" "-" }}', '{{ regexMatch "^[~~]$" "~" }}',
    '{{ regexMatch "^\\\\z" "" }}', '{{ regexMatch "\\\\Aab" "ab" }}', '{{ regexReplaceAll "(?P<1x>a)" "ab" "$1x" }}',
    '{{ regexReplaceAll "(?P<n>a)(b)" "ab" "$2$n$1" }}', '{{ regexFindAll "^" "abc" -1 }}', '{{ regexFindAll "$" "abc" -1 }}',
    '{{ regexFindAll "" "日本" -1 }}', '{{ regexSplit "" "日本" -1 }}', '{{ regexSplit "a" "aaa" -1 }}', '{{ regexSplit "a*" "baaac" -1 }}',
    '{{ regexSplit "x" "axbxc" 5 }}', '{{ regexSplit "x" "axbxc" -5 }}', '{{ regexFindAll "a" "aaaa" 2 }}', '{{ regexFindAll "a" "aaaa" -5 }}',
    '{{ typeOf (regexFindAll "a" "b" -1) }}', '{{ toJson (regexFindAll "a" "b" -1) }}', '{{ toJson (regexSplit "a" "b" 0) }}',
    '{{ typeOf (regexSplit "a" "b" 0) }}', '{{ mustRegexFindAll "[" "b" -1 }}', '{{ mustRegexSplit "(" "b" -1 }}',
    '{{ mustRegexReplaceAll "*" "b" "x" }}', '{{ mustRegexReplaceAllLiteral "a" "ab" "$0" }}', '{{ mustRegexFind "a" "b" }}|',
    '{{ regexMatch "(?i)ǅ" "ǆ" }}', '{{ regexMatch "(?i)σ" "ς" }}', '{{ regexFindAll "[\\\\x{80}-\\\\x{10FFFF}]+" "aé日b" -1 }}',
    '{{ regexMatch "^\\\\p{Cs}$" "a" }}', '{{ regexMatch "\\\\p{L}\\\\p{Lu}\\\\p{LC}" "aBc" }}', '{{ regexMatch "\\\\pN" "5" }}',
    '{{ regexMatch "^\\\\PN$" "5" }}', '{{ regexMatch "^\\\\p{Nko}$" "߀" }}', '{{ regexMatch "^\\\\p{cased_letter}$" "a" }}',
    '{{ regexQuoteMeta "\\\\.+*?()|[]{}^$" }}', '{{ regexQuoteMeta "" }}', '{{ regexQuoteMeta "日本-語#" }}',
    '{{ regexReplaceAll "[aeiou]" .s "*" }}', '{{ regexFindAll "o" .s .i }}', '{{ regexSplit " " .s .i }}',
])
for name, params in [
    ("regexMatch", ["string", "string"]), ("mustRegexMatch", ["string", "string"]),
    ("regexFindAll", ["string", "string", "int"]), ("mustRegexFindAll", ["string", "string", "int"]),
    ("regexFind", ["string", "string"]), ("mustRegexFind", ["string", "string"]),
    ("regexReplaceAll", ["string", "string", "string"]), ("mustRegexReplaceAll", ["string", "string", "string"]),
    ("regexReplaceAllLiteral", ["string", "string", "string"]),
    ("mustRegexReplaceAllLiteral", ["string", "string", "string"]),
    ("regexSplit", ["string", "string", "int"]), ("mustRegexSplit", ["string", "string", "int"]),
    ("regexQuoteMeta", ["string"]),
]:
    signature_cases(R, name, params)
