// Package goext lets admins write cmdlets and scripts in Go, run by the
// yaegi interpreter so no Go toolchain is needed on their machine.
//
// Go cmdlet files live in licsh's shipped scripts/cmdlets folder and in the
// user's folder ($LICSH_CMDLETS, else $XDG_CONFIG_HOME/licsh/cmdlets).
// Each declares `var Cmdlets = []*cmdlet.Cmdlet{...}` with the same
// declaration built-in cmdlets use. Start-up only parses the files: the
// declarations are read from their literals, so binding, completion, help
// and Get-Command work before any Go code runs, and a session that does not
// call them pays nothing for them. The first call of a file's cmdlet
// interprets the file and swaps the real functions in.
//
// All interpreted code runs in one interpreter, one session at a time.
// Every call into it turns a panic into an error naming the file and line,
// and constructs yaegi mishandles are rejected before interpretation.
// Cancellation is cooperative: interpreted code sees Ctrl-C through
// Call.Context and through the error Call.Write returns.
//
// Go cmdlets reach the tenant with Call.RunCommand; a Go program run with
// `licsh -File` runs as a command of the session and reaches it through
// the licsh subpackage.
//
// The package does not define cmdlets of its own, and it does not give Go
// code anything the symbols package does not export.
package goext
