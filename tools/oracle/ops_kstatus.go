package main

import (
	"encoding/json"
	"fmt"
	_ "unsafe" // go:linkname, for Helm's internal status functions (see below)

	"github.com/fluxcd/cli-utils/pkg/kstatus/status"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	utiljson "k8s.io/apimachinery/pkg/util/json"
)

// Helm's own status functions for Jobs (WaitWithJobs: Current only when complete) and Pods
// (WatchUntilReady, used for hooks) live in helm.sh/helm/v4/internal/statusreaders, which
// another module cannot import. They are linked by name instead, so the oracle runs Helm's
// exact code rather than a copy of it (linkname pulls are refused only for the standard
// library; linkname.s makes the compiler accept the body-less declarations).
//
//go:linkname helmJobConditions helm.sh/helm/v4/internal/statusreaders.jobConditions
func helmJobConditions(u *unstructured.Unstructured) (*status.Result, error)

//go:linkname helmPodConditions helm.sh/helm/v4/internal/statusreaders.podConditions
func helmPodConditions(u *unstructured.Unstructured) (*status.Result, error)

type kstatusReq struct {
	reqBase
	// Object is a Kubernetes object as the API server sends it (plain JSON, not the typed
	// encoding): decoded as client-go's dynamic client decodes it, integers as int64 and other
	// numbers as float64.
	Object json.RawMessage `json:"object"`
	// Reader selects the status function: "compute" (kstatus status.Compute, the default),
	// "helm_job" (Helm's Job rule for --wait-for-jobs) or "helm_pod" (Helm's Pod rule for hooks).
	Reader string `json:"reader"`
}

// opKstatusCompute answers what kstatus (fluxcd/cli-utils, as Helm v4.2.4 pins it) says about
// one object: status, message and the standard conditions, or Compute's error.
func opKstatusCompute(r *request) *response {
	var q kstatusReq
	if err := r.decode(&q); err != nil {
		return errResp("request", err)
	}
	var obj map[string]interface{}
	if err := utiljson.Unmarshal(q.Object, &obj); err != nil {
		return errResp("request", fmt.Errorf("object: %w", err))
	}
	if obj == nil {
		return errResp("request", fmt.Errorf("object: must be a JSON object"))
	}
	fn := status.Compute
	switch q.Reader {
	case "", "compute":
	case "helm_job":
		fn = helmJobConditions
	case "helm_pod":
		fn = helmPodConditions
	default:
		return errResp("request", fmt.Errorf("unknown reader %q", q.Reader))
	}
	res, err := fn(&unstructured.Unstructured{Object: obj})
	if err != nil {
		return errResp("compute", err)
	}
	conditions := []map[string]any{}
	for _, c := range res.Conditions {
		conditions = append(conditions, map[string]any{
			"type": string(c.Type), "status": string(c.Status), "reason": c.Reason, "message": c.Message,
		})
	}
	return okResp(map[string]any{
		"status":     string(res.Status),
		"message":    res.Message,
		"conditions": conditions,
	})
}
