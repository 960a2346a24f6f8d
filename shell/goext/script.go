package goext

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"

	yaegi "github.com/traefik/yaegi/interp"

	"licsh/shell/interp"
)

// exitPanic is how yaegi's sandboxed os.Exit ends interpreted code: with a
// panic that licsh turns back into the exit code, once its output is out.
var exitPanic = regexp.MustCompile(`^os\.Exit\((-?\d+)\)$`)

// RunFile runs a Go program (package main) through the interpreter, as
// `licsh -File job.go` does: args are its os.Args after the program name,
// its standard streams are the host's, and it returns the exit code: the
// one given to os.Exit, 0 when main returns, 1 when the program does not
// compile, panics or is stopped by ctx (Ctrl-C).
func (e *Engine) RunFile(ctx context.Context, host *interp.Host, path string, args []string) int {
	src, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(host.Stderr, "The argument '%s' is not recognized as the name of a script file. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.\n", path)
		return 64
	}
	e.gate.enter(nil)
	defer e.gate.leave()
	defer e.streams.set(host.Stdin, host.Stdout, host.Stderr)()
	if e.i == nil {
		e.args = append([]string{path}, args...)
	}
	code, err := e.runProgram(ctx, path, src)
	if err != nil {
		fmt.Fprintln(host.Stderr, err)
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
