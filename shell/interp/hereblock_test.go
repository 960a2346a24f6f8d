package interp

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"licsh/shell/cmdlet"
	"licsh/shell/value"
)

// TestScriptBlockRunFromItself shows a cmdlet running its script block
// again from what the block outputs, as a walk of a tree does: each run
// sees its own $_, and the caller's $_ is back after the walk.
func TestScriptBlockRunFromItself(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	reg.Add(&cmdlet.Cmdlet{
		Name:   "Invoke-Walk",
		Params: []*cmdlet.Param{{Name: "Child", Type: cmdlet.ScriptBlock, Position: 1}},
		Process: func(c cmdlet.Call) error {
			sb := c.Get("Child").(value.ScriptBlock)
			var visit func(v any) error
			visit = func(v any) error {
				if n, ok := v.(int); ok {
					if err := c.Write(n); err != nil {
						return err
					}
					return c.Invoke(sb, n, visit)
				}
				return c.Write(v)
			}
			return visit(0)
		},
	})
	var out, errb bytes.Buffer
	r := New(&Host{Stdout: &out, Stderr: &errb}, reg)
	r.RunString(context.Background(), "", `$_ = 'outer'; (Invoke-Walk { if ($_ -lt 3) { $_ + 1; "after $_" } }) -join ' '; $_`, nil)
	if got, want := strings.TrimSpace(out.String()), "0 1 2 3 after 2 after 1 after 0\nouter"; got != want || errb.Len() > 0 {
		t.Errorf("got %q (errors %q), want %q", got, errb.String(), want)
	}
}
