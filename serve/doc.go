// Package serve is workbook's live preview: it builds a book's site
// into memory, serves it over HTTP, rebuilds it as lessons are saved
// (package watch reports the saves), tells open pages to reload over
// Server-Sent Events, runs programs edited in the page and checks
// readers' attempts at exercises (POST /_workbook/check, under the run
// endpoint's guard and limits), and rewrites a program's output block
// with what it prints (POST /_workbook/accept, under the same guard).
//
// Rendering is package site's, through one site.Renderer kept for the
// server's life, so a served page is the page build writes plus serve's
// head: its script and style, and whether the reader may run code. A rebuild runs only the
// programs that changed; a rebuild that fails keeps the last good site
// and shows the problems over the open pages and in the log. The first
// build serves its pages while its programs run, each pending until it
// has run (see pendingRun); a pending page is never kept as a good one.
//
// # Security
//
// Lessons are trusted code (see the Trust section of package book's
// documentation), but the pages serve publishes can run code, so serve
// guards who may ask. The connection decides first: a request that does
// not come from loopback never gets the token, a login or a run,
// whatever its headers say; it may read pages. Every request must name
// an allowed Host (the bound address, localhost or a loopback IP, with
// the bound port; bound to every interface, also this machine's own
// addresses), against DNS rebinding. Running code needs a login: serve
// logs a one-time URL whose secret a loopback visit trades for an
// HttpOnly, SameSite=Strict cookie named after the port and the
// per-process token; only that response carries the token, which the
// page keeps in localStorage (per origin, so per port). Cookies are not
// kept apart by port: a server on another port of this host may get the
// cookie, so the cookie alone gets no token and runs nothing. A run
// needs POST, an Origin equal to the server's own, the cookie and the
// token. Secrets are random per process and live in memory only; output
// that shows one is withheld and never cached (Server.Keep).
//
// Connections are bounded: requests must arrive in time, idle
// keep-alive connections close, and at most Config.MaxConns are open at
// once, so a flood of clients never takes the file descriptors a
// rebuild needs. Files come from the in-memory site only, so no request
// can reach the file system. Responses are never cached and never
// framed, and files that are not pages are sandboxed (no script of an
// SVG runs with serve's origin).
package serve
