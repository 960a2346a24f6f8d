//go:build unix

package main

import "golang.org/x/sys/unix"

// terminalWidth returns the number of columns of the terminal on fd, or 0
// when it cannot tell, which leaves the formatter its default width.
func terminalWidth(fd uintptr) int {
	ws, err := unix.IoctlGetWinsize(int(fd), unix.TIOCGWINSZ)
	if err != nil {
		return 0
	}
	return int(ws.Col)
}
