package runner

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"
)

// chunk is one write as the capture receives it.
type chunk struct {
	s    Stream
	t    time.Duration
	text string
}

func TestCaptureLines(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name      string
		limit     int
		chunks    []chunk
		want      []Line
		truncated bool
	}{
		{
			name:   "one write, several lines, same time",
			limit:  100,
			chunks: []chunk{{Stdout, ms, "a\nb\n"}},
			want:   []Line{{ms, Stdout, "a"}, {ms, Stdout, "b"}},
		},
		{
			name:   "a line's time is its first byte's",
			limit:  100,
			chunks: []chunk{{Stdout, 1 * ms, "ab"}, {Stdout, 5 * ms, "c\nd"}, {Stdout, 9 * ms, "\n"}},
			want:   []Line{{1 * ms, Stdout, "abc"}, {5 * ms, Stdout, "d"}},
		},
		{
			name:  "streams are assembled apart, completed lines in order",
			limit: 100,
			chunks: []chunk{
				{Stdout, 1 * ms, "out "}, {Stderr, 2 * ms, "err\n"}, {Stdout, 3 * ms, "line\n"},
			},
			want: []Line{{2 * ms, Stderr, "err"}, {1 * ms, Stdout, "out line"}},
		},
		{
			name:   "final partial lines are kept, earlier first",
			limit:  100,
			chunks: []chunk{{Stderr, 1 * ms, "e"}, {Stdout, 2 * ms, "o"}},
			want:   []Line{{1 * ms, Stderr, "e"}, {2 * ms, Stdout, "o"}},
		},
		{
			name:   "empty lines",
			limit:  100,
			chunks: []chunk{{Stdout, 0, "\n\nx\n"}},
			want:   []Line{{0, Stdout, ""}, {0, Stdout, ""}, {0, Stdout, "x"}},
		},
		{
			name:      "cut at the limit, the rest dropped",
			limit:     6,
			chunks:    []chunk{{Stdout, 0, "abc\n"}, {Stderr, ms, "defgh\n"}, {Stdout, 2 * ms, "more\n"}},
			want:      []Line{{0, Stdout, "abc"}, {ms, Stderr, "de"}},
			truncated: true,
		},
		{
			name:   "exactly the limit is not truncated",
			limit:  4,
			chunks: []chunk{{Stdout, 0, "abc\n"}},
			want:   []Line{{0, Stdout, "abc"}},
		},
		{
			name:   "times never go back (a clock step)",
			limit:  100,
			chunks: []chunk{{Stdout, 5 * ms, "a\n"}, {Stdout, 3 * ms, "b\n"}},
			want:   []Line{{5 * ms, Stdout, "a"}, {5 * ms, Stdout, "b"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var called []Line
			b := newLineBuffer(tt.limit, func(l Line) { called = append(called, l) })
			for _, c := range tt.chunks {
				b.add(c.s, c.t, []byte(c.text), false)
			}
			b.flush()
			if !reflect.DeepEqual(b.lines, tt.want) {
				t.Errorf("lines = %v, want %v", b.lines, tt.want)
			}
			if !reflect.DeepEqual(called, tt.want) {
				t.Errorf("onLine got %v, want %v", called, tt.want)
			}
			if b.truncated != tt.truncated {
				t.Errorf("truncated = %v, want %v", b.truncated, tt.truncated)
			}
		})
	}
}

func TestCaptureLostBytesMarkTruncated(t *testing.T) {
	b := newLineBuffer(100, nil)
	b.add(Stdout, 0, []byte("abc"), true)
	b.flush()
	if !b.truncated || len(b.lines) != 1 || b.lines[0].Text != "abc" {
		t.Errorf("got lines %v truncated %v, want [abc] truncated", b.lines, b.truncated)
	}
}

func TestCaptureMemoryIsBounded(t *testing.T) {
	b := newLineBuffer(1000, nil)
	line := []byte(strings.Repeat("x", 99) + "\n")
	for range 10000 {
		b.add(Stdout, 0, line, false)
	}
	// A partial line past the limit must not grow either.
	for range 10000 {
		b.add(Stderr, 0, []byte("no newline"), false)
	}
	b.flush()
	kept := 0
	for _, l := range b.lines {
		kept += len(l.Text) + 1
	}
	if kept > 1000 || !b.truncated {
		t.Errorf("kept %d bytes (truncated %v) with a 1000-byte limit", kept, b.truncated)
	}
	if cap(b.partial[1].text) > 1000 {
		t.Errorf("a partial line grew to %d bytes", cap(b.partial[1].text))
	}
}

// TestCaptureLinesAreCapped: 1 MiB of bare newlines is a million lines;
// only LineLimit are kept, and the run says it was truncated.
func TestCaptureLinesAreCapped(t *testing.T) {
	var called int
	b := newLineBuffer(OutputLimit, func(Line) { called++ })
	nl := bytes.Repeat([]byte("\n"), 4096)
	for i := 0; i < OutputLimit/len(nl); i++ {
		b.add(Stdout, time.Duration(i), nl, false)
	}
	b.flush()
	if len(b.lines) != LineLimit || called != LineLimit || !b.truncated {
		t.Errorf("1 MiB of newlines kept %d lines (%d notified), truncated %v; want %d, truncated", len(b.lines), called, b.truncated, LineLimit)
	}
}
