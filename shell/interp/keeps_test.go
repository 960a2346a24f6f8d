package interp

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"licsh/shell/cmdlet"
	"licsh/shell/syntax"
)

// TestPropertyTests holds the tests read from filter scripts to the
// comparisons of $_'s properties with constant strings that lead a chain
// of -and, and to none where the script could do anything first.
func TestPropertyTests(t *testing.T) {
	t.Parallel()
	tests := []struct{ script, want string }{
		{`$_.Department -eq 'Sales'`, "Department=Sales"},
		{`$PSItem.Department -ieq "Sales"`, "Department=Sales"},
		{`'Sales' -ceq $_.Department`, "Department=Sales"},
		{`($_.Department -eq 'Sales')`, "Department=Sales"},
		{`$_.Department -eq 'Sales' -and $_.UsageLocation -eq 'US'`, "Department=Sales UsageLocation=US"},
		{`$_.Department -eq 'Sales' -and (Write-Output $_) -and $_.City -eq 'Oslo'`, "Department=Sales"},
		{`$_.Department -eq 'Sales' -and $_.Licenses.Count -gt 0`, "Department=Sales"},
		{`(Write-Output $_) -and $_.Department -eq 'Sales'`, ""},
		{`$_.Department -eq 'Sales' -or $_.Department -eq 'IT'`, ""},
		{`$_.Department -eq $dept`, ""},
		{`$_.Department -eq "$dept"`, ""},
		{`$_.Department -like 'Sal*'`, ""},
		{`$_.Department -ne 'Sales'`, ""},
		{`$_.Count -eq 5`, ""},
		{`$x.Department -eq 'Sales'`, ""},
		{`$global:_.Department -eq 'Sales'`, ""},
		{`$_.Department -eq 'Sales'; $true`, ""},
		{`param($u) $u.Department -eq 'Sales'`, ""},
		{`process { $_.Department -eq 'Sales' }`, ""},
	}
	for _, tt := range tests {
		f, err := syntax.Parse("", tt.script)
		if err != nil {
			t.Fatalf("%s: %v", tt.script, err)
		}
		var got []string
		for _, pt := range PropertyTests(&ScriptBlock{Body: f.Body, File: f}) {
			got = append(got, pt.Property+"="+pt.Value)
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("%s: %q, want %q", tt.script, strings.Join(got, " "), tt.want)
		}
	}
}

// TestNextKeeps shows the tests a command's Begin records reaching the
// command before it, and only when all it writes goes to that command.
func TestNextKeeps(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	reg.Add(&cmdlet.Cmdlet{
		Name: "Get-Thing",
		Process: func(c cmdlet.Call) error {
			var parts []string
			for _, pt := range Inner(c).NextKeeps() {
				parts = append(parts, pt.Property+"="+pt.Value)
			}
			return c.Write(fmt.Sprintf("[%s]", strings.Join(parts, " ")))
		},
	})
	reg.Add(&cmdlet.Cmdlet{
		Name:   "Keep-Thing",
		Params: []*cmdlet.Param{{Name: "InputObject", ValueFromPipeline: true}},
		Begin: func(c cmdlet.Call) error {
			Inner(c).Keeps([]PropertyTest{{Property: "Name", Value: "x"}})
			return nil
		},
		Process: func(c cmdlet.Call) error { return c.Write(c.Get("InputObject")) },
	})
	tests := []struct{ script, want string }{
		{`Get-Thing | Keep-Thing`, "[Name=x]"},
		{`Get-Thing`, "[]"},
		{`Get-Thing | Keep-Thing | Keep-Thing`, "[Name=x]"},
		{`Get-Thing -OutVariable all | Keep-Thing; $all`, "[]\n[]"},
		{`function Pass { process { $_ } }; Get-Thing | Pass | Keep-Thing`, "[]"},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		r := New(&Host{Stdout: &out, Stderr: &errb}, reg)
		r.RunString(context.Background(), "", tt.script, nil)
		if got := strings.TrimSpace(out.String()); got != tt.want || errb.Len() > 0 {
			t.Errorf("%s: %q (errors %q), want %q", tt.script, got, errb.String(), tt.want)
		}
	}
}
