package interp

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"licsh/shell/syntax"
	"licsh/shell/value"
)

// collect runs fn and gathers what it outputs the way an assignment does:
// nothing is $null, one object is itself, more are an array.
func (r *Runner) collect(fn func(emit emitFn) error) (any, error) {
	var out []any
	err := fn(func(v any) error {
		out = append(out, v)
		return nil
	})
	return collapse(out), err
}

func collapse(out []any) any {
	switch len(out) {
	case 0:
		return nil
	case 1:
		return out[0]
	}
	return out
}

// stmtValue is the value of a statement used as a value: the right side of
// an assignment, a condition, a hashtable entry. A lone expression keeps
// its value as it is (an empty array stays an array); anything else is
// collected from its output.
func (r *Runner) stmtValue(ctx context.Context, sc *scope, f *syntax.File, st syntax.Stmt) (any, error) {
	if x := loneExpr(st); x != nil {
		return r.eval(ctx, sc, f, x)
	}
	if as, ok := st.(*syntax.AssignStmt); ok {
		return r.assign(ctx, sc, f, as)
	}
	return r.collect(func(emit emitFn) error {
		return r.execStmt(ctx, sc, f, st, emit)
	})
}

// loneExpr returns the expression when a statement is nothing but one.
func loneExpr(st syntax.Stmt) syntax.Expr {
	ps, ok := st.(*syntax.PipelineStmt)
	if !ok || len(ps.Chain) > 0 || len(ps.Pipeline.Elements) != 1 {
		return nil
	}
	if ce, ok := ps.Pipeline.Elements[0].(*syntax.CommandExpr); ok {
		return ce.X
	}
	return nil
}

// eval evaluates an expression.
func (r *Runner) eval(ctx context.Context, sc *scope, f *syntax.File, e syntax.Expr) (any, error) {
	v, err := r.eval1(ctx, sc, f, e)
	if err != nil && !isFlow(err) {
		return nil, withPosition(err, f, e.Extent())
	}
	return v, err
}

func (r *Runner) eval1(ctx context.Context, sc *scope, f *syntax.File, e syntax.Expr) (any, error) {
	switch e := e.(type) {
	case *syntax.StringConst:
		return e.Value, nil
	case *syntax.NumberConst:
		return e.Value, nil
	case *syntax.ExpandableString:
		return r.expand(ctx, sc, f, e)
	case *syntax.VariableExpr:
		return r.variable(sc, e)
	case *syntax.ArrayLiteral:
		out := make([]any, len(e.Elems))
		for i, x := range e.Elems {
			v, err := r.eval(ctx, sc, f, x)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	case *syntax.ArrayExpr:
		out := []any{}
		err := r.execStmts(ctx, sc, f, e.Stmts, func(v any) error {
			out = append(out, v)
			return nil
		})
		return out, err
	case *syntax.SubExpr:
		return r.collect(func(emit emitFn) error {
			return r.execStmts(ctx, sc, f, e.Stmts, emit)
		})
	case *syntax.ParenExpr:
		return r.stmtValue(ctx, sc, f, e.X)
	case *syntax.HashtableExpr:
		h := value.NewHashtable()
		for _, kv := range e.Pairs {
			k, err := r.eval(ctx, sc, f, kv.Key)
			if err != nil {
				return nil, err
			}
			v, err := r.stmtValue(ctx, sc, f, kv.Value)
			if err != nil {
				return nil, err
			}
			if _, dup := h.Get(k); dup {
				return nil, NewError("DuplicateKeyInHashLiteral", "ParserError", k,
					"Duplicate keys '"+value.ToString(k)+"' are not allowed in hash literals.")
			}
			h.Set(k, v)
		}
		return h, nil
	case *syntax.ScriptBlockExpr:
		return &ScriptBlock{Body: e.Body, File: f}, nil
	case *syntax.BinaryExpr:
		return r.binary(ctx, sc, f, e)
	case *syntax.TernaryExpr:
		return r.ternary(ctx, sc, f, e)
	case *syntax.UnaryExpr:
		return r.unary(ctx, sc, f, e)
	case *syntax.ConvertExpr:
		x, err := r.eval(ctx, sc, f, e.X)
		if err != nil {
			return nil, err
		}
		if strings.EqualFold(e.Type, "void") {
			return nil, nil
		}
		return r.types.convert(x, e.Type)
	case *syntax.TypeExpr:
		return value.Type{Name: e.Type}, nil
	case *syntax.MemberExpr:
		return r.member(ctx, sc, f, e)
	case *syntax.InvokeExpr:
		return r.invokeMethod(ctx, sc, f, e)
	case *syntax.IndexExpr:
		x, err := r.eval(ctx, sc, f, e.X)
		if err != nil || x == nil && e.NullConditional {
			return nil, err
		}
		idx, err := r.eval(ctx, sc, f, e.Index)
		if err != nil {
			return nil, err
		}
		return value.Index(x, idx)
	}
	return nil, NewError("NotSupported", "NotImplemented", nil, "This expression is not supported.")
}

// variable reads a variable; $? and $_ come from the runner's state. In
// strict mode a variable that was never set is an error.
func (r *Runner) variable(sc *scope, e *syntax.VariableExpr) (any, error) {
	name := e.Name
	if e.Scope != "" {
		name = e.Scope + ":" + name
	}
	switch strings.ToLower(name) {
	case "?":
		return r.lastOK, nil
	case "pwd":
		return NewPathInfo(r.dir), nil
	case "psitem":
		name = "_"
	}
	if e.Scope == "using" {
		return r.usingVariable(e.Name)
	}
	v, ok := sc.get(name)
	if !ok && e.Scope != "env" && sc.strictMode() > 0 {
		rec := NewError("VariableIsUndefined", "InvalidOperation", e.Name,
			fmt.Sprintf("The variable '$%s' cannot be retrieved because it has not been set.", e.Name))
		return nil, rec
	}
	return v, nil
}

// expand builds a double-quoted string from its parts.
func (r *Runner) expand(ctx context.Context, sc *scope, f *syntax.File, e *syntax.ExpandableString) (any, error) {
	var sb strings.Builder
	for _, p := range e.Parts {
		v, err := r.eval(ctx, sc, f, p)
		if err != nil {
			return nil, err
		}
		sb.WriteString(r.toString(sc, v))
	}
	return sb.String(), nil
}

// toString converts a value to a string the way string expansion does,
// joining arrays with $OFS (a space by default).
func (r *Runner) toString(sc *scope, v any) string {
	if items, ok := v.([]any); ok {
		if ofs := sc.valueOf("OFS"); ofs != nil {
			parts := make([]string, len(items))
			for i, it := range items {
				parts[i] = value.ToString(it)
			}
			return strings.Join(parts, value.ToString(ofs))
		}
	}
	return value.ToString(v)
}

func (r *Runner) binary(ctx context.Context, sc *scope, f *syntax.File, e *syntax.BinaryExpr) (any, error) {
	x, err := r.eval(ctx, sc, f, e.X)
	if err != nil {
		return nil, err
	}
	switch e.Op {
	case "??":
		if x != nil {
			return x, nil
		}
		return r.eval(ctx, sc, f, e.Y)
	case "-and", "-or":
		if value.ToBool(x) == (e.Op == "-or") {
			return e.Op == "-or", nil
		}
		y, err := r.eval(ctx, sc, f, e.Y)
		if err != nil {
			return nil, err
		}
		return value.ToBool(y), nil
	}
	y, err := r.eval(ctx, sc, f, e.Y)
	if err != nil {
		return nil, err
	}
	if strings.HasSuffix(e.Op, "replace") {
		if parts, ok := y.([]any); ok && len(parts) == 2 {
			if b, ok := parts[1].(*ScriptBlock); ok {
				return value.ReplaceFunc(x, parts[0], e.Op == "-creplace", func(m *value.Object) (string, error) {
					out, err := r.collect(func(emit emitFn) error {
						return r.invokeBlockHere(ctx, sc, b, m, nil, emit)
					})
					return r.toString(sc, out), err
				})
			}
		}
	}
	if t, ok := y.(value.Type); ok && r.types.lookup(t.Name) != nil {
		switch e.Op {
		case "-is", "-isnot":
			is, err := r.types.isType(x, t.Name)
			return is == (e.Op == "-is"), err
		case "-as":
			v, err := r.types.convert(x, t.Name)
			if err != nil {
				return nil, nil
			}
			return v, nil
		}
	}
	v, matches, err := value.Binary(e.Op, x, y)
	if err != nil {
		return nil, err
	}
	if matches != nil {
		sc.setLocal("Matches", matches)
	}
	return v, nil
}

func (r *Runner) unary(ctx context.Context, sc *scope, f *syntax.File, e *syntax.UnaryExpr) (any, error) {
	if e.Op == "++" || e.Op == "--" {
		old, err := r.eval(ctx, sc, f, e.X)
		if err != nil {
			return nil, err
		}
		if old == nil {
			old = 0
		}
		op := "+"
		if e.Op == "--" {
			op = "-"
		}
		nv, _, err := value.Binary(op, old, 1)
		if err != nil {
			return nil, err
		}
		if err := r.store(ctx, sc, f, e.X, nv); err != nil {
			return nil, err
		}
		if e.Postfix {
			return old, nil
		}
		return nv, nil
	}
	x, err := r.eval(ctx, sc, f, e.X)
	if err != nil {
		return nil, err
	}
	return value.Unary(e.Op, x)
}

// memberName evaluates the name part of x.Name, x.$var and x."name".
func (r *Runner) memberName(ctx context.Context, sc *scope, f *syntax.File, m syntax.Expr) (string, error) {
	if s, ok := m.(*syntax.StringConst); ok {
		return s.Value, nil
	}
	v, err := r.eval(ctx, sc, f, m)
	if err != nil {
		return "", err
	}
	return value.ToString(v), nil
}

func (r *Runner) member(ctx context.Context, sc *scope, f *syntax.File, e *syntax.MemberExpr) (any, error) {
	name, err := r.memberName(ctx, sc, f, e.Member)
	if err != nil {
		return nil, err
	}
	if e.Static {
		t, err := r.typeOf(ctx, sc, f, e.X)
		if err != nil {
			return nil, err
		}
		if ct := r.types.lookup(t); ct != nil {
			return r.staticMember(ct, name)
		}
		return value.GetStatic(t, name, r.host.now)
	}
	x, err := r.eval(ctx, sc, f, e.X)
	if err != nil || x == nil && e.NullConditional {
		return nil, err
	}
	if sc.strictMode() >= 2 && !hasProperty(x, name) {
		rec := NewError("PropertyNotFoundStrict", "NotSpecified", nil,
			fmt.Sprintf("The property '%s' cannot be found on this object. Verify that the property exists.", name))
		rec.Exception.Type = "System.Management.Automation.PropertyNotFoundException"
		return nil, rec
	}
	return value.GetMember(x, name)
}

// usingVariable reads $using:name: the caller's variable, in a session of
// ForEach-Object -Parallel or Start-Job.
func (r *Runner) usingVariable(name string) (any, error) {
	if r.using == nil {
		return nil, NewError("UsingWithoutInvokeCommand", "InvalidOperation", nil,
			"A Using variable cannot be retrieved. A Using variable can be used only with Invoke-Command, Start-Job, or InlineScript in the script workflow. When it is used with Invoke-Command, the Using variable is valid only if the script block is invoked on a remote computer.")
	}
	v, ok := r.using(name)
	if !ok {
		return nil, NewError("UsingVariableIsUndefined", "InvalidOperation", nil,
			fmt.Sprintf("The value of the using variable '$using:%s' cannot be retrieved because it has not been set in the local session.", name))
	}
	return v, nil
}

// intrinsic reports the members every value has: Count, Length and
// psobject.
func intrinsic(name string) bool {
	switch strings.ToLower(name) {
	case "count", "length", "psobject":
		return true
	}
	return false
}

// hasProperty reports, for strict mode, whether an object has a property;
// values other than objects are not checked.
func hasProperty(x any, name string) bool {
	switch o := x.(type) {
	case *value.Object:
		return o.Has(name) || intrinsic(name)
	case *instance:
		_, ok := o.Property(name)
		return ok || intrinsic(name)
	}
	return true
}

// typeOf evaluates the left side of :: to a type name.
func (r *Runner) typeOf(ctx context.Context, sc *scope, f *syntax.File, x syntax.Expr) (string, error) {
	if t, ok := x.(*syntax.TypeExpr); ok {
		return r.types.resolve(t.Type), nil
	}
	v, err := r.eval(ctx, sc, f, x)
	if err != nil {
		return "", err
	}
	if t, ok := v.(value.Type); ok {
		return t.Name, nil
	}
	return value.TypeName(v), nil
}

func (r *Runner) invokeMethod(ctx context.Context, sc *scope, f *syntax.File, e *syntax.InvokeExpr) (any, error) {
	name, err := r.memberName(ctx, sc, f, e.Member)
	if err != nil {
		return nil, err
	}
	if e.Static {
		args, err := r.methodArgs(ctx, sc, f, e.Args)
		if err != nil {
			return nil, err
		}
		t, err := r.typeOf(ctx, sc, f, e.X)
		if err != nil {
			return nil, err
		}
		if strings.EqualFold(name, "new") && isExceptionType(t) {
			return newException(t, args), nil
		}
		if strings.EqualFold(name, "new") && isErrorRecordType(t) {
			return newErrorRecord(args)
		}
		if ct := r.types.lookup(t); ct != nil {
			return r.staticCall(ctx, ct, name, args)
		}
		if v, ok, err := r.systemEnumCall(t, name, args); ok {
			return v, err
		}
		t = r.types.generic(t)
		v, err := value.CallStatic(t, name, args)
		var verr *value.Error
		if strings.EqualFold(name, "new") && errors.As(err, &verr) && (verr.ID == "TypeNotFound" || verr.ID == "MethodNotFound") {
			// The types modules give New-Object are built by ::new too.
			if ctor := r.reg.Constructor(t); ctor != nil {
				return ctor(args)
			}
		}
		return v, err
	}
	// The object comes before the arguments, so that $x?.M(...) skips
	// the arguments too when $x is $null.
	x, err := r.eval(ctx, sc, f, e.X)
	if err != nil || x == nil && e.NullConditional {
		return nil, err
	}
	args, err := r.methodArgs(ctx, sc, f, e.Args)
	if err != nil {
		return nil, err
	}
	if v, handled, err := r.scriptMethod(ctx, sc, x, name, args); handled {
		return v, err
	}
	return value.CallMethod(x, name, args)
}

// methodArgs evaluates the arguments of a method call.
func (r *Runner) methodArgs(ctx context.Context, sc *scope, f *syntax.File, exprs []syntax.Expr) ([]any, error) {
	args := make([]any, len(exprs))
	for i, a := range exprs {
		v, err := r.eval(ctx, sc, f, a)
		if err != nil {
			return nil, err
		}
		args[i] = v
	}
	return args, nil
}

// scriptMethod runs the methods that need the interpreter: a script block's
// Invoke, and the .Where() and .ForEach() methods of collections.
func (r *Runner) scriptMethod(ctx context.Context, sc *scope, x any, name string, args []any) (any, bool, error) {
	switch o := x.(type) {
	case *psCmdlet:
		v, err := r.cmdletMethod(ctx, o, name, args)
		return v, true, err
	case *instance:
		return r.instanceCall(ctx, o, name, args)
	case value.Type:
		if ct := r.types.lookup(o.Name); ct != nil && ct.enum != nil {
			switch strings.ToLower(name) {
			case "getenumnames":
				v, err := enumStatic(ct.enum, "GetNames", nil)
				return v, true, err
			case "getenumvalues":
				v, err := enumStatic(ct.enum, "GetValues", nil)
				return v, true, err
			}
		}
	}
	if b, ok := x.(*ScriptBlock); ok {
		switch strings.ToLower(name) {
		case "invoke", "invokereturnasis":
			v, err := r.collect(func(emit emitFn) error {
				return r.invokeBlock(ctx, sc, b, nil, args, emit)
			})
			return v, true, err
		}
		return nil, false, nil
	}
	lname := strings.ToLower(name)
	if lname != "where" && lname != "foreach" || len(args) == 0 {
		return nil, false, nil
	}
	b, ok := args[0].(*ScriptBlock)
	if !ok {
		return nil, false, nil
	}
	items, ok := value.Enumerate(x)
	if !ok {
		items = []any{x}
		if x == nil {
			items = nil
		}
	}
	out := []any{}
	h := newHereBlock(r, sc, b)
	if lname == "where" {
		var t value.Truth
		emit := t.Emit
		for _, it := range items {
			t.Reset()
			if err := h.run(ctx, it, nil, emit); err != nil {
				return nil, true, err
			}
			if t.Value() {
				out = append(out, it)
			}
		}
		return out, true, nil
	}
	var res []any
	collect := func(v any) error {
		res = append(res, v)
		return nil
	}
	for _, it := range items {
		res = res[:0]
		if err := h.run(ctx, it, nil, collect); err != nil {
			return nil, true, err
		}
		if len(res) == 1 {
			if vs, ok := value.Enumerate(res[0]); ok {
				out = append(out, vs...)
				continue
			}
		}
		for _, v := range res {
			if v != nil || len(res) > 1 {
				out = append(out, v)
			}
		}
	}
	return out, true, nil
}

// assign runs an assignment statement and returns the value assigned.
func (r *Runner) assign(ctx context.Context, sc *scope, f *syntax.File, st *syntax.AssignStmt) (any, error) {
	if st.Op == "??=" {
		// The value is computed only when the target is $null.
		old, err := r.eval(ctx, sc, f, st.Target)
		if err != nil || old != nil {
			return old, err
		}
	}
	v, nothing, err := r.stmtOutput(ctx, sc, f, st.Value)
	if err != nil {
		return nil, err
	}
	if st.Op != "=" && st.Op != "??=" {
		old, err := r.eval(ctx, sc, f, st.Target)
		if err != nil {
			return nil, err
		}
		if nothing && st.Op == "+=" {
			return old, nil
		}
		if v, _, err = value.Binary(strings.TrimSuffix(st.Op, "="), old, v); err != nil {
			return nil, withPosition(err, f, st.Extent())
		}
	}
	if err := r.store(ctx, sc, f, st.Target, v); err != nil {
		return nil, withPosition(err, f, st.Target.Extent())
	}
	if nothing && st.Op == "=" {
		if ve, ok := st.Target.(*syntax.VariableExpr); ok {
			if vr := sc.lookup(scopedName(ve)); vr != nil && vr.value == nil {
				vr.empty = true
			}
		}
	}
	return v, nil
}

// scopedName is a variable's name with its scope modifier.
func scopedName(e *syntax.VariableExpr) string {
	if e.Scope != "" {
		return e.Scope + ":" + e.Name
	}
	return e.Name
}

// stmtOutput is stmtValue that also reports when the statement output
// nothing at all: a command or pipeline with no output, or a variable
// holding such nothing.
func (r *Runner) stmtOutput(ctx context.Context, sc *scope, f *syntax.File, st syntax.Stmt) (any, bool, error) {
	if x := loneExpr(st); x != nil {
		v, err := r.eval(ctx, sc, f, x)
		return v, r.isNothing(sc, x), err
	}
	if as, ok := st.(*syntax.AssignStmt); ok {
		v, err := r.assign(ctx, sc, f, as)
		return v, false, err
	}
	var out []any
	err := r.execStmt(ctx, sc, f, st, func(v any) error {
		out = append(out, v)
		return nil
	})
	return collapse(out), len(out) == 0 && err == nil, err
}

// isNothing reports whether an expression is a variable that holds the
// output of a command that output nothing.
func (r *Runner) isNothing(sc *scope, x syntax.Expr) bool {
	ve, ok := x.(*syntax.VariableExpr)
	if !ok || ve.Scope == "env" {
		return false
	}
	v := sc.lookup(scopedName(ve))
	return v != nil && v.empty && v.value == nil
}

// store assigns v to an assignable expression.
func (r *Runner) store(ctx context.Context, sc *scope, f *syntax.File, target syntax.Expr, v any) error {
	switch t := target.(type) {
	case *syntax.VariableExpr:
		name := t.Name
		if strings.EqualFold(name, "null") && t.Scope == "" {
			return nil
		}
		if t.Scope != "" {
			name = t.Scope + ":" + name
		}
		return sc.set(name, v)
	case *syntax.ConvertExpr:
		if ve, ok := t.X.(*syntax.VariableExpr); ok {
			name := ve.Name
			if ve.Scope != "" {
				name = ve.Scope + ":" + name
			}
			return sc.setTyped(name, t.Type, v)
		}
	case *syntax.MemberExpr:
		name, err := r.memberName(ctx, sc, f, t.Member)
		if err != nil {
			return err
		}
		if t.Static {
			tn, err := r.typeOf(ctx, sc, f, t.X)
			if err != nil {
				return err
			}
			if ct := r.types.lookup(tn); ct != nil {
				return r.setStatic(ct, name, v)
			}
		}
		x, err := r.eval(ctx, sc, f, t.X)
		if err != nil {
			return err
		}
		return value.SetMember(x, name, v)
	case *syntax.IndexExpr:
		x, err := r.eval(ctx, sc, f, t.X)
		if err != nil {
			return err
		}
		idx, err := r.eval(ctx, sc, f, t.Index)
		if err != nil {
			return err
		}
		return value.SetIndex(x, idx, v)
	case *syntax.ArrayLiteral:
		items, ok := value.Enumerate(v)
		if !ok {
			items = []any{v}
		}
		for i, el := range t.Elems {
			var part any
			switch {
			case i == len(t.Elems)-1 && len(items) > i+1:
				part = append([]any(nil), items[i:]...)
			case i < len(items):
				part = items[i]
			}
			if err := r.store(ctx, sc, f, el, part); err != nil {
				return err
			}
		}
		return nil
	case *syntax.ParenExpr:
		if x := loneExpr(t.X); x != nil {
			return r.store(ctx, sc, f, x, v)
		}
	}
	return NewError("InvalidLeftHandSide", "ParserError", nil,
		"The assignment expression is not valid. The input to an assignment operator must be an object that is able to accept assignments, such as a variable or a property.")
}
