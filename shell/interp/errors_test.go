package interp

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestBadInputErrors checks that each kind of bad input gives PowerShell's
// FullyQualifiedErrorId and message, and that nothing panics.
func TestBadInputErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src, id, msg string
	}{
		{`Get-Nothing`, "CommandNotFoundException",
			"The term 'Get-Nothing' is not recognized as a name of a cmdlet, function, script file, or executable program.\nCheck the spelling of the name, or if a path was included, verify that the path is correct and try again."},
		{`Set-Probe -Bogus 1`, "NamedParameterNotFound,Set-Probe", "A parameter cannot be found that matches parameter name 'Bogus'."},
		{`Set-Probe -Rem 1`, "AmbiguousParameter,Set-Probe",
			"Parameter cannot be processed because the parameter name 'Rem' is ambiguous. Possible matches include: -RemoveLicenses -RemoveAll."},
		{`Get-Probe -Id:$null -All`, "AmbiguousParameterSet,Get-Probe",
			"Parameter set cannot be resolved using the specified named parameters. One or more parameters issued cannot be used together or an insufficient number of parameters were provided."},
		{`function f { param([Parameter(Mandatory)]$Name) }; f`, "MissingMandatoryParameter,f",
			"Cannot process command because of one or more missing mandatory parameters: Name."},
		{`[int]'abc'`, "InvalidCastFromStringToInteger",
			`Cannot convert value "abc" to type "System.Int32". Error: "The input string 'abc' was not in a correct format."`},
		{`Set-Probe a -Top x`, "CannotConvertArgumentNoMessage,Set-Probe",
			`Cannot bind parameter 'Top'. Cannot convert value "x" to type "System.Int32". Error: "The input string 'x' was not in a correct format."`},
		{`$zero = 0; 1 / $zero`, "RuntimeException", "Attempted to divide by zero."},
		{`$null[0]`, "NullArray", "Cannot index into a null array."},
		{`$null.Trim()`, "InvokeMethodOnNull", "You cannot call a method on a null-valued expression."},
		{`'abc`, "TerminatorExpectedAtEndOfString", "The string is missing the terminator: '."},
		{`throw 'custom failure'`, "custom failure", "custom failure"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			var out, errb bytes.Buffer
			r := New(&Host{Stdout: &out, Stderr: &errb}, probeRegistry())
			r.RunString(context.Background(), "", tt.src, nil)
			if len(r.errors.Items) == 0 {
				t.Fatalf("no error recorded; stdout %q", out.String())
			}
			rec := r.errors.Items[0].(*ErrorRecord)
			id, _ := rec.Property("FullyQualifiedErrorId")
			if id != tt.id {
				t.Errorf("FullyQualifiedErrorId = %q, want %q", id, tt.id)
			}
			if rec.Error() != tt.msg {
				t.Errorf("message = %q, want %q", rec.Error(), tt.msg)
			}
			if !strings.Contains(errb.String(), strings.SplitN(tt.msg, "\n", 2)[0]) {
				t.Errorf("stderr does not show the message: %q", errb.String())
			}
		})
	}
}

// TestConciseViewInFile checks the position view of an error raised in a
// script file, with the message wrapped to the width.
func TestConciseViewInFile(t *testing.T) {
	t.Parallel()
	src := "'first'\n  Get-Nothing -Now\n"
	var out, errb bytes.Buffer
	r := New(&Host{Stdout: &out, Stderr: &errb, Width: 60}, probeRegistry())
	r.RunString(context.Background(), "/jobs/nightly.ps1", src, nil)
	want := "Get-Nothing: /jobs/nightly.ps1:2\n" +
		"Line |\n" +
		"   2 |    Get-Nothing -Now\n" +
		"     |    ~~~~~~~~~~~\n" +
		"     | The term 'Get-Nothing' is not recognized as a name\n" +
		"     | of a cmdlet, function, script file, or executable\n" +
		"     | program. Check the spelling of the name, or if a\n" +
		"     | path was included, verify that the path is correct\n" +
		"     | and try again.\n"
	if errb.String() != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", errb.String(), want)
	}
	if out.String() != "first\n" {
		t.Errorf("stdout %q", out.String())
	}
}

// TestCancelledRunIsQuiet checks that Ctrl-C (a cancelled context) stops a
// script between commands without an error message, as in pwsh.
func TestCancelledRunIsQuiet(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	r := New(&Host{Stdout: &out, Stderr: &errb}, probeRegistry())
	if code := r.RunString(ctx, "", "'never'", nil); code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	if out.Len() != 0 || errb.Len() != 0 {
		t.Errorf("stdout %q, stderr %q: want nothing", out.String(), errb.String())
	}
}
