package builtins_test

import (
	"strings"
	"testing"

	"licsh/builtins"
	"licsh/builtins/m365"
	"licsh/shell/interp"
)

// registry is every built-in module, on a tenant that is never opened.
func registry(t *testing.T) *interp.Registry {
	t.Helper()
	reg := interp.NewRegistry()
	if err := builtins.Register(reg, m365.NewSession("", false)); err != nil {
		t.Fatal(err)
	}
	return reg
}

// TestContractCmdlets checks that every cmdlet and alias users' scripts rely
// on is registered: their names are a contract.
func TestContractCmdlets(t *testing.T) {
	t.Parallel()
	reg := registry(t)
	for _, name := range strings.Fields(`Connect-Tenant Get-Tenant Set-Tenant Initialize-Tenant Set-TenantClock
		Get-User New-User Set-User Remove-User Restore-User Get-DeletedUser Get-License Get-Subscription
		Add-Subscription Set-Subscription Get-SkuCatalog Import-SkuCatalog Set-UserLicense Get-UserLicense
		Get-Group New-Group Add-GroupMember Remove-GroupMember Get-GroupMember Set-GroupLicense
		Get-RoleAssignment Add-RoleAssignment Remove-RoleAssignment Get-Mailbox Set-Mailbox Get-UserData
		Get-AuditLog Invoke-LicenseBatch Get-LicenseBatch Undo-LicenseBatch Import-User
		Connect-MgGraph Connect-Graph Get-MgUser Get-MgSubscribedSku Set-MgUserLicense Get-MgUserLicenseDetail
		Update-MgUser Remove-MgUser Get-MgGroup Get-MgGroupMember Set-MgGroupLicense Get-MgDirectoryDeletedItem
		Restore-MgDirectoryDeletedItem Connect-MsolService Get-MsolUser Get-MsolAccountSku Set-MsolUserLicense
		Set-MsolUser Remove-MsolUser Connect-AzureAD Get-AzureADUser Get-AzureADSubscribedSku
		Set-AzureADUserLicense Set-AzureADUser
		Disconnect-MgGraph Disconnect-Graph Get-MgContext Select-MgProfile Get-MgOrganization Get-MgDomain
		Get-MgUserMemberOf New-MgGroupMember Remove-MgGroupMemberByRef Get-MgGroupOwner Get-MgDirectoryRole
		Get-MgDirectoryRoleMember New-MgUser Revoke-MgUserSignInSession Get-MsolCompanyInformation Get-MsolSubscription
		Get-MsolGroup Get-MsolGroupMember Get-MsolDomain Get-MsolRole Get-MsolRoleMember New-MsolUser
		Set-MsolUserPassword Get-MsolPartnerContract Get-AzureADGroup Get-AzureADGroupMember Add-AzureADGroupMember
		Remove-AzureADGroupMember Get-AzureADUserMembership Get-AzureADTenantDetail Get-AzureADDirectoryRole
		Get-AzureADDirectoryRoleMember Disconnect-AzureAD Revoke-AzureADUserAllRefreshToken
		Connect-ExchangeOnline Disconnect-ExchangeOnline Get-ConnectionInformation Get-EXOMailbox Add-MailboxPermission
		Get-MailboxPermission Get-DistributionGroup New-DistributionGroup Get-DistributionGroupMember Add-DistributionGroupMember
		Remove-DistributionGroupMember Get-UnifiedGroup New-UnifiedGroup Get-UnifiedGroupLinks Add-UnifiedGroupLinks
		Remove-UnifiedGroupLinks
		Where-Object ForEach-Object Select-Object Sort-Object Group-Object Measure-Object Tee-Object
		Write-Host Write-Output Write-Warning Write-Error Write-Verbose Write-Debug Write-Progress Out-Null
		Out-File Out-String Format-Table Format-List Import-Csv Export-Csv ConvertTo-Csv ConvertFrom-Csv
		ConvertTo-Json ConvertFrom-Json Import-Excel Export-Excel Get-Content Set-Content Add-Content Get-Date
		New-TimeSpan Start-Sleep Read-Host New-Object Get-Member Get-Command Get-Help Get-Variable Set-Variable
		Start-Transcript Stop-Transcript ? where % foreach select sort group measure gc echo ft fl
		Join-Path Split-Path Resolve-Path Test-Path Get-ChildItem Get-Item New-Item Remove-Item Copy-Item Move-Item
		Rename-Item Invoke-Item Get-Location Set-Location Push-Location Pop-Location cd sl pwd gl pushd popd ls dir gci
		md mkdir del rm cat type ni Compare-Object Select-String Join-String Get-Unique Get-Random New-Guid
		ConvertTo-Html Export-Clixml Import-Clixml Get-Host Clear-Host cls clear Out-GridView Invoke-Expression iex
		ConvertTo-SecureString ConvertFrom-SecureString Get-Credential Set-ExecutionPolicy Get-ExecutionPolicy
		Invoke-RestMethod Invoke-WebRequest irm iwr Send-MailMessage Add-Type Import-PSSession New-PSSession
		Remove-PSSession Enter-PSSession Get-Alias gal Out-Default ConvertFrom-StringData Add-MsolGroupMember Remove-MsolGroupMember
		New-AzureADUser New-AzureADMSInvitation Get-AzureADUserLicenseDetail Get-AzureADGroupOwner Get-MgBetaUserLicenseDetail
		Start-GraphServer Stop-GraphServer New-AppRegistration Get-AppRegistration Remove-AppRegistration
		New-AppCredential Approve-DeviceCode`) {
		if reg.Lookup(name) == nil {
			t.Errorf("%s is not registered", name)
		}
	}
}

// TestEveryCmdletHasHelp checks that Get-Help has something to say about
// every built-in cmdlet and each of its parameters.
func TestEveryCmdletHasHelp(t *testing.T) {
	t.Parallel()
	for _, c := range registry(t).Cmdlets() {
		if c.Synopsis == "" || c.Description == "" || len(c.Examples) == 0 {
			t.Errorf("%s lacks a synopsis, description or example", c.Name)
		}
		for _, p := range c.Params {
			if p.Help == "" {
				t.Errorf("%s -%s has no help", c.Name, p.Name)
			}
		}
	}
}

// TestModules checks that each module lists its cmdlets (or, for one that
// stands for others, the modules it imports), each cmdlet names its module,
// and the modules have versions.
func TestModules(t *testing.T) {
	t.Parallel()
	reg := registry(t)
	n := 0
	for _, m := range reg.Modules() {
		if m.Version == "" || m.Description == "" || len(m.Cmdlets) == 0 && len(m.Requires) == 0 {
			t.Errorf("module %s has no version, description or cmdlet", m.Name)
		}
		for _, req := range m.Requires {
			if reg.Module(req) == nil {
				t.Errorf("module %s requires %s, which is not registered", m.Name, req)
			}
		}
		for _, c := range m.Cmdlets {
			if c.Module != m.Name {
				t.Errorf("%s is in module %s but declares %q", c.Name, m.Name, c.Module)
			}
		}
		n += len(m.Cmdlets)
	}
	if all := len(reg.Cmdlets()); n != all {
		t.Errorf("the modules hold %d cmdlets, the registry %d", n, all)
	}
}
