package serve

import (
	"context"
	"net"
	"net/http"
	"slices"
	"sync"
)

// maxStreamsPerIP bounds the event streams (open pages) of one remote
// IP address, so that one machine cannot take every slot.
const maxStreamsPerIP = 8

// streamSlots bounds the event streams open at once: streams never go
// idle, so without a bound they could take every connection. A remote
// IP holds at most maxStreamsPerIP of them, and a loopback client (the
// owner's pages) is never refused because remote ones hold the slots:
// the oldest remote stream is ended to make room.
type streamSlots struct {
	max int

	mu     sync.Mutex
	n      int
	perIP  map[string]int
	remote []*streamSlot // oldest first
}

// A streamSlot is one open stream's place.
type streamSlot struct {
	ip       string // "" for loopback
	end      context.CancelFunc
	released bool
}

// acquire takes a slot for r's stream, which end ends, or says why not.
func (s *streamSlots) acquire(r *http.Request, end context.CancelFunc) (*streamSlot, string) {
	slot := &streamSlot{end: end}
	if !fromLoopback(r) {
		slot.ip, _, _ = net.SplitHostPort(r.RemoteAddr)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.perIP == nil {
		s.perIP = map[string]int{}
	}
	if slot.ip != "" && s.perIP[slot.ip] >= maxStreamsPerIP {
		return nil, "too many pages are open from your address"
	}
	if s.n >= s.max {
		if slot.ip != "" || len(s.remote) == 0 {
			return nil, "too many pages are open"
		}
		oldest := s.remote[0]
		s.releaseLocked(oldest)
		oldest.end()
	}
	s.n++
	if slot.ip != "" {
		s.perIP[slot.ip]++
		s.remote = append(s.remote, slot)
	}
	return slot, ""
}

// release gives slot back; releasing it twice is harmless.
func (s *streamSlots) release(slot *streamSlot) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.releaseLocked(slot)
}

func (s *streamSlots) releaseLocked(slot *streamSlot) {
	if slot.released {
		return
	}
	slot.released = true
	s.n--
	if slot.ip == "" {
		return
	}
	if s.perIP[slot.ip]--; s.perIP[slot.ip] == 0 {
		delete(s.perIP, slot.ip)
	}
	s.remote = slices.DeleteFunc(s.remote, func(o *streamSlot) bool { return o == slot })
}
