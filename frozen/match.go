package frozen

import (
	"io/fs"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/runner"
)

// Match reads the frozen results of b's programs ps from the lessons
// folder fsys and compares each with the program's frozen key now,
// keys[i]. fresh[i] is ps[i]'s frozen result when it still matches, else
// nil; stale lists the programs whose frozen result no longer does.
func Match(fsys fs.FS, b *book.Book, ps []*book.Program, keys []string) (fresh []*runner.Result, stale []*book.Program, err error) {
	fresh = make([]*runner.Result, len(ps))
	for i, p := range ps {
		e, err := Read(fsys, b, p)
		if err != nil {
			return nil, nil, err
		}
		switch {
		case e == nil:
		case e.Key == keys[i]:
			fresh[i] = e.Result
		default:
			stale = append(stale, p)
		}
	}
	return fresh, stale, nil
}
