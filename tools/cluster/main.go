// Command cluster is a multi-call binary (in the manner of the old hyperkube) that bundles what
// tools/cluster.sh needs to run a local Kubernetes control plane without a container engine:
// an embedded etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kubectl, all
// from the same Kubernetes release, plus two small helpers of its own (pki, ports).
//
// The component is named by the first argument, or by the name the binary is invoked under
// (so a symlink called kubectl behaves as kubectl):
//
//	cluster kube-apiserver --etcd-servers=...
//	cluster kubectl get nodes
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	_ "time/tzdata" // CronJob time zones, as in the upstream kube-apiserver and controller-manager mains

	_ "k8s.io/client-go/plugin/pkg/client/auth" // kubectl's client auth plugins
	"k8s.io/component-base/cli"
	"k8s.io/component-base/logs"
	_ "k8s.io/component-base/logs/json/register"          // JSON log format
	_ "k8s.io/component-base/metrics/prometheus/clientgo" // client-go metrics
	_ "k8s.io/component-base/metrics/prometheus/version"  // version metric
	kubectlcmd "k8s.io/kubectl/pkg/cmd"
	kubectlutil "k8s.io/kubectl/pkg/cmd/util"
	apiserver "k8s.io/kubernetes/cmd/kube-apiserver/app"
	controllermanager "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	scheduler "k8s.io/kubernetes/cmd/kube-scheduler/app"
)

// commands maps a component name to its entry point. Each entry point sees os.Args as if it
// were its own binary: os.Args[0] is the component name and os.Args[1:] its arguments.
var commands = map[string]func() int{
	"etcd":                    runEtcd,
	"kube-apiserver":          func() int { return cli.Run(apiserver.NewAPIServerCommand()) },
	"kube-controller-manager": func() int { return cli.Run(controllermanager.NewControllerManagerCommand()) },
	"kube-scheduler":          func() int { return cli.Run(scheduler.NewSchedulerCommand()) },
	"kubectl":                 runKubectl,
	"pki":                     runPKI,
	"ports":                   runPorts,
}

func runKubectl() int {
	// As upstream cmd/kubectl: set the verbosity before the command is built, so that klog
	// works while plugins and .kuberc are handled.
	_, _ = logs.GlogSetter(kubectlcmd.GetLogVerbosity(os.Args))
	if err := cli.RunNoErrOutput(kubectlcmd.NewDefaultKubectlCommand()); err != nil {
		kubectlutil.CheckErr(err) // prints the error and exits non-zero
	}
	return 0
}

func usage() {
	names := make([]string, 0, len(commands))
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	fmt.Fprintf(os.Stderr, "usage: %s COMPONENT [ARGS...]\ncomponents: %s\n",
		filepath.Base(os.Args[0]), strings.Join(names, ", "))
}

func main() {
	if run, ok := commands[filepath.Base(os.Args[0])]; ok {
		os.Exit(run())
	}
	if len(os.Args) < 2 || os.Args[1] == "-h" || os.Args[1] == "--help" || os.Args[1] == "help" {
		usage()
		if len(os.Args) < 2 {
			os.Exit(2)
		}
		os.Exit(0)
	}
	run, ok := commands[os.Args[1]]
	if !ok {
		fmt.Fprintf(os.Stderr, "unknown component %q\n", os.Args[1])
		usage()
		os.Exit(2)
	}
	os.Args = os.Args[1:]
	os.Exit(run())
}
