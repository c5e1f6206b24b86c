package book

import "testing"

func TestReasonText(t *testing.T) {
	for reason, want := range map[string]string{
		ReasonBuild:     "does not compile",
		ReasonVet:       "go vet reports a problem",
		ReasonExit:      "unexpected exit status",
		ReasonTimeout:   "timed out",
		ReasonMismatch:  "output does not match",
		ReasonTruncated: "too much output",
		ReasonStarter:   "the exercise's starter leaves nothing to do, or does not compile",
		"something new": "something new",
	} {
		if got := ReasonText(reason); got != want {
			t.Errorf("ReasonText(%q) = %q, want %q", reason, got, want)
		}
	}
}
