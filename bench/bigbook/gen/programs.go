package main

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
)

// A program is one complete Go program of the corpus and what it prints.
type program struct {
	code, output string
}

// programTemplates make distinct programs: each is called with a variant
// number and a random source, and returns the code and its output. All
// are trivial to run (a few microseconds), so the one run that fills the
// results cache is cheap, but their code differs as real lessons' does.
var programTemplates = []func(v int, rnd *rand.Rand) program{
	sumLoop, reverseWord, fibonacci, wordCount, rectArea,
	sortedList, upperWords, channelSum, waitGroupSum, wrapError,
}

// programs returns n distinct programs.
func programs(n int, rnd *rand.Rand) []program {
	var ps []program
	for i := range n {
		ps = append(ps, programTemplates[i%len(programTemplates)](i/len(programTemplates), rnd))
	}
	return ps
}

func sumLoop(v int, rnd *rand.Rand) program {
	n := 10 + v*7
	name := pick(rnd, nouns)
	code := fmt.Sprintf(`package main

import "fmt"

// total%[2]s adds the numbers 1 to n, the long way.
func total%[2]s(n int) int {
	sum := 0
	for i := 1; i <= n; i++ {
		sum += i
	}
	return sum
}

func main() {
	fmt.Println("sum of %[2]s:", total%[2]s(%[1]d))
}`, n, title(name))
	return program{code, fmt.Sprintf("sum of %s: %d\n", title(name), n*(n+1)/2)}
}

func reverseWord(v int, rnd *rand.Rand) program {
	w := pick(rnd, nouns) + pick(rnd, verbs) + fmt.Sprint(v)
	code := fmt.Sprintf(`package main

import "fmt"

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

func main() {
	word := %q // variant %d
	fmt.Printf("%%s reversed is %%s\n", word, reverse(word))
}`, w, v)
	r := []rune(w)
	slices.Reverse(r)
	return program{code, fmt.Sprintf("%s reversed is %s\n", w, string(r))}
}

func fibonacci(v int, rnd *rand.Rand) program {
	n := 5 + v%40
	code := fmt.Sprintf(`package main

import "fmt"

// fib returns the first n Fibonacci numbers (%s edition).
func fib(n int) []int {
	out := make([]int, 0, n)
	a, b := 0, 1
	for range n {
		out = append(out, a)
		a, b = b, a+b
	}
	return out
}

func main() {
	f := fib(%d)
	fmt.Println("last:", f[len(f)-1], "count:", len(f))
}`, pick(rnd, adjectives), n)
	a, b := 0, 1
	for range n - 1 {
		a, b = b, a+b
	}
	return program{code, fmt.Sprintf("last: %d count: %d\n", a, n)}
}

func wordCount(v int, rnd *rand.Rand) program {
	words := make([]string, 6+v%9)
	for i := range words {
		words[i] = pick(rnd, nouns)
	}
	distinct := map[string]bool{}
	for _, w := range words {
		distinct[w] = true
	}
	code := fmt.Sprintf(`package main

import (
	"fmt"
	"strings"
)

func main() {
	text := %q
	counts := map[string]int{}
	for _, w := range strings.Fields(text) {
		counts[w]++
	}
	fmt.Println("distinct words:", len(counts))
}`, strings.Join(words, " "))
	return program{code, fmt.Sprintf("distinct words: %d\n", len(distinct))}
}

func rectArea(v int, rnd *rand.Rand) program {
	w, h := 2+v, 3+rnd.IntN(20)
	shape := title(pick(rnd, nouns))
	code := fmt.Sprintf(`package main

import "fmt"

type %[1]s struct {
	Width, Height int
}

func (s %[1]s) Area() int { return s.Width * s.Height }

func (s %[1]s) Perimeter() int { return 2 * (s.Width + s.Height) }

func main() {
	s := %[1]s{Width: %[2]d, Height: %[3]d}
	fmt.Printf("area %%d, perimeter %%d\n", s.Area(), s.Perimeter())
}`, shape, w, h)
	return program{code, fmt.Sprintf("area %d, perimeter %d\n", w*h, 2*(w+h))}
}

func sortedList(v int, rnd *rand.Rand) program {
	xs := make([]int, 5+v%7)
	for i := range xs {
		xs[i] = rnd.IntN(1000)
	}
	lit := strings.Trim(strings.Join(strings.Fields(fmt.Sprint(xs)), ", "), "[]")
	code := fmt.Sprintf(`package main

import (
	"fmt"
	"slices"
)

func main() {
	xs := []int{%s}
	slices.Sort(xs)
	fmt.Println("sorted:", xs)
	fmt.Println("min", xs[0], "max", xs[len(xs)-1])
}`, lit)
	s := slices.Sorted(slices.Values(xs))
	return program{code, fmt.Sprintf("sorted: %v\nmin %d max %d\n", s, s[0], s[len(s)-1])}
}

func upperWords(v int, rnd *rand.Rand) program {
	a, b := pick(rnd, adjectives), pick(rnd, nouns)
	code := fmt.Sprintf(`package main

import (
	"fmt"
	"strings"
)

func shout(words ...string) string {
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strings.ToUpper(w))
	}
	return b.String()
}

func main() {
	fmt.Println(shout(%q, %q), %d)
}`, a, b, v)
	return program{code, fmt.Sprintf("%s %s %d\n", strings.ToUpper(a), strings.ToUpper(b), v)}
}

func channelSum(v int, rnd *rand.Rand) program {
	n, adj := 3+v, pick(rnd, adjectives)
	code := fmt.Sprintf(`package main

import "fmt"

// produce sends 0..n-1 on a channel and closes it.
func produce(n int) <-chan int {
	ch := make(chan int, %d)
	go func() {
		defer close(ch)
		for i := range n {
			ch <- i * i
		}
	}()
	return ch
}

func main() {
	sum := 0
	for x := range produce(%d) {
		sum += x
	}
	fmt.Println("%s squares:", sum)
}`, 1+rnd.IntN(4), n, adj)
	sum := 0
	for i := range n {
		sum += i * i
	}
	return program{code, fmt.Sprintf("%s squares: %d\n", adj, sum)}
}

func waitGroupSum(v int, rnd *rand.Rand) program {
	n, k := 4+v%13, 1+rnd.IntN(9)
	code := fmt.Sprintf(`package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	results := make([]int, %d)
	for i := range results {
		wg.Go(func() { results[i] = i * %d })
	}
	wg.Wait()
	total := 0
	for _, r := range results {
		total += r
	}
	fmt.Println("workers:", len(results), "total:", total)
}`, n, k)
	return program{code, fmt.Sprintf("workers: %d total: %d\n", n, k*n*(n-1)/2)}
}

func wrapError(v int, rnd *rand.Rand) program {
	op, thing := pick(rnd, verbs), pick(rnd, nouns)
	code := fmt.Sprintf(`package main

import (
	"errors"
	"fmt"
)

var errMissing = errors.New("%s not found")

func %s(id int) error {
	if id > %d {
		return fmt.Errorf("%s %%d: %%w", id, errMissing)
	}
	return nil
}

func main() {
	err := %s(%d)
	fmt.Println(err, errors.Is(err, errMissing))
}`, thing, op, v, op, op, v+1)
	return program{code, fmt.Sprintf("%s %d: %s not found true\n", op, v+1, thing)}
}

func pick(rnd *rand.Rand, words []string) string { return words[rnd.IntN(len(words))] }

func title(s string) string { return strings.ToUpper(s[:1]) + s[1:] }
