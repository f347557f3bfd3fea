package main

import "testing"

func TestKyamlPostrender(t *testing.T) {
	// Partials are skipped; comments and the compact sequence indent come from kyaml.
	wantOut(t, `{"op":"kyaml_postrender","mode":"merge","files":{"c/templates/_h.tpl":"x: 1","c/templates/a.yaml":"kind: A # c\nl:\n    - 1\n"}}`,
		"kind: A # c\nl:\n- 1\nmetadata:\n  annotations:\n    postrenderer.helm.sh/postrender-filename: 'c/templates/a.yaml'\n")
	wantOut(t, `{"op":"kyaml_postrender","mode":"split","prefix":"p","data":"kind: A\nmetadata:\n  annotations:\n    postrenderer.helm.sh/postrender-filename: a.yaml\n---\nkind: B\n"}`,
		map[string]any{"a.yaml": "kind: A\n", "generated-by-postrender-p-1.yaml": "kind: B\n"})
	wantOut(t, `{"op":"kyaml_postrender","mode":"roundtrip","data":"a: [1,  2]\n---\n---\nb: 'x'\n"}`,
		"a: [1, 2]\n---\nb: 'x'\n")
	wantErr(t, `{"op":"kyaml_postrender","mode":"split","data":"a: b\n--- x\nc: d\n"}`, "kyaml",
		"error parsing YAML: invalid document separator: --- x")
	wantErr(t, `{"op":"kyaml_postrender","mode":"nope"}`, "request",
		`kyaml_postrender: unknown mode "nope" (merge, split, roundtrip)`)
}
