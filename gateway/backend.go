package main

// The one gRPC channel to statusphere-server. The dial does not block: the gateway starts
// (and answers 503) while the server is still down, and grpc-go reconnects on its own.
// The reconnect back-off is capped at one second instead of grpc's default two minutes,
// so that after a server restart the REST API is back within about a second.

import (
	"context"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"
	"google.golang.org/grpc/connectivity"
)

func dialBackend(address string) (*grpc.ClientConn, error) {
	return grpc.Dial(address,
		grpc.WithInsecure(), // the backend listens on a private address (loopback or cluster network)
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
			logInfo("backend.connected", fields{"backend": address})
		} else if state != connectivity.Ready && ready {
			logWarn("backend.disconnected", fields{"backend": address, "state": state.String()})
		}
		ready = state == connectivity.Ready
	}
}
