package runner

import "context"

// runEarly runs program j of sb from its binary while go vet may still be
// running, so the runs overlap vet instead of waiting for it. The runs
// are only used if vet then accepts the program (see stagedBuild.final):
// one it rejects fails as if it had never run, and its run, if still
// going, is stopped. It returns nil runs when there is nothing to run
// before the verdict: a program that did not build, is not to be run,
// must run alone, or whose verdict is already known.
func (s *session) runEarly(ctx context.Context, sb *stagedBuild, j int, p *Program) ([]Run, error) {
	b := sb.outs[j]
	if !b.Build.OK || p.NoRun || p.alone() {
		return nil, nil
	}
	select {
	case <-sb.vetDone:
		return nil, nil // complete runs it, verdict known
	default:
	}
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	go func() {
		select {
		case <-sb.vetDone:
			if sb.rejected(j) {
				stop()
			}
		case <-runCtx.Done():
		}
	}()
	runs, err := s.runs(runCtx, p, b.Bin)
	if err != nil && ctx.Err() == nil && runCtx.Err() != nil {
		return nil, nil // stopped for vet's verdict, which decides
	}
	return runs, err
}
