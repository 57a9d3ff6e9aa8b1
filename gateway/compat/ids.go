package compat

// Ids stable across scrapes: Statuspage clients key what they show (and what they alert
// on) by id, so an id must not change while the thing it names does not. Stored ids are
// the platforms' own and are kept when they are id-like; the others (feed guids that are
// urls, updates and components a platform gives no id) are derived from what is stored.

import (
	"fmt"
	"hash/fnv"
	"regexp"
	"strings"
)

var idLike = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// derivedID is 12 hex digits of a hash of the parts, like Statuspage's 12-character codes.
func derivedID(parts ...string) string {
	h := fnv.New64a()
	h.Write([]byte(strings.Join(parts, "\x00")))
	return fmt.Sprintf("%012x", h.Sum64()&(1<<48-1))
}

// storedOrDerived keeps a stored id that is id-like, and derives one from it (or, when
// there is none, from `content`) otherwise.
func storedOrDerived(kind, stored string, content ...string) string {
	if idLike.MatchString(stored) {
		return stored
	}
	if stored != "" {
		return derivedID(kind, stored)
	}
	return derivedID(append([]string{kind}, content...)...)
}
