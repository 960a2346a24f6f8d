package syntax

import (
	"errors"
	"strings"
	"testing"
)

// TestSpans checks the extent recorded for nodes: the text each span
// covers, and line and column numbers that count runes.
func TestSpans(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src  string
		pick func(*File) Node
		text string
		line int
		col  int
	}{
		{"Get-User -Identity x | Measure-Object", func(f *File) Node { return f.Body.End[0] }, "Get-User -Identity x | Measure-Object", 1, 1},
		{"Get-User -Identity x | Measure-Object", func(f *File) Node { return pipe(f, 0).Elements[1] }, "Measure-Object", 1, 24},
		{"Get-User -Identity x  ", func(f *File) Node { return cmd(f, 0).Args[0] }, "-Identity", 1, 10},
		{"Get-User -Identity x  ", func(f *File) Node { return cmd(f, 0).Args[1] }, "x", 1, 20},
		{"Get-User -Identity x  ", func(f *File) Node { return cmd(f, 0) }, "Get-User -Identity x", 1, 1},
		{"\n\n  $x = 1 + 2", func(f *File) Node { return f.Body.End[0] }, "$x = 1 + 2", 3, 3},
		{"$x = 1 + 2", func(f *File) Node { return f.Body.End[0].(*AssignStmt).Target }, "$x", 1, 1},
		{"é = 1; $naïve + 2", func(f *File) Node { return f.Body.End[1] }, "$naïve + 2", 1, 8},
		{"‘a’ + 1", func(f *File) Node { return f.Body.End[0] }, "‘a’ + 1", 1, 1},
		{"if ($a) {\n  1\n}", func(f *File) Node { return f.Body.End[0] }, "if ($a) {\n  1\n}", 1, 1},
		{"$a.B.C(1)[0]", func(f *File) Node { return f.Body.End[0] }, "$a.B.C(1)[0]", 1, 1},
		{"\"x $y z\"", func(f *File) Node { return expr(f, 0).(*ExpandableString).Parts[1] }, "$y", 1, 4},
		{"Write-Output a,b", func(f *File) Node { return cmd(f, 0).Args[0] }, "a,b", 1, 14},
		{"function F { 1 }", func(f *File) Node { return f.Body.End[0].(*FunctionDef).Body }, "{ 1 }", 1, 12},
	}
	for _, tt := range tests {
		f, err := Parse("", tt.src)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.src, err)
			continue
		}
		sp := tt.pick(f).Extent()
		if got := tt.src[sp.Start.Offset:sp.End.Offset]; got != tt.text || sp.Start.Line != tt.line || sp.Start.Col != tt.col {
			t.Errorf("Parse(%q) span = %q at %d:%d, want %q at %d:%d", tt.src, got, sp.Start.Line, sp.Start.Col, tt.text, tt.line, tt.col)
		}
	}
}

func pipe(f *File, i int) *Pipeline { return f.Body.End[i].(*PipelineStmt).Pipeline }

func cmd(f *File, i int) *Command { return pipe(f, i).Elements[0].(*Command) }

func expr(f *File, i int) Expr { return pipe(f, i).Elements[0].(*CommandExpr).X }

func TestErrorText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src, want string
	}{
		{"", "if ($x) {", "1:9: Missing closing '}' in statement block or type definition."},
		{"job.ps1", "\n\n$x = 'abc", "job.ps1:3:6: The string is missing the terminator: '."},
		{"job.ps1", "Get-User | | x", "job.ps1:1:12: An empty pipe element is not allowed."},
	}
	for _, tt := range tests {
		_, err := Parse(tt.name, tt.src)
		if err == nil || err.Error() != tt.want {
			t.Errorf("Parse(%q, %q) error = %v, want %s", tt.name, tt.src, err, tt.want)
		}
	}
}

func TestIncomplete(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src  string
		want bool
	}{
		{"Get-User |", true},
		{"Get-User |\n", true},
		{"Get-User | # more to come", true},
		{"foreach ($u in $users) {\n  $u\n", true},
		{"$x = @'\nabc\n", true},
		{"Write-Output 1 +`\n", false},
		{"$x = 1 +", true},
		{"Set-UserLicense -AddLicenses SPE_E5,", true},
		{"if ($x) { 1 }", false},
		{"Get-User )", false},
		{"Get-User | | x", false},
	}
	for _, tt := range tests {
		_, err := Parse("", tt.src)
		if got := IsIncomplete(err); got != tt.want {
			t.Errorf("IsIncomplete(Parse(%q)) = %v (err %v), want %v", tt.src, got, err, tt.want)
		}
	}
	if IsIncomplete(nil) {
		t.Error("IsIncomplete(nil) = true")
	}
}

func TestBenchScriptParses(t *testing.T) {
	t.Parallel()
	src := adminScript(1000)
	if n := strings.Count(src, "\n"); n < 1000 {
		t.Fatalf("script has %d lines, want 1000", n)
	}
	f, err := Parse("bench.ps1", src)
	if err != nil {
		t.Fatal(err)
	}
	if f.Body.Params == nil || len(f.Body.Params.Params) != 2 || len(f.Body.End) < 100 {
		t.Errorf("unexpected tree: params %v, %d statements", f.Body.Params, len(f.Body.End))
	}
}

// TestErrorSpans checks the text an error underlines: the offending token
// where PowerShell marks it, as the ConciseView shows it with ~.
func TestErrorSpans(t *testing.T) {
	t.Parallel()
	tests := []struct{ src, text string }{
		{"if (1 -eq 1 {\n 'yes'\n}", "{"},
		{"if ($a) {} elseif ($b -and 'x' 'y') {}", "'y'"},
		{"if ($x) 'y'", ")"},
		{"if ($x) # no block\n 'y'", ")"},
		{"$true ? 3 ; 4", ";"},
		{"1 ??= 1", "1"},
		{"Get-User\n| 'x'", "'x'"},
	}
	for _, tt := range tests {
		_, err := Parse("", tt.src)
		var pe *Error
		if !errors.As(err, &pe) {
			t.Errorf("Parse(%q) = %v, want a parse error", tt.src, err)
			continue
		}
		if got := tt.src[pe.Span.Start.Offset:pe.Span.End.Offset]; got != tt.text {
			t.Errorf("Parse(%q) error marks %q, want %q", tt.src, got, tt.text)
		}
	}
}
