package main

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the test binary stand in for the licsh command inside the
// scripts, so they run the real command line end to end.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"licsh": main, "unprivileged": unprivileged})
}

// TestScripts runs testdata/script/*.txtar: each runs licsh on script files
// and compares its standard output, standard error and exit code with what
// PowerShell 7 gives.
func TestScripts(t *testing.T) {
	t.Parallel()
	testscript.Run(t, scriptParams("testdata/script"))
}

func scriptParams(dir string) testscript.Params {
	return testscript.Params{
		Dir:                 dir,
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Cmds:                map[string]func(*testscript.TestScript, bool, []string){"exitcode": exitcode, "pty": ptyCmd, "sqlite": sqliteCmd},
		Setup: func(env *testscript.Env) error {
			env.Setenv("LICSH_TENANT", filepath.Join(env.WorkDir, "tenant.db"))
			env.Setenv("NO_COLOR", "1")
			return nil
		},
	}
}

// sqliteCmd runs SQL statements on a database file, as another program
// would leave it: `sqlite other.db 'CREATE TABLE t (x)'`. It writes the
// rows a query returns, a line each, to its standard output.
func sqliteCmd(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: sqlite FILE SQL...")
	}
	db, err := sql.Open("sqlite", "file:"+ts.MkAbs(args[0]))
	if err != nil {
		ts.Fatalf("sqlite: %v", err)
	}
	defer db.Close()
	for _, q := range args[1:] {
		rows, err := db.Query(q)
		if err != nil {
			if !neg {
				ts.Fatalf("sqlite: %s: %v", q, err)
			}
			return
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				ts.Fatalf("sqlite: %v", err)
			}
			fmt.Fprintln(ts.Stdout(), vals...)
		}
		rows.Close()
	}
	if neg {
		ts.Fatalf("sqlite: unexpected success")
	}
}

// exitcode runs a command and checks its exact exit code, which `exec`
// cannot: `exitcode 64 licsh -Bogus`. Its standard output and error can be
// checked afterwards as after `exec`.
func exitcode(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("usage: exitcode N command [args...] (no !)")
	}
	if len(args) < 2 {
		ts.Fatalf("usage: exitcode N command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: %q is not a number", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			ts.Fatalf("exitcode: %v", err)
		}
		got = exit.ExitCode()
	}
	if got != want {
		ts.Fatalf("exit code %d, want %d", got, want)
	}
}

// fence is a fenced code block of a Markdown file: its language and text.
type fence struct{ lang, body string }

// fences returns the fenced code blocks of a Markdown text, in order. A
// fence opens and closes with ``` at the start of a line, after any
// indentation.
func fences(md string) []fence {
	var out []fence
	var cur *fence
	for _, line := range strings.SplitAfter(md, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case cur == nil && strings.HasPrefix(trimmed, "```"):
			cur = &fence{lang: strings.TrimPrefix(trimmed, "```")}
		case cur != nil && trimmed == "```":
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			cur.body += line
		}
	}
	return out
}

// TestReadmeExamples runs every example of README.md through licsh and
// compares its output with the one the README shows. An example is a
// ```powershell block followed by an ```output block.
func TestReadmeExamples(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	blocks := fences(string(readme))
	n := 0
	for i := 1; i < len(blocks); i++ {
		if blocks[i-1].lang != "powershell" || blocks[i].lang != "output" {
			continue
		}
		n++
		script := "exec licsh -NonInteractive -File example.ps1\ncmp stdout want.txt\n! stderr .\n" +
			"-- example.ps1 --\n" + blocks[i-1].body + "-- want.txt --\n" + blocks[i].body
		name := filepath.Join(dir, fmt.Sprintf("readme%02d.txtar", n))
		if err := os.WriteFile(name, []byte(script), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if n == 0 {
		t.Fatal("README.md has no examples with their output")
	}
	testscript.Run(t, scriptParams(dir))
}

// TestReadmeGraphServer runs the shell example of README.md's section on
// rehearsing Graph clients, which starts the Graph server and calls it
// with curl, and compares its output with the one the README shows.
func TestReadmeGraphServer(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## Rehearsing Graph clients\n")
	if !ok {
		t.Fatal("README.md has no section on rehearsing Graph clients")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	blocks := fences(section)
	if len(blocks) != 2 || blocks[0].lang != "sh" || blocks[1].lang != "output" {
		t.Fatalf("the section's examples: %q", blocks)
	}
	dir := t.TempDir()
	script := "exec sh example.sh\ncmp stdout want.txt\n! stderr .\n" +
		"-- example.sh --\n" + blocks[0].body + "-- want.txt --\n" + blocks[1].body
	if err := os.WriteFile(filepath.Join(dir, "readme_graph.txtar"), []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, scriptParams(dir))
}

func TestFences(t *testing.T) {
	t.Parallel()
	md := "text\n```powershell\n'a'\n```\n\n```output\na\n\n```\n  ```text\n  x\n  ```\n```\nopen"
	got := fences(md)
	want := []fence{{"powershell", "'a'\n"}, {"output", "a\n\n"}, {"text", "  x\n"}}
	if len(got) != len(want) {
		t.Fatalf("fences = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("fence %d = %q, want %q", i, got[i], want[i])
		}
	}
}
