package builtins

import (
	"slices"
	"strings"

	"licsh/builtins/batch"
	"licsh/builtins/compat/azuread"
	"licsh/builtins/compat/exchange"
	"licsh/builtins/compat/graph"
	"licsh/builtins/compat/msol"
	"licsh/builtins/core"
	"licsh/builtins/graphserver"
	"licsh/builtins/importexcel"
	"licsh/builtins/m365"
	"licsh/builtins/powershellget"
	"licsh/shell/interp"
)

// Modules returns every module licsh has built in, those of the tenant
// working on ts: the only list of them.
func Modules(ts *m365.Session) []*interp.Module {
	mods := slices.Concat(
		core.Modules(),
		[]*interp.Module{importexcel.Module(), m365.Module(ts), batch.Module(ts), graphserver.Module(ts)},
		graph.Modules(ts),
		[]*interp.Module{msol.Module(ts), azuread.Module(ts), exchange.Module(ts)},
		[]*interp.Module{powershellget.Module(), powershellget.PackageModule()},
	)
	return append(mods, umbrellas(mods)...)
}

// umbrellas are the modules that stand for others, as in the PowerShell
// Gallery: Microsoft.Graph has no commands of its own and imports every
// Microsoft.Graph module but the beta ones, which Microsoft.Graph.Beta
// imports; AzureADPreview has AzureAD's cmdlets, so it
// imports AzureAD. Each Microsoft.Graph module requires
// Microsoft.Graph.Authentication, as its manifest does.
func umbrellas(mods []*interp.Module) []*interp.Module {
	graphAll := &interp.Module{Name: "Microsoft.Graph",
		Description: "Microsoft Graph PowerShell: imports each Microsoft.Graph module licsh has."}
	graphBeta := &interp.Module{Name: "Microsoft.Graph.Beta",
		Description: "Microsoft Graph PowerShell's beta cmdlets: imports each Microsoft.Graph.Beta module licsh has."}
	preview := &interp.Module{Name: "AzureADPreview",
		Description: "The preview of the AzureAD module: imports AzureAD, whose cmdlets it has.", Requires: []string{"AzureAD"}}
	for _, m := range mods {
		switch {
		case strings.HasPrefix(m.Name, "Microsoft.Graph."):
			umbrella := graphAll
			if strings.HasPrefix(m.Name, "Microsoft.Graph.Beta.") {
				umbrella = graphBeta
			}
			umbrella.Requires = append(umbrella.Requires, m.Name)
			umbrella.Version = m.Version
			if m.Name != "Microsoft.Graph.Authentication" {
				m.Requires = append(m.Requires, "Microsoft.Graph.Authentication")
			}
		case m.Name == "AzureAD":
			preview.Version = m.Version
		}
	}
	return []*interp.Module{graphAll, graphBeta, preview}
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
