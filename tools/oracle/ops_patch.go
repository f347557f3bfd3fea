package main

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"

	jsonpatch "github.com/evanphx/json-patch/v5"
	apiextv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apiextv1beta1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1beta1"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	"k8s.io/apimachinery/pkg/util/jsonmergepatch"
	"k8s.io/apimachinery/pkg/util/mergepatch"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/strategicpatch"
	forkedjson "k8s.io/apimachinery/third_party/forked/golang/json"
	"k8s.io/cli-runtime/pkg/resource"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/util/csaupgrade"
	"sigs.k8s.io/structured-merge-diff/v6/value"

	"helm.sh/helm/v4/pkg/kube"
)

// The two ops below serve rudder-kube's client-side apply (conformance/strategicpatch):
// the patch metadata of every built-in kind (the Go structs' patchStrategy/patchMergeKey
// tags, which rudder carries as generated data), and the patch Helm's createPatch
// (pkg/kube/client.go) sends for a given original, target and live object.

// nativeScheme is the scheme Helm's kube.AsVersioned converts with (kubernetesNativeScheme
// in pkg/kube/converter.go): client-go's kinds plus apiextensions v1beta1 and v1.
func nativeScheme() *runtime.Scheme {
	s := runtime.NewScheme()
	_ = scheme.AddToScheme(s)
	_ = apiextv1beta1.AddToScheme(s)
	_ = apiextv1.AddToScheme(s)
	return s
}

// metaTable walks Go types and records what strategicpatch.PatchMetaFromStruct can see of
// them. Type ids: the package path and name for named types, "[]" / "*" / "map[K]" + the
// element id for unnamed composites, and the reflect kind's name for anything else. Struct
// fields are found with forkedjson.LookupPatchMetadataForStruct itself (the code Helm runs),
// for every JSON name the struct's exported fields and embedded structs offer.
type metaTable struct {
	types map[string]any
}

func typeID(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Struct:
		if t.Name() != "" {
			return t.PkgPath() + "." + t.Name()
		}
		return t.String()
	case reflect.Slice:
		return "[]" + typeID(t.Elem())
	case reflect.Array:
		return fmt.Sprintf("[%d]", t.Len()) + typeID(t.Elem())
	case reflect.Pointer:
		return "*" + typeID(t.Elem())
	case reflect.Map:
		return "map[" + typeID(t.Key()) + "]" + typeID(t.Elem())
	default:
		return t.Kind().String()
	}
}

// jsonNames lists the JSON names encoding/json would consider for t's fields, embedded
// structs included (their lookup decides which one wins).
func jsonNames(t reflect.Type, seen map[reflect.Type]bool, out *[]string) {
	if seen[t] {
		return
	}
	seen[t] = true
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if f.Anonymous && name == "" && ft.Kind() == reflect.Struct {
			jsonNames(ft, seen, out)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		*out = append(*out, name)
	}
}

func (m *metaTable) add(t reflect.Type) string {
	id := typeID(t)
	if _, done := m.types[id]; done {
		return id
	}
	// Types that decode themselves (json.Unmarshaler or an unstructured converter:
	// Quantity, IntOrString, Time, RawExtension...): FromUnstructured hands them the value.
	if t.Kind() != reflect.Pointer && value.TypeReflectEntryOf(t).CanConvertFromUnstructured() {
		m.types[id] = map[string]any{"kind": t.Kind().String(), "custom": true, "name": t.Name()}
		if t.Kind() != reflect.Struct {
			return id
		}
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array, reflect.Pointer:
		entry := map[string]any{"kind": t.Kind().String()}
		m.types[id] = entry
		entry["elem"] = m.add(t.Elem())
	case reflect.Map:
		entry := map[string]any{"kind": "map"}
		m.types[id] = entry
		entry["elem"] = m.add(t.Elem())
	case reflect.Struct:
		entry := map[string]any{"kind": "struct", "name": t.Name()}
		if custom, ok := m.types[id].(map[string]any); ok {
			entry = custom
		}
		m.types[id] = entry
		var names []string
		jsonNames(t, map[reflect.Type]bool{}, &names)
		fields := []any{}
		seen := map[string]bool{}
		for _, name := range names {
			if seen[name] {
				continue
			}
			seen[name] = true
			ft, strategies, mergeKey, err := forkedjson.LookupPatchMetadataForStruct(t, name)
			if err != nil {
				continue
			}
			fields = append(fields, []any{name, m.add(ft), strings.Join(strategies, ","), mergeKey})
		}
		entry["fields"] = fields
	}
	return id
}

// opStrategicPatchMeta: every kind of Helm's native scheme and the patch metadata of its
// Go type, as {"kinds": {"group/version/Kind": typeID}, "types": {typeID: entry}}.
func opStrategicPatchMeta(r *request) *response {
	var q reqBase
	if err := r.decode(&q); err != nil {
		return errResp("request", err)
	}
	m := &metaTable{types: map[string]any{}}
	kinds := map[string]any{}
	for gvk, t := range nativeScheme().AllKnownTypes() {
		if gvk.Version == runtime.APIVersionInternal {
			continue
		}
		kinds[gvk.Group+"/"+gvk.Version+"/"+gvk.Kind] = m.add(t)
	}
	return okResp(map[string]any{"kinds": kinds, "types": m.types})
}

type createPatchReq struct {
	reqBase
	// Original, Modified, Current: Kubernetes objects as plain JSON (Current may be null: the
	// object is gone). Each goes through unstructured decoding and json.Marshal, as Helm's
	// objects do before createPatch diffs them.
	Original json.RawMessage `json:"original"`
	Modified json.RawMessage `json:"modified"`
	Current  json.RawMessage `json:"current"`
	// ThreeWayMergeForUnstructured is ClientUpdateOptionThreeWayMergeForUnstructured.
	ThreeWayMergeForUnstructured bool `json:"three_way_unstructured"`
}

func canonicalObject(name string, raw json.RawMessage) ([]byte, map[string]interface{}, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return []byte("null"), nil, nil
	}
	var obj map[string]interface{}
	if err := utiljson.Unmarshal(raw, &obj); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	data, err := json.Marshal(&unstructured.Unstructured{Object: obj})
	return data, obj, err
}

// opCreatePatch is Helm's createPatch (pkg/kube/client.go) without the GET of the live
// object, which the request supplies: the target is converted with kube.AsVersioned; an
// unstructured result (not a built-in kind) or an apiextensions v1beta1 CRD gets a JSON merge
// patch (two-way, or three-way with preconditions when three_way_unstructured), anything
// else strategicpatch.CreateThreeWayMergePatch with the Go struct's patch metadata and
// overwrite=true. Out: {"patch": text, "type": patch type}.
func opCreatePatch(r *request) *response {
	var q createPatchReq
	if err := r.decode(&q); err != nil {
		return errResp("request", err)
	}
	oldData, _, err := canonicalObject("original", q.Original)
	if err != nil {
		return errResp("request", err)
	}
	newData, newObj, err := canonicalObject("modified", q.Modified)
	if err != nil {
		return errResp("request", err)
	}
	if newObj == nil {
		return errResp("request", fmt.Errorf("modified: must be an object"))
	}
	currentData, _, err := canonicalObject("current", q.Current)
	if err != nil {
		return errResp("request", err)
	}
	target := &unstructured.Unstructured{Object: newObj}
	gvk := schema.FromAPIVersionAndKind(target.GetAPIVersion(), target.GetKind())
	info := &resource.Info{Object: target, Mapping: &meta.RESTMapping{GroupVersionKind: gvk}}
	versioned := kube.AsVersioned(info)
	_, isUnstructured := versioned.(runtime.Unstructured)
	_, isCRD := versioned.(*apiextv1beta1.CustomResourceDefinition)
	out := func(patch []byte, typ string) *response {
		return okResp(map[string]any{"patch": string(patch), "type": typ})
	}
	if isUnstructured || isCRD {
		if q.ThreeWayMergeForUnstructured {
			preconditions := []mergepatch.PreconditionFunc{
				mergepatch.RequireKeyUnchanged("apiVersion"),
				mergepatch.RequireKeyUnchanged("kind"),
				mergepatch.RequireMetadataKeyUnchanged("name"),
			}
			patch, err := jsonmergepatch.CreateThreeWayJSONMergePatch(oldData, newData, currentData, preconditions...)
			if err != nil && mergepatch.IsPreconditionFailed(err) {
				err = fmt.Errorf("%w: at least one field was changed: apiVersion, kind or name", err)
			}
			if err != nil {
				return errResp("patch", err)
			}
			return out(patch, "application/merge-patch+json")
		}
		patch, err := jsonpatch.CreateMergePatch(oldData, newData)
		if err != nil {
			return errResp("patch", err)
		}
		return out(patch, "application/merge-patch+json")
	}
	patchMeta, err := strategicpatch.NewPatchMetaFromStruct(versioned)
	if err != nil {
		return errResp("patch", fmt.Errorf("unable to create patch metadata from object: %w", err))
	}
	patch, err := strategicpatch.CreateThreeWayMergePatch(oldData, newData, currentData, patchMeta, true)
	if err != nil {
		return errResp("patch", err)
	}
	return out(patch, "application/strategic-merge-patch+json")
}

// sortedKeys is used by the Go test.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

type csaUpgradeReq struct {
	reqBase
	// Object: the live object as plain JSON (what Helm's info.Get() leaves in info.Object).
	Object json.RawMessage `json:"object"`
	// Manager: the field manager, both the client-side one and the server-side one (Helm
	// passes getManagedFieldsManager() for both); "helm" when empty.
	Manager string `json:"manager"`
}

// opCSAUpgradePatch is the call in Helm's upgradeClientSideFieldManager (pkg/kube/client.go):
// csaupgrade.UpgradeManagedFieldsPatch(obj, sets.New(manager), manager) on the unstructured
// live object. Out: {"patch": text} or {"patch": null} when nothing is to be upgraded.
func opCSAUpgradePatch(r *request) *response {
	var q csaUpgradeReq
	if err := r.decode(&q); err != nil {
		return errResp("request", err)
	}
	var obj map[string]interface{}
	if err := utiljson.Unmarshal(q.Object, &obj); err != nil {
		return errResp("request", fmt.Errorf("object: %w", err))
	}
	manager := q.Manager
	if manager == "" {
		manager = "helm"
	}
	patch, err := csaupgrade.UpgradeManagedFieldsPatch(&unstructured.Unstructured{Object: obj}, sets.New(manager), manager)
	if err != nil {
		return errResp("patch", err)
	}
	if patch == nil {
		return okResp(map[string]any{"patch": nil})
	}
	return okResp(map[string]any{"patch": string(patch)})
}
