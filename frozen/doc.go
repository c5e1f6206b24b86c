// Package frozen keeps programs' results beside the lessons, as
// `workbook freeze` records them, so that a site can publish what its
// author measured on a quiet machine instead of what a busy CI runner
// would measure.
//
// Results live in the lessons folder's .frozen folder, one file per
// program: .frozen/LESSON/ID.json, LESSON being the lesson's path in the
// folder without ".md". The folder is meant to be committed: its files
// are small, indented JSON with sorted keys, holding nothing that changes
// from one freeze to the next but what the page shows (the output, the
// figures, where and when it ran). Being a dot folder, it is skipped by
// the lessons loader and by static site generators alike.
//
// Each file holds the program's frozen key (runner.Runner.FrozenKeys):
// while the program, its attributes, its module and the Go version still
// match it, a build publishes the frozen result without running the
// program; otherwise the result is stale, and the program runs as usual.
package frozen
