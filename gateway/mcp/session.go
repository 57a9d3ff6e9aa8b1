package mcp

// Sessions: initialize hands out an Mcp-Session-Id that names the protocol revision agreed
// on; later requests must carry it (400 without, 404 once unknown, after which the client
// initializes again, as the spec has it). Kept in memory and bounded: a restarted gateway
// forgets them and clients start over, which costs one initialize.

import (
	"crypto/rand"
	"encoding/hex"
	"sort"
	"sync"
	"time"
)

type session struct {
	version  string
	lastSeen time.Time
}

type sessions struct {
	mu      sync.Mutex
	byID    map[string]*session
	max     int
	idleTTL time.Duration
	now     func() time.Time
}

func newSessions(max int, idleTTL time.Duration) *sessions {
	return &sessions{byID: map[string]*session{}, max: max, idleTTL: idleTTL, now: time.Now}
}

// start makes a session for an agreed revision. The id is 128 random bits in hex: visible
// ASCII, as the spec requires, and not guessable.
func (s *sessions) start(version string) string {
	var raw [16]byte
	if _, err := rand.Read(raw[:]); err != nil {
		panic("mcp: no randomness for a session id: " + err.Error())
	}
	id := hex.EncodeToString(raw[:])
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if len(s.byID) >= s.max {
		s.evict(now)
	}
	s.byID[id] = &session{version: version, lastSeen: now}
	return id
}

// find is the session's revision, and whether it exists (and has not idled out).
func (s *sessions) find(id string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	found, ok := s.byID[id]
	now := s.now()
	if !ok || now.Sub(found.lastSeen) > s.idleTTL {
		delete(s.byID, id)
		return "", false
	}
	found.lastSeen = now
	return found.version, true
}

// end forgets a session (DELETE); whether it existed.
func (s *sessions) end(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.byID[id]
	delete(s.byID, id)
	return ok
}

func (s *sessions) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.byID)
}

// evict drops idle sessions; when every one is still active, the least recently seen
// quarter goes, so that a flood of initializes cannot grow memory.
func (s *sessions) evict(now time.Time) {
	for id, found := range s.byID {
		if now.Sub(found.lastSeen) > s.idleTTL {
			delete(s.byID, id)
		}
	}
	if len(s.byID) < s.max {
		return
	}
	ids := make([]string, 0, len(s.byID))
	for id := range s.byID {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return s.byID[ids[i]].lastSeen.Before(s.byID[ids[j]].lastSeen) })
	for _, id := range ids[:len(ids)/4+1] {
		delete(s.byID, id)
	}
}
