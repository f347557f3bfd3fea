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

func TestLegacyReady(t *testing.T) {
	wantOut(t, `{"op":"legacy_ready","object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"default"},"status":{"conditions":[{"type":"Ready","status":"True"}]}}}`,
		map[string]any{"ready": true})
	wantOut(t, `{"op":"legacy_ready","object":{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"c","namespace":"default"},"status":{"phase":"Pending"}}}`,
		map[string]any{"ready": false})
	// A Deployment is ready through its new ReplicaSet, found in the fake cluster.
	dep := `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","namespace":"default","uid":"u1","generation":1},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"d"}},"template":{"metadata":{"labels":{"app":"d"}},"spec":{"containers":[{"name":"c","image":"x"}]}},"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}}},"status":{"observedGeneration":1}}`
	rs := `{"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"d-1","namespace":"default","generation":1,"labels":{"app":"d","pod-template-hash":"1"},"ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"d","uid":"u1","controller":true}]},"spec":{"selector":{"matchLabels":{"app":"d"}},"template":{"metadata":{"labels":{"app":"d","pod-template-hash":"1"}},"spec":{"containers":[{"name":"c","image":"x"}]}}},"status":{"observedGeneration":1,"readyReplicas":2}}`
	wantOut(t, `{"op":"legacy_ready","object":`+dep+`,"related":[`+rs+`]}`, map[string]any{"ready": true})
	wantOut(t, `{"op":"legacy_ready","object":`+dep+`}`, map[string]any{"ready": false})
	job := `{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"j","namespace":"default"},"spec":{"backoffLimit":1},"status":{"failed":2}}`
	wantOut(t, `{"op":"legacy_ready","object":`+job+`}`, map[string]any{"ready": true})
	wantErr(t, `{"op":"legacy_ready","check_jobs":true,"object":`+job+`}`, "ready", "job is failed: default/j")
}
