package site

import (
	"context"
	"encoding/json"
	"maps"
	"slices"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/runner"
)

// A WasmBuilder compiles programs for the reader's browser
// (*runner.Runner is one).
type WasmBuilder interface {
	// BuildWasm compiles progs, and the programs others name by their
	// runner.WasmID, into one binary (see runner.Runner.BuildWasm).
	BuildWasm(ctx context.Context, progs []*runner.Program, others ...string) (*runner.WasmBuild, error)
}

// WasmPrograms are a book's programs compiled into one WebAssembly
// binary, published as programs.wasm beside wasm_exec.js (the Go
// toolchain's loader) and wasm-run.js (ours: the worker that runs a
// program and the view of its output). A page downloads none of them
// until the reader presses a Run button: app.js loads wasm-run.js then.
type WasmPrograms struct {
	Build *runner.WasmBuild
	// Name and Why, by program: the name that selects it in the binary,
	// or why it cannot run in a browser.
	Name, Why map[*book.Program]string
	// ID is the runner.WasmID of every program that could be in the
	// binary, compiled or not: what a site records of a page's programs
	// so a later build that does not read the page again can still build
	// them in (see buildChanged).
	ID map[*book.Program]string
}

// NewWasmPrograms compiles ps (a book's Programs, or in an incremental
// build the programs of the pages read again) with w, and with them the
// programs others name.
func NewWasmPrograms(ctx context.Context, w WasmBuilder, ps []*book.Program, others ...string) (*WasmPrograms, error) {
	progs := make([]*runner.Program, len(ps))
	for i, p := range ps {
		progs[i] = p.RunnerProgram()
	}
	wb, err := w.BuildWasm(ctx, progs, others...)
	if err != nil {
		return nil, err
	}
	wp := &WasmPrograms{Build: wb, Name: map[*book.Program]string{}, Why: map[*book.Program]string{}, ID: map[*book.Program]string{}}
	for i, p := range ps {
		if name, ok := wb.Names[i]; ok {
			wp.Name[p] = name
		} else {
			wp.Why[p] = wb.Why[i]
		}
		if id, ok := wb.IDs[i]; ok {
			wp.ID[p] = id
		}
	}
	return wp, nil
}

// sameViews reports whether every program shows the same in w and v:
// the same name in the binary, or the same reason it is not there.
func (w *WasmPrograms) sameViews(v *WasmPrograms) bool {
	return maps.Equal(w.Name, v.Name) && maps.Equal(w.Why, v.Why)
}

// ids returns the WasmIDs of l's programs, in order.
func (w *WasmPrograms) ids(l *book.Lesson) []string {
	if w == nil {
		return nil
	}
	var out []string
	for _, p := range l.Programs {
		if id := w.ID[p]; id != "" {
			out = append(out, id)
		}
	}
	return out
}

// failed returns the WasmIDs that did not compile, sorted.
func (w *WasmPrograms) failed() []string {
	if w == nil || w.Build == nil {
		return nil
	}
	return slices.Sorted(maps.Keys(w.Build.Failed))
}

// emit writes the binary and the scripts that run it.
func (w *WasmPrograms) emit(emit func(name string, data []byte) error) error {
	if w == nil || w.Build == nil || w.Build.Wasm == nil {
		return nil
	}
	for _, f := range []struct {
		name string
		data []byte
	}{
		{"programs.wasm", w.Build.Wasm},
		{"wasm_exec.js", w.Build.ExecJS},
		{"wasm-run.js", script(mustAsset("assets/wasm-run.js"))},
	} {
		if err := emit(f.name, f.data); err != nil {
			return err
		}
	}
	return nil
}

// wasmView is what a result panel shows about running a program in the
// reader's browser: the Run button, or why there is none.
type wasmView struct {
	Name      string
	Args      string // JSON array of the program's arguments, or ""
	TimeoutMS int64
	Why       string
	// AnyOrder: the lesson expects its output lines in any order, so a
	// browser run is compared with the verified run in any order too.
	AnyOrder bool
}

// view returns p's wasmView, or nil when the site has no wasm build or
// p failed (its verified output is what a browser run is compared with).
func (w *WasmPrograms) view(p *book.Program, status string) *wasmView {
	if w == nil || w.Build == nil || status != book.StatusPass {
		return nil
	}
	timeout := p.Attrs.Timeout
	if timeout == 0 {
		timeout = runner.DefaultTimeout
	}
	v := &wasmView{Name: w.Name[p], Why: w.Why[p], TimeoutMS: timeout.Milliseconds(), AnyOrder: p.Expect != nil && p.Expect.Unordered}
	if v.Name != "" && len(p.Attrs.Args) > 0 {
		args, _ := json.Marshal(p.Attrs.Args)
		v.Args = string(args)
	}
	if v.Name == "" && v.Why == "" {
		return nil
	}
	return v
}

// wasmAside compiles the browser binary while the book's programs run:
// it needs their sources, not their results, and the go command's
// compile and link of it would otherwise come after every run. The
// runner keeps it from overlapping an exclusive run (Runner.Gate).
type wasmAside struct {
	cancel context.CancelFunc
	done   chan struct{}
	wp     *WasmPrograms
	err    error
}

// startWasm starts NewWasmPrograms in the background.
func startWasm(ctx context.Context, w WasmBuilder, ps []*book.Program, others ...string) *wasmAside {
	ctx, cancel := context.WithCancel(ctx)
	a := &wasmAside{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(a.done)
		a.wp, a.err = NewWasmPrograms(ctx, w, ps, others...)
	}()
	return a
}

// wait returns what the background build made.
func (a *wasmAside) wait() (*WasmPrograms, error) {
	<-a.done
	a.cancel()
	return a.wp, a.err
}

// stop cancels the background build, when the site will not be written,
// and waits for it to end; a nil a is stopped already.
func (a *wasmAside) stop() {
	if a != nil {
		a.cancel()
		<-a.done
	}
}
