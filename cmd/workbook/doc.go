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
on the program's page.

Serve builds the site, serves it on -addr (default 127.0.0.1:8080),
rebuilds when a lesson changes and reloads open pages. A program that
starts failing keeps its page's last good version, under an overlay that
says what failed, and holds back no other page. A program that writes
into the lessons folder does not rebuild the site forever: changes that
leave a file's content as it was are ignored, and after three changes in
a row cancel a build the next one finishes; the log says so.

Serve logs a login URL (-open opens it, through a file only you can
read): in a browser logged in through it, every program in the pages can
be edited and run. The URL works once; after each login serve logs a new
one for another browser, and after a restart open tabs need the new one.
Pages opened without logging in are read-only. Programs run as you, with
your network access and no memory limit, under the build's limits (an
edited program gets at most 10 s).

Only a browser on this machine runs code: a connection that is not from
loopback never gets the token, a login or a run, whatever its headers
say. With -addr 0.0.0.0:PORT other machines can read the pages; with a
non-loopback -addr IP:PORT nobody can run programs. Requests must name
the bound address, localhost or a loopback IP (DNS rebinding). A run
needs POST, the server's own Origin, the login cookie and the page's
token. Idle connections close after a minute, requests must arrive
within 30 s, and at most 256 connections are open at once. Output that
shows one of serve's secrets is withheld and never cached.

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
