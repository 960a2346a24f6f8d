package powershellget_test

import (
	"regexp"
	"testing"

	"licsh/builtins/licshtest"
)

func TestInstallBuiltInModules(t *testing.T) {
	t.Parallel()
	licshtest.Script(t, t.TempDir()).Check(licshtest.Exact, []licshtest.Case{
		{"Install-Module MSOnline -Force", "WARNING: Module 'MSOnline' is built into licsh (version 1.1.183.81); there is nothing to install.\n", ""},
		{"Install-Module Microsoft.Graph.Users -Scope CurrentUser -AllowClobber -PassThru | ForEach-Object { $_.Name, $_.Repository -join ' ' }",
			"WARNING: Module 'Microsoft.Graph.Users' is built into licsh (version 2.25.0); there is nothing to install.\nMicrosoft.Graph.Users licsh\n", ""},
		{"Install-Module ImportExcel -WhatIf", "What if: Performing the operation \"Install-Module\" on target \"ImportExcel\".\n", ""},
		{"Update-Module AzureAD; $?", "True\n", ""},
		{"(Find-Module Microsoft.Graph*).Name -contains 'Microsoft.Graph.Groups'", "True\n", ""},
		{"Get-InstalledModule ImportExcel | ForEach-Object { $_.Name, $_.Version, $_.Type -join ' ' }", "ImportExcel 7.8.10 Module\n", ""},
		{"(Get-InstalledModule).Name -contains 'Microsoft.PowerShell.Utility'", "False\n", ""},
		{"Install-PackageProvider NuGet -Force; Set-PSRepository PSGallery -InstallationPolicy Trusted; 'ready'", "ready\n", ""},
		{"Install-Module Microsoft.Graph -Force; Import-Module Microsoft.Graph; (Get-Module Microsoft.Graph).Name",
			"WARNING: Module 'Microsoft.Graph' is built into licsh (version 2.25.0); there is nothing to install.\nMicrosoft.Graph\n", ""},
	}...)
}

func TestGalleryModulesAreRefused(t *testing.T) {
	t.Parallel()
	const refused = "licsh does not load PowerShell modules from the gallery, and 'VMware.PowerCLI' is not one of the modules it has built in. Get-Module -ListAvailable lists them."
	licshtest.Script(t, t.TempDir()).Check(licshtest.Pattern, []licshtest.Case{
		{"Install-Module VMware.PowerCLI", "", `Install-Module: test.ps1:1 ` + regexp.QuoteMeta(refused)},
		{"Find-Module VMware.PowerCLI", "", `Find-Module: test.ps1:1 ` + regexp.QuoteMeta(refused)},
		{"Update-Module VMware.PowerCLI", "", `Update-Module: test.ps1:1 ` + regexp.QuoteMeta(refused)},
		{"Get-InstalledModule VMware.PowerCLI", "", `Get-InstalledModule: test.ps1:1 ` + regexp.QuoteMeta(refused)},
		{"Find-Module Nothing*; 'none'", "none\n", ``},
		{"try { Install-Module VMware.PowerCLI -ErrorAction Stop } catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category }",
			"NoMatchFoundForCriteria,Install-Module\nObjectNotFound\n", ``},
	}...)
}
