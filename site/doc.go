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
// Pages keep the lessons' folders (a chapter's lesson is
// CHAPTER/LESSON.html) and reach the site's top with ../. Beside them:
// style.css and app.js, which every page loads; toc.js, the book's
// contents, from which app.js builds the sidebar (one cached file rather
// than the same list in every page); and search.js, the search code and
// an index of every section's prose, headings and code, which a page
// loads only when its search box is used (a book of more than 50 pages
// has the rest of its index in search-1.js, search-2.js, ..., which
// search.js loads, so an edit rewrites only the part of its page). The
// two are scripts, not JSON,
// because a page opened from disk may load a script but not fetch a file.
// What only some pages need is loaded only by those: charts.css (sweep
// charts), timeline.css and timeline.js (goroutine timelines); replay.js,
// play.js and wasm-run.js wait for a press. Exercises' rules are in
// style.css: the lessons that have none pay less for them (about 90 B
// gzipped) than those that have would pay for a second stylesheet.
//
// Site neither serves nor watches: packages serve and watch do, and a
// built site contains nothing of them.
package site
