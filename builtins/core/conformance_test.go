package core_test

// The conformance test runs one-line PowerShell cases and compares what licsh
// prints with what pwsh 7 prints for `pwsh -NoProfile -Command '<input>'`.
//
// The cases live in testdata/conformance/*.txt, one file per topic. A case
// file is read line by line:
//
//	# text     a comment; it ends nothing and prints nothing
//	> input    starts a case: the PowerShell line to run
//	>> input   continues the input on a new line (here-strings, braces on the
//	           next line, backtick continuation)
//	! text     a line the case prints on stderr, in ConciseView without the
//	           file position: "Write-Error: oops", "Exception: boom"
//	| text     an expected stdout line taken literally, for output that
//	           starts with '>', '!', '#' or '|'
//	other      an expected stdout line; blank lines count, since tables and
//	           lists start with one
//
// Each case runs in a fresh session. Trailing newlines and blank lines at the
// very end of stdout and of stderr are ignored on both sides, so cases may be
// separated by blank lines; nothing else is normalised. A case with no '!'
// lines must print nothing on stderr.
//
// Run one case with: go test ./builtins/core/ -run 'TestConformance/comparison:12$'

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"licsh/builtins/licshtest"
	"licsh/shell/interp"
)

// conformanceCase is one input line and the output pwsh gives for it.
type conformanceCase struct {
	file   string
	line   int // line of the '>' in file
	input  string
	stdout []string
	stderr []string
}

func (c conformanceCase) name() string {
	return fmt.Sprintf("%s:%d", strings.TrimSuffix(c.file, ".txt"), c.line)
}

// parseCases reads a case file in the syntax described at the top of this file.
func parseCases(file, text string) ([]conformanceCase, error) {
	var cases []conformanceCase
	var cur *conformanceCase
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		n := i + 1
		switch {
		case strings.HasPrefix(line, ">>"):
			if cur == nil || len(cur.stdout) > 0 || len(cur.stderr) > 0 {
				return nil, fmt.Errorf("%s:%d: '>>' must follow a '>' line", file, n)
			}
			cur.input += "\n" + strings.TrimPrefix(strings.TrimPrefix(line, ">>"), " ")
			continue
		case strings.HasPrefix(line, ">"):
			cases = append(cases, conformanceCase{file: file, line: n, input: strings.TrimPrefix(strings.TrimPrefix(line, ">"), " ")})
			cur = &cases[len(cases)-1]
			continue
		case strings.HasPrefix(line, "#"):
			continue
		}
		if cur == nil {
			if strings.TrimSpace(line) == "" {
				continue
			}
			return nil, fmt.Errorf("%s:%d: expected output before the first '>' line", file, n)
		}
		switch {
		case strings.HasPrefix(line, "!"):
			cur.stderr = append(cur.stderr, strings.TrimPrefix(strings.TrimPrefix(line, "!"), " "))
		case strings.HasPrefix(line, "|"):
			cur.stdout = append(cur.stdout, line[1:])
		default:
			cur.stdout = append(cur.stdout, line)
		}
	}
	// Blank lines that separate cases are not output.
	for i := range cases {
		out := cases[i].stdout
		for len(out) > 0 && out[len(out)-1] == "" {
			out = out[:len(out)-1]
		}
		if len(out) == 0 {
			out = nil
		}
		cases[i].stdout = out
	}
	return cases, nil
}

// trimOutput drops the trailing newlines and blank lines that pwsh and the
// case files add freely at the end of the output.
func trimOutput(s string) string {
	return strings.TrimRight(s, "\n")
}

func loadConformanceCases(t *testing.T) []conformanceCase {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "conformance", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no case files in testdata/conformance")
	}
	var all []conformanceCase
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		cases, err := parseCases(filepath.Base(path), string(data))
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, cases...)
	}
	return all
}

// runConformanceCase runs input in a new session the way `pwsh -Command`
// would and returns what it printed. A panic or a run that does not finish
// comes back as an error, so one broken case does not stop the others.
func runConformanceCase(t *testing.T, input string) (stdout, stderr string, err error) {
	var out, errb bytes.Buffer
	r := licshtest.New(t).Runner(&interp.Host{Stdout: &out, Stderr: &errb, Width: 120})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- fmt.Errorf("panic: %v\n%s", p, debug.Stack())
			}
		}()
		r.RunString(ctx, "", input, nil)
		done <- nil
	}()
	select {
	case err = <-done:
	case <-time.After(15 * time.Second):
		return "", "", fmt.Errorf("did not finish within 15s")
	}
	return out.String(), errb.String(), err
}

func TestConformance(t *testing.T) {
	t.Parallel()
	cases := loadConformanceCases(t)
	passed := 0
	for _, c := range cases {
		ok := t.Run(c.name(), func(t *testing.T) {
			stdout, stderr, err := runConformanceCase(t, c.input)
			if err != nil {
				t.Fatalf("%s:%d\ninput: %s\n%v", c.file, c.line, c.input, err)
			}
			wantOut := trimOutput(strings.Join(c.stdout, "\n"))
			wantErr := trimOutput(strings.Join(c.stderr, "\n"))
			gotOut, gotErr := trimOutput(stdout), trimOutput(stderr)
			if gotOut != wantOut {
				t.Errorf("%s:%d stdout\ninput: %s\nwant:\n%s\ngot:\n%s", c.file, c.line, c.input, indent(wantOut), indent(gotOut))
			}
			if gotErr != wantErr {
				t.Errorf("%s:%d stderr\ninput: %s\nwant:\n%s\ngot:\n%s", c.file, c.line, c.input, indent(wantErr), indent(gotErr))
			}
		})
		if ok {
			passed++
		}
	}
	t.Logf("%d of %d conformance cases pass", passed, len(cases))
}

// indent shows output one line per row with a margin, so blank lines and
// leading spaces stay visible in failure messages.
func indent(s string) string {
	if s == "" {
		return "    (nothing)"
	}
	return "    |" + strings.ReplaceAll(s, "\n", "\n    |")
}

func TestParseCases(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		want       []conformanceCase
		wantErr    string
	}{
		{
			name: "input and stdout",
			text: "> 1 -eq 1\nTrue\n",
			want: []conformanceCase{{line: 1, input: "1 -eq 1", stdout: []string{"True"}}},
		},
		{
			name: "comments and blank lines between cases",
			text: "# topic\n\n> 1\n1\n\n# next\n> 2\n2\n",
			want: []conformanceCase{
				{line: 3, input: "1", stdout: []string{"1"}},
				{line: 7, input: "2", stdout: []string{"2"}},
			},
		},
		{
			name: "stderr lines",
			text: "> 1/0; 'next'\nnext\n! RuntimeException: Attempted to divide by zero.\n",
			want: []conformanceCase{{line: 1, input: "1/0; 'next'", stdout: []string{"next"},
				stderr: []string{"RuntimeException: Attempted to divide by zero."}}},
		},
		{
			name: "continuation lines",
			text: "> $s = @\"\n>> a\n>> \"@\n>> $s\na\n",
			want: []conformanceCase{{line: 1, input: "$s = @\"\na\n\"@\n$s", stdout: []string{"a"}}},
		},
		{
			name: "literal escape",
			text: "> 'x'.Insert(0, '>')\n|>x\n||y\n|#z\n",
			want: []conformanceCase{{line: 1, input: "'x'.Insert(0, '>')", stdout: []string{">x", "|y", "#z"}}},
		},
		{
			name: "leading blank line of a table",
			text: "> [pscustomobject]@{a=1}\n\na\n-\n1\n",
			want: []conformanceCase{{line: 1, input: "[pscustomobject]@{a=1}", stdout: []string{"", "a", "-", "1"}}},
		},
		{
			name: "blank lines inside the output stay",
			text: "> 'a', '', 'b'\na\n\nb\n\n\n",
			want: []conformanceCase{{line: 1, input: "'a', '', 'b'", stdout: []string{"a", "", "b"}}},
		},
		{
			name: "case with no output",
			text: "> $null\n> 1\n1\n",
			want: []conformanceCase{{line: 1, input: "$null"}, {line: 2, input: "1", stdout: []string{"1"}}},
		},
		{
			name:    "output before any case",
			text:    "True\n> 1\n",
			wantErr: "t.txt:1: expected output before the first '>' line",
		},
		{
			name:    "continuation after output",
			text:    "> 1\n1\n>> 2\n",
			wantErr: "t.txt:3: '>>' must follow a '>' line",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseCases("t.txt", tt.text)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d cases, want %d: %+v", len(got), len(tt.want), got)
			}
			for i := range got {
				w := tt.want[i]
				w.file = "t.txt"
				if !reflect.DeepEqual(got[i], w) {
					t.Errorf("case %d = %+v, want %+v", i, got[i], w)
				}
			}
		})
	}
}

func TestTrimOutput(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", ""},
		{"1\n", "1"},
		{"1\n\n\n", "1"},
		{"\na\n-\n1\n\n", "\na\n-\n1"},
		{"a\n\nb", "a\n\nb"},
		{"  x  \n", "  x  "},
	}
	for _, tt := range tests {
		if got := trimOutput(tt.in); got != tt.want {
			t.Errorf("trimOutput(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
