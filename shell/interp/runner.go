package interp

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"licsh/shell/cmdlet"

	"licsh/shell/format"
	"licsh/shell/syntax"
	"licsh/shell/value"
)

// Runner runs scripts in one session: it keeps the global scope, the
// functions defined so far, $Error and the other automatic variables
// between runs, so the REPL can run line after line on one Runner.
type Runner struct {
	host   *Host
	reg    *Registry
	global *scope
	errors *value.List
	// lastOK is $?: whether the last command succeeded.
	lastOK bool
	// failures counts the errors written so far, so a statement can tell
	// whether it wrote any.
	failures int
	// tryDepth counts the try blocks being run, across calls: inside one,
	// an error that would end only its statement is thrown to the catch.
	tryDepth int
	// trapDepth counts the blocks being run that have a trap statement.
	trapDepth int
	// out is the Out-Default of the current run.
	out *format.Formatter
	// exited is set when the last run ended with the exit statement.
	exited bool
	// dir is the current folder; locations the stack Push-Location keeps.
	dir       string
	locations []string
	// imported are the modules the session imported, in order.
	imported []*Module
	// types are the classes and enums the session's scripts defined.
	types *typeTable
	// errSink, while a command with 2> file runs, takes the errors that
	// would be shown.
	errSink *outRedirect
	// using reads $using: variables in a session made for
	// ForEach-Object -Parallel or Start-Job; nil elsewhere.
	using func(name string) (any, bool)
	// jobs are the session's background jobs; lastJob numbers them.
	jobs    []*Job
	lastJob int
	// depth counts the calls in progress (runCall).
	depth int
}

// New returns a runner for a new session with the host's streams and the
// registry's cmdlets.
func New(host *Host, reg *Registry) *Runner {
	r := &Runner{host: host, reg: reg, global: newScope(nil), errors: &value.List{}, lastOK: true, dir: startDir(host)}
	r.types = &typeTable{r: r}
	r.global.types = r.types
	r.initVariables()
	return r
}

func (r *Runner) initVariables() {
	g := r.global
	constants := map[string]any{"true": true, "false": false, "null": nil}
	for name, v := range constants {
		g.vars[name] = &variable{name: name, value: v, readOnly: true}
	}
	prefs := map[string]any{
		"ErrorActionPreference":    "Continue",
		"WarningPreference":        "Continue",
		"VerbosePreference":        "SilentlyContinue",
		"DebugPreference":          "SilentlyContinue",
		"InformationPreference":    "SilentlyContinue",
		"ProgressPreference":       "Continue",
		"ConfirmPreference":        "High",
		"WhatIfPreference":         false,
		"LASTEXITCODE":             0,
		"Error":                    r.errors,
		"PID":                      os.Getpid(),
		"IsLinux":                  runtime.GOOS == "linux",
		"IsWindows":                runtime.GOOS == "windows",
		"IsMacOS":                  runtime.GOOS == "darwin",
		"IsCoreCLR":                true,
		"HOME":                     r.home(),
		"OFS":                      nil,
		"PSEdition":                "Core",
		"PSScriptRoot":             "",
		"PSCommandPath":            "",
		"MaximumHistoryCount":      4096,
		"NestedPromptLevel":        0,
		"PSDefaultParameterValues": value.NewHashtable(),
		"PSNativeCommandUseErrorActionPreference": false,
		"Host": hostInfo(PSVersion),
	}
	for name, v := range prefs {
		g.setLocal(name, v)
	}
	g.setLocal("PSVersionTable", versionTable())
}

// versionTable is $PSVersionTable, in the order pwsh shows it.
func versionTable() *value.Hashtable {
	ver := value.NewHashtable()
	ver.Ordered = true
	ps, _ := value.ParseVersion(PSVersion)
	ver.Set("PSVersion", ps)
	ver.Set("PSEdition", "Core")
	ver.Set("GitCommitId", PSVersion)
	ver.Set("OS", osDescription())
	platform := "Unix"
	if runtime.GOOS == "windows" {
		platform = "Win32NT"
	}
	ver.Set("Platform", platform)
	var compatible []any
	for _, v := range []string{"1.0", "2.0", "3.0", "4.0", "5.0", "5.1", "6.0", "7.0"} {
		cv, _ := value.ParseVersion(v)
		compatible = append(compatible, cv)
	}
	ver.Set("PSCompatibleVersions", compatible)
	remoting, _ := value.ParseVersion("2.3")
	ver.Set("PSRemotingProtocolVersion", remoting)
	serial, _ := value.ParseVersion("1.1.0.1")
	ver.Set("SerializationVersion", serial)
	wsman, _ := value.ParseVersion("3.0")
	ver.Set("WSManStackVersion", wsman)
	return ver
}

// osDescription is the OS entry of $PSVersionTable: the system's name and
// its kernel release where the system tells it.
func osDescription() string {
	name := map[string]string{"linux": "Linux", "darwin": "Darwin", "windows": "Microsoft Windows"}[runtime.GOOS]
	if name == "" {
		name = runtime.GOOS
	}
	if rel, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		return name + " " + strings.TrimSpace(string(rel))
	}
	return name
}

func (r *Runner) home() string {
	h, _ := os.UserHomeDir()
	return h
}

// Registry returns the runner's cmdlet registry.
func (r *Runner) Registry() *Registry { return r.reg }

// Host returns the runner's host.
func (r *Runner) Host() *Host { return r.host }

// SetVariable sets a global variable, as a profile or the command line
// would before running a script.
func (r *Runner) SetVariable(name string, v any) { r.global.setLocal(name, v) }

// Variable returns a global variable's value.
func (r *Runner) Variable(name string) (any, bool) { return r.global.get(name) }

// RunString parses and runs script text in the global scope, as -Command
// and each REPL entry do, and returns the exit code pwsh would give.
func (r *Runner) RunString(ctx context.Context, name, src string, args []any) int {
	f, err := syntax.Parse(name, src)
	if err != nil {
		r.reportParseError(name, src, err)
		return 1
	}
	return r.run(ctx, f, r.global, args)
}

// RunFile runs a script file in a script scope of its own, with
// $PSScriptRoot and $PSCommandPath set, as -File does. Arguments that look
// like -Name bind to the script's param() block by name.
func (r *Runner) RunFile(ctx context.Context, path string, args []any) int {
	// The path is read as script paths are: .\job.ps1 as written on
	// Windows names ./job.ps1.
	full := r.resolvePath(path)
	src, err := os.ReadFile(full)
	if err != nil {
		msg := "The argument '" + path + "' is not recognized as the name of a script file. Check the spelling of the name, or if a path was included, verify that the path is correct and try again."
		r.display(NewError("FileNotFound", "ObjectNotFound", path, msg))
		return 64
	}
	f, err := syntax.Parse(path, string(src))
	if err != nil {
		r.reportParseError(path, string(src), err)
		return 1
	}
	if err := r.checkRequires(ctx, f, filepath.Base(full)); err != nil {
		r.report(asRecord(err))
		return 1
	}
	b := &ScriptBlock{Body: f.Body, File: f, path: full}
	cmd := r.blockCmdlet(b, path, false)
	return r.withOutput(func(emit emitFn) error {
		call, err := r.bind(ctx, r.global, cmd, fileArguments(args), emit, f, syntax.Span{}, false)
		if err != nil {
			return err
		}
		return r.driveCall(call, nil)
	})
}

// fileArguments reads the words after -File's script: -Name and
// -Name:value name parameters, anything else is a value.
func fileArguments(args []any) []argument {
	out := make([]argument, 0, len(args))
	for _, a := range args {
		s, ok := a.(string)
		if ok && len(s) > 1 && s[0] == '-' && isParamStart(s[1]) {
			name, val, hasVal := strings.Cut(s[1:], ":")
			out = append(out, argument{param: name, value: val, hasValue: hasVal})
			continue
		}
		out = append(out, argument{value: a})
	}
	return out
}

func isParamStart(c byte) bool {
	return c == '_' || c == '?' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// fail records that the running command wrote an error.
func (r *Runner) fail() {
	r.failures++
	r.lastOK = false
}

// Exited reports whether the last run ended with the exit statement, which
// ends an interactive session.
func (r *Runner) Exited() bool { return r.exited }

// Run runs a parsed script in the global scope.
func (r *Runner) Run(ctx context.Context, f *syntax.File, args []any) int {
	return r.run(ctx, f, r.global, args)
}

func (r *Runner) reportParseError(name, src string, err error) {
	rec := asRecord(err)
	rec.file = &syntax.File{Name: name, Src: src}
	r.recordError(rec)
	r.display(rec)
	r.fail()
}

// run executes a script body in sc, sending what it outputs to
// Out-Default. As with pwsh -Command, a script whose last command failed
// exits with 1.
func (r *Runner) run(ctx context.Context, f *syntax.File, sc *scope, args []any) int {
	if args == nil {
		args = []any{}
	}
	sc.setLocal("args", args)
	code := r.withOutput(func(emit emitFn) error {
		if f.Name != "" {
			if err := r.checkRequires(ctx, f, filepath.Base(f.Name)); err != nil {
				return err
			}
		}
		return r.runScriptBody(ctx, sc, &ScriptBlock{Body: f.Body, File: f}, emit)
	})
	if code == 0 && !r.exited && !r.lastOK {
		return 1
	}
	return code
}

// withOutput runs fn with its output going to Out-Default, and turns how it
// ended into an exit code.
func (r *Runner) withOutput(fn func(emit emitFn) error) int {
	r.out = format.New(hostStdout{r.host}, r.host.width(), r.reg.Views())
	err := fn(r.out.Write)
	r.out.Close()
	r.out = nil
	return r.exitCode(err)
}

// hostStdout is the host's standard output as it is at each write, so that
// output formatted after Start-Transcript put the transcript in front of it
// goes to the transcript too.
type hostStdout struct{ h *Host }

func (w hostStdout) Write(p []byte) (int, error) {
	w.h.mu.Lock()
	defer w.h.mu.Unlock()
	if w.h.Stdout == nil {
		return len(p), nil
	}
	return w.h.Stdout.Write(p)
}

// exitCode maps how a script ended to pwsh's exit code.
func (r *Runner) exitCode(err error) int {
	r.exited = false
	if err == nil {
		return 0
	}
	var ex *exitFlow
	if errors.As(err, &ex) {
		r.exited = true
		r.global.setLocal("LASTEXITCODE", ex.code)
		return ex.code
	}
	if isFlow(err) {
		return 0
	}
	if isCancel(err) {
		// Ctrl-C: like pwsh, stop without an error message.
		return 1
	}
	rec := asRecord(err)
	r.report(rec)
	return 1
}

// runScriptBody runs a script's statements (all its named blocks in turn)
// in sc; flow control out of the script ends it.
func (r *Runner) runScriptBody(ctx context.Context, sc *scope, b *ScriptBlock, emit func(any) error) error {
	body := b.Body
	for _, stmts := range [][]syntax.Stmt{body.Begin, body.Process, body.End} {
		if err := r.runCall(ctx, sc, b.File, stmts, emit); err != nil {
			switch err.(type) {
			case *breakFlow, *continueFlow, *returnFlow:
				return nil
			}
			return err
		}
	}
	return nil
}

// commands returns every command visible from sc: cmdlets, then the
// functions of sc and the scopes above it (an inner one hides an outer one
// of the same name).
func (r *Runner) commands(sc *scope) []*cmdlet.Cmdlet {
	out := r.reg.Cmdlets()
	seen := map[string]bool{}
	for s := sc; s != nil; s = s.parent {
		for key, f := range s.functions {
			if !seen[key] {
				seen[key] = true
				out = append(out, f)
			}
		}
	}
	return out
}

// resolveCommand finds what a command name means: a function visible from
// sc, then a cmdlet or alias.
func (r *Runner) resolveCommand(sc *scope, name string) *cmdlet.Cmdlet {
	if f := sc.function(name); f != nil {
		return f
	}
	if c := r.reg.Lookup(name); c != nil {
		return c
	}
	// Module-qualified names (Microsoft.PowerShell.Utility\Write-Output).
	if i := strings.LastIndexByte(name, '\\'); i > 0 && !strings.ContainsAny(name[i+1:], "/\\.") {
		return r.reg.Lookup(name[i+1:])
	}
	return nil
}

// formatString is the text the default formatter shows for objs, at the
// host's width with the session's views, as Out-String gives it.
func (r *Runner) formatString(objs []any) string {
	return format.String(objs, r.host.width(), r.reg.Views())
}
