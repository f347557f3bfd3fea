"""SemVer: Sprig's semver_test.go and Masterminds/semver v3.5.0's constraints_test.go and
version_test.go tables (read from the module cache), plus rudder's method cases."""

import glob
import json
import os
import re

from cases import area, case, cases, signature_cases

S = area("semver")


def q(s):
    return json.dumps(s, ensure_ascii=False)


cases(S, "sprig-test", [
    '{{ semver "1.2.3" | toString }}', '{{ semver "1.2.3-beta.1" }}', '{{ (semver "1.2.3-alpha.1").Prerelease }}',
    '{{ (semver "1.2.3").Major }}', '{{ semverCompare "1.2.3" "1.2.3" }}', '{{ semverCompare "^1.2.0" "1.2.3" }}',
    '{{ semverCompare "^1.2.0" "2.2.3" }}', '{{ semverCompare "^1.2.0" "1.3.0-beta" }}', '{{ semverCompare "" "1.2.3" }}',
])

MOD = glob.glob(os.path.expanduser("~/go/pkg/mod/github.com/!masterminds/semver/v3@v3.5.0"))[0]
seen = set()
n = 0
with open(os.path.join(MOD, "constraints_test.go")) as f:
    for c, v in re.findall(r'\{"([^"\\]*)", "([^"\\]*)", (?:true|false)\}', f.read()):
        if (c, v) in seen:
            continue
        seen.add((c, v))
        n += 1
        case(S, f"masterminds-check-{n}", "{{ semverCompare %s %s }}" % (q(c), q(v)))
n = 0
with open(os.path.join(MOD, "version_test.go")) as f:
    text = f.read()
versions = sorted(set(re.findall(r'\{"([^"\\]*)", (?:true|false)\}', text)))
for n, v in enumerate(versions, 1):
    case(S, f"masterminds-version-{n}", "{{ semver %s }}|{{ (semver %s).Original }}|{{ (semver %s).Prerelease }}|{{ (semver %s).Metadata }}"
         % (q(v), q(v), q(v), q(v)))
pairs = sorted(set(re.findall(r'\{"([^"\\]*)", "([^"\\]*)", -?[01]\}', text)))
for n, (a, b) in enumerate(pairs, 1):
    case(S, f"masterminds-compare-{n}", "{{ (semver %s).Compare (semver %s) }}|{{ (semver %s).LessThan (semver %s) }}|{{ (semver %s).Equal (semver %s) }}"
         % (q(a), q(b), q(a), q(b), q(a), q(b)))

cases(S, "errors", [
    '{{ semver "" }}', '{{ semver "x" }}', '{{ semver "1.2.3.4" }}', '{{ semver "1.2.3-01" }}', '{{ semver "1.2.3-a..b" }}',
    '{{ semver "1.2.3+a..b" }}', '{{ semver "1.2.3+01" }}', '{{ semver "99999999999999999999" }}', '{{ semver "1.99999999999999999999" }}',
    '{{ semver "V1.2.3" }}', '{{ semver " 1.2.3" }}', '{{ semver "1.2.3 " }}', '{{ semver (repeat 300 "1") }}',
    '{{ semverCompare ">= x" "1.2.3" }}', '{{ semverCompare "1.2.3" "x" }}', '{{ semverCompare "nope" "1.2.3" }}',
    '{{ semverCompare "" "" }}', '{{ semverCompare ">=1.0 <2.0 || " "1.5.0" }}', '{{ semverCompare (repeat 600 "1") "1.0.0" }}',
    '{{ semverCompare (repeat 40 "1||") "1.0.0" }}', '{{ semverCompare (repeat 31 "1||") "1.0.0" }}',
    '{{ semverCompare ">=1.19-0" "v1.30.1-gke.1" }}', '{{ semverCompare ">=1.19.0" "v1.30.1-gke.1" }}',
    '{{ semverCompare "<1.21-0" "1.20.5-eks-1" }}', '{{ semverCompare ">=1.16-0" .Capabilities }}',
])
cases(S, "helm-idioms", [
    '{{ semverCompare ">=1.19-0" "1.30.0" }}', '{{ semverCompare "<1.19-0" "1.18.9" }}', '{{ semverCompare ">=1.14-0, <1.19-0" "1.16.0" }}',
    '{{ semverCompare "^1.2.3" "1.2.3+build" }}', '{{ semverCompare "~1.2" "1.2.99" }}', '{{ semverCompare "~1" "1.99.0" }}',
    '{{ semverCompare ">1.2" "1.3.0" }}', '{{ semverCompare ">1.2" "1.2.99" }}', '{{ semverCompare "<=1.2" "1.2.99" }}',
    '{{ semverCompare "<=1.2" "1.3.0" }}', '{{ semverCompare "!=1.2" "1.2.5" }}', '{{ semverCompare "!=1.2.x" "1.3.0" }}',
    '{{ semverCompare "1.2.x" "1.2.7" }}', '{{ semverCompare "1.x" "1.9.7" }}', '{{ semverCompare "*" "0.0.1" }}',
    '{{ semverCompare "*" "1.0.0-rc1" }}', '{{ semverCompare ">=0.0.0-0" "1.0.0-rc1" }}', '{{ semverCompare "1.0.0 - 2.0.0" "1.5.0" }}',
    '{{ semverCompare "1.0.0 - 2.0.0" "2.0.1" }}', '{{ semverCompare "1.0 - 2" "2.9.0" }}', '{{ semverCompare ">1.0,<2.0" "1.5.0" }}',
    '{{ semverCompare ">1.0 <2.0" "1.5.0" }}', '{{ semverCompare "=>1.0" "1.0.0" }}', '{{ semverCompare "=<1.0" "1.0.0" }}',
    '{{ semverCompare "~>1.2.3" "1.2.9" }}', '{{ semverCompare "^0.0.3" "0.0.4" }}', '{{ semverCompare "^0.0" "0.0.9" }}',
    '{{ semverCompare "^0" "0.9.9" }}', '{{ semverCompare "^0.x" "0.9.9" }}', '{{ semverCompare "v1.2.3" "1.2.3" }}',
    '{{ semverCompare "=1.2.3" "v1.2.3" }}', '{{ semverCompare "1.2.3-beta" "1.2.3-beta" }}', '{{ semverCompare ">=1.2.3-beta" "1.2.3" }}',
    '{{ semverCompare ">=1.2.3-beta <1.3" "1.2.4-alpha" }}', '{{ semverCompare ">=1.2.3-beta || >=2" "2.1.0-alpha" }}',
    '{{ semverCompare "1.2.3+meta" "1.2.3" }}', '{{ semverCompare ">= 1.2.3" "1.2.3" }}', '{{ semverCompare " >=1.2.3 " "1.2.3" }}',
    '{{ semverCompare ">=1.2.3,, <2" "1.2.3" }}', '{{ semverCompare "1.2.3 || 2.0" "2.0.0" }}', '{{ semverCompare ">=01.2" "1.2.0" }}',
    '{{ semverCompare "x.1.2" "3.3.3" }}', '{{ semverCompare "1.*.2" "1.5.0" }}', '{{ semverCompare ">1.x" "2.0.0" }}',
    '{{ semverCompare "<1.x" "0.9.0" }}', '{{ semverCompare "<1.x" "1.0.0-rc1" }}', '{{ semverCompare "~1.2.3-beta.2" "1.2.3-beta.4" }}',
    '{{ semverCompare "^1.2.3-beta.2" "1.2.4-beta.4" }}',
])
cases(S, "methods", [
    '{{ (semver "1.2.3").Minor }}', '{{ (semver "1.2.3").Patch }}', '{{ typeOf (semver "1.2.3").Major }}', '{{ typeOf (semver "1") }}',
    '{{ kindOf (semver "1") }}', '{{ (semver "v1.2").Original }}', '{{ (semver "v1.2").String }}', '{{ semver "v1.2" }}',
    '{{ (semver "1.2.3-a+b").Metadata }}', '{{ (semver "1.2.3").IncMajor }}', '{{ (semver "v1.2.3-a").IncPatch }}',
    '{{ (semver "1.2.3").IncPatch }}', '{{ (semver "1.2.3").IncMinor }}', '{{ typeOf (semver "1.2.3").IncMajor }}',
    '{{ ((semver "v1.2.3").IncMajor).Original }}', '{{ (semver "1.2.3").SetPrerelease "rc.1" }}', '{{ (semver "1.2.3").SetPrerelease "01" }}',
    '{{ (semver "1.2.3").SetMetadata "build.5" }}', '{{ (semver "1.2.3").SetMetadata "a..b" }}', '{{ (semver "1.2.3").Compare (semver "1.2.4") }}',
    '{{ (semver "1.2.3").GreaterThan (semver "1.2.4") }}', '{{ (semver "1.2.3").GreaterThanEqual (semver "1.2.3") }}',
    '{{ (semver "1.2.3").LessThanEqual (semver "1.2.3-a") }}', '{{ (semver "1.2.3+a").Equal (semver "1.2.3+b") }}',
    '{{ (semver "1.2.3").Compare "1.2.4" }}', '{{ (semver "1.2.3").Compare nil }}', '{{ printf "%v|%s|%T" (semver "1.2") (semver "1.2") (semver "1.2") }}',
    '{{ list (semver "1.2") }}', '{{ toString (semver "1.2") }}', '{{ empty (semver "1.2") }}', '{{ semverCompare ">1" (toString (semver "2")) }}',
    '{{ (semver "18446744073709551615.0.0").IncMajor }}', '{{ (semver "1.2.3").Nope }}', '{{ printf "%d" (semver "1.2.3").Major }}',
    '{{ add1 (semver "1.2.3").Minor }}', '{{ (semver "1.2.3").IncMajor.Original }}', '{{ toJson (semver "1.2.3") }}',
    '{{ deepEqual (semver "1.2.3") (semver "1.2.3") }}', '{{ eq (semver "1.2.3").Major 1 }}',
])
signature_cases(S, "semver", ["string"])
signature_cases(S, "semverCompare", ["string", "string"])
