package builtins_test

import (
	"testing"

	"licsh/builtins"
	"licsh/builtins/licshtest"
)

// TestUnavailableMatchesNoCommandOfLicsh checks that the patterns of the
// modules licsh does not have match none of the commands and aliases it
// has, so that a command licsh gains later is not named as another
// module's, and that each module says why.
func TestUnavailableMatchesNoCommandOfLicsh(t *testing.T) {
	t.Parallel()
	reg := registry(t)
	for _, c := range reg.Cmdlets() {
		for _, name := range append([]string{c.Name}, c.Aliases...) {
			if u := reg.UnavailableCommand(name); u != nil {
				t.Errorf("%s (of %s) matches the commands of %s, which licsh does not have", name, c.Module, u.Module)
			}
		}
	}
	for _, u := range builtins.Unavailable() {
		if u.Module == "" || u.Reason == "" || len(u.Commands) == 0 {
			t.Errorf("%+v lacks a module, a reason or commands", u)
		}
		for _, name := range u.Names {
			if reg.Module(name) != nil {
				t.Errorf("%s is a module licsh has and one it does not", name)
			}
		}
	}
}

// TestUnavailableCommands runs what scripts call of the modules licsh
// does not have: each command fails with pwsh's error for a command that
// is not there and a line that names its module, the script goes on, and
// error handling sees what it would see in pwsh.
func TestUnavailableCommands(t *testing.T) {
	t.Parallel()
	const notRecognized = " is not recognized as a name of a cmdlet, function, script file, or executable program.\n"
	licshtest.New(t).Check(licshtest.Exact,
		licshtest.Case{Script: "Connect-SPOService -Url https://contoso-admin.sharepoint.com; 'next'", Stdout: "next\n",
			Stderr: "Connect-SPOService: The term 'Connect-SPOService'" + notRecognized +
				"Connect-SPOService is a command of the module Microsoft.Online.SharePoint.PowerShell, which licsh does not have: SharePoint Online is a service licsh's offline tenant does not hold. The SharePoint licenses themselves are in the tenant: Get-UserLicense and Set-UserLicense show and change them.\n"},
		licshtest.Case{Script: "Get-Service W32Time", Stderr: "Get-Service: The term 'Get-Service'" + notRecognized +
			"Get-Service is a command of the module Microsoft.PowerShell.Management on Windows, which licsh does not have: it works on Windows itself, and licsh, like PowerShell 7 on Linux, runs without Windows.\n"},
		licshtest.Case{Script: "ActiveDirectory\\Get-ADUser -Filter *", Stderr: "ActiveDirectory\\Get-ADUser: The term 'ActiveDirectory\\Get-ADUser'" + notRecognized +
			"Get-ADUser is a command of the module ActiveDirectory, which licsh does not have: Active Directory on premises answers on a domain controller, which licsh does not reach offline; licsh's tenant is the cloud directory, Microsoft Entra ID. Its users are read with Get-User, Get-MgUser or Get-MsolUser and changed with Set-User or Update-MgUser.\n"},
		licshtest.Case{Script: "Get-NoSuchThing", Stderr: "Get-NoSuchThing: The term 'Get-NoSuchThing'" + notRecognized +
			"Check the spelling of the name, or if a path was included, verify that the path is correct and try again.\n"},
	)
	licshtest.New(t).Check(licshtest.Contains,
		licshtest.Case{Script: "try { Start-ADSyncSyncCycle -PolicyType Delta } catch [System.Management.Automation.CommandNotFoundException] { $_.FullyQualifiedErrorId; $_.CategoryInfo.Reason; $_.TargetObject }",
			Stdout: "CommandNotFoundException\nCommandNotFoundException\nStart-ADSyncSyncCycle\n"},
		licshtest.Case{Script: "Get-Team -User adele.garcia@contoso.com; $?; $Error[0].Exception.Message.Split(\"`n\")[1]",
			Stdout: "False\nGet-Team is a command of the module MicrosoftTeams, which licsh does not have: Microsoft Teams (its teams, channels, policies and phone numbers) is a service licsh's offline tenant does not hold. Teams licenses are in the tenant: Get-UserLicense and Set-UserLicense show and change them.\n",
			Stderr: "Get-Team: The term 'Get-Team' is not recognized"},
		licshtest.Case{Script: "$ErrorActionPreference = 'Stop'; Get-WmiObject Win32_OperatingSystem; 'not reached'",
			Stderr: "Get-WmiObject is a command of the module Microsoft.PowerShell.Management of Windows PowerShell 5.1, which licsh does not have: PowerShell 7 left it out on every system, and licsh behaves as PowerShell 7."},
		licshtest.Case{Script: "if (-not (Get-Command Get-MgTeam -ErrorAction SilentlyContinue)) { 'no Teams' }", Stdout: "no Teams\n"},
		licshtest.Case{Script: "Get-Command Get-CimInstance", Stderr: "Get-CimInstance is a command of the module CimCmdlets, which licsh does not have"},
		licshtest.Case{Script: "function Get-ADUser { 'my own' }; Get-ADUser", Stdout: "my own\n"},
		licshtest.Case{Script: "Get-AzADUser -UserPrincipalName x; Get-AzureADMSNoSuch", Stderr: "Get-AzADUser is a command of the module Az.Resources, which licsh does not have"},
	)
}

// TestUnavailableModules imports the modules licsh does not have: each
// fails as a module that is not there does, saying what licsh does
// instead, and #Requires of one stops the script before it runs.
func TestUnavailableModules(t *testing.T) {
	t.Parallel()
	s := licshtest.New(t)
	s.Check(licshtest.Exact,
		licshtest.Case{Script: "Import-Module ActiveDirectory; 'next'", Stdout: "next\n",
			Stderr: "Import-Module: The specified module 'ActiveDirectory' was not loaded because licsh does not have it: Active Directory on premises answers on a domain controller, which licsh does not reach offline; licsh's tenant is the cloud directory, Microsoft Entra ID. Its users are read with Get-User, Get-MgUser or Get-MsolUser and changed with Set-User or Update-MgUser.\n"},
		licshtest.Case{Script: "Import-Module Az.Compute -ErrorAction SilentlyContinue; try { Import-Module CimCmdlets -ErrorAction Stop } catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category }",
			Stdout: "Modules_ModuleNotFound,Microsoft.PowerShell.Commands.ImportModuleCommand\nResourceUnavailable\n"},
		licshtest.Case{Script: "Import-Module Microsoft.PowerShell.Security, ThreadJob; Import-Module Az.Storage 2>&1 | ForEach-Object { $_.Exception.Message }",
			Stdout: "The specified module 'Az.Storage' was not loaded because licsh does not have it: Azure Storage is a service licsh's offline tenant does not hold. Reports go to files: Export-Csv, Export-Excel, Out-File.\n"},
	)
	s.Script = "sync.ps1"
	s.Check(licshtest.Pattern,
		licshtest.Case{Script: "#Requires -Modules ADSync, Microsoft.Graph.Users\n'not reached'",
			Stderr: `.*The script 'sync.ps1' cannot be run because the following modules that are specified by the "#requires" statements of the script are missing: ADSync\. ` +
				`The specified module 'ADSync' was not loaded because licsh does not have it: directory synchronization runs on a server of the domain with Microsoft Entra Connect, and licsh's offline tenant syncs with no directory\. Users are created and changed in the tenant itself: New-User, Set-User, New-MgUser, Update-MgUser\.`},
	)
}
