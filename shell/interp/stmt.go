package interp

import (
	"context"
	"strings"

	"licsh/shell/syntax"
	"licsh/shell/value"
)

// emitFn receives the objects a statement outputs.
type emitFn = func(any) error

// execStmts runs statements in order. An error that ends only its statement
// (a cmdlet's terminating error, a failed conversion) is reported and the
// next statement runs, unless a try block is waiting for it; script-ending
// errors and flow control go up to the caller.
func (r *Runner) execStmts(ctx context.Context, sc *scope, f *syntax.File, stmts []syntax.Stmt, emit emitFn) error {
	if hasTypeDefs(stmts) {
		if err := r.defineTypes(ctx, sc, f, stmts); err != nil {
			return err
		}
	}
	traps := trapsIn(stmts)
	if len(traps) > 0 {
		r.trapDepth++
		defer func() { r.trapDepth-- }()
	}
	for _, st := range stmts {
		if err := ctx.Err(); err != nil {
			return errCancelled
		}
		err := r.execStmt(ctx, sc, f, st, emit)
		if err == nil {
			continue
		}
		if isFlow(err) || isCancel(err) {
			return err
		}
		rec := withPosition(err, f, st.Extent())
		if trap := matchTrap(traps, rec); trap != nil {
			if err := r.runTrap(ctx, sc, f, trap, rec, emit); err != nil {
				return err
			}
			continue
		}
		if rec.fatal || r.tryDepth > 0 || r.trapDepth > 0 {
			return rec
		}
		if preference(sc, "ErrorActionPreference") == actionStop {
			rec.fatal = true
			return rec
		}
		r.report(rec)
	}
	return nil
}

// hasTypeDefs reports whether a block defines classes or enums or has
// using statements.
func hasTypeDefs(stmts []syntax.Stmt) bool {
	for _, st := range stmts {
		switch st.(type) {
		case *syntax.TypeDef, *syntax.UsingStmt:
			return true
		}
	}
	return false
}

// trapsIn returns the trap statements of a block; they apply to the whole
// block wherever they stand in it.
func trapsIn(stmts []syntax.Stmt) []*syntax.TrapStmt {
	var traps []*syntax.TrapStmt
	for _, st := range stmts {
		if t, ok := st.(*syntax.TrapStmt); ok {
			traps = append(traps, t)
		}
	}
	return traps
}

// matchTrap finds the trap that takes the error: one for its type first,
// then a trap for every error.
func matchTrap(traps []*syntax.TrapStmt, rec *ErrorRecord) *syntax.TrapStmt {
	var any *syntax.TrapStmt
	for _, t := range traps {
		if t.Type == "" {
			if any == nil {
				any = t
			}
			continue
		}
		if rec.Exception.isA(t.Type) {
			return t
		}
	}
	return any
}

// runTrap runs a trap's body for an error. With continue the error is
// dropped and the block goes on; with break it ends the script; otherwise
// it is shown and the block goes on.
func (r *Runner) runTrap(ctx context.Context, sc *scope, f *syntax.File, t *syntax.TrapStmt, rec *ErrorRecord, emit emitFn) error {
	saved := sc.under
	sc.under = &variable{name: "_", value: rec}
	err := r.execStmts(ctx, sc, f, t.Body.Stmts, emit)
	sc.under = saved
	switch err.(type) {
	case nil:
		r.report(rec)
		return nil
	case *continueFlow:
		r.recordError(rec)
		return nil
	case *breakFlow:
		rec.fatal = true
		return rec
	}
	return err
}

func (r *Runner) execStmt(ctx context.Context, sc *scope, f *syntax.File, st syntax.Stmt, emit emitFn) error {
	switch st := st.(type) {
	case *syntax.PipelineStmt:
		return r.execPipelineStmt(ctx, sc, f, st, emit)
	case *syntax.AssignStmt:
		_, err := r.assign(ctx, sc, f, st)
		return err
	case *syntax.IfStmt:
		return r.execIf(ctx, sc, f, st, emit)
	case *syntax.ForeachStmt:
		return r.execForeach(ctx, sc, f, st, emit)
	case *syntax.ForStmt:
		return r.execFor(ctx, sc, f, st, emit)
	case *syntax.WhileStmt:
		return r.loop(ctx, sc, f, st.Label, st.Body, emit, func() (bool, error) {
			return r.cond(ctx, sc, f, st.Cond)
		}, nil, true)
	case *syntax.DoStmt:
		return r.loop(ctx, sc, f, st.Label, st.Body, emit, func() (bool, error) {
			ok, err := r.cond(ctx, sc, f, st.Cond)
			return ok != st.Until, err
		}, nil, false)
	case *syntax.SwitchStmt:
		return r.execSwitch(ctx, sc, f, st, emit)
	case *syntax.BreakStmt:
		return &breakFlow{label: st.Label}
	case *syntax.ContinueStmt:
		return &continueFlow{label: st.Label}
	case *syntax.ReturnStmt:
		if sc.method {
			var v any
			if st.Value != nil {
				var err error
				if v, err = r.stmtValue(ctx, sc, f, st.Value); err != nil {
					return err
				}
			}
			return &returnFlow{value: v}
		}
		if st.Value != nil {
			if err := r.execStmt(ctx, sc, f, st.Value, emit); err != nil {
				return err
			}
		}
		return &returnFlow{}
	case *syntax.ExitStmt:
		return r.execExit(ctx, sc, f, st)
	case *syntax.ThrowStmt:
		return r.execThrow(ctx, sc, f, st)
	case *syntax.TryStmt:
		return r.execTry(ctx, sc, f, st, emit)
	case *syntax.TrapStmt, *syntax.TypeDef, *syntax.UsingStmt:
		return nil
	case *syntax.FunctionDef:
		sc.defineFunction(r.functionCmdlet(st, f, sc))
		return nil
	}
	return NewError("NotSupported", "NotImplemented", nil, "This statement is not supported.")
}

// execPipelineStmt runs a pipeline, and the pipelines chained to it with
// && and || according to $?.
func (r *Runner) execPipelineStmt(ctx context.Context, sc *scope, f *syntax.File, st *syntax.PipelineStmt, emit emitFn) error {
	if err := r.runStatementPipeline(ctx, sc, f, st.Pipeline, emit); err != nil {
		return err
	}
	for _, link := range st.Chain {
		if (link.Op == "&&") != r.lastOK {
			continue
		}
		if err := r.runStatementPipeline(ctx, sc, f, link.Pipeline, emit); err != nil {
			return err
		}
	}
	return nil
}

// runStatementPipeline runs a pipeline used as a statement. A lone
// expression that only has an effect (++, a void method call, a [void]
// cast) outputs nothing, as in PowerShell.
func (r *Runner) runStatementPipeline(ctx context.Context, sc *scope, f *syntax.File, p *syntax.Pipeline, emit emitFn) error {
	if len(p.Elements) == 1 {
		if ce, ok := p.Elements[0].(*syntax.CommandExpr); ok {
			before := r.failures
			v, err := r.eval(ctx, sc, f, ce.X)
			if err != nil {
				return err
			}
			r.lastOK = r.failures == before
			if silentExpr(ce.X, v) || r.isNothing(sc, ce.X) {
				return nil
			}
			if out, err := r.exprRedirect(ctx, sc, f, ce); out != nil || err != nil {
				if err != nil {
					return err
				}
				out.items = enumerateOrOne(v)
				return out.close()
			}
			return emitAll(v, emit)
		}
	}
	return r.runPipeline(ctx, sc, f, p, emit)
}

// silentExpr reports whether an expression statement outputs nothing.
func silentExpr(x syntax.Expr, v any) bool {
	switch x := x.(type) {
	case *syntax.UnaryExpr:
		return x.Op == "++" || x.Op == "--"
	case *syntax.ConvertExpr:
		return strings.EqualFold(x.Type, "void")
	case *syntax.InvokeExpr:
		return v == nil
	}
	return false
}

// emitAll outputs a value, unrolling a collection one level.
func emitAll(v any, emit emitFn) error {
	if items, ok := value.Enumerate(v); ok {
		for _, it := range items {
			if err := emit(it); err != nil {
				return err
			}
		}
		return nil
	}
	return emit(v)
}

func (r *Runner) execIf(ctx context.Context, sc *scope, f *syntax.File, st *syntax.IfStmt, emit emitFn) error {
	for _, cl := range st.Clauses {
		ok, err := r.cond(ctx, sc, f, cl.Cond)
		if err != nil {
			return err
		}
		if ok {
			return r.execStmts(ctx, sc, f, cl.Body.Stmts, emit)
		}
	}
	if st.Else != nil {
		return r.execStmts(ctx, sc, f, st.Else.Stmts, emit)
	}
	return nil
}

// cond evaluates a condition for its truth; a nil condition is true.
func (r *Runner) cond(ctx context.Context, sc *scope, f *syntax.File, st syntax.Stmt) (bool, error) {
	if st == nil {
		return true, nil
	}
	v, err := r.stmtValue(ctx, sc, f, st)
	if err != nil {
		return false, err
	}
	return value.ToBool(v), nil
}

// loopControl decides what a loop does with an error from its body: stop
// (break), go on (continue), or pass it up.
func loopControl(label string, err error) (stop bool, pass error) {
	switch e := err.(type) {
	case nil:
		return false, nil
	case *breakFlow:
		if e.label == "" || strings.EqualFold(e.label, label) {
			return true, nil
		}
	case *continueFlow:
		if e.label == "" || strings.EqualFold(e.label, label) {
			return false, nil
		}
	}
	return true, err
}

// loop runs body while cond holds, checking first (while, for) or after
// the first pass (do); step runs after each pass.
func (r *Runner) loop(ctx context.Context, sc *scope, f *syntax.File, label string, body *syntax.Block, emit emitFn,
	cond func() (bool, error), step func() error, checkFirst bool) error {
	for first := true; ; first = false {
		if checkFirst || !first {
			ok, err := cond()
			if err != nil {
				return err
			}
			if !ok {
				return nil
			}
		}
		stop, err := loopControl(label, r.execStmts(ctx, sc, f, body.Stmts, emit))
		if stop {
			return err
		}
		if step != nil {
			if err := step(); err != nil {
				return err
			}
		}
	}
}

func (r *Runner) execFor(ctx context.Context, sc *scope, f *syntax.File, st *syntax.ForStmt, emit emitFn) error {
	if st.Init != nil {
		if err := r.execStmt(ctx, sc, f, st.Init, discard); err != nil {
			return err
		}
	}
	var step func() error
	if st.Step != nil {
		step = func() error { return r.execStmt(ctx, sc, f, st.Step, discard) }
	}
	return r.loop(ctx, sc, f, st.Label, st.Body, emit, func() (bool, error) {
		return r.cond(ctx, sc, f, st.Cond)
	}, step, true)
}

func discard(any) error { return nil }

func (r *Runner) execForeach(ctx context.Context, sc *scope, f *syntax.File, st *syntax.ForeachStmt, emit emitFn) error {
	v, err := r.stmtValue(ctx, sc, f, st.In)
	if err != nil {
		return err
	}
	items, ok := value.Enumerate(v)
	if !ok {
		if v == nil {
			return nil
		}
		items = []any{v}
	}
	for _, it := range items {
		if err := sc.set(st.Variable, it); err != nil {
			return err
		}
		stop, err := loopControl(st.Label, r.execStmts(ctx, sc, f, st.Body.Stmts, emit))
		if stop {
			return err
		}
	}
	return nil
}

func (r *Runner) execSwitch(ctx context.Context, sc *scope, f *syntax.File, st *syntax.SwitchStmt, emit emitFn) error {
	subject, err := r.switchSubject(ctx, sc, f, st)
	if err != nil {
		return err
	}
	saved := sc.valueOf("_")
	defer sc.setLocal("_", saved)
	for _, item := range subject {
		sc.setLocal("_", item)
		sc.setLocal("PSItem", item)
		done, err := r.switchItem(ctx, sc, f, st, item, emit)
		if done || err != nil {
			return err
		}
	}
	return nil
}

// switchItem runs the clauses that match one item; done is set when a
// break ends the whole switch.
func (r *Runner) switchItem(ctx context.Context, sc *scope, f *syntax.File, st *syntax.SwitchStmt, item any, emit emitFn) (done bool, err error) {
	run := func(body *syntax.Block) (next bool, done bool, err error) {
		switch e := r.execStmts(ctx, sc, f, body.Stmts, emit).(type) {
		case nil:
			return false, false, nil
		case *breakFlow:
			if e.label == "" || strings.EqualFold(e.label, st.Label) {
				return true, true, nil
			}
			return true, true, e
		case *continueFlow:
			if e.label == "" || strings.EqualFold(e.label, st.Label) {
				return true, false, nil
			}
			return true, true, e
		default:
			return true, true, e
		}
	}
	matched := false
	for _, cl := range st.Clauses {
		ok, err := r.switchMatch(ctx, sc, f, st, cl.Pattern, item)
		if err != nil {
			return true, err
		}
		if !ok {
			continue
		}
		matched = true
		if next, done, err := run(cl.Body); next {
			return done, err
		}
	}
	if !matched && st.Default != nil {
		_, done, err := run(st.Default)
		return done, err
	}
	return false, nil
}

// switchSubject is what a switch iterates: the items of a collection, the
// lines of a file with -File, or the one value.
func (r *Runner) switchSubject(ctx context.Context, sc *scope, f *syntax.File, st *syntax.SwitchStmt) ([]any, error) {
	v, err := r.stmtValue(ctx, sc, f, st.Subject)
	if err != nil {
		return nil, err
	}
	if st.File {
		return readLines(r.resolvePath(value.ToString(v)))
	}
	if items, ok := value.Enumerate(v); ok {
		return items, nil
	}
	return []any{v}, nil
}

// switchMatch tests one switch clause against the current item.
func (r *Runner) switchMatch(ctx context.Context, sc *scope, f *syntax.File, st *syntax.SwitchStmt, pattern syntax.Expr, item any) (bool, error) {
	if sb, ok := pattern.(*syntax.ScriptBlockExpr); ok {
		out, err := r.collect(func(emit emitFn) error {
			return r.runCall(ctx, sc, f, sb.Body.End, emit)
		})
		if err != nil {
			return false, err
		}
		return value.ToBool(out), nil
	}
	p, err := r.eval(ctx, sc, f, pattern)
	if err != nil {
		return false, err
	}
	cs := "-i"
	if st.CaseSensitive {
		cs = "-c"
	}
	switch {
	case st.Regex:
		res, matches, err := value.Binary(cs+"match", value.ToString(item), value.ToString(p))
		if err != nil {
			return false, err
		}
		if matches != nil {
			sc.setLocal("Matches", matches)
		}
		return value.ToBool(res), nil
	case st.Wildcard:
		return value.Like(value.ToString(item), value.ToString(p), st.CaseSensitive), nil
	}
	if s, ok := item.(string); ok {
		if st.CaseSensitive {
			return s == value.ToString(p), nil
		}
		return strings.EqualFold(s, value.ToString(p)), nil
	}
	return value.Equal(item, p, st.CaseSensitive), nil
}

func (r *Runner) execExit(ctx context.Context, sc *scope, f *syntax.File, st *syntax.ExitStmt) error {
	code := 0
	if st.Code != nil {
		v, err := r.stmtValue(ctx, sc, f, st.Code)
		if err != nil {
			return err
		}
		n, err := value.Convert(v, "int")
		if err == nil && n != nil {
			code = n.(int)
		}
	}
	return &exitFlow{code: code}
}

func (r *Runner) execThrow(ctx context.Context, sc *scope, f *syntax.File, st *syntax.ThrowStmt) error {
	var v any
	if st.Value != nil {
		var err error
		if v, err = r.stmtValue(ctx, sc, f, st.Value); err != nil {
			return err
		}
	} else if cur, ok := sc.valueOf("_").(*ErrorRecord); ok {
		v = cur
	}
	var rec *ErrorRecord
	switch x := v.(type) {
	case *ErrorRecord:
		c := *x
		rec = &c
	case *Exception:
		rec = &ErrorRecord{Exception: x, ID: shortType(x.Type), Category: "OperationStopped", Target: v}
	case nil:
		rec = NewError("ScriptHalted", "OperationStopped", nil, "ScriptHalted")
	default:
		msg := value.ToString(v)
		rec = NewError(msg, "OperationStopped", v, msg)
	}
	rec.fatal, rec.thrown = true, true
	rec.Command = ""
	if rec.file == nil || st.Value == nil {
		rec.file, rec.span = f, st.Extent()
	}
	return rec
}

func (r *Runner) execTry(ctx context.Context, sc *scope, f *syntax.File, st *syntax.TryStmt, emit emitFn) (err error) {
	if st.Finally != nil {
		defer func() {
			ferr := r.execStmts(ctx, sc, f, st.Finally.Stmts, emit)
			if ferr != nil {
				err = ferr
			}
		}()
	}
	r.tryDepth++
	err = r.execStmts(ctx, sc, f, st.Body.Stmts, emit)
	r.tryDepth--
	if err == nil || isFlow(err) {
		return err
	}
	rec := asRecord(err)
	if isCancel(err) {
		return err
	}
	for _, c := range st.Catches {
		if !catches(c, rec) {
			continue
		}
		r.recordError(rec)
		saved := sc.valueOf("_")
		sc.setLocal("_", rec)
		sc.setLocal("PSItem", rec)
		err = r.execStmts(ctx, sc, f, c.Body.Stmts, emit)
		sc.setLocal("_", saved)
		sc.setLocal("PSItem", saved)
		return err
	}
	return rec
}

// catches reports whether a catch clause takes the error.
func catches(c *syntax.CatchClause, rec *ErrorRecord) bool {
	if len(c.Types) == 0 {
		return true
	}
	for _, t := range c.Types {
		if rec.Exception.isA(t) {
			return true
		}
	}
	return false
}
