package main

// sprig_template: Go's text/template with Sprig v3.3.0's function map as Helm v4.2.4's engine
// starts from it (sprig.TxtFuncMap() without env and expandenv), for the rudder-sprig
// conformance vectors. Helm's own additions and overrides (include, tpl, required, toYaml,
// fromYaml, toToml, lookup, ... and its fail) belong to the engine and are tested through
// helm_template; this op keeps Sprig's versions of the names Helm overrides (toJson, fromJson,
// mustToJson, fail) except getHostByName, which is Helm's DNS-disabled version so that no
// vector touches the network.
//
// Extra field: "local", an IANA zone name that time.Local is set to for the request (Sprig's
// date functions format in Local), so date vectors do not depend on the machine's zone.

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/template"
	"time"

	"github.com/Masterminds/sprig/v3"
)

func init() {
	ops["sprig_template"] = opSprigTemplate
	ops["sprig_bench"] = opSprigBench
}

// sprigFuncs is Sprig's map as Helm's funcMap() builds it before adding its own functions.
func sprigFuncs() template.FuncMap {
	f := sprig.TxtFuncMap()
	delete(f, "env")
	delete(f, "expandenv")
	f["getHostByName"] = func(string) string { return "" }
	return f
}

type sprigTemplateReq struct {
	goTemplateReq
	Local *string `json:"local"`
}

func opSprigTemplate(r *request) *response {
	var q sprigTemplateReq
	if err := r.decode(&q); err != nil {
		return errResp("request", err)
	}
	if q.Local != nil {
		loc, err := time.LoadLocation(*q.Local)
		if err != nil {
			return errResp("request", fmt.Errorf("local: %w", err))
		}
		saved := time.Local
		time.Local = loc
		defer func() { time.Local = saved }()
	}
	// runGoTemplate decodes the request again; the extra field must not trip its strict
	// decoding, so hand it the line without "local".
	return runGoTemplate(withoutField(r, "local"), sprigFuncs())
}

// withoutField is r with one top-level field removed from its line.
func withoutField(r *request, key string) *request {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(r.line, &fields); err != nil {
		return r
	}
	if _, ok := fields[key]; !ok {
		return r
	}
	delete(fields, key)
	line, err := json.Marshal(fields)
	if err != nil {
		return r
	}
	return &request{line: line, ID: r.ID, Op: r.Op}
}

// sprig_bench: a sprig_template request timed: the template is parsed once and executed
// `iterations` times with the data; out is the mean nanoseconds per execution and the output
// of the last execution (rudder-sprig's examples/bench_vs_go.rs).
type sprigBenchReq struct {
	reqBase
	Template   string          `json:"template"`
	Data       json.RawMessage `json:"data"`
	Iterations int             `json:"iterations"`
}

func opSprigBench(r *request) *response {
	var q sprigBenchReq
	if err := r.decode(&q); err != nil {
		return errResp("request", err)
	}
	data, err := decodeTyped(q.Data)
	if err != nil {
		return errResp("request", fmt.Errorf("data: %w", err))
	}
	t, err := template.New("t").Funcs(sprigFuncs()).Parse(q.Template)
	if err != nil {
		return errResp("parse", err)
	}
	n := max(q.Iterations, 1)
	var out strings.Builder
	start := time.Now()
	for i := 0; i < n; i++ {
		out.Reset()
		if err := t.Execute(&out, data); err != nil {
			return errResp("exec", err)
		}
	}
	elapsed := time.Since(start)
	return okResp(map[string]any{"ns_per_op": float64(elapsed.Nanoseconds()) / float64(n), "output": textValue(out.String())})
}
