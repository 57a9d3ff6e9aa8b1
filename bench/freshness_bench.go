// Freshness: how long after a status page publishes an update a watcher and a webhook see
// it, and what that costs the pages. A farm of N Statuspage-style pages on 127.0.0.1 whose
// incidents open, gain updates and resolve at random; each page is served under one prefix
// per statusphere stack (-stacks: e.g. adaptive, hot and fixed schedules, run side by side
// on the same events). For every update, the time from the farm serving it to the stack's
// SSE stream (the gateway's /api/v1/watch) carrying it, and to the stack's generic JSON
// webhook (POSTed to this farm at /hook/<stack>) delivering it; and the farm's requests per
// page per hour for each stack. Time is scaled: the stacks run with intervals divided by
// -scale, and every figure is printed multiplied back (simulated seconds).
//
// Run by bench/freshness_bench.sh (built with sse_reader.go); not part of CI.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"net"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

type update struct {
	id, status, body string
	at               time.Time // when the farm first served it
}

type incident struct {
	id       string
	impact   string
	started  time.Time
	resolved bool
	updates  []update
}

type page struct {
	mu        sync.Mutex
	version   int
	incidents []*incident
	requests  []int64 // per stack, in -stacks order
	notMod    []int64
}

func ts(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func (p *page) documents(name string) []byte {
	var all, open []map[string]any
	for _, inc := range p.incidents {
		var ups []map[string]any
		for i := len(inc.updates) - 1; i >= 0; i-- { // newest first, as Statuspage lists them
			u := inc.updates[i]
			ups = append(ups, map[string]any{"id": u.id, "status": u.status, "body": u.body,
				"created_at": ts(u.at), "display_at": ts(u.at), "updated_at": ts(u.at)})
		}
		last := inc.updates[len(inc.updates)-1]
		m := map[string]any{"id": inc.id, "name": "Incident " + inc.id, "status": last.status, "impact": inc.impact,
			"created_at": ts(inc.started), "started_at": ts(inc.started), "updated_at": ts(last.at),
			"shortlink": "https://stspg.io/" + inc.id, "components": []any{}, "incident_updates": ups, "resolved_at": nil}
		if inc.resolved {
			m["resolved_at"] = ts(last.at)
		} else {
			open = append(open, m)
		}
		all = append(all, m)
	}
	if all == nil {
		all = []map[string]any{}
	}
	if open == nil {
		open = []map[string]any{}
	}
	info := map[string]any{"id": "farm", "name": "Farm", "url": "https://status.farm.example", "time_zone": "Etc/UTC",
		"updated_at": ts(time.Now())}
	var doc map[string]any
	switch name {
	case "summary.json":
		indicator := "none"
		if len(open) > 0 {
			indicator = "minor"
		}
		doc = map[string]any{"page": info, "status": map[string]any{"indicator": indicator, "description": "Farm"},
			"components": []any{map[string]any{"id": "api", "name": "API", "status": "operational", "position": 1}},
			"incidents":  open, "scheduled_maintenances": []any{}}
	case "incidents.json":
		doc = map[string]any{"page": info, "incidents": all}
	default:
		doc = map[string]any{"page": info, "scheduled_maintenances": []any{}}
	}
	b, _ := json.Marshal(doc)
	return b
}

type farm struct {
	pages  []*page
	seq    int64
	stacks map[string]int // name -> index
	// When each stack first carried each update id, on its SSE stream and by its webhook.
	mu     sync.Mutex
	seen   []map[string]time.Time
	hooked []map[string]time.Time
}

// The incident's update ids in an SSE change or a generic JSON webhook body (both carry
// the incident in the REST API's words).
func updateIDs(body []byte) []string {
	var change struct {
		Incident struct {
			Events []struct {
				ID string `json:"id"`
			} `json:"events"`
		} `json:"incident"`
	}
	if json.Unmarshal(body, &change) != nil {
		return nil
	}
	var ids []string
	for _, e := range change.Incident.Events {
		ids = append(ids, e.ID)
	}
	return ids
}

func (f *farm) record(into map[string]time.Time, ids []string, at time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, id := range ids {
		if _, ok := into[id]; !ok {
			into[id] = at
		}
	}
}

// Serves /<stack>/p<i>/api/v2/<doc>, with an ETag per page version and 304s, and takes the
// stacks' webhooks at POST /hook/<stack>.
func (f *farm) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var i int
	var doc string
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if len(parts) == 2 && parts[0] == "hook" && r.Method == http.MethodPost {
		now := time.Now()
		s, ok := f.stacks[parts[1]]
		body, err := io.ReadAll(r.Body)
		if !ok || err != nil {
			http.NotFound(w, r)
			return
		}
		f.record(f.hooked[s], updateIDs(body), now)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	s, known := 0, false
	if len(parts) == 5 {
		s, known = f.stacks[parts[0]]
	}
	if !known || parts[2] != "api" || parts[3] != "v2" {
		http.NotFound(w, r)
		return
	}
	doc = parts[4]
	if _, err := fmt.Sscanf(parts[1], "p%d", &i); err != nil || i < 0 || i >= len(f.pages) {
		http.NotFound(w, r)
		return
	}
	p := f.pages[i]
	p.mu.Lock()
	defer p.mu.Unlock()
	atomic.AddInt64(&p.requests[s], 1)
	etag := fmt.Sprintf("\"v%d\"", p.version)
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Type", "application/json")
	if r.Header.Get("If-None-Match") == etag {
		atomic.AddInt64(&p.notMod[s], 1)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Write(p.documents(doc))
}

// One random step of page p: open an incident, add an update to the open one, or resolve it.
func (f *farm) step(p *page, rng *rand.Rand, now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var open *incident
	for _, inc := range p.incidents {
		if !inc.resolved {
			open = inc
		}
	}
	n := atomic.AddInt64(&f.seq, 1)
	switch {
	case open == nil:
		open = &incident{id: fmt.Sprintf("i%d", n), impact: "minor", started: now}
		p.incidents = append(p.incidents, open)
		open.updates = append(open.updates, update{fmt.Sprintf("u%d", n), "investigating", "Looking into it.", now})
	case len(open.updates) >= 2 && rng.Intn(3) == 0:
		open.resolved = true
		open.updates = append(open.updates, update{fmt.Sprintf("u%d", n), "resolved", "Resolved.", now})
	default:
		open.updates = append(open.updates, update{fmt.Sprintf("u%d", n), "monitoring", fmt.Sprintf("Update %d.", n), now})
	}
	if len(p.incidents) > 20 { // the page lists its recent history only
		p.incidents = p.incidents[1:]
	}
	p.version++
}

// Reads one stack's SSE stream and records when each update id first arrived.
func (f *farm) watch(url string, s int) {
	for {
		resp, err := http.Get(url)
		if err != nil {
			time.Sleep(200 * time.Millisecond)
			continue
		}
		readSSE(resp.Body, func(data string, arrived time.Time) {
			f.record(f.seen[s], updateIDs([]byte(data)), arrived)
		})
		resp.Body.Close()
	}
}

// Requests and 304s of every page, per stack.
func (f *farm) requests() (req, notMod []int64) {
	req, notMod = make([]int64, len(f.stacks)), make([]int64, len(f.stacks))
	for _, p := range f.pages {
		for s := range req {
			req[s] += atomic.LoadInt64(&p.requests[s])
			notMod[s] += atomic.LoadInt64(&p.notMod[s])
		}
	}
	return req, notMod
}

// The delays (simulated seconds) of the updates served since start, as `at` recorded them:
// every update, and the later ones (of an incident already open); and how many never came.
func (f *farm) delays(at map[string]time.Time, start time.Time, scale float64) (all, later []float64, missing int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, p := range f.pages {
		p.mu.Lock()
		for _, inc := range p.incidents {
			for k, u := range inc.updates {
				if u.at.Before(start) {
					continue
				}
				t, ok := at[u.id]
				if !ok {
					missing++
					continue
				}
				d := t.Sub(u.at).Seconds() * scale
				all = append(all, d)
				if k > 0 {
					later = append(later, d)
				}
			}
		}
		p.mu.Unlock()
	}
	sort.Float64s(all)
	sort.Float64s(later)
	return all, later, missing
}

func main() {
	pages := flag.Int("pages", 200, "pages in the farm")
	scale := flag.Float64("scale", 10, "simulated seconds per real second")
	meanGap := flag.Duration("mean_gap", 20*time.Minute, "simulated mean time between two changes of a page with an open incident")
	quietGap := flag.Duration("quiet_gap", 6*time.Hour, "simulated mean time before a quiet page opens an incident")
	warmup := flag.Duration("warmup", 20*time.Second, "real time before changes begin (the first scrapes)")
	duration := flag.Duration("duration", 180*time.Second, "real time changes run for")
	settle := flag.Duration("settle", 40*time.Second, "real time after the last change for the streams and webhooks to catch up")
	portFile := flag.String("port_file", "", "the farm's port is written here")
	stackList := flag.String("stacks", "adaptive,fixed", "the stacks' names, comma-separated: each page is served under /<name>/")
	prefix := flag.String("prefix", "", "writes <prefix>-<stack>.tsv (the stack's catalog); reads <prefix>-<stack>.url (its gateway's base URL, once it exists)")
	flag.Parse()

	names := strings.Split(*stackList, ",")
	f := &farm{stacks: map[string]int{}}
	for s, name := range names {
		f.stacks[name] = s
		f.seen = append(f.seen, map[string]time.Time{})
		f.hooked = append(f.hooked, map[string]time.Time{})
	}
	for i := 0; i < *pages; i++ {
		f.pages = append(f.pages, &page{requests: make([]int64, len(names)), notMod: make([]int64, len(names))})
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	go http.Serve(ln, f)
	for _, stack := range names {
		var b strings.Builder
		for i := 0; i < *pages; i++ {
			fmt.Fprintf(&b, "Farm %s %d\thttp://127.0.0.1:%d/%s/p%d\tatlassian-statuspage\n", stack, i, port, stack, i)
		}
		if err := os.WriteFile(fmt.Sprintf("%s-%s.tsv", *prefix, stack), []byte(b.String()), 0o644); err != nil {
			panic(err)
		}
	}
	os.WriteFile(*portFile, []byte(fmt.Sprint(port)), 0o644)

	for s, stack := range names {
		for {
			b, err := os.ReadFile(fmt.Sprintf("%s-%s.url", *prefix, stack))
			if err == nil && len(b) > 0 {
				go f.watch(strings.TrimSpace(string(b))+"/api/v1/watch", s)
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	time.Sleep(*warmup)
	start := time.Now()
	startReq, startNotMod := f.requests()

	// Each page steps as a Poisson process: fast while an incident is open, rarely when quiet.
	rng := rand.New(rand.NewSource(1))
	tick := 100 * time.Millisecond
	for time.Since(start) < *duration {
		time.Sleep(tick)
		now := time.Now()
		simTick := float64(tick) * *scale
		for _, p := range f.pages {
			p.mu.Lock()
			open := false
			for _, inc := range p.incidents {
				open = open || !inc.resolved
			}
			p.mu.Unlock()
			gap := float64(*quietGap)
			if open {
				gap = float64(*meanGap)
			}
			if rng.Float64() < simTick/gap {
				f.step(p, rng, now)
			}
		}
	}
	elapsed := time.Since(start)
	// The requests of the period the changes ran for (the settling time after it is not
	// part of it, and was counted before).
	endReq, endNotMod := f.requests()
	time.Sleep(*settle)

	simHours := elapsed.Hours() * *scale
	for s, name := range names {
		all, later, missing := f.delays(f.seen[s], start, *scale)
		hookAll, hookLater, hookMissing := f.delays(f.hooked[s], start, *scale)
		req, nm := endReq[s]-startReq[s], endNotMod[s]-startNotMod[s]
		fmt.Printf("%s updates=%d sse_missing=%d sse_p50_s=%.0f sse_p99_s=%.0f later_updates=%d later_sse_p50_s=%.0f "+
			"later_sse_p99_s=%.0f webhook_missing=%d webhook_p50_s=%.0f webhook_p99_s=%.0f later_webhook_p50_s=%.0f "+
			"later_webhook_p99_s=%.0f requests_per_page_hour=%.1f not_modified_share=%.2f\n",
			name, len(all)+missing, missing, percentile(all, 0.5), percentile(all, 0.99), len(later), percentile(later, 0.5), percentile(later, 0.99),
			hookMissing, percentile(hookAll, 0.5), percentile(hookAll, 0.99), percentile(hookLater, 0.5), percentile(hookLater, 0.99),
			float64(req)/float64(len(f.pages))/simHours, float64(nm)/float64(req+1))
	}
}
