// Package powershellget is PowerShellGet and PackageManagement as licsh has
// them: the commands scripts run to install modules from the PowerShell
// Gallery. licsh loads no modules from the gallery; the modules it has
// built in (Microsoft.Graph, MSOnline, AzureAD, ImportExcel ...) are there
// already, so installing them succeeds and says so, and any other module is
// a clear error.
package powershellget

import (
	"fmt"
	"strings"

	"licsh/shell/cmdlet"
	"licsh/shell/format"
	"licsh/shell/interp"
	"licsh/shell/value"
)

// The modules these cmdlets belong to, with the versions pwsh 7.4 ships.
const (
	modGet     = "PowerShellGet"
	modPackage = "PackageManagement"
)

// typeItem is the type of Find-Module's and Get-InstalledModule's objects.
const typeItem = "Microsoft.PowerShell.Commands.PSRepositoryItemInfo"

// repository is the name licsh gives where its modules come from.
const repository = "licsh"

// Module returns PowerShellGet with its cmdlets.
func Module() *interp.Module {
	return &interp.Module{Name: modGet, Version: "2.2.5", Requires: []string{modPackage},
		Description: "Finds and installs modules. In licsh every module it has is built in: nothing is downloaded.",
		Views:       []format.View{{TypeName: typeItem, Table: []string{"Version", "Name", "Repository", "Description"}}},
		Cmdlets:     getCmdlets()}
}

// PackageModule returns PackageManagement with Install-PackageProvider.
func PackageModule() *interp.Module {
	return &interp.Module{Name: modPackage, Version: "1.4.8.1",
		Description: "Package providers. licsh needs none: its modules are built in.", Cmdlets: packageCmdlets()}
}

var versionParams = []*cmdlet.Param{
	{Name: "RequiredVersion", Type: cmdlet.String, Help: "The version wanted; licsh's modules have one version each."},
	{Name: "MinimumVersion", Type: cmdlet.String, Help: "Accepted; licsh's modules have one version each."},
	{Name: "MaximumVersion", Type: cmdlet.String, Help: "Accepted; licsh's modules have one version each."},
	{Name: "Repository", Type: cmdlet.Strings, Help: "Accepted; licsh's modules are built in."},
	{Name: "AllowPrerelease", Type: cmdlet.Switch, Help: "Accepted."},
}

func getCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{
		{
			Name:        "Install-Module",
			Module:      modGet,
			Synopsis:    "Downloads one or more modules from a repository, and installs them on the local computer.",
			Description: "Install-Module, for a module licsh has built in, installs nothing and says so; the module can be imported at once. For any other module it fails: licsh does not load PowerShell modules from the gallery.",
			Params: append([]*cmdlet.Param{
				{Name: "Name", Type: cmdlet.Strings, Position: 1, Mandatory: true, ValueFromPipelineByPropertyName: true, Help: "The modules to install."},
				{Name: "Scope", Type: cmdlet.String, ValidateSet: []string{"CurrentUser", "AllUsers"}, Help: "Accepted."},
				{Name: "Force", Type: cmdlet.Switch, Help: "Accepted."},
				{Name: "AllowClobber", Type: cmdlet.Switch, Help: "Accepted."},
				{Name: "SkipPublisherCheck", Type: cmdlet.Switch, Help: "Accepted."},
				{Name: "AcceptLicense", Type: cmdlet.Switch, Help: "Accepted."},
				{Name: "PassThru", Type: cmdlet.Switch, Help: "Outputs the module as Find-Module shows it."},
			}, versionParams...),
			SupportsShouldProcess: true,
			Examples: []cmdlet.Example{
				{Code: "Install-Module Microsoft.Graph -Scope CurrentUser -Force", Remarks: "Succeeds at once: Microsoft.Graph is built in."},
			},
			Process: func(c cmdlet.Call) error {
				return eachModule(c, func(m *interp.Module) error {
					c.WriteWarning(fmt.Sprintf("Module '%s' is built into licsh (version %s); there is nothing to install.", m.Name, m.Version))
					if c.Switch("PassThru") {
						return c.Write(itemInfo(m))
					}
					return nil
				})
			},
		},
		{
			Name:        "Update-Module",
			Module:      modGet,
			Synopsis:    "Downloads and installs the newest version of specified modules from an online gallery to the local computer.",
			Description: "Update-Module, for a module licsh has built in, does nothing: the module is the one licsh has. For any other module it fails: licsh does not load PowerShell modules from the gallery.",
			Params: append([]*cmdlet.Param{
				{Name: "Name", Type: cmdlet.Strings, Position: 1, ValueFromPipelineByPropertyName: true, Help: "The modules to update; all of licsh's when left out."},
				{Name: "Scope", Type: cmdlet.String, ValidateSet: []string{"CurrentUser", "AllUsers"}, Help: "Accepted."},
				{Name: "Force", Type: cmdlet.Switch, Help: "Accepted."},
				{Name: "AcceptLicense", Type: cmdlet.Switch, Help: "Accepted."},
				{Name: "PassThru", Type: cmdlet.Switch, Help: "Outputs the module as Find-Module shows it."},
			}, versionParams...),
			SupportsShouldProcess: true,
			Examples: []cmdlet.Example{
				{Code: "Update-Module MSOnline", Remarks: "Does nothing: MSOnline is built in."},
			},
			Process: func(c cmdlet.Call) error {
				if c.Strings("Name") == nil {
					return nil
				}
				return eachModule(c, func(m *interp.Module) error {
					c.WriteVerbose(fmt.Sprintf("Module '%s' is built into licsh (version %s); there is nothing to update.", m.Name, m.Version))
					if c.Switch("PassThru") {
						return c.Write(itemInfo(m))
					}
					return nil
				})
			},
		},
		{
			Name:        "Find-Module",
			Module:      modGet,
			Synopsis:    "Finds modules in a repository that match specified criteria.",
			Description: "Find-Module finds the modules licsh has built in, by name (wildcards allowed); a module licsh does not have is an error, since licsh does not load PowerShell modules from the gallery.",
			Params: append([]*cmdlet.Param{
				{Name: "Name", Type: cmdlet.Strings, Position: 1, ValueFromPipelineByPropertyName: true, Help: "The modules to find; wildcards are allowed. All of licsh's when left out."},
				{Name: "AllVersions", Type: cmdlet.Switch, Help: "Accepted; licsh's modules have one version each."},
				{Name: "Tag", Type: cmdlet.Strings, Help: "Accepted."},
			}, versionParams...),
			Examples: []cmdlet.Example{
				{Code: "Find-Module Microsoft.Graph*", Remarks: "The Microsoft Graph modules licsh has."},
			},
			Outputs: typeItem,
			Process: listModules("NoMatchFoundForCriteria"),
		},
		{
			Name:        "Get-InstalledModule",
			Module:      modGet,
			Synopsis:    "Gets a list of modules on the computer that were installed by PowerShellGet.",
			Description: "Get-InstalledModule lists the modules licsh has built in (PowerShell's own Microsoft.PowerShell modules aside), as if the gallery had installed them.",
			Params: []*cmdlet.Param{
				{Name: "Name", Type: cmdlet.Strings, Position: 1, ValueFromPipelineByPropertyName: true, Help: "The modules to list; wildcards are allowed. All when left out."},
				{Name: "RequiredVersion", Type: cmdlet.String, Help: "Accepted; licsh's modules have one version each."},
				{Name: "MinimumVersion", Type: cmdlet.String, Help: "Accepted; licsh's modules have one version each."},
				{Name: "MaximumVersion", Type: cmdlet.String, Help: "Accepted; licsh's modules have one version each."},
				{Name: "AllVersions", Type: cmdlet.Switch, Help: "Accepted; licsh's modules have one version each."},
			},
			Examples: []cmdlet.Example{
				{Code: "Get-InstalledModule Microsoft.Graph.Users", Remarks: "Shows the Graph users module, which is built in."},
			},
			Outputs: typeItem,
			Process: listModules("NoMatchFound"),
		},
		{
			Name:        "Set-PSRepository",
			Module:      modGet,
			Synopsis:    "Sets values for a registered repository.",
			Description: "Set-PSRepository is accepted and changes nothing: licsh installs no modules from repositories.",
			Params: []*cmdlet.Param{
				{Name: "Name", Type: cmdlet.String, Position: 1, Mandatory: true, Help: "The repository, such as PSGallery."},
				{Name: "InstallationPolicy", Type: cmdlet.String, ValidateSet: []string{"Trusted", "Untrusted"}, Help: "Accepted."},
				{Name: "SourceLocation", Type: cmdlet.String, Help: "Accepted."},
			},
			Examples: []cmdlet.Example{
				{Code: "Set-PSRepository -Name PSGallery -InstallationPolicy Trusted", Remarks: "Accepted, as install scripts run it."},
			},
			Process: func(cmdlet.Call) error { return nil },
		},
	}
}

func packageCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{{
		Name:        "Install-PackageProvider",
		Module:      modPackage,
		Synopsis:    "Installs one or more Package Management package providers.",
		Description: "Install-PackageProvider is accepted and installs nothing: licsh needs no package provider, such as NuGet, since its modules are built in.",
		Params: []*cmdlet.Param{
			{Name: "Name", Type: cmdlet.Strings, Position: 1, Mandatory: true, Help: "The providers, such as NuGet."},
			{Name: "MinimumVersion", Type: cmdlet.String, Help: "Accepted."},
			{Name: "Scope", Type: cmdlet.String, ValidateSet: []string{"CurrentUser", "AllUsers"}, Help: "Accepted."},
			{Name: "Force", Type: cmdlet.Switch, Help: "Accepted."},
		},
		SupportsShouldProcess: true,
		Examples: []cmdlet.Example{
			{Code: "Install-PackageProvider -Name NuGet -MinimumVersion 2.8.5.201 -Force", Remarks: "Accepted, as install scripts run it."},
		},
		Process: func(cmdlet.Call) error { return nil },
	}}
}

// builtIn returns the module of that name licsh has, or nil.
func builtIn(c cmdlet.Call, name string) *interp.Module {
	return interp.Inner(c).Runner().Registry().Module(name)
}

// eachModule runs do for each named module licsh has, and writes the error
// for each it does not.
func eachModule(c cmdlet.Call, do func(*interp.Module) error) error {
	for _, name := range c.Strings("Name") {
		m := builtIn(c, name)
		if m == nil {
			if err := c.WriteError(notBuiltIn(c, "NoMatchFoundForCriteria", name)); err != nil {
				return err
			}
			continue
		}
		ok, err := c.ShouldProcess(m.Name, c.Cmdlet().Name)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if err := do(m); err != nil {
			return err
		}
	}
	return nil
}

// notBuiltIn is the error for a module licsh does not have.
func notBuiltIn(c cmdlet.Call, id, name string) *interp.ErrorRecord {
	rec := interp.NewError(id+","+c.Cmdlet().Name, "ObjectNotFound", name,
		fmt.Sprintf("licsh does not load PowerShell modules from the gallery, and '%s' is not one of the modules it has built in. Get-Module -ListAvailable lists them.", name))
	rec.Exception.Type = "System.Exception"
	return rec
}

// listModules lists licsh's modules matching -Name, as Find-Module and
// Get-InstalledModule do; a name without wildcards that matches none is
// the error id.
func listModules(id string) func(cmdlet.Call) error {
	return func(c cmdlet.Call) error {
		mods := interp.Inner(c).Runner().Registry().Modules()
		names := c.Strings("Name")
		if names == nil {
			names = []string{"*"}
		}
		for _, pattern := range names {
			hit := false
			for _, m := range mods {
				if !value.Like(m.Name, pattern, false) || pattern == "*" && strings.HasPrefix(m.Name, "Microsoft.PowerShell.") {
					continue
				}
				hit = true
				if err := c.Write(itemInfo(m)); err != nil {
					return err
				}
			}
			if !hit && !strings.ContainsAny(pattern, "*?[") {
				if err := c.WriteError(notBuiltIn(c, id, pattern)); err != nil {
					return err
				}
			}
		}
		return nil
	}
}

// itemInfo is a module as Find-Module shows it.
func itemInfo(m *interp.Module) *value.Object {
	o := value.NewObject(typeItem, "System.Object")
	o.Set("Name", m.Name)
	o.Set("Version", m.Version)
	o.Set("Type", "Module")
	o.Set("Description", m.Description)
	o.Set("Repository", repository)
	o.Set("InstalledLocation", "")
	return o
}
