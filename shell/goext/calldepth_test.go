package goext

import (
	"slices"
	"strings"
	"testing"
	"unsafe"

	"licsh/shell/cmdlet"
)

// TestRecursionThroughGoCmdlets shows a Go cmdlet that runs itself, or a
// function that runs it, stopped at the call depth limit with pwsh's
// error, the shell going on, and the Go stack of the deepest such
// recursion, Go cmdlet frames included, far from Go's limit.
func TestRecursionThroughGoCmdlets(t *testing.T) {
	t.Parallel()
	files := map[string]string{"again.go": `package c

import "licsh/shell/cmdlet"

var Cmdlets = []*cmdlet.Cmdlet{
	{Name: "Invoke-Again", Process: func(c cmdlet.Call) error {
		_, err := c.RunCommand("Invoke-Again", nil, nil)
		return err
	}},
	{Name: "Invoke-Named", Params: []*cmdlet.Param{{Name: "Name", Type: cmdlet.String, Position: 1}},
		Process: func(c cmdlet.Call) error {
			_, err := c.RunCommand(c.String("Name"), nil, nil)
			return err
		}},
}
`}
	s := newSession(t, NewEngine(), mapDir("cmdlets", files))
	var marks []uintptr
	if err := s.reg.Add(&cmdlet.Cmdlet{Name: "Get-StackMark", Process: func(cmdlet.Call) error {
		var here byte
		marks = append(marks, uintptr(unsafe.Pointer(&here)))
		return nil
	}}); err != nil {
		t.Fatal(err)
	}
	const overflow = "InvalidOperation: The script failed due to call depth overflow.\n"
	tests := []struct{ script, stdout, stderr string }{
		{"Invoke-Again; 'the shell lives on'", "the shell lives on\n", overflow},
		{"function f { Get-StackMark; Invoke-Named f }; f; 'and on'", "and on\n", overflow},
		{"try { Invoke-Again } catch { $_.FullyQualifiedErrorId }", "CallDepthOverflow\n", ""},
	}
	for _, tt := range tests {
		out, errOut, _ := s.run(tt.script)
		if out != tt.stdout || errOut != tt.stderr {
			t.Errorf("%s\nstdout %q\nstderr %q\nwant\nstdout %q\nstderr %q", tt.script, out, errOut, tt.stdout, tt.stderr)
		}
	}
	var steps []int
	for i := 1; i < len(marks); i++ {
		steps = append(steps, int(marks[i-1])-int(marks[i]))
	}
	slices.Sort(steps)
	perLevel := steps[len(steps)/2]
	const budget = 256 << 20
	t.Logf("%d levels, %d bytes of Go stack each, %d KB at the limit", len(marks), perLevel, perLevel*len(marks)>>10)
	if len(marks) < 1000 || perLevel <= 0 || perLevel*len(marks) > budget || strings.Contains(s.errOut.String(), "goroutine") {
		t.Errorf("%d levels of %d bytes: over the budget of %d bytes", len(marks), perLevel, budget)
	}
}
