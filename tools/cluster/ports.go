package main

import (
	"fmt"
	"net"
	"os"
	"strconv"
)

// runPorts prints N distinct free TCP ports on 127.0.0.1, one per line. It holds every listener
// until all N are chosen, so the N are distinct; another process may still take one before the
// caller binds it, which the caller notices when the component fails to start.
//
//	cluster ports N
func runPorts() int {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: ports N")
		return 2
	}
	n, err := strconv.Atoi(os.Args[1])
	if err != nil || n < 1 || n > 64 {
		fmt.Fprintf(os.Stderr, "ports: N must be an integer in 1..64, not %q\n", os.Args[1])
		return 2
	}
	listeners := make([]net.Listener, 0, n)
	defer func() {
		for _, l := range listeners {
			_ = l.Close()
		}
	}()
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			fmt.Fprintf(os.Stderr, "ports: %v\n", err)
			return 1
		}
		listeners = append(listeners, l)
		fmt.Println(l.Addr().(*net.TCPAddr).Port)
	}
	return 0
}
