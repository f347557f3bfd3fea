package main

import "testing"

func TestKstatusCompute(t *testing.T) {
	wantOut(t, `{"op":"kstatus_compute","object":{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"x","generation":2},"status":{"observedGeneration":1}}}`,
		map[string]any{
			"status":  "InProgress",
			"message": "Deployment generation is 2, but latest observed generation is 1",
			"conditions": []any{map[string]any{
				"type": "Reconciling", "status": "True", "reason": "LatestGenerationNotObserved",
				"message": "Deployment generation is 2, but latest observed generation is 1",
			}},
		})
	wantOut(t, `{"op":"kstatus_compute","object":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}}`,
		map[string]any{"status": "Current", "message": "Resource is always ready", "conditions": []any{}})
	// Helm's own Job rule (WaitWithJobs): Current only when complete; kstatus' says Current
	// once the Job has started.
	started := `"object":{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"j"},"status":{"startTime":"2020-01-01T00:00:00Z","active":1}}`
	r := one(t, `{"op":"kstatus_compute",`+started+`}`)
	if r["out"].(map[string]any)["status"] != "Current" {
		t.Fatalf("kstatus job: %v", r)
	}
	r = one(t, `{"op":"kstatus_compute","reader":"helm_job",`+started+`}`)
	if out := r["out"].(map[string]any); out["status"] != "InProgress" || out["message"] != "Job in progress" {
		t.Fatalf("helm job: %v", r)
	}
	r = one(t, `{"op":"kstatus_compute","reader":"helm_pod","object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"status":{"phase":"Failed"}}}`)
	if out := r["out"].(map[string]any); out["status"] != "Failed" || out["message"] != "pod p failed" {
		t.Fatalf("helm pod: %v", r)
	}
	wantErr(t, `{"op":"kstatus_compute","object":{"kind":"X","metadata":{"generation":1.5}}}`, "compute",
		"looking up metadata.generation from resource: .metadata.generation accessor error: 1.5 is of the type float64, expected int64")
	wantErr(t, `{"op":"kstatus_compute","reader":"nope","object":{}}`, "request", `unknown reader "nope"`)
	wantErr(t, `{"op":"kstatus_compute","object":[]}`, "request",
		"object: json: cannot unmarshal array into Go value of type map[string]interface {}")
}
