package main

// --pprof_listen: net/http/pprof on its own listener, for profiling the gateway under load
// (go tool pprof -top http://127.0.0.1:6060/debug/pprof/profile?seconds=10). Off by default,
// and refused on anything but a loopback address: profiles show request paths and heap
// contents, and the CPU profile endpoint is an easy way to slow a public server down.

import (
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"time"

	"statusphere/gateway/logging"
)

// listenProfiler binds address (host:port, loopback only) and serves the pprof handlers there.
func listenProfiler(address string) (*http.Server, net.Listener, error) {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return nil, nil, fmt.Errorf("pprof_listen %q: %v", address, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, nil, fmt.Errorf("pprof_listen %q: only a loopback address (127.0.0.1, ::1, localhost) is allowed", address)
	}
	listener, err := net.Listen("tcp", address)
	if err != nil {
		return nil, nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	server := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ErrorLog: logging.HTTPErrorLog()}
	go server.Serve(listener)
	return server, listener, nil
}
