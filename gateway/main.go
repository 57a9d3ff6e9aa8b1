// statusphere-gateway: the REST /api/v1 surface (the original Statusphere API) in front of
// statusphere-server's gRPC StatusPageService, built on grpc-gateway v1 from the
// google.api.http annotations of proto/statusphere/v1. See gateway/README.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

func main() {
	os.Exit(run())
}

func run() int {
	installLoggers()
	installErrorHandlers()
	cfg, err := parseConfig(os.Args[1:])
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err == nil {
		err = setLogFormat(cfg.logFormat)
	}
	if err != nil {
		logError("gateway.bad_flags", fields{"error": err.Error()})
		return 2
	}

	watchClientBuffer = cfg.watchClientBuffer

	openAPI, err := openAPIDocument()
	if err != nil {
		logError("gateway.openapi_failed", fields{"error": err.Error()})
		return 1
	}
	// Bind first: a bad or taken address fails at once, before any backend traffic.
	listener, err := net.Listen("tcp", cfg.listen)
	if err != nil {
		logError("gateway.listen_failed", fields{"listen": cfg.listen, "error": err.Error()})
		return 1
	}
	defer listener.Close()
	token, err := loadGatewayToken(cfg)
	if err != nil {
		logError("gateway.bad_flags", fields{"error": err.Error()})
		return 2
	}
	if token == "" {
		logWarn("gateway.no_token", fields{"effect": "the server limits every REST client as one (give -token_file or STATUSPHERE_GATEWAY_TOKEN)"})
	}
	conn, err := dialBackend(cfg, token)
	if err != nil {
		logError("gateway.backend_dial_failed", fields{"backend": cfg.backend, "error": err.Error()})
		return 1
	}
	defer conn.Close()

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	go watchBackend(ctx, conn, cfg.backend)
	metrics := newGatewayMetrics(conn)
	handler, err := newHandler(ctx, conn, openAPI, cfg, metrics)
	if err != nil {
		logError("gateway.setup_failed", fields{"error": err.Error()})
		return 1
	}

	port := listener.Addr().(*net.TCPAddr).Port
	if cfg.portFile != "" {
		if err := writeFileAtomically(cfg.portFile, fmt.Sprintf("%d\n", port)); err != nil {
			logError("gateway.port_file_failed", fields{"error": err.Error()})
			return 1
		}
	}
	server := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          httpErrorLog(),
	}
	if cfg.metricsListen != "" {
		// A separate listener, e.g. on a cluster-internal address while --listen is public.
		metricsListener, err := net.Listen("tcp", cfg.metricsListen)
		if err != nil {
			logError("gateway.metrics_listen_failed", fields{"listen": cfg.metricsListen, "error": err.Error()})
			return 1
		}
		mux := http.NewServeMux()
		mux.Handle("/metrics", metrics.handler())
		metricsServer := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ErrorLog: httpErrorLog()}
		go metricsServer.Serve(metricsListener)
		defer metricsServer.Close()
		logInfo("metrics.listening", fields{"listen": metricsListener.Addr().String(), "path": "/metrics"})
	}
	if cfg.pprofListen != "" {
		profiler, profileListener, err := listenProfiler(cfg.pprofListen)
		if err != nil {
			logError("gateway.pprof_listen_failed", fields{"error": err.Error()})
			return 1
		}
		defer profiler.Close()
		logInfo("pprof.listening", fields{"listen": profileListener.Addr().String(), "path": "/debug/pprof/"})
	}
	logInfo("gateway.started", fields{"listen": listener.Addr().String(), "port": port, "backend": cfg.backend})

	served := make(chan error, 1)
	go func() { served <- server.Serve(listener) }()
	select {
	case err := <-served:
		logError("gateway.serve_failed", fields{"error": err.Error()})
		return 1
	case <-ctx.Done():
	}
	logInfo("gateway.stopping", nil)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := server.Shutdown(shutdownCtx); err != nil {
		logWarn("gateway.shutdown_incomplete", fields{"error": err.Error()})
	}
	logInfo("gateway.stopped", nil)
	return 0
}

// writeFileAtomically writes via a temporary file and a rename, so that a reader polling
// the file never sees it half-written.
func writeFileAtomically(path, text string) error {
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp"+strconv.Itoa(os.Getpid()))
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
