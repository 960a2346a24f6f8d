package goext

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"
)

// checkSupported rejects the constructs yaegi mishandles, before it sees
// them: range over an integer or a function and the min, max and clear
// builtins (newer than yaegi's Go), and go statements, whose panics yaegi
// cannot recover and which would end licsh.
//
// The file is type-checked alone, with every import standing for an empty
// package: what depends on imports is left untyped and is yaegi's to judge,
// but locally typed ranges and the builtins are found exactly.
func checkSupported(fset *token.FileSet, f *ast.File) error {
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Uses: map[*ast.Ident]types.Object{}}
	conf := types.Config{Importer: emptyImporter{}, Error: func(error) {}}
	conf.Check(f.Name.Name, fset, []*ast.File{f}, info)

	var found error
	ast.Inspect(f, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.GoStmt:
			found = errorAt(fset, n.Pos(), "go statements are not supported in Go cmdlets and scripts: a panic in the goroutine would end licsh")
		case *ast.RangeStmt:
			found = checkRange(fset, n, info)
		case *ast.CallExpr:
			id, ok := ast.Unparen(n.Fun).(*ast.Ident)
			if !ok {
				break
			}
			if b, ok := info.Uses[id].(*types.Builtin); ok {
				switch b.Name() {
				case "min", "max", "clear":
					found = errorAt(fset, id.Pos(), "the %s builtin is not supported by licsh's Go interpreter; write it out", b.Name())
				}
			}
		}
		return true
	})
	return found
}

func checkRange(fset *token.FileSet, n *ast.RangeStmt, info *types.Info) error {
	t := info.Types[n.X].Type
	if t == nil {
		return nil
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		if u.Info()&types.IsInteger != 0 {
			return errorAt(fset, n.X.Pos(), "range over an integer is not supported by licsh's Go interpreter; write for i := 0; i < n; i++")
		}
	case *types.Signature:
		return errorAt(fset, n.X.Pos(), "range over a function is not supported by licsh's Go interpreter; call the function in a loop")
	}
	return nil
}

// emptyImporter stands every import for an empty package, so a file can be
// type-checked without the packages' sources.
type emptyImporter struct{}

func (emptyImporter) Import(path string) (*types.Package, error) {
	name := path
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '/' {
			name = path[i+1:]
			break
		}
	}
	p := types.NewPackage(path, name)
	p.MarkComplete()
	return p, nil
}

// allowedImports are the licsh packages interpreted code may import; the
// rest of licsh is the implementation, free to change under users' files.
var allowedImports = []string{"licsh/shell/cmdlet", "licsh/shell/value"}

// checkImports refuses an import of a licsh package other than the API,
// at the line of the import.
func checkImports(fset *token.FileSet, f *ast.File) error {
	for _, imp := range f.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil || p != "licsh" && !strings.HasPrefix(p, "licsh/") || slices.Contains(allowedImports, p) {
			continue
		}
		return errorAt(fset, imp.Path.Pos(), "package %s is not available to Go cmdlets and scripts: they may import the Go 1.22 standard library, %s", p, strings.Join(allowedImports, " and "))
	}
	return nil
}
