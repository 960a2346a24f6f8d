package interp

import (
	"context"
	"strings"
	"time"

	"licsh/shell/cmdlet"
	"licsh/shell/format"
	"licsh/shell/syntax"
	"licsh/shell/value"
)

// Call is one invocation of a cmdlet: the interpreter's side of
// cmdlet.Call, which it implements. Built-in cmdlets that work on the
// session itself (Get-Command, Get-Variable, transcripts) reach it with
// Inner; Go cmdlets cannot.
type Call struct {
	cmd      *cmdlet.Cmdlet
	set      string // the parameter set the binder chose
	input    any    // the current pipeline object, when hasInput
	hasInput bool
	state    any // the cmdlet's own, between Begin, Process and End

	r      *Runner
	ctx    context.Context
	scope  *scope
	args   map[string]any // bound from the command line, by lower-case name
	order  []string       // the keys of args in the order they were bound
	piped  []pipedValue   // bound from the current pipeline object
	pipe   *pipeBinding   // how pipeline objects bind; see pipeBinding
	extra  []any          // unbound arguments ($args of simple functions)
	out    func(any) error
	common commonParams
	at     syntax.Span // the command's extent, for error positions
	file   *syntax.File
	// stopUpstream is set by StopUpstream; see pipeline.go.
	stopUpstream bool
	// errToOut merges the error stream into the output (2>&1).
	errToOut bool
	// errFile is where 2> file (or *> file) sends the errors.
	errFile *outRedirect
	// errVarInit is set once -ErrorVariable's list was made for this call.
	errVarInit bool
	// invokedAs is the name or alias the script called the command by.
	invokedAs string
	// blocks are the script blocks the command ran per item, kept to run
	// again for the next; see blockFor.
	blocks []*hereBlock
	// keeps are the tests of Keeps; next is the call everything this one
	// writes goes to, when it goes to one call alone (NextKeeps).
	keeps []PropertyTest
	next  *Call
}

var _ cmdlet.Call = (*Call)(nil)

// Inner returns the interpreter's Call behind a cmdlet.Call, which the
// interpreter always passes.
func Inner(c cmdlet.Call) *Call { return c.(*Call) }

// Cmdlet returns the declaration being run.
func (c *Call) Cmdlet() *cmdlet.Cmdlet { return c.cmd }

// ParameterSet returns the parameter set the binder chose.
func (c *Call) ParameterSet() string { return c.set }

// Input returns the current pipeline object.
func (c *Call) Input() any { return c.input }

// HasInput reports whether Process runs for a pipeline object.
func (c *Call) HasInput() bool { return c.hasInput }

// State returns what the cmdlet kept with SetState.
func (c *Call) State() any { return c.state }

// SetState keeps v for the cmdlet's later Process and End.
func (c *Call) SetState(v any) { c.state = v }

// Context returns the context that is cancelled when the user presses
// Ctrl-C; long-running cmdlets check it between items.
func (c *Call) Context() context.Context { return c.ctx }

// Now reads the session's clock.
func (c *Call) Now() time.Time { return c.r.host.now() }

// Host returns the session's host: its streams, terminal width and prompts.
func (c *Call) Host() *Host { return c.r.host }

// Runner returns the runner the call belongs to.
func (c *Call) Runner() *Runner { return c.r }

// Bound reports whether the parameter was given, on the command line or from
// the pipeline.
func (c *Call) Bound(name string) bool {
	_, ok := c.lookupArg(name)
	return ok
}

// Get returns the parameter's value, converted to its declared type, or nil
// when it was not given.
func (c *Call) Get(name string) any {
	v, _ := c.lookupArg(name)
	return v
}

// lookupArg finds a bound parameter by name, in any case. Cmdlets ask for
// their parameters for every pipeline object, so the name is lowered into
// a buffer on the stack rather than a new string.
func (c *Call) lookupArg(name string) (any, bool) {
	var buf [48]byte
	key := value.FoldName(buf[:0], name)
	for i := range c.piped {
		if c.piped[i].key == string(key) {
			return c.piped[i].value, true
		}
	}
	v, ok := c.args[string(key)]
	return v, ok
}

// String returns the parameter as a string ("" when not given).
func (c *Call) String(name string) string {
	v := c.Get(name)
	if v == nil {
		return ""
	}
	return value.ToString(v)
}

// Strings returns the parameter as a list of strings (nil when not given).
func (c *Call) Strings(name string) []string {
	v := c.Get(name)
	if v == nil {
		return nil
	}
	items, ok := value.Enumerate(v)
	if !ok {
		return []string{value.ToString(v)}
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		out = append(out, value.ToString(it))
	}
	return out
}

// Int returns the parameter as an int (0 when not given).
func (c *Call) Int(name string) int {
	v, err := value.Convert(c.Get(name), "int")
	if err != nil || v == nil {
		return 0
	}
	return v.(int)
}

// Switch returns a switch or bool parameter (false when not given).
func (c *Call) Switch(name string) bool {
	return value.ToBool(c.Get(name))
}

// Args returns the arguments no parameter took (only script functions
// without [CmdletBinding()] accept them).
func (c *Call) Args() []any { return c.extra }

// Write sends one object down the pipeline as it is, without unrolling a
// collection. The error it returns (the pipeline was stopped, or Ctrl-C)
// must be returned by the cmdlet.
func (c *Call) Write(v any) error {
	if err := c.ctx.Err(); err != nil {
		return errCancelled
	}
	return c.out(v)
}

// WriteAll sends v down the pipeline, unrolling it when it is a
// collection, as Write-Output does.
func (c *Call) WriteAll(v any) error {
	if items, ok := value.Enumerate(v); ok {
		for _, it := range items {
			if err := c.Write(it); err != nil {
				return err
			}
		}
		return nil
	}
	return c.Write(v)
}

// WriteError reports a non-terminating error. It returns an error, which the
// cmdlet must return, when -ErrorAction Stop (or the preference) makes the
// error terminating, and returns err itself when err is pipeline control
// (see IsControl) rather than a failure.
func (c *Call) WriteError(err error) error {
	if IsControl(err) {
		return err
	}
	rec := c.record(err)
	if name := c.common.errorVariable; name != "" {
		c.appendVar(name, rec)
	}
	if c.errToOut {
		c.r.fail()
		c.r.recordError(rec)
		return c.out(rec)
	}
	return c.r.writeError(c.scope, rec, c.common.errorAction)
}

// appendVar adds to a list variable named by -ErrorVariable; "+name" keeps
// what the variable held.
func (c *Call) appendVar(name string, v any) {
	keep := strings.HasPrefix(name, "+")
	name = strings.TrimPrefix(name, "+")
	l, ok := c.scope.valueOf(name).(*value.List)
	if !ok || !keep && !c.errVarInit {
		l = &value.List{}
		c.scope.setLocal(name, l)
	}
	c.errVarInit = true
	l.Items = append(l.Items, v)
}

// WriteWarning writes to the warning stream ("WARNING: msg").
func (c *Call) WriteWarning(msg string) {
	c.r.writeStream(c.scope, streamWarning, msg, c.common.warningAction)
}

// WriteVerbose writes to the verbose stream, shown with -Verbose.
func (c *Call) WriteVerbose(msg string) {
	c.r.writeStream(c.scope, streamVerbose, msg, c.common.verbose)
}

// WriteDebug writes to the debug stream, shown with -Debug.
func (c *Call) WriteDebug(msg string) {
	c.r.writeStream(c.scope, streamDebug, msg, c.common.debug)
}

// FlushOutput writes out the objects the session's formatter holds for a
// table it has not finished, as Stop-Transcript needs before the transcript
// ends.
func (c *Call) FlushOutput() { c.r.flushOutput() }

// WriteHost writes text straight to the host, past the pipeline, as
// Write-Host does.
func (c *Call) WriteHost(text string) {
	c.r.flushOutput()
	c.r.host.writeOut(text)
}

// ShouldProcess asks whether to perform action on target. With -WhatIf it
// prints `What if: Performing the operation "action" on target "target".`
// and returns false; with -Confirm it asks the user, or fails when the
// session is non-interactive.
func (c *Call) ShouldProcess(target, action string) (bool, error) {
	return c.r.shouldProcess(c, target, action)
}

// Invoke runs a script block in the caller's scope with $_ set to input and
// passes what it outputs to emit, as ForEach-Object and Where-Object do.
func (c *Call) Invoke(sb value.ScriptBlock, input any, emit func(any) error, args ...any) error {
	b, ok := sb.(*ScriptBlock)
	if !ok {
		return NewError("InvalidArgument", "InvalidArgument", sb, "The script block cannot be invoked.")
	}
	return c.blockFor(b).run(c.ctx, input, args, emit)
}

// InvokeCollect runs a script block like Invoke and returns its output.
func (c *Call) InvokeCollect(sb value.ScriptBlock, input any, args ...any) ([]any, error) {
	var out []any
	err := c.Invoke(sb, input, func(v any) error {
		out = append(out, v)
		return nil
	}, args...)
	return out, err
}

// Var returns a variable as the caller sees it.
func (c *Call) Var(name string) (any, bool) {
	v := c.scope.lookup(name)
	if v == nil {
		return nil, false
	}
	return v.value, true
}

// SetVar sets a variable in the caller's scope.
func (c *Call) SetVar(name string, v any) error {
	return c.scope.set(name, v)
}

// Variables returns the variables the caller can see, by name; a variable
// of an inner scope hides an outer one of the same name.
func (c *Call) Variables() map[string]any {
	out := map[string]any{}
	seen := map[string]bool{}
	for s := c.scope; s != nil; s = s.parent {
		s.each(func(key string, v *variable) {
			if !seen[key] {
				seen[key] = true
				out[v.name] = v.value
			}
		})
	}
	return out
}

// Path resolves a path given by the user against the session's current
// folder; a backslash separates folders, as in scripts written on Windows.
func (c *Call) Path(p string) string { return c.r.resolvePath(p) }

// StopUpstream tells the pipeline that this command needs no more input, as
// Select-Object -First does; the commands before it stop, the ones after it
// finish normally.
func (c *Call) StopUpstream() { c.stopUpstream = true }

// InvocationName is the name or alias the script called the command by
// ($MyInvocation.InvocationName): md and mkdir make folders with New-Item.
func (c *Call) InvocationName() string {
	if c.invokedAs != "" {
		return c.invokedAs
	}
	return c.cmd.Name
}

// Caller returns the name of the function the call is made from, or ""
// outside any function. Write-Error names it, as PowerShell does.
func (c *Call) Caller() string {
	for s := c.scope; s != nil; s = s.parent {
		if s.funcName != "" {
			return s.funcName
		}
	}
	return ""
}

// Commands returns every command the caller can run: cmdlets and the
// functions visible from its scope.
func (c *Call) Commands() []*cmdlet.Cmdlet { return c.r.commands(c.scope) }

// Command finds a command by name or alias, as the session would resolve it.
func (c *Call) Command(name string) *cmdlet.Cmdlet { return c.r.resolveCommand(c.scope, name) }

// record turns any error into an error record raised by this call.
func (c *Call) record(err error) *ErrorRecord {
	rec := asRecord(err)
	if rec.Command == "" && !rec.engine {
		rec.Command = c.cmd.Name
	}
	if rec.file == nil {
		rec.file, rec.span = c.file, c.at
	}
	return rec
}

// FormatString is the text the default formatter shows for objs, at the
// host's width with the session's views, as Out-String gives it.
func (c *Call) FormatString(objs []any) string { return c.r.formatString(objs) }

// Views returns the views the session shows objects with.
func (c *Call) Views() *format.Views { return c.r.reg.Views() }

// Eval parses script text and runs it in the caller's scope, passing what
// it outputs to emit, as Invoke-Expression does: what the text defines
// stays defined for the caller.
func (c *Call) Eval(src string, emit func(any) error) error {
	f, err := syntax.Parse("", src)
	if err != nil {
		rec := asRecord(err)
		rec.file = &syntax.File{Name: "", Src: src}
		return rec
	}
	return c.r.runScriptBody(c.ctx, c.scope, &ScriptBlock{Body: f.Body, File: f}, emit)
}
