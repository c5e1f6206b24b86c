/*
Workbook builds, checks and serves a book of runnable Go lessons.

A book is a folder of Markdown files whose Go code blocks are complete
programs. Workbook builds every program with the local go command, runs
it, records what really happened (each output line with the time it
appeared, the exit status, wall and CPU time, peak memory) and shows that
beside the code. The lesson format is described in package book.

Usage:

	workbook init   [-shards N] [DIR]
	workbook build  [-lessons DIR | -demo] [-out DIR] [-rerun] [-jobs N] [-memory SIZE] [-allow-failures] [-wasm=false] [-playground=false]
	workbook serve  [-lessons DIR | -demo] [-addr HOST:PORT] [-rerun] [-memory SIZE] [-poll] [-open]
	workbook verify [-lessons DIR | -demo] [-drafts] [-rerun] [-memory SIZE] [-format text|github|json] [-shard I/N] [-update] [FILE[#ID|:LINE] ...]
	workbook freeze [-lessons DIR] [-jobs N] [-memory SIZE] [FILE[#ID|:LINE] ...]
	workbook run    [-lessons DIR | -demo] [-rerun] [-memory SIZE] FILE#ID|FILE:LINE
	workbook learn  [-lessons DIR | -demo] [-dir WORKSPACE] [-once] [-poll] [-rerun] [-memory SIZE]
	workbook version

Init starts a new book in DIR (default: the current folder): a
lessons folder with index.md and a first lesson, a .gitignore for the
site folder, and GitHub Actions workflows that use the workbook action
(action.yml at the root of workbook's repository): ci.yml verifies every
pull request, pages.yml builds and publishes the site with GitHub Pages.
With -shards N it writes one workflow instead, book.yml, that verifies in
N parallel jobs and publishes from their merged results. Init never
overwrites a file: when any of them exists it writes nothing. It ends by
printing the next three commands.

The book is the folder -lessons names; without it, ./lessons when that
folder exists; without that, the current folder when it holds lessons
(Markdown files that start with front matter naming a title), so running
workbook from inside the lessons folder just works. Otherwise every
command exits 2, writing nothing, and says what it looked for: workbook
never falls back to another book on its own. A book folder with no .md
file in it or under it (an empty ./lessons, a -lessons that names the
wrong folder) is the same error, exit 2: "no lessons in DIR". -demo uses the book bundled
with the workbook binary instead ("Go concurrency for Python
programmers"). Its programs build in a small module the binary carries,
which requires golang.org/x/sync: the go command fetches it once, from
the module cache or GOPROXY.

Build writes the static site to -out (default "public"), atomically: when
it fails, the previous site is left as it was. It says how many programs
it ran, took from the cache, or published frozen, and how many are on
pages an incremental build left as they were. It exits 1 when a program
fails, unless -allow-failures is given, in which case the failure is shown
on the program's page. When -out is a symbolic link, the site replaces the
link's target and the link stays. An -out that is not a folder, or holds
files workbook did not write, is refused with exit status 2, as is a
symbolic link in the lessons folder whose target is outside it, and an
-out inside the lessons folder (the next build would read the site as
part of the book): from inside the lessons folder, use -out ../public. Nothing is done when nothing changed since the
site was built; after an edit to a few lessons, only the pages that show
them are rendered again and moved into the site, each file whole (a
build cut short there is completed by the next one), and the rest of the
site is left as it is. Highlighted code is kept in the cache folder (see below), so
code seen before is not highlighted again.

Build also compiles every program that can run in a browser into one
WebAssembly binary, programs.wasm, published with the Go toolchain's
wasm_exec.js; a page fetches them only when a reader presses a program's
"Run in your browser" button, then runs the program in a Web Worker and
compares its output with the verified run. Programs that use -race,
os/exec, os/signal, net, syscall, files, several Go files or go test, or
that cannot share one binary, say why instead. The same program on many
pages is compiled once; the binary is kept in the cache folder (wasm/,
the newest 8) under a hash of the toolchain and the programs in it, and
is compiled while the book's programs run, so a build that changes no
program links nothing and an edit to one program relinks it beside that
program's own build. -wasm=false leaves all this out. Every program and exercise also links to the Go Playground; the code
is shared only when a reader clicks, and -playground=false leaves the
links out.

Serve builds the site, serves it on -addr (default 127.0.0.1:8080),
rebuilds when a lesson changes and reloads open pages; a rebuild parses
and renders only the lessons that changed (and their neighbours' pages).
It also rebuilds when the book's go.mod or go.sum changes in a folder
above the lessons (looked at twice a second), as programs build with them.
A program that
starts failing keeps its page's last good version, under an overlay that
says what failed, and holds back no other page. Its log names each program
that ran and how many of the build's programs are done ("12/35
programs"). The first build serves the pages at once, each program
pending until it has run, with a line saying how many are done; a page
reloads as its programs finish. When no program finished for 15 s the
log names those not finished; when the build must first compile the
standard library (a cold Go build cache; also with -race when the book
has a race program), the log and the pages say so. A program that writes into the lessons folder does not
rebuild the site forever: changes that leave a file's content as it was
are ignored, changes a build's programs made while they ran (to files
other than lessons) never cancel it, and after three changes in a row cancel a build the next one
finishes; the log says so. After three builds in a row started only by
files that programs changed while they ran (a program appending to one
of its own files= inputs), serve stops rebuilding and says which files,
until a change made outside a run (a save). Broken links are shown as a warning on
the page and in the log, and hold nothing back. In the pages it serves, an
exercise's starter can be checked: the reader's code is run as a build
runs the solution and held to its check, and whether it is solved is
kept in the browser. After a run of a lesson's own program (not edited)
whose output does not match, "Accept as expected output" runs it as the
build does and rewrites its output block in the lesson file, as verify
-update does, leaving the rest of the file as it was; the rebuild then
reloads the page.

Serve logs a login URL (-open opens it, through a file only you can
read): in a browser logged in through it, every program in the pages can
be edited and run. The URL works once; after each login serve logs a new
one for another browser, and after a restart open tabs need the new one.
Pages opened without logging in are read-only. Programs run as you, with
your network access and no memory limit, under the build's limits (an
edited program gets at most 10 s).

Only a browser on this machine runs code: a connection that is not from
loopback never gets the token, a login or a run, whatever its headers
say. With -addr 0.0.0.0:PORT other machines can read the pages (over
IPv4 only: [::]:PORT is IPv6 only); with a non-loopback -addr IP:PORT
nobody can run programs. Requests must name
the bound address, localhost or a loopback IP (DNS rebinding). A run
needs POST, the server's own Origin, the login cookie and the token that
only the login's response hands out (the page keeps it in localStorage,
which is per port, unlike cookies): the cookie alone, which a server on
another port of this host can get, runs nothing. Idle connections close after a minute, requests must arrive
within 30 s, and at most 256 connections are open at once; event
streams (open pages) may use half of them, one remote IP address at most
8, and a page on this machine ends the oldest remote stream rather than
wait. Output that
shows one of serve's secrets is withheld and never cached (best-effort:
a secret written whole within one line, in either case). Files that are
not pages (images, SVG, CSS, JavaScript) are served with
Content-Security-Policy: sandbox, so their scripts never run with the
server's origin.

Verify builds and runs every program (or those named FILE, FILE#ID or
FILE:LINE) and checks its exit status and output against the lesson. It prints one line
per program and a final "N passed, N failed" line. -format json prints one
JSON object per program instead (file, line, name, status, reason,
message; exit_code, signal, timed_out, truncated and aborted (why a run that
killed or stopped its sandbox helper has no exit status); wall_ms, user_ms,
sys_ms, max_rss_kb; cached, output with t_ms per line, env; and runs,
one per GOMAXPROCS value of a sweep); -format github prints failures as
GitHub Actions annotations on the lesson line that is wrong: each
compiler or vet message at its line and column, a panic at the lesson
line of its first stack frame, an output mismatch at the first expected
line that differs, anything else at the program's first line; problems
in the lessons themselves (a malformed lesson, a broken link) are
annotated at their positions too. -shard I/N keeps the I-th of N stable
slices of the programs, to spread a large book over several CI jobs.
-update rewrites the
output block of every program whose output does not match with what it
printed, keeping lines with ... that still match and the unordered
attribute, and changes nothing else in the file; such programs then count
as passed.

Draft lessons (draft: true) are left out, as build leaves them out of
the site, unless -drafts is given; serve shows them, marked as drafts.

FILE is a lesson's path (as verify prints it, relative, absolute, or its
base name). FILE:LINE names the program whose blocks or output block hold
that line, as in verify's own "FAIL lessons/x.md:41 name" lines.

Freeze runs every program (or those named FILE or FILE#ID) now, never
from the cache, and records the result of each one that passes in the
lessons folder's .frozen folder: .frozen/LESSON/ID.json, one small
indented JSON file per program with sorted keys, meant to be committed.
Freeze on a quiet machine, and the site publishes what you measured
there instead of what a busy CI runner measures. Build publishes a
frozen result as long as the program, its attributes, its module and the
Go version still match it (the page says it is a frozen result, and where
and when it was measured), and runs only the programs that have none.
Verify still runs every program, and reports each frozen result that no
longer matches its program as stale, with the freeze command that
records it again (a warning: the program itself is checked as usual).
Freezing the whole book removes the frozen results of programs that are
gone. Give the programs you freeze a name=: an unnamed program's ID is
its line number, which moves as the lesson is edited.

An exercise is checked as two programs: its solution (named ID-solution)
must pass the check, and its starter (named ID) must compile and must
not pass it yet (unless marked starter=broken or starter=passes); a
starter that breaks this rule fails with reason "starter".

Run builds and runs one program, printing each line of its output as it
appears with the time since the start, then its figures.

Version prints workbook's version (the module version it was installed
at by go install, or the VCS revision of a development build) and the go
command that programs are built with.

Programs build in the book's Go module: the go.mod in the lessons folder
or the nearest folder above it, as the go command finds it (usually the
repository root). Add a third-party package with go get in that folder
(not go mod tidy, which sees no Go files and drops it). Relative replace
directives work, and a replaced local module's files are part of every
result's key, so editing the library reruns the programs.

Learn is for readers working through a book's exercises in a terminal.
It writes each exercise's starter into the workspace folder -dir
(default "learn"), one folder per exercise named by lesson and id
(learn/01-goroutines/sum/main.go, with the go test file that checks it,
if any), and never overwrites a file that is already there: the reader's
edits are kept, and a deleted file comes back as the starter. It then
checks the first exercise that is not solved, and checks it again every
time a file in the workspace is saved, printing whether it is solved,
the compiler's errors or the difference between the expected output and
what the program printed. Lines typed on its input are commands: hint
(or h) prints the exercise's next hint, check (or an empty line) checks
again, next moves on to the next unsolved exercise, quit ends. Once an
exercise is solved, learn moves on; it exits when all are solved. A
reader's test files do not count: the lesson's go test file is the check.
With -once, learn checks every exercise once, prints a table (solved or
todo, the exercise, its folder) and "N of M solved", and exits 0 only
when all are solved. A book without exercises is an input error.

Results are cached by content in $WORKBOOK_CACHE (default: the user cache
folder's workbook folder), so an unchanged program never runs twice;
-rerun runs everything again. Each result is a file of its own,
results/XX/KEY.json, named by the hash of everything it depends on (the
program, its attributes, the toolchain, the machine's OS, architecture
and CPU count, the book's module); there is no index. Caches therefore
merge by a plain copy of their results folders: copy the results of
several verify -shard jobs into one cache, and a build on a machine like
theirs runs nothing. $WORKBOOK_GO names the go command to use.

Programs run as the user who started workbook, with that user's network
access, each in a fresh temporary folder and its own process group;
every process a run starts is killed when it ends. There is no memory limit
unless -memory SIZE is given (a size such as 2GiB: units B, KiB, MiB,
GiB, TiB): it limits the address space of each process of a program
(RLIMIT_AS, Linux), and address space includes what Go reserves before
main runs, about 1.2 GiB on linux/amd64, and far more for race programs.
A program past the limit fails with "fatal error: out of memory"; under a
limit below 1.5 GiB the failure says so and suggests -memory 2GiB.
-memory needs the linux runner backend; with the portable one it is
refused (exit 2) rather than ignored.

$WORKBOOK_RUNNER picks how programs are run: "linux" (the default on
Linux: exact output order and times, peak memory of the program alone,
every descendant reaped) or "portable" (the only one elsewhere: output
through two pipes, the program's own process group, or a Job Object on
Windows). Results, pages and verify's JSON name the backend that ran
them, and switching backends runs the programs again.

Exit status: 0 when everything passed, 1 when a program failed, 2 for a
usage error or a malformed lesson (the message starts with FILE:LINE:),
and for a machine not set up to run programs: a WORKBOOK_GO (or go on
PATH) that is missing or does not work, a WORKBOOK_CACHE that cannot be
a folder; the message names the variable.
*/
package main
