// Package book reads a workbook: a folder of Markdown lessons whose Go
// code blocks are programs that are built, run and checked.
package book
