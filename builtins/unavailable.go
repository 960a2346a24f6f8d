package builtins

import "licsh/shell/interp"

// Why licsh lacks the Windows-only commands: pwsh on Linux lacks them too.
const (
	windowsOnly = "it works on Windows itself, and licsh, like PowerShell 7 on Linux, runs without Windows."
	psv5Only    = "PowerShell 7 left it out on every system, and licsh behaves as PowerShell 7."
)

// Unavailable are the modules scripts for Microsoft 365 call that licsh
// does not have: those of services its offline tenant does not hold
// (SharePoint Online, Teams, Azure), of a directory on premises (Active
// Directory and its sync to Entra ID), and the commands of Windows itself,
// which PowerShell 7 on Linux lacks. A narrow module comes before a broad
// one whose patterns also match its commands. The census of admin scripts
// (TestCensusUnavailable) holds the table to the commands scripts call.
func Unavailable() []interp.Unavailable {
	const graphInstead = "The Microsoft Graph modules licsh has are listed by Get-Module -ListAvailable Microsoft.Graph*."
	return []interp.Unavailable{
		{
			Module: "Microsoft.Online.SharePoint.PowerShell", Names: []string{"Microsoft.Online.SharePoint.PowerShell"},
			Commands: []string{"*-SPO*"},
			Reason:   "SharePoint Online is a service licsh's offline tenant does not hold.",
			Instead:  "The SharePoint licenses themselves are in the tenant: Get-UserLicense and Set-UserLicense show and change them.",
		},
		{
			Module: "PnP.PowerShell", Names: []string{"PnP.PowerShell", "SharePointPnPPowerShellOnline"},
			Commands: []string{"*-PnP*"},
			Reason:   "it works on SharePoint Online sites, which licsh's offline tenant does not hold.",
			Instead:  "The tenant's users, groups and licenses are licsh's: Get-User, Get-Group and Get-UserLicense.",
		},
		{
			Module: "MicrosoftTeams", Names: []string{"MicrosoftTeams"},
			Commands: []string{"Connect-MicrosoftTeams", "Disconnect-MicrosoftTeams", "*-Cs*", "*-Team", "*-Team?*", "*-AssociatedTeam", "*-SharedWithTeam*"},
			Except:   []string{"*-Csv"},
			Reason:   "Microsoft Teams (its teams, channels, policies and phone numbers) is a service licsh's offline tenant does not hold.",
			Instead:  "Teams licenses are in the tenant: Get-UserLicense and Set-UserLicense show and change them.",
		},
		{
			Module: "Microsoft.Graph.Beta.Teams", Names: []string{"Microsoft.Graph.Beta.Teams"},
			Commands: []string{"*-MgBetaTeam*", "*-MgBetaChat*", "*-MgBetaUserJoinedTeam*", "*-MgBetaUserChat*", "*-MgBetaUserTeamwork*", "*-MgBetaAppCatalog*"},
			Reason:   "Microsoft Teams is a service licsh's offline tenant does not hold.",
			Instead:  graphInstead,
		},
		{
			Module: "Microsoft.Graph.Teams", Names: []string{"Microsoft.Graph.Teams"},
			Commands: []string{"*-MgTeam*", "*-MgChat*", "*-MgUserJoinedTeam*", "*-MgUserChat*", "*-MgUserTeamwork*", "*-MgAppCatalog*"},
			Reason:   "Microsoft Teams is a service licsh's offline tenant does not hold.",
			Instead:  graphInstead,
		},
		{
			Module: "ADSync", Names: []string{"ADSync"},
			Commands: []string{"*-ADSync*"},
			Reason:   "directory synchronization runs on a server of the domain with Microsoft Entra Connect, and licsh's offline tenant syncs with no directory.",
			Instead:  "Users are created and changed in the tenant itself: New-User, Set-User, New-MgUser, Update-MgUser.",
		},
		{
			Module: "ActiveDirectory", Names: []string{"ActiveDirectory"},
			Commands: []string{"*-AD*"},
			Reason:   "Active Directory on premises answers on a domain controller, which licsh does not reach offline; licsh's tenant is the cloud directory, Microsoft Entra ID.",
			Instead:  "Its users are read with Get-User, Get-MgUser or Get-MsolUser and changed with Set-User or Update-MgUser.",
		},
		{
			Module: "Az.Accounts", Names: []string{"Az.Accounts"},
			Commands: []string{"Connect-AzAccount", "Add-AzAccount", "Login-AzAccount", "Disconnect-AzAccount", "Logout-AzAccount", "Get-AzAccessToken",
				"*-AzContext*", "*-AzSubscription", "*-AzTenant", "*-AzEnvironment", "*-AzDefault", "Invoke-AzRestMethod"},
			Reason:  "Azure subscriptions and their resources are not in licsh's offline tenant.",
			Instead: "For Microsoft Graph, sign in with Connect-MgGraph, or send Invoke-RestMethod to https://graph.microsoft.com, which licsh answers itself.",
		},
		{
			Module: "Az.Resources", Names: []string{"Az.Resources"},
			Commands: []string{"*-AzAD*", "*-AzResource*", "*-AzRoleAssignment*", "*-AzRoleDefinition*", "*-AzDeployment*", "*-AzManagementGroup*", "*-AzPolicy*", "*-AzTag"},
			Reason:   "Azure subscriptions and their resources are not in licsh's offline tenant.",
			Instead:  "The tenant's users and groups are read with Get-MgUser and Get-MgGroup.",
		},
		{
			Module: "Az.Storage", Names: []string{"Az.Storage"},
			Commands: []string{"*-AzStorage*", "*-AzRmStorage*", "*-AzDataLake*"},
			Reason:   "Azure Storage is a service licsh's offline tenant does not hold.",
			Instead:  "Reports go to files: Export-Csv, Export-Excel, Out-File.",
		},
		{
			Module: "Az.KeyVault", Names: []string{"Az.KeyVault"},
			Commands: []string{"*-AzKeyVault*"},
			Reason:   "Azure Key Vault is a service licsh's offline tenant does not hold.",
			Instead:  "Pass secrets as the script's parameters, or read them with Import-Clixml.",
		},
		{
			Module: "Az", Names: []string{"Az", "Az.*"},
			Commands: []string{"*-Az*"}, Except: []string{"*-Azure*"},
			Reason:  "Azure subscriptions and their resources are not in licsh's offline tenant.",
			Instead: "For Microsoft Graph, sign in with Connect-MgGraph, or send Invoke-RestMethod to https://graph.microsoft.com, which licsh answers itself.",
		},
		{
			Module: "Microsoft.Entra.Beta", Names: []string{"Microsoft.Entra.Beta", "Microsoft.Entra.Beta.*"},
			Commands: []string{"*-EntraBeta*"},
			Reason:   "licsh has the Microsoft Graph PowerShell modules Microsoft Entra PowerShell is built on, not Microsoft Entra PowerShell itself.",
			Instead:  "Get-MgBetaUser, Get-MgUser, Get-MgGroup and Set-MgUserLicense do its work on the tenant.",
		},
		{
			Module: "Microsoft.Entra", Names: []string{"Microsoft.Entra", "Microsoft.Entra.*"},
			Commands: []string{"*-Entra*"},
			Reason:   "licsh has the Microsoft Graph PowerShell modules Microsoft Entra PowerShell is built on, not Microsoft Entra PowerShell itself.",
			Instead:  "Connect-MgGraph, Get-MgUser, Get-MgGroup and Set-MgUserLicense do its work on the tenant.",
		},
		{
			Module: "Orchestrator.AssetManagement.Cmdlets", Names: []string{"Orchestrator.AssetManagement.Cmdlets"},
			Commands: []string{"Get-AutomationVariable", "Set-AutomationVariable", "Get-AutomationPSCredential", "Get-AutomationConnection", "Get-AutomationCertificate"},
			Reason:   "Azure Automation gives its assets to the runbooks it runs, and licsh runs scripts on its own.",
			Instead:  "Pass the values as the script's parameters, or read them with Import-Csv, Get-Content or Import-Clixml.",
		},
		{
			Module: "CimCmdlets", Names: []string{"CimCmdlets"},
			Commands: []string{"*-Cim*", "Export-BinaryMiLog", "Import-BinaryMiLog"},
			Reason:   "CIM and WMI belong to Windows, and licsh, like PowerShell 7 on Linux, runs without Windows.",
		},
		{
			Module: "Microsoft.PowerShell.Diagnostics", Names: []string{"Microsoft.PowerShell.Diagnostics"},
			Commands: []string{"Get-WinEvent", "New-WinEvent", "Get-Counter", "Export-Counter", "Import-Counter"},
			Reason:   "event logs and performance counters belong to Windows, and licsh, like PowerShell 7 on Linux, runs without Windows.",
			Instead:  "What changed in the tenant is in Get-AuditLog.",
		},
		{
			Module: "Microsoft.PowerShell.LocalAccounts", Names: []string{"Microsoft.PowerShell.LocalAccounts"},
			Commands: []string{"*-LocalUser", "*-LocalGroup", "*-LocalGroupMember"},
			Reason:   "it manages the accounts of a Windows computer, and licsh, like PowerShell 7 on Linux, runs without Windows.",
			Instead:  "The tenant's users and groups are licsh's: Get-User, Get-Group, Add-GroupMember.",
		},
		{
			Module: "ScheduledTasks", Names: []string{"ScheduledTasks"},
			Commands: []string{"*-ScheduledTask*"},
			Reason:   "Task Scheduler belongs to Windows, and licsh, like PowerShell 7 on Linux, runs without Windows.",
			Instead:  "Schedule licsh -File with cron or a systemd timer.",
		},
		{
			Module: "Microsoft.PowerShell.Management on Windows",
			Commands: []string{"Get-Service", "New-Service", "Remove-Service", "Restart-Service", "Resume-Service", "Set-Service", "Start-Service", "Stop-Service", "Suspend-Service",
				"Rename-Computer", "Get-ComputerInfo", "Set-TimeZone", "Get-HotFix", "Clear-RecycleBin"},
			Reason: windowsOnly,
		},
		{
			Module: "Microsoft.PowerShell.Management of Windows PowerShell 5.1",
			Commands: []string{"*-WmiObject", "Invoke-WmiMethod", "Register-WmiEvent", "Set-WmiInstance", "*-EventLog",
				"Add-Computer", "Remove-Computer", "Checkpoint-Computer", "Restore-Computer", "Get-ComputerRestorePoint", "Enable-ComputerRestore", "Disable-ComputerRestore",
				"Reset-ComputerMachinePassword", "Test-ComputerSecureChannel", "*-ControlPanelItem", "New-WebServiceProxy", "*-Transaction"},
			Reason: psv5Only,
		},
		{
			Module:   "Microsoft.PowerShell.Security on Windows",
			Commands: []string{"Get-Acl", "Set-Acl", "Get-AuthenticodeSignature", "Set-AuthenticodeSignature", "New-FileCatalog", "Test-FileCatalog"},
			Reason:   windowsOnly,
		},
		{
			Module:   "Microsoft.PowerShell.Utility on Windows",
			Commands: []string{"ConvertFrom-SddlString", "Out-Printer", "Show-Command"},
			Reason:   windowsOnly,
		},
	}
}
