package core

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"licsh/shell/cmdlet"
	"licsh/shell/format"
	"licsh/shell/interp"
	"licsh/shell/value"
)

// typeModuleInfo is the type name of Get-Module's objects, as in pwsh.
const typeModuleInfo = "System.Management.Automation.PSModuleInfo"

func moduleCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{
		{
			Name:        "Get-Module",
			Module:      modCore,
			Aliases:     []string{"gmo"},
			Synopsis:    "List the modules imported in the current session or that can be imported from the PSModulePath.",
			Description: "Get-Module lists the modules the session imported: with Import-Module, by #requires -Modules, or by running one of their commands, as PowerShell imports a module when a command of it is first used. With -ListAvailable it lists every module licsh has built in: PowerShell's own, licsh's, the Microsoft modules and those of Go cmdlets, with their versions and the commands each exports. Wildcards in -Name pick some.",
			Params: []*cmdlet.Param{
				{Name: "Name", Type: cmdlet.Strings, Position: 1, ValueFromPipeline: true, Help: "The modules to list; wildcards are allowed."},
				{Name: "ListAvailable", Type: cmdlet.Switch, Help: "Lists every module licsh has built in, imported or not."},
				{Name: "All", Type: cmdlet.Switch, Help: "Accepted; every module is listed."},
				{Name: "Refresh", Type: cmdlet.Switch, Help: "Accepted; licsh's modules do not change while it runs."},
			},
			Examples: []cmdlet.Example{
				{Code: "Get-Module Microsoft.Graph* -ListAvailable", Remarks: "The Microsoft Graph modules licsh has."},
				{Code: "Import-Module MSOnline\nGet-Module", Remarks: "The modules imported so far: MSOnline and Microsoft.PowerShell.Core, whose Get-Module ran."},
				{Code: "(Get-Module MSOnline -ListAvailable).ExportedCommands.Keys", Remarks: "The MSOnline cmdlets."},
			},
			Outputs: typeModuleInfo,
			Process: getModule,
		},
		{
			Name:        "Import-Module",
			Module:      modCore,
			Aliases:     []string{"ipmo"},
			Synopsis:    "Adds modules to the current session.",
			Description: "Import-Module imports a module by name or by path. licsh's own modules (Microsoft.Graph and its parts, MSOnline, AzureAD, AzureADPreview, ImportExcel, the Microsoft.PowerShell modules) are built in: importing them only records them as imported. A script module (.psm1) or a manifest (.psd1), given by path or found by name next to the script, in the current folder or in $env:PSModulePath, is run in a scope of its own; the functions it exports (all of them, or those Export-ModuleMember and the manifest's FunctionsToExport name) become commands of the session, with the module as their Source. A module that does not parse is not loaded at all.",
			Params: []*cmdlet.Param{
				{Name: "Name", Type: cmdlet.Strings, Position: 1, Mandatory: true, ValueFromPipeline: true, ValueFromPipelineByPropertyName: true, Help: "The modules to import: names, or paths of .psm1 and .psd1 files."},
				{Name: "Force", Type: cmdlet.Switch, Help: "Loads a script module again even when it is imported already."},
				{Name: "PassThru", Type: cmdlet.Switch, Help: "Outputs the modules imported."},
				{Name: "RequiredVersion", Type: cmdlet.String, Help: "Imports the module only when it has exactly this version."},
				{Name: "MinimumVersion", Aliases: []string{"Version"}, Type: cmdlet.String, Help: "Imports the module only when its version is this or later."},
				{Name: "MaximumVersion", Type: cmdlet.String, Help: "Imports the module only when its version is this or earlier."},
				{Name: "Prefix", Type: cmdlet.String, Help: "Goes before the noun of each function a script module exports: Get-Thing becomes Get-PrefixThing."},
				{Name: "Global", Type: cmdlet.Switch, Help: "Accepted; modules are always imported into the session as a whole."},
				{Name: "Scope", Type: cmdlet.String, ValidateSet: []string{"Local", "Global"}, Help: "Accepted; modules are always imported into the session as a whole."},
				{Name: "DisableNameChecking", Type: cmdlet.Switch, Help: "Accepted; licsh does not warn about verbs."},
				{Name: "NoClobber", Type: cmdlet.Switch, Help: "Accepted."},
				{Name: "ArgumentList", Aliases: []string{"Args"}, Type: cmdlet.Objects, Help: "Accepted; script modules get no arguments."},
				{Name: "Function", Type: cmdlet.Strings, Help: "Accepted; every exported function is imported."},
				{Name: "Cmdlet", Type: cmdlet.Strings, Help: "Accepted; every exported command is imported."},
				{Name: "Variable", Type: cmdlet.Strings, Help: "Accepted; every exported variable is imported."},
				{Name: "Alias", Type: cmdlet.Strings, Help: "Accepted; aliases are not exported by script modules in licsh."},
				{Name: "UseWindowsPowerShell", Aliases: []string{"UseWinPS"}, Type: cmdlet.Switch, Help: "Accepted; licsh runs the modules itself."},
				{Name: "SkipEditionCheck", Type: cmdlet.Switch, Help: "Accepted."},
			},
			Examples: []cmdlet.Example{
				{Code: "Import-Module Microsoft.Graph.Users", Remarks: "Imports the Graph users module, which is built in."},
				{Code: "Import-Module MSOnline, AzureADPreview -Force", Remarks: "Imports two modules; AzureADPreview imports AzureAD, whose cmdlets it has."},
				{Code: "Set-Content tools.psm1 'function Get-Greeting { \"hello\" }'\nImport-Module ./tools.psm1\nGet-Greeting", Remarks: "Loads a script module of one's own and calls its function."},
			},
			Outputs: typeModuleInfo,
			Process: importModule,
		},
		{
			Name:        "Remove-Module",
			Module:      modCore,
			Aliases:     []string{"rmo"},
			Synopsis:    "Removes modules from the current session.",
			Description: "Remove-Module removes imported modules from the session: a script module's functions are no longer commands; one of licsh's modules is no longer listed by Get-Module until it is imported again or one of its commands runs.",
			Params: []*cmdlet.Param{
				{Name: "Name", Type: cmdlet.Strings, Position: 1, Mandatory: true, ValueFromPipeline: true, ValueFromPipelineByPropertyName: true, Help: "The modules to remove; wildcards are allowed."},
				{Name: "Force", Type: cmdlet.Switch, Help: "Accepted."},
			},
			SupportsShouldProcess: true,
			Examples: []cmdlet.Example{
				{Code: "Import-Module MSOnline\nRemove-Module MSOnline", Remarks: "Imports MSOnline and removes it again."},
			},
			Process: removeModule,
		},
		{
			Name:        "Export-ModuleMember",
			Module:      modCore,
			Synopsis:    "Specifies the module members that are exported.",
			Description: "Export-ModuleMember, inside a script module, names the functions (and variables) the module exports; once it is called, the functions it does not name stay private to the module.",
			Params: []*cmdlet.Param{
				{Name: "Function", Type: cmdlet.Strings, Position: 1, ValueFromPipeline: true, ValueFromPipelineByPropertyName: true, Help: "The functions to export; wildcards are allowed."},
				{Name: "Variable", Type: cmdlet.Strings, Help: "The variables to export, without the $."},
				{Name: "Alias", Type: cmdlet.Strings, Help: "Accepted; aliases are not exported."},
				{Name: "Cmdlet", Type: cmdlet.Strings, Help: "Accepted; a script module has no cmdlets of its own."},
			},
			Examples: []cmdlet.Example{
				{Code: "Set-Content greet.psm1 \"function Get-Greeting { hi }`nfunction hi { 'hello' }`nExport-ModuleMember -Function Get-Greeting\"\nImport-Module ./greet.psm1\nGet-Greeting", Remarks: "Exports Get-Greeting; hi stays private to the module."},
			},
			Process: func(c cmdlet.Call) error {
				return interp.Inner(c).ExportModuleMember(c.Strings("Function"), c.Strings("Variable"))
			},
		},
	}
}

func getModule(c cmdlet.Call) error {
	patterns := c.Strings("Name")
	in := interp.Inner(c)
	reg := in.Runner()
	mods := in.Runner().ImportedModules()
	if c.Switch("ListAvailable") {
		mods = reg.Registry().Modules()
	}
	for _, m := range mods {
		if !matchesAny(m.Name, patterns) {
			continue
		}
		if err := c.Write(moduleInfo(reg, m)); err != nil {
			return err
		}
	}
	return nil
}

func importModule(c cmdlet.Call) error {
	in := interp.Inner(c)
	opt := interp.ImportOptions{
		Force:           c.Switch("Force"),
		RequiredVersion: c.String("RequiredVersion"),
		MinimumVersion:  c.String("MinimumVersion"),
		MaximumVersion:  c.String("MaximumVersion"),
		Prefix:          c.String("Prefix"),
	}
	reg := in.Runner()
	for _, name := range c.Strings("Name") {
		if path := strings.ToLower(name); strings.HasSuffix(path, ".psm1") || strings.HasSuffix(path, ".psd1") {
			c.WriteVerbose(fmt.Sprintf("Loading module from path '%s'.", c.Path(name)))
		}
		mods, err := in.ImportModule(name, opt, c.Write)
		var rec *interp.ErrorRecord
		if errors.As(err, &rec) && strings.HasPrefix(rec.ID, "Modules_") {
			rec.ID = CommandID(rec.ID, c.Cmdlet().Name)
			if err := c.WriteError(rec); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return err
		}
		for _, m := range mods {
			if m.Path != "" {
				for _, f := range m.Cmdlets {
					c.WriteVerbose(fmt.Sprintf("Importing function '%s'.", f.Name))
				}
			}
			if c.Switch("PassThru") {
				if err := c.Write(moduleInfo(reg, m)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func removeModule(c cmdlet.Call) error {
	in := interp.Inner(c)
	var found []*interp.Module
	for _, m := range in.Runner().ImportedModules() {
		if matchesAny(m.Name, c.Strings("Name")) {
			found = append(found, m)
		}
	}
	if len(found) == 0 {
		rec := interp.NewError(CommandID("Modules_NoModulesRemoved", c.Cmdlet().Name), "ResourceUnavailable", nil,
			"No modules were removed. Verify that the specification of modules to remove is correct and those modules exist in the runspace.")
		rec.Exception.Type = "System.InvalidOperationException"
		return c.WriteError(rec)
	}
	for _, m := range found {
		ok, err := c.ShouldProcess(m.Name, "Remove-Module")
		if err != nil {
			return err
		}
		if ok {
			in.RemoveModule(m)
		}
	}
	return nil
}

// moduleInfo is a module as Get-Module shows it: its commands keyed by
// name, as PSModuleInfo.ExportedCommands is.
func moduleInfo(reg moduleFinder, m *interp.Module) *value.Object {
	commands := value.NewHashtable()
	commands.Ordered = true
	var names, functions []any
	for _, c := range m.Cmdlets {
		commands.Set(c.Name, commandInfo(reg, c))
		if m.Path != "" {
			functions = append(functions, c.Name)
		} else {
			names = append(names, c.Name)
		}
	}
	kind := m.Type
	if kind == "" {
		kind = "Binary"
	}
	o := value.NewObject(typeModuleInfo, "System.Object")
	o.Set("ModuleType", kind)
	o.Set("Version", m.Version)
	o.Set("Name", m.Name)
	o.Set("Description", m.Description)
	o.Set("Path", m.Path)
	o.Set("ModuleBase", moduleBase(m))
	o.Set("ExportedCommands", commands)
	o.Set("ExportedCmdlets", names)
	o.Set("ExportedFunctions", functions)
	return o
}

func moduleBase(m *interp.Module) string {
	if m.Path == "" {
		return ""
	}
	return filepath.Dir(m.Path)
}

// moduleViews show modules as Get-Module lists them.
func moduleViews() []format.View {
	return []format.View{{TypeName: typeModuleInfo, Table: []string{"ModuleType", "Version", "Name", "ExportedCommands"}}}
}
