/*
Workbook builds, checks and serves a book of runnable Go lessons.

A book is a folder of Markdown files whose Go code blocks are complete
programs. Workbook builds every program with the local go command, runs
it, records what really happened (each output line with the time it
appeared, the exit status, wall and CPU time, peak memory) and shows that
beside the code. The lesson format is described in package book.

Usage:

	workbook build  [-lessons DIR | -demo] [-out DIR] [-rerun] [-jobs N] [-memory SIZE] [-allow-failures]
	workbook serve  [-lessons DIR | -demo] [-addr HOST:PORT] [-rerun] [-memory SIZE] [-poll] [-open]
	workbook verify [-lessons DIR | -demo] [-drafts] [-rerun] [-memory SIZE] [-format text|github|json] [-shard I/N] [FILE[#ID] ...]
	workbook run    [-lessons DIR | -demo] [-rerun] [-memory SIZE] FILE#ID
	workbook version

The book is the folder -lessons names; without it, ./lessons when that
folder exists; without that, the current folder when it holds lessons
(Markdown files that start with front matter naming a title), so running
workbook from inside the lessons folder just works. Otherwise every
command exits 2, writing nothing, and says what it looked for: workbook
never falls back to another book on its own. -demo uses the book bundled
with the workbook binary instead ("Go concurrency for Python
programmers").

Build writes the static site to -out (default "public"), atomically: when
it fails, the previous site is left as it was. It exits 1 when a program
fails, unless -allow-failures is given, in which case the failure is shown
on the program's page. When -out is a symbolic link, the site replaces the
link's target and the link stays. An -out that is not a folder, or holds
files workbook did not write, is refused with exit status 2, as is a
symbolic link in the lessons folder whose target is outside it.

Serve builds the site, serves it on -addr (default 127.0.0.1:8080),
rebuilds when a lesson changes and reloads open pages. A program that
starts failing keeps its page's last good version, under an overlay that
says what failed, and holds back no other page. In the pages it serves,
every program can be edited and run.

Verify builds and runs every program (or those named FILE or FILE#ID) and
checks its exit status and output against the lesson. It prints one line
per program and a final "N passed, N failed" line. -format json prints one
JSON object per program instead (file, line, name, status, reason,
message; exit_code, signal, timed_out and truncated; wall_ms, user_ms,
sys_ms, max_rss_kb; cached, output with t_ms per line, env; and runs,
one per GOMAXPROCS value of a sweep); -format github prints failures as
GitHub Actions annotations on the lesson line that is wrong: each
compiler or vet message at its line and column, a panic at the lesson
line of its first stack frame, an output mismatch at the first expected
line that differs, anything else at the program's first line; problems
in the lessons themselves (a malformed lesson, a broken link) are
annotated at their positions too. -shard I/N keeps the I-th of N stable
slices of the programs, to spread a large book over several CI jobs.
Draft lessons (draft: true) are left out, as build leaves them out of
the site, unless -drafts is given; serve shows them, marked as drafts.

Run builds and runs one program, printing each line of its output as it
appears with the time since the start, then its figures.

Results are cached by content in $WORKBOOK_CACHE (default: the user cache
folder's workbook folder), so an unchanged program never runs twice;
-rerun runs everything again. $WORKBOOK_GO names the go command to use.

Programs run as the user who started workbook, with that user's network
access, each in a fresh temporary folder and its own session; every
process a run starts is killed when it ends. There is no memory limit
unless -memory SIZE is given (a size such as 2GiB: units B, KiB, MiB,
GiB, TiB): it limits the address space of each process of a program
(RLIMIT_AS, Linux), and address space includes what Go reserves before
main runs, about 1.2 GiB on linux/amd64, and far more for race programs.
A program past the limit fails with "fatal error: out of memory".

$WORKBOOK_RUNNER picks how programs are run: "linux" (the default on
Linux: exact output order and times, peak memory of the program alone,
every descendant reaped) or "portable" (the only one elsewhere: output
through two pipes, the program's own process group, or a Job Object on
Windows). Results, pages and verify's JSON name the backend that ran
them, and switching backends runs the programs again.

Exit status: 0 when everything passed, 1 when a program failed, 2 for a
usage error or a malformed lesson (the message starts with FILE:LINE:).
*/
package main
