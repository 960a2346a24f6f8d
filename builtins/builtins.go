package builtins

import (
	"slices"

	"licsh/builtins/batch"
	"licsh/builtins/compat/azuread"
	"licsh/builtins/compat/graph"
	"licsh/builtins/compat/msol"
	"licsh/builtins/core"
	"licsh/builtins/graphserver"
	"licsh/builtins/importexcel"
	"licsh/builtins/m365"
	"licsh/shell/interp"
)

// Modules returns every module licsh has built in, those of the tenant
// working on ts: the only list of them.
func Modules(ts *m365.Session) []*interp.Module {
	return slices.Concat(
		core.Modules(),
		[]*interp.Module{importexcel.Module(), m365.Module(ts), batch.Module(ts), graphserver.Module(ts)},
		graph.Modules(ts),
		[]*interp.Module{msol.Module(ts), azuread.Module(ts)},
	)
}

// Register adds every built-in module to reg, on the tenant of ts. It
// fails only on a defect of the declarations, which the tests find.
func Register(reg *interp.Registry, ts *m365.Session) error {
	for _, m := range Modules(ts) {
		if err := reg.AddModule(m); err != nil {
			return err
		}
	}
	return nil
}
