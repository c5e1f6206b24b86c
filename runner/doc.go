// Package runner builds Go programs with the local toolchain, runs them
// under limits, and records what really happened: every output line with
// the time it appeared and its stream, the exit status, wall and CPU
// time, and peak memory. Results are cached by content.
//
// runner knows nothing of Markdown or lessons: it takes a program's
// source and returns a Result. A program that fails to compile, panics
// or times out is a successful Run with a failing Result; an error means
// the tool itself could not work.
package runner
