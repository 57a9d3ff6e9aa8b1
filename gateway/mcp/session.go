package mcp

// Sessions: initialize hands out an Mcp-Session-Id naming the protocol revision agreed on;
// later requests must carry it (400 without, 404 when it is not one of ours, after which the
// client initializes again, as the spec has it).
//
// The id is signed, not stored: <128 random bits>.<revision>.<HMAC of both>. Any gateway
// holding the key accepts it, so that replicas behind a load balancer without stickiness
// (deploy/kubernetes runs two) serve one session between them, and a restart ends none.
// The key comes from the gateway token, which replicas share; without one it is random per
// process. A session holds nothing but its revision, so nothing else needs sharing; DELETE
// is remembered by the gateway that received it (a bounded set), which is what a client
// ending its session needs.

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"sync"
)

// SessionKey derives the session-signing key from a secret the gateways share (the
// gateway token); nil (a random key per process) when there is none.
func SessionKey(secret string) []byte {
	if secret == "" {
		return nil
	}
	sum := sha256.Sum256([]byte("statusphere/mcp/session-id\x00" + secret))
	return sum[:]
}

type sessions struct {
	key      []byte
	mu       sync.Mutex
	ended    map[string]int // id -> order of ending, oldest forgotten first
	endings  int
	maxEnded int
}

func newSessions(key []byte, maxEnded int) *sessions {
	if len(key) == 0 {
		key = make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			panic("mcp: no randomness for the session key: " + err.Error())
		}
	}
	return &sessions{key: key, ended: map[string]int{}, maxEnded: maxEnded}
}

func (s *sessions) sign(nonce, version string) string {
	mac := hmac.New(sha256.New, s.key)
	mac.Write([]byte(nonce + "." + version))
	return hex.EncodeToString(mac.Sum(nil)[:16])
}

// start makes a session id for an agreed revision: visible ASCII, as the spec requires.
func (s *sessions) start(version string) string {
	var raw [16]byte
	if _, err := rand.Read(raw[:]); err != nil {
		panic("mcp: no randomness for a session id: " + err.Error())
	}
	nonce := hex.EncodeToString(raw[:])
	return nonce + "." + version + "." + s.sign(nonce, version)
}

// find is the session's revision, and whether the id is one of ours and not ended here.
func (s *sessions) find(id string) (string, bool) {
	parts := strings.Split(id, ".")
	if len(parts) != 3 || len(parts[0]) != 32 || !isSupported(parts[1]) ||
		!hmac.Equal([]byte(parts[2]), []byte(s.sign(parts[0], parts[1]))) {
		return "", false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ended := s.ended[id]; ended {
		return "", false
	}
	return parts[1], true
}

// end ends a session (DELETE); whether it was live.
func (s *sessions) end(id string) bool {
	if _, ok := s.find(id); !ok {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.ended) >= s.maxEnded {
		// Forget the older half: a flood of DELETEs cannot grow memory, and a client whose
		// ended id works again has lost nothing (the id grants nothing but a revision).
		for endedID, order := range s.ended {
			if order < s.endings-s.maxEnded/2 {
				delete(s.ended, endedID)
			}
		}
	}
	s.endings++
	s.ended[id] = s.endings
	return true
}

func (s *sessions) endedCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.ended)
}
