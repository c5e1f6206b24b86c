// Package plural counts things in English for messages and pages:
// "1 program", "2 programs". It is the one home of that small rule for
// the command line, the site and serve.
package plural

import "strconv"

// Of returns n and word, with an s when n is not 1: Of(1, "CPU") is
// "1 CPU", Of(2, "CPU") is "2 CPUs". Words are the regular nouns
// workbook uses; an irregular one needs its own message.
func Of(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
