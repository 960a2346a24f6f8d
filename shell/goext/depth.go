package goext

import (
	"go/ast"
	"go/token"
	"reflect"
	"strconv"

	yaegi "github.com/traefik/yaegi/interp"
)

// maxDepth bounds the calls of interpreted functions inside one another.
// The interpreter keeps each on the Go stack, and a Go program whose stack
// overflows dies whole, so a recursion without end must be stopped before
// that; no real cmdlet nests calls a thousandth as deep.
const maxDepth = 10_000

// guardPath and guardName are the package, given to interpreted code only
// through the calls depth inserts, that counts the calls.
const (
	guardPath = "licshgoextdepth"
	guardName = "licsh_goext_depth_"
)

// depthOverflow is the panic that stops a recursion without end; guard
// and RunFile turn it into an error.
type depthOverflow struct{}

func (depthOverflow) Error() string {
	return "the Go code called itself " + strconv.Itoa(maxDepth) + " calls deep; it may recurse without end"
}

// enter and leave count the calls in progress; interpreted code runs under
// the gate, one session at a time, so one counter serves.
func (e *Engine) enter() {
	e.depth++
	if e.depth > maxDepth {
		e.depth--
		panic(depthOverflow{})
	}
}

func (e *Engine) leave() { e.depth-- }

// depthExports is the guard package as this engine provides it.
func (e *Engine) depthExports() yaegi.Exports {
	return yaegi.Exports{guardPath + "/" + guardPath: {
		"Enter": reflect.ValueOf(e.enter),
		"Leave": reflect.ValueOf(e.leave),
	}}
}

// countDepth makes the functions of f that may recurse count themselves in
// and out: it imports the guard package and starts each such body with
// `licsh_goext_depth_.Enter(); defer licsh_goext_depth_.Leave()`, placed at
// the body's first statement, which is where the interpreter says a function
// that panicked starts. Counting nearly doubles the cost of a call that
// does nothing else, so functions that cannot be part of a recursion are
// left alone; see mayRecurse.
func countDepth(f *ast.File) {
	imp := &ast.ImportSpec{Name: ast.NewIdent(guardName), Path: &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(guardPath)}}
	f.Imports = append(f.Imports, imp)
	f.Decls = append([]ast.Decl{&ast.GenDecl{Tok: token.IMPORT, Specs: []ast.Spec{imp}}}, f.Decls...)
	call := func(pos token.Pos, fn string) *ast.CallExpr {
		sel := &ast.SelectorExpr{X: &ast.Ident{NamePos: pos, Name: guardName}, Sel: &ast.Ident{NamePos: pos, Name: fn}}
		return &ast.CallExpr{Fun: sel, Lparen: pos, Rparen: pos}
	}
	guard := func(body *ast.BlockStmt) {
		if body == nil {
			return
		}
		pos := body.Lbrace
		if len(body.List) > 0 {
			pos = body.List[0].Pos()
		}
		body.List = append([]ast.Stmt{
			&ast.ExprStmt{X: call(pos, "Enter")},
			&ast.DeferStmt{Defer: pos, Call: call(pos, "Leave")},
		}, body.List...)
	}
	recursive := mayRecurse(f)
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if recursive[n] {
				guard(n.Body)
			}
		case *ast.FuncLit:
			guard(n.Body)
		}
		return true
	})
}

// mayRecurse returns the function declarations of f that a recursion may
// pass through. A recursion is a cycle of calls, and every cycle either
// calls functions by name all the way round, or somewhere calls a function
// value or a method. So it is enough to count the functions in a cycle of
// calls by name, the functions used as values, and the methods, with every
// function literal, which countDepth counts anyway. A local name that
// shadows a function's only makes the answer larger, never smaller.
func mayRecurse(f *ast.File) map[*ast.FuncDecl]bool {
	funcs := map[string]*ast.FuncDecl{}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name != "_" {
			funcs[fd.Name.Name] = fd
		}
	}
	out := map[*ast.FuncDecl]bool{}
	calls := map[*ast.FuncDecl][]*ast.FuncDecl{}
	callee := map[*ast.Ident]bool{}
	var in *ast.FuncDecl // the declaration being walked; nil outside any
	var walk func(n ast.Node) bool
	walk = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if n.Recv != nil {
				out[n] = true
			}
			in = n
			ast.Inspect(n.Body, walk)
			in = nil
			return false
		case *ast.CallExpr:
			if id, ok := n.Fun.(*ast.Ident); ok && funcs[id.Name] != nil && in != nil {
				callee[id] = true
				calls[in] = append(calls[in], funcs[id.Name])
			}
		case *ast.Ident:
			if fd := funcs[n.Name]; fd != nil && !callee[n] {
				out[fd] = true
			}
		}
		return true
	}
	for _, d := range f.Decls {
		ast.Inspect(d, walk)
	}
	for _, fd := range funcs {
		if reaches(calls, fd, fd, map[*ast.FuncDecl]bool{}) {
			out[fd] = true
		}
	}
	return out
}

// reaches reports whether a call from one leads, by calls by name, to to.
func reaches(calls map[*ast.FuncDecl][]*ast.FuncDecl, from, to *ast.FuncDecl, seen map[*ast.FuncDecl]bool) bool {
	for _, next := range calls[from] {
		if next == to {
			return true
		}
		if !seen[next] {
			seen[next] = true
			if reaches(calls, next, to, seen) {
				return true
			}
		}
	}
	return false
}
