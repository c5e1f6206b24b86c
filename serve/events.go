package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
)

// siteState is what open pages need to know about the site: which
// build they should show and whether the last rebuild failed. It is
// immutable once published.
type siteState struct {
	Instance string `json:"instance"` // this server process
	Gen      int    `json:"gen"`      // the generation served (0: none yet)
	// Pages maps each page that ever existed in this process to the
	// generation in which it last changed (or disappeared). A page open at
	// generation g reloads when its entry is greater than g.
	Pages  map[string]int `json:"pages"`
	Errors []buildProblem `json:"-"` // nil when the last rebuild succeeded
	// Progress is how far the first build's programs are, while its
	// pages are pending (see pendingRun); nil otherwise.
	Progress *buildProgress `json:"progress,omitempty"`
}

// A buildProblem is one reason a rebuild failed, for the overlay and the
// terminal.
type buildProblem struct {
	Pos     string `json:"pos,omitempty"`  // "lessons/x.md:41" or with a column
	Name    string `json:"name,omitempty"` // the program, when a program failed
	Message string `json:"message"`
	Href    string `json:"href,omitempty"` // the program on its page
	// Warning marks a problem that holds nothing back (a broken link):
	// the page shown is up to date.
	Warning bool `json:"warning,omitempty"`
}

// A broadcaster hands the latest state to every open event stream.
// Streams only ever need the newest state, so a slow one never holds up
// the others or the builder: it is woken, and reads the state when it can.
type broadcaster struct {
	mu    sync.Mutex
	state *siteState
	subs  map[chan struct{}]struct{}
}

func (b *broadcaster) publish(st *siteState) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.state = st
	for c := range b.subs {
		select {
		case c <- struct{}{}:
		default: // already woken
		}
	}
}

func (b *broadcaster) current() *siteState {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.state
}

func (b *broadcaster) subscribe() (chan struct{}, func()) {
	c := make(chan struct{}, 1)
	b.mu.Lock()
	if b.subs == nil {
		b.subs = map[chan struct{}]struct{}{}
	}
	b.subs[c] = struct{}{}
	b.mu.Unlock()
	return c, func() {
		b.mu.Lock()
		delete(b.subs, c)
		b.mu.Unlock()
	}
}

// handleEvents streams Server-Sent Events: "hello" with the state at
// once, "reload" after each successful build, "error" when a rebuild
// fails (sent at once to a page that connects while it is failing),
// "clear" when it is fixed, and "progress" as the first build's programs
// finish (the state's progress; null once the build is done). Pages
// decide from the state whether their own content changed. Streams are
// bounded (see streamSlots).
func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ctx, end := context.WithCancel(r.Context())
	defer end()
	slot, why := s.streams.acquire(r, end)
	if slot == nil {
		w.Header().Set("Retry-After", "5")
		http.Error(w, why, http.StatusServiceUnavailable)
		return
	}
	defer s.streams.release(slot)
	wake, unsubscribe := s.events.subscribe()
	defer unsubscribe()
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	// A page whose server restarts reconnects within a second.
	fmt.Fprint(w, "retry: 1000\n\n")
	st := s.events.current()
	sentGen, sentErr, sentProg := st.Gen, "", progressJSON(st)
	writeEvent(w, "hello", st)
	if st.Errors != nil {
		sentErr = writeErrors(w, st)
	}
	fl.Flush()
	for {
		select {
		case <-ctx.Done():
			return
		case <-wake:
		}
		st := s.events.current()
		if st.Gen != sentGen {
			writeEvent(w, "reload", st)
			sentGen = st.Gen
		}
		switch {
		case st.Errors != nil:
			if sig := errorsJSON(st); sig != sentErr {
				sentErr = writeErrors(w, st)
			}
		case sentErr != "":
			writeEvent(w, "clear", struct{}{})
			sentErr = ""
		}
		if p := progressJSON(st); p != sentProg {
			writeEvent(w, "progress", st.Progress)
			sentProg = p
		}
		fl.Flush()
	}
}

func writeErrors(w http.ResponseWriter, st *siteState) string {
	data := errorsJSON(st)
	fmt.Fprintf(w, "event: error\ndata: %s\n\n", data)
	return data
}

func errorsJSON(st *siteState) string {
	data, _ := json.Marshal(struct {
		Errors []buildProblem `json:"errors"`
	}{st.Errors})
	return string(data)
}

func writeEvent(w http.ResponseWriter, name string, v any) {
	data, _ := json.Marshal(v) // plain data: cannot fail
	fmt.Fprintf(w, "event: %s\ndata: %s\n\n", name, data)
}
