"""Numbers and conversions: Sprig's numeric_test.go tables, spf13/cast coercions, decimal
float math, rounding, sequences; rudder's argument-type and edge cases."""

from cases import area, case, cases, signature_cases

M = area("math")

cases(M, "sprig-test", [
    '{{range $i, $e := until 5}}{{$i}}{{$e}}{{end}}', '{{range $i, $e := until -5}}{{$i}}{{$e}} {{end}}',
    '{{range $i, $e := untilStep 0 5 1}}{{$i}}{{$e}}{{end}}', '{{range $i, $e := untilStep 3 6 1}}{{$i}}{{$e}}{{end}}',
    '{{range $i, $e := untilStep 0 -10 -2}}{{$i}}{{$e}} {{end}}', '{{range $i, $e := untilStep 3 0 1}}{{$i}}{{$e}}{{end}}',
    '{{range $i, $e := untilStep 3 99 0}}{{$i}}{{$e}}{{end}}', '{{range $i, $e := untilStep 3 99 -1}}{{$i}}{{$e}}{{end}}',
    '{{range $i, $e := untilStep 3 0 0}}{{$i}}{{$e}}{{end}}', '{{ biggest 1 2 3 345 5 6 7}}', '{{ max 345}}',
    '{{ maxf 1 2 3 345.7 5 6 7}}', '{{ min 1 2 3 345 5 6 7}}', '{{ min 345}}', '{{ minf 1.4 2 3 345.6 5 6 7}}',
    '{{ minf 345 }}', '{{ 3 | add1 }}', '{{ 3.4 | add1f }}', '{{ 3 | add 1 2}}', '{{ 3 | addf 1.5 2.2}}', '{{ 4 | div 5 }}',
    '{{ 2 | divf 5 4 }}', '{{ 1 | mul "2" 3 "4"}}', '{{ 1.2 | mulf "2.4" 10 "4"}}', '{{ 3 | sub 14 }}', '{{ 3 | subf 4.5 1 }}',
    '{{seq 0 1 3}}', '{{seq 0 3 10}}', '{{seq 3 3 2}}', '{{seq 3 -3 2}}', '{{seq}}', '{{seq 0 4}}', '{{seq 5}}', '{{seq -5}}',
    '{{seq 0}}', '{{seq 0 1 2 3}}', '{{seq 0 -4}}',
])
cases(M, "probe", [
    '{{ add 1 2.7 "3" }}|{{ sub 10 2.5 }}|{{ mul 2 3.9 }}|{{ add1 "0x10" }}|{{ int "010" }}|{{ toDecimal "0777" }}|{{ round 2.5 0 }}|{{ divf 1 3 }}',
    '{{ seq 5 }}|{{ seq 1 2 10 }}|{{ until 3 }}|{{ untilStep 0 10 3 }}|{{ typeOf nil }}|{{ kindOf nil }}',
])
ARGS = ['nil', '.n', '0', '1', '-1', '2.7', '-2.7', '.f', '.fh', '.fneg', '.big', '.i64', '.i32', '.u8', '.f32', '.t', '.fa',
        '"42"', '"-7"', '"+7"', '"010"', '"08"', '"0x1F"', '"0X1f"', '"0o17"', '"0b101"', '"1_000"', '"1.0"', '"1.50"', '"1."',
        '".0"', '"10.00"', '"1e3"', '"abc"', '""', '" 1"', '"9223372036854775807"', '"9223372036854775808"',
        '"-9223372036854775809"', '"1.5e300"', '"NaN"', '"Inf"', '"-inf"', '"0x1p-2"', '.l', '.m', '.s', '.nan', '.inf',
        '1e19', '-1e19', '9.2e18', '1i', '.bytes']
for k, a in enumerate(ARGS):
    case(M, f"cast-{k}", '{{ int %s }}|{{ int64 %s }}|{{ float64 %s }}|{{ typeOf (int %s) }}|{{ typeOf (int64 %s) }}' % ((a,) * 5))
    case(M, f"intmath-{k}", '{{ add1 %s }}|{{ add %s 1 }}|{{ sub %s 1 }}|{{ mul %s 2 }}|{{ max %s 0 }}|{{ min %s 0 }}' % ((a,) * 6))
    case(M, f"floatmath-{k}", '{{ add1f %s }}|{{ addf %s 1 }}|{{ subf %s 1 }}|{{ mulf %s 2 }}|{{ maxf %s 0 }}|{{ minf %s 0 }}' % ((a,) * 6))
    case(M, f"round-{k}", '{{ floor %s }}|{{ ceil %s }}|{{ round %s 0 }}|{{ round %s 2 }}' % ((a,) * 4))
    case(M, f"todecimal-{k}", '{{ toDecimal %s }}|{{ atoi (toString %s) }}' % ((a,) * 2))
cases(M, "division", [
    '{{ div 7 2 }}', '{{ div -7 2 }}', '{{ div 7 0 }}', '{{ div 7 "0" }}', '{{ div 7 nil }}', '{{ mod 7 2 }}', '{{ mod -7 2 }}',
    '{{ mod 7 0 }}', '{{ div -9223372036854775808 -1 }}', '{{ mod -9223372036854775808 -1 }}', '{{ div 7.9 2.9 }}',
    '{{ divf 1 0 }}', '{{ divf 0 0 }}', '{{ divf 1 3 }}', '{{ divf 2 3 }}', '{{ divf -2 3 }}', '{{ divf 1 7 }}', '{{ divf 1e-20 3 }}',
    '{{ divf 1e20 3 }}', '{{ divf 10 4 }}', '{{ divf 1 3 3 }}', '{{ divf 5 }}', '{{ divf .nan 1 }}', '{{ divf 1 .inf }}',
    '{{ typeOf (div 1 1) }}', '{{ typeOf (divf 1 1) }}', '{{ divf 0.1 0.3 }}', '{{ divf 123456789 1000 }}',
    '{{ divf 1 0.000001 }}', '{{ divf 2 -0.5 }}', '{{ divf -1 -3 }}', '{{ divf 1.5e300 1e-300 }}',
])
cases(M, "overflow", [
    '{{ add 9223372036854775807 1 }}', '{{ add1 9223372036854775807 }}', '{{ sub -9223372036854775808 1 }}',
    '{{ mul 9223372036854775807 2 }}', '{{ add }}', '{{ addf }}', '{{ mul 3 }}', '{{ mulf 3 }}', '{{ subf 3 }}',
    '{{ max -9223372036854775808 }}', '{{ maxf .nan 1 }}', '{{ maxf 1 .nan }}', '{{ minf .inf 1 }}', '{{ maxf -0.0 0.0 }}',
    '{{ minf 0.0 -0.0 }}', '{{ maxf .inf .nan }}', '{{ addf .nan }}', '{{ addf .inf }}', '{{ add1f .nan }}',
    '{{ addf 0.1 0.2 }}', '{{ addf 1.1 2.2 }}', '{{ subf 0.3 0.1 }}', '{{ mulf 0.1 3 }}', '{{ mulf 1.1 1.1 }}',
    '{{ addf 1e308 1e308 }}', '{{ mulf 1e200 1e200 }}', '{{ mulf 1e-200 1e-200 }}', '{{ addf 5e-324 5e-324 }}',
    '{{ addf 9007199254740993 0 }}', '{{ addf 0.1 0.7 }}', '{{ mulf 1.005 1000 }}', '{{ subf 1 0.9 }}',
])
cases(M, "round-more", [
    '{{ round 2.5 0 }}', '{{ round 3.5 0 }}', '{{ round -2.5 0 }}', '{{ round -2.4 0 }}', '{{ round 1.005 2 }}',
    '{{ round 123.456 -1 }}', '{{ round 123.456 -2 }}', '{{ round 2.4 0 0.4 }}', '{{ round 2.3 0 0.4 }}', '{{ round 2.5 0 1.0 }}',
    '{{ round 1.55 1 }}', '{{ round 0.285 2 }}', '{{ round 1e300 300 }}', '{{ round 1 400 }}', '{{ round 0.1 -400 }}',
    '{{ round 3.14159 3 }}', '{{ round "3.7" 0 }}', '{{ round 5 0 0.5 0.9 }}', '{{ round 2.5 0 "x" }}', '{{ round 2.5 0.5 }}',
    '{{ round 2.5 .f }}', '{{ round .fh 0 }}', '{{ round 2.675 2 }}', '{{ round -0.4 0 }}', '{{ round 0.5 0 }}',
    '{{ round 1.0000000000000002 15 }}', '{{ round 12345678.9 -3 }}', '{{ round .i64 1 }}', '{{ round 2.5 0 .f }}',
])
cases(M, "sequences", [
    '{{ until 0 }}', '{{ until 1 }}', '{{ typeOf (until 2) }}', '{{ until .i }}', '{{ until .f }}', '{{ until .i64 }}',
    '{{ untilStep 0 10 3 }}', '{{ untilStep 10 0 -3 }}', '{{ untilStep 0 0 1 }}', '{{ untilStep -3 3 2 }}', '{{ typeOf (untilStep 0 1 1) }}',
    '{{ seq 1 1 }}', '{{ seq 1 0 }}', '{{ seq -1 -3 }}', '{{ seq 10 -3 1 }}', '{{ seq 10 3 1 }}', '{{ seq 1 0 5 }}', '{{ seq 5 0 1 }}',
    '{{ seq 1 2 3 4 }}', '{{ seq .i }}', '{{ seq .f }}', '{{ seq "5" }}', '{{ typeOf (seq 3) }}', '{{ seq -1 }}', '{{ seq 2 -1 -2 }}',
    '{{ len (until 1000) }}', '{{ seq 3 2 }}', '{{ seq 9223372036854775807 }}|',
])
for name, params, variadic in [
    ("add1", ["any"], None), ("add", [], "any"), ("sub", ["any", "any"], None), ("div", ["any", "any"], None),
    ("mod", ["any", "any"], None), ("mul", ["any"], "any"), ("randInt", ["int", "int"], None), ("add1f", ["any"], None),
    ("addf", [], "any"), ("subf", ["any"], "any"), ("divf", ["any"], "any"), ("mulf", ["any"], "any"),
    ("biggest", ["any"], "any"), ("max", ["any"], "any"), ("min", ["any"], "any"), ("maxf", ["any"], "any"),
    ("minf", ["any"], "any"), ("ceil", ["any"], None), ("floor", ["any"], None), ("round", ["any", "int"], "float64"),
    ("until", ["int"], None), ("untilStep", ["int", "int", "int"], None), ("seq", [], "int"), ("int", ["any"], None),
    ("int64", ["any"], None), ("float64", ["any"], None), ("toDecimal", ["any"], None),
]:
    signature_cases(M, name, params, variadic)
cases(M, "randint", [
    '{{ $r := randInt 1 3 }}{{ or (eq $r 1) (eq $r 2) }}', '{{ randInt 5 6 }}', '{{ randInt 3 3 }}', '{{ randInt 4 3 }}',
    '{{ typeOf (randInt 0 10) }}', '{{ randInt -5 -4 }}',
])
