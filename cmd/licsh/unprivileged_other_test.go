//go:build !linux

package main

import (
	"fmt"
	"os"
)

// unprivileged runs licsh as a user whom file modes stop; only on Linux
// can the tests switch to one, and the scripts that need it run under
// [linux].
func unprivileged() {
	fmt.Fprintln(os.Stderr, "unprivileged: only on Linux")
	os.Exit(2)
}
