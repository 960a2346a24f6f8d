package goext

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strings"
	"testing"
)

func TestMayRecurse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src  string
		want string // the declarations counted, sorted
	}{
		{"func leaf() int { return 1 }\nfunc main() { leaf(); leaf() }", ""},
		{"func fib(n int) int { return fib(n-1) + fib(n-2) }\nfunc main() { fib(3) }", "fib"},
		{"func even(n int) bool { return odd(n-1) }\nfunc odd(n int) bool { return even(n-1) }\nfunc main() { even(3) }", "even odd"},
		{"func a() { b() }\nfunc b() { c() }\nfunc c() {}\nfunc main() { a() }", ""},
		{"func cb() {}\nfunc main() { run(cb) }\nfunc run(f func()) { f() }", "cb"},
		{"var Handler = handle\nfunc handle() {}", "handle"},
		{"type T struct{}\nfunc (T) M() {}\nfunc main() { T{}.M() }", "M"},
		// A local name that shadows a function counts it: larger, never smaller.
		{"func shadow() {}\nfunc main() { shadow := func() {}; shadow() }", "shadow"},
	}
	for _, tt := range tests {
		f, err := parser.ParseFile(token.NewFileSet(), "x.go", "package p\n"+tt.src, 0)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for fd := range mayRecurse(f) {
			got = append(got, fd.Name.Name)
		}
		slices.Sort(got)
		if strings.Join(got, " ") != tt.want {
			t.Errorf("%s\ncounted %q, want %q", tt.src, got, tt.want)
		}
	}
}

// TestCountDepthGuardsLiterals checks that function literals, which may
// recurse through a variable, are always counted.
func TestCountDepthGuardsLiterals(t *testing.T) {
	t.Parallel()
	f, err := parser.ParseFile(token.NewFileSet(), "x.go", "package p\nfunc main() { var f func(); f = func() { f() }; f() }", 0)
	if err != nil {
		t.Fatal(err)
	}
	countDepth(f)
	var enters int
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "Enter" {
			enters++
		}
		return true
	})
	if enters != 1 {
		t.Errorf("%d bodies count their depth, want the literal's alone", enters)
	}
}
