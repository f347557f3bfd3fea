package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"text/template"

	"helm.sh/helm/v4/pkg/chart/common"
	"helm.sh/helm/v4/pkg/chart/common/util"
	chart "helm.sh/helm/v4/pkg/chart/v2"
	"helm.sh/helm/v4/pkg/chart/v2/loader"
	chartutil "helm.sh/helm/v4/pkg/chart/v2/util"
	"helm.sh/helm/v4/pkg/engine"
)

type namedText struct {
	Name string `json:"name"`
	Text string `json:"text"`
	// B64, when set, is the file's data in standard base64 instead of Text: bytes that are
	// not UTF-8 (a binary file in a chart) cannot be a JSON string.
	B64 *string `json:"b64"`
}

// data is the file's bytes: B64 decoded when given, else Text.
func (t namedText) data() ([]byte, error) {
	if t.B64 == nil {
		return []byte(t.Text), nil
	}
	if t.Text != "" {
		return nil, fmt.Errorf("file %s: give either \"text\" or \"b64\", not both", t.Name)
	}
	return base64.StdEncoding.DecodeString(*t.B64)
}

// ---------------------------------------------------------------------------------------------
// go_template: Go's text/template with only its builtins.

type goTemplateReq struct {
	reqBase
	Templates []namedText     `json:"templates"`
	Template  *string         `json:"template"`
	Execute   *string         `json:"execute"`
	Data      json.RawMessage `json:"data"`
	Options   []string        `json:"options"`
	Delims    []string        `json:"delims"`
}

func opGoTemplate(r *request) *response {
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

	// The set is built the way Helm builds its own (engine.render): an empty root, then
	// root.New(name).Parse(text) per template, in order. Options and delimiters are set on the
	// root first; New copies the delimiters and shares the options.
	root := template.New(tpls[0].Name)
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

// ---------------------------------------------------------------------------------------------
// In-memory charts, shared by helm_template, coalesce_values and to_render_values.

// chartSpec describes a chart built in memory. Chart is the Chart.yaml metadata (JSON field
// names of chart.Metadata: name, version, apiVersion, appVersion, type, dependencies, ...).
type chartSpec struct {
	Chart      json.RawMessage `json:"chart"`
	Templates  []namedText     `json:"templates"`
	Files      []namedText     `json:"files"`
	Values     json.RawMessage `json:"values"`
	ValuesYAML *string         `json:"values_yaml"`
	Schema     *string         `json:"schema"`
	Subcharts  []chartSpec     `json:"subcharts"`
}

// build makes the *chart.Chart. The root chart's metadata defaults to name mychart, version
// 0.1.0, apiVersion v2; a subchart must name itself.
func (s *chartSpec) build(root bool) (*chart.Chart, error) {
	md := &chart.Metadata{}
	if root {
		md = &chart.Metadata{Name: "mychart", Version: "0.1.0", APIVersion: chart.APIVersionV2}
	} else {
		md = &chart.Metadata{Version: "0.1.0", APIVersion: chart.APIVersionV2}
	}
	if len(bytes.TrimSpace(s.Chart)) > 0 && string(bytes.TrimSpace(s.Chart)) != "null" {
		d := json.NewDecoder(bytes.NewReader(s.Chart))
		d.DisallowUnknownFields()
		if err := d.Decode(md); err != nil {
			return nil, phased("request", fmt.Errorf("chart metadata: %w", err))
		}
	}
	if md.Name == "" {
		return nil, phased("request", errors.New("a subchart needs chart.name"))
	}
	c := &chart.Chart{Metadata: md}
	for _, t := range s.Templates {
		c.Templates = append(c.Templates, &common.File{Name: t.Name, Data: []byte(t.Text)})
	}
	for _, f := range s.Files {
		data, err := f.data()
		if err != nil {
			return nil, phased("request", err)
		}
		c.Files = append(c.Files, &common.File{Name: f.Name, Data: data})
	}
	if s.ValuesYAML != nil {
		if len(s.Values) > 0 {
			return nil, phased("request", errors.New(`give either "values" or "values_yaml", not both`))
		}
		// Exactly how the chart loader reads a chart's values.yaml.
		vals, err := loader.LoadValues(strings.NewReader(*s.ValuesYAML))
		if err != nil {
			return nil, phased("load", fmt.Errorf("cannot load values.yaml: %w", err))
		}
		c.Values = vals
	} else {
		vals, err := decodeTypedMap(s.Values, "values")
		if err != nil {
			return nil, phased("request", err)
		}
		c.Values = vals
	}
	if s.Schema != nil {
		c.Schema = []byte(*s.Schema)
	}
	for i := range s.Subcharts {
		sub, err := s.Subcharts[i].build(false)
		if err != nil {
			return nil, err
		}
		c.AddDependency(sub)
	}
	return c, nil
}

// releaseSpec is the release half of the render values.
type releaseSpec struct {
	Name      *string `json:"name"`
	Namespace *string `json:"namespace"`
	Revision  *int    `json:"revision"`
	IsUpgrade bool    `json:"isUpgrade"`
}

func (r *releaseSpec) options() common.ReleaseOptions {
	o := common.ReleaseOptions{Name: "release-name", Namespace: "default", Revision: 1}
	if r == nil {
		o.IsInstall = true
		return o
	}
	if r.Name != nil {
		o.Name = *r.Name
	}
	if r.Namespace != nil {
		o.Namespace = *r.Namespace
	}
	if r.Revision != nil {
		o.Revision = *r.Revision
	}
	o.IsUpgrade = r.IsUpgrade
	o.IsInstall = !r.IsUpgrade
	return o
}

// capabilities are the client-only capabilities of `helm template`, as Install.RunWithContext
// builds them: the defaults, the kube version override, the extra API versions appended.
func capabilities(kubeVersion *string, apiVersions []string) (*common.Capabilities, error) {
	caps := common.DefaultCapabilities.Copy()
	if kubeVersion != nil && *kubeVersion != "" {
		kv, err := common.ParseKubeVersion(*kubeVersion)
		if err != nil {
			// The message `helm template --kube-version` gives.
			return nil, fmt.Errorf("invalid kube version '%s': %w", *kubeVersion, err)
		}
		caps.KubeVersion = *kv
	}
	caps.APIVersions = append(caps.APIVersions, common.VersionSet(apiVersions)...)
	return caps, nil
}

// ---------------------------------------------------------------------------------------------
// helm_template: Helm's engine over an in-memory chart.

type helmTemplateReq struct {
	reqBase
	chartSpec
	UserValues           json.RawMessage `json:"user_values"`
	Release              *releaseSpec    `json:"release"`
	Strict               bool            `json:"strict"`
	LintMode             bool            `json:"lint_mode"`
	KubeVersion          *string         `json:"kube_version"`
	APIVersions          []string        `json:"api_versions"`
	SkipSchemaValidation bool            `json:"skip_schema_validation"`
}

func opHelmTemplate(r *request) *response {
	var q helmTemplateReq
	if err := r.decode(&q); err != nil {
		return errResp("request", err)
	}
	rendered, err := helmTemplate(&q)
	if err != nil {
		return failResp("render", err)
	}
	out := make(map[string]any, len(rendered))
	for k, v := range rendered {
		out[k] = textValue(v)
	}
	return okResp(out)
}

func helmTemplate(q *helmTemplateReq) (map[string]string, error) {
	c, err := q.chartSpec.build(true)
	if err != nil {
		return nil, err
	}
	userVals, err := decodeTypedMap(q.UserValues, "user_values")
	if err != nil {
		return nil, phased("request", err)
	}
	if userVals == nil {
		userVals = map[string]any{}
	}
	caps, err := capabilities(q.KubeVersion, q.APIVersions)
	if err != nil {
		return nil, phased("request", err)
	}
	// As Install.RunWithContext does before rendering.
	if err := chartutil.ProcessDependencies(c, userVals); err != nil {
		return nil, phased("dependencies", fmt.Errorf("chart dependencies processing failed: %w", err))
	}
	vals, err := util.ToRenderValuesWithSchemaValidation(c, userVals, q.Release.options(), caps, q.SkipSchemaValidation)
	if err != nil {
		return nil, phased("values", err)
	}
	e := engine.Engine{Strict: q.Strict, LintMode: q.LintMode}
	rendered, err := e.Render(c, vals)
	if err != nil {
		return nil, phased("render", err)
	}
	return rendered, nil
}
