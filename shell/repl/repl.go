// Package repl is licsh's interactive shell: it shows the `PS licsh> `
// prompt, reads a statement (asking for more lines with `>> ` while the
// input is unfinished, as after an open brace or a trailing pipe), runs it
// on one Runner so that variables and functions persist from line to line,
// and leaves on `exit` with its code or on end of input with 0.
//
// It reads plain lines: there is no line editing, history, tab completion
// or colour yet. Ctrl-C stops the statement that is running and returns to
// the prompt.
package repl

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"os/signal"
	"strings"

	"licsh/shell/interp"
	"licsh/shell/syntax"
)

const (
	prompt         = "PS licsh> "
	continuePrompt = ">> "
)

// Run reads statements from in and runs them on r until `exit` or the end
// of in, and returns the exit code. Prompts are written to out, which
// should be the host's standard output so that they interleave with what
// the statements print. While it runs, Ctrl-C (SIGINT) cancels the running
// statement instead of ending the process.
func Run(ctx context.Context, r *interp.Runner, in io.Reader, out io.Writer) int {
	interrupts := make(chan os.Signal, 1)
	signal.Notify(interrupts, os.Interrupt)
	defer signal.Stop(interrupts)

	lines := bufio.NewReader(in)
	for {
		io.WriteString(out, prompt)
		src, err := readStatement(lines, out)
		if strings.TrimSpace(src) != "" {
			code := runStatement(ctx, r, src, interrupts)
			if r.Exited() {
				return code
			}
		}
		if err != nil {
			// End of input (Ctrl-D) leaves the shell like `exit`.
			io.WriteString(out, "\n")
			return 0
		}
	}
}

// readStatement reads one line, and more while the text so far is an
// unfinished statement. It returns what it read with the error that ended
// the input, if any.
func readStatement(lines *bufio.Reader, out io.Writer) (string, error) {
	src, err := readLine(lines)
	for err == nil {
		if _, perr := syntax.Parse("", src); !syntax.IsIncomplete(perr) {
			break
		}
		io.WriteString(out, continuePrompt)
		var more string
		more, err = readLine(lines)
		src += "\n" + more
	}
	return src, err
}

// readLine reads a line without its line ending. A last line without one is
// returned with a nil error; io.EOF comes on the next call.
func readLine(lines *bufio.Reader) (string, error) {
	line, err := lines.ReadString('\n')
	if errors.Is(err, io.EOF) && line != "" {
		err = nil
	}
	line = strings.TrimSuffix(line, "\n")
	return strings.TrimSuffix(line, "\r"), err
}

// runStatement runs src with a context that an interrupt cancels, so Ctrl-C
// stops the statement and not the shell.
func runStatement(ctx context.Context, r *interp.Runner, src string, interrupts <-chan os.Signal) int {
	// An interrupt pressed at the prompt must not stop the next statement.
	for len(interrupts) > 0 {
		<-interrupts
	}
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-interrupts:
			cancel()
		case <-done:
		}
	}()
	return r.RunString(runCtx, "", src, nil)
}
