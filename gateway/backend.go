package main

// The one gRPC channel to statusphere-server. The dial does not block: the gateway starts
// (and answers 503) while the server is still down, and grpc-go reconnects on its own.
// The reconnect back-off is capped at one second instead of grpc's default two minutes,
// so that after a server restart the REST API is back within about a second.

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io/ioutil"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"
	"google.golang.org/grpc/connectivity"
	"google.golang.org/grpc/credentials"

	"statusphere/gateway/logging"
)

// transportOption is plaintext by default (the backend on loopback or a cluster network)
// and TLS, optionally mutual, when a CA file is given.
func transportOption(cfg config) (grpc.DialOption, error) {
	if cfg.backendCAFile == "" {
		if cfg.backendClientCertFile != "" || cfg.backendClientKeyFile != "" {
			return nil, fmt.Errorf("backend_tls_client_cert_file needs backend_tls_ca_file (TLS) as well")
		}
		return grpc.WithInsecure(), nil
	}
	pem, err := ioutil.ReadFile(cfg.backendCAFile)
	if err != nil {
		return nil, fmt.Errorf("backend_tls_ca_file: %v", err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("backend_tls_ca_file: %q holds no PEM certificate", cfg.backendCAFile)
	}
	tlsConfig := &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
	if cfg.backendClientCertFile != "" || cfg.backendClientKeyFile != "" {
		pair, err := tls.LoadX509KeyPair(cfg.backendClientCertFile, cfg.backendClientKeyFile)
		if err != nil {
			return nil, fmt.Errorf("backend_tls_client_cert_file/key_file: %v", err)
		}
		tlsConfig.Certificates = []tls.Certificate{pair}
	}
	return grpc.WithTransportCredentials(credentials.NewTLS(tlsConfig)), nil
}

func dialBackend(cfg config) (*grpc.ClientConn, error) {
	transport, err := transportOption(cfg)
	if err != nil {
		return nil, err
	}
	return grpc.Dial(cfg.backend,
		transport,
		grpc.WithConnectParams(grpc.ConnectParams{
			Backoff: backoff.Config{
				BaseDelay:  100 * time.Millisecond,
				Multiplier: 1.6,
				Jitter:     0.2,
				MaxDelay:   time.Second,
			},
			MinConnectTimeout: 2 * time.Second,
		}),
		// Responses such as a big vendor's full incident history exceed grpc's 4 MB default.
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(64<<20)),
	)
}

// watchBackend logs when the channel becomes ready and when it stops being ready, for
// operators; grpc-go's own reconnect warnings are rate-limited (see grpcLog).
func watchBackend(ctx context.Context, conn *grpc.ClientConn, address string) {
	ready := false
	state := conn.GetState()
	for conn.WaitForStateChange(ctx, state) {
		state = conn.GetState()
		if state == connectivity.Ready && !ready {
			logging.Info("backend.connected", logging.Fields{"backend": address})
		} else if state != connectivity.Ready && ready {
			logging.Warn("backend.disconnected", logging.Fields{"backend": address, "state": state.String()})
		}
		ready = state == connectivity.Ready
	}
}
