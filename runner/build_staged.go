package runner

import "context"

// vetResult is what a background go vet delivers.
type vetResult struct {
	out vetOut
	err error
}

// stagedBuild is a build whose binaries are ready while go vet may still
// be running. A program can start as soon as its binary exists, but its
// result is only final with vet's verdict: a program vet rejects fails
// as if it had never run, whatever its run printed.
type stagedBuild struct {
	// outs is what the build itself settled, vet not applied; it is
	// never written after startBuild returns.
	outs []buildOut
	// vetDone is closed once verdicts and err are set.
	vetDone  chan struct{}
	verdicts []string // by program: vet's complaint, "" for none
	err      error    // vet could not work (ctx done, no go command)
}

// final is program i's build outcome with vet's verdict applied,
// waiting for vet if it is still running.
func (b *stagedBuild) final(i int) (buildOut, error) {
	<-b.vetDone
	if b.err != nil {
		return buildOut{}, b.err
	}
	if b.verdicts != nil && b.verdicts[i] != "" {
		return buildOut{Build: Build{Vet: b.verdicts[i]}}, nil
	}
	return b.outs[i], nil
}

// wait returns every program's final outcome.
func (b *stagedBuild) wait() ([]buildOut, error) {
	outs := make([]buildOut, len(b.outs))
	for i := range outs {
		var err error
		if outs[i], err = b.final(i); err != nil {
			return nil, err
		}
	}
	return outs, nil
}

// rejected reports, once vetDone is closed, whether program i's result
// cannot stand: vet rejected it or could not check it.
func (b *stagedBuild) rejected(i int) bool {
	return b.err != nil || (b.verdicts != nil && b.verdicts[i] != "")
}

// settleVet sets sb's verdicts from go vet's outcome v (see vetVerdicts)
// and closes sb.vetDone.
func (r *Runner) settleVet(ctx context.Context, sb *stagedBuild, m *buildModule, progs []*Program, v vetResult) {
	defer close(sb.vetDone)
	if v.err != nil {
		sb.err = v.err
		return
	}
	sb.verdicts, sb.err = r.vetVerdicts(ctx, m, progs, sb.outs, v.out)
}
