package syntax

import (
	"fmt"
	"strings"
)

// dump renders a tree as a compact S-expression, so that tests can state
// the expected tree of a source line in one string.
func dump(n any) string {
	var b strings.Builder
	d := dumper{&b}
	d.node(n)
	return b.String()
}

type dumper struct{ b *strings.Builder }

func (d dumper) w(format string, args ...any) { fmt.Fprintf(d.b, format, args...) }

func (d dumper) stmts(ss []Stmt) {
	for i, s := range ss {
		if i > 0 {
			d.w("; ")
		}
		d.node(s)
	}
}

func (d dumper) list(xs []Expr) {
	for _, x := range xs {
		d.w(" ")
		d.node(x)
	}
}

func (d dumper) block(b *Block) {
	d.w("{")
	d.stmts(b.Stmts)
	d.w("}")
}

func (d dumper) body(sb *ScriptBlock) {
	if sb.Params != nil {
		d.node(sb.Params)
		d.w(" ")
	}
	if !sb.Named {
		d.stmts(sb.End)
		return
	}
	for _, nb := range []struct {
		name  string
		stmts []Stmt
	}{{"begin", sb.Begin}, {"process", sb.Process}, {"end", sb.End}} {
		if nb.stmts != nil {
			d.w("%s{", nb.name)
			d.stmts(nb.stmts)
			d.w("}")
		}
	}
}

func (d dumper) label(l string) {
	if l != "" {
		d.w(":%s ", l)
	}
}

func (d dumper) node(n any) {
	switch t := n.(type) {
	case nil:
		d.w("nil")
	case *File:
		d.body(t.Body)
	case *ParamBlock:
		d.w("(param")
		for _, a := range t.Attributes {
			d.w(" ")
			d.node(a)
		}
		for _, p := range t.Params {
			d.w(" ")
			d.node(p)
		}
		d.w(")")
	case *Param:
		for _, a := range t.Attributes {
			d.node(a)
		}
		if t.Type != "" {
			d.w("[%s]", t.Type)
		}
		d.w("$%s", t.Name)
		if t.Default != nil {
			d.w("=")
			d.node(t.Default)
		}
	case *Attribute:
		d.w("[%s(", t.Name)
		for i, x := range t.Positional {
			if i > 0 {
				d.w(" ")
			}
			d.node(x)
		}
		for i, a := range t.Named {
			if i > 0 || len(t.Positional) > 0 {
				d.w(" ")
			}
			d.w("%s", a.Name)
			if a.Value != nil {
				d.w("=")
				d.node(a.Value)
			}
		}
		d.w(")]")
	case *PipelineStmt:
		d.node(t.Pipeline)
		for _, c := range t.Chain {
			d.w(" %s ", c.Op)
			d.node(c.Pipeline)
		}
	case *Pipeline:
		if len(t.Elements) == 1 && !t.Background {
			d.node(t.Elements[0])
			return
		}
		d.w("(pipe")
		for _, e := range t.Elements {
			d.w(" ")
			d.node(e)
		}
		if t.Background {
			d.w(" &")
		}
		d.w(")")
	case *CommandExpr:
		if len(t.Redirections) == 0 {
			d.node(t.X)
			return
		}
		d.w("(expr ")
		d.node(t.X)
		for _, r := range t.Redirections {
			d.w(" ")
			d.node(r)
		}
		d.w(")")
	case *Command:
		d.w("(cmd ")
		if t.Invoke != "" {
			d.w("%s", t.Invoke)
		}
		d.node(t.Name)
		for _, a := range t.Args {
			d.w(" ")
			d.node(a)
		}
		for _, r := range t.Redirections {
			d.w(" ")
			d.node(r)
		}
		d.w(")")
	case *CommandParameter:
		d.w("-%s", t.Name)
		if t.Arg != nil {
			d.w(":")
			d.node(t.Arg)
		}
	case *CommandArgument:
		d.node(t.Value)
	case *Redirection:
		from := fmt.Sprint(t.From)
		if t.From == 0 {
			from = "*"
		}
		op := ">"
		if t.Append {
			op = ">>"
		}
		if t.Merge {
			d.w("(%s>&1)", from)
			return
		}
		d.w("(%s%s ", from, op)
		d.node(t.Target)
		d.w(")")
	case *AssignStmt:
		d.w("(%s ", t.Op)
		d.node(t.Target)
		d.w(" ")
		d.node(t.Value)
		d.w(")")
	case *IfStmt:
		d.w("(if")
		for _, c := range t.Clauses {
			d.w(" ")
			d.node(c.Cond)
			d.w(" ")
			d.block(c.Body)
		}
		if t.Else != nil {
			d.w(" else ")
			d.block(t.Else)
		}
		d.w(")")
	case *ForeachStmt:
		d.w("(foreach ")
		d.label(t.Label)
		d.w("$%s ", t.Variable)
		d.node(t.In)
		d.w(" ")
		d.block(t.Body)
		d.w(")")
	case *ForStmt:
		d.w("(for ")
		d.label(t.Label)
		d.node(t.Init)
		d.w(" ")
		d.node(t.Cond)
		d.w(" ")
		d.node(t.Step)
		d.w(" ")
		d.block(t.Body)
		d.w(")")
	case *WhileStmt:
		d.w("(while ")
		d.label(t.Label)
		d.node(t.Cond)
		d.w(" ")
		d.block(t.Body)
		d.w(")")
	case *DoStmt:
		kw := "while"
		if t.Until {
			kw = "until"
		}
		d.w("(do ")
		d.label(t.Label)
		d.block(t.Body)
		d.w(" %s ", kw)
		d.node(t.Cond)
		d.w(")")
	case *SwitchStmt:
		d.w("(switch ")
		d.label(t.Label)
		for _, f := range []struct {
			on   bool
			name string
		}{{t.Regex, "-regex"}, {t.Wildcard, "-wildcard"}, {t.Exact, "-exact"}, {t.CaseSensitive, "-casesensitive"}, {t.File, "-file"}} {
			if f.on {
				d.w("%s ", f.name)
			}
		}
		d.node(t.Subject)
		for _, c := range t.Clauses {
			d.w(" ")
			d.node(c.Pattern)
			d.block(c.Body)
		}
		if t.Default != nil {
			d.w(" default")
			d.block(t.Default)
		}
		d.w(")")
	case *BreakStmt:
		d.w("(break")
		if t.Label != "" {
			d.w(" %s", t.Label)
		}
		d.w(")")
	case *ContinueStmt:
		d.w("(continue")
		if t.Label != "" {
			d.w(" %s", t.Label)
		}
		d.w(")")
	case *ReturnStmt:
		d.flow("return", t.Value)
	case *ExitStmt:
		d.flow("exit", t.Code)
	case *ThrowStmt:
		d.flow("throw", t.Value)
	case *TryStmt:
		d.w("(try ")
		d.block(t.Body)
		for _, c := range t.Catches {
			d.w(" catch")
			for _, ty := range c.Types {
				d.w("[%s]", ty)
			}
			d.block(c.Body)
		}
		if t.Finally != nil {
			d.w(" finally")
			d.block(t.Finally)
		}
		d.w(")")
	case *TrapStmt:
		d.w("(trap ")
		if t.Type != "" {
			d.w("[%s]", t.Type)
		}
		d.block(t.Body)
		d.w(")")
	case *UsingStmt:
		d.w("(using %s %s)", t.Kind, t.Name)
	case *TypeDef:
		kw := "class"
		if t.Enum {
			kw = "enum"
		}
		d.w("(%s", kw)
		for _, a := range t.Attributes {
			d.w(" [%s]", a.Name)
		}
		d.w(" %s", t.Name)
		for _, b := range t.Base {
			d.w(" :%s", b)
		}
		for _, v := range t.Values {
			d.w(" %s", v.Name)
			if v.Value != nil {
				d.w("=")
				d.node(v.Value)
			}
		}
		for _, m := range t.Members {
			d.w(" (")
			switch {
			case m.Ctor:
				d.w("ctor")
			case m.Method:
				d.w("method")
			default:
				d.w("prop")
			}
			if m.Static {
				d.w(" static")
			}
			if m.Hidden {
				d.w(" hidden")
			}
			if m.Type != "" {
				d.w(" [%s]", m.Type)
			}
			d.w(" %s", m.Name)
			if m.Method {
				d.w("(")
				for i, prm := range m.Params {
					if i > 0 {
						d.w(" ")
					}
					if prm.Type != "" {
						d.w("[%s]", prm.Type)
					}
					d.w("$%s", prm.Name)
				}
				d.w(")")
			}
			if m.CallsBase {
				d.w(" base(")
				for i, a := range m.BaseArgs {
					if i > 0 {
						d.w(" ")
					}
					d.node(a)
				}
				d.w(")")
			}
			if m.Default != nil {
				d.w(" = ")
				d.node(m.Default)
			}
			if m.Body != nil {
				d.w(" {")
				d.body(m.Body)
				d.w("}")
			}
			d.w(")")
		}
		d.w(")")
	case *FunctionDef:
		kw := "function"
		if t.Filter {
			kw = "filter"
		}
		d.w("(%s %s {", kw, t.Name)
		d.body(t.Body)
		d.w("})")
	case *StringConst:
		switch t.Kind {
		case BareWord:
			// A bare word that looks like a parameter is marked, so that
			// tests tell it from a CommandParameter.
			if strings.HasPrefix(t.Value, "-") {
				d.w("(word %s)", t.Value)
				return
			}
			d.w("%s", t.Value)
		case SingleQuoted:
			d.w("'%s'", t.Value)
		case DoubleQuoted:
			d.w("%q", t.Value)
		case SingleHereString:
			d.w("@'%s'@", t.Value)
		case DoubleHereString:
			d.w("@%q@", t.Value)
		}
	case *ExpandableString:
		d.w("(expand")
		if t.Here {
			d.w("-here")
		}
		for _, x := range t.Parts {
			d.w(" ")
			if s, ok := x.(*StringConst); ok {
				d.w("%q", s.Value)
				continue
			}
			d.node(x)
		}
		d.w(")")
	case *NumberConst:
		switch v := t.Value.(type) {
		case int:
			d.w("%d", v)
		case int64:
			d.w("i64:%d", v)
		case float64:
			d.w("f:%g", v)
		}
	case *VariableExpr:
		sigil := "$"
		if t.Splat {
			sigil = "@"
		}
		if t.Scope != "" {
			d.w("%s%s:%s", sigil, t.Scope, t.Name)
		} else {
			d.w("%s%s", sigil, t.Name)
		}
	case *ArrayLiteral:
		d.w("(,")
		d.list(t.Elems)
		d.w(")")
	case *ArrayExpr:
		d.w("@(")
		d.stmts(t.Stmts)
		d.w(")")
	case *SubExpr:
		d.w("$(")
		d.stmts(t.Stmts)
		d.w(")")
	case *ParenExpr:
		d.w("(paren ")
		d.node(t.X)
		d.w(")")
	case *HashtableExpr:
		d.w("@{")
		for i, kv := range t.Pairs {
			if i > 0 {
				d.w("; ")
			}
			d.node(kv.Key)
			d.w("=")
			d.node(kv.Value)
		}
		d.w("}")
	case *ScriptBlockExpr:
		d.w("{")
		d.body(t.Body)
		d.w("}")
	case *BinaryExpr:
		d.w("(%s ", t.Op)
		d.node(t.X)
		d.w(" ")
		d.node(t.Y)
		d.w(")")
	case *UnaryExpr:
		if t.Postfix {
			d.w("(post%s ", t.Op)
		} else {
			d.w("(%s ", t.Op)
		}
		d.node(t.X)
		d.w(")")
	case *ConvertExpr:
		d.w("([%s] ", t.Type)
		d.node(t.X)
		d.w(")")
	case *TypeExpr:
		d.w("[%s]", t.Type)
	case *MemberExpr:
		op := "."
		if t.Static {
			op = "::"
		}
		if t.NullConditional {
			op = "?."
		}
		d.w("(%s ", op)
		d.node(t.X)
		d.w(" ")
		d.node(t.Member)
		d.w(")")
	case *InvokeExpr:
		op := "call"
		if t.Static {
			op = "scall"
		}
		if t.NullConditional {
			op = "?call"
		}
		d.w("(%s ", op)
		d.node(t.X)
		d.w(" ")
		d.node(t.Member)
		d.list(t.Args)
		d.w(")")
	case *IndexExpr:
		if t.NullConditional {
			d.w("(?idx ")
		} else {
			d.w("(idx ")
		}
		d.node(t.X)
		d.w(" ")
		d.node(t.Index)
		d.w(")")
	case *TernaryExpr:
		d.w("(?: ")
		d.node(t.Cond)
		d.w(" ")
		d.node(t.Then)
		d.w(" ")
		d.node(t.Else)
		d.w(")")
	default:
		d.w("<%T>", n)
	}
}

func (d dumper) flow(kw string, v Stmt) {
	d.w("(%s", kw)
	if v != nil {
		d.w(" ")
		d.node(v)
	}
	d.w(")")
}
