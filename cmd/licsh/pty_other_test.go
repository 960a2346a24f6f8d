//go:build !unix

package main

import "github.com/rogpeppe/go-internal/testscript"

// ptyCmd needs a pseudo-terminal, which only Unix systems have; the
// scripts that use it run it under [unix].
func ptyCmd(ts *testscript.TestScript, neg bool, args []string) {
	ts.Fatalf("pty: no pseudo-terminals on this system")
}
