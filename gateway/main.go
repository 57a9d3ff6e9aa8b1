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

	"google.golang.org/grpc/connectivity"

	"statusphere/gateway/api"
	"statusphere/gateway/httperror"
	"statusphere/gateway/logging"
	"statusphere/gateway/mcp"
	"statusphere/gateway/metrics"
)

func main() {
	os.Exit(run())
}

func run() int {
	logging.Install()
	httperror.Install()
	cfg, err := parseConfig(os.Args[1:])
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err == nil {
		err = logging.SetFormat(cfg.logFormat)
	}
	if err != nil {
		logging.Error("gateway.bad_flags", logging.Fields{"error": err.Error()})
		return 2
	}

	openAPI, err := api.OpenAPIDocument()
	if err != nil {
		logging.Error("gateway.openapi_failed", logging.Fields{"error": err.Error()})
		return 1
	}
	// Bind first: a bad or taken address fails at once, before any backend traffic.
	listener, err := net.Listen("tcp", cfg.listen)
	if err != nil {
		logging.Error("gateway.listen_failed", logging.Fields{"listen": cfg.listen, "error": err.Error()})
		return 1
	}
	defer listener.Close()
	token, err := loadGatewayToken(cfg)
	if err != nil {
		logging.Error("gateway.bad_flags", logging.Fields{"error": err.Error()})
		return 2
	}
	if token == "" {
		logging.Warn("gateway.no_token", logging.Fields{"effect": "the server limits every REST client as one (give -token_file or STATUSPHERE_GATEWAY_TOKEN)"})
	}
	conn, err := dialBackend(cfg, token)
	if err != nil {
		logging.Error("gateway.backend_dial_failed", logging.Fields{"backend": cfg.backend, "error": err.Error()})
		return 1
	}
	defer conn.Close()

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	go watchBackend(ctx, conn, cfg.backend)
	gatewayMetrics := metrics.New(func() bool { return conn.GetState() == connectivity.Ready })
	handler, err := api.New(ctx, conn, gatewayMetrics, api.Options{
		RequestTimeout: cfg.requestTimeout,
		Cache:          cfg.cache,
		RateLimit:      cfg.rateLimit,
		WatchBuffer:    cfg.watchClientBuffer,
		OpenAPI:        openAPI,
		// Replicas share the token, so each accepts the others' MCP sessions.
		MCP: mcp.Options{SessionKey: mcp.SessionKey(token), AllowedOrigins: cfg.mcpAllowedOrigins},
	})
	if err != nil {
		logging.Error("gateway.setup_failed", logging.Fields{"error": err.Error()})
		return 1
	}

	port := listener.Addr().(*net.TCPAddr).Port
	if cfg.portFile != "" {
		if err := writeFileAtomically(cfg.portFile, fmt.Sprintf("%d\n", port)); err != nil {
			logging.Error("gateway.port_file_failed", logging.Fields{"error": err.Error()})
			return 1
		}
	}
	server := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          logging.HTTPErrorLog(),
	}
	if cfg.metricsListen != "" {
		// A separate listener, e.g. on a cluster-internal address while --listen is public.
		metricsListener, err := net.Listen("tcp", cfg.metricsListen)
		if err != nil {
			logging.Error("gateway.metrics_listen_failed", logging.Fields{"listen": cfg.metricsListen, "error": err.Error()})
			return 1
		}
		mux := http.NewServeMux()
		mux.Handle("/metrics", gatewayMetrics.Handler())
		metricsServer := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ErrorLog: logging.HTTPErrorLog()}
		go metricsServer.Serve(metricsListener)
		defer metricsServer.Close()
		logging.Info("metrics.listening", logging.Fields{"listen": metricsListener.Addr().String(), "path": "/metrics"})
	}
	if cfg.pprofListen != "" {
		profiler, profileListener, err := listenProfiler(cfg.pprofListen)
		if err != nil {
			logging.Error("gateway.pprof_listen_failed", logging.Fields{"error": err.Error()})
			return 1
		}
		defer profiler.Close()
		logging.Info("pprof.listening", logging.Fields{"listen": profileListener.Addr().String(), "path": "/debug/pprof/"})
	}
	logging.Info("gateway.started", logging.Fields{"listen": listener.Addr().String(), "port": port, "backend": cfg.backend})

	served := make(chan error, 1)
	go func() { served <- server.Serve(listener) }()
	select {
	case err := <-served:
		logging.Error("gateway.serve_failed", logging.Fields{"error": err.Error()})
		return 1
	case <-ctx.Done():
	}
	logging.Info("gateway.stopping", nil)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := server.Shutdown(shutdownCtx); err != nil {
		logging.Warn("gateway.shutdown_incomplete", logging.Fields{"error": err.Error()})
	}
	logging.Info("gateway.stopped", nil)
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
