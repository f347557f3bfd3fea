"""Paths, URLs, network, and remaining odds: Go's path_test.go tables, net/url url_test.go
URLs, Sprig's url_test.go."""

import json
import os
import re
import subprocess

from cases import area, case, cases, signature_cases

P = area("paths")
U = area("url")


def q(s):
    return json.dumps(s, ensure_ascii=False)


GOROOT = subprocess.run(["go", "env", "GOROOT"], capture_output=True, text=True).stdout.strip()
with open(os.path.join(GOROOT, "src/path/path_test.go")) as f:
    PATHS = sorted(set(re.findall(r'\{"([^"\\]*)", "[^"\\]*"', f.read())))
PATHS += ["", "/", "//", "a/", "a.b.c", ".hidden", "dir/.hidden", "x/y.tar.gz", "x.y/z", "C:\\win\\path.txt", "日本/語.txt"]
for n, p in enumerate(sorted(set(PATHS)), 1):
    case(P, f"path-{n}", "{{ base %s }}|{{ dir %s }}|{{ clean %s }}|{{ ext %s }}|{{ isAbs %s }}" % ((q(p),) * 5))
    case(P, f"ospath-{n}", "{{ osBase %s }}|{{ osDir %s }}|{{ osClean %s }}|{{ osExt %s }}|{{ osIsAbs %s }}" % ((q(p),) * 5))
for name in ["base", "dir", "clean", "ext", "isAbs", "osBase", "osDir", "osClean", "osExt", "osIsAbs"]:
    signature_cases(P, name, ["string"])

SPRIG_URLS = ["proto://auth@host:80/path?query#fragment", "proto://host:80/path", "something",
              "proto://user:passwor%20d@host:80/path", "proto://host:80/pa%20th?key=val%20ue"]
with open(os.path.join(GOROOT, "src/net/url/url_test.go")) as f:
    GO_URLS = re.findall(r'^\t\t"((?:[^"\\]|\\.)*)",\n\t\t&URL\{', f.read(), re.M)
GO_URLS = [json.loads('"' + u + '"') for u in GO_URLS]
EXTRA = ["", "*", "http://", "http://a b", "http://[::1]:80", "http://[::1]x", "http://[1.2.3.4]", "http://[fe80::1%25en0]/",
         "http://a:b:c/", "mongodb://a:1,b:2/", "http://%41/", "http://h/%zz", "http://h/#%zz", "http://h/#a%20b",
         ":nope", "1http://x", "http://u@h@x/", "http://u:p@h/", "http://user name@h/", "http://h:port/", "http://h:/",
         "foo:bar", "/a:b", "a:b/c", "./a:b", "?q=1", "#f", "http://h/?", "http://h/??", "http://h/p?a=1?b", "\u0001",
         "http://h/\u007f", "http://日本.jp/パス", "http://h/a b", "HTTP://H/", "http://h/a%2Fb%20c"]
for n, u in enumerate(SPRIG_URLS + GO_URLS + EXTRA, 1):
    case(U, f"parse-{n}", "{{ urlParse %s }}" % q(u))
    case(U, f"roundtrip-{n}", "{{ urlParse %s | urlJoin }}" % q(u))
cases(U, "sprig-test", [
    '{{ index ( urlParse "proto://auth@host:80/path?query#fragment" ) "host" }}',
    '{{ urlJoin (dict "fragment" "fragment" "host" "host:80" "path" "/path" "query" "query" "scheme" "proto") }}',
    '{{ urlJoin (dict "fragment" "fragment" "host" "host:80" "path" "/path" "scheme" "proto" "userinfo" "ASDJKJSD") }}',
])
cases(U, "join", [
    '{{ urlJoin (dict) }}', '{{ urlJoin (dict "scheme" 1) }}', '{{ urlJoin (dict "host" nil) }}', '{{ urlJoin (dict "path" (list)) }}',
    '{{ urlJoin (dict "path" "a b?c") }}', '{{ urlJoin (dict "path" "a:b") }}', '{{ urlJoin (dict "opaque" "x" "path" "y") }}',
    '{{ urlJoin (dict "userinfo" "a b") }}', '{{ urlJoin (dict "userinfo" "u:p@x" "host" "h") }}', '{{ urlJoin (dict "userinfo" "u%zz") }}',
    '{{ urlJoin (dict "host" "h" "path" "rel") }}', '{{ urlJoin (dict "fragment" "a b#c") }}', '{{ urlJoin (dict "query" "a b") }}',
    '{{ urlJoin (dict "scheme" "HTTP" "host" "H") }}', '{{ urlJoin (dict "host" "a b") }}', '{{ urlJoin nil }}',
    '{{ urlJoin .v }}', '{{ urlJoin .sm }}', '{{ urlJoin (dict "scheme" "s" "userinfo" "") }}', '{{ urlJoin (dict "fragment" "!()*\'") }}',
])
signature_cases(U, "urlParse", ["string"])
signature_cases(U, "urlJoin", ["map"])

N = area("network")
cases(N, "helm-disabled", [
    '{{ getHostByName "localhost" }}|', '{{ getHostByName "" }}|', '{{ getHostByName "nonexistent.invalid" }}|',
    '{{ typeOf (getHostByName "x") }}',
])
signature_cases(N, "getHostByName", ["string"])
