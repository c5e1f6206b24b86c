package runner

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"
)

// genPrograms returns n distinct small goroutine programs. seed makes
// their source new, so Go's build cache misses for them (but not for the
// standard library), as when lessons are edited.
func genPrograms(n int, seed string) []*Program {
	progs := make([]*Program, n)
	for i := range progs {
		progs[i] = &Program{Source: fmt.Appendf(nil, `//line wbpart%[1]d.go:1:1
package main

import (
	"fmt"
	"sync"
	"time"
)

// seed %[2]s
func work(id int) int {
	s := 0
	for i := 0; i < id*%[1]d+%[3]d; i++ {
		s += i
	}
	return s
}

func main() {
	var wg sync.WaitGroup
	res := make([]int, %[1]d+3)
	for i := range res {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Millisecond)
			res[i] = work(i)
		}()
	}
	wg.Wait()
	fmt.Println("program %[1]d", res)
}
`, i+1, seed, len(seed))}
	}
	return progs
}

// BenchmarkBuild20 builds and vets 20 new programs: as separate binaries
// from one go build, merged into one binary, and (for comparison) with
// one build call per program.
func BenchmarkBuild20(b *testing.B) {
	ctx := context.Background()
	r := &Runner{}
	nonce := strconv.FormatInt(time.Now().UnixNano(), 36)
	warm := genPrograms(20, nonce+"-warm")
	if _, err := r.build(ctx, b.TempDir(), warm, true); err != nil {
		b.Fatal(err) // std in the build cache, like any run after the first
	}
	for _, mode := range []string{"separate", "merged", "per-program"} {
		b.Run(mode, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				progs := genPrograms(20, nonce+"-"+mode+"-"+strconv.Itoa(i))
				var outs []buildOut
				if mode == "per-program" {
					for _, p := range progs {
						o, err := r.build(ctx, b.TempDir(), []*Program{p}, false)
						if err != nil {
							b.Fatal(err)
						}
						outs = append(outs, o...)
					}
				} else {
					var err error
					if outs, err = r.build(ctx, b.TempDir(), progs, mode == "merged"); err != nil {
						b.Fatal(err)
					}
				}
				for j, o := range outs {
					if !o.Build.OK || o.Merged != (mode == "merged") {
						b.Fatalf("program %d: %+v", j+1, o)
					}
				}
			}
		})
	}
}
