package main

import "testing"

func TestStrategicPatchMeta(t *testing.T) {
	r := one(t, `{"op":"strategic_patch_meta"}`)
	out := r["out"].(map[string]any)
	kinds := out["kinds"].(map[string]any)
	types := out["types"].(map[string]any)
	pod := kinds["/v1/Pod"].(string)
	if pod != "k8s.io/api/core/v1.Pod" {
		t.Fatalf("Pod type id: %q", pod)
	}
	spec := types["k8s.io/api/core/v1.PodSpec"].(map[string]any)
	found := false
	for _, f := range spec["fields"].([]any) {
		f := f.([]any)
		if f[0] == "containers" {
			found = true
			if f[1] != "[]k8s.io/api/core/v1.Container" || f[2] != "merge" || f[3] != "name" {
				t.Fatalf("containers: %v", f)
			}
		}
	}
	if !found {
		t.Fatalf("no containers field in %v", sortedKeys(spec))
	}
	// TypeMeta is embedded inline: its fields are the object's own.
	podFields := types[pod].(map[string]any)["fields"].([]any)
	if podFields[0].([]any)[0] != "kind" {
		t.Fatalf("Pod fields: %v", podFields)
	}
}

func TestCreatePatch(t *testing.T) {
	dep := func(image string, replicas string) string {
		return `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":` + replicas +
			`,"template":{"spec":{"containers":[{"name":"c","image":"` + image + `"}]}}}}`
	}
	wantOut(t, `{"op":"create_patch","original":`+dep("a", "1")+`,"modified":`+dep("b", "1")+`,"current":`+dep("a", "3")+`}`,
		map[string]any{
			"patch": `{"spec":{"replicas":1,"template":{"spec":{"$setElementOrder/containers":[{"name":"c"}],"containers":[{"image":"b","name":"c"}]}}}}`,
			"type":  "application/strategic-merge-patch+json",
		})
	cr := func(v string) string {
		return `{"apiVersion":"example.com/v1","kind":"Thing","metadata":{"name":"t"},"spec":{"list":[` + v + `]}}`
	}
	wantOut(t, `{"op":"create_patch","original":`+cr("1")+`,"modified":`+cr("2")+`,"current":null}`,
		map[string]any{"patch": `{"spec":{"list":[2]}}`, "type": "application/merge-patch+json"})
	wantErr(t, `{"op":"create_patch","original":null,"modified":{"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"image":"x"}]}},"current":{"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"name":"y"}]}}}`,
		"patch", "map: map[image:x] does not contain declared merge key: name")
}

func TestCSAUpgradePatch(t *testing.T) {
	obj := func(entries string) string {
		return `{"op":"csa_upgrade_patch","object":{"metadata":{"resourceVersion":"7","managedFields":[` + entries + `]}}}`
	}
	wantOut(t, obj(`{"manager":"helm","operation":"Update","apiVersion":"v1","fieldsV1":{"f:data":{"f:a":{}}}},`+
		`{"manager":"helm","operation":"Apply","apiVersion":"v1","fieldsV1":{"f:data":{}}}`),
		map[string]any{"patch": `[{"op":"replace","path":"/metadata/managedFields","value":[` +
			`{"manager":"helm","operation":"Apply","apiVersion":"v1","fieldsV1":{"f:data":{".":{},"f:a":{}}}}]},` +
			`{"op":"replace","path":"/metadata/resourceVersion","value":"7"}]`})
	wantOut(t, obj(`{"manager":"helm","operation":"Apply","apiVersion":"v1","fieldsV1":{"f:a":{}}}`),
		map[string]any{"patch": nil})
	wantErr(t, obj(`{"manager":"helm","operation":"Update","apiVersion":"v1"}`), "patch",
		"failed to convert fields to set: ReadMapCB: expect { or n, but found \x00, error found in #0 byte of ...||..., bigger context ...||...")
}
