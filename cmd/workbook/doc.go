/*
Workbook builds, checks and serves a book of runnable Go lessons.

A book is a folder of Markdown files whose Go code blocks are complete
programs. Workbook builds every program with the local go command, runs
it, records what really happened (each output line with the time it
appeared, the exit status, wall and CPU time, peak memory) and shows that
beside the code. The lesson format is described in package book.

Usage:

	workbook build  [-lessons DIR] [-out DIR] [-rerun] [-jobs N] [-allow-failures]
	workbook serve  [-lessons DIR] [-addr HOST:PORT] [-rerun] [-poll] [-open]
	workbook verify [-lessons DIR] [-rerun] [-format text|github|json] [-shard I/N] [FILE[#ID] ...]
	workbook run    FILE#ID
	workbook version

The lessons folder defaults to ./lessons when it exists, and otherwise to
the book built into the workbook binary.

Build writes the static site to -out (default "public"), atomically: when
it fails, the previous site is left as it was. It exits 1 when a program
fails, unless -allow-failures is given, in which case the failure is shown
on the program's page. Nothing is done when nothing changed since the
site was built; after an edit to a few lessons, only the pages that show
them are rendered again, and the rest of the previous site is linked into
the new one. Highlighted code is kept in the cache folder (see below), so
code seen before is not highlighted again.

Serve builds the site, serves it on -addr (default 127.0.0.1:8080),
rebuilds when a lesson changes and reloads open pages. A program that
starts failing keeps its page's last good version, under an overlay that
says what failed, and holds back no other page. Its log names each program
that ran and how many of the build's programs are done ("12/35
programs"). In the pages it serves, every program can be edited and run.

Verify builds and runs every program (or those named FILE or FILE#ID) and
checks its exit status and output against the lesson. It prints one line
per program and a final "N passed, N failed" line. -format json prints one
JSON object per program instead; -format github prints failures as GitHub
Actions annotations. -shard I/N keeps the I-th of N stable slices of the
programs, to spread a large book over several CI jobs.

Run builds and runs one program, printing each line of its output as it
appears with the time since the start, then its figures.

Results are cached by content in $WORKBOOK_CACHE (default: the user cache
folder's workbook folder), so an unchanged program never runs twice;
-rerun runs everything again. $WORKBOOK_GO names the go command to use.

Exit status: 0 when everything passed, 1 when a program failed, 2 for a
usage error or a malformed lesson (the message starts with FILE:LINE:).
*/
package main
