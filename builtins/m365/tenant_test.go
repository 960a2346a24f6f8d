package m365_test

import (
	"testing"

	"licsh/builtins/licshtest"
)

// setup is a small tenant: Fabrikam, one E5 subscription of 5 seats and
// one E3 of 3, and users.
const setup = `Initialize-Tenant -Name Fabrikam -DefaultDomain fabrikam.com
Set-TenantClock -Date '2025-03-01T09:00:00Z' | Out-Null
Add-Subscription -Sku SPE_E5 -Quantity 5 | Out-Null
Add-Subscription -Sku SPE_E3 -Quantity 3 | Out-Null
'ann','bob','cid','dee' | ForEach-Object { New-User -UserPrincipalName "$_@fabrikam.com" -DisplayName $_ -Department Sales -UsageLocation US } | Out-Null
New-User -UserPrincipalName nol@fabrikam.com -DisplayName Nol -Department IT | Out-Null
New-User -UserPrincipalName reader@fabrikam.com -DisplayName Reader -Department IT -UsageLocation GB | Out-Null
Add-RoleAssignment -Role 'Global Reader' -User reader@fabrikam.com
`

func TestTenantCmdlets(t *testing.T) {
	t.Parallel()
	s := licshtest.New(t)
	s.MustRun(setup)
	s.Check(licshtest.Exact, []licshtest.Case{
		{"(Get-User -Department Sales).UserPrincipalName", "ann@fabrikam.com\nbob@fabrikam.com\ncid@fabrikam.com\ndee@fabrikam.com\n", ""},
		{"(Get-User -Filter \"startswith(userPrincipalName,'re')\").DisplayName", "Reader\n", ""},
		{"(Get-User -Top 2).UserPrincipalName", "admin@fabrikam.com\nann@fabrikam.com\n", ""},
		{"(Get-User -UsageLocation GB).UserPrincipalName", "reader@fabrikam.com\n", ""},
		{"[pscustomobject]@{UPN='bob@fabrikam.com'} | Set-UserLicense -AddLicenses @{SkuId='SPE_E5'; DisabledPlans=@()} -PassThru | ForEach-Object Licenses", "SPE_E5\n", ""},
		{"(Get-User -Licensed).UserPrincipalName; (Get-User -Sku 'Microsoft 365 E5').UserPrincipalName", "bob@fabrikam.com\nbob@fabrikam.com\n", ""},
		{"Set-UserLicense bob@fabrikam.com -RemoveLicenses SPE_E3 -AddLicenses SPE_E3 -WarningAction SilentlyContinue; ((Get-User bob@fabrikam.com).Licenses | Sort-Object) -join ','", "SPE_E3,SPE_E5\n", ""},
		{"New-Group 'E3 Group' | Out-Null; Set-GroupLicense -Group 'E3 Group' -AddLicenses SPE_E3; Add-GroupMember -Group 'E3 Group' -Member cid@fabrikam.com; Get-Group | ForEach-Object { '{0} {1} {2}' -f $_.DisplayName, ($_.Licenses -join ','), $_.MemberCount }",
			"E3 Group SPE_E3 1\n", ""},
		{"(Get-GroupMember -Group 'E3 Group').UserPrincipalName; Get-UserLicense cid@fabrikam.com | ForEach-Object { $_.SkuPartNumber + ' ' + $_.AssignedBy }", "cid@fabrikam.com\nSPE_E3 E3 Group\n", ""},
		{"Get-UserLicense bob@fabrikam.com, cid@fabrikam.com | ForEach-Object { $_.UserPrincipalName + ' ' + $_.SkuPartNumber + ' ' + $_.AssignedBy }",
			"bob@fabrikam.com SPE_E3 Direct\nbob@fabrikam.com SPE_E5 Direct\ncid@fabrikam.com SPE_E3 E3 Group\n", ""},
		{"(Get-UserLicense -Identity (Get-User bob@fabrikam.com), 'cid@fabrikam.com').Count", "3\n", ""},
		{"Get-UserLicense nobody@fabrikam.com, cid@fabrikam.com -ErrorAction SilentlyContinue -ErrorVariable e | ForEach-Object SkuPartNumber; $e.Count", "SPE_E3\n1\n", ""},
		{"Set-UserLicense cid@fabrikam.com -RemoveLicenses SPE_E3 -ErrorAction SilentlyContinue -ErrorVariable e; $e[0].Exception.Message; $e[0].FullyQualifiedErrorId; $e[0].CategoryInfo.Category",
			"User license is inherited from a group membership and it cannot be removed directly from the user.\nInheritedLicense,Set-UserLicense\nInvalidOperation\n", ""},
		{"Remove-GroupMember -Group 'E3 Group' -Member cid@fabrikam.com; (Get-User cid@fabrikam.com).IsLicensed", "False\n", ""},
		{"(Get-RoleAssignment -User reader@fabrikam.com).Role", "Global Reader\n", ""},
		{"Remove-RoleAssignment -Role 'Global Reader' -User reader@fabrikam.com; (Get-RoleAssignment -User reader@fabrikam.com).Count", "0\n", ""},
		{"Set-User dee@fabrikam.com -JobTitle Lead -PassThru | ForEach-Object JobTitle", "Lead\n", ""},
		{"Remove-User dee@fabrikam.com; (Get-DeletedUser).UserPrincipalName; Restore-User dee@fabrikam.com | ForEach-Object UserPrincipalName; (Get-DeletedUser).Count", "dee@fabrikam.com\ndee@fabrikam.com\n0\n", ""},
		{"Set-Mailbox bob@fabrikam.com -LitigationHoldEnabled $true; Get-Mailbox bob@fabrikam.com | ForEach-Object { $_.LitigationHoldEnabled, $_.IsInactiveMailbox -join ' ' }", "True False\n", ""},
		{"(Get-AuditLog -Target bob@fabrikam.com -Last 1).Operation", "Set litigation hold\n", ""},
		{"(Get-Mailbox bob@fabrikam.com, cid@fabrikam.com).UserPrincipalName; (Get-UserData nobody@fabrikam.com, ann@fabrikam.com -ErrorAction SilentlyContinue).UserPrincipalName",
			"bob@fabrikam.com\ncid@fabrikam.com\nann@fabrikam.com\n", ""},
		{"(Get-SkuCatalog SPE_E5).SkuId", "06ebc4ee-1bb5-47dd-8120-11324bc54e06\n", ""},
		{"(Get-License -Sku SPE_E5).Assigned", "1\n", ""},
		{"Get-User -Filter \"city eq 'x'\"", "", "Get-User: Unsupported or invalid query filter clause specified for property 'city' of resource 'User'.\n"},
		{"Get-User -Filter \"department eq Sales\"", "", "Get-User: Invalid filter clause\n"},
		{"(Get-User -Filter \"department eq 'Sales' and (usageLocation eq 'US' or startswith(userPrincipalName,'a')) and not (displayName eq 'bob')\").UserPrincipalName", "ann@fabrikam.com\ncid@fabrikam.com\ndee@fabrikam.com\n", ""},
		{"(Get-User -Filter \"department eq 'Sales' or department eq 'IT'\" -Top 2 -WarningAction SilentlyContinue).UserPrincipalName", "ann@fabrikam.com\nbob@fabrikam.com\n", ""},
		{"(Get-User -Filter 'assignedLicenses/$count eq 0' -Department IT).UserPrincipalName", "nol@fabrikam.com\nreader@fabrikam.com\n", ""},
		{"Connect-Tenant reader@fabrikam.com; New-User -UserPrincipalName x@fabrikam.com -DisplayName X", "", "New-User: Insufficient privileges to complete the operation.\n"},
	}...)
}

// TestUninitializedTenant runs cmdlets on a new, empty tenant file (issue
// 12): each says the tenant is not initialized and how to initialize it,
// rather than that a user does not exist or the admin lacks privileges;
// Initialize-Tenant and the SKU catalog work.
func TestUninitializedTenant(t *testing.T) {
	t.Parallel()
	const refusal = ": The tenant is not initialized. Run Initialize-Tenant first.\n"
	s := licshtest.New(t)
	var cases []licshtest.Case
	for _, cmd := range []string{
		"Set-UserLicense", "Get-User", "Get-License", "New-User", "Get-Group", "Get-AuditLog", "Get-UserLicense", "Get-Tenant", "Connect-Tenant",
		"Add-Subscription", "Set-TenantClock", "Get-RoleAssignment", "Get-Mailbox", "Get-UserData", "Invoke-LicenseBatch", "Get-LicenseBatch",
		"Connect-MgGraph", "Connect-MsolService", "Connect-AzureAD", "Connect-ExchangeOnline", "Start-GraphServer",
	} {
		script := map[string]string{
			"Set-UserLicense":     "Set-UserLicense adele@contoso.com -AddLicenses SPE_E5",
			"New-User":            "New-User -UserPrincipalName ann@contoso.com -DisplayName Ann",
			"Add-Subscription":    "Add-Subscription -Sku SPE_E5 -Quantity 5",
			"Set-TenantClock":     "Set-TenantClock -AddDays 1",
			"Get-UserData":        "Get-UserData ann@contoso.com",
			"Invoke-LicenseBatch": "Invoke-LicenseBatch -Path ./list.csv -RemoveLicenses SPE_E5",
		}[cmd]
		if script == "" {
			script = cmd
		}
		cases = append(cases, licshtest.Case{Script: script, Stderr: cmd + refusal})
	}
	s.Check(licshtest.Exact, cases...)
	s.Check(licshtest.Exact, []licshtest.Case{
		{"try { Get-User -ErrorAction Stop } catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category }",
			"TenantNotInitialized,Get-User\nResourceUnavailable\n", ""},
		{"(Get-SkuCatalog SPE_E5).SkuPartNumber", "SPE_E5\n", ""},
		{"Initialize-Tenant -Name Fabrikam -DefaultDomain fabrikam.com; (Get-User).UserPrincipalName", "admin@fabrikam.com\n", ""},
	}...)
}
