package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"testing"

	"helm.sh/helm/v4/pkg/chart/common"
)

// run feeds lines through serve and returns the decoded response objects.
func run(t *testing.T, lines ...string) []map[string]any {
	t.Helper()
	var out bytes.Buffer
	if err := serve(strings.NewReader(strings.Join(lines, "\n")), &out); err != nil {
		t.Fatal(err)
	}
	var resps []map[string]any
	sc := bufio.NewScanner(&out)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("response is not JSON: %q: %v", sc.Text(), err)
		}
		resps = append(resps, m)
	}
	return resps
}

func one(t *testing.T, line string) map[string]any {
	t.Helper()
	r := run(t, line)
	if len(r) != 1 {
		t.Fatalf("want 1 response, got %d", len(r))
	}
	return r[0]
}

func wantOut(t *testing.T, line string, want any) {
	t.Helper()
	r := one(t, line)
	if r["ok"] != true {
		t.Fatalf("%s: not ok: %v", line, r)
	}
	if !reflect.DeepEqual(r["out"], want) {
		t.Fatalf("%s:\n got %#v\nwant %#v", line, r["out"], want)
	}
}

func wantErr(t *testing.T, line, phase, errText string) map[string]any {
	t.Helper()
	r := one(t, line)
	if r["ok"] != false || r["phase"] != phase || r["error"] != errText {
		t.Fatalf("%s:\n got %v\nwant phase %q error %q", line, r, phase, errText)
	}
	return r
}

// ---------------------------------------------------------------------------------------------
// Protocol

func TestProtocolOrderAndIDs(t *testing.T) {
	lines := []string{
		`{"id": 1, "op": "go_template", "template": "a"}`,
		``,
		`# a comment line gets no response`,
		`{"id": "two", "op": "go_template", "template": "{{ if }}"}`,
		`{"id": {"nested": [1, 2]}, "op": "nope"}`,
		`this is not JSON`,
		`{"op": "go_template", "template": "no id"}`,
		`{"id": null, "op": "go_template", "template": "null id"}`,
		`{"id": 7}`,
		`[1, 2, 3]`,
		`{"id": 9, "op": "go_template", "template": "x", "unknown_field": 1}`,
		`{"id": 10, "op": 5}`,
	}
	resps := run(t, lines...)
	wantIDs := []any{1.0, "two", map[string]any{"nested": []any{1.0, 2.0}}, nil, nil, nil, 7.0, nil, 9.0, 10.0}
	if len(resps) != len(wantIDs) {
		t.Fatalf("want %d responses, got %d: %v", len(wantIDs), len(resps), resps)
	}
	for i, r := range resps {
		if !reflect.DeepEqual(r["id"], wantIDs[i]) {
			t.Errorf("response %d: id %#v, want %#v", i, r["id"], wantIDs[i])
		}
	}
	wantOK := []bool{true, false, false, false, true, true, false, false, false, false}
	wantPhase := []string{"", "parse", "request", "request", "", "", "request", "request", "request", "request"}
	for i, r := range resps {
		if r["ok"] != wantOK[i] {
			t.Errorf("response %d: ok %v, want %v (%v)", i, r["ok"], wantOK[i], r)
		}
		if p, _ := r["phase"].(string); p != wantPhase[i] {
			t.Errorf("response %d: phase %q, want %q (%v)", i, p, wantPhase[i], r)
		}
	}
	if got := resps[6]["error"]; got != `request has no "op"` {
		t.Errorf("missing op: %v", got)
	}
	if got := resps[2]["error"]; got != `unknown op "nope"` {
		t.Errorf("unknown op: %v", got)
	}
	if got, _ := resps[8]["error"].(string); !strings.Contains(got, `unknown field "unknown_field"`) {
		t.Errorf("unknown field: %v", got)
	}
}

func TestResponseKeyOrder(t *testing.T) {
	var out bytes.Buffer
	in := `{"id":"a","op":"go_template","template":"{{ .x.y }}","options":["missingkey=error"],"data":{"map":{}}}` + "\n" +
		`{"id":"b","op":"go_template","template":"ok"}` + "\n"
	if err := serve(strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	want := `{"id":"a","ok":false,"error":"template: t:1:5: executing \"t\" at <.x.y>: map has no entry for key \"x\"","phase":"exec","partial":""}` + "\n" +
		`{"id":"b","ok":true,"out":"ok"}` + "\n"
	if out.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", out.String(), want)
	}
}

func TestPanicIsRecovered(t *testing.T) {
	ops["test_panic"] = func(*request) *response { panic("boom") }
	defer delete(ops, "test_panic")
	resps := run(t, `{"id":1,"op":"test_panic"}`, `{"id":2,"op":"go_template","template":"still alive"}`)
	if len(resps) != 2 {
		t.Fatalf("want 2 responses, got %v", resps)
	}
	if resps[0]["ok"] != false || resps[0]["panic"] != "boom" || resps[0]["id"] != 1.0 {
		t.Errorf("panic response: %v", resps[0])
	}
	if resps[1]["out"] != "still alive" {
		t.Errorf("after panic: %v", resps[1])
	}
	// A panic raised by Go itself (text/template.Option with an unknown option).
	r := one(t, `{"id":3,"op":"go_template","template":"x","options":["bogus"]}`)
	if r["panic"] != "unrecognized option: bogus" {
		t.Errorf("Option panic: %v", r)
	}
}

func TestBatch(t *testing.T) {
	var in strings.Builder
	const n = 2000
	for i := range n {
		fmt.Fprintf(&in, `{"id":%d,"op":"go_template","template":"{{ . }}","data":{"int":"%d"}}`+"\n", i, i)
	}
	resps := run(t, in.String())
	if len(resps) != n {
		t.Fatalf("want %d responses, got %d", n, len(resps))
	}
	for i, r := range resps {
		if r["id"] != float64(i) || r["out"] != fmt.Sprint(i) {
			t.Fatalf("response %d: %v", i, r)
		}
	}
}

// ---------------------------------------------------------------------------------------------
// Typed values

func TestTypedRoundTrip(t *testing.T) {
	cases := []string{
		`null`, `true`, `false`, `""`, `"text"`,
		`{"int":"5"}`, `{"int":"-9223372036854775808"}`, `{"int8":"-8"}`, `{"int16":"16"}`,
		`{"int32":"5"}`, `{"int64":"5"}`, `{"uint":"5"}`, `{"uint8":"255"}`, `{"uint16":"7"}`,
		`{"uint32":"7"}`, `{"uint64":"18446744073709551615"}`, `{"uintptr":"1"}`,
		`{"float64":"1.5"}`, `{"float64":"1e+06"}`, `{"float64":"1e-07"}`, `{"float64":"NaN"}`,
		`{"float64":"+Inf"}`, `{"float64":"-Inf"}`, `{"float64":"-0"}`, `{"float32":"0.1"}`,
		`{"map":{}}`, `{"map":null}`, `{"map":{"a":{"int":"1"},"b":{"list":[]}}}`,
		`{"map":{"k":"v"},"type":"map[string]string"}`, `{"map":null,"type":"map[string]string"}`,
		`{"map":{"a":null},"type":"common.Values"}`,
		`{"list":[]}`, `{"list":null}`, `{"list":[null,true,"s",{"int":"1"},{"list":[]}]}`,
		`{"list":[{"map":{}}],"type":"[]map[string]interface {}"}`,
		`{"strings":["a","b"]}`, `{"strings":null}`, `{"strings":[]}`,
		`{"ints":["1","-2"]}`, `{"ints":null}`,
		`{"bytes":"aGVsbG8="}`, `{"bytes":null}`, `{"bytes":""}`,
		`{"string_b64":"/w=="}`,
	}
	for _, c := range cases {
		v, err := decodeTyped(json.RawMessage(c))
		if err != nil {
			t.Errorf("%s: decode: %v", c, err)
			continue
		}
		got := string(marshal(encodeTyped(v)))
		var a, b any
		_ = json.Unmarshal([]byte(got), &a)
		_ = json.Unmarshal([]byte(c), &b)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("round trip of %s gave %s", c, got)
		}
	}
}

func TestTypedDecodeGoTypes(t *testing.T) {
	cases := map[string]any{
		`{"int":"5"}`:       5,
		`{"int64":"5"}`:     int64(5),
		`{"int32":"5"}`:     int32(5),
		`{"uint64":"5"}`:    uint64(5),
		`{"uint8":"5"}`:     uint8(5),
		`{"float64":"1.5"}`: 1.5,
		`{"float32":"1.5"}`: float32(1.5),
		`{"strings":["a"]}`: []string{"a"},
		`{"ints":["1", 2]}`: []int{1, 2},
		`{"bytes":"AQI="}`:  []byte{1, 2},
		`{"map":{"a":"b"},"type":"map[string]string"}`: map[string]string{"a": "b"},
		`{"map":{"a":"b"},"type":"chartutil.Values"}`:  common.Values{"a": "b"},
		`{"list":[{"int":"1"}]}`:                       []any{1},
		`{"map":{"x":{"map":{}}}}`:                     map[string]any{"x": map[string]any{}},
	}
	for in, want := range cases {
		got, err := decodeTyped(json.RawMessage(in))
		if err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if !reflect.DeepEqual(got, want) || fmt.Sprintf("%T", got) != fmt.Sprintf("%T", want) {
			t.Errorf("%s: got %#v, want %#v", in, got, want)
		}
	}
	if v, _ := decodeTyped(json.RawMessage(`{"float64":"NaN"}`)); !math.IsNaN(v.(float64)) {
		t.Errorf("NaN: %v", v)
	}
}

func TestTypedDecodeErrors(t *testing.T) {
	cases := map[string]string{
		`5`:                                  `bare JSON number 5`,
		`[1]`:                                `bare JSON array`,
		`{"int":5}`:                          `a number's value is a string`,
		`{"int":"x"}`:                        `invalid syntax`,
		`{"int8":"300"}`:                     `value out of range`,
		`{"int":"1","float64":"1"}`:          `exactly one tag`,
		`{"type":"x"}`:                       `needs a tag`,
		`{"wat":1}`:                          `unknown tag "wat"`,
		`{"map":{"a":1}}`:                    `$.map.a: bare JSON number 1`,
		`{"map":{},"type":"map[int]string"}`: `unsupported map type`,
		`{"map":{"a":{"int":"1"}},"type":"map[string]string"}`: `must be strings`,
		`{"go":"x"}`:      `output-only`,
		`{"bytes":"!!"}`:  `illegal base64`,
		`{"strings":[1]}`: `bare JSON number`,
	}
	for in, want := range cases {
		_, err := decodeTyped(json.RawMessage(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got error %v, want one containing %q", in, err, want)
		}
	}
}

type point struct{ X, Y int }

func TestTypedEncodeOther(t *testing.T) {
	cases := []struct {
		v    any
		want string
	}{
		{map[string]int{"a": 1}, `{"map":{"a":{"int":"1"}},"type":"map[string]int"}`},
		{map[any]any{"b": 1, 2: "x"}, `{"entries":[["b",{"int":"1"}],[{"int":"2"},"x"]],"type":"map[interface {}]interface {}"}`},
		{[]map[string]any{{"a": true}}, `{"list":[{"map":{"a":true}}],"type":"[]map[string]interface {}"}`},
		{[]float64(nil), `{"list":null,"type":"[]float64"}`},
		{[2]string{"a", "b"}, `{"list":["a","b"],"type":"[2]string"}`},
		{point{1, 2}, `{"go":"main.point{X:1, Y:2}","type":"main.point","v":"{1 2}"}`},
		{&point{1, 2}, `{"go":"&main.point{X:1, Y:2}","type":"*main.point","v":"&{1 2}"}`},
		{"\xff", `{"string_b64":"/w=="}`},
		{common.Values{"a": nil}, `{"map":{"a":null},"type":"common.Values"}`},
		{[]any(nil), `{"list":null}`},
		{map[string]any(nil), `{"map":null}`},
		{float64(1e21), `{"float64":"1e+21"}`},
		{float32(0.1), `{"float32":"0.1"}`},
	}
	for _, c := range cases {
		if got := string(marshal(encodeTyped(c.v))); got != c.want {
			t.Errorf("%#v:\n got %s\nwant %s", c.v, got, c.want)
		}
	}
	// A self-referencing value does not overflow the stack.
	m := map[string]any{}
	m["self"] = m
	if s := string(marshal(encodeTyped(m))); !strings.Contains(s, `{"too_deep":true,"type":"map[string]interface {}"}`) {
		t.Errorf("cycle: %.200s", s)
	}
}

// ---------------------------------------------------------------------------------------------
// Ops, a few behaviours each (the conformance vectors cover them in depth)

func TestGoTemplate(t *testing.T) {
	wantOut(t, `{"op":"go_template","template":"{{ 1e6 }} {{ printf \"%T\" 1 }} {{ printf \"%T\" .x }}","data":{"map":{"x":{"int64":"1"}}}}`, "1e+06 int int64")
	wantOut(t, `{"op":"go_template","templates":[{"name":"a","text":"{{ define \"x\" }}1{{ end }}{{ template \"x\" }}"},{"name":"b","text":"{{ define \"x\" }}2{{ end }}"}]}`, "2")
	wantOut(t, `{"op":"go_template","templates":[{"name":"a","text":"A"},{"name":"b","text":"B"}],"execute":"b"}`, "B")
	wantOut(t, `{"op":"go_template","template":"[[ . ]]","delims":["[[","]]"],"data":"d"}`, "d")
	wantOut(t, `{"op":"go_template","template":"{{ .missing }}","data":{"map":{}},"options":["missingkey=zero"]}`, "<no value>")
	r := wantErr(t, `{"op":"go_template","template":"abc{{ index .l 3 }}def","data":{"map":{"l":{"list":[]}}}}`, "exec",
		`template: t:1:6: executing "t" at <index .l 3>: error calling index: index out of range: 3`)
	if r["partial"] != "abc" {
		t.Errorf("partial: %v", r["partial"])
	}
	wantErr(t, `{"op":"go_template","template":"{{ end }}"}`, "parse", `template: t:1: unexpected {{end}}`)
}

func TestHelmTemplate(t *testing.T) {
	wantOut(t, `{"op":"helm_template","templates":[{"name":"templates/a.yaml","text":"{{ .Values.n }} {{ .Release.Name }} {{ .Chart.Name }}"}],"values_yaml":"n: 1000000\n"}`,
		map[string]any{"mychart/templates/a.yaml": " release-name mychart"}) // `n` is a YAML 1.1 boolean key
	wantOut(t, `{"op":"helm_template","templates":[{"name":"templates/a.yaml","text":"{{ .Values.x }}"}],"values_yaml":"x: 1000000\n"}`,
		map[string]any{"mychart/templates/a.yaml": "1e+06"})
	wantErr(t, `{"op":"helm_template","templates":[{"name":"templates/a.yaml","text":"{{ fail \"no\" }}"}]}`, "render",
		`execution error at (mychart/templates/a.yaml:1:3): no`)
}

func TestDataOps(t *testing.T) {
	wantOut(t, `{"op":"yaml_unmarshal","data":"on: x"}`, map[string]any{"map": map[string]any{"true": "x"}})
	wantOut(t, `{"op":"yaml_marshal","value":"yes"}`, "\"yes\"\n")
	wantOut(t, `{"op":"yaml3_encode","value":{"map":{"a":{"list":["b"]}}}}`, "a:\n  - b\n")
	wantOut(t, `{"op":"json_marshal","value":"<&>"}`, `"\u003c\u0026\u003e"`)
	wantOut(t, `{"op":"json_marshal","value":"<&>","mode":"raw"}`, `"<&>"`)
	wantOut(t, `{"op":"strvals","func":"parse","data":"a=1,b=2"}`,
		map[string]any{"map": map[string]any{"a": map[string]any{"int64": "1"}, "b": map[string]any{"int64": "2"}}})
	wantOut(t, `{"op":"merge_maps","a":{"map":{"x":"1"}},"b":{"map":{"y":"2"}}}`,
		map[string]any{"map": map[string]any{"x": "1", "y": "2"}})
	wantOut(t, `{"op":"toml_decode","data":"a = 1"}`, map[string]any{"map": map[string]any{"a": map[string]any{"int64": "1"}}})
}

func TestRenderChartScratchFiles(t *testing.T) {
	wd, _ := os.Getwd()
	r := one(t, `{"op":"render_chart","chart":"c","files":{"c/Chart.yaml":"apiVersion: v2\nname: c\nversion: 0.1.0\n","c/templates/cm.yaml":"kind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n","v.yaml":"a: 1\n"},"values_files":["v.yaml"],"set":["b=2"]}`)
	if r["ok"] != true {
		t.Fatalf("%v", r)
	}
	out := r["out"].(map[string]any)
	want := "---\n# Source: c/templates/cm.yaml\nkind: ConfigMap\nmetadata:\n  name: release-name\n"
	if out["stdout"] != want {
		t.Errorf("stdout %q, want %q", out["stdout"], want)
	}
	if now, _ := os.Getwd(); now != wd {
		t.Errorf("working directory not restored: %s", now)
	}
}

// TestModulePins checks that the oracle's module graph selects exactly the versions Helm
// v4.2.4's go.mod requires, for every module Helm requires.
func TestModulePins(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	goMod, err := exec.Command("go", "list", "-m", "-f", "{{.GoMod}}", "helm.sh/helm/v4").Output()
	if err != nil {
		t.Fatal(err)
	}
	helmMod, err := os.ReadFile(strings.TrimSpace(string(goMod)))
	if err != nil {
		t.Fatal(err)
	}
	all, err := exec.Command("go", "list", "-m", "all").Output()
	if err != nil {
		t.Fatal(err)
	}
	ours := map[string]string{}
	for _, line := range strings.Split(string(all), "\n") {
		if f := strings.Fields(line); len(f) >= 2 {
			ours[f[0]] = f[1]
		}
	}
	checked := 0
	inRequire := false
	for _, line := range strings.Split(string(helmMod), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "require (":
			inRequire = true
			continue
		case line == ")":
			inRequire = false
			continue
		case strings.HasPrefix(line, "require "):
			line = strings.TrimPrefix(line, "require ")
		case !inRequire:
			continue
		}
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		checked++
		if ours[f[0]] != f[1] {
			t.Errorf("%s: oracle selects %q, Helm v4.2.4 requires %q", f[0], ours[f[0]], f[1])
		}
	}
	if checked < 100 {
		t.Fatalf("only %d requirements found in Helm's go.mod", checked)
	}
	for path, want := range map[string]string{
		"helm.sh/helm/v4":                  "v4.2.4",
		"github.com/Masterminds/sprig/v3":  "v3.3.0",
		"sigs.k8s.io/yaml":                 "v1.6.0",
		"go.yaml.in/yaml/v2":               "v2.4.3",
		"go.yaml.in/yaml/v3":               "v3.0.4",
		"github.com/BurntSushi/toml":       "v1.6.0",
		"github.com/Masterminds/semver/v3": "v3.5.0",
	} {
		if ours[path] != want {
			t.Errorf("%s: %q, want %q", path, ours[path], want)
		}
	}
}

// ---------------------------------------------------------------------------------------------
// go_template_bench

func TestGoTemplateBench(t *testing.T) {
	r := one(t, `{"id": 1, "op": "go_template_bench", "templates": [`+
		`{"name": "h", "text": "{{define \"n\"}}{{.a | upper | quote}}{{end}}"},`+
		`{"name": "t", "text": "n={{include \"n\" . | nindent 2}} {{stubbed 1 2}}"}],`+
		`"execute": "t", "data": {"map": {"a": "x"}}, "options": ["missingkey=zero"],`+
		`"iterations": 50, "helm_funcs": true, "stub_funcs": ["stubbed"]}`)
	if r["ok"] != true {
		t.Fatalf("not ok: %v", r)
	}
	out := r["out"].(map[string]any)
	if out["output"] != "n=\n  \"X\" 1" {
		t.Errorf("output %#v", out["output"])
	}
	if out["iterations"] != 50.0 {
		t.Errorf("iterations %#v", out["iterations"])
	}
	for _, k := range []string{"ns_per_op", "cpu_ns_per_op"} {
		if v, ok := out[k].(float64); !ok || v < 0 {
			t.Errorf("%s %#v", k, out[k])
		}
	}
	wantErr(t, `{"op": "go_template_bench", "templates": [{"name": "t", "text": "x"}], "execute": "t"}`,
		"request", `go_template_bench needs "templates", "execute" and "iterations" > 0`)
}
