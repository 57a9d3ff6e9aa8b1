package main

// Command-line flags, each with an environment equivalent STATUSPHERE_GATEWAY_<FLAG>
// (the same convention as the C++ binaries); the command line wins over the environment.

import (
	"flag"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"statusphere/gateway/cache"
	"statusphere/gateway/ratelimit"
)

type config struct {
	listen         string
	backend        string
	portFile       string
	requestTimeout time.Duration
	// Besides /metrics on listen, also serve it here (empty: only on listen).
	metricsListen string
	logFormat     string
	// net/http/pprof on this loopback host:port (empty: off).
	pprofListen string
	cache       cache.Options
	rateLimit   ratelimit.Options
	// TLS to the backend (see the server's --tls_* flags); empty CA means plaintext.
	backendCAFile         string
	backendClientCertFile string
	backendClientKeyFile  string
	// Changes a /api/v1/watch client may have unsent (see watch/hub.go).
	watchClientBuffer int
	// The gateway token's file (see backend.go); STATUSPHERE_GATEWAY_TOKEN holds the token itself.
	tokenFile string
	// Browser origins besides loopback ones that may use /mcp (mcp.Options.AllowedOrigins).
	mcpAllowedOrigins []string
}

const envPrefix = "STATUSPHERE_GATEWAY_"

func parseConfig(args []string) (config, error) {
	var c config
	fs := flag.NewFlagSet("statusphere-gateway", flag.ContinueOnError)
	fs.StringVar(&c.listen, "listen", "127.0.0.1:8080", "host:port to serve REST on (port 0 picks a free one)")
	fs.StringVar(&c.backend, "backend", "127.0.0.1:50051", "statusphere-server gRPC address (host:port)")
	fs.StringVar(&c.portFile, "port_file", "", "if set, the bound port is written here once serving (for scripts and tests)")
	fs.StringVar(&c.backendCAFile, "backend_tls_ca_file", "", "talk to the backend over TLS, trusting this CA (PEM)")
	fs.StringVar(&c.backendClientCertFile, "backend_tls_client_cert_file", "", "client certificate (PEM) for a backend that requires mutual TLS")
	fs.StringVar(&c.backendClientKeyFile, "backend_tls_client_key_file", "", "private key (PEM) of --backend_tls_client_cert_file")
	fs.StringVar(&c.tokenFile, "token_file", "", "file holding the gateway token (the server's <data_dir>/gateway_token), sent on every backend call so that the server believes the X-Forwarded-For it appends; STATUSPHERE_GATEWAY_TOKEN holds the token itself")
	fs.StringVar(&c.metricsListen, "metrics_listen", "", "also serve Prometheus metrics at /metrics on this host:port (they are always at /metrics on --listen)")
	fs.StringVar(&c.logFormat, "log_format", "auto", "log lines as json (for machines) or text (for people); auto: text when stderr is a terminal")
	fs.StringVar(&c.pprofListen, "pprof_listen", "", "serve net/http/pprof on this loopback host:port, for profiling (off when empty)")
	fs.DurationVar(&c.requestTimeout, "request_timeout", 15*time.Second, "deadline of each call to the backend")
	fs.DurationVar(&c.cache.MaxAge, "cache_max_age", 500*time.Millisecond, "serve a cached GET answer for at most this long (changes in the incident log drop it at once); 0 turns the cache off")
	fs.IntVar(&c.cache.MaxEntries, "cache_max_entries", 10000, "cached answers kept at most (least recently used out first)")
	cacheMB := fs.Int("cache_max_mb", 256, "memory for cached answers (bodies and their gzip forms), in MiB")
	fs.DurationVar(&c.cache.ClientMaxAge, "cache_control_max_age", time.Second, "Cache-Control max-age told to clients for cached answers (whole seconds; 0 sends no-cache)")
	// The server's defaults (server/main.cc --rate_limit_rps, --rate_limit_burst): set both alike.
	fs.Float64Var(&c.rateLimit.RequestsPerSecond, "rate_limit_rps", 50, "sustained REST requests per second per client address, cached answers included (0: no limit in the gateway)")
	fs.Float64Var(&c.rateLimit.Burst, "rate_limit_burst", 300, "REST requests a client may make at once after being idle")
	fs.IntVar(&c.rateLimit.MaxClients, "rate_limit_max_clients", 100000, "client buckets kept at most (idle ones dropped first)")
	mcpOrigins := fs.String("mcp_allowed_origins", "", "comma-separated browser origins (scheme://host[:port]) that may use /mcp besides loopback ones, e.g. https://assistant.example.com; others get 403 and no CORS grant (the MCP spec's DNS rebinding guard)")
	fs.IntVar(&c.watchClientBuffer, "watch_client_buffer", 256, "changes a /api/v1/watch client may have unsent before it catches up on a call of its own (twice within a minute: it is dropped)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "statusphere-gateway: the REST /api/v1 surface in front of statusphere-server.\n"+
			"Every flag can also be set as %s<FLAG_IN_CAPITALS>; the command line wins.\n\n", envPrefix)
		fs.PrintDefaults()
	}

	// Environment first, so that flags parsed afterwards override it.
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		name := envPrefix + strings.ToUpper(f.Name)
		if value, ok := os.LookupEnv(name); ok && envErr == nil {
			if err := fs.Set(f.Name, value); err != nil {
				envErr = fmt.Errorf("%s=%q: %v", name, value, err)
			}
		}
	})
	if envErr != nil {
		return c, envErr
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	if c.cache.MaxAge < 0 || c.cache.MaxEntries < 1 || *cacheMB < 1 || c.rateLimit.RequestsPerSecond < 0 || c.rateLimit.MaxClients < 1 {
		return c, fmt.Errorf("cache_max_age and rate_limit_rps must not be negative; cache_max_entries, cache_max_mb and rate_limit_max_clients must be at least 1")
	}
	c.cache.MaxBytes = *cacheMB << 20
	c.cache.FillTimeout = c.requestTimeout
	if c.watchClientBuffer < 1 {
		return c, fmt.Errorf("watch_client_buffer: %d is not a positive number of changes", c.watchClientBuffer)
	}
	origins, err := parseOrigins(*mcpOrigins)
	if err != nil {
		return c, fmt.Errorf("mcp_allowed_origins: %v", err)
	}
	c.mcpAllowedOrigins = origins
	return c, nil
}

// parseOrigins reads a comma-separated list of origins as browsers send them in Origin:
// scheme, host and port only ("*" would undo the guard the list is for).
func parseOrigins(list string) ([]string, error) {
	var origins []string
	for _, origin := range strings.Split(list, ",") {
		origin = strings.TrimSuffix(strings.TrimSpace(origin), "/")
		if origin == "" {
			continue
		}
		u, err := url.Parse(origin)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" || u.RawQuery != "" || u.User != nil {
			return nil, fmt.Errorf("%q is not an origin (scheme://host[:port], e.g. https://assistant.example.com)", origin)
		}
		origins = append(origins, origin)
	}
	return origins, nil
}
