package interp

import (
	"context"

	"licsh/shell/syntax"
	"licsh/shell/value"
)

// ternary evaluates `cond ? then : else`; the branch not taken never runs,
// so it may hold calls that would fail or have side effects.
func (r *Runner) ternary(ctx context.Context, sc *scope, f *syntax.File, e *syntax.TernaryExpr) (any, error) {
	c, err := r.eval(ctx, sc, f, e.Cond)
	if err != nil {
		return nil, err
	}
	if value.ToBool(c) {
		return r.eval(ctx, sc, f, e.Then)
	}
	return r.eval(ctx, sc, f, e.Else)
}
