package book

// ReasonText says in words why a program failed, for pages and logs:
// "does not compile" for ReasonBuild. An unknown reason is returned as
// it is.
func ReasonText(reason string) string {
	switch reason {
	case ReasonBuild:
		return "does not compile"
	case ReasonVet:
		return "go vet reports a problem"
	case ReasonExit:
		return "unexpected exit status"
	case ReasonTimeout:
		return "timed out"
	case ReasonMismatch:
		return "output does not match"
	case ReasonTruncated:
		return "too much output"
	case ReasonStarter:
		return "the exercise's starter leaves nothing to do, or does not compile"
	}
	return reason
}
