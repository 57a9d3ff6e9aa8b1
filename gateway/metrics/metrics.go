package metrics

// Prometheus metrics of the gateway (client_golang, Debian's golang-github-prometheus-client-golang-dev),
// served at /metrics on --listen and, when set, on --metrics_listen: REST requests by route,
// method and status with their latency, open watch streams, whether the backend channel is
// ready, build info, and the Go runtime's and process's own metrics.

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"statusphere/gateway/logging"
	"statusphere/gateway/middleware"
)

const version = "0.1.0"

var knownMethods = map[string]bool{"GET": true, "HEAD": true, "OPTIONS": true, "POST": true}

// Metrics are the gateway's series and the registry that serves them.
type Metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	streams  prometheus.Gauge
	// The response cache: lookups by result, and what it holds.
	cacheLookups *prometheus.CounterVec
	cacheEntries prometheus.Gauge
	cacheBytes   prometheus.Gauge
	changeLog    prometheus.Gauge
}

// New registers the series; backendReady tells whether the channel to the server is READY.
func New(backendReady func() bool) *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "statusphere_gateway_http_requests_total",
			Help: "REST requests answered, by route (other for unknown paths), method and HTTP status code.",
		}, []string{"route", "method", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "statusphere_gateway_http_request_duration_seconds",
			Help:    "Time to answer a REST request, by route (the watch stream excluded).",
			Buckets: []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30},
		}, []string{"route"}),
		streams: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "statusphere_gateway_watch_streams_open",
			Help: "Server-Sent Events watch streams open now.",
		}),
		cacheLookups: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "statusphere_gateway_cache_lookups_total",
			Help: "Cacheable GET requests by result: hit (answered from the cache), shared (waited for another request's backend call), miss (made the backend call).",
		}, []string{"result"}),
		cacheEntries: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "statusphere_gateway_cache_entries",
			Help: "Answers in the response cache now.",
		}),
		cacheBytes: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "statusphere_gateway_cache_bytes",
			Help: "Bytes of answers (both encodings) in the response cache now.",
		}),
		changeLog: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "statusphere_gateway_cache_change_log_connected",
			Help: "1 while the cache follows the server's incident change log (WatchIncidents); 0 while only its max age bounds the answers.",
		}),
	}
	buildInfo := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        "statusphere_build_info",
		Help:        "Always 1: the program, its version and what this run is on.",
		ConstLabels: prometheus.Labels{"program": "statusphere-gateway", "version": version, "detail": ""},
	})
	buildInfo.Set(1)
	ready := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "statusphere_gateway_backend_ready",
		Help: "1 while the gRPC channel to statusphere-server is READY, 0 otherwise.",
	}, func() float64 {
		if backendReady() {
			return 1
		}
		return 0
	})
	for _, result := range []string{"hit", "shared", "miss"} {
		m.cacheLookups.WithLabelValues(result) // present at 0 from the start
	}
	m.registry.MustRegister(m.requests, m.latency, m.streams, m.cacheLookups, m.cacheEntries, m.cacheBytes, m.changeLog, buildInfo, ready,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *Metrics) CacheLookup(result string) {
	if m != nil {
		m.cacheLookups.WithLabelValues(result).Inc()
	}
}

func (m *Metrics) CacheSize(entries, bytes int) {
	if m != nil {
		m.cacheEntries.Set(float64(entries))
		m.cacheBytes.Set(float64(bytes))
	}
}

func (m *Metrics) ChangeLogConnected(connected bool) {
	if m != nil {
		value := 0.0
		if connected {
			value = 1
		}
		m.changeLog.Set(value)
	}
}

// Handler serves the registry in the text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{ErrorLog: logging.HTTPErrorLog()})
}

// Wrap counts every request that reaches `next` under its route's label (routeOf gives
// "other" for paths that are no route, so that a client probing random paths cannot add
// series); a stream's requests are counted as open streams, without a latency.
func (m *Metrics) Wrap(next http.Handler, routeOf func(path string) (label string, stream bool)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		route, stream := routeOf(r.URL.Path)
		method := r.Method
		if !knownMethods[method] {
			method = "other"
		}
		if stream {
			m.streams.Inc()
			defer m.streams.Dec()
		}
		start := time.Now()
		rec := &middleware.StatusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if rec.Status == 0 {
			rec.Status = http.StatusOK
		}
		m.requests.WithLabelValues(route, method, strconv.Itoa(rec.Status)).Inc()
		if !stream {
			m.latency.WithLabelValues(route).Observe(time.Since(start).Seconds())
		}
	})
}
