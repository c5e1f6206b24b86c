//go:build !unix

package serve

// maxConns bounds serve's connections at once: 256, far more than the
// tabs of one person, far fewer than the handles Windows allows.
func maxConns() int { return 256 }
