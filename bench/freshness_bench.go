// Freshness: how long after a status page publishes an update a watcher sees it, and what
// that costs the pages. A farm of N Statuspage-style pages on 127.0.0.1 whose incidents
// open, gain updates and resolve at random; each page is served under two prefixes, /a/
// and /f/, one per statusphere stack (adaptive and fixed schedule, run side by side on the
// same events). For every update, the time from the farm serving it to the stack's SSE
// stream (the gateway's /api/v1/watch) carrying it; and the farm's requests per page per
// hour for each stack. Time is scaled: the stacks run with intervals divided by -scale,
// and every figure is printed multiplied back (simulated seconds), next to the real ones.
//
// Run by bench/freshness_bench.sh; not part of CI.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
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
	requests  [2]int64 // per stack: /a/, /f/
	notMod    [2]int64
}

var stacks = [2]string{"a", "f"}

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
			"incidents": open, "scheduled_maintenances": []any{}}
	case "incidents.json":
		doc = map[string]any{"page": info, "incidents": all}
	default:
		doc = map[string]any{"page": info, "scheduled_maintenances": []any{}}
	}
	b, _ := json.Marshal(doc)
	return b
}

type farm struct {
	pages []*page
	seq   int64
}

// Serves /{a,f}/p<i>/api/v2/<doc>, with an ETag per page version and 304s.
func (f *farm) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var stack string
	var i int
	var doc string
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if len(parts) != 5 || (parts[0] != "a" && parts[0] != "f") || parts[2] != "api" || parts[3] != "v2" {
		http.NotFound(w, r)
		return
	}
	stack, doc = parts[0], parts[4]
	if _, err := fmt.Sscanf(parts[1], "p%d", &i); err != nil || i < 0 || i >= len(f.pages) {
		http.NotFound(w, r)
		return
	}
	s := 0
	if stack == "f" {
		s = 1
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
func watch(url string, seen map[string]time.Time, mu *sync.Mutex) {
	for {
		resp, err := http.Get(url)
		if err != nil {
			time.Sleep(200 * time.Millisecond)
			continue
		}
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		for sc.Scan() {
			line := sc.Text()
			if !strings.HasPrefix(line, "data: ") {
				continue
			}
			now := time.Now()
			var change struct {
				Incident struct {
					Events []struct {
						ID string `json:"id"`
					} `json:"events"`
				} `json:"incident"`
			}
			if json.Unmarshal([]byte(line[6:]), &change) != nil {
				continue
			}
			mu.Lock()
			for _, e := range change.Incident.Events {
				if _, ok := seen[e.ID]; !ok {
					seen[e.ID] = now
				}
			}
			mu.Unlock()
		}
		resp.Body.Close()
	}
}

func pct(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return -1
	}
	i := int(p*float64(len(sorted))+0.5) - 1
	if i < 0 {
		i = 0
	}
	if i >= len(sorted) {
		i = len(sorted) - 1
	}
	return sorted[i]
}

func main() {
	pages := flag.Int("pages", 200, "pages in the farm")
	scale := flag.Float64("scale", 10, "simulated seconds per real second")
	meanGap := flag.Duration("mean_gap", 20*time.Minute, "simulated mean time between two changes of a page with an open incident")
	quietGap := flag.Duration("quiet_gap", 6*time.Hour, "simulated mean time before a quiet page opens an incident")
	warmup := flag.Duration("warmup", 20*time.Second, "real time before changes begin (the first scrapes)")
	duration := flag.Duration("duration", 180*time.Second, "real time changes run for")
	settle := flag.Duration("settle", 40*time.Second, "real time after the last change for the streams to catch up")
	portFile := flag.String("port_file", "", "the farm's port is written here")
	catalogs := flag.String("catalog_prefix", "", "writes <prefix>-a.tsv and <prefix>-f.tsv (one catalog per stack)")
	watchA := flag.String("watch_a", "", "file holding the adaptive stack's gateway base URL (read once it exists)")
	watchF := flag.String("watch_f", "", "file holding the fixed stack's gateway base URL")
	flag.Parse()

	f := &farm{}
	for i := 0; i < *pages; i++ {
		f.pages = append(f.pages, &page{})
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	go http.Serve(ln, f)
	for _, stack := range stacks {
		var b strings.Builder
		for i := 0; i < *pages; i++ {
			fmt.Fprintf(&b, "Farm %s %d\thttp://127.0.0.1:%d/%s/p%d\tatlassian-statuspage\n", stack, i, port, stack, i)
		}
		if err := os.WriteFile(fmt.Sprintf("%s-%s.tsv", *catalogs, stack), []byte(b.String()), 0o644); err != nil {
			panic(err)
		}
	}
	os.WriteFile(*portFile, []byte(fmt.Sprint(port)), 0o644)

	var mu sync.Mutex
	seen := [2]map[string]time.Time{{}, {}}
	for s, file := range []string{*watchA, *watchF} {
		for {
			b, err := os.ReadFile(file)
			if err == nil && len(b) > 0 {
				go watch(strings.TrimSpace(string(b))+"/api/v1/watch", seen[s], &mu)
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	time.Sleep(*warmup)
	start := time.Now()
	var startReq, startNotMod [2]int64
	for _, p := range f.pages {
		for s := range stacks {
			startReq[s] += atomic.LoadInt64(&p.requests[s])
			startNotMod[s] += atomic.LoadInt64(&p.notMod[s])
		}
	}

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
	time.Sleep(*settle)

	// Updates served after the warm-up, their delays per stack.
	for s, name := range []string{"adaptive", "fixed"} {
		var all, later []float64
		missing := 0
		var total, firsts int
		mu.Lock()
		for _, p := range f.pages {
			p.mu.Lock()
			for _, inc := range p.incidents {
				for k, u := range inc.updates {
					if u.at.Before(start) {
						continue
					}
					total++
					t, ok := seen[s][u.id]
					if !ok {
						missing++
						continue
					}
					d := t.Sub(u.at).Seconds() * *scale
					all = append(all, d)
					if k > 0 {
						later = append(later, d)
					} else {
						firsts++
					}
				}
			}
			p.mu.Unlock()
		}
		mu.Unlock()
		sort.Float64s(all)
		sort.Float64s(later)
		var req, nm int64
		for _, p := range f.pages {
			req += atomic.LoadInt64(&p.requests[s])
			nm += atomic.LoadInt64(&p.notMod[s])
		}
		req -= startReq[s]
		nm -= startNotMod[s]
		simHours := elapsed.Hours() * *scale
		fmt.Printf("%s updates=%d seen=%d missing=%d p50_s=%.0f p99_s=%.0f later_updates=%d later_p50_s=%.0f later_p99_s=%.0f "+
			"requests_per_page_hour=%.1f not_modified_share=%.2f\n",
			name, total, len(all), missing, pct(all, 0.5), pct(all, 0.99), len(later), pct(later, 0.5), pct(later, 0.99),
			float64(req)/float64(len(f.pages))/simHours, float64(nm)/float64(req+1))
	}
}
