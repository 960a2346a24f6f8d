package interp

import (
	"context"

	"licsh/shell/syntax"
)

// maxCallDepth is how many calls may be in progress at once: functions,
// script blocks, the blocks of ForEach-Object and Where-Object, methods,
// scripts and the commands Go cmdlets run, nested in one another. pwsh
// stops a runaway recursion when its thread's stack runs short, a few
// thousand calls deep; licsh stops it at a fixed depth of the same order,
// which no real script reaches (walking a tree a hundred levels deep
// through a function and ForEach-Object takes two hundred). A call takes
// 2 to 7 KB of Go stack (TestCallDepthFitsTheStack and
// TestRecursionThroughGoCmdlets measure it), so the limit holds the stack
// to some tens of megabytes, far from the gigabyte at which Go would end
// the whole process.
const maxCallDepth = 3000

// runCall runs the statements of a call (see enter).
func (r *Runner) runCall(ctx context.Context, sc *scope, f *syntax.File, stmts []syntax.Stmt, emit emitFn) error {
	if err := r.enter(); err != nil {
		return err
	}
	defer r.leave()
	return r.execStmts(ctx, sc, f, stmts, emit)
}

// enter counts a call starting, refusing it with pwsh's error when
// maxCallDepth calls are in progress already; leave counts it ended.
func (r *Runner) enter() error {
	if r.depth >= maxCallDepth {
		return callDepthOverflow()
	}
	r.depth++
	return nil
}

func (r *Runner) leave() { r.depth-- }

// callDepthOverflow is pwsh's error for a call past the limit: a
// ScriptCallDepthException inside the RuntimeException the statement
// fails with, so that a catch of either type takes it. Its target is 0,
// the call depth pwsh's exception reports since its limit became the
// stack's.
func callDepthOverflow() *ErrorRecord {
	const msg = "The script failed due to call depth overflow."
	rec := NewError("CallDepthOverflow", "InvalidOperation", 0, msg)
	rec.Exception.Inner = &Exception{Type: "System.Management.Automation.ScriptCallDepthException", Message: msg}
	rec.engine = true
	return rec
}
