package goext

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"licsh/shell/interp"
)

func TestRunFile(t *testing.T) {
	t.Parallel()
	const prog = "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\n\t\"licsh/shell/value\"\n)\n\nfunc main() {\n"
	tests := []struct {
		name, src string
		args      []string
		stdout    string
		stderr    string
		code      int
	}{
		{"output and arguments", prog + "\tfmt.Println(\"args:\", os.Args[1:])\n}\n", []string{"a", "b c"}, "args: [a b c]\n", "", 0},
		{"the licsh value API", prog + "\to := value.NewObject()\n\to.Set(\"Name\", \"Ada\")\n\tfmt.Println(value.ToString(o), value.Like(\"ada@x\", \"A*\", false))\n}\n", nil, "@{Name=Ada} true\n", "", 0},
		{"os.Exit gives the exit code after the output", prog + "\tfmt.Println(\"done\", value.ToString(1))\n\tos.Exit(3)\n}\n", nil, "done 1\n", "", 3},
		{"the log goes to the host's stderr", "package main\n\nimport \"log\"\n\nfunc main() {\n\tlog.SetFlags(0)\n\tlog.Println(\"warning\")\n}\n", nil, "", "warning\n", 0},
		{"panic", prog + "\t_ = value.ToString\n\tvar m map[string]int\n\tm[\"x\"] = 1\n}\n", nil, "", "JOB:11:6: panic in the function starting here: assignment to entry in nil map\n", 1},
		{"recursion without end", prog + "\t_ = value.ToString\n\tfmt.Println(down(0))\n}\n\nfunc down(n int) int {\n\treturn down(n+1) + 1\n}\n", nil, "", "JOB:16:2: panic in the function starting here: the Go code called itself 10000 calls deep; it may recurse without end\n", 1},
		{"does not compile", prog + "\tfmt.Println(undefinedName)\n}\n", nil, "", "JOB:11:14: undefined: undefinedName\n", 1},
		{"unsupported construct", prog + "\tfor i := range 3 {\n\t\tfmt.Println(i, value.ToString(i))\n\t}\n}\n", nil, "", "JOB:11:17: range over an integer is not supported by licsh's Go interpreter; write for i := 0; i < n; i++\n", 1},
		{"not a program", "package jobs\n\nfunc Run() {}\n", nil, "", "JOB: licsh -File runs a Go program: package main with a func main\n", 1},
		{"does not parse", "package main\nfunc main( {", nil, "", "JOB:2:12: expected ')', found '{'\n", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "job.go")
			if err := os.WriteFile(path, []byte(tt.src), 0o644); err != nil {
				t.Fatal(err)
			}
			var out, errOut bytes.Buffer
			code := NewEngine().RunFile(context.Background(), runner(&interp.Host{Stdout: &out, Stderr: &errOut}), path, tt.args)
			gotErr := string(bytes.ReplaceAll(errOut.Bytes(), []byte(path), []byte("JOB")))
			if out.String() != tt.stdout || gotErr != tt.stderr || code != tt.code {
				t.Errorf("stdout %q\nstderr %q\ncode %d\nwant\nstdout %q\nstderr %q\ncode %d", out.String(), gotErr, code, tt.stdout, tt.stderr, tt.code)
			}
		})
	}
}

func TestRunFileMissing(t *testing.T) {
	t.Parallel()
	var errOut bytes.Buffer
	code := NewEngine().RunFile(context.Background(), runner(&interp.Host{Stderr: &errOut}), "nope.go", nil)
	want := "The argument 'nope.go' is not recognized as the name of a script file. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.\n"
	if code != 64 || errOut.String() != want {
		t.Errorf("code %d, stderr %q", code, errOut.String())
	}
}

func TestRunFileCancelled(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "loop.go")
	src := "package main\n\nfunc main() {\n\tn := 0\n\tfor {\n\t\tn++\n\t}\n}\n"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	var errOut bytes.Buffer
	done := make(chan int)
	go func() { done <- NewEngine().RunFile(ctx, runner(&interp.Host{Stderr: &errOut}), path, nil) }()
	select {
	case code := <-done:
		if code != 1 || errOut.String() != "The pipeline has been stopped.\n" {
			t.Errorf("code %d, stderr %q", code, errOut.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the program did not stop when cancelled")
	}
}

// runner is a session on host with no commands.
func runner(h *interp.Host) *interp.Runner { return interp.New(h, interp.NewRegistry()) }
