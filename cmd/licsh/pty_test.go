//go:build unix

package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/creack/pty"
	"github.com/rogpeppe/go-internal/testscript"
)

// ptyCmd runs a command in a pseudo-terminal, as a person at a terminal
// runs licsh's shell: `pty keys.txt screen.txt licsh -NoProfile`. It types
// the lines of keys.txt one by one, each once the shell shows a prompt
// (PS licsh> or >>), waits for the command to exit, and writes everything
// the terminal showed to screen.txt.
func ptyCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 3 {
		ts.Fatalf("usage: pty keys-file screen-file command [args...]")
	}
	path, err := exec.LookPath(args[2])
	if err != nil {
		ts.Fatalf("pty: %v", err)
	}
	cmd := exec.Command(path, args[3:]...)
	cmd.Dir = ts.Getenv("WORK")
	// The script's variables that licsh reads, and a terminal's.
	cmd.Env = []string{"TERM=xterm"}
	for _, k := range []string{"PATH", "HOME", "TMPDIR", "LICSH_TENANT", "LICSH_CMDLETS", "NO_COLOR",
		"XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"} {
		if v := ts.Getenv(k); v != "" {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
	}
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 160})
	if err != nil {
		ts.Fatalf("pty: %v", err)
	}
	defer f.Close()
	var mu sync.Mutex
	var screen bytes.Buffer
	read := make(chan struct{})
	go func() {
		defer close(read)
		buf := make([]byte, 64<<10)
		for {
			n, err := f.Read(buf)
			mu.Lock()
			screen.Write(buf[:n])
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	deadline := time.Now().Add(waitTimeout)
	seen := 0
	// waitFor waits until the screen shows one of texts after what it
	// matched before.
	waitFor := func(texts ...string) bool {
		for time.Now().Before(deadline) {
			mu.Lock()
			rest := screen.Bytes()[seen:]
			at, n := -1, 0
			for _, t := range texts {
				if j := bytes.Index(rest, []byte(t)); j >= 0 && (at < 0 || j < at) {
					at, n = j, len(t)
				}
			}
			if at >= 0 {
				seen += at + n
			}
			mu.Unlock()
			if at >= 0 {
				return true
			}
			time.Sleep(10 * time.Millisecond)
		}
		return false
	}
	prompt := func() bool { return waitFor("PS licsh> ", ">> ") }
	for i, line := range strings.Split(strings.TrimSuffix(ts.ReadFile(args[0]), "\n"), "\n") {
		// The shell redraws the prompt with each key typed; the next line
		// waits for the prompt after the end of the last.
		if i > 0 && !waitFor("\n") || !prompt() {
			cmd.Process.Kill()
			ts.Fatalf("pty: no prompt for %q; the screen:\n%s", line, screen.String())
		}
		if _, err := f.Write([]byte(line + "\r")); err != nil {
			ts.Fatalf("pty: typing %q: %v", line, err)
		}
	}
	select {
	case err = <-done:
	case <-time.After(time.Until(deadline)):
		cmd.Process.Kill()
		ts.Fatalf("pty: %s did not exit", args[2])
	}
	// The terminal reads as closed once the command and its children are
	// gone, after the last of what they wrote.
	select {
	case <-read:
	case <-time.After(time.Until(deadline)):
		ts.Fatalf("pty: the terminal of %s was not closed", args[2])
	}
	mu.Lock()
	// The screen is saved as text: without the terminal's control
	// sequences, with plain line ends.
	out := regexp.MustCompile("\x1b\\[[0-9;?]*[A-Za-z]").ReplaceAllString(screen.String(), "")
	mu.Unlock()
	out = strings.ReplaceAll(out, "\r\n", "\n")
	if werr := os.WriteFile(ts.MkAbs(args[1]), []byte(out), 0o600); werr != nil {
		ts.Fatalf("pty: %v", werr)
	}
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		ts.Fatalf("pty: %v", err)
	}
}
