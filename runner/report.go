package runner

import "time"

// What workbook reports of a run to people and tools (verify -format
// json, serve's editor) is in milliseconds; a Result itself keeps
// durations, and its JSON (the cache) nanoseconds.

// Millis is d in milliseconds, to the microsecond.
func Millis(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// Figures are a run's outcome and costs as workbook reports them.
type Figures struct {
	ExitCode  int     `json:"exit_code"`
	Signal    string  `json:"signal,omitempty"`
	TimedOut  bool    `json:"timed_out,omitempty"`
	Truncated bool    `json:"truncated,omitempty"`
	Aborted   string  `json:"aborted,omitempty"` // see Run.Aborted
	WallMS    float64 `json:"wall_ms"`
	UserMS    float64 `json:"user_ms"`
	SysMS     float64 `json:"sys_ms"`
	MaxRSSKB  int64   `json:"max_rss_kb"`
}

// Figures returns r's figures.
func (r *Run) Figures() Figures {
	return Figures{
		ExitCode: r.ExitCode, Signal: r.Signal, TimedOut: r.TimedOut, Truncated: r.Truncated,
		Aborted: r.Aborted, WallMS: Millis(r.Wall), UserMS: Millis(r.User), SysMS: Millis(r.System), MaxRSSKB: r.MaxRSS,
	}
}

// A ReportLine is an output line as workbook reports it: its time since
// the start in milliseconds.
type ReportLine struct {
	TMS    float64 `json:"t_ms"`
	Stream Stream  `json:"stream"`
	Text   string  `json:"text"`
}

// Report returns l as reported, its text passed through mapText (which
// usually maps program positions to lesson positions).
func (l Line) Report(mapText func(string) string) ReportLine {
	return ReportLine{TMS: Millis(l.T), Stream: l.Stream, Text: mapText(l.Text)}
}
