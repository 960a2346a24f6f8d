package builtins

import (
	"strings"
	"testing"
)

const msol = "Connect-MsolService\n"

func TestMsol(t *testing.T) {
	s := newCompat(t)
	lic := func(upn string) string { return strings.Replace(licensesOf, "%s", upn, 1) }
	s.cases([]compatCase{
		{"Get-MsolUser", "", `Get-MsolUser: You must call the Connect-MsolService cmdlet before calling any other cmdlets\.`},
		{msol + "(Get-MsolUser -All).UserPrincipalName -join ' '", "admin@contoso.com ann@contoso.com bob@contoso.com cy@contoso.com\n", ""},
		{msol + "(Get-MsolUser -MaxResults 2).Count", "WARNING: More results are available. Please specify one of the All or MaxResults parameters.\n2\n", ""},
		{msol + "$u = Get-MsolUser -UserPrincipalName ann@contoso.com; $u.IsLicensed; $u.Licenses.AccountSkuId; $u.Licenses[0].AccountSku.SkuPartNumber", "True\ncontoso:SPE_E5\nSPE_E5\n", ""},
		{msol + "(Get-MsolUser -All -UnlicensedUsersOnly).UserPrincipalName -join ' '", "admin@contoso.com cy@contoso.com\n", ""},
		{msol + "(Get-MsolUser -All | Where-Object { $_.UsageLocation -eq $null }).UserPrincipalName", "cy@contoso.com\n", ""},
		{msol + "(Get-MsolUser -Department Sales -UsageLocation GB).DisplayName", "Bob Ode\n", ""},
		{msol + "Get-MsolAccountSku | ForEach-Object { '{0} {1} {2} {3}' -f $_.AccountSkuId, $_.ActiveUnits, $_.WarningUnits, $_.ConsumedUnits }", "contoso:SPE_E3 5 0 1\ncontoso:SPE_E5 2 0 1\n", ""},
		{msol + "Get-MsolUser -UserPrincipalName nobody@contoso.com", "", `Get-MsolUser: .*User Not Found\. User: nobody@contoso\.com\.`},
		{msol + "Set-MsolUserLicense -UserPrincipalName cy@contoso.com -AddLicenses CONTOSO:SPE_E3", "", `Set-MsolUserLicense: .*You must provide a required property: Parameter name: UsageLocation`},
		{msol + "Set-MsolUser -UserPrincipalName cy@contoso.com -UsageLocation US\nSet-MsolUserLicense -UserPrincipalName cy@contoso.com -AddLicenses CONTOSO:SPE_E3" + lic("cy@contoso.com"), "SPE_E3/Direct/\n", ""},
		{msol + "Set-MsolUserLicense -UserPrincipalName cy@contoso.com -AddLicenses contoso:SPE_E5 -RemoveLicenses contoso:SPE_E3" + lic("cy@contoso.com"), "SPE_E5/Direct/\n", ""},
		{msol + "Set-MsolUserLicense -UserPrincipalName bob@contoso.com -AddLicenses contoso:SPE_E5" + lic("bob@contoso.com"), "SPE_E3/Direct/\n", `Set-MsolUserLicense: .*Unable to assign this license because the number of allowed licenses has been exceeded\.`},
		{msol + "Set-MsolUserLicense -UserPrincipalName cy@contoso.com -AddLicenses contoso:NOPE" + lic("cy@contoso.com"), "SPE_E5/Direct/\n", `Set-MsolUserLicense: .*Unable to assign this license because it is invalid\. Use the Get-MsolAccountSku cmdlet to retrieve a list of valid licenses\.`},
		{msol + "Set-MsolUserLicense -UserPrincipalName ann@contoso.com -AddLicenses contoso:SPE_E3 -RemoveLicenses contoso:SPE_E5" + lic("ann@contoso.com"), "SPE_E3/Direct/\n", ""},
		{msol + "$o = New-MsolLicenseOptions -AccountSkuId contoso:SPE_E5 -DisabledPlans SWAY\nSet-MsolUserLicense -UserPrincipalName cy@contoso.com -LicenseOptions $o" + lic("cy@contoso.com"), "SPE_E5/Direct/" + planSway + "\n", ""},
		{msol + "[pscustomobject]@{UserPrincipalName='cy@contoso.com'} | Set-MsolUserLicense -RemoveLicenses contoso:SPE_E5" + lic("cy@contoso.com"), "\n", ""},
		{msol + "Remove-MsolUser -UserPrincipalName bob@contoso.com -Force\n(Get-MsolUser -ReturnDeletedUsers).UserPrincipalName\nRestore-MsolUser -UserPrincipalName bob@contoso.com\n(Get-MsolUser -UserPrincipalName bob@contoso.com).IsLicensed", "bob@contoso.com\nTrue\n", ""},
		// MSOnline takes <tenant>:<part number> only: a bare part number or a
		// GUID is an invalid license, and nothing changes.
		{msol + "Set-MsolUserLicense -UserPrincipalName ann@contoso.com -RemoveLicenses SPE_E3" + lic("ann@contoso.com"), "SPE_E3/Direct/\n", `Set-MsolUserLicense: .*Unable to assign this license because it is invalid\..*`},
		{msol + "Set-MsolUserLicense -UserPrincipalName ann@contoso.com -RemoveLicenses 05e9a617-0261-4cee-bb44-138d3ef5d965" + lic("ann@contoso.com"), "SPE_E3/Direct/\n", `Set-MsolUserLicense: .*Unable to assign this license because it is invalid\..*`},
		{msol + "Set-MsolUserLicense -UserPrincipalName ann@contoso.com -AddLicenses contoso:SPE_E5 -RemoveLicenses :SPE_E3" + lic("ann@contoso.com"), "SPE_E3/Direct/\n", `Set-MsolUserLicense: .*Unable to assign this license because it is invalid\..*`},
		// Before Connect-MsolService, -ErrorAction Stop makes the refusal terminating.
		{"try { Get-MsolAccountSku -ErrorAction Stop; 'not reached' } catch { $_.Exception.Message }", "You must call the Connect-MsolService cmdlet before calling any other cmdlets.\n", ""},
	})
}

const aad = "Connect-AzureAD | Out-Null\n"

func TestAzureAD(t *testing.T) {
	s := newCompat(t)
	lic := func(upn string) string { return strings.Replace(licensesOf, "%s", upn, 1) }
	s.cases([]compatCase{
		{"Get-AzureADUser -ObjectId ann@contoso.com", "", `Get-AzureADUser: You must call the Connect-AzureAD cmdlet before calling any other cmdlets\.`},
		{aad + "$u = Get-AzureADUser -ObjectId ann@contoso.com; $u.DisplayName; $u.AssignedLicenses.SkuId; $u.AssignedLicenses.DisabledPlans", "Ann Lee\n" + skuE5 + "\n" + planSway + "\n", ""},
		{aad + "(Get-AzureADUser -All $true).Count; (Get-AzureADUser -Filter \"department eq 'Sales'\").Count", "4\n2\n", ""},
		{aad + "Get-AzureADSubscribedSku | ForEach-Object { $_.SkuPartNumber + ' ' + $_.ConsumedUnits + ' ' + $_.PrepaidUnits.Enabled + ' ' + ($_.ObjectId -like '*_' + $_.SkuId) }", "SPE_E3 1 5 True\nSPE_E5 1 2 True\n", ""},
		{aad + `$License = New-Object -TypeName Microsoft.Open.AzureAD.Model.AssignedLicense
$License.SkuId = (Get-AzureADSubscribedSku | Where-Object -Property SkuPartNumber -Value SPE_E3 -EQ).SkuID
$Licenses = New-Object -TypeName Microsoft.Open.AzureAD.Model.AssignedLicenses
$Licenses.AddLicenses = $License
Set-AzureADUserLicense -ObjectId cy@contoso.com -AssignedLicenses $Licenses`, "",
			`Set-AzureADUserLicense: Error occurred while executing SetUserLicenses Code: Request_BadRequest Message: License assignment cannot be done for user with invalid usage location\. RequestId: .* HttpStatusCode: BadRequest HttpStatusDescription: Bad Request HttpResponseStatus: Completed`},
		{aad + `Set-AzureADUser -ObjectId cy@contoso.com -UsageLocation US
$License = New-Object -TypeName Microsoft.Open.AzureAD.Model.AssignedLicense
$License.SkuId = (Get-AzureADSubscribedSku | Where-Object -Property SkuPartNumber -Value SPE_E3 -EQ).SkuID
$Licenses = New-Object -TypeName Microsoft.Open.AzureAD.Model.AssignedLicenses
$Licenses.AddLicenses = $License
Set-AzureADUserLicense -ObjectId cy@contoso.com -AssignedLicenses $Licenses` + lic("cy@contoso.com"), "SPE_E3/Direct/\n", ""},
		{aad + `$userList = Get-AzureADUser -ObjectID ann@contoso.com
$Skus = $userList | Select -ExpandProperty AssignedLicenses | Select SkuID
$Skus -is [array]; $userList.Count
$licenses = New-Object -TypeName Microsoft.Open.AzureAD.Model.AssignedLicenses
$Licenses.RemoveLicenses = (Get-AzureADSubscribedSku | Where-Object -Property SkuID -Value $Skus.SkuId -EQ).SkuID
Set-AzureADUserLicense -ObjectId ann@contoso.com -AssignedLicenses $licenses` + lic("ann@contoso.com"), "False\n1\n\n", ""},
		{aad + `$l = New-Object Microsoft.Open.AzureAD.Model.AssignedLicense; $l.Colour = 1`, "", `.*The property 'Colour' cannot be found on this object\. Verify that the property exists and can be set\..*`},
		{aad + `$ls = New-Object Microsoft.Open.AzureAD.Model.AssignedLicenses; $ls.RemoveLicenses = 'SPE_E3'; Set-AzureADUserLicense -ObjectId bob@contoso.com -AssignedLicenses $ls` + lic("bob@contoso.com"), "SPE_E3/Direct/\n",
			`Set-AzureADUserLicense: Error occurred while executing SetUserLicenses Code: Request_BadRequest Message: Invalid value specified for property 'skuId' of resource 'AssignedLicense'\..*`},
	})
}
