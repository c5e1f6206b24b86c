// Package site turns a book and its programs' results into a static web
// site: one page per lesson with highlighted code and, after each
// program, what really happened when it ran.
//
// Build loads, runs, checks, renders and writes the site atomically;
// Render is the pure step, which serve reuses to render into memory.
// Every link in the output is relative, so the same files work at a
// domain's root, under a sub-path (GitHub Pages project sites) and
// opened from disk, and no page requests anything from another host.
package site
