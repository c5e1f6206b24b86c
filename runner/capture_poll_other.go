//go:build !linux && !darwin

package runner

import (
	"errors"
	"os"
)

// pipePoller is unavailable here: pipeCapture reads with a goroutine
// per pipe.
type pipePoller struct{}

func newPipePoller([2]*os.File) (pipePoller, [2]int, error) {
	return pipePoller{}, [2]int{}, errors.New("no ordered pipe poller on this system")
}

func (c *pipeCapture) pollRead(pipePoller, [2]int) {}
