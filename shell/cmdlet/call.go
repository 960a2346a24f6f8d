package cmdlet

import (
	"context"
	"time"

	"licsh/shell/value"
)

// Call is one invocation of a cmdlet as the cmdlet sees it: its bound
// parameters, the current pipeline object, and the ways it talks back to
// the session (output, errors, warnings, ShouldProcess, other commands).
type Call interface {
	// Cmdlet is the declaration being run; ParameterSet the set the
	// binder chose ("" when the cmdlet has none).
	Cmdlet() *Cmdlet
	ParameterSet() string

	// Bound reports whether the parameter was given, on the command line
	// or from the pipeline.
	Bound(name string) bool
	// Get returns the parameter's value, converted to its declared type,
	// or nil when it was not given.
	Get(name string) any
	// String returns the parameter as a string ("" when not given).
	String(name string) string
	// Strings returns the parameter as a list of strings (nil when not
	// given).
	Strings(name string) []string
	// Int returns the parameter as an int (0 when not given).
	Int(name string) int
	// Switch returns a switch or bool parameter (false when not given).
	Switch(name string) bool
	// Args returns the arguments no parameter took (see
	// Cmdlet.AcceptsArgs).
	Args() []any

	// Input is the current pipeline object while Process runs for one;
	// HasInput tells it apart from a Process call made without pipeline
	// input.
	Input() any
	HasInput() bool
	// State and SetState keep what the cmdlet gathers between Begin,
	// Process and End.
	State() any
	SetState(v any)

	// Write sends one object down the pipeline as it is, without
	// unrolling a collection. The error it returns (the pipeline was
	// stopped, or Ctrl-C) must be returned by the cmdlet.
	Write(v any) error
	// WriteAll sends v down the pipeline, unrolling it when it is a
	// collection, as Write-Output does.
	WriteAll(v any) error
	// StopUpstream tells the pipeline that this command needs no more
	// input, as Select-Object -First does.
	StopUpstream()
	// WriteError reports a non-terminating error. It returns an error,
	// which the cmdlet must return, when -ErrorAction Stop (or the
	// preference) makes the error terminating, or when err is pipeline
	// control rather than a failure.
	WriteError(err error) error
	// WriteWarning, WriteVerbose and WriteDebug write to those streams;
	// WriteHost writes text straight to the host, past the pipeline.
	WriteWarning(msg string)
	WriteVerbose(msg string)
	WriteDebug(msg string)
	WriteHost(text string)

	// Context is cancelled when the user presses Ctrl-C; long-running
	// cmdlets check it between items.
	Context() context.Context
	// Now is the session's clock: the tenant's, which Set-TenantClock
	// moves.
	Now() time.Time
	// ShouldProcess asks whether to perform action on target. With
	// -WhatIf it prints `What if: Performing the operation "action" on
	// target "target".` and returns false; with -Confirm it asks the user,
	// or fails when the session is non-interactive.
	ShouldProcess(target, action string) (bool, error)
	// WhatIf reports whether the call runs under -WhatIf.
	WhatIf() bool
	// RunCommand runs another command as the caller's script would: found
	// by name or alias, bound with the named parameters given, fed the
	// input objects (none when input is nil). It returns what the command
	// outputs. Its non-terminating errors are written as usual (pass
	// "ErrorAction" = "Stop" to get the first back instead); its
	// terminating error is returned as an error of this call. Under
	// -WhatIf the command runs under -WhatIf too.
	RunCommand(name string, params map[string]any, input []any) ([]any, error)
	// Invoke runs a script block in the caller's scope with $_ set to
	// input and passes what it outputs to emit, as ForEach-Object does;
	// InvokeCollect returns the output instead.
	Invoke(sb value.ScriptBlock, input any, emit func(any) error, args ...any) error
	InvokeCollect(sb value.ScriptBlock, input any, args ...any) ([]any, error)
	// Var returns a variable as the caller sees it; SetVar sets one in the
	// caller's scope.
	Var(name string) (any, bool)
	SetVar(name string, v any) error
	// Path resolves a path given by the user against the session's
	// current folder.
	Path(p string) string
}
