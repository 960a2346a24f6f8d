package repl

import (
	"context"
	"errors"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"licsh/shell/interp"
	"licsh/shell/syntax"
	"licsh/shell/value"
)

const (
	continuePrompt = ">> "
	// fallbackPrompt is what pwsh shows when the prompt function fails or
	// returns nothing.
	fallbackPrompt = "PS>"
)

// HelpHint is the end of the welcome line: how to get help and leave.
const HelpHint = "Type 'Get-Help' for help, 'Get-Command' for the commands, 'exit' or Ctrl-D to leave."

// errInterrupt is returned by a line reader when Ctrl-C abandoned the line.
var errInterrupt = errors.New("interrupted")

// Options configures a Shell.
type Options struct {
	// History keeps the command history; nil keeps none.
	History *History
	// ProfilePath is the profile script run at start; "" runs none.
	ProfilePath string
	// Values answers tab completion of tenant values; nil offers none.
	Values Values
	// Welcome returns the line shown when the terminal shell starts; nil
	// shows HelpHint.
	Welcome func() string
	// Location returns the tenant and acting admin the default prompt
	// shows, and whether the tenant is live (a Microsoft 365 tenant, which
	// the prompt marks in red); nil or empty names give `PS licsh> `.
	Location func() (tenant, admin string, live bool)
	// Color allows the prompt's colors.
	Color bool
}

// Shell is one interactive session on a Runner.
type Shell struct {
	runner    *interp.Runner
	opts      Options
	history   *History
	completer *Completer
	// reader is the current source of lines; Invoke-History and the
	// prompts of Read-Host go through it.
	reader lineReader
	// invoked is the command line Invoke-History ran during the current
	// entry, which the history records in place of `r`.
	invoked string
	// invoking is set while Invoke-History runs an entry, which must not
	// invoke history again.
	invoking bool
}

// New returns a shell on r and registers Get-History and Invoke-History
// in r's registry.
func New(r *interp.Runner, opts Options) *Shell {
	h := opts.History
	if h == nil {
		h = NewHistory("")
	}
	s := &Shell{runner: r, opts: opts, history: h, completer: NewCompleter(r, opts.Values)}
	s.registerCmdlets(r.Registry())
	return s
}

// DefaultProfilePath is $XDG_CONFIG_HOME/licsh/profile.ps1, or
// ~/.config/licsh/profile.ps1; "" when neither folder is known.
func DefaultProfilePath() string {
	cfg := os.Getenv("XDG_CONFIG_HOME")
	if cfg == "" {
		home, err := os.UserHomeDir()
		if err != nil || home == "" {
			return ""
		}
		cfg = filepath.Join(home, ".config")
	}
	return filepath.Join(cfg, "licsh", "profile.ps1")
}

// Run reads statements from in, writing prompts to out, and runs them on
// r until `exit` or the end of in, and returns the exit code. It is the
// shell without line editing, for input that is not a terminal.
func Run(ctx context.Context, r *interp.Runner, in io.Reader, out io.Writer) int {
	return New(r, Options{}).RunLines(ctx, in, out)
}

// RunLines runs the session on plain lines read from in, with prompts
// written to out, which should be the host's standard output so that they
// interleave with what the statements print.
func (s *Shell) RunLines(ctx context.Context, in io.Reader, out io.Writer) int {
	return s.run(ctx, newPlainReader(in, out))
}

// RunTerminal runs the session on a terminal: line editing, completion,
// history and bracketed paste. It shows the welcome line first. When ctx
// is done (licsh cancels it on SIGTERM and SIGHUP) the session ends: the
// statement running stops as Ctrl-C stops it, a prompt stops waiting.
func (s *Shell) RunTerminal(ctx context.Context, stdin *os.File, stdout io.Writer) (code int) {
	ed, err := newEditor(stdin, stdout, s.completer)
	if err != nil {
		return s.RunLines(ctx, stdin, stdout)
	}
	defer ed.Close()
	defer context.AfterFunc(ctx, ed.Close)()
	welcome := HelpHint
	if s.opts.Welcome != nil {
		welcome = s.opts.Welcome()
	}
	io.WriteString(stdout, welcome+"\n")
	host := s.runner.Host()
	host.Prompt = ed.prompt
	defer func() { host.Prompt = nil }()
	return s.run(ctx, ed)
}

// run is the loop shared by both kinds of input.
func (s *Shell) run(ctx context.Context, lr lineReader) int {
	interrupts := make(chan os.Signal, 1)
	signal.Notify(interrupts, os.Interrupt)
	defer signal.Stop(interrupts)
	s.reader = lr
	for _, line := range s.history.Load() {
		lr.Remember(line)
	}
	if s.opts.ProfilePath != "" {
		if src, err := os.ReadFile(s.opts.ProfilePath); err == nil {
			code := s.cancellable(ctx, interrupts, func(ctx context.Context) int {
				return s.runner.RunString(ctx, s.opts.ProfilePath, syntax.DecodeSource(src), nil)
			})
			if s.runner.Exited() {
				return code
			}
		}
	}
	for {
		if ctx.Err() != nil {
			return exitStopped
		}
		prompt := s.prompt(ctx, interrupts)
		src, err := s.readStatement(lr, prompt)
		if errors.Is(err, errInterrupt) {
			continue
		}
		if strings.TrimSpace(src) != "" && ctx.Err() == nil {
			s.transcribe(prompt + src)
			code := s.runEntry(ctx, src, interrupts)
			if s.runner.Exited() {
				return code
			}
		}
		if ctx.Err() != nil {
			return exitStopped
		}
		if err != nil {
			return 0
		}
	}
}

// exitStopped is the exit code of a session its context ended, as of a
// script stopped by Ctrl-C.
const exitStopped = 1

// readStatement reads one line, and more on `>> ` lines while the text so
// far is an unfinished statement. Ctrl-C on any of them abandons the
// statement.
func (s *Shell) readStatement(lr lineReader, prompt string) (string, error) {
	src, err := lr.ReadLine(prompt)
	s.remember(lr, src)
	for err == nil && incomplete(src) {
		var more string
		more, err = lr.ReadLine(continuePrompt)
		s.remember(lr, more)
		src += "\n" + more
	}
	if errors.Is(err, errInterrupt) {
		return "", err
	}
	return src, err
}

func (s *Shell) remember(lr lineReader, line string) {
	if strings.TrimSpace(line) != "" {
		lr.Remember(line)
	}
}

// incomplete reports whether src needs more lines: an open brace, string
// or pipe, or a trailing backtick.
func incomplete(src string) bool {
	_, err := syntax.Parse("", src)
	return syntax.IsIncomplete(err)
}

// runEntry runs one statement the user entered and records it in the
// history.
func (s *Shell) runEntry(ctx context.Context, src string, interrupts <-chan os.Signal) int {
	s.invoked = ""
	if w := s.reader.Width(); w > 0 {
		s.runner.Host().Width = w
	}
	start := time.Now()
	stopped := false
	code := s.cancellable(ctx, interrupts, func(ctx context.Context) int {
		code := s.runner.RunString(ctx, "", src, nil)
		stopped = ctx.Err() != nil
		return code
	})
	status := "Completed"
	switch {
	case stopped:
		status = "Stopped"
	case code != 0 && !s.runner.Exited():
		status = "Failed"
	}
	line := src
	if s.invoked != "" {
		line = s.invoked
	}
	s.history.Add(Entry{CommandLine: line, Status: status, Start: start, End: time.Now()})
	return code
}

// cancellable runs do with a context that an interrupt cancels, so Ctrl-C
// stops the statement and not the shell.
func (s *Shell) cancellable(ctx context.Context, interrupts <-chan os.Signal, do func(ctx context.Context) int) int {
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
	return do(runCtx)
}

// transcriber is implemented by a standard output that Start-Transcript
// records: the shell adds each entry's prompt and command line, which the
// line editor showed past the host.
type transcriber interface{ Transcribe(text string) }

func (s *Shell) transcribe(text string) {
	if t, ok := s.runner.Host().Stdout.(transcriber); ok {
		t.Transcribe(text + "\n")
	}
}

// prompt is the text of the prompt function when the user defined one,
// else `PS licsh:<tenant> [<admin>]> `.
func (s *Shell) prompt(ctx context.Context, interrupts <-chan os.Signal) string {
	if cmd := s.runner.Command("prompt"); cmd != nil && s.runner.Registry().Lookup("prompt") != cmd {
		var out []any
		var err error
		s.cancellable(ctx, interrupts, func(ctx context.Context) int {
			out, err = s.runner.Eval(ctx, "prompt")
			return 0
		})
		text := make([]string, 0, len(out))
		for _, v := range out {
			text = append(text, value.ToString(v))
		}
		if p := strings.Join(text, " "); err == nil && p != "" {
			return p
		}
		return fallbackPrompt
	}
	tenant, admin, live := "", "", false
	if s.opts.Location != nil {
		tenant, admin, live = s.opts.Location()
	}
	return defaultPrompt(tenant, admin, live, s.opts.Color)
}

// defaultPrompt is `PS licsh:Contoso [admin@contoso.com]> `; a live tenant
// says so, in red where colors are allowed.
func defaultPrompt(tenant, admin string, live, color bool) string {
	p := "PS licsh"
	switch {
	case tenant != "" && live && color:
		p += ":\x1b[31;1m" + tenant + " (live)\x1b[0m"
	case tenant != "" && live:
		p += ":" + tenant + " (live)"
	case tenant != "":
		p += ":" + tenant
	}
	if admin != "" {
		p += " [" + admin + "]"
	}
	return p + "> "
}
