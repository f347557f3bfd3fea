package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"syscall"

	"github.com/BurntSushi/toml"
	"helm.sh/helm/v4/pkg/chart/common"
	"helm.sh/helm/v4/pkg/chart/v2/loader"
	"helm.sh/helm/v4/pkg/strvals"
	"sigs.k8s.io/yaml"
	goYaml "sigs.k8s.io/yaml/goyaml.v3"
)

// textReq is the request of the ops that take text ("data").
type textReq struct {
	reqBase
	Data   *string `json:"data"`
	Target string  `json:"target"`
}

// valueReq is the request of the ops that take a typed value ("value").
type valueReq struct {
	reqBase
	Value json.RawMessage `json:"value"`
	Mode  string          `json:"mode"`
}

func decodeText(r *request) (*textReq, *response) {
	var q textReq
	if err := r.decode(&q); err != nil {
		return nil, errResp("request", err)
	}
	if q.Data == nil {
		return nil, errResp("request", fmt.Errorf(`%s needs "data" (text)`, r.Op))
	}
	return &q, nil
}

func decodeValue(r *request) (any, string, *response) {
	var q valueReq
	if err := r.decode(&q); err != nil {
		return nil, "", errResp("request", err)
	}
	if len(q.Value) == 0 {
		return nil, "", errResp("request", fmt.Errorf(`%s needs "value" (a typed value; null for nil)`, r.Op))
	}
	v, err := decodeTyped(q.Value)
	if err != nil {
		return nil, "", errResp("request", fmt.Errorf("value: %w", err))
	}
	return v, q.Mode, nil
}

// unmarshalTarget returns a pointer to a fresh target of the requested shape. The map and list
// targets start empty, not nil, as Helm's fromYaml/fromYamlArray/fromJson/fromJsonArray do.
func unmarshalTarget(target string) (any, func() any, error) {
	switch target {
	case "", "any":
		var v any
		return &v, func() any { return v }, nil
	case "map":
		m := map[string]any{}
		return &m, func() any { return m }, nil
	case "list":
		l := []any{}
		return &l, func() any { return l }, nil
	}
	return nil, nil, fmt.Errorf(`unknown target %q (any, map, list)`, target)
}

// unmarshalWith runs an Unmarshal-style function into the requested target. On error the
// target's state after the failed call is returned as "partial".
func unmarshalWith(q *textReq, unmarshal func([]byte, any) error) *response {
	ptr, get, err := unmarshalTarget(q.Target)
	if err != nil {
		return errResp("request", err)
	}
	if err := unmarshal([]byte(*q.Data), ptr); err != nil {
		return errResp("unmarshal", err).with("partial", encodeTyped(get()))
	}
	return okResp(encodeTyped(get()))
}

// yaml_unmarshal: sigs.k8s.io/yaml.Unmarshal, as fromYaml, fromYamlArray and the loader use it.
func opYAMLUnmarshal(r *request) *response {
	q, resp := decodeText(r)
	if resp != nil {
		return resp
	}
	return unmarshalWith(q, func(b []byte, v any) error { return yaml.Unmarshal(b, v) })
}

// yaml_marshal: sigs.k8s.io/yaml.Marshal, as toYaml/mustToYaml use it (they trim one "\n").
func opYAMLMarshal(r *request) *response {
	v, _, resp := decodeValue(r)
	if resp != nil {
		return resp
	}
	data, err := yaml.Marshal(v)
	if err != nil {
		return errResp("marshal", err)
	}
	return okResp(textValue(string(data)))
}

// yaml3_encode: the encoder of toYamlPretty (go.yaml.in/yaml/v3 through sigs.k8s.io/yaml's
// goyaml.v3 alias, indent 2). The output is the encoder's, before toYamlPretty trims one "\n".
func opYAML3Encode(r *request) *response {
	v, _, resp := decodeValue(r)
	if resp != nil {
		return resp
	}
	var data bytes.Buffer
	encoder := goYaml.NewEncoder(&data)
	encoder.SetIndent(2)
	if err := encoder.Encode(v); err != nil {
		return errResp("marshal", err)
	}
	return okResp(textValue(data.String()))
}

func opYAMLToJSON(r *request) *response {
	q, resp := decodeText(r)
	if resp != nil {
		return resp
	}
	out, err := yaml.YAMLToJSON([]byte(*q.Data))
	if err != nil {
		return errResp("convert", err)
	}
	return okResp(textValue(string(out)))
}

func opJSONToYAML(r *request) *response {
	q, resp := decodeText(r)
	if resp != nil {
		return resp
	}
	out, err := yaml.JSONToYAML([]byte(*q.Data))
	if err != nil {
		return errResp("convert", err)
	}
	return okResp(textValue(string(out)))
}

// json_marshal: mode "plain" is json.Marshal (toJson, mustToJson), "indent" is
// json.MarshalIndent(v, "", "  ") (sprig's toPrettyJson), "raw" is sprig's mustToRawJson (an
// encoder with SetEscapeHTML(false), encoding &v, one trailing "\n" trimmed).
func opJSONMarshal(r *request) *response {
	v, mode, resp := decodeValue(r)
	if resp != nil {
		return resp
	}
	var out []byte
	var err error
	switch mode {
	case "", "plain":
		out, err = json.Marshal(v)
	case "indent":
		out, err = json.MarshalIndent(v, "", "  ")
	case "raw":
		buf := new(bytes.Buffer)
		enc := json.NewEncoder(buf)
		enc.SetEscapeHTML(false)
		err = enc.Encode(&v)
		out = []byte(strings.TrimSuffix(buf.String(), "\n"))
	default:
		return errResp("request", fmt.Errorf(`unknown mode %q (plain, indent, raw)`, mode))
	}
	if err != nil {
		return errResp("marshal", err)
	}
	return okResp(textValue(string(out)))
}

// json_unmarshal: encoding/json.Unmarshal, as fromJson and fromJsonArray use it.
func opJSONUnmarshal(r *request) *response {
	q, resp := decodeText(r)
	if resp != nil {
		return resp
	}
	return unmarshalWith(q, json.Unmarshal)
}

// toml_encode: toToml's encoder (BurntSushi/toml NewEncoder(...).Encode(v)).
func opTOMLEncode(r *request) *response {
	v, _, resp := decodeValue(r)
	if resp != nil {
		return resp
	}
	b := bytes.NewBuffer(nil)
	if err := toml.NewEncoder(b).Encode(v); err != nil {
		return errResp("marshal", err)
	}
	return okResp(textValue(b.String()))
}

// toml_decode: fromToml's decoder (toml.Unmarshal into a fresh map[string]interface{}).
func opTOMLDecode(r *request) *response {
	q, resp := decodeText(r)
	if resp != nil {
		return resp
	}
	if q.Target != "" && q.Target != "map" {
		return errResp("request", errors.New(`toml_decode decodes into a map; "target" can only be "map"`))
	}
	m := make(map[string]any)
	if err := toml.Unmarshal([]byte(*q.Data), &m); err != nil {
		return errResp("unmarshal", err).with("partial", encodeTyped(m))
	}
	return okResp(encodeTyped(m))
}

// ---------------------------------------------------------------------------------------------
// Values pipeline

type strvalsReq struct {
	reqBase
	Func  string            `json:"func"`
	Data  *string           `json:"data"`
	Base  json.RawMessage   `json:"base"`
	Files map[string]string `json:"files"`
}

// fileReader serves --set-file reads from the request's "files" map, returning what
// values.Options.MergeValues' reader returns (the content as a string), and for a missing path
// the error os.ReadFile gives.
func fileReader(files map[string]string) strvals.RunesValueReader {
	return func(rs []rune) (any, error) {
		p := string(rs)
		content, ok := files[p]
		if !ok {
			return nil, &fs.PathError{Op: "open", Path: p, Err: syscall.ENOENT}
		}
		return content, nil
	}
}

func opStrvals(r *request) *response {
	var q strvalsReq
	if err := r.decode(&q); err != nil {
		return errResp("request", err)
	}
	if q.Data == nil {
		return errResp("request", errors.New(`strvals needs "data" (the --set line)`))
	}
	s := *q.Data
	base, err := decodeTypedMap(q.Base, "base")
	if err != nil {
		return errResp("request", err)
	}
	into := func(f func(string, map[string]any) error) *response {
		dest := base
		if dest == nil {
			dest = map[string]any{}
		}
		if err := f(s, dest); err != nil {
			return errResp("parse", err).with("partial", encodeTyped(dest))
		}
		return okResp(encodeTyped(dest))
	}
	fresh := func(f func(string) (map[string]any, error)) *response {
		if base != nil {
			return errResp("request", fmt.Errorf(`strvals %s takes no "base" (use the *_into funcs)`, q.Func))
		}
		vals, err := f(s)
		if err != nil {
			return errResp("parse", err).with("partial", encodeTyped(vals))
		}
		return okResp(encodeTyped(vals))
	}
	switch q.Func {
	case "parse":
		return fresh(strvals.Parse)
	case "parse_string":
		return fresh(strvals.ParseString)
	case "parse_literal":
		return fresh(strvals.ParseLiteral)
	case "parse_file":
		return fresh(func(s string) (map[string]any, error) { return strvals.ParseFile(s, fileReader(q.Files)) })
	case "parse_json":
		return into(strvals.ParseJSON)
	case "parse_into":
		return into(strvals.ParseInto)
	case "parse_into_string":
		return into(strvals.ParseIntoString)
	case "parse_literal_into":
		return into(strvals.ParseLiteralInto)
	case "parse_into_file":
		return into(func(s string, dest map[string]any) error {
			return strvals.ParseIntoFile(s, dest, fileReader(q.Files))
		})
	case "to_yaml":
		if base != nil {
			return errResp("request", errors.New(`strvals to_yaml takes no "base"`))
		}
		out, err := strvals.ToYAML(s)
		if err != nil {
			return errResp("parse", err)
		}
		return okResp(textValue(out))
	}
	return errResp("request", fmt.Errorf("unknown strvals func %q (parse, parse_string, parse_literal, parse_file, parse_json, parse_into, parse_into_string, parse_literal_into, parse_into_file, to_yaml)", q.Func))
}

// load_values: the chart loader's LoadValues (values.yaml and -f files; multi-document).
func opLoadValues(r *request) *response {
	q, resp := decodeText(r)
	if resp != nil {
		return resp
	}
	if q.Target != "" {
		return errResp("request", errors.New(`load_values takes no "target"`))
	}
	vals, err := loader.LoadValues(strings.NewReader(*q.Data))
	if err != nil {
		return errResp("load", err)
	}
	return okResp(encodeTyped(vals))
}

type mergeMapsReq struct {
	reqBase
	A json.RawMessage `json:"a"`
	B json.RawMessage `json:"b"`
}

// merge_maps: the chart loader's MergeMaps(a, b) (how -f files and --set-json objects merge).
func opMergeMaps(r *request) *response {
	var q mergeMapsReq
	if err := r.decode(&q); err != nil {
		return errResp("request", err)
	}
	a, err := decodeTypedMap(q.A, "a")
	if err != nil {
		return errResp("request", err)
	}
	b, err := decodeTypedMap(q.B, "b")
	if err != nil {
		return errResp("request", err)
	}
	return okResp(encodeTyped(loader.MergeMaps(a, b)))
}

// parse_kube_version: common.ParseKubeVersion, what --kube-version goes through; out is the
// resulting .Capabilities.KubeVersion fields.
func opParseKubeVersion(r *request) *response {
	q, resp := decodeText(r)
	if resp != nil {
		return resp
	}
	kv, err := common.ParseKubeVersion(*q.Data)
	if err != nil {
		return errResp("parse", err)
	}
	return okResp(map[string]any{
		"Version": kv.Version, "Major": kv.Major, "Minor": kv.Minor, "String": kv.String(),
	})
}

// ---------------------------------------------------------------------------------------------
// version, ops

type plainReq struct {
	reqBase
}

func opVersion(r *request) *response {
	var q plainReq
	if err := r.decode(&q); err != nil {
		return errResp("request", err)
	}
	mods := map[string]any{}
	main := ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		main = bi.Main.Path
		for _, m := range bi.Deps {
			v := m.Version
			if m.Replace != nil {
				v += " => " + m.Replace.Path + " " + m.Replace.Version
			}
			mods[m.Path] = v
		}
	}
	hv := common.DefaultCapabilities.HelmVersion
	kv := common.DefaultCapabilities.KubeVersion
	return okResp(map[string]any{
		"go":      runtime.Version(),
		"main":    main,
		"modules": mods,
		"helm": map[string]any{
			"version":             hv.Version,
			"git_commit":          hv.GitCommit,
			"git_tree_state":      hv.GitTreeState,
			"go_version":          hv.GoVersion,
			"kube_client_version": hv.KubeClientVersion,
		},
		"default_kube_version": kv.Version,
	})
}

func opList(r *request) *response {
	var q plainReq
	if err := r.decode(&q); err != nil {
		return errResp("request", err)
	}
	names := make([]string, 0, len(ops))
	for n := range ops {
		names = append(names, n)
	}
	sort.Strings(names)
	return okResp(names)
}
