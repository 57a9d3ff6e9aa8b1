// The clients of bench/watch_bench.sh: N Server-Sent Events clients on the gateway's
// /api/v1/watch and N gRPC WatchIncidents streams straight to the server, all open at
// once; then one report (the command given), and the time from it to every client's first
// event. Prints latency (first, p50, p99, last) per kind, and threads and RSS of the server
// and gateway processes before the clients, with them open, and after the change.
//
// Built by watch_bench.sh, with sse_reader.go, from Debian's Go packages only (GOPATH mode, no generated code:
// the stream is opened by method name with a pass-through codec).
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/encoding"
)

type rawCodec struct{}

func (rawCodec) Marshal(v interface{}) ([]byte, error) { return *(v.(*[]byte)), nil }
func (rawCodec) Unmarshal(data []byte, v interface{}) error {
	*(v.(*[]byte)) = append([]byte(nil), data...)
	return nil
}
func (rawCodec) Name() string { return "proto" }

var _ encoding.Codec = rawCodec{}

type procStat struct{ threads, rssKB int64 }

func stat(pid int) procStat {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return procStat{-1, -1}
	}
	var s procStat
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		switch f[0] {
		case "Threads:":
			s.threads, _ = strconv.ParseInt(f[1], 10, 64)
		case "VmRSS:":
			s.rssKB, _ = strconv.ParseInt(f[1], 10, 64)
		}
	}
	return s
}

// Arrival times in Unix nanoseconds; 0 until the client saw its event.
type clients struct {
	connected int64
	arrivals  []int64
}

func summary(kind string, c *clients, sent int64) string {
	var lat []int64
	for i := range c.arrivals {
		if a := atomic.LoadInt64(&c.arrivals[i]); a != 0 {
			lat = append(lat, a-sent)
		}
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	ms := func(ns int64) string { return fmt.Sprintf("%.1f", float64(ns)/1e6) }
	if len(lat) == 0 {
		return fmt.Sprintf("%s clients=%d seen=0", kind, len(c.arrivals))
	}
	return fmt.Sprintf("%s clients=%d seen=%d first_ms=%s p50_ms=%s p99_ms=%s last_ms=%s", kind, len(c.arrivals), len(lat),
		ms(lat[0]), ms(percentile(lat, 0.50)), ms(percentile(lat, 0.99)), ms(lat[len(lat)-1]))
}

func main() {
	gateway := flag.String("gateway", "http://127.0.0.1:8080", "gateway base URL")
	server := flag.String("grpc", "127.0.0.1:50051", "server gRPC address")
	n := flag.Int("n", 1000, "SSE clients, and as many gRPC streams")
	perConn := flag.Int("streams_per_connection", 100, "gRPC streams per HTTP/2 connection")
	serverPid := flag.Int("server_pid", 0, "")
	gatewayPid := flag.Int("gateway_pid", 0, "")
	report := flag.String("report", "", "command that makes one change and prints its send time (Unix ns)")
	flag.Parse()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	before := [2]procStat{stat(*serverPid), stat(*gatewayPid)}

	sse := &clients{arrivals: make([]int64, *n)}
	rpc := &clients{arrivals: make([]int64, *n)}
	var failures int64
	opening := make(chan struct{}, 256) // dials at once: the listen backlogs stay ahead
	var wg sync.WaitGroup

	transport := &http.Transport{
		DialContext:        (&net.Dialer{Timeout: 30 * time.Second}).DialContext,
		DisableCompression: true, MaxIdleConnsPerHost: -1,
	}
	httpClient := &http.Client{Transport: transport}
	for i := 0; i < *n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			opening <- struct{}{}
			req, _ := http.NewRequestWithContext(ctx, "GET", *gateway+"/api/v1/watch", nil)
			resp, err := httpClient.Do(req)
			<-opening
			if err != nil || resp.StatusCode != 200 {
				atomic.AddInt64(&failures, 1)
				if err == nil {
					resp.Body.Close()
				}
				return
			}
			defer resp.Body.Close()
			atomic.AddInt64(&sse.connected, 1)
			readSSE(resp.Body, func(_ string, arrived time.Time) {
				if atomic.LoadInt64(&sse.arrivals[i]) == 0 {
					atomic.StoreInt64(&sse.arrivals[i], arrived.UnixNano())
				}
			})
		}(i)
	}

	conns := (*n + *perConn - 1) / *perConn
	desc := &grpc.StreamDesc{ServerStreams: true}
	for c := 0; c < conns; c++ {
		conn, err := grpc.DialContext(ctx, *server, grpc.WithInsecure(), grpc.WithDefaultCallOptions(grpc.ForceCodec(rawCodec{})))
		if err != nil {
			fmt.Fprintln(os.Stderr, "dial:", err)
			os.Exit(1)
		}
		defer conn.Close()
		for s := c * *perConn; s < (c+1)**perConn && s < *n; s++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				opening <- struct{}{}
				stream, err := conn.NewStream(ctx, desc, "/statusphere.v1.StatusPageService/WatchIncidents")
				if err == nil {
					empty := []byte{} // a WatchIncidentsRequest with every field empty: all pages, live
					err = stream.SendMsg(&empty)
				}
				if err == nil {
					err = stream.CloseSend()
				}
				if err == nil {
					_, err = stream.Header()
				}
				<-opening
				if err != nil {
					atomic.AddInt64(&failures, 1)
					return
				}
				atomic.AddInt64(&rpc.connected, 1)
				for {
					var msg []byte
					if err := stream.RecvMsg(&msg); err != nil {
						return
					}
					if atomic.LoadInt64(&rpc.arrivals[i]) == 0 {
						atomic.StoreInt64(&rpc.arrivals[i], time.Now().UnixNano())
					}
				}
			}(s)
		}
	}

	openStart := time.Now()
	for time.Since(openStart) < 180*time.Second {
		if atomic.LoadInt64(&sse.connected)+atomic.LoadInt64(&rpc.connected)+atomic.LoadInt64(&failures) >= int64(2**n) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	opened := time.Since(openStart)
	time.Sleep(2 * time.Second) // let the gateway's shared feed and the server settle
	open := [2]procStat{stat(*serverPid), stat(*gatewayPid)}

	out, err := exec.Command("sh", "-c", *report).Output()
	if err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
	sent, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
	if err != nil {
		fmt.Fprintln(os.Stderr, "report printed", string(out))
		os.Exit(1)
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		seen := 0
		for i := 0; i < *n; i++ {
			if atomic.LoadInt64(&sse.arrivals[i]) != 0 {
				seen++
			}
			if atomic.LoadInt64(&rpc.arrivals[i]) != 0 {
				seen++
			}
		}
		if seen >= int(atomic.LoadInt64(&sse.connected)+atomic.LoadInt64(&rpc.connected)) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	after := [2]procStat{stat(*serverPid), stat(*gatewayPid)}

	fmt.Printf("opened sse=%d grpc=%d failed=%d in %.1fs\n", sse.connected, rpc.connected, failures, opened.Seconds())
	fmt.Println(summary("sse", sse, sent))
	fmt.Println(summary("grpc", rpc, sent))
	for i, name := range []string{"server", "gateway"} {
		perClient := float64(open[i].rssKB-before[i].rssKB) / float64(*n)
		fmt.Printf("%s threads_before=%d threads_open=%d threads_after=%d rss_before_mb=%.1f rss_open_mb=%.1f rss_after_mb=%.1f rss_per_client_kb=%.1f\n",
			name, before[i].threads, open[i].threads, after[i].threads,
			float64(before[i].rssKB)/1024, float64(open[i].rssKB)/1024, float64(after[i].rssKB)/1024, perClient)
	}
	cancel()
	wg.Wait()
}
