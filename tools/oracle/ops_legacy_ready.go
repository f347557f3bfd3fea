package main

import (
	"context"
	"encoding/json"
	"fmt"

	apiextv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/cli-runtime/pkg/resource"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/client-go/kubernetes/scheme"

	"helm.sh/helm/v4/pkg/kube"
)

type legacyReadyReq struct {
	reqBase
	// Object is the resource Helm waits for, as the API server returns it (plain JSON).
	Object json.RawMessage `json:"object"`
	// Related are other objects in the fake cluster (a Deployment's ReplicaSets, Pods).
	Related []json.RawMessage `json:"related"`
	// CheckJobs is --wait-for-jobs.
	CheckJobs bool `json:"check_jobs"`
}

// legacyDecoder decodes the typed objects Helm's ReadyChecker works on (client-go's scheme,
// without defaulting: the objects are the server's, already defaulted).
var legacyDecoder = func() runtime.Decoder {
	s := runtime.NewScheme()
	_ = scheme.AddToScheme(s)
	_ = apiextv1.AddToScheme(s)
	return serializer.NewCodecFactory(s).UniversalDeserializer()
}()

// opLegacyReady answers Helm's legacy readiness check (`--wait=legacy`): kube.ReadyChecker
// with PausedAsReady(true) (and CheckJobs for --wait-for-jobs), IsReady on the object, with a
// fake clientset holding the object and the related objects.
func opLegacyReady(r *request) *response {
	var q legacyReadyReq
	if err := r.decode(&q); err != nil {
		return errResp("request", err)
	}
	obj, gvk, err := legacyDecoder.Decode(q.Object, nil, nil)
	if err != nil {
		return errResp("request", fmt.Errorf("object: %w", err))
	}
	objects := []runtime.Object{obj}
	for i, raw := range q.Related {
		o, _, err := legacyDecoder.Decode(raw, nil, nil)
		if err != nil {
			return errResp("request", fmt.Errorf("related[%d]: %w", i, err))
		}
		objects = append(objects, o)
	}
	accessor, err := meta.Accessor(obj)
	if err != nil {
		return errResp("request", err)
	}
	client := fake.NewClientset(objects...)
	opts := []kube.ReadyCheckerOption{kube.PausedAsReady(true)}
	if q.CheckJobs {
		opts = append(opts, kube.CheckJobs(true))
	}
	checker := kube.NewReadyChecker(client, opts...)
	info := &resource.Info{
		Name:      accessor.GetName(),
		Namespace: accessor.GetNamespace(),
		Object:    obj,
		Mapping:   &meta.RESTMapping{GroupVersionKind: *gvk},
	}
	ready, err := checker.IsReady(context.Background(), info)
	if err != nil {
		return errResp("ready", err)
	}
	return okResp(map[string]any{"ready": ready})
}
