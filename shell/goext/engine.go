package goext

import (
	"fmt"
	"go/ast"
	"go/parser"
	"maps"
	"reflect"
	"regexp"
	"strings"

	yaegi "github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"licsh/shell/cmdlet"
	"licsh/shell/goext/symbols"
	"licsh/shell/interp"
)

// Engine is the one yaegi interpreter of a licsh process, shared by the
// Go cmdlets of every session and by Go scripts. It is made on first use.
type Engine struct {
	gate    gate
	streams streams
	i       *yaegi.Interpreter
	args    []string // os.Args of interpreted code
	pkgs    int      // packages compiled so far, to name the next one
	// program is the call of the Go program being run, which
	// cmdlet.Session returns to it; the gate guards it.
	program cmdlet.Call
	depth   int // calls of interpreted functions in progress; see depth.go
}

// NewEngine returns an engine; no interpreter is made until Go code runs.
func NewEngine() *Engine { return &Engine{} }

// interpreter returns the interpreter, making it on first use. The caller
// holds the gate.
func (e *Engine) interpreter() (*yaegi.Interpreter, error) {
	if e.i != nil {
		return e.i, nil
	}
	i := yaegi.New(yaegi.Options{
		Stdin:  stdinOf{&e.streams},
		Stdout: stdoutOf{&e.streams},
		Stderr: stderrOf{&e.streams},
		Args:   e.args,
	})
	if err := i.Use(stdlib.Symbols); err != nil {
		return nil, err
	}
	if err := i.Use(e.exports()); err != nil {
		return nil, err
	}
	if err := i.Use(e.depthExports()); err != nil {
		return nil, err
	}
	e.i = i
	return i, nil
}

// exports is the licsh API as this engine gives it to interpreted code:
// the symbols of package cmdlet and value, with cmdlet.Session answering
// the program this engine runs.
func (e *Engine) exports() yaegi.Exports {
	out := yaegi.Exports{}
	for pkg, syms := range symbols.Symbols {
		out[pkg] = syms
	}
	api := maps.Clone(out[apiPath+"/cmdlet"])
	api["Session"] = reflect.ValueOf(func() cmdlet.Call { return e.program })
	out[apiPath+"/cmdlet"] = api
	return out
}

// compile parses, checks and compiles one file. A package other than main
// is given a name of its own, so that files written as the same package do
// not share (and clash in) one scope.
func (e *Engine) compile(name string, src []byte) (*yaegi.Program, string, error) {
	i, err := e.interpreter()
	if err != nil {
		return nil, "", err
	}
	f, err := parser.ParseFile(i.FileSet(), name, src, parser.DeclarationErrors)
	if err != nil {
		return nil, "", err
	}
	if err := checkImports(i.FileSet(), f); err != nil {
		return nil, "", err
	}
	if err := checkSupported(i.FileSet(), f); err != nil {
		return nil, "", err
	}
	if f.Name.Name != "main" {
		e.pkgs++
		f.Name = ast.NewIdent(fmt.Sprintf("licshgo%d", e.pkgs))
	}
	countDepth(f)
	prog, err := i.CompileAST(f)
	if err != nil {
		if m := missingImport.FindStringSubmatch(err.Error()); m != nil {
			return nil, "", fmt.Errorf("%s: package %s is not available to Go cmdlets and scripts: they may import the Go 1.22 standard library, %s", m[1], m[2], strings.Join(allowedImports, " and "))
		}
		return nil, "", err
	}
	return prog, f.Name.Name, nil
}

// missingImport matches yaegi's error for an import it has no symbols for.
var missingImport = regexp.MustCompile(`^(.*): import ("[^"]*") error: unable to find source related to`)

// loadCmdlets interprets a cmdlet file and returns its declarations by
// lower-case name. The caller holds the gate.
func (e *Engine) loadCmdlets(name string, src []byte) (map[string]*cmdlet.Cmdlet, error) {
	prog, pkg, err := e.compile(name, src)
	if err != nil {
		return nil, err
	}
	mark := e.streams.mark()
	_, err = e.i.Execute(prog)
	if p, ok := err.(yaegi.Panic); ok {
		return nil, panicError(name, e.streams.panicPos(mark), p.Value)
	}
	e.streams.panicPos(mark)
	if err != nil {
		return nil, err
	}
	v, ok := e.i.Symbols(pkg)[pkg][declVar]
	if !ok || !v.IsValid() {
		return nil, fmt.Errorf("%s: the file declares no %s", name, declVar)
	}
	list, ok := v.Interface().([]*cmdlet.Cmdlet)
	if !ok {
		return nil, fmt.Errorf("%s: %s is not a []*cmdlet.Cmdlet", name, declVar)
	}
	out := map[string]*cmdlet.Cmdlet{}
	for _, c := range list {
		if c != nil {
			out[strings.ToLower(c.Name)] = c
		}
	}
	return out, nil
}

// guard wraps a function of interpreted code so that calling it takes the
// gate, points the interpreter's streams at the caller's host and turns a
// panic into an error naming the file and line. A nil function stays nil.
func (e *Engine) guard(file string, fn func(cmdlet.Call) error) func(cmdlet.Call) error {
	if fn == nil {
		return nil
	}
	return func(c cmdlet.Call) (err error) {
		ic := interp.Inner(c)
		e.gate.enter(ic.Runner())
		defer e.gate.leave()
		h := ic.Host()
		defer e.streams.set(h.Stdin, h.Stdout, h.Stderr)()
		mark := e.streams.mark()
		defer func() {
			pos := e.streams.panicPos(mark)
			if v := recover(); v != nil {
				err = panicError(file, pos, v)
			}
		}()
		return fn(c)
	}
}

// panicError reports a panic of interpreted code. yaegi logs the position
// of the first statement of the function that panicked, not of the
// statement itself, so the message names the function's start; pos is ""
// when yaegi logged none.
func panicError(file, pos string, v any) *interp.ErrorRecord {
	if pos == "" {
		return interp.NewError("GoPanic", "NotSpecified", nil, fmt.Sprintf("%s: panic: %v", file, v))
	}
	return interp.NewError("GoPanic", "NotSpecified", nil, fmt.Sprintf("%s: panic in the function starting here: %v", pos, v))
}
