package main

// kyaml_postrender: the YAML round trip Helm 4.2.4 puts around post-renderers, with Helm's own
// functions (pkg/action's annotateAndMerge and splitAndDeannotate, reached by go:linkname) on
// kustomize's kyaml v0.21.1 and go.yaml.in/yaml/v3:
//
//   - "mode": "merge", "files": {name: content}: annotateAndMerge(files). Out: the merged text.
//   - "mode": "split", "data": text, "prefix": fallback prefix: splitAndDeannotate(data,
//     prefix). Out: {file name: content}.
//   - "mode": "roundtrip", "data": text: kio.StringAll(kio.ParseAll(data)). Out: the text.
//
// Errors have phase "kyaml".

import (
	"fmt"
	_ "unsafe" // go:linkname, for Helm's unexported post-render functions

	_ "helm.sh/helm/v4/pkg/action"
	"sigs.k8s.io/kustomize/kyaml/kio"
)

//go:linkname helmAnnotateAndMerge helm.sh/helm/v4/pkg/action.annotateAndMerge
func helmAnnotateAndMerge(files map[string]string) (string, error)

//go:linkname helmSplitAndDeannotate helm.sh/helm/v4/pkg/action.splitAndDeannotate
func helmSplitAndDeannotate(postrendered, fallbackPrefix string) (map[string]string, error)

func init() {
	ops["kyaml_postrender"] = opKyamlPostrender
}

type kyamlReq struct {
	reqBase
	Mode   string            `json:"mode"`
	Files  map[string]string `json:"files"`
	Data   *string           `json:"data"`
	Prefix string            `json:"prefix"`
}

func opKyamlPostrender(r *request) *response {
	var q kyamlReq
	if err := r.decode(&q); err != nil {
		return errResp("request", err)
	}
	switch q.Mode {
	case "merge":
		if q.Files == nil {
			return errResp("request", fmt.Errorf(`kyaml_postrender merge needs "files"`))
		}
		out, err := helmAnnotateAndMerge(q.Files)
		if err != nil {
			return errResp("kyaml", err)
		}
		return okResp(textValue(out))
	case "split":
		if q.Data == nil {
			return errResp("request", fmt.Errorf(`kyaml_postrender split needs "data"`))
		}
		out, err := helmSplitAndDeannotate(*q.Data, q.Prefix)
		if err != nil {
			return errResp("kyaml", err)
		}
		m := make(map[string]any, len(out))
		for k, v := range out {
			m[k] = textValue(v)
		}
		return okResp(m)
	case "roundtrip":
		if q.Data == nil {
			return errResp("request", fmt.Errorf(`kyaml_postrender roundtrip needs "data"`))
		}
		nodes, err := kio.ParseAll(*q.Data)
		if err != nil {
			return errResp("kyaml", err)
		}
		out, err := kio.StringAll(nodes)
		if err != nil {
			return errResp("kyaml", err)
		}
		return okResp(textValue(out))
	default:
		return errResp("request", fmt.Errorf(`kyaml_postrender: unknown mode %q (merge, split, roundtrip)`, q.Mode))
	}
}
