"""Aliases and rarely used variants, so that every function has its own cases."""

import json

from cases import area, case, cases, signature_cases

A = area("aliases")

cases(A, "fail", [
    '{{ fail "boom" }}', '{{ fail "" }}', 'before{{ fail "x" }}after', '{{ "piped" | fail }}', '{{ fail 1 }}', '{{ fail nil }}',
    '{{ fail }}', '{{ fail "a" "b" }}', '{{ if false }}{{ fail "never" }}{{ end }}ok', '{{ fail (printf "%d items" 3) }}',
])
cases(A, "hello", ['{{ hello }}', '{{ hello | len }}', '{{ typeOf hello }}', '{{ hello "x" }}', '{{ hello | upper | quote }}'])
cases(A, "biggest", [
    '{{ biggest 1 2 }}', '{{ biggest "3" 2.5 }}', '{{ biggest nil }}', '{{ biggest -1 -2 -3 }}', '{{ typeOf (biggest 1) }}',
    '{{ biggest }}', '{{ biggest .f .i64 }}',
])
cases(A, "snake-dates", [
    '{{ date_in_zone "2006-01-02 15:04 MST" 0 "Asia/Tokyo" }}', '{{ date_in_zone "2006" .i64 "UTC" }}',
    '{{ date_in_zone "15:04" 3600 "nope" }}', '{{ date_in_zone "x" }}', '{{ date_in_zone "2006" 0 1 }}',
    '{{ date_modify "1h" (toDate "2006" "2020") }}', '{{ date_modify "bad" (toDate "2006" "2020") }}', '{{ date_modify "1h" "x" }}',
    '{{ date_modify "1h" }}', '{{ date_modify 1 (toDate "2006" "2020") }}',
    '{{ must_date_modify "1h" (toDate "2006" "2020") }}', '{{ must_date_modify "1y" (toDate "2006" "2020") }}',
    '{{ must_date_modify "-1.5m" (toDate "2006-01-02" "2020-01-01") }}', '{{ must_date_modify "1h" nil }}',
    '{{ must_date_modify "" (toDate "2006" "2020") }}',
])
cases(A, "must-variants", [
    '{{ mustDeepCopy .m }}', '{{ mustDeepCopy .ln }}', '{{ typeOf (mustDeepCopy .v) }}', '{{ mustDeepCopy 1.5 }}',
    '{{ mustMerge (dict "a" 1) (dict "a" 2 "b" 3) }}', '{{ mustMerge (dict) nil }}', '{{ mustMerge nil (dict "a" 1) }}',
    '{{ mustMerge .m .m }}', '{{ mustMerge (dict "l" (list 1)) (dict "l" (list 2)) }}',
    '{{ mustMergeOverwrite (dict "a" 1) (dict "a" 2 "b" 3) }}', '{{ mustMergeOverwrite (dict "a" 1) (dict "a" nil) }}',
    '{{ mustMergeOverwrite nil (dict "a" 1) }}', '{{ mustMergeOverwrite (dict "m" (dict "x" 1)) (dict "m" (dict "y" 2)) }}',
    '{{ mustToPrettyJson .m }}', '{{ mustToPrettyJson (list 1 (dict "a" nil)) }}', '{{ mustToPrettyJson .inf }}',
    '{{ mustToPrettyJson "<x>" }}', '{{ mustToRawJson .m }}', '{{ mustToRawJson "<&>" }}', '{{ mustToRawJson .nan }}',
    '{{ mustToRawJson .bytes }}', '{{ mustWithout (list 1 2 3) 2 }}', '{{ mustWithout "abc" "a" }}', '{{ mustWithout nil 1 }}',
    '{{ mustWithout .ls "a" }}', '{{ mustWithout (list nil 1) nil }}',
])
for name, params, variadic in [
    ("biggest", ["any"], "any"), ("mustDeepCopy", ["any"], None), ("mustMerge", ["map"], "map"),
    ("mustMergeOverwrite", ["map"], "map"), ("mustToPrettyJson", ["any"], None), ("mustToRawJson", ["any"], None),
    ("mustWithout", ["any"], "any"), ("date_in_zone", ["string", "any", "string"], None),
]:
    signature_cases(A, name, params, variadic)

# genSignedCertWithKey: errors only (its success is checked in crypto and interop).
FX = json.load(open(__import__("os").path.join(__import__("os").path.dirname(__file__), "fixtures.json")))
CA_CERT, CA_KEY = FX["ca"].split("|")
import base64
B = lambda s: json.dumps(base64.b64encode(s.encode()).decode())
CUSTOM = '{{ $c := buildCustomCert %s %s }}' % (B(CA_CERT), B(CA_KEY))
cases(A, "signed-with-key", [
    CUSTOM + '{{ genSignedCertWithKey "x" nil nil 1 $c "nope" }}',
    CUSTOM + '{{ genSignedCertWithKey "x" (list 1) nil 1 $c %s }}' % json.dumps(FX["ec"]),
    CUSTOM + '{{ genSignedCertWithKey "x" nil (list 1) 1 $c %s }}' % json.dumps(FX["ec"]),
    '{{ genSignedCertWithKey "x" nil nil 1 nil "k" }}', '{{ genSignedCertWithKey "x" nil nil 1 (dict) "k" }}',
    CUSTOM + '{{ genSignedCertWithKey "x" nil nil .f $c "k" }}', CUSTOM + '{{ genSignedCertWithKey "x" nil nil 1 $c }}',
    CUSTOM + '{{ (genSignedCertWithKey "x" nil nil 1 $c %s).Key | len }}' % json.dumps(FX["ed"]),
])

cases(A, "objects", [
    '{{ toJson (toDate "2006" "2020") }}', '{{ toJson now | len }}', '{{ deepCopy (semver "1.2.3") }}',
    '{{ deepCopy (semver "v1.2.3-a+b").Original }}|', '{{ deepCopy (toDate "2006" "2020") }}',
    '{{ deepCopy (genCA "x" 1) | typeOf }}', '{{ (toDate "2006-01-02" "2020-03-04").Month }}',
    '{{ (toDate "2006-01-02" "2020-03-04").Weekday }}', '{{ (toDate "2006" "2020").Location }}',
    '{{ typeOf (toDate "2006-01-02" "2020-03-04").Month }}', '{{ merge (dict "t" (toDate "2006" "2020")) (dict "t" (toDate "2006" "2021")) }}',
    '{{ mergeOverwrite (dict "t" (toDate "2006" "2020")) (dict "t" (toDate "2006" "2021")) }}',
    '{{ toPrettyJson (dict "v" (semver "1.2.3")) }}', '{{ (toDate "2006" "2020").UTC.Location }}',
    '{{ (toDate "2006-01-02 MST" "2020-03-04 EST").Location }}',
])
for zone in ["UTC", "Europe/Paris"]:
    case(A, f"objects-local-{zone.replace('/', '-')}", '{{ (toDate "2006-01-02" "2020-07-04").Location }}|{{ toDate "2006-01-02" "2020-07-04" }}', local=zone)
