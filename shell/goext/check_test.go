package goext

import (
	"go/parser"
	"go/token"
	"testing"
)

func TestCheckSupported(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body, want string // body is the text of func f's block
	}{
		{"plain loops", "for i := 0; i < 3; i++ {}; for _, s := range []string{\"a\"} { _ = s }; for k := range map[string]int{} { _ = k }", ""},
		{"range over a string and a channel", "for _, r := range \"ab\" { _ = r }; ch := make(chan int); close(ch); for v := range ch { _ = v }", ""},
		{"range over an integer literal", "for i := range 10 { _ = i }",
			"x.go:6:17: range over an integer is not supported by licsh's Go interpreter; write for i := 0; i < n; i++"},
		{"range over an integer variable", "n := 3\n\tfor range n {}",
			"x.go:7:12: range over an integer is not supported by licsh's Go interpreter; write for i := 0; i < n; i++"},
		{"range over len", "s := []int{1}\n\tfor i := range len(s) { _ = i }",
			"x.go:7:17: range over an integer is not supported by licsh's Go interpreter; write for i := 0; i < n; i++"},
		{"range over a named integer type", "type count int\n\tvar c count = 2\n\tfor i := range c { _ = i }",
			"x.go:8:17: range over an integer is not supported by licsh's Go interpreter; write for i := 0; i < n; i++"},
		{"range over a function", "seq := func(yield func(int) bool) { yield(1) }\n\tfor v := range seq { _ = v }",
			"x.go:7:17: range over a function is not supported by licsh's Go interpreter; call the function in a loop"},
		{"min", "_ = min(1, 2)", "x.go:6:6: the min builtin is not supported by licsh's Go interpreter; write it out"},
		{"max", "_ = max(1.5, 2)", "x.go:6:6: the max builtin is not supported by licsh's Go interpreter; write it out"},
		{"clear", "m := map[string]int{}\n\tclear(m)", "x.go:7:2: the clear builtin is not supported by licsh's Go interpreter; write it out"},
		{"min shadowed by a local function", "min := func(a, b int) int { return a }\n\t_ = min(1, 2)", ""},
		{"go statement", "go func() {}()", "x.go:6:2: go statements are not supported in Go cmdlets and scripts: a panic in the goroutine would end licsh"},
		{"first problem wins", "go func() {}()\n\t_ = min(1, 2)", "x.go:6:2: go statements are not supported in Go cmdlets and scripts: a panic in the goroutine would end licsh"},
		{"range over an imported value is yaegi's to judge", "for i := range strings.Fields(\"a b\") { _ = i }", ""},
		{"type errors are yaegi's to judge", "var x int = \"s\"\n\t_ = x", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "package c\n\nimport \"strings\"\n\nfunc f() {\n\t" + tt.body + "\n}\n\nvar _ = strings.ToUpper\n"
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "x.go", src, 0)
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if err := checkSupported(fset, f); err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}
