package goext

import (
	"fmt"
	"strings"
	"testing"
)

// declSummary prints what the declarations hold, one cmdlet a line.
func declSummary(ds []decl) string {
	var b strings.Builder
	for _, d := range ds {
		c := d.cmd
		fmt.Fprintf(&b, "%d:%s aliases=%v ssp=%v syn=%q", d.pos.Line, c.Name, c.Aliases, c.SupportsShouldProcess, c.Synopsis)
		for _, p := range c.Params {
			fmt.Fprintf(&b, " [%s %s pos=%d m=%v v=%v pn=%v sets=%v vs=%v]", p.Name, p.Type, p.Position, p.Mandatory,
				p.ValueFromPipeline, p.ValueFromPipelineByPropertyName, p.Sets, p.ValidateSet)
		}
		for _, e := range c.Examples {
			fmt.Fprintf(&b, " ex=%q", e.Code)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestReadDecls(t *testing.T) {
	t.Parallel()
	const head = "package c\n\nimport \"licsh/shell/cmdlet\"\n\n"
	tests := []struct {
		name, src, want string
	}{
		{"one cmdlet, elided type",
			head + `var Cmdlets = []*cmdlet.Cmdlet{{Name: "Get-Thing", Synopsis: "Gets" + " things."}}`,
			"5:Get-Thing aliases=[] ssp=false syn=\"Gets things.\"\n"},
		{"address of a full literal, params, sets, examples",
			head + `var Cmdlets = []*cmdlet.Cmdlet{&cmdlet.Cmdlet{
	Name: "Set-Thing", Aliases: []string{"st"}, SupportsShouldProcess: true,
	Params: []*cmdlet.Param{
		{Name: "Id", Type: cmdlet.String, Position: 1, Mandatory: true, ValueFromPipeline: true},
		&cmdlet.Param{Name: "Mode", ValidateSet: []string{"A", "B"}, Sets: []string{"S1"}, ValueFromPipelineByPropertyName: true},
	},
	Examples: []cmdlet.Example{{Code: "Set-Thing x"}},
	Process: setThing,
}}`,
			"5:Set-Thing aliases=[st] ssp=true syn=\"\" [Id string pos=1 m=true v=true pn=false sets=[] vs=[]] [Mode  pos=0 m=false v=false pn=true sets=[S1] vs=[A B]] ex=\"Set-Thing x\"\n"},
		{"two cmdlets, raw strings and hex position",
			head + "var Cmdlets = []*cmdlet.Cmdlet{\n{Name: `A-B`},\n{Name: \"C-D\", Params: []*cmdlet.Param{{Name: \"X\", Position: 0x2}}},\n}",
			"6:A-B aliases=[] ssp=false syn=\"\"\n7:C-D aliases=[] ssp=false syn=\"\" [X  pos=2 m=false v=false pn=false sets=[] vs=[]]\n"},
		{"renamed import",
			"package c\nimport api \"licsh/shell/cmdlet\"\nvar Cmdlets = []*api.Cmdlet{{Name: \"Get-X\"}}",
			"3:Get-X aliases=[] ssp=false syn=\"\"\n"},
		{"grouped var declaration",
			head + "var (\n\tn = 1\n\tCmdlets = []*cmdlet.Cmdlet{{Name: \"Get-Y\"}}\n)",
			"7:Get-Y aliases=[] ssp=false syn=\"\"\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, err := readDecls("x.go", []byte(tt.src))
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if got := declSummary(ds); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestReadDeclsErrors(t *testing.T) {
	t.Parallel()
	const head = "package c\n\nimport \"licsh/shell/cmdlet\"\n\n"
	tests := []struct {
		name, src, want string
	}{
		{"syntax error", "package c\nfunc {", "x.go:2:6: expected 'IDENT', found '{'"},
		{"no declaration", "package c\n\nfunc F() {}\n", "x.go:1:1: the file declares no cmdlet: it needs `var Cmdlets = []*cmdlet.Cmdlet{...}`"},
		{"empty declaration", head + "var Cmdlets = []*cmdlet.Cmdlet{}", "x.go:5:15: Cmdlets declares no cmdlet"},
		{"no value", head + "var Cmdlets []*cmdlet.Cmdlet", "x.go:5:5: Cmdlets must be set to a []*cmdlet.Cmdlet literal"},
		{"built by a function", head + "var Cmdlets = build()", "x.go:5:15: Cmdlets must be set to a []*cmdlet.Cmdlet literal, which licsh reads without running the file"},
		{"wrong element type", head + "var Cmdlets = []*cmdlet.Param{{Name: \"X\"}}", "x.go:5:15: Cmdlets must be set to a []*cmdlet.Cmdlet literal, which licsh reads without running the file"},
		{"cmdlet not imported", "package c\nvar Cmdlets = []*cmdlet.Cmdlet{{Name: \"X\"}}", "x.go:2:15: Cmdlets must be set to a []*cmdlet.Cmdlet literal, which licsh reads without running the file"},
		{"name from a constant", head + "const n = \"X-Y\"\nvar Cmdlets = []*cmdlet.Cmdlet{{Name: n}}", "x.go:6:39: Name must be written as a literal: licsh reads cmdlet declarations without running the file"},
		{"no name", head + "var Cmdlets = []*cmdlet.Cmdlet{{Synopsis: \"s\"}}", "x.go:5:32: the cmdlet has no Name"},
		{"unknown field", head + "var Cmdlets = []*cmdlet.Cmdlet{{Name: \"X\", Colour: \"red\"}}", "x.go:5:44: unknown field Colour in cmdlet.Cmdlet"},
		{"lower-case field", head + "var Cmdlets = []*cmdlet.Cmdlet{{Name: \"X\", module: \"M\"}}", "x.go:5:44: unknown field module in cmdlet.Cmdlet"},
		{"positional fields", head + "var Cmdlets = []*cmdlet.Cmdlet{{\"X\"}}", "x.go:5:33: write the fields of cmdlet.Cmdlet by name"},
		{"params from a variable", head + "var Cmdlets = []*cmdlet.Cmdlet{{Name: \"X\", Params: shared}}", "x.go:5:52: Params must be written as a literal: licsh reads cmdlet declarations without running the file"},
		{"param element from a variable", head + "var Cmdlets = []*cmdlet.Cmdlet{{Name: \"X\", Params: []*cmdlet.Param{p}}}", "x.go:5:68: cmdlet.Param must be written as a literal: licsh reads cmdlet declarations without running the file"},
		{"bool from an expression", head + "var Cmdlets = []*cmdlet.Cmdlet{{Name: \"X\", SupportsShouldProcess: !false}}", "x.go:5:67: SupportsShouldProcess must be written as a literal: licsh reads cmdlet declarations without running the file"},
		{"position as a string", head + "var Cmdlets = []*cmdlet.Cmdlet{{Name: \"X\", Params: []*cmdlet.Param{{Name: \"P\", Position: \"1\"}}}}", "x.go:5:90: Position must be written as a literal: licsh reads cmdlet declarations without running the file"},
		{"position out of range", head + "var Cmdlets = []*cmdlet.Cmdlet{{Name: \"X\", Params: []*cmdlet.Param{{Name: \"P\", Position: 99999999999999999999}}}}", "x.go:5:90: Position must be written as a literal: licsh reads cmdlet declarations without running the file"},
		{"string slice of a non-string", head + "var Cmdlets = []*cmdlet.Cmdlet{{Name: \"X\", Aliases: []string{1}}}", "x.go:5:62: Aliases must be written as a literal: licsh reads cmdlet declarations without running the file"},
		{"string minus string", head + "var Cmdlets = []*cmdlet.Cmdlet{{Name: \"X\" - \"Y\"}}", "x.go:5:39: Name must be written as a literal: licsh reads cmdlet declarations without running the file"},
		{"wrong struct type", head + "var Cmdlets = []*cmdlet.Cmdlet{{Name: \"X\", Params: []*cmdlet.Param{&cmdlet.Example{}}}}", "x.go:5:69: cmdlet.Param must be written as a literal: licsh reads cmdlet declarations without running the file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, err := readDecls("x.go", []byte(tt.src))
			if err == nil {
				t.Fatalf("no error; read %s", declSummary(ds))
			}
			if err.Error() != tt.want {
				t.Errorf("error\n%s\nwant\n%s", err, tt.want)
			}
		})
	}
}
