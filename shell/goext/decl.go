package goext

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strconv"
	"strings"

	"licsh/shell/cmdlet"
	"licsh/shell/goext/symbols"
)

// apiPath is the import path of the cmdlet declaration API.
const apiPath = "licsh/shell/cmdlet"

// declVar is the variable a Go cmdlet file declares its cmdlets in.
const declVar = "Cmdlets"

// decl is a cmdlet declaration read from a file, and where it is written.
type decl struct {
	cmd *cmdlet.Cmdlet
	pos token.Position
}

// readDecls parses a Go cmdlet file and reads its cmdlet declarations from
// the literal of `var Cmdlets = []*cmdlet.Cmdlet{...}`, without running
// anything. The functions (Begin, Process, End) are left nil. A file that
// imports a licsh package other than the API is refused here, before
// anything of it is registered.
func readDecls(name string, src []byte) ([]decl, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	if err := checkImports(fset, f); err != nil {
		return nil, err
	}
	r := &declReader{fset: fset, api: importName(f, apiPath)}
	lit, err := r.findDecl(f)
	if err != nil {
		return nil, err
	}
	var out []decl
	for _, elt := range lit.Elts {
		c := &cmdlet.Cmdlet{}
		if err := r.readStruct(elt, reflect.ValueOf(c).Elem()); err != nil {
			return nil, err
		}
		if c.Name == "" {
			return nil, errorAt(fset, elt.Pos(), "the cmdlet has no Name")
		}
		out = append(out, decl{c, fset.Position(elt.Pos())})
	}
	if len(out) == 0 {
		return nil, errorAt(fset, lit.Pos(), "%s declares no cmdlet", declVar)
	}
	return out, nil
}

// importName is the name a file refers to an imported package by, or ""
// when it does not import it.
func importName(f *ast.File, path string) string {
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == path {
			if imp.Name != nil {
				return imp.Name.Name
			}
			return path[strings.LastIndexByte(path, '/')+1:]
		}
	}
	return ""
}

type declReader struct {
	fset *token.FileSet
	api  string // the file's name for licsh/shell/cmdlet
}

// findDecl returns the composite literal of the file's Cmdlets variable.
func (r *declReader) findDecl(f *ast.File) (*ast.CompositeLit, error) {
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, id := range vs.Names {
				if id.Name != declVar {
					continue
				}
				if i >= len(vs.Values) {
					return nil, errorAt(r.fset, id.Pos(), "%s must be set to a []*cmdlet.Cmdlet literal", declVar)
				}
				lit, ok := vs.Values[i].(*ast.CompositeLit)
				if !ok || !r.isCmdletSlice(lit.Type) {
					return nil, errorAt(r.fset, vs.Values[i].Pos(), "%s must be set to a []*cmdlet.Cmdlet literal, which licsh reads without running the file", declVar)
				}
				return lit, nil
			}
		}
	}
	return nil, errorAt(r.fset, f.Package, "the file declares no cmdlet: it needs `var %s = []*cmdlet.Cmdlet{...}`", declVar)
}

func (r *declReader) isCmdletSlice(t ast.Expr) bool {
	at, ok := t.(*ast.ArrayType)
	if !ok || at.Len != nil {
		return false
	}
	star, ok := at.Elt.(*ast.StarExpr)
	return ok && r.isAPIType(star.X, "Cmdlet")
}

func (r *declReader) isAPIType(t ast.Expr, name string) bool {
	sel, ok := t.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	x, ok := sel.X.(*ast.Ident)
	return ok && r.api != "" && x.Name == r.api && sel.Sel.Name == name
}

// readStruct fills the struct v from a keyed composite literal, written
// either in full (&cmdlet.Param{...}) or with its type elided ({...}).
func (r *declReader) readStruct(e ast.Expr, v reflect.Value) error {
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = u.X
	}
	lit, ok := e.(*ast.CompositeLit)
	if !ok || lit.Type != nil && !r.isAPIType(lit.Type, v.Type().Name()) {
		return r.notLiteral(e, "cmdlet."+v.Type().Name())
	}
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			return errorAt(r.fset, elt.Pos(), "write the fields of cmdlet.%s by name", v.Type().Name())
		}
		key, ok := kv.Key.(*ast.Ident)
		if !ok {
			return errorAt(r.fset, kv.Key.Pos(), "write the fields of cmdlet.%s by name", v.Type().Name())
		}
		field := v.FieldByName(key.Name)
		if !field.IsValid() || !field.CanSet() {
			return errorAt(r.fset, key.Pos(), "unknown field %s in cmdlet.%s", key.Name, v.Type().Name())
		}
		if err := r.readValue(kv.Value, field, key.Name); err != nil {
			return err
		}
	}
	return nil
}

// readValue sets a declaration field from its literal. Functions are
// skipped: they are what interpreting the file provides.
func (r *declReader) readValue(e ast.Expr, v reflect.Value, name string) error {
	switch v.Kind() {
	case reflect.Func:
		return nil
	case reflect.String:
		s, ok := r.constString(e, v.Type())
		if !ok {
			return r.notLiteral(e, name)
		}
		v.SetString(s)
	case reflect.Bool:
		id, ok := e.(*ast.Ident)
		if !ok || id.Name != "true" && id.Name != "false" {
			return r.notLiteral(e, name)
		}
		v.SetBool(id.Name == "true")
	case reflect.Int:
		lit, ok := e.(*ast.BasicLit)
		if !ok || lit.Kind != token.INT {
			return r.notLiteral(e, name)
		}
		n, err := strconv.ParseInt(lit.Value, 0, 64)
		if err != nil {
			return r.notLiteral(e, name)
		}
		v.SetInt(n)
	case reflect.Slice:
		lit, ok := e.(*ast.CompositeLit)
		if !ok {
			return r.notLiteral(e, name)
		}
		s := reflect.MakeSlice(v.Type(), len(lit.Elts), len(lit.Elts))
		for i, elt := range lit.Elts {
			if err := r.readElem(elt, s.Index(i), name); err != nil {
				return err
			}
		}
		v.Set(s)
	default:
		return r.notLiteral(e, name)
	}
	return nil
}

func (r *declReader) readElem(e ast.Expr, v reflect.Value, name string) error {
	switch v.Kind() {
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		if err := r.readStruct(e, p.Elem()); err != nil {
			return err
		}
		v.Set(p)
		return nil
	case reflect.Struct:
		return r.readStruct(e, v)
	}
	return r.readValue(e, v, name)
}

// constString evaluates a string literal, literals joined with +, or a
// constant of the API of type t (cmdlet.String for a Type).
func (r *declReader) constString(e ast.Expr, t reflect.Type) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.ParenExpr:
		return r.constString(e.X, t)
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		x, ok1 := r.constString(e.X, t)
		y, ok2 := r.constString(e.Y, t)
		return x + y, ok1 && ok2
	case *ast.SelectorExpr:
		x, ok := e.X.(*ast.Ident)
		if !ok || r.api == "" || x.Name != r.api {
			return "", false
		}
		c, ok := symbols.Symbols[apiPath+"/cmdlet"][e.Sel.Name]
		if !ok || c.Type() != t {
			return "", false
		}
		return c.String(), true
	}
	return "", false
}

func (r *declReader) notLiteral(e ast.Expr, name string) error {
	return errorAt(r.fset, e.Pos(), "%s must be written as a literal: licsh reads cmdlet declarations without running the file", name)
}
