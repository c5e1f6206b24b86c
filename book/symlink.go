package book

import (
	"cmp"
	"errors"
	"io/fs"
	"path"
	"strings"
)

// A lessons folder may hold symbolic links (a shared image, a lesson
// kept elsewhere in the same repository), but one whose target is outside
// the folder would publish whatever it names: lessons/passwd.png ->
// /etc/passwd would land in the site. Such links are refused, wherever
// they are in the chain (a link to a link, a linked folder on the way).
// Absolute targets are refused too: the folder's own place on disk is not
// known here, and a relative link keeps working when the book is moved.

// maxLinks bounds the links followed for one name, as the kernel's
// ELOOP limit does (40 on Linux).
const maxLinks = 40

var errLinkLoop = errors.New("too many levels of symbolic links")

// linkOutside follows the symbolic links in name (slash-separated,
// relative to fsys) one component at a time, as the kernel does. It
// returns the target of the link that leads outside fsys, or "" when
// every link stays inside. A name that cannot be read is not its
// concern: reading it reports that.
func linkOutside(fsys fs.FS, name string) (string, error) {
	todo := strings.Split(name, "/")
	resolved := "" // what is resolved so far, "" for the top
	last := ""     // the last link target followed
	for links := 0; len(todo) > 0; {
		elem := todo[0]
		todo = todo[1:]
		switch elem {
		case "", ".":
			continue
		case "..":
			if resolved == "" {
				return cmp.Or(last, name), nil
			}
			resolved = strings.TrimSuffix(path.Dir(resolved), ".")
			continue
		}
		next := path.Join(resolved, elem)
		fi, err := fs.Lstat(fsys, next)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			resolved = next
			continue
		}
		if links++; links > maxLinks {
			return "", errLinkLoop
		}
		if last, err = fs.ReadLink(fsys, next); err != nil {
			return "", err
		}
		if path.IsAbs(last) || strings.HasPrefix(last, `\`) {
			return last, nil
		}
		todo = append(strings.Split(last, "/"), todo...)
	}
	return "", nil
}

// checkLink records an error at file, and reports true, when name, an
// entry of fsys, is a link leading outside it.
func checkLink(fsys fs.FS, name, file string, errs *ErrorList) bool {
	out, err := linkOutside(fsys, name)
	switch {
	case err != nil:
		errs.errorf(file, 1, 0, "following symbolic link: %v", unwrapPath(err))
	case out != "":
		errs.errorf(file, 1, 0, "symbolic link to %s leads outside the lessons folder: refused (copy the file in, or link within the folder)", out)
	default:
		return false
	}
	return true
}
