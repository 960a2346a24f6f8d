//go:build !unix

package main

// terminalWidth returns 0, which leaves the formatter its default width:
// only Unix terminals are measured.
func terminalWidth(fd uintptr) int { return 0 }
