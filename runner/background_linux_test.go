package runner

import (
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

func TestStartBackgroundLowersPriority(t *testing.T) {
	nicePath, err := exec.LookPath("nice")
	if err != nil {
		t.Skip("no nice command")
	}
	p, err := unix.Getpriority(unix.PRIO_PROCESS, 0)
	if err != nil {
		t.Fatal(err)
	}
	before := 20 - p
	// nice without arguments prints its own niceness: that of the
	// process startBackground started, through sh.
	cmd := exec.Command("sh", "-c", nicePath)
	var out strings.Builder
	cmd.Stdout = &out
	if err := startBackground(cmd); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	got, err := strconv.Atoi(strings.TrimSpace(out.String()))
	if err != nil {
		t.Fatalf("nice printed %q", out.String())
	}
	if want := min(before+backgroundNice, 19); got != want {
		t.Errorf("started command's niceness = %d, want %d", got, want)
	}
	// The thread that started it is gone: a command started normally
	// now, from any thread, has workbook's own niceness.
	for range 20 {
		out.Reset()
		cmd := exec.Command(nicePath)
		cmd.Stdout = &out
		if err := cmd.Run(); err != nil {
			t.Fatal(err)
		}
		if n := strings.TrimSpace(out.String()); n != strconv.Itoa(before) {
			t.Fatalf("a later command's niceness = %s, want %d", n, before)
		}
	}
}
