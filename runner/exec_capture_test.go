//go:build unix

package runner

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// execInterleaver writes lines 0..n-1, even ones to stdout and odd ones
// to stderr, sleeping the given duration between them.
const execInterleaver = `package main

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

func main() {
	n, _ := strconv.Atoi(os.Args[1])
	gap, _ := time.ParseDuration(os.Args[2])
	for i := range n {
		w := os.Stdout
		if i%2 == 1 {
			w = os.Stderr
		}
		fmt.Fprintln(w, i)
		if gap > 0 {
			time.Sleep(gap)
		}
	}
}
`

func TestCaptureKeepsOrderAndStreams(t *testing.T) {
	bin := execTestBuild(t, execInterleaver)
	for _, args := range [][]string{{"200", "1ms"}, {"2000", "0"}} {
		t.Run(strings.Join(args, "-"), func(t *testing.T) {
			run, err := execTestRunner(t).exec(context.Background(), execSpec{Bin: bin, Args: args})
			if err != nil {
				t.Fatal(err)
			}
			n, _ := strconv.Atoi(args[0])
			if len(run.Output) != n {
				t.Fatalf("got %d lines, want %d", len(run.Output), n)
			}
			if testPortable(t) {
				checkStreams(t, run, n)
				return
			}
			misplaced := 0
			for i, l := range run.Output {
				want := Stdout
				if i%2 == 1 {
					want = Stderr
				}
				if l.Text != strconv.Itoa(i) || l.Stream != want {
					misplaced++
					if misplaced <= 3 {
						t.Errorf("line %d is %s %q, want %s %q", i, l.Stream, l.Text, want, strconv.Itoa(i))
					}
				}
				if i > 0 && l.T < run.Output[i-1].T {
					t.Errorf("line %d at %v, before line %d at %v", i, l.T, i-1, run.Output[i-1].T)
				}
			}
			if misplaced > 0 {
				t.Errorf("%d of %d lines misplaced or mislabelled", misplaced, n)
			}
		})
	}
}

// checkStreams checks the interleaver's output as two pipes can keep
// it: each stream whole and in order, times never going back. The order
// between the streams is only as good as the readers' wake-ups, so it is
// logged, not asserted.
func checkStreams(t *testing.T, run Run, n int) {
	t.Helper()
	next := [2]int{0, 1}
	misplaced := 0
	for i, l := range run.Output {
		s := streamIndex(l.Stream)
		if l.Text != strconv.Itoa(next[s]) {
			t.Fatalf("line %d is %s %q, want %s %d", i, l.Stream, l.Text, l.Stream, next[s])
		}
		next[s] += 2
		if prev, _ := strconv.Atoi(run.Output[max(i-1, 0)].Text); prev > next[s]-2 {
			misplaced++ // written before the line shown above it
		}
		if i > 0 && l.T < run.Output[i-1].T {
			t.Errorf("line %d at %v, before line %d at %v", i, l.T, i-1, run.Output[i-1].T)
		}
	}
	t.Logf("%d of %d lines shown after a line written later (stdout and stderr swapped)", misplaced, n)
}

func TestCapturePartialFinalLine(t *testing.T) {
	run := execTest(t, `package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Print("a\nno newline")
	fmt.Fprint(os.Stderr, "err too")
}
`, execSpec{})
	want := []string{"stdout a", "stdout no newline", "stderr err too"}
	var got []string
	for _, l := range run.Output {
		got = append(got, string(l.Stream)+" "+l.Text)
	}
	if testPortable(t) && len(got) == 3 && got[1] == want[2] {
		// Two pipes: the two last writes can be read in either order.
		got[1], got[2] = got[2], got[1]
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// execTicker prints n lines, the given gap apart, each with its number
// and the time the program itself saw since its first line was due.
const execTicker = `package main

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

func main() {
	n, _ := strconv.Atoi(os.Args[1])
	gap, _ := time.ParseDuration(os.Args[2])
	start := time.Now()
	for i := range n {
		time.Sleep(time.Until(start.Add(time.Duration(i) * gap)))
		fmt.Println(i, time.Since(start).Nanoseconds())
	}
}
`

func TestCaptureTimestamps(t *testing.T) {
	run := execTest(t, execTicker, execSpec{Args: []string{"10", "100ms"}})
	if len(run.Output) != 10 {
		t.Fatalf("got %d lines, want 10", len(run.Output))
	}
	first := run.Output[0].T
	var self0 int64
	var nominal, own time.Duration // worst deviations
	for i, l := range run.Output {
		var n, self int64
		if _, err := fmt.Sscan(l.Text, &n, &self); err != nil || n != int64(i) {
			t.Fatalf("line %d is %q", i, l.Text)
		}
		if i == 0 {
			self0 = self
		}
		d := l.T - first - time.Duration(i)*100*time.Millisecond
		nominal = max(nominal, d, -d)
		// Against the program's own clock: what capture adds, without
		// the machine's scheduling delays.
		d = l.T - first - time.Duration(self-self0)
		own = max(own, d, -d)
	}
	t.Logf("first line at %v; worst deviation from 100 ms steps %v, from the program's own clock %v", first, nominal, own)
	// Not a timing assertion: only a sanity bound far from any real drift.
	if own > 500*time.Millisecond || first > 500*time.Millisecond {
		t.Errorf("times are nowhere near the writes: first line at %v, off the program's clock by %v", first, own)
	}
}

// TestCaptureSlowConsumer shows that a slow OnLine holds up neither the
// program nor the result: every line still arrives, in order.
func TestCaptureSlowConsumer(t *testing.T) {
	bin := execTestBuild(t, execInterleaver)
	var seen []Line
	spec := execSpec{Bin: bin, Args: []string{"50", "0"}, OnLine: func(l Line) {
		time.Sleep(20 * time.Millisecond)
		seen = append(seen, l)
	}}
	run, err := execTestRunner(t).exec(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(seen, run.Output) || len(seen) != 50 {
		t.Errorf("OnLine saw %d lines, Output has %d; want the same 50 lines in the same order", len(seen), len(run.Output))
	}
	// A reader blocked in OnLine would block the program after 10
	// queued writes: it would take about 800 ms.
	t.Logf("program wall time %v with a consumer taking 1 s", run.Wall)
	if run.Wall > 500*time.Millisecond {
		t.Errorf("the program took %v: the slow consumer held it up", run.Wall)
	}
}

func TestCaptureOnLineSeesEveryLine(t *testing.T) {
	bin := execTestBuild(t, execInterleaver)
	var mu sync.Mutex
	var seen []Line
	spec := execSpec{Bin: bin, Args: []string{"50", "0"}, OnLine: func(l Line) {
		mu.Lock()
		seen = append(seen, l)
		mu.Unlock()
	}}
	run, err := execTestRunner(t).exec(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(run.Output) != 50 || !reflect.DeepEqual(seen, run.Output) {
		t.Errorf("OnLine saw %d lines, Output has %d; want the same 50 lines in the same order", len(seen), len(run.Output))
	}
}

// TestCaptureLargeWrites writes big buffers in one Write each. Each write
// is one datagram: it succeeds up to the send buffer and otherwise fails
// in the program (EMSGSIZE, or ENOBUFS above about 4 MiB).
func TestCaptureLargeWrites(t *testing.T) {
	bin := execTestBuild(t, `package main

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
)

func main() {
	n, _ := strconv.Atoi(os.Args[1])
	b := append(bytes.Repeat([]byte("x"), n-1), '\n')
	if _, err := os.Stdout.Write(b); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
`)
	maxSend := 1 << 62 // pipes take writes of any size
	if !testPortable(t) {
		maxSend = socketMaxSend(t)
		t.Logf("largest single write the sockets accept: %d bytes", maxSend)
	}
	for _, n := range []int{64 << 10, 1 << 20, 16 << 20} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			run, err := execTestRunner(t).exec(context.Background(), execSpec{Bin: bin, Args: []string{strconv.Itoa(n)}})
			if err != nil {
				t.Fatal(err)
			}
			if n > maxSend {
				if run.ExitCode != 1 {
					t.Errorf("a %d-byte write past the limit: exit %d, want the write to fail", n, run.ExitCode)
				}
				t.Logf("a %d-byte write fails in the program: %s", n, strings.TrimSpace(execText(run, Stderr)))
				return
			}
			if n > OutputLimit {
				// Kept up to the cap, the rest dropped.
				if run.ExitCode != 0 || len(run.Output) != 1 || len(run.Output[0].Text) != OutputLimit || !run.Truncated {
					t.Errorf("exit %d, %d lines, truncated %v; want one line cut at the cap", run.ExitCode, len(run.Output), run.Truncated)
				}
				return
			}
			if run.ExitCode != 0 || len(run.Output) != 1 || len(run.Output[0].Text) != n-1 || run.Truncated {
				t.Errorf("exit %d, %d lines, truncated %v, stderr %q; want one line of %d bytes",
					run.ExitCode, len(run.Output), run.Truncated, execText(run, Stderr), n-1)
			}
		})
	}
}

func TestExecPeakRSS(t *testing.T) {
	// Ballast makes this process big: a program started directly by it
	// would report at least this much (see sandbox/main.go).
	ballast := make([]byte, 64<<20)
	for i := range ballast {
		ballast[i] = 1
	}
	defer runtime.KeepAlive(ballast)
	hello := execTest(t, `package main

import "fmt"

func main() { fmt.Println("hello, world") }
`, execSpec{})
	big := execTest(t, `package main

import "fmt"

var sink []byte

func main() {
	sink = make([]byte, 50<<20)
	for i := range sink {
		sink[i] = 1
	}
	fmt.Println(len(sink))
}
`, execSpec{})
	t.Logf("peak RSS: hello world %d KiB, 50 MB program %d KiB", hello.MaxRSS, big.MaxRSS)
	// The portable backend's children are forked from this process, and
	// Linux counts the image exec replaced: there the peak is ours.
	portableOnLinux := testPortable(t) && runtime.GOOS == "linux"
	if hello.MaxRSS <= 0 || hello.MaxRSS > 20<<10 && !portableOnLinux {
		t.Errorf("hello world peak RSS %d KiB, want under 20 MiB", hello.MaxRSS)
	}
	if big.MaxRSS < 50<<10 {
		t.Errorf("50 MB program peak RSS %d KiB, want at least 50 MiB", big.MaxRSS)
	}
	if big.User+big.System <= 0 {
		t.Errorf("50 MB program used no CPU time (user %v sys %v)", big.User, big.System)
	}
}

func TestExecMissingBinaryIsAnError(t *testing.T) {
	_, err := execTestRunner(t).exec(context.Background(), execSpec{Bin: filepath.Join(t.TempDir(), "nothing")})
	if err == nil || !strings.Contains(err.Error(), "nothing") {
		t.Errorf("err = %v, want an error naming the missing binary", err)
	}
}
