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
	"os"
	"strings"
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

// gatewayToken goes with every backend call as the "statusphere-gateway-token" metadata:
// the server then takes the last X-Forwarded-For entry (the HTTP client's address, which
// grpc-gateway appends) as the client to rate-limit, and trusts it from no one else.
type gatewayToken string

func (t gatewayToken) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"statusphere-gateway-token": string(t)}, nil
}

// The backend is often plaintext on loopback or a cluster network, like the server's other tokens.
func (gatewayToken) RequireTransportSecurity() bool { return false }

// loadGatewayToken reads STATUSPHERE_GATEWAY_TOKEN, else the token file; "" when neither is
// given (the server then limits every REST client as one, the gateway's address).
func loadGatewayToken(cfg config) (string, error) {
	token, origin := os.Getenv("STATUSPHERE_GATEWAY_TOKEN"), "STATUSPHERE_GATEWAY_TOKEN"
	if token == "" && cfg.tokenFile != "" {
		data, err := ioutil.ReadFile(cfg.tokenFile)
		if err != nil {
			return "", fmt.Errorf("token_file: %v", err)
		}
		token, origin = string(data), cfg.tokenFile
	}
	token = strings.TrimSpace(token)
	if token != "" && len(token) < 16 {
		return "", fmt.Errorf("the gateway token in %s is shorter than 16 characters", origin)
	}
	return token, nil
}

func dialBackend(cfg config, token string) (*grpc.ClientConn, error) {
	transport, err := transportOption(cfg)
	if err != nil {
		return nil, err
	}
	var perCall []grpc.DialOption
	if token != "" {
		perCall = append(perCall, grpc.WithPerRPCCredentials(gatewayToken(token)))
	}
	return grpc.Dial(cfg.backend, append(perCall,
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
	)...)
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
