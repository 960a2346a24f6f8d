package core_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"licsh/builtins/licshtest"
	"licsh/shell/cmdlet"
	"licsh/shell/interp"
)

// recursions are runaway recursions through each way a script calls
// script: a function, a script block, the blocks of ForEach-Object,
// Where-Object and Sort-Object, the .ForEach() method, a function of a
// script module, a class method and Invoke-Expression. Each calls
// Get-StackMark once per level.
var recursions = []struct{ name, script string }{
	{"function", `function f { Get-StackMark; f }; f`},
	{"script block", `$sb = { Get-StackMark; & $sb }; & $sb`},
	{"ForEach-Object", `function g { Get-StackMark; 1 | ForEach-Object { g } }; g`},
	{"Where-Object", `function w { Get-StackMark; 1 | Where-Object { w } }; w`},
	{"Sort-Object", `function s { Get-StackMark; $null = 1 | Sort-Object { s } }; s`},
	{"ForEach method", `function m { Get-StackMark; (1).ForEach{ m } }; m`},
	{"module", `Import-Module ./Recurse.psm1; Invoke-Recursion`},
	{"class method", `class C { [void] F() { Get-StackMark; $this.F() } }; [C]::new().F()`},
	{"Invoke-Expression", `function i { Get-StackMark; Invoke-Expression 'i' }; i`},
}

// TestCallDepthFitsTheStack runs each recursion to the call depth limit
// and measures the Go stack one level of it takes, from the addresses of
// Get-StackMark's frame at consecutive levels: at the limit, the deepest
// stack must stay under a quarter of the gigabyte Go allows a goroutine,
// so that the limit, not the Go runtime, always ends a recursion.
func TestCallDepthFitsTheStack(t *testing.T) {
	t.Parallel()
	for _, rc := range recursions {
		t.Run(rc.name, func(t *testing.T) {
			t.Parallel()
			var marks []uintptr
			s := licshtest.New(t)
			s.Setup = func(reg *interp.Registry) error {
				return reg.Add(&cmdlet.Cmdlet{
					Name:     "Get-StackMark",
					Synopsis: "Notes how deep the Go stack is.",
					Examples: []cmdlet.Example{{Code: "Get-StackMark"}},
					Process: func(cmdlet.Call) error {
						var here byte
						marks = append(marks, uintptr(unsafe.Pointer(&here)))
						return nil
					},
				})
			}
			if err := os.WriteFile(filepath.Join(s.Dir, "Recurse.psm1"), []byte("function Invoke-Recursion { Get-StackMark; Invoke-Recursion }\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			r := s.Run(rc.script + "; 'the script goes on'")
			if r.Stdout != "the script goes on\n" || strings.Count(r.Stderr, "The script failed due to call depth overflow.") != 1 ||
				!strings.HasPrefix(r.Stderr, "InvalidOperation: ") {
				t.Fatalf("stdout %q, stderr %q", r.Stdout, r.Stderr)
			}
			var steps []int
			for i := 1; i < len(marks); i++ {
				steps = append(steps, int(marks[i-1])-int(marks[i]))
			}
			slices.Sort(steps)
			perLevel := steps[len(steps)/2]
			const budget = 256 << 20
			t.Logf("%d levels, %d bytes of Go stack each, %d KB at the limit", len(marks), perLevel, perLevel*len(marks)>>10)
			if len(marks) < 1000 || perLevel <= 0 || perLevel*len(marks) > budget {
				t.Errorf("%d levels of %d bytes: over the budget of %d bytes", len(marks), perLevel, budget)
			}
		})
	}
}
