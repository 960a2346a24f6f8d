package core

import (
	"licsh/shell/cmdlet"
	"licsh/shell/format"
	"licsh/shell/interp"
	"licsh/shell/value"
)

// typeModuleInfo is the type name of Get-Module's objects, as in pwsh.
const typeModuleInfo = "System.Management.Automation.PSModuleInfo"

func getModuleCmdlet() *cmdlet.Cmdlet {
	return &cmdlet.Cmdlet{
		Name:        "Get-Module",
		Module:      modCore,
		Aliases:     []string{"gmo"},
		Synopsis:    "List the modules imported in the current session or that can be imported from the PSModulePath.",
		Description: "Get-Module lists the modules of the session: PowerShell's own, licsh's, the Microsoft modules licsh has built in and those of Go cmdlets, with their versions and the commands each exports. Wildcards in -Name pick some.",
		Params: []*cmdlet.Param{
			{Name: "Name", Type: cmdlet.Strings, Position: 1, ValueFromPipeline: true, Help: "The modules to list; wildcards are allowed."},
			{Name: "ListAvailable", Type: cmdlet.Switch, Help: "Lists the modules that can be used; in licsh, those of the session."},
			{Name: "All", Type: cmdlet.Switch, Help: "Accepted; every module is listed."},
		},
		Examples: []cmdlet.Example{
			{Code: "Get-Module Microsoft.Graph*", Remarks: "The Microsoft Graph modules licsh has."},
			{Code: "(Get-Module MSOnline).ExportedCommands.Keys", Remarks: "The MSOnline cmdlets."},
		},
		Outputs: typeModuleInfo,
		Process: getModule,
	}
}

func getModule(c cmdlet.Call) error {
	patterns := c.Strings("Name")
	reg := interp.Inner(c).Runner().Registry()
	for _, m := range reg.Modules() {
		if !matchesAny(m.Name, patterns) {
			continue
		}
		if err := c.Write(moduleInfo(reg, m)); err != nil {
			return err
		}
	}
	return nil
}

// moduleInfo is a module as Get-Module shows it: its commands keyed by
// name, as PSModuleInfo.ExportedCommands is.
func moduleInfo(reg *interp.Registry, m *interp.Module) *value.Object {
	commands := value.NewHashtable()
	commands.Ordered = true
	var names []any
	for _, c := range m.Cmdlets {
		commands.Set(c.Name, commandInfo(reg, c))
		names = append(names, c.Name)
	}
	o := value.NewObject(typeModuleInfo, "System.Object")
	o.Set("ModuleType", "Binary")
	o.Set("Version", m.Version)
	o.Set("Name", m.Name)
	o.Set("Description", m.Description)
	o.Set("ExportedCommands", commands)
	o.Set("ExportedCmdlets", names)
	return o
}

// moduleViews show modules as Get-Module lists them.
func moduleViews() []format.View {
	return []format.View{{TypeName: typeModuleInfo, Table: []string{"ModuleType", "Version", "Name", "ExportedCommands"}}}
}
