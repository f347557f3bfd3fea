package main

// Extra YAML ops for the rudder-yaml vectors and benchmarks (rudder-yaml's own file; the
// shared data ops are in ops_data.go):
//
//   - yaml_unmarshal_struct: sigs.k8s.io/yaml.Unmarshal into a Helm struct ("type":
//     "chart.Metadata", "chart.Lock"), the way the chart loader reads Chart.yaml and
//     Chart.lock. Out: the struct as a typed map keyed by Go field names (every field, zero
//     values included; pointers followed, nil pointers null).
//   - yaml_bench: times sigs.k8s.io/yaml.Unmarshal (into map[string]interface{}) and Marshal of
//     the result over "data", "iterations" times (default 100). Out: {"unmarshal_ns",
//     "marshal_ns"} per iteration, as strings.

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"time"

	chart "helm.sh/helm/v4/pkg/chart/v2"
	"sigs.k8s.io/yaml"
)

func init() {
	ops["yaml_unmarshal_struct"] = opYAMLUnmarshalStruct
	ops["yaml_bench"] = opYAMLBench
}

type structReq struct {
	reqBase
	Data *string `json:"data"`
	Type string  `json:"type"`
}

// structFields turns a struct into a map keyed by Go field names, recursively.
func structFields(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Ptr:
		if v.IsNil() {
			return nil
		}
		return structFields(v.Elem())
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			return v.Interface()
		}
		m := map[string]any{}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				m[v.Type().Field(i).Name] = structFields(v.Field(i))
			}
		}
		return m
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.String {
			return v.Interface()
		}
		if v.IsNil() {
			return []any(nil)
		}
		l := make([]any, v.Len())
		for i := range l {
			l[i] = structFields(v.Index(i))
		}
		return l
	}
	return v.Interface()
}

func opYAMLUnmarshalStruct(r *request) *response {
	var q structReq
	if err := r.decode(&q); err != nil {
		return errResp("request", err)
	}
	if q.Data == nil {
		return errResp("request", fmt.Errorf(`yaml_unmarshal_struct needs "data"`))
	}
	var target any
	switch q.Type {
	case "chart.Metadata":
		target = &chart.Metadata{}
	case "chart.Lock":
		target = &chart.Lock{}
	default:
		return errResp("request", fmt.Errorf(`unknown type %q (chart.Metadata, chart.Lock)`, q.Type))
	}
	if err := yaml.Unmarshal([]byte(*q.Data), target); err != nil {
		return errResp("unmarshal", err).with("partial", encodeTyped(structFields(reflect.ValueOf(target))))
	}
	return okResp(encodeTyped(structFields(reflect.ValueOf(target))))
}

type benchReq struct {
	reqBase
	Data       *string `json:"data"`
	Iterations int     `json:"iterations"`
}

func opYAMLBench(r *request) *response {
	var q benchReq
	if err := r.decode(&q); err != nil {
		return errResp("request", err)
	}
	if q.Data == nil {
		return errResp("request", fmt.Errorf(`yaml_bench needs "data"`))
	}
	n := q.Iterations
	if n <= 0 {
		n = 100
	}
	data := []byte(*q.Data)
	var m map[string]any
	start := time.Now()
	for i := 0; i < n; i++ {
		m = map[string]any{}
		if err := yaml.Unmarshal(data, &m); err != nil {
			return errResp("unmarshal", err)
		}
	}
	unmarshal := time.Since(start) / time.Duration(n)
	start = time.Now()
	var out []byte
	for i := 0; i < n; i++ {
		var err error
		if out, err = yaml.Marshal(m); err != nil {
			return errResp("marshal", err)
		}
	}
	marshal := time.Since(start) / time.Duration(n)
	_ = json.Valid(out)
	return okResp(map[string]any{
		"unmarshal_ns": strconv.FormatInt(unmarshal.Nanoseconds(), 10),
		"marshal_ns":   strconv.FormatInt(marshal.Nanoseconds(), 10),
		"output_bytes": strconv.Itoa(len(out)),
	})
}
