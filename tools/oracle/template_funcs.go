package main

// go_template_funcs: Go's text/template with a fixed set of test functions added, so that the
// template conformance vectors can exercise Go's function calling convention (argument
// counting, conversion of literals and values to each parameter type, variadics, error
// returns, panics). The functions are those of text/template's exec_test.go plus a few that
// cover every parameter type rudder's function registry supports. rudder's test harness
// registers the same functions (crates/rudder-template/tests/conformance.rs).

import (
	"errors"
	"fmt"
	"strings"
	"text/template"
)

func init() {
	ops["go_template_funcs"] = opGoTemplateFuncs
}

func testFuncs() template.FuncMap {
	return template.FuncMap{
		// From exec_test.go.
		"typeOf": func(arg any) string { return fmt.Sprintf("%T", arg) },
		"add": func(args ...int) int {
			s := 0
			for _, x := range args {
				s += x
			}
			return s
		},
		"dddArg":      func(a int, b ...string) string { return fmt.Sprintln(a, b) },
		"die":         func() bool { panic("die") },
		"echo":        func(arg any) any { return arg },
		"makemap":     makemap,
		"mapOfThree":  func() any { return map[string]any{"three": 3} },
		"oneArg":      func(a string) string { return "oneArg=" + a },
		"twoArgs":     func(a, b string) string { return "twoArgs=" + a + b },
		"returnInt":   func() int { return 7 },
		"valueString": func(v string) string { return "value is ignored" },
		"zeroArgs":    func() string { return "zeroArgs" },
		// From parse_test.go.
		"contains": strings.Contains,
		// Every parameter type.
		"int64Arg":   func(a int64) int64 { return a },
		"int8Arg":    func(a int8) int8 { return a },
		"uintArg":    func(a uint) uint { return a },
		"uint8Arg":   func(a uint8) uint8 { return a },
		"float64Arg": func(a float64) float64 { return a },
		"float32Arg": func(a float32) float32 { return a },
		"boolArg":    func(a bool) bool { return a },
		"listArg":    func(a []any) int { return len(a) },
		"mapArg":     func(a map[string]any) int { return len(a) },
		"anyArgs":    func(a ...any) string { return fmt.Sprint(a...) },
		"joinArgs":   func(sep string, a ...string) string { return strings.Join(a, sep) },
		"errIf": func(fail bool) (string, error) {
			if fail {
				return "", errors.New("boom")
			}
			return "fine", nil
		},
	}
}

func makemap(arg ...string) map[string]string {
	if len(arg)%2 != 0 {
		panic("bad makemap")
	}
	m := make(map[string]string)
	for i := 0; i < len(arg); i += 2 {
		m[arg[i]] = arg[i+1]
	}
	return m
}

// opGoTemplateFuncs is go_template with testFuncs added before parsing.
func opGoTemplateFuncs(r *request) *response {
	return runGoTemplate(r, testFuncs())
}

// runGoTemplate is opGoTemplate's logic with a function map (nil: builtins only).
func runGoTemplate(r *request, funcs template.FuncMap) *response {
	var q goTemplateReq
	if err := r.decode(&q); err != nil {
		return errResp("request", err)
	}
	tpls := q.Templates
	if q.Template != nil {
		if len(tpls) > 0 {
			return errResp("request", errors.New(`give either "template" or "templates", not both`))
		}
		tpls = []namedText{{Name: "t", Text: *q.Template}}
	}
	if len(tpls) == 0 {
		return errResp("request", errors.New(`no "template" or "templates"`))
	}
	if q.Delims != nil && len(q.Delims) != 2 {
		return errResp("request", errors.New(`"delims" is [left, right]`))
	}
	data, err := decodeTyped(q.Data)
	if err != nil {
		return errResp("request", fmt.Errorf("data: %w", err))
	}
	root := template.New(tpls[0].Name)
	if funcs != nil {
		root.Funcs(funcs)
	}
	if len(q.Options) > 0 {
		root.Option(q.Options...)
	}
	if q.Delims != nil {
		root.Delims(q.Delims[0], q.Delims[1])
	}
	for _, t := range tpls {
		if _, err := root.New(t.Name).Parse(t.Text); err != nil {
			return errResp("parse", err)
		}
	}
	name := tpls[0].Name
	if q.Execute != nil {
		name = *q.Execute
	}
	var buf strings.Builder
	if err := root.ExecuteTemplate(&buf, name, data); err != nil {
		return errResp("exec", err).with("partial", textValue(buf.String()))
	}
	return okResp(textValue(buf.String()))
}
