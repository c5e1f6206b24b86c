package runner

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestReportShapes(t *testing.T) {
	run := &Run{ExitCode: -1, Signal: "killed", TimedOut: true, Wall: 1500 * time.Microsecond,
		User: 2 * time.Millisecond, System: 250 * time.Microsecond, MaxRSS: 2048}
	got, err := json.Marshal(run.Figures())
	if err != nil {
		t.Fatal(err)
	}
	want := `{"exit_code":-1,"signal":"killed","timed_out":true,"wall_ms":1.5,"user_ms":2,"sys_ms":0.25,"max_rss_kb":2048}`
	if string(got) != want {
		t.Errorf("figures\n got %s\nwant %s", got, want)
	}
	aborted := (&Run{ExitCode: -1, Aborted: "the helper was killed"}).Figures()
	if got, _ := json.Marshal(aborted); !strings.Contains(string(got), `"aborted":"the helper was killed"`) {
		t.Errorf("aborted figures %s; want the reason", got)
	}
	l := Line{T: 1234567 * time.Nanosecond, Stream: Stderr, Text: "main.go:3"}
	got, err = json.Marshal(l.Report(func(s string) string { return strings.Replace(s, "main.go", "x.md", 1) }))
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"t_ms":1.234,"stream":"stderr","text":"x.md:3"}`; string(got) != want {
		t.Errorf("line\n got %s\nwant %s", got, want)
	}
}
