package main

// The typed-value encoding: how Go dynamic values cross JSON in both directions without losing
// their Go type. See README.md ("Typed values") for the table; this file is its implementation.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"unicode/utf8"

	"helm.sh/helm/v4/pkg/chart/common"
)

// ---------------------------------------------------------------------------------------------
// Decoding (request → Go value)

// decodeTyped turns a typed JSON value into the Go value it denotes. An absent field (empty raw
// message) decodes to nil, like JSON null.
func decodeTyped(raw json.RawMessage) (any, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, nil
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var generic any
	if err := d.Decode(&generic); err != nil {
		return nil, err
	}
	return fromJSONTree(generic, "$")
}

// decodeTypedMap decodes a typed value that must be a map with string keys (the default
// map[string]interface{}, or common.Values), and returns it as map[string]any. Absent → nil.
func decodeTypedMap(raw json.RawMessage, what string) (map[string]any, error) {
	v, err := decodeTyped(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	switch m := v.(type) {
	case nil:
		return nil, nil
	case map[string]any:
		return m, nil
	case common.Values:
		return map[string]any(m), nil
	default:
		return nil, fmt.Errorf("%s: want a typed map ({\"map\": {...}}), got %T", what, v)
	}
}

var numberTags = map[string]bool{
	"int": true, "int8": true, "int16": true, "int32": true, "int64": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true, "uintptr": true,
	"float32": true, "float64": true,
}

func fromJSONTree(v any, path string) (any, error) {
	switch x := v.(type) {
	case nil, bool, string:
		return x, nil
	case json.Number:
		return nil, fmt.Errorf(`%s: bare JSON number %s: numbers must be tagged, e.g. {"int":"5"} or {"float64":"1.5"}`, path, x)
	case []any:
		return nil, fmt.Errorf(`%s: bare JSON array: use {"list": [...]}, {"strings": [...]}, ...`, path)
	case map[string]any:
		return fromTagged(x, path)
	}
	return nil, fmt.Errorf("%s: unexpected JSON value %T", path, v)
}

func fromTagged(obj map[string]any, path string) (any, error) {
	typ, hasType := obj["type"]
	typeName := ""
	if hasType {
		s, ok := typ.(string)
		if !ok {
			return nil, fmt.Errorf(`%s: "type" must be a string`, path)
		}
		typeName = s
	}
	var tag string
	for k := range obj {
		if k == "type" {
			continue
		}
		if tag != "" {
			return nil, fmt.Errorf("%s: a typed value has exactly one tag, got %q and %q", path, tag, k)
		}
		tag = k
	}
	if tag == "" {
		return nil, fmt.Errorf("%s: a typed value needs a tag (map, list, int, ...); got only %q", path, "type")
	}
	val := obj[tag]
	p := path + "." + tag

	if numberTags[tag] {
		if hasType {
			return nil, fmt.Errorf(`%s: "type" is not allowed with %q`, path, tag)
		}
		s, ok := val.(string)
		if !ok {
			return nil, fmt.Errorf(`%s: a number's value is a string, e.g. {"int":"5"}`, p)
		}
		return parseNumber(tag, s, p)
	}

	switch tag {
	case "map":
		var entries map[string]any
		if val != nil {
			m, ok := val.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("%s: want a JSON object or null", p)
			}
			entries = m
		}
		switch typeName {
		case "", "map[string]interface {}", "map[string]interface{}", "map[string]any":
			if val == nil {
				return map[string]any(nil), nil
			}
			out := make(map[string]any, len(entries))
			for k, e := range entries {
				dv, err := fromJSONTree(e, p+"."+k)
				if err != nil {
					return nil, err
				}
				out[k] = dv
			}
			return out, nil
		case "common.Values", "chartutil.Values":
			if val == nil {
				return common.Values(nil), nil
			}
			out := make(common.Values, len(entries))
			for k, e := range entries {
				dv, err := fromJSONTree(e, p+"."+k)
				if err != nil {
					return nil, err
				}
				out[k] = dv
			}
			return out, nil
		case "map[string]string":
			if val == nil {
				return map[string]string(nil), nil
			}
			out := make(map[string]string, len(entries))
			for k, e := range entries {
				dv, err := fromJSONTree(e, p+"."+k)
				if err != nil {
					return nil, err
				}
				s, ok := dv.(string)
				if !ok {
					return nil, fmt.Errorf("%s.%s: map[string]string values must be strings", p, k)
				}
				out[k] = s
			}
			return out, nil
		}
		return nil, fmt.Errorf("%s: unsupported map type %q (supported: map[string]interface {}, map[string]string, common.Values)", path, typeName)

	case "list":
		var items []any
		if val != nil {
			l, ok := val.([]any)
			if !ok {
				return nil, fmt.Errorf("%s: want a JSON array or null", p)
			}
			items = l
		}
		decoded := make([]any, len(items))
		for i, e := range items {
			dv, err := fromJSONTree(e, fmt.Sprintf("%s[%d]", p, i))
			if err != nil {
				return nil, err
			}
			decoded[i] = dv
		}
		switch typeName {
		case "", "[]interface {}", "[]interface{}", "[]any":
			if val == nil {
				return []any(nil), nil
			}
			return decoded, nil
		case "[]map[string]interface {}":
			if val == nil {
				return []map[string]any(nil), nil
			}
			out := make([]map[string]any, len(decoded))
			for i, e := range decoded {
				m, ok := e.(map[string]any)
				if !ok {
					return nil, fmt.Errorf("%s[%d]: want a map[string]interface {}", p, i)
				}
				out[i] = m
			}
			return out, nil
		}
		return nil, fmt.Errorf("%s: unsupported list type %q (supported: []interface {}, []map[string]interface {}; use strings/ints/bytes for the others)", path, typeName)

	case "strings":
		if hasType {
			return nil, fmt.Errorf(`%s: "type" is not allowed with "strings"`, path)
		}
		if val == nil {
			return []string(nil), nil
		}
		l, ok := val.([]any)
		if !ok {
			return nil, fmt.Errorf("%s: want a JSON array of strings or null", p)
		}
		out := make([]string, len(l))
		for i, e := range l {
			dv, err := fromJSONTree(e, fmt.Sprintf("%s[%d]", p, i))
			if err != nil {
				return nil, err
			}
			s, ok := dv.(string)
			if !ok {
				return nil, fmt.Errorf("%s[%d]: want a string", p, i)
			}
			out[i] = s
		}
		return out, nil

	case "ints":
		if hasType {
			return nil, fmt.Errorf(`%s: "type" is not allowed with "ints"`, path)
		}
		if val == nil {
			return []int(nil), nil
		}
		l, ok := val.([]any)
		if !ok {
			return nil, fmt.Errorf("%s: want a JSON array or null", p)
		}
		out := make([]int, len(l))
		for i, e := range l {
			var s string
			switch n := e.(type) {
			case string:
				s = n
			case json.Number:
				s = n.String()
			default:
				return nil, fmt.Errorf("%s[%d]: want an integer (as a string or a JSON number)", p, i)
			}
			n, err := strconv.ParseInt(s, 10, 0)
			if err != nil {
				return nil, fmt.Errorf("%s[%d]: %w", p, i, err)
			}
			out[i] = int(n)
		}
		return out, nil

	case "bytes":
		if hasType {
			return nil, fmt.Errorf(`%s: "type" is not allowed with "bytes"`, path)
		}
		if val == nil {
			return []byte(nil), nil
		}
		s, ok := val.(string)
		if !ok {
			return nil, fmt.Errorf("%s: want a base64 string or null", p)
		}
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		return b, nil

	case "string_b64":
		if hasType {
			return nil, fmt.Errorf(`%s: "type" is not allowed with "string_b64"`, path)
		}
		s, ok := val.(string)
		if !ok {
			return nil, fmt.Errorf("%s: want a base64 string", p)
		}
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		return string(b), nil

	case "go", "entries":
		return nil, fmt.Errorf("%s: %q values are output-only and cannot be decoded", path, tag)
	}
	return nil, fmt.Errorf("%s: unknown tag %q", path, tag)
}

func parseNumber(tag, s, path string) (any, error) {
	wrap := func(err error) error { return fmt.Errorf("%s: %w", path, err) }
	switch tag {
	case "int", "int8", "int16", "int32", "int64":
		bits := map[string]int{"int": 0, "int8": 8, "int16": 16, "int32": 32, "int64": 64}[tag]
		n, err := strconv.ParseInt(s, 10, bits)
		if err != nil {
			return nil, wrap(err)
		}
		switch tag {
		case "int":
			return int(n), nil
		case "int8":
			return int8(n), nil
		case "int16":
			return int16(n), nil
		case "int32":
			return int32(n), nil
		default:
			return n, nil
		}
	case "uint", "uint8", "uint16", "uint32", "uint64", "uintptr":
		bits := map[string]int{"uint": 0, "uint8": 8, "uint16": 16, "uint32": 32, "uint64": 64, "uintptr": 0}[tag]
		n, err := strconv.ParseUint(s, 10, bits)
		if err != nil {
			return nil, wrap(err)
		}
		switch tag {
		case "uint":
			return uint(n), nil
		case "uint8":
			return uint8(n), nil
		case "uint16":
			return uint16(n), nil
		case "uint32":
			return uint32(n), nil
		case "uintptr":
			return uintptr(n), nil
		default:
			return n, nil
		}
	case "float32":
		f, err := strconv.ParseFloat(s, 32)
		if err != nil {
			return nil, wrap(err)
		}
		return float32(f), nil
	case "float64":
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, wrap(err)
		}
		return f, nil
	}
	return nil, errors.New("unreachable")
}

// ---------------------------------------------------------------------------------------------
// Encoding (Go value → response)

// textValue is how a plain string result is written: as a JSON string when it is valid UTF-8,
// else as {"string_b64": ...} so that no byte is silently replaced by U+FFFD.
func textValue(s string) any {
	if utf8.ValidString(s) {
		return s
	}
	return map[string]any{"string_b64": base64.StdEncoding.EncodeToString([]byte(s))}
}

// maxDepth bounds the recursion of encodeTyped, so a self-referencing value cannot overflow
// the stack (which would kill the process instead of failing one case).
const maxDepth = 2000

// encodeTyped turns any Go value into its typed JSON form.
func encodeTyped(v any) any { return encodeDepth(v, 0) }

// formatFloat is strconv.FormatFloat(f, 'g', -1, bits): shortest round-trip text, and NaN,
// +Inf, -Inf for the special values.
func formatFloat(f float64, bits int) string {
	return strconv.FormatFloat(f, 'g', -1, bits)
}

func encodeDepth(v any, depth int) any {
	if depth > maxDepth {
		// Not opaque(v): fmt does not detect cycles either.
		return map[string]any{"too_deep": true, "type": fmt.Sprintf("%T", v)}
	}
	switch x := v.(type) {
	case nil:
		return nil
	case bool:
		return x
	case string:
		return textValue(x)
	case int:
		return map[string]any{"int": strconv.FormatInt(int64(x), 10)}
	case int8:
		return map[string]any{"int8": strconv.FormatInt(int64(x), 10)}
	case int16:
		return map[string]any{"int16": strconv.FormatInt(int64(x), 10)}
	case int32:
		return map[string]any{"int32": strconv.FormatInt(int64(x), 10)}
	case int64:
		return map[string]any{"int64": strconv.FormatInt(x, 10)}
	case uint:
		return map[string]any{"uint": strconv.FormatUint(uint64(x), 10)}
	case uint8:
		return map[string]any{"uint8": strconv.FormatUint(uint64(x), 10)}
	case uint16:
		return map[string]any{"uint16": strconv.FormatUint(uint64(x), 10)}
	case uint32:
		return map[string]any{"uint32": strconv.FormatUint(uint64(x), 10)}
	case uint64:
		return map[string]any{"uint64": strconv.FormatUint(x, 10)}
	case uintptr:
		return map[string]any{"uintptr": strconv.FormatUint(uint64(x), 10)}
	case float32:
		return map[string]any{"float32": formatFloat(float64(x), 32)}
	case float64:
		return map[string]any{"float64": formatFloat(x, 64)}
	case []byte:
		if x == nil {
			return map[string]any{"bytes": nil}
		}
		return map[string]any{"bytes": base64.StdEncoding.EncodeToString(x)}
	case []string:
		if x == nil {
			return map[string]any{"strings": nil}
		}
		items := make([]any, len(x))
		for i, s := range x {
			items[i] = textValue(s)
		}
		return map[string]any{"strings": items}
	case []int:
		if x == nil {
			return map[string]any{"ints": nil}
		}
		items := make([]string, len(x))
		for i, n := range x {
			items[i] = strconv.Itoa(n)
		}
		return map[string]any{"ints": items}
	case []any:
		if x == nil {
			return map[string]any{"list": nil}
		}
		items := make([]any, len(x))
		for i, e := range x {
			items[i] = encodeDepth(e, depth+1)
		}
		return map[string]any{"list": items}
	case map[string]any:
		if x == nil {
			return map[string]any{"map": nil}
		}
		entries := make(map[string]any, len(x))
		for k, e := range x {
			entries[k] = encodeDepth(e, depth+1)
		}
		return map[string]any{"map": entries}
	}

	rv := reflect.ValueOf(v)
	typeName := fmt.Sprintf("%T", v)
	switch rv.Kind() {
	case reflect.Map:
		if rv.Type().Key().Kind() == reflect.String && rv.Type().Key() == reflect.TypeOf("") {
			if rv.IsNil() {
				return map[string]any{"map": nil, "type": typeName}
			}
			entries := make(map[string]any, rv.Len())
			iter := rv.MapRange()
			for iter.Next() {
				entries[iter.Key().String()] = encodeDepth(iter.Value().Interface(), depth+1)
			}
			return map[string]any{"map": entries, "type": typeName}
		}
		// Keys that are not plain strings: a list of [key, value] pairs, sorted by the keys'
		// typed encoding so that the order is deterministic.
		if rv.IsNil() {
			return map[string]any{"entries": nil, "type": typeName}
		}
		type pair struct {
			sortKey string
			kv      []any
		}
		pairs := make([]pair, 0, rv.Len())
		iter := rv.MapRange()
		for iter.Next() {
			k := encodeDepth(iter.Key().Interface(), depth+1)
			pairs = append(pairs, pair{string(marshal(k)), []any{k, encodeDepth(iter.Value().Interface(), depth+1)}})
		}
		sort.Slice(pairs, func(i, j int) bool { return pairs[i].sortKey < pairs[j].sortKey })
		entries := make([]any, len(pairs))
		for i, p := range pairs {
			entries[i] = p.kv
		}
		return map[string]any{"entries": entries, "type": typeName}
	case reflect.Slice, reflect.Array:
		if rv.Kind() == reflect.Slice && rv.IsNil() {
			return map[string]any{"list": nil, "type": typeName}
		}
		items := make([]any, rv.Len())
		for i := range rv.Len() {
			items[i] = encodeDepth(rv.Index(i).Interface(), depth+1)
		}
		return map[string]any{"list": items, "type": typeName}
	}
	return opaque(v)
}

// opaque is the catch-all form: Go's own renderings of the value and its type.
func opaque(v any) any {
	return map[string]any{
		"go":   textValue(fmt.Sprintf("%#v", v)),
		"type": fmt.Sprintf("%T", v),
		"v":    textValue(fmt.Sprintf("%v", v)),
	}
}
