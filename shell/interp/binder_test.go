package interp

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"licsh/shell/cmdlet"

	"licsh/shell/value"
)

// probeRegistry declares test cmdlets that print what the binder gave
// them, so each binding rule can be checked from a line of script.
func probeRegistry() *Registry {
	reg := NewRegistry()
	show := func(c cmdlet.Call) error {
		var parts []string
		for _, p := range c.Cmdlet().Params {
			if c.Bound(p.Name) {
				parts = append(parts, fmt.Sprintf("%s=%s", p.Name, describe(c.Get(p.Name))))
			}
		}
		sort.Strings(parts)
		line := strings.Join(parts, " ")
		if c.ParameterSet() != "" {
			line = "[" + c.ParameterSet() + "] " + line
		}
		return c.Write(line)
	}
	reg.Add(&cmdlet.Cmdlet{
		Name:    "Set-Probe",
		Aliases: []string{"sp"},
		Params: []*cmdlet.Param{
			{Name: "Identity", Type: "string", Position: 1, ValueFromPipeline: true, ValueFromPipelineByPropertyName: true, Aliases: []string{"UserPrincipalName", "UPN"}},
			{Name: "AddLicenses", Type: "string[]"},
			{Name: "RemoveLicenses", Type: "string[]"},
			{Name: "RemoveAll", Type: "switch"},
			{Name: "Top", Type: "int"},
			{Name: "Status", Type: "string", ValidateSet: []string{"Enabled", "Warning"}},
		},
		SupportsShouldProcess: true,
		Process: func(c cmdlet.Call) error {
			if err := show(c); err != nil {
				return err
			}
			if ok, err := c.ShouldProcess(c.String("Identity"), "Remove license"); err != nil || !ok {
				return err
			}
			return c.Write("done " + c.String("Identity"))
		},
	})
	reg.Add(&cmdlet.Cmdlet{
		Name: "Get-Probe",
		Params: []*cmdlet.Param{
			{Name: "Id", Type: "string", Mandatory: true, Sets: []string{"ById"}},
			{Name: "All", Type: "switch", Sets: []string{"All"}},
			{Name: "Top", Type: "int", Sets: []string{"All"}},
		},
		DefaultParameterSet: "All",
		Process:             show,
	})
	reg.Add(&cmdlet.Cmdlet{
		Name: "Write-Probe",
		Params: []*cmdlet.Param{
			{Name: "Object", Position: 1, ValueFromRemainingArguments: true},
			{Name: "Separator", Type: "string"},
		},
		Process: show,
	})
	return reg
}

func describe(v any) string {
	switch x := v.(type) {
	case []any:
		parts := make([]string, len(x))
		for i, it := range x {
			parts[i] = describe(it)
		}
		return "(" + strings.Join(parts, ",") + ")"
	case string:
		return x
	}
	return fmt.Sprintf("%v:%T", v, v)
}

func TestBinder(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src, stdout, stderr string
	}{
		{`Set-Probe user@contoso.com`, "Identity=user@contoso.com\ndone user@contoso.com", ""},
		{`Set-Probe -Identity a -RemoveLicenses SPE_E5,EMS`, "Identity=a RemoveLicenses=(SPE_E5,EMS)\ndone a", ""},
		{`Set-Probe -Identity a -RemoveLicenses SPE_E5`, "Identity=a RemoveLicenses=(SPE_E5)\ndone a", ""},
		{`Set-Probe -Ident a -RemoveA`, "Identity=a RemoveAll=true:bool\ndone a", ""},
		{`Set-Probe -UPN a -RemoveAll:$false`, "Identity=a RemoveAll=false:bool\ndone a", ""},
		{`Set-Probe -Identity:a`, "Identity=a\ndone a", ""},
		{`sp a -Top '5'`, "Identity=a Top=5:int\ndone a", ""},
		{`Set-Probe -Rem x`, "", "Set-Probe: Parameter cannot be processed because the parameter name 'Rem' is ambiguous. Possible matches include: -RemoveLicenses -RemoveAll."},
		{`Set-Probe -Nope x`, "", "Set-Probe: A parameter cannot be found that matches parameter name 'Nope'."},
		{`Set-Probe a b`, "", "Set-Probe: A positional parameter cannot be found that accepts argument 'b'."},
		{`Set-Probe -Identity`, "", "Set-Probe: Missing an argument for parameter 'Identity'. Specify a parameter of type 'System.String' and try again."},
		{`Set-Probe a -Top abc`, "", `Set-Probe: Cannot bind parameter 'Top'. Cannot convert value "abc" to type "System.Int32". Error: "The input string 'abc' was not in a correct format."`},
		{`Set-Probe a -Status Bad`, "", `Set-Probe: Cannot validate argument on parameter 'Status'. The argument "Bad" does not belong to the set "Enabled,Warning" specified by the ValidateSet attribute. Supply an argument that is in the set and then try the command again.`},
		{`Set-Probe a -Status warning`, "Identity=a Status=warning\ndone a", ""},
		{`Set-Probe a -Top 1 -Top 2`, "", `Set-Probe: Cannot bind parameter because parameter 'Top' is specified more than once. To provide multiple values to parameters that can accept multiple values, use the array syntax. For example, "-parameter value1,value2,value3".`},
		{`$p = @{ Identity = 'b'; RemoveAll = $true }; Set-Probe @p`, "Identity=b RemoveAll=true:bool\ndone b", ""},
		{`$a = 'c', '-Top', 3; Set-Probe @a`, "", "Set-Probe: A positional parameter cannot be found that accepts argument '-Top'."},
		{`'x','y' | Set-Probe`, "Identity=x\ndone x\nIdentity=y\ndone y", ""},
		{`[pscustomobject]@{ UserPrincipalName = 'p@c.com' } | Set-Probe -RemoveAll`, "Identity=p@c.com RemoveAll=true:bool\ndone p@c.com", ""},
		{`Set-Probe a -WhatIf`, "Identity=a\nWhat if: Performing the operation \"Remove license\" on target \"a\".", ""},
		{`Set-Probe a -Confirm:$false`, "Identity=a\ndone a", ""},
		{`Set-Probe a -Confirm`, "Identity=a", "Set-Probe: PowerShell is in NonInteractive mode. Read and Prompt functionality is not available."},
		{`Get-Probe`, "[All] ", ""},
		{`Get-Probe -Top 3`, "[All] Top=3:int", ""},
		{`Get-Probe -Id x`, "[ById] Id=x", ""},
		{`Get-Probe -Id x -All`, "", "Get-Probe: Parameter set cannot be resolved using the specified named parameters. One or more parameters issued cannot be used together or an insufficient number of parameters were provided."},
		{`Write-Probe a b c`, "Object=(a,b,c)", ""},
		{`Write-Probe a -Separator ','`, "Object=a Separator=,", ""},
		{`Set-Probe a -ErrorAction Bogus`, "", "Set-Probe: Cannot bind parameter 'ErrorAction'. Cannot convert value \"Bogus\" to type \"System.Management.Automation.ActionPreference\". Error: \"Unable to match the identifier name Bogus to a valid enumerator name. Specify one of the following enumerator names and try again:\nContinue, Ignore, Inquire, SilentlyContinue, Stop, Suspend, Break\""},
		{`function f { param([Parameter(Mandatory)]$Name) $Name }; f`, "", "f: Cannot process command because of one or more missing mandatory parameters: Name."},
		{`function f($a, $b) { "$a|$b|$args" }; f 1 2 3 -x`, "1|2|3 -x", ""},
		{`function f { param([int]$n) $n }; f -n x`, "", `f: Cannot process argument transformation on parameter 'n'. Cannot convert value "x" to type "System.Int32". Error: "The input string 'x' was not in a correct format."`},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			var out, errb bytes.Buffer
			r := New(&Host{Stdout: &out, Stderr: &errb}, probeRegistry())
			r.RunString(context.Background(), "", tt.src, nil)
			if got := strings.TrimRight(out.String(), "\n"); got != tt.stdout {
				t.Errorf("stdout:\n%s\nwant:\n%s", got, tt.stdout)
			}
			if got := strings.TrimRight(errb.String(), "\n"); got != tt.stderr {
				t.Errorf("stderr:\n%s\nwant:\n%s", got, tt.stderr)
			}
		})
	}
}

func TestBinderKeepsTypes(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	r := New(&Host{Stdout: &out, Stderr: &out}, probeRegistry())
	r.RunString(context.Background(), "", `$r = Set-Probe a -Top 7 -WhatIf:$false; $r.Count`, nil)
	if got := strings.TrimSpace(out.String()); got != "2" {
		t.Fatalf("got %q", got)
	}
	v, _ := r.Variable("r")
	items, ok := value.Enumerate(v)
	if !ok || len(items) != 2 || items[1] != "done a" {
		t.Fatalf("$r = %#v", v)
	}
}

func TestRunCommand(t *testing.T) {
	t.Parallel()
	reg := probeRegistry()
	var got []string
	reg.Add(&cmdlet.Cmdlet{
		Name:                  "Invoke-Outer",
		SupportsShouldProcess: true,
		Process: func(c cmdlet.Call) error {
			out, err := c.RunCommand("sp", map[string]any{"Identity": "a@contoso.com", "Top": "3"}, nil)
			if err != nil {
				return err
			}
			for _, v := range out {
				got = append(got, fmt.Sprint(v))
			}
			piped, err := c.RunCommand("Set-Probe", map[string]any{"RemoveAll": true}, []any{"b@contoso.com"})
			if err != nil {
				return err
			}
			for _, v := range piped {
				got = append(got, fmt.Sprint(v))
			}
			_, err = c.RunCommand("Get-Nothing", nil, nil)
			return err
		},
	})
	var out, errb bytes.Buffer
	r := New(&Host{Stdout: &out, Stderr: &errb}, reg)
	r.RunString(context.Background(), "", "Invoke-Outer -WhatIf", nil)
	want := []string{
		"Identity=a@contoso.com Top=3:int",
		"Identity=b@contoso.com RemoveAll=true:bool",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("outputs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(out.String(), `What if: Performing the operation "Remove license" on target "a@contoso.com".`) {
		t.Errorf("the inner command did not run under -WhatIf: %q", out.String())
	}
	if !strings.Contains(errb.String(), "Get-Nothing: The term 'Get-Nothing' is not recognized") {
		t.Errorf("stderr %q", errb.String())
	}
}

// TestRunCommandErrorIsTheCallers checks that an inner error stopped with
// -ErrorAction Stop comes back as the calling cmdlet's error: it ends the
// calling statement only, and the script goes on.
func TestRunCommandErrorIsTheCallers(t *testing.T) {
	t.Parallel()
	reg := probeRegistry()
	reg.Add(&cmdlet.Cmdlet{
		Name: "Invoke-Outer",
		Process: func(c cmdlet.Call) error {
			_, err := c.RunCommand("Set-Probe", map[string]any{"Identity": "a", "Top": "x", "ErrorAction": "Stop"}, nil)
			return err
		},
	})
	var out, errb bytes.Buffer
	r := New(&Host{Stdout: &out, Stderr: &errb}, reg)
	r.RunString(context.Background(), "", "Invoke-Outer; 'next'", nil)
	if out.String() != "next\n" {
		t.Errorf("stdout %q: the script did not go on", out.String())
	}
	if !strings.Contains(errb.String(), "Cannot bind parameter 'Top'") {
		t.Errorf("stderr %q", errb.String())
	}
}
