"""Dates: Sprig's date_test.go, Go's time format_test.go layouts, Go durations, zones; the
local zone is pinned per request ("local") so outputs do not depend on the machine. Cases
that involve the current time only check its shape."""

import json

from cases import AREAS, area, case, cases, signature_cases

T = area("date")


def q(s):
    return json.dumps(s, ensure_ascii=False)


ZONES = ["UTC", "America/New_York", "Europe/Paris", "Asia/Kolkata", "Australia/Lord_Howe", "America/St_Johns",
         "Pacific/Chatham", "Asia/Kathmandu", "Africa/Casablanca", "America/Sao_Paulo"]
# 2019-06-13 20:39:39 UTC (Sprig's fixture), 2006-01-02 22:04:05 UTC, DST edges, pre-1970, far future.
INSTANTS = [1560458379, 1136239445, 0, -1, 1710054000, 1710053999, 1730613600, 951782400, -2208988800, 4102444800,
            253402300799, 1699999999, 2147483647, -2147483648, 86399]
LAYOUTS = [
    "2006-01-02 15:04:05.999999999 -0700 MST", "Mon Jan _2 15:04:05 2006", "Mon Jan _2 15:04:05 MST 2006",
    "Mon Jan 02 15:04:05 -0700 2006", "02 Jan 06 15:04 MST", "02 Jan 06 15:04 -0700", "Monday, 02-Jan-06 15:04:05 MST",
    "Mon, 02 Jan 2006 15:04:05 MST", "Mon, 02 Jan 2006 15:04:05 -0700", "2006-01-02T15:04:05Z07:00",
    "2006-01-02T15:04:05.999999999Z07:00", "3:04PM", "Jan _2 15:04:05", "Jan _2 15:04:05.000000", "2006-01-02",
    "15:04:05", "20060102150405", "06 1 2 3 4 5 pm PM", "January Monday __2 002 _2 2", "-07 -07:00 -070000 -07:00:00",
    "Z07 Z07:00 Z070000 Z07:00:00 Z0700", ".0 .00 .000000000 .9 ,999 ,000", "Month Mond MSTX Janu", "_2006 __2006 2006_",
    "15:04:05.000Z", "", "no tokens here", "1 01 2 02 3 03 4 04 5 05 6 06", "2006-01-02 03:04:05.000 PM -07:00",
]
n = 0
for zone in ["UTC", "America/New_York", "Asia/Kolkata"]:
    for sec in INSTANTS:
        for layout in LAYOUTS:
            n += 1
            case(T, f"format-{n}", "{{ date %s %d }}" % (q(layout), sec), local=zone)
for zone in ZONES:
    for sec in INSTANTS:
        n += 1
        case(T, f"zone-{n}", "{{ dateInZone %s %d %s }}|{{ htmlDateInZone %d %s }}" % (
            q("2006-01-02T15:04:05 -07:00:00 MST"), sec, q(zone), sec, q(zone)), local="Europe/Berlin")

cases(T, "sprig-test", [
    '{{ htmlDate 0}}', '{{toDate "2006-01-02" "2017-12-31" | date "02/01/2006"}}',
    '{{ unixEpoch (toDate "02 Jan 06 15:04:05 MST" "13 Jun 19 20:39:39 GMT") }}',
    '{{ date_in_zone "02 Jan 06 15:04 -0700" (toDate "02 Jan 06 15:04:05 MST" "13 Jun 19 20:39:39 GMT") "UTC" }}',
    '{{ date_in_zone "02 Jan 06 15:04 -0700" .i64 "UTC" }}', '{{ date_in_zone "02 Jan 06 15:04 -0700" .i32 "UTC" }}',
    '{{ date_in_zone "02 Jan 06 15:04 -0700" 1560458379 "foobar" }}', '{{ duration "61" }}', '{{ duration "3600" }}',
    '{{ duration "93784" }}', '{{ durationRound "2h5s" }}', '{{ durationRound "24h5s" }}', '{{ durationRound "2400h5s" }}',
])
for id_, tpl in [("htmldate-local", '{{ htmlDate 0 }}'), ("date-int", '{{ date "2006-01-02 15:04 MST" 1560458379 }}')]:
    for zone in ZONES[:4]:
        case(T, f"{id_}-{zone.replace('/', '-')}", tpl, local=zone)

cases(T, "inputs", [
    '{{ date "2006" .f }}|{{ len (date "2006" .f) }}', '{{ len (date "2006-01-02" "2020-01-01") }}', '{{ date "2006" .i64 }}',
    '{{ date "2006" .i32 }}', '{{ date "2006" .u8 | len }}', '{{ date "2006" nil | len }}', '{{ dateInZone "2006" 0 "" }}',
    '{{ dateInZone "15:04 MST" 0 "Local" }}', '{{ dateInZone "15:04 MST" 0 "utc" }}', '{{ dateInZone "15:04 MST" 0 "../etc/passwd" }}',
    '{{ dateInZone "15:04 MST" 0 "/etc/localtime" }}', '{{ dateInZone "15:04 MST" 0 "america/new_york" }}',
    '{{ dateInZone "15:04 MST" 0 "EST" }}', '{{ dateInZone "15:04 MST" 0 "Etc/GMT+5" }}', '{{ dateInZone "15:04 MST" 0 "US/Pacific" }}',
    '{{ htmlDateInZone 86399 "Pacific/Kiritimati" }}', '{{ htmlDate .i64 }}', '{{ date "2006" (toDate "2006" "1999") }}',
])
for zone in ["UTC", "America/New_York"]:
    cases(T, f"todate-{zone.replace('/', '-')}", [
        '{{ toDate "2006-01-02" "2017-12-31" }}', '{{ toDate "2006-01-02T15:04:05Z07:00" "2017-12-31T10:20:30+05:30" }}',
        '{{ toDate "2006-01-02 15:04:05 MST" "2017-12-31 10:20:30 EST" }}', '{{ toDate "2006-01-02 15:04:05 MST" "2017-07-01 10:20:30 EDT" }}',
        '{{ toDate "2006-01-02 15:04:05 MST" "2017-07-01 10:20:30 CEST" }}', '{{ toDate "2006-01-02 15:04:05 MST" "2017-07-01 10:20:30 UTC" }}',
        '{{ toDate "2006-01-02 15:04:05 MST" "2017-07-01 10:20:30 GMT+3" }}', '{{ toDate "2006-01-02 15:04:05 -0700" "2017-07-01 10:20:30 -0400" }}',
        '{{ toDate "2006-01-02 15:04:05 -0700" "2017-07-01 10:20:30 +0000" }}', '{{ toDate "2006-01-02" "bad" }}', '{{ toDate "" "" }}',
        '{{ toDate "2006-01-02 15:04" "2024-03-10 02:30" }}', '{{ toDate "2006-01-02 15:04" "2024-11-03 01:30" }}',
        '{{ toDate "Jan 2 2006" "feb 29 2024" }}', '{{ toDate "Jan 2 2006" "Feb 29 2023" }}', '{{ toDate "2006-002" "2024-060" }}',
        '{{ toDate "2006-002" "2023-366" }}', '{{ toDate "3:04PM" "12:00AM" }}', '{{ toDate "3:04pm" "12:00pm" }}',
        '{{ toDate "15:04:05" "10:20:30.123" }}', '{{ toDate "15:04:05.000" "10:20:30.1234" }}', '{{ toDate "15:04:05.999" "10:20:30.123456789123" }}',
        '{{ toDate "2006-01-02" "2017-12-31x" }}', '{{ toDate "2006-01-02" "2017-1-31" }}', '{{ toDate "2006-1-2" "2017-1-3" }}',
        '{{ toDate "Monday Jan 2" "tuesday Mar 5" }}', '{{ toDate "_2 Jan" " 5 Mar" }}', '{{ toDate "__2 2006" " 60 2024" }}',
        '{{ toDate "06" "68" }}', '{{ toDate "06" "69" }}', '{{ toDate "2006 MST" "2020 ChST" }}', '{{ toDate "2006 MST" "2020 WITA" }}',
        '{{ toDate "2006 MST" "2020 ABCDE" }}', '{{ toDate "2006 MST" "2020 ABCDT" }}', '{{ toDate "2006 MST" "2020 -03" }}',
        '{{ toDate "2006 Z07:00" "2020 Z" }}', '{{ toDate "2006 Z07:00" "2020 +25:00" }}', '{{ toDate "2006 -07:00" "2020 +05-00" }}',
        '{{ toDate "15:04" "24:00" }}', '{{ toDate "15:04" "23:60" }}', '{{ toDate "Jan" "Foo" }}', '{{ toDate "2006" "-006" }}',
        '{{ toDate "2006 .000" "2020 .12" }}', '{{ toDate "2006  01" "2020 01" }}', '{{ toDate "2006 01" "2020    01" }}',
        '{{ mustToDate "2006-01-02" "bad" }}', '{{ mustToDate "2006-01-02" "2017-02-30" }}', '{{ mustToDate "2006" "2017" }}',
        '{{ mustToDate "2006-01-02" "2017-12-31é" }}', '{{ mustToDate "2006-01-02" "\\u0001" }}', '{{ mustToDate "15:04:05" "10:20:61" }}',
        '{{ mustToDate "2006-002" "2023-000" }}', '{{ mustToDate "Jan 002 2006" "Feb 032 2023" }}', '{{ mustToDate "02 002 2006" "03 032 2023" }}',
        '{{ typeOf (toDate "2006" "2020") }}', '{{ (toDate "2006-01-02" "2017-12-31").Unix }}', '{{ (toDate "2006-01-02" "2017-12-31").Year }}',
        '{{ (toDate "2006-01-02 15:04" "2017-12-31 10:20").Format "Jan 2" }}', '{{ (toDate "2006" "bad").IsZero }}',
        '{{ toDate "2006-01-02" "2017-12-31" | unixEpoch }}', '{{ toDate "2006-01-02" "2017-12-31" | date "Mon Jan 2 15:04:05 MST 2006" }}',
        '{{ (toDate "2006-01-02" "2017-12-31").UTC }}', '{{ (toDate "2006-01-02" "2017-12-31").AddDate 0 2 31 }}',
    ])
    for c in AREAS[T]:
        if c["id"].startswith(f"todate-{zone.replace('/', '-')}-"):
            c["local"] = zone

cases(T, "modify", [
    '{{ dateModify "1h" (toDate "2006-01-02" "2020-01-01") }}', '{{ dateModify "-1.5h" (toDate "2006-01-02" "2020-01-01") }}',
    '{{ dateModify "bad" (toDate "2006-01-02" "2020-01-01") }}', '{{ date_modify "90m" (toDate "2006-01-02" "2020-01-01") }}',
    '{{ mustDateModify "bad" (toDate "2006-01-02" "2020-01-01") }}', '{{ must_date_modify "1x" (toDate "2006-01-02" "2020-01-01") }}',
    '{{ mustDateModify "" (toDate "2006-01-02" "2020-01-01") }}', '{{ mustDateModify "1" (toDate "2006-01-02" "2020-01-01") }}',
    '{{ mustDateModify "9999999999h" (toDate "2006-01-02" "2020-01-01") }}', '{{ mustDateModify "1h1m1s1ms1us1ns" (toDate "2006-01-02" "2020-01-01") }}',
    '{{ mustDateModify "1.000000001s" (toDate "2006-01-02" "2020-01-01") }}', '{{ mustDateModify "-0" (toDate "2006-01-02" "2020-01-01") }}',
    '{{ mustDateModify "+.5h" (toDate "2006-01-02" "2020-01-01") }}', '{{ mustDateModify "." (toDate "2006-01-02" "2020-01-01") }}',
    '{{ mustDateModify "1µs" (toDate "2006-01-02" "2020-01-01") }}', '{{ mustDateModify "1μs" (toDate "2006-01-02" "2020-01-01") }}',
    '{{ mustDateModify "1é" (toDate "2006-01-02" "2020-01-01") }}', '{{ dateModify "1h" "2020" }}', '{{ dateModify "1h" 0 }}',
    '{{ dateModify "1h" nil }}', '{{ unixEpoch (dateModify "-24h" (toDate "2006-01-02" "2020-03-08")) }}',
    '{{ dateModify "24h" (toDate "2006-01-02 15:04" "2024-03-09 12:00") }}', '{{ unixEpoch 0 }}', '{{ unixEpoch "x" }}',
    '{{ unixEpoch nil }}', '{{ len (unixEpoch now) }}', '{{ typeOf now }}', '{{ kindOf now }}', '{{ empty now }}',
    '{{ len (now | date "2006") }}', '{{ len (htmlDate now) }}', '{{ ago now }}', '{{ durationRound now }}',
    '{{ typeOf (dateModify "1h" now) }}', '{{ len (now | mustDateModify "+10m" | date "20060102150405") }}',
    '{{ dateInZone "2006" (now) "UTC" | len }}', '{{ typeOf now.Unix }}',
])
cases(T, "duration", [
    '{{ duration 61 }}', '{{ duration .i64 }}', '{{ duration .f }}', '{{ duration "x" }}', '{{ duration "-61" }}', '{{ duration "1.5" }}',
    '{{ duration "0" }}', '{{ duration "9223372036854775807" }}', '{{ duration "99999999999999999999" }}', '{{ duration "-99999999999999999999" }}',
    '{{ duration "9223372036" }}', '{{ duration "9223372037" }}', '{{ duration nil }}', '{{ duration "+5" }}', '{{ duration " 5" }}',
    '{{ duration (int64 86400) }}', '{{ duration (int64 -1) }}', '{{ duration "1_000" }}',
    '{{ durationRound "0s" }}', '{{ durationRound "1s" }}', '{{ durationRound "1.5s" }}', '{{ durationRound "61s" }}',
    '{{ durationRound "-61s" }}', '{{ durationRound "bad" }}', '{{ durationRound 0 }}', '{{ durationRound .i64 }}',
    '{{ durationRound (int64 3600000000001) }}', '{{ durationRound "8760h1s" }}', '{{ durationRound "8760h" }}', '{{ durationRound "720h1s" }}',
    '{{ durationRound "24h" }}', '{{ durationRound "-2562047h47m16.854775808s" }}', '{{ durationRound .f }}', '{{ durationRound nil }}',
    '{{ durationRound "1ms" }}', '{{ durationRound (toDate "2006" "2006") | len }}',
    '{{ hasSuffix "s" (ago 0) }}', '{{ hasPrefix "-" (ago 9999999999) }}', '{{ ago .i32 | len }}', '{{ ago "x" }}', '{{ ago nil }}', '{{ ago .f }}',
])
signature_cases(T, "date", ["string", "any"])
signature_cases(T, "dateInZone", ["string", "any", "string"])
signature_cases(T, "htmlDateInZone", ["any", "string"])
signature_cases(T, "toDate", ["string", "string"])
signature_cases(T, "mustToDate", ["string", "string"])
signature_cases(T, "duration", ["any"])
signature_cases(T, "durationRound", ["any"])
signature_cases(T, "now", [])
