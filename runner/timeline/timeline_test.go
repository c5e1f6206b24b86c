package timeline

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestDownsample(t *testing.T) {
	us := time.Microsecond
	// 100 ms of a goroutine switching every microsecond, 3:1 running,
	// then 50 ms blocked.
	var spans []Span
	for at := time.Duration(0); at < 100*time.Millisecond; at += 4 * us {
		spans = append(spans,
			Span{Start: at, End: at + 3*us, State: StateRunning},
			Span{Start: at + 3*us, End: at + 4*us, State: StateRunnable, Reason: "preempted"})
	}
	spans = append(spans, Span{Start: 100 * time.Millisecond, End: 150 * time.Millisecond, State: StateBlocked, Reason: "sleep"})

	got := Downsample(spans, 100*us)
	if len(got) > 3 {
		t.Fatalf("%d spans after downsampling, want the busy part joined into one and the blocked one kept", len(got))
	}
	busy, blocked := got[0], got[len(got)-1]
	if busy.State != StateRunning || busy.Start != 0 || busy.End != 100*time.Millisecond {
		t.Errorf("busy part %+v, want running over [0, 100ms)", busy)
	}
	if p := busy.Percent(); p < 70 || p > 80 {
		t.Errorf("busy part's share %d%%, want about 75%%", p)
	}
	if blocked != spans[len(spans)-1] {
		t.Errorf("the long blocked span became %+v", blocked)
	}
	// At a resolution finer than every span nothing changes.
	if fine := Downsample(spans[:10], 500*time.Nanosecond); !reflect.DeepEqual(fine, spans[:10]) {
		t.Errorf("downsampling at a finer resolution changed the spans:\n%+v", fine)
	}
}

func TestDownsampleKeepsGoroutinesApart(t *testing.T) {
	ms := time.Millisecond
	// A P lane: G5 runs most of each slice, then G6 for long.
	spans := []Span{
		{Start: 0, End: 3 * ms, State: StateRunning, G: 5},
		{Start: 3 * ms, End: 4 * ms, State: StateRuntime, G: 2},
		{Start: 4 * ms, End: 7 * ms, State: StateRunning, G: 5},
		{Start: 20 * ms, End: 60 * ms, State: StateRunning, G: 6},
	}
	got := Downsample(spans, 10*ms)
	want := []Span{
		{Start: 0, End: 7 * ms, State: StateRunning, G: 5, Share: 86},
		{Start: 20 * ms, End: 60 * ms, State: StateRunning, G: 6},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestDownsampleSeveralGoroutines(t *testing.T) {
	us := time.Microsecond
	// A P running 100 goroutines in turn, 10 µs each, without a gap.
	var spans []Span
	for i := range 100 {
		at := time.Duration(i) * 10 * us
		spans = append(spans, Span{Start: at, End: at + 10*us, State: StateRunning, G: int64(100 + i)})
	}
	got := Downsample(spans, 200*us)
	want := []Span{{Start: 0, End: 1000 * us, State: StateRunning, G: SeveralGoroutines, Share: 100}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v: the P was busy all along, with no goroutine for most of it", got, want)
	}
}

func TestTimelineJSONRoundTrip(t *testing.T) {
	tl := &Timeline{
		Dur:        1500 * time.Millisecond,
		GOMAXPROCS: 2,
		Procs:      []Lane{{ID: 0, Spans: []Span{{Start: time.Millisecond, End: 2 * time.Millisecond, State: StateRunning, G: 7, Share: 40}}}},
		Goroutines: []Lane{{ID: 7, Name: "main.worker", Created: "lessons/x.md:12", Spans: []Span{
			{Start: 0, End: time.Millisecond, State: StateRunnable, Reason: "preempted"},
			{Start: time.Millisecond, End: 2 * time.Millisecond, State: StateRunning},
		}}},
		Others:  &Lane{Count: 3, Spans: []Span{}},
		Marks:   []Mark{{T: 1200 * time.Microsecond, Stderr: true, Text: "panic: boom"}},
		Stats:   Stats{Goroutines: 4, MaxRunning: 2, Busy: 1900 * time.Millisecond, UserBusy: 1800 * time.Millisecond},
		Stopped: true,
	}
	b, err := json.Marshal(tl)
	if err != nil {
		t.Fatal(err)
	}
	back := &Timeline{}
	if err := json.Unmarshal(b, back); err != nil {
		t.Fatal(err)
	}
	// Share 0 and 100 mean the same; the JSON writes neither.
	tl.Goroutines[0].Spans[1].Share = 0
	for i := range back.Goroutines[0].Spans {
		if back.Goroutines[0].Spans[i].Share == 100 {
			back.Goroutines[0].Spans[i].Share = 0
		}
	}
	if !reflect.DeepEqual(back, tl) {
		t.Errorf("round trip changed the timeline:\n%s\ngot  %+v\nwant %+v", b, back, tl)
	}
	if want := `[1000,2000,1,7,40]`; !strings.Contains(string(b), want) {
		t.Errorf("a P span is not written compactly as %s:\n%s", want, b)
	}
}

// TestStored: a timeline as stored and read back draws the same as the
// one in memory after Stored, down to the nanosecond.
func TestStored(t *testing.T) {
	tl := &Timeline{Dur: 260183456 * time.Nanosecond, Stats: Stats{Busy: 1334567 * time.Nanosecond},
		Marks: []Mark{{T: 1500 * time.Nanosecond, Text: "x"}},
		Procs: []Lane{{ID: 1, Spans: []Span{{Start: 1999 * time.Nanosecond, End: 5001 * time.Nanosecond, State: StateRunning}}}}}
	data, err := json.Marshal(tl)
	if err != nil {
		t.Fatal(err)
	}
	var back Timeline
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if got := tl.Stored(); !reflect.DeepEqual(*got, back) {
		t.Errorf("Stored() = %+v, want what its JSON reads back as: %+v", *got, back)
	}
	if tl.Stored().Dur != 260183*time.Microsecond {
		t.Errorf("Stored().Dur = %v, want whole microseconds", tl.Stored().Dur)
	}
}
