// Command oracle answers conformance questions with the real Go code that Helm v4.2.4 runs:
// Go's text/template, Helm's engine, loader, strvals and install action, Sprig, sigs.k8s.io/yaml,
// go.yaml.in/yaml and BurntSushi/toml, at exactly the versions Helm v4.2.4 pins.
//
// It reads JSON requests, one per line, on stdin and writes one JSON response line per request,
// in order, on stdout. See README.md for the protocol and the typed-value encoding.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
)

// request is what every op sees: the raw line, its id and op, and a strict decoder for its fields.
type request struct {
	line []byte
	ID   json.RawMessage
	Op   string
}

// decode reads the request's fields into dst (a struct that embeds reqBase), refusing unknown
// fields so that a typo in a hand-written vector is an error rather than a silently ignored field.
func (r *request) decode(dst any) error {
	d := json.NewDecoder(bytes.NewReader(r.line))
	d.DisallowUnknownFields()
	if err := d.Decode(dst); err != nil {
		return fmt.Errorf("bad %s request: %w", r.Op, err)
	}
	return nil
}

// reqBase is embedded in every op's request struct: the protocol fields every line carries.
type reqBase struct {
	ID json.RawMessage `json:"id"`
	Op string          `json:"op"`
}

// response is one output line. Fields are written in a fixed order (see write).
type response struct {
	id     json.RawMessage
	ok     bool
	out    any
	hasOut bool
	err    string
	phase  string
	panic  string
	// extra fields, written after the standard ones in this order.
	extra []field
}

type field struct {
	key   string
	value any
}

// okResp is a successful response carrying out.
func okResp(out any) *response { return &response{ok: true, out: out, hasOut: true} }

// errResp is a failed response: err.Error() exactly as Go prints it, and the phase that failed.
func errResp(phase string, err error) *response {
	return &response{err: err.Error(), phase: phase}
}

// with adds an extra field to a response.
func (r *response) with(key string, value any) *response {
	r.extra = append(r.extra, field{key, value})
	return r
}

// opError is an error with the phase it happened in, for ops that fail in several places.
type opError struct {
	phase string
	err   error
}

func (e *opError) Error() string { return e.err.Error() }
func (e *opError) Unwrap() error { return e.err }

func phased(phase string, err error) error {
	if err == nil {
		return nil
	}
	return &opError{phase, err}
}

// failResp turns an error from an op into a response, using its phase when it has one.
func failResp(defaultPhase string, err error) *response {
	var pe *opError
	if errors.As(err, &pe) {
		return errResp(pe.phase, pe.err)
	}
	return errResp(defaultPhase, err)
}

type opFunc func(r *request) *response

var ops map[string]opFunc

func init() {
	ops = map[string]opFunc{
		"go_template":          opGoTemplate,
		"helm_template":        opHelmTemplate,
		"render_chart":         opRenderChart,
		"yaml_unmarshal":       opYAMLUnmarshal,
		"yaml_marshal":         opYAMLMarshal,
		"yaml3_encode":         opYAML3Encode,
		"yaml_to_json":         opYAMLToJSON,
		"json_to_yaml":         opJSONToYAML,
		"json_marshal":         opJSONMarshal,
		"json_unmarshal":       opJSONUnmarshal,
		"toml_encode":          opTOMLEncode,
		"toml_decode":          opTOMLDecode,
		"strvals":              opStrvals,
		"load_values":          opLoadValues,
		"merge_maps":           opMergeMaps,
		"coalesce_values":      opCoalesceValues,
		"to_render_values":     opToRenderValues,
		"version":              opVersion,
		"ops":                  opList,
		"parse_kube_version":   opParseKubeVersion,
		"kstatus_compute":      opKstatusCompute,
		"legacy_ready":         opLegacyReady,
		"strategic_patch_meta": opStrategicPatchMeta,
		"create_patch":         opCreatePatch,
		"csa_upgrade_patch":    opCSAUpgradePatch,
	}
}

// handle answers one request line. A panic inside the op is recovered and reported.
func handle(line []byte) (resp *response) {
	var head struct {
		ID json.RawMessage `json:"id"`
		Op *string         `json:"op"`
	}
	if err := json.Unmarshal(line, &head); err != nil {
		// Keep the id when the line is an object whose id could be read (e.g. "op" is not a
		// string); encoding/json fills the fields it can.
		resp := errResp("request", fmt.Errorf("malformed request: %w", err))
		resp.id = head.ID
		return resp
	}
	id := head.ID
	defer func() {
		if p := recover(); p != nil {
			resp = &response{panic: fmt.Sprint(p)}
			if os.Getenv("ORACLE_DEBUG") != "" {
				fmt.Fprintf(os.Stderr, "panic in %s: %v\n%s", line, p, debug.Stack())
			}
		}
		resp.id = id
	}()
	if head.Op == nil {
		return errResp("request", errors.New(`request has no "op"`))
	}
	op, found := ops[*head.Op]
	if !found {
		return errResp("request", fmt.Errorf("unknown op %q", *head.Op))
	}
	return op(&request{line: line, ID: id, Op: *head.Op})
}

// write appends r as one JSON line to w: id, ok, out, error, phase, panic, then the extra
// fields. Nested objects have their keys sorted (encoding/json), so the output is deterministic.
func (r *response) write(w *bufio.Writer) {
	var b bytes.Buffer
	b.WriteByte('{')
	put := func(key string, value any) {
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		b.Write(marshal(key))
		b.WriteByte(':')
		b.Write(marshal(value))
	}
	if len(r.id) == 0 {
		put("id", nil)
	} else {
		put("id", r.id)
	}
	put("ok", r.ok)
	if r.hasOut {
		put("out", r.out)
	}
	if r.panic != "" {
		put("panic", textValue(r.panic))
	} else if !r.ok {
		put("error", textValue(r.err))
		put("phase", r.phase)
	}
	for _, f := range r.extra {
		put(f.key, f.value)
	}
	b.WriteString("}\n")
	w.Write(b.Bytes())
}

// marshal is json.Marshal without HTML escaping ('<', '>' and '&' stay readable) and without
// the encoder's trailing newline. A value that cannot be marshalled becomes a string saying why.
func marshal(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		b.Reset()
		enc.Encode(fmt.Sprintf("oracle: cannot encode response value: %v", err))
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

func main() {
	// Responses go to the real stdout; anything Helm or a library prints with fmt.Print* goes to
	// stderr instead, so it can never corrupt the response stream.
	realStdout := os.Stdout
	os.Stdout = os.Stderr
	// Helm logs warnings through slog (e.g. `required` in lint mode). Keep stderr quiet unless
	// asked: logging does not change any result.
	if os.Getenv("ORACLE_LOG") == "" {
		slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
	}
	if len(os.Args) > 1 {
		fmt.Fprintln(os.Stderr, "usage: oracle < requests.jsonl > responses.jsonl (see README.md)")
		os.Exit(2)
	}
	if err := serve(os.Stdin, realStdout); err != nil {
		fmt.Fprintf(os.Stderr, "oracle: %v\n", err)
		os.Exit(1)
	}
}

// serve answers every request line of in on w, in order, one response line each. Blank lines
// and comment lines (first non-blank character '#') are skipped and get no response. It
// returns only when in is exhausted or on an I/O error.
func serve(r io.Reader, w io.Writer) error {
	in := bufio.NewReaderSize(r, 1<<16)
	out := bufio.NewWriterSize(w, 1<<16)
	for {
		line, err := in.ReadBytes('\n')
		if trimmed := bytes.TrimSpace(line); len(trimmed) > 0 && trimmed[0] != '#' {
			handle(line).write(out)
		}
		if err != nil {
			if err != io.EOF {
				out.Flush()
				return fmt.Errorf("reading stdin: %w", err)
			}
			break
		}
		// Flush when no more input is buffered, so an interactive caller that writes one line
		// and waits gets its answer, while a batch is still written in large blocks.
		if in.Buffered() == 0 {
			if err := out.Flush(); err != nil {
				return fmt.Errorf("writing stdout: %w", err)
			}
		}
	}
	if err := out.Flush(); err != nil {
		return fmt.Errorf("writing stdout: %w", err)
	}
	return nil
}
