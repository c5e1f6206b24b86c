// Package site turns a book and its programs' results into a static web
// site: one page per lesson with highlighted code and, after each
// program, what really happened when it ran.
//
// Build loads, runs, checks, renders and writes the site atomically. A
// Renderer is the pure step: it renders a book and results into memory.
// Build and the live preview (package serve) both render through one,
// so a served page is the page build writes, plus serve's head. Every
// link in the output is relative, so the same files work at a domain's
// root, under a sub-path (GitHub Pages project sites) and opened from
// disk, and no page requests anything from another host.
//
// Site neither serves nor watches: packages serve and watch do, and a
// built site contains nothing of them.
package site
