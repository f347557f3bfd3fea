package main

// go_template_bench: Go's text/template timed on a parsed set, for rudder's side-by-side
// benchmarks (crates/rudder-template/benches). The templates are parsed once; the named one
// is executed with the data `iterations` times; the response gives the mean wall time and the
// mean CPU time of the process (every thread: the garbage collector's work included) per
// execution, and the output of the last one (so the caller can check both engines agree).
// The output buffer keeps its capacity between executions, as rudder's benchmark does.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"syscall"
	"text/template"
	"time"
)

// cpuNs is the CPU time (user and system) the process has used so far.
func cpuNs() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

func init() {
	ops["go_template_bench"] = opGoTemplateBench
}

type goTemplateBenchReq struct {
	reqBase
	Templates  []namedText     `json:"templates"`
	Execute    string          `json:"execute"`
	Data       json.RawMessage `json:"data"`
	Options    []string        `json:"options"`
	Iterations int             `json:"iterations"`
	// Sprig-free stand-ins for Helm's most common functions (see benchFuncs).
	HelmFuncs bool `json:"helm_funcs"`
	// More names, each bound to a stub returning its first argument (or "").
	StubFuncs []string `json:"stub_funcs"`
}

// stub returns its first argument, or "" without arguments.
func stub(args ...any) any {
	if len(args) == 0 {
		return ""
	}
	return args[0]
}

// benchFuncs are simple stand-ins with the signatures of the Helm/Sprig functions that chart
// templates use most, so that corpus templates parse; rudder's benchmark registers the same.
func benchFuncs(root *template.Template) template.FuncMap {
	return template.FuncMap{
		"include": func(name string, data any) (string, error) {
			var b strings.Builder
			err := root.ExecuteTemplate(&b, name, data)
			return b.String(), err
		},
		"default": func(d any, given ...any) any {
			if len(given) == 0 || given[0] == nil {
				return d
			}
			if s, ok := given[0].(string); ok && s == "" {
				return d
			}
			return given[0]
		},
		"quote": func(s ...any) string {
			out := make([]string, 0, len(s))
			for _, v := range s {
				if v != nil {
					out = append(out, fmt.Sprintf("%q", fmt.Sprint(v)))
				}
			}
			return strings.Join(out, " ")
		},
		"trunc": func(n int, s string) string {
			if n >= 0 && len(s) > n {
				return s[:n]
			}
			return s
		},
		"trimSuffix": func(suffix, s string) string { return strings.TrimSuffix(s, suffix) },
		"replace":    func(old, new, s string) string { return strings.ReplaceAll(s, old, new) },
		"contains":   func(sub, s string) bool { return strings.Contains(s, sub) },
		"indent": func(n int, s string) string {
			pad := strings.Repeat(" ", n)
			return pad + strings.ReplaceAll(s, "\n", "\n"+pad)
		},
		"nindent": func(n int, s string) string {
			pad := strings.Repeat(" ", n)
			return "\n" + pad + strings.ReplaceAll(s, "\n", "\n"+pad)
		},
		"upper":  strings.ToUpper,
		"lower":  strings.ToLower,
		"toYaml": func(v any) string { return fmt.Sprint(v) },
		"dict": func(v ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(v); i += 2 {
				m[fmt.Sprint(v[i])] = v[i+1]
			}
			return m
		},
		"list":     func(v ...any) []any { return v },
		"hasKey":   func(m map[string]any, k string) bool { _, ok := m[k]; return ok },
		"empty":    func(v any) bool { t, _ := template.IsTrue(v); return !t },
		"toString": func(v any) string { return fmt.Sprint(v) },
		"trim":     strings.TrimSpace,
		"b64enc":   func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) },
		"ternary": func(a, b any, c bool) any {
			if c {
				return a
			}
			return b
		},
		"required": func(msg string, v any) (any, error) {
			if v == nil {
				return nil, errors.New(msg)
			}
			return v, nil
		},
		"semverCompare": func(c, v string) bool { return true },
	}
}

func opGoTemplateBench(r *request) *response {
	var q goTemplateBenchReq
	if err := r.decode(&q); err != nil {
		return errResp("request", err)
	}
	if len(q.Templates) == 0 || q.Execute == "" || q.Iterations <= 0 {
		return errResp("request", errors.New(`go_template_bench needs "templates", "execute" and "iterations" > 0`))
	}
	data, err := decodeTyped(q.Data)
	if err != nil {
		return errResp("request", fmt.Errorf("data: %w", err))
	}
	root := template.New(q.Templates[0].Name)
	if q.HelmFuncs {
		root.Funcs(benchFuncs(root))
	}
	if len(q.StubFuncs) > 0 {
		stubs := template.FuncMap{}
		for _, n := range q.StubFuncs {
			stubs[n] = stub
		}
		root.Funcs(stubs)
	}
	if len(q.Options) > 0 {
		root.Option(q.Options...)
	}
	parseStart := time.Now()
	for _, t := range q.Templates {
		if _, err := root.New(t.Name).Parse(t.Text); err != nil {
			return errResp("parse", err)
		}
	}
	parseNs := time.Since(parseStart).Nanoseconds()
	var out bytes.Buffer
	// One warm-up run, which also checks that the template executes.
	if err := root.ExecuteTemplate(&out, q.Execute, data); err != nil {
		return errResp("exec", err)
	}
	cpuStart := cpuNs()
	start := time.Now()
	for i := 0; i < q.Iterations; i++ {
		out.Reset()
		if err := root.ExecuteTemplate(&out, q.Execute, data); err != nil {
			return errResp("exec", err)
		}
	}
	elapsed := time.Since(start)
	cpu := cpuNs() - cpuStart
	return okResp(map[string]any{
		"ns_per_op":     float64(elapsed.Nanoseconds()) / float64(q.Iterations),
		"cpu_ns_per_op": float64(cpu) / float64(q.Iterations),
		"parse_ns":      parseNs,
		"iterations":    q.Iterations,
		"output":        textValue(out.String()),
	})
}
