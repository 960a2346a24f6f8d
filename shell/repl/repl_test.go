package repl

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"licsh/shell/interp"
)

func TestRun(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		input string
		out   string // prompts and output, interleaved
		code  int
	}{
		{"end of input", "", "PS licsh> \n", 0},
		{"one line", "'hi'\n", "PS licsh> hi\nPS licsh> \n", 0},
		{"last line without newline", "'hi'", "PS licsh> hi\nPS licsh> \n", 0},
		{"blank lines", "\n  \n", "PS licsh> PS licsh> PS licsh> \n", 0},
		{"windows line endings", "1+1\r\n", "PS licsh> 2\nPS licsh> \n", 0},
		{"variables persist", "$x = 5\n$x * 2\n", "PS licsh> PS licsh> 10\nPS licsh> \n", 0},
		{"functions persist", "function f { 'in f' }\nf\n", "PS licsh> PS licsh> in f\nPS licsh> \n", 0},
		{"open brace", "if ($true) {\n'yes'\n}\n", "PS licsh> >> >> yes\nPS licsh> \n", 0},
		{"trailing pipe", "filter Triple { $_ * 3 }\n1,2 |\nTriple\n", "PS licsh> PS licsh> >> 3\n6\nPS licsh> \n", 0},
		{"backtick", "'a' + `\n'b'\n", "PS licsh> >> ab\nPS licsh> \n", 0},
		{"open string", "'one\ntwo'\n", "PS licsh> >> one\ntwo\nPS licsh> \n", 0},
		{"exit with code", "exit 3\n'not run'\n", "PS licsh> ", 3},
		{"exit", "'a'\nexit\n", "PS licsh> a\nPS licsh> ", 0},
		{"exit inside a block", "if ($true) { exit 7 }\n", "PS licsh> ", 7},
		{"error keeps the shell", "throw 'boom'\n'after'\n", "PS licsh> PS licsh> after\nPS licsh> \n", 0},
		{"failed line then exit", "throw 'boom'\nexit 2\n", "PS licsh> PS licsh> ", 2},
		{"unfinished at end of input", "if ($true) {\n", "PS licsh> >> \n", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errs bytes.Buffer
			r := interp.New(&interp.Host{Stdout: &out, Stderr: &errs}, interp.NewRegistry())
			code := Run(context.Background(), r, strings.NewReader(tt.input), &out)
			if got := out.String(); got != tt.out {
				t.Errorf("output\n got %q\nwant %q", got, tt.out)
			}
			if code != tt.code {
				t.Errorf("exit code = %d, want %d", code, tt.code)
			}
		})
	}
}

func TestRunShowsErrors(t *testing.T) {
	t.Parallel()
	var out, errs bytes.Buffer
	r := interp.New(&interp.Host{Stdout: &out, Stderr: &errs}, interp.NewRegistry())
	Run(context.Background(), r, strings.NewReader("throw 'boom'\n"), &out)
	if want := "Exception: boom\n"; errs.String() != want {
		t.Errorf("stderr = %q, want %q", errs.String(), want)
	}
}

func TestRunStopsWhenCancelled(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	r := interp.New(&interp.Host{Stdout: &out, Stderr: &out}, interp.NewRegistry())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	done := make(chan int)
	go func() { done <- Run(ctx, r, strings.NewReader("while ($true) { }\n"), &out) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("a statement kept running after its context was cancelled")
	}
}
