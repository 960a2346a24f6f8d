package goext

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"

	yaegi "github.com/traefik/yaegi/interp"

	"licsh/shell/cmdlet"
	"licsh/shell/interp"
)

// exitPanic is how yaegi's sandboxed os.Exit ends interpreted code: with a
// panic that licsh turns back into the exit code, once its output is out.
var exitPanic = regexp.MustCompile(`^os\.Exit\((-?\d+)\)$`)

// RunFile runs a Go program (package main) through the interpreter, as
// `licsh -File job.go` does, on the session of r: args are its os.Args
// after the program name, its standard streams are the session host's, and
// cmdlet.Session is its call, which runs commands on the session and
// writes objects to its output. It returns the exit code: the one given
// to os.Exit, 0 when main returns, 1 when the program does not compile,
// panics or is stopped by ctx (Ctrl-C).
func (e *Engine) RunFile(ctx context.Context, r *interp.Runner, path string, args []string) int {
	host := r.Host()
	src, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(host.Stderr, "The argument '%s' is not recognized as the name of a script file. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.\n", path)
		return 64
	}
	code, ran := 1, false
	var runErr error
	// The program runs as a command of the session, so that what it asks
	// of the session (output, errors, other commands) goes through the
	// pipeline machinery a cmdlet uses. The command is passed as $args[0]
	// rather than registered, so it is no command a user could call.
	program := &cmdlet.Cmdlet{
		Name:   filepath.Base(path),
		Source: path,
		Process: func(c cmdlet.Call) error {
			e.gate.enter(r)
			defer e.gate.leave()
			defer e.streams.set(host.Stdin, host.Stdout, host.Stderr)()
			defer e.serve(c)()
			if e.i == nil {
				e.args = append([]string{path}, args...)
			}
			ran = true
			code, runErr = e.runProgram(c.Context(), path, src)
			return nil
		},
	}
	// A non-terminating error the program wrote leaves the exit code its
	// own, as with pwsh -File; the session's code counts only when the
	// program never started (Ctrl-C before it).
	if rc := r.RunString(ctx, path, "& $args[0]", []any{program}); !ran {
		return rc
	}
	if runErr != nil {
		fmt.Fprintln(host.Stderr, runErr)
	}
	return code
}

func (e *Engine) runProgram(ctx context.Context, path string, src []byte) (int, error) {
	prog, pkg, err := e.compile(path, src)
	if err != nil {
		return 1, err
	}
	if pkg != "main" {
		return 1, fmt.Errorf("%s: licsh -File runs a Go program: package main with a func main", path)
	}
	mark := e.streams.mark()
	_, err = e.i.ExecuteWithContext(ctx, prog)
	pos := e.streams.panicPos(mark)
	var p yaegi.Panic
	switch {
	case err == nil:
		return 0, nil
	case errors.As(err, &p):
		if m := exitPanic.FindStringSubmatch(fmt.Sprint(p.Value)); m != nil {
			code, _ := strconv.Atoi(m[1])
			return code, nil
		}
		return 1, panicError(path, pos, p.Value)
	case ctx.Err() != nil:
		return 1, interp.NewError("PipelineStopped", "OperationStopped", nil, "The pipeline has been stopped.")
	}
	return 1, err
}

// serve makes c the program's session until end is called, which brings
// back the one served before. The caller holds the gate.
func (e *Engine) serve(c cmdlet.Call) (end func()) {
	prev := e.program
	e.program = c
	return func() { e.program = prev }
}
