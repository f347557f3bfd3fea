package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"helm.sh/helm/v4/pkg/action"
	ci "helm.sh/helm/v4/pkg/chart"
	"helm.sh/helm/v4/pkg/chart/common"
	"helm.sh/helm/v4/pkg/chart/common/util"
	"helm.sh/helm/v4/pkg/chart/loader"
	"helm.sh/helm/v4/pkg/cli"
	"helm.sh/helm/v4/pkg/cli/values"
	"helm.sh/helm/v4/pkg/getter"
	ri "helm.sh/helm/v4/pkg/release"
	release "helm.sh/helm/v4/pkg/release/v1"
	releaseutil "helm.sh/helm/v4/pkg/release/v1/util"
)

// ---------------------------------------------------------------------------------------------
// Scratch directories: a request may carry the files it needs ("files": path → content); they
// are written to a fresh temporary directory, the case runs with that directory as its working
// directory (so relative paths behave as they do for a `helm` run there), and the directory's
// absolute path is replaced by "$TMP" in the response's error text.

type scratch struct {
	dir  string
	prev string
}

func newScratch(files map[string]json.RawMessage) (*scratch, error) {
	if len(files) == 0 {
		return nil, nil
	}
	dir, err := os.MkdirTemp("", "oracle-")
	if err != nil {
		return nil, err
	}
	dir, err = filepath.EvalSymlinks(dir)
	if err != nil {
		return nil, err
	}
	s := &scratch{dir: dir}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		data, err := fileContent(files[name])
		if err != nil {
			s.close()
			return nil, fmt.Errorf("files[%q]: %w", name, err)
		}
		if filepath.IsAbs(name) || strings.HasPrefix(filepath.Clean(name), "..") {
			s.close()
			return nil, fmt.Errorf("files[%q]: must be a relative path inside the scratch directory", name)
		}
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			s.close()
			return nil, err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			s.close()
			return nil, err
		}
	}
	prev, err := os.Getwd()
	if err != nil {
		s.close()
		return nil, err
	}
	s.prev = prev
	if err := os.Chdir(dir); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

// fileContent is a file's content: a JSON string (UTF-8 text) or {"bytes": "<base64>"}.
func fileContent(raw json.RawMessage) ([]byte, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return []byte(s), nil
	}
	var b struct {
		Bytes string `json:"bytes"`
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	if err := d.Decode(&b); err != nil {
		return nil, errors.New(`a file is a string or {"bytes": "<base64>"}`)
	}
	return base64.StdEncoding.DecodeString(b.Bytes)
}

func (s *scratch) close() {
	if s == nil {
		return
	}
	if s.prev != "" {
		_ = os.Chdir(s.prev)
	}
	_ = os.RemoveAll(s.dir)
}

// scrub replaces the scratch directory's path in a response's error text.
func (s *scratch) scrub(r *response) *response {
	if s != nil && r.err != "" {
		r.err = strings.ReplaceAll(r.err, s.dir, "$TMP")
	}
	return r
}

// loadChart loads a chart from disk with the loader `helm template` uses (pkg/chart/loader).
func loadChart(path string) (ci.Charter, error) {
	c, err := loader.Load(path)
	if err != nil {
		return nil, phased("load", err)
	}
	return c, nil
}

// chartArg resolves the "chart" field of coalesce_values / to_render_values: a string is a
// path on disk; an object is the metadata of an in-memory chart described by the other fields.
func chartArg(spec *chartSpec) (ci.Charter, error) {
	raw := bytes.TrimSpace(spec.Chart)
	if len(raw) > 0 && raw[0] == '"' {
		var path string
		if err := json.Unmarshal(raw, &path); err != nil {
			return nil, phased("request", err)
		}
		if len(spec.Templates) > 0 || len(spec.Files) > 0 || len(spec.Values) > 0 || spec.ValuesYAML != nil || spec.Schema != nil || len(spec.Subcharts) > 0 {
			return nil, phased("request", errors.New(`"chart" is a path: the in-memory chart fields (templates, values, ...) do not apply`))
		}
		return loadChart(path)
	}
	return spec.build(true)
}

// ---------------------------------------------------------------------------------------------
// render_chart: `helm template` of a chart on disk.

type renderChartReq struct {
	reqBase
	Chart                string                     `json:"chart"`
	Files                map[string]json.RawMessage `json:"files"`
	Release              *releaseSpec               `json:"release"`
	Values               json.RawMessage            `json:"values"`
	ValuesFiles          []string                   `json:"values_files"`
	Set                  []string                   `json:"set"`
	SetString            []string                   `json:"set_string"`
	SetJSON              []string                   `json:"set_json"`
	SetLiteral           []string                   `json:"set_literal"`
	SetFile              []string                   `json:"set_file"`
	KubeVersion          *string                    `json:"kube_version"`
	APIVersions          []string                   `json:"api_versions"`
	IncludeCRDs          bool                       `json:"include_crds"`
	SkipSchemaValidation bool                       `json:"skip_schema_validation"`
	NoHooks              bool                       `json:"no_hooks"`
	SkipTests            bool                       `json:"skip_tests"`
	ShowOnly             []string                   `json:"show_only"`
}

func opRenderChart(r *request) *response {
	var q renderChartReq
	if err := r.decode(&q); err != nil {
		return errResp("request", err)
	}
	if q.Chart == "" {
		return errResp("request", errors.New(`render_chart needs "chart" (a chart directory or .tgz)`))
	}
	if q.Release != nil && q.Release.Revision != nil {
		return errResp("request", errors.New(`render_chart: an install is always revision 1; "release.revision" does not apply`))
	}
	sc, err := newScratch(q.Files)
	if err != nil {
		return errResp("request", err)
	}
	defer sc.close()
	return sc.scrub(renderChart(&q))
}

// renderChart follows pkg/cmd/template.go (newTemplateCmd's RunE) and pkg/cmd/install.go
// (runInstall) of Helm v4.2.4, minus the cobra flag plumbing and the registry client.
func renderChart(q *renderChartReq) *response {
	settings := cli.New()
	opts := q.Release.options()

	cfg := action.NewConfiguration()
	client := action.NewInstall(cfg)
	if q.KubeVersion != nil && *q.KubeVersion != "" {
		kv, err := common.ParseKubeVersion(*q.KubeVersion)
		if err != nil {
			return errResp("request", fmt.Errorf("invalid kube version '%s': %w", *q.KubeVersion, err))
		}
		client.KubeVersion = kv
	}
	client.DryRunStrategy = action.DryRunClient
	client.ReleaseName = "release-name"
	client.Replace = true
	client.APIVersions = common.VersionSet(q.APIVersions)
	client.IncludeCRDs = q.IncludeCRDs
	client.IsUpgrade = opts.IsUpgrade
	client.SkipSchemaValidation = q.SkipSchemaValidation
	client.DisableHooks = q.NoHooks

	valueOpts := &values.Options{
		ValueFiles:    q.ValuesFiles,
		StringValues:  q.SetString,
		Values:        q.Set,
		FileValues:    q.SetFile,
		JSONValues:    q.SetJSON,
		LiteralValues: q.SetLiteral,
	}
	var typedVals map[string]any
	if len(q.Values) > 0 {
		if len(q.ValuesFiles)+len(q.Set)+len(q.SetString)+len(q.SetJSON)+len(q.SetLiteral)+len(q.SetFile) > 0 {
			return errResp("request", errors.New(`"values" replaces the -f/--set options; give one or the other`))
		}
		v, err := decodeTypedMap(q.Values, "values")
		if err != nil {
			return errResp("request", err)
		}
		if v == nil {
			v = map[string]any{}
		}
		typedVals = v
	}

	rel, err := runInstall([]string{opts.Name, q.Chart}, client, valueOpts, typedVals, opts.Namespace, settings)
	if err != nil {
		phase := "install"
		var pe *opError
		if errors.As(err, &pe) {
			phase = pe.phase
			err = pe.err
		}
		// What `helm template` returns (and prints after "Error: ").
		cliErr := err
		if rel != nil {
			cliErr = fmt.Errorf("%w\n\nUse --debug flag to render out invalid YAML", err)
		}
		return errResp(phase, err).with("cli_error", textValue(cliErr.Error()))
	}

	var manifests bytes.Buffer
	fmt.Fprintln(&manifests, strings.TrimSpace(rel.Manifest))
	if !client.DisableHooks {
		for _, m := range rel.Hooks {
			if q.SkipTests && slices.Contains(m.Events, release.HookTest) {
				continue
			}
			fmt.Fprintf(&manifests, "---\n# Source: %s\n%s\n", m.Path, m.Manifest)
		}
	}
	var stdout bytes.Buffer
	if len(q.ShowOnly) > 0 {
		splitManifests := releaseutil.SplitManifests(manifests.String())
		manifestsKeys := make([]string, 0, len(splitManifests))
		for k := range splitManifests {
			manifestsKeys = append(manifestsKeys, k)
		}
		sort.Sort(releaseutil.BySplitManifestsOrder(manifestsKeys))
		manifestNameRegex := regexp.MustCompile("# Source: [^/]+/(.+)")
		var manifestsToRender []string
		for _, f := range q.ShowOnly {
			missing := true
			f = filepath.ToSlash(f)
			for _, manifestKey := range manifestsKeys {
				manifest := splitManifests[manifestKey]
				submatch := manifestNameRegex.FindStringSubmatch(manifest)
				if len(submatch) == 0 {
					continue
				}
				manifestPath := strings.Join(strings.Split(submatch[1], "/"), "/")
				if matched, _ := filepath.Match(f, manifestPath); !matched {
					continue
				}
				manifestsToRender = append(manifestsToRender, manifest)
				missing = false
			}
			if missing {
				err := fmt.Errorf("could not find template %s in chart", f)
				return errResp("show_only", err).with("cli_error", err.Error())
			}
		}
		for _, m := range manifestsToRender {
			fmt.Fprintf(&stdout, "---\n%s\n", m)
		}
	} else {
		stdout.WriteString(manifests.String())
	}

	hooks := make([]any, 0, len(rel.Hooks))
	for _, h := range rel.Hooks {
		events := make([]string, len(h.Events))
		for i, e := range h.Events {
			events[i] = string(e)
		}
		policies := make([]string, len(h.DeletePolicies))
		for i, p := range h.DeletePolicies {
			policies[i] = string(p)
		}
		hooks = append(hooks, map[string]any{
			"name":            textValue(h.Name),
			"kind":            textValue(h.Kind),
			"path":            textValue(h.Path),
			"manifest":        textValue(h.Manifest),
			"events":          events,
			"weight":          h.Weight,
			"delete_policies": policies,
		})
	}
	return okResp(map[string]any{
		"manifest": textValue(rel.Manifest),
		"hooks":    hooks,
		"notes":    textValue(rel.Info.Notes),
		"stdout":   textValue(stdout.String()),
	})
}

// runInstall is pkg/cmd/install.go's runInstall for a local chart: NameAndChart, LocateChart,
// MergeValues, loader.Load, the installable and dependency checks, then RunWithContext.
// typedVals, when not nil, replaces MergeValues' result.
func runInstall(args []string, client *action.Install, valueOpts *values.Options, typedVals map[string]any, namespace string, settings *cli.EnvSettings) (*release.Release, error) {
	name, chartRef, err := client.NameAndChart(args)
	if err != nil {
		return nil, phased("args", err)
	}
	client.ReleaseName = name

	cp, err := client.LocateChart(chartRef, settings)
	if err != nil {
		return nil, phased("locate", err)
	}

	vals := typedVals
	if vals == nil {
		p := getter.All(settings)
		vals, err = valueOpts.MergeValues(p)
		if err != nil {
			return nil, phased("values", err)
		}
	}

	chartRequested, err := loader.Load(cp)
	if err != nil {
		return nil, phased("load", err)
	}
	ac, err := ci.NewAccessor(chartRequested)
	if err != nil {
		return nil, phased("load", err)
	}
	meta := ac.MetadataAsMap()
	switch meta["Type"] {
	case "", "application":
	default:
		return nil, phased("load", fmt.Errorf("%s charts are not installable", meta["Type"]))
	}
	if req := ac.MetaDependencies(); len(req) > 0 {
		if err := action.CheckDependencies(chartRequested, req); err != nil {
			return nil, phased("dependencies", fmt.Errorf("an error occurred while checking for chart dependencies. You may need to run 'helm dependency build' to fetch missing dependencies: %w", err))
		}
	}

	client.Namespace = namespace
	ri, err := client.RunWithContext(context.Background(), chartRequested, vals)
	rel, rerr := releaserToV1Release(ri)
	if rerr != nil {
		return nil, rerr
	}
	return rel, err
}

func releaserToV1Release(rel ri.Releaser) (*release.Release, error) {
	switch r := rel.(type) {
	case release.Release:
		return &r, nil
	case *release.Release:
		return r, nil
	case nil:
		return nil, nil
	default:
		return nil, fmt.Errorf("unsupported release type: %T", rel)
	}
}

// ---------------------------------------------------------------------------------------------
// coalesce_values / to_render_values

type chartValuesReq struct {
	reqBase
	chartSpec
	// Values here are the user-supplied values (the chart's own come from the chart).
	UserValues           json.RawMessage `json:"user_values"`
	Release              *releaseSpec    `json:"release"`
	KubeVersion          *string         `json:"kube_version"`
	APIVersions          []string        `json:"api_versions"`
	SkipSchemaValidation bool            `json:"skip_schema_validation"`
}

func opCoalesceValues(r *request) *response {
	var q chartValuesReq
	if err := r.decode(&q); err != nil {
		return errResp("request", err)
	}
	c, err := chartArg(&q.chartSpec)
	if err != nil {
		return failResp("load", err)
	}
	vals, err := decodeTypedMap(q.UserValues, "user_values")
	if err != nil {
		return errResp("request", err)
	}
	out, err := util.CoalesceValues(c, vals)
	if err != nil {
		return errResp("coalesce", err).with("partial", encodeTyped(out))
	}
	return okResp(encodeTyped(out))
}

func opToRenderValues(r *request) *response {
	var q chartValuesReq
	if err := r.decode(&q); err != nil {
		return errResp("request", err)
	}
	c, err := chartArg(&q.chartSpec)
	if err != nil {
		return failResp("load", err)
	}
	vals, err := decodeTypedMap(q.UserValues, "user_values")
	if err != nil {
		return errResp("request", err)
	}
	caps, err := capabilities(q.KubeVersion, q.APIVersions)
	if err != nil {
		return errResp("request", err)
	}
	out, err := util.ToRenderValuesWithSchemaValidation(c, vals, q.Release.options(), caps, q.SkipSchemaValidation)
	if err != nil {
		return errResp("values", err)
	}
	return okResp(encodeTyped(out))
}
