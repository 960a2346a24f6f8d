package interp

import (
	"context"
	"sort"

	"licsh/shell/cmdlet"

	"licsh/shell/syntax"
)

// Eval runs script text in the global scope and returns what it outputs
// instead of showing it, as the interactive shell does to call the user's
// prompt function. A terminating error is returned, not shown; $? and the
// exit state of the last entry are left as they were, so a prompt can show
// them.
func (r *Runner) Eval(ctx context.Context, src string) ([]any, error) {
	f, err := syntax.Parse("", src)
	if err != nil {
		return nil, err
	}
	savedOK, savedExited := r.lastOK, r.exited
	defer func() { r.lastOK, r.exited = savedOK, savedExited }()
	var out []any
	err = r.runScriptBody(ctx, r.global, &ScriptBlock{Body: f.Body, File: f}, func(v any) error {
		out = append(out, v)
		return nil
	})
	return out, err
}

// Commands returns every command the session can run: the cmdlets and the
// global functions.
func (r *Runner) Commands() []*cmdlet.Cmdlet { return r.commands(r.global) }

// Command finds a command by name or alias as the session resolves it: a
// global function first, then a cmdlet. It returns nil for an unknown name.
func (r *Runner) Command(name string) *cmdlet.Cmdlet { return r.resolveCommand(r.global, name) }

// VariableNames returns the names of the global variables, sorted.
func (r *Runner) VariableNames() []string {
	names := make([]string, 0, len(r.global.vars))
	r.global.each(func(_ string, v *variable) {
		names = append(names, v.name)
	})
	sort.Strings(names)
	return names
}
