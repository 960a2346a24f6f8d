// Package licsh is what a Go program run with `licsh -File job.go` uses to
// work on the licsh session that runs it: run any command (Get-User,
// Set-UserLicense, Export-Excel, a Go cmdlet ...) with the session's rules
// and audit log, and write objects that licsh formats as it formats a
// cmdlet's output.
//
// Go cmdlets do not need it: their *interp.Call has RunCommand. The package
// holds no state of its own beyond the session being served; licsh sets it
// with Serve, which interpreted code does not see.
package licsh

import (
	"sync"

	"licsh/shell/interp"
)

var (
	mu      sync.Mutex
	current *interp.Call
)

// Session returns the call a Go program runs as: its Write sends objects to
// licsh's output, WriteWarning, WriteError, ShouldProcess and Context work
// as in a cmdlet. It is nil outside `licsh -File`.
func Session() *interp.Call {
	mu.Lock()
	defer mu.Unlock()
	return current
}

// Run runs a command on the session as a script line would: found by name
// or alias, bound with the named parameters, fed the input objects (none
// when none are given). It returns what the command outputs. Non-terminating
// errors are shown as usual unless params has "ErrorAction" = "Stop", which
// returns the first of them; a terminating error is returned.
func Run(name string, params map[string]any, input ...any) ([]any, error) {
	c := Session()
	if c == nil {
		return nil, interp.NewError("NoSession", "InvalidOperation", name,
			"licsh.Run works only in a Go program run by licsh -File.")
	}
	// Interpreted code passes an empty, not a nil, slice for no input,
	// which RunCommand would take for a pipeline of no objects.
	if len(input) == 0 {
		input = nil
	}
	return c.RunCommand(name, params, input)
}

// Serve makes c the session of Go programs until end is called, which
// brings back the one served before. licsh calls it around a program.
func Serve(c *interp.Call) (end func()) {
	mu.Lock()
	prev := current
	current = c
	mu.Unlock()
	return func() {
		mu.Lock()
		current = prev
		mu.Unlock()
	}
}
