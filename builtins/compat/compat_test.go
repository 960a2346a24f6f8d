package compat_test

import (
	"fmt"
	"strings"
	"testing"

	"licsh/builtins/licshtest"
)

// compatTenant is a small tenant for the compatibility cmdlets: products
// E5 (2 seats) and E3 (5), ann (US, E5 with Sway off), bob (GB, E3), cy
// (no usage location) and the group Licensed giving E3 to cy's... none
// until a script adds members.
const compatTenant = `
Initialize-Tenant -Name Contoso -DefaultDomain contoso.com | Out-Null
Add-Subscription -Sku SPE_E5 -Quantity 2 | Out-Null
Add-Subscription -Sku SPE_E3 -Quantity 5 | Out-Null
New-User -UserPrincipalName ann@contoso.com -DisplayName 'Ann Lee' -Department Sales -UsageLocation US | Out-Null
New-User -UserPrincipalName bob@contoso.com -DisplayName 'Bob Ode' -Department Sales -UsageLocation GB | Out-Null
New-User -UserPrincipalName cy@contoso.com -DisplayName 'Cy Po' -Department IT | Out-Null
Set-UserLicense ann@contoso.com -AddLicenses SPE_E5 -DisabledPlans SWAY
Set-UserLicense bob@contoso.com -AddLicenses SPE_E3
New-Group -DisplayName Licensed | Out-Null
Set-GroupLicense -Group Licensed -AddLicenses SPE_E3 | Out-Null
`

// Product and plan ids of the catalog, as scripts write them.
const (
	skuE5    = "06ebc4ee-1bb5-47dd-8120-11324bc54e06"
	skuE3    = "05e9a617-0261-4cee-bb44-138d3ef5d965"
	planSway = "a23b959c-7ce8-4e57-9140-b90eb88a9e97"
)

// mg connects to Graph quietly, as the scripts under test start.
const mg = "Connect-MgGraph -Scopes User.ReadWrite.All -NoWelcome\n"

// licensesOf prints a user's products after a script, from the tenant.
const licensesOf = "\n(Get-UserLicense %s | ForEach-Object { $_.SkuPartNumber + '/' + $_.AssignedBy + '/' + ($_.DisabledPlans -join ',') }) -join ' '"

func TestGraphUsers(t *testing.T) {
	t.Parallel()
	s := newCompat(t)
	s.Check(licshtest.Pattern, []licshtest.Case{
		{"Get-MgUser -All", "", `Get-MgUser_List: Authentication needed. Please call Connect-MgGraph\.`},
		{mg + "(Get-MgUser -All).UserPrincipalName -join ' '", "admin@contoso.com ann@contoso.com bob@contoso.com cy@contoso.com\n", ""},
		{mg + "(Get-MgUser -Top 2).Count", "2\n", ""},
		{mg + "$u = Get-MgUser -UserId ann@contoso.com; $u.DisplayName; $u.UsageLocation -eq $null; $u.AssignedLicenses.Count", "Ann Lee\nTrue\n0\n", ""},
		{mg + "$u = Get-MgUser -UserId ann@contoso.com -Property AssignedLicenses, UsageLocation; $u.Id -ne $null; $u.UsageLocation; $u.AssignedLicenses.SkuId; $u.AssignedLicenses[0].DisabledPlans; $u.DisplayName -eq $null",
			"True\nUS\n" + skuE5 + "\n" + planSway + "\nTrue\n", ""},
		{mg + "(Get-MgUser -UserId bob@contoso.com -Property 'Id,LicenseAssignmentStates').LicenseAssignmentStates | ForEach-Object { $_.SkuId; $_.AssignedByGroup -eq $null; $_.State; $_.Error }",
			skuE3 + "\nTrue\nActive\nNone\n", ""},
		{mg + "Get-MgUser -UserId nobody@contoso.com", "",
			`Get-MgUser_Get: Resource 'nobody@contoso.com' does not exist or one of its queried reference-property objects are not present\..*Status: 404 \(NotFound\).*ErrorCode: Request_ResourceNotFound.*`},
		{mg + "(Get-MgUser -Filter \"department eq 'Sales'\").UserPrincipalName -join ' '", "ann@contoso.com bob@contoso.com\n", ""},
		{mg + "(Get-MgUser -Filter \"startswith(displayName,'b') or usageLocation eq 'US'\" -All).DisplayName -join ','", "MOD Administrator,Ann Lee,Bob Ode\n", ""},
		{mg + "(Get-MgUser -Filter 'assignedLicenses/any(x:x/skuId eq " + skuE5 + ")').UserPrincipalName", "ann@contoso.com\n", ""},
		{mg + "$u = Get-MgUser -Filter 'assignedLicenses/$count eq 0' -ConsistencyLevel eventual -CountVariable n -All; $n; $u.UserPrincipalName -join ' '", "2\nadmin@contoso.com cy@contoso.com\n", ""},
		{mg + "Get-MgUser -Filter 'assignedLicenses/$count eq 0' -All", "",
			`Get-MgUser_List: Unsupported or invalid query filter clause specified for property 'assignedLicenses' of resource 'User'\..*ErrorCode: Request_UnsupportedQuery.*`},
		{mg + "Get-MgUser -Filter \"city eq 'Paris'\"", "", `Get-MgUser_List: Unsupported or invalid query filter clause specified for property 'city' of resource 'User'\..*`},
		// One schema of users: a property $select takes is one $filter
		// knows, and refuses alike in Get-MgUser and Get-User.
		{mg + "(Get-MgUser -UserId ann@contoso.com -Property aboutMe).AboutMe -eq $null", "True\n", ""},
		{mg + "Get-MgUser -Filter \"aboutMe eq 'x'\"", "", `Get-MgUser_List: Unsupported or invalid query filter clause specified for property 'aboutMe' of resource 'User'\..*`},
		{"Get-User -Filter \"aboutMe eq 'x'\"", "", `Get-User: Unsupported or invalid query filter clause specified for property 'aboutMe' of resource 'User'\.`},
		{mg + "Get-MgUser -Filter \"department eq Sales\"", "", `Get-MgUser_List: Invalid filter clause.*Status: 400 \(BadRequest\).*ErrorCode: BadRequest.*`},
		{mg + "Get-MgUser -UserId ann@contoso.com -Property Colour", "", `Get-MgUser_Get: Could not find a property named 'Colour' on type 'microsoft\.graph\.user'\..*`},
		{mg + "(Get-MgUser -Search '\"displayName:bob\"' -ConsistencyLevel eventual).UserPrincipalName", "bob@contoso.com\n", ""},
		{mg + "Get-MgUser -Search '\"displayName:bob\"'", "", `Get-MgUser_List: Request with \$search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'.*`},
		{mg + "try { Get-MgUser -Filter 'x eq 1' -ErrorAction Stop } catch { $_.Exception.Message; $_.FullyQualifiedErrorId }",
			"Could not find a property named 'x' on type 'microsoft.graph.user'.\nBadRequest,Microsoft.Graph.PowerShell.Cmdlets.GetMgUser_List\n", ""},
		{mg + "Update-MgUser -UserId cy@contoso.com -UsageLocation FR -Department Legal\n(Get-User cy@contoso.com).UsageLocation", "FR\n", ""},
		{mg + "Update-MgUser -UserId cy@contoso.com -BodyParameter @{usageLocation='DE'}\n(Get-User cy@contoso.com).UsageLocation", "DE\n", ""},
	}...)
}

func TestGraphLicenses(t *testing.T) {
	t.Parallel()
	s := newCompat(t)
	s.Check(licshtest.Pattern, []licshtest.Case{
		{mg + "$u = Set-MgUserLicense -UserId bob@contoso.com -AddLicenses @{SkuId = '" + skuE5 + "'} -RemoveLicenses @(); $u.UserPrincipalName" + strings.Replace(licensesOf, "%s", "bob@contoso.com", 1),
			"bob@contoso.com\nSPE_E3/Direct/ SPE_E5/Direct/\n", ""},
		{mg + "Set-MgUserLicense -UserId bob@contoso.com -AddLicenses @() -RemoveLicenses @('" + skuE5 + "') | Out-Null" + strings.Replace(licensesOf, "%s", "bob@contoso.com", 1),
			"SPE_E3/Direct/\n", ""},
		{mg + "Set-MgUserLicense -UserId bob@contoso.com -AddLicenses @{SkuId = '" + skuE3 + "'; DisabledPlans = @('" + planSway + "')} -RemoveLicenses $null | Out-Null" + strings.Replace(licensesOf, "%s", "bob@contoso.com", 1),
			"SPE_E3/Direct/" + planSway + "\n", ""},
		{mg + "$ann = Get-MgUser -UserId ann@contoso.com -Property AssignedLicenses\nSet-MgUserLicense -UserId cy@contoso.com -AddLicenses $ann.AssignedLicenses -RemoveLicenses @()", "",
			`Set-MgUserLicense_AssignExpanded: License assignment cannot be done for user with invalid usage location\..*`},
		{mg + "Update-MgUser -UserId cy@contoso.com -UsageLocation US\n$ann = Get-MgUser -UserId ann@contoso.com -Property AssignedLicenses\nSet-MgUserLicense -UserId cy@contoso.com -AddLicenses $ann.AssignedLicenses | Out-Null" + strings.Replace(licensesOf, "%s", "cy@contoso.com", 1),
			"SPE_E5/Direct/" + planSway + "\n", ""},
		{mg + "Set-MgUserLicense -UserId bob@contoso.com -AddLicenses @() -RemoveLicenses @('SPE_E3')" + strings.Replace(licensesOf, "%s", "bob@contoso.com", 1),
			"SPE_E3/Direct/" + planSway + "\n", `Set-MgUserLicense_AssignExpanded: Cannot convert a primitive value to the expected type 'Edm\.Guid'\. See the inner exception for more details\..*`},
		{mg + "Set-MgUserLicense -UserId bob@contoso.com -AddLicenses @{} -RemoveLicenses @()", "",
			`Set-MgUserLicense_AssignExpanded: No license changes provided\. At least one license to add or remove must be specified\..*`},
		{mg + "Set-MgUserLicense -UserId bob@contoso.com -AddLicenses 'SPE_E5' -RemoveLicenses @()", "",
			`.*Cannot process argument transformation on parameter 'AddLicenses'\. Cannot convert the "SPE_E5" value of type "System\.String" to type "Microsoft\.Graph\.PowerShell\.Models\.IMicrosoftGraphAssignedLicense"\..*`},
		{mg + "try { Set-MgUserLicense -UserId ann@contoso.com -AddLicenses @{SkuId='" + skuE3 + "'} -RemoveLicenses @() -ErrorAction Stop | Out-Null; Set-MgUserLicense -UserId nobody@contoso.com -AddLicenses @{SkuId='" + skuE3 + "'} -ErrorAction Stop } catch { $_.Exception.Message }",
			"Resource 'nobody@contoso.com' does not exist or one of its queried reference-property objects are not present.\n", ""},
		{mg + "(Get-MgUserLicenseDetail -UserId ann@contoso.com).SkuPartNumber -join ' '", "SPE_E3 SPE_E5\n", ""},
		{mg + "((Get-MgUserLicenseDetail -UserId ann@contoso.com | Where-Object SkuPartNumber -eq SPE_E5).ServicePlans | Where-Object ServicePlanName -eq SWAY).ProvisioningStatus", "Disabled\n", ""},
		{mg + "Get-MgSubscribedSku | ForEach-Object { '{0} {1} {2}/{3} {4}' -f $_.SkuPartNumber, $_.CapabilityStatus, $_.ConsumedUnits, $_.PrepaidUnits.Enabled, ($_.Id -like '*_' + $_.SkuId) }",
			"SPE_E3 Enabled 2/5 True\nSPE_E5 Enabled 2/2 True\n", ""},
		{mg + "Get-MgSubscribedSku | Select -Property Sku*, ConsumedUnits -ExpandProperty PrepaidUnits | fl",
			"\nEnabled              : 5\nLockedOut            : 0\nSuspended            : 0\nWarning              : 0\nAdditionalProperties : {}\nSkuId                : " + skuE3 + "\nSkuPartNumber        : SPE_E3\nConsumedUnits        : 2\n" +
				"\nEnabled              : 2\nLockedOut            : 0\nSuspended            : 0\nWarning              : 0\nAdditionalProperties : {}\nSkuId                : " + skuE5 + "\nSkuPartNumber        : SPE_E5\nConsumedUnits        : 2\n\n", ""},
		{mg + "$u = Get-MgSubscribedSku | Select-Object SkuPartNumber -ExpandProperty PrepaidUnits; $u[0].GetType().FullName; $u[1].SkuPartNumber + ' ' + $u[1].Enabled", "Microsoft.Graph.PowerShell.Models.MicrosoftGraphLicenseUnitsDetail\nSPE_E5 2\n", ""},
		{mg + "Get-MgSubscribedSku | Select-Object SkuPartNumber -ExpandProperty SkuId", skuE3 + "\n" + skuE5 + "\n", ""},
		{mg + "$s = Get-MgSubscribedSku -All -Property SkuPartNumber,SkuId; $s[0].SkuPartNumber; $s[0].ConsumedUnits -eq $null", "SPE_E3\nTrue\n", ""},
		{mg + "Get-MgSubscribedSku -Property Seats", "", `Get-MgSubscribedSku_List: Could not find a property named 'Seats' on type 'microsoft\.graph\.subscribedSku'\..*`},
	}...)
}

func TestGraphDirectory(t *testing.T) {
	t.Parallel()
	s := newCompat(t)
	s.Check(licshtest.Pattern, []licshtest.Case{
		{mg + "(Get-MgGroup -Filter \"displayName eq 'licensed'\").DisplayName; (Get-MgGroup -Filter \"startswith(displayName,'Lic') or displayName in ('x', 'y')\").Count", "Licensed\n1\n", ""},
		{mg + "(Get-MgGroup -Filter \"displayName eq 'nobody'\").Count", "0\n", ""},
		{mg + "Get-MgGroup -Filter \"mailNickname eq 'x'\"", "", `Get-MgGroup_List: Unsupported or invalid query filter clause specified for property 'mailNickname' of resource 'Group'\..*`},
		{mg + "Get-MgGroup -Filter \"colour eq 'x'\"", "", `Get-MgGroup_List: Could not find a property named 'colour' on type 'microsoft\.graph\.group'\..*`},
		{mg + "Get-MgGroup -Filter 'assignedLicenses/$count eq 0'", "", `Get-MgGroup_List: Invalid filter clause.*`},
		{mg + "$g = Get-MgGroup -Filter \"displayName eq 'Licensed'\"; $g.DisplayName; $g.AssignedLicenses.SkuId", "Licensed\n" + skuE3 + "\n", ""},
		{"Add-GroupMember -Group Licensed -Member ann@contoso.com, cy@contoso.com\n" + mg + "$g = Get-MgGroup -Filter \"displayName eq 'Licensed'\"\n(Get-MgGroupMember -GroupId $g.Id -All).AdditionalProperties.userPrincipalName -join ' '", "ann@contoso.com cy@contoso.com\n", ""},
		{mg + "Get-MgGroup -GroupId 00000000-0000-0000-0000-000000000001", "", `Get-MgGroup_Get: Resource '00000000-0000-0000-0000-000000000001' does not exist.*`},
		{mg + "$id = (Get-MgUser -UserId bob@contoso.com).Id\nRemove-MgUser -UserId $id -Confirm:$false\n(Get-MgDirectoryDeletedItem -DirectoryObjectId $id).AdditionalProperties.userPrincipalName\n(Get-MgDirectoryDeletedItemAsUser -All).UserPrincipalName\n(Get-User -All).Count",
			"bob@contoso.com\nbob@contoso.com\n3\n", ""},
		{mg + "$id = (Get-DeletedUser).Id\n(Restore-MgDirectoryDeletedItem -DirectoryObjectId $id).Id -eq $id" + strings.Replace(licensesOf, "%s", "bob@contoso.com", 1), "True\nSPE_E3/Direct/\n", ""},
		{mg + "$g = Get-MgGroup -Filter \"displayName eq 'Licensed'\"\nSet-MgGroupLicense -GroupId $g.Id -AddLicenses @() -RemoveLicenses @('" + skuE3 + "') | Out-Null\n(Get-Group Licensed).Licenses.Count", "0\n", ""},
	}...)
}

// newCompat is a session on a new tenant made by compatTenant.
func newCompat(t *testing.T) *licshtest.Session {
	t.Helper()
	s := licshtest.New(t)
	s.MustRun(compatTenant)
	return s
}

const msol = "Connect-MsolService\n"

func TestMsol(t *testing.T) {
	t.Parallel()
	s := newCompat(t)
	lic := func(upn string) string { return strings.Replace(licensesOf, "%s", upn, 1) }
	s.Check(licshtest.Pattern, []licshtest.Case{
		{"Get-MsolUser", "", `Get-MsolUser: You must call the Connect-MsolService cmdlet before calling any other cmdlets\.`},
		// Each license lists its plans' status, as scripts reporting
		// disabled services read them.
		{msol + "$l = (Get-MsolUser -UserPrincipalName ann@contoso.com).Licenses; $l.AccountSkuId; ($l.ServiceStatus | Where-Object ProvisioningStatus -eq Disabled).ServicePlan.ServiceName; ($l.ServiceStatus | Where-Object ProvisioningStatus -eq Success).Count -gt 10",
			"contoso:SPE_E5\nSWAY\nTrue\n", ""},
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
	}...)
}

const aad = "Connect-AzureAD | Out-Null\n"

func TestAzureAD(t *testing.T) {
	t.Parallel()
	s := newCompat(t)
	lic := func(upn string) string { return strings.Replace(licensesOf, "%s", upn, 1) }
	s.Check(licshtest.Pattern, []licshtest.Case{
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
	}...)
}

// TestSessionAccount checks that the connect cmdlets act as the account the
// session acts as, or the one they name, with its roles, and that a failed
// sign-in leaves the session acting as nobody rather than as the admin.
func TestSessionAccount(t *testing.T) {
	t.Parallel()
	s := newCompat(t)
	// bob holds no admin role; cy has no usage location, which only an
	// admin may set.
	const asBob = "Connect-Tenant -Account bob@contoso.com\n"
	const loc = "\n(Get-User cy@contoso.com).UsageLocation -eq ''"
	s.Check(licshtest.Pattern, []licshtest.Case{
		{asBob + mg + "(Get-MgContext).Account\nUpdate-MgUser -UserId cy@contoso.com -UsageLocation US" + loc, "bob@contoso.com\nTrue\n",
			`Update-MgUser_UpdateExpanded: Insufficient privileges to complete the operation\..*Status: 403 \(Forbidden\).*ErrorCode: Authorization_RequestDenied.*`},
		{asBob + msol + "Set-MsolUser -UserPrincipalName cy@contoso.com -UsageLocation US" + loc, "True\n",
			`Set-MsolUser: Access Denied\. You do not have permissions to call this cmdlet\.`},
		{"Connect-MsolService -Credential bob@contoso.com\nSet-MsolUser -UserPrincipalName cy@contoso.com -UsageLocation US" + loc, "True\n",
			`Set-MsolUser: Access Denied\. You do not have permissions to call this cmdlet\.`},
		{"(Connect-AzureAD -AccountId bob@contoso.com).Account\nSet-AzureADUser -ObjectId cy@contoso.com -UsageLocation US" + loc, "bob@contoso.com\nTrue\n",
			`Set-AzureADUser: Error occurred while executing SetUser .*Code: Authorization_RequestDenied.*HttpStatusCode: Forbidden.*`},
		{"Connect-AzureAD -Credential ([pscustomobject]@{UserName = 'bob@contoso.com'}) | Out-Null\n(Get-Tenant).ActingAdmin", "bob@contoso.com\n", ""},
		// A failed sign-in: nobody acts, and the modules that were not
		// connected do not become so.
		{"Connect-Tenant -Account nobody@contoso.com\nSet-User cy@contoso.com -UsageLocation US\n" + mg + loc, "True\n",
			`Connect-Tenant: Resource 'nobody@contoso.com' does not exist.* Set-User: Insufficient privileges to complete the operation\. Connect-MgGraph: No account is signed in: the last sign-in failed\.`},
		{mg + "Connect-AzureAD -AccountId nobody@contoso.com\nUpdate-MgUser -UserId cy@contoso.com -UsageLocation US\nGet-AzureADUser -ObjectId cy@contoso.com" + loc, "True\n",
			`Connect-AzureAD: One or more errors occurred\.: AADSTS50034: The user account \{EmailHidden\} does not exist in the contoso\.com directory\. .*Update-MgUser_UpdateExpanded: Insufficient privileges.* Get-AzureADUser: You must call the Connect-AzureAD cmdlet before calling any other cmdlets\.`},
		// Naming an admin signs the session in with the admin's roles again.
		{asBob + "Connect-MsolService -Credential admin@contoso.com\nSet-MsolUser -UserPrincipalName cy@contoso.com -UsageLocation US" + loc, "False\n", ""},
	}...)
}

func TestGraphSession(t *testing.T) {
	t.Parallel()
	s := newCompat(t)
	s.Check(licshtest.Pattern, []licshtest.Case{
		{"Get-MgContext\n(Get-MgContext) -eq $null", "True\n", ""},
		{"Connect-MgGraph -Scopes User.Read.All, Group.ReadWrite.All -NoWelcome\n$c = Get-MgContext\n$c.Account; $c.Scopes -join ','; $c.AuthType; $c.TokenCredentialType; $c.ClientId; $c.AppName; $c.ContextScope; $c.Environment; $c.TenantId -eq (Get-Tenant).TenantId; $c.GetType().FullName",
			"admin@contoso.com\nUser.Read.All,Group.ReadWrite.All\nDelegated\nInteractiveBrowser\n14d82eec-204b-4c2f-b7e8-296a70dab67e\nMicrosoft Graph Command Line Tools\nCurrentUser\nGlobal\nTrue\nMicrosoft.Graph.PowerShell.Authentication.AuthContext\n", ""},
		{"Connect-MgGraph -ClientId 11111111-2222-3333-4444-555555555555 -TenantId contoso.onmicrosoft.com -CertificateThumbprint ABC -ContextScope Process -Environment USGov -NoWelcome\n$c = Get-MgContext\n$c.AuthType; $c.TokenCredentialType; $c.CertificateThumbprint; $c.AppName -eq $null; $c.ContextScope; $c.Environment",
			"AppOnly\nClientCertificate\nABC\nTrue\nProcess\nUSGov\n", ""},
		{"Connect-MgGraph -UseDeviceCode -NoWelcome\n(Get-MgContext).TokenCredentialType", "DeviceCode\n", ""},
		{"Connect-MgGraph -Identity -NoWelcome\n(Get-MgContext).AuthType", "ManagedIdentity\n", ""},
		{"Connect-MgGraph", "Welcome to Microsoft Graph!\n\nConnected via delegated access using 14d82eec-204b-4c2f-b7e8-296a70dab67e\nReadme: https://aka.ms/graph/sdk/powershell\nSDK Docs: https://aka.ms/graph/sdk/powershell/docs\nAPI Docs: https://aka.ms/graph/docs\n\nNOTE: You can use the -NoWelcome parameter to suppress this message.\n", ""},
		// Disconnect-MgGraph outputs the context it leaves; the Graph
		// cmdlets then refuse, while the session's own cmdlets go on.
		{mg + "(Disconnect-MgGraph).Account\nGet-MgContext\nGet-MgUser -UserId ann@contoso.com\n(Get-User ann@contoso.com).DisplayName", "admin@contoso.com\nAnn Lee\n",
			`Get-MgUser_Get: Authentication needed\. Please call Connect-MgGraph\.`},
		{"Disconnect-MgGraph", "", `Disconnect-MgGraph: No application to sign out from\.`},
		{"try { Disconnect-MgGraph -ErrorAction Stop } catch { $_.CategoryInfo.Category; $_.FullyQualifiedErrorId -like '*,Microsoft.Graph.PowerShell.Authentication.Cmdlets.DisconnectMgGraph' }", "InvalidArgument\nTrue\n", ""},
		{mg + "Disconnect-MgGraph | Out-Null\n" + mg + "(Get-MgUser -UserId ann@contoso.com).DisplayName", "Ann Lee\n", ""},
		{"Select-MgProfile -Name beta\n" + mg + "(Get-MgUser -UserId ann@contoso.com).DisplayName",
			"WARNING: Select-MgProfile is not available in Microsoft Graph PowerShell 2, whose v1.0 and beta cmdlets are separate modules (Microsoft.Graph, Microsoft.Graph.Beta); the v1.0 cmdlets run.\nAnn Lee\n", ""},
		{"Select-MgProfile -Name v2", "", `Select-MgProfile: Cannot validate argument on parameter 'Name'\. The argument "v2" does not belong to the set "v1\.0,beta" specified by the ValidateSet attribute\..*`},
	}...)
}

func TestGraphDirectoryObjects(t *testing.T) {
	t.Parallel()
	s := newCompat(t)
	s.MustRun("Add-RoleAssignment -Role 'License Administrator' -User bob@contoso.com\nAdd-GroupMember -Group Licensed -Member ann@contoso.com")
	const group = "$g = Get-MgGroup -Filter \"displayName eq 'Licensed'\"\n"
	s.Check(licshtest.Pattern, []licshtest.Case{
		{mg + "$o = Get-MgOrganization -CountVariable n; $n; $o.DisplayName; $o.Id -eq (Get-Tenant).TenantId; $o.TenantType; ($o.VerifiedDomains | ForEach-Object { '{0} {1} {2}' -f $_.Name, $_.IsDefault, $_.IsInitial }) -join '; '",
			"1\nContoso\nTrue\nAAD\ncontoso.com True False; contoso.onmicrosoft.com False True\n", ""},
		{mg + "$p = (Get-MgOrganization).AssignedPlans; ($p | Where-Object Service -eq SWAY).Count; ($p | Select-Object -First 1).CapabilityStatus", "2\nEnabled\n", ""},
		{mg + "Get-MgOrganization -OrganizationId 00000000-0000-0000-0000-000000000001", "", `Get-MgOrganization_Get: Resource '00000000-0000-0000-0000-000000000001' does not exist.*Status: 404.*`},
		{mg + "Get-MgDomain | ForEach-Object { '{0} {1} {2} {3}' -f $_.Id, $_.IsDefault, $_.IsInitial, $_.IsVerified }\n(Get-MgDomain -DomainId CONTOSO.com).AuthenticationType",
			"contoso.com True False True\ncontoso.onmicrosoft.com False True True\nManaged\n", ""},
		{mg + "Get-MgDomain -DomainId fabrikam.com", "", `Get-MgDomain_Get: Resource 'fabrikam\.com' does not exist.*`},
		// Only the roles someone holds are activated, as in Graph.
		{mg + "(Get-MgDirectoryRole -CountVariable n).DisplayName -join ', '; $n", "Global Administrator, License Administrator\n2\n", ""},
		{mg + "$r = Get-MgDirectoryRole -Filter \"displayName eq 'license administrator'\"\n$r.RoleTemplateId; $r.Description\n(Get-MgDirectoryRoleMember -DirectoryRoleId $r.Id).AdditionalProperties.userPrincipalName\n(Get-MgDirectoryRole -DirectoryRoleId $r.Id).DisplayName",
			"4d6ac14f-3453-41d0-bef9-a3e0c569773a\nCan manage product licenses on users and groups.\nbob@contoso.com\nLicense Administrator\n", ""},
		{mg + "(Get-MgDirectoryRole -Filter \"roleTemplateId eq '62e90394-69f5-4237-9190-012177145e10'\").DisplayName", "Global Administrator\n", ""},
		{mg + "Get-MgDirectoryRole -Filter \"startswith(displayName,'G')\"", "", `Get-MgDirectoryRole_List: Invalid filter clause.*Status: 400.*`},
		{mg + "Get-MgDirectoryRoleMember -DirectoryRoleId fe930be7-5e62-47db-91af-98c3a49a38b1", "", `Get-MgDirectoryRoleMember_List: Resource 'fe930be7-5e62-47db-91af-98c3a49a38b1' does not exist.*`},
		{mg + "Get-MgUserMemberOf -UserId bob@contoso.com -CountVariable n | ForEach-Object { $_.AdditionalProperties.'@odata.type' + ' ' + $_.AdditionalProperties.displayName }; $n\n(Get-MgUserMemberOf -UserId ann@contoso.com).AdditionalProperties.displayName",
			"#microsoft.graph.directoryRole License Administrator\n1\nLicensed\n", ""},
		{mg + "Get-MgUserMemberOf -UserId nobody@contoso.com", "", `Get-MgUserMemberOf_List: Resource 'nobody@contoso\.com' does not exist.*`},
		// Membership changes go through the tenant: cy inherits the group's
		// license, loses it with the membership, and Graph's refusals.
		{mg + group + "New-MgGroupMember -GroupId $g.Id -DirectoryObjectId (Get-MgUser -UserId cy@contoso.com).Id\n(Get-MgGroupMember -GroupId $g.Id -CountVariable n).AdditionalProperties.userPrincipalName -join ' '; $n" + strings.Replace(licensesOf, "%s", "cy@contoso.com", 1),
			"ann@contoso.com cy@contoso.com\n2\nSPE_E3/Licensed/\n", ""},
		{mg + group + "New-MgGroupMember -GroupId $g.Id -DirectoryObjectId cy@contoso.com", "",
			`New-MgGroupMember_Create: One or more added object references already exist for the following modified properties: 'members'\..*Status: 400 \(BadRequest\).*ErrorCode: Request_BadRequest.*`},
		{mg + group + "Remove-MgGroupMemberByRef -GroupId $g.Id -DirectoryObjectId cy@contoso.com" + strings.Replace(licensesOf, "%s", "cy@contoso.com", 1), "\n", ""},
		{mg + group + "Remove-MgGroupMemberByRef -GroupId $g.Id -DirectoryObjectId cy@contoso.com", "",
			`Remove-MgGroupMemberByRef_Delete: Resource 'cy@contoso\.com' does not exist.*Status: 404 \(NotFound\).*`},
		{mg + "New-MgGroupMember -GroupId 00000000-0000-0000-0000-000000000001 -DirectoryObjectId cy@contoso.com", "",
			`New-MgGroupMember_Create: Resource '00000000-0000-0000-0000-000000000001' does not exist.*`},
		{"Connect-Tenant bob@contoso.com\n" + mg + group + "New-MgGroupMember -GroupId $g.Id -DirectoryObjectId cy@contoso.com\n(Get-Group Licensed).MemberCount", "1\n",
			`New-MgGroupMember_Create: Insufficient privileges to complete the operation\..*Status: 403 \(Forbidden\).*`},
		{mg + "New-MgGroupMember -GroupId Licensed -DirectoryObjectId cy@contoso.com -WhatIf\n(Get-Group Licensed).MemberCount", "What if: Performing the operation \"New-MgGroupMember_Create\" on target \"Licensed\".\n1\n", ""},
		{mg + group + "Get-MgGroupOwner -GroupId $g.Id -All -CountVariable n; $n", "0\n", ""},
		{mg + "Get-MgGroupOwner -GroupId 00000000-0000-0000-0000-000000000001", "", `Get-MgGroupOwner_List: Resource '00000000-0000-0000-0000-000000000001' does not exist.*`},
		{mg + "(Get-MgGroup -All -CountVariable n).Count; $n", "1\n1\n", ""},
		{mg + "(Get-MgSubscribedSku -All -CountVariable n).Count; $n\nGet-MgDirectoryDeletedItemAsUser -All -CountVariable d; $d", "2\n2\n0\n", ""},
	}...)
}

func TestGraphNewUser(t *testing.T) {
	t.Parallel()
	s := newCompat(t)
	const pw = "$pw = @{ Password = 'xWwvJ]6NMw+bWH-d'; ForceChangePasswordNextSignIn = $true }\n"
	s.Check(licshtest.Pattern, []licshtest.Case{
		{mg + pw + "$u = New-MgUser -DisplayName 'Dee Ray' -UserPrincipalName dee@contoso.com -MailNickname dee -PasswordProfile $pw -AccountEnabled -UsageLocation FR -Department Legal\n$u.UserPrincipalName; $u.Id -eq (Get-User dee@contoso.com).Id; (Get-User dee@contoso.com).UsageLocation; (Get-AuditLog -Last 1).Operation",
			"dee@contoso.com\nTrue\nFR\nAdd user\n", ""},
		{mg + "$u = New-MgUser -BodyParameter @{ accountEnabled = $false; displayName = 'Eve'; mailNickname = 'eve'; userPrincipalName = 'eve@contoso.com'; passwordProfile = @{ password = 'Passw0rd!x' } }\n$u.DisplayName; (Get-User eve@contoso.com).AccountEnabled",
			"Eve\nFalse\n", ""},
		{mg + pw + "New-MgUser -DisplayName X -UserPrincipalName x@contoso.com -MailNickname x -PasswordProfile $pw", "",
			`New-MgUser_CreateExpanded: Property accountEnabled value is required but is empty or missing\..*Status: 400 \(BadRequest\).*`},
		{mg + pw + "New-MgUser -DisplayName X -UserPrincipalName x@contoso.com -PasswordProfile $pw -AccountEnabled", "",
			`New-MgUser_CreateExpanded: Property mailNickname value is required but is empty or missing\..*`},
		{mg + "New-MgUser -DisplayName X -UserPrincipalName x@contoso.com -MailNickname x -PasswordProfile @{ForceChangePasswordNextSignIn = $true} -AccountEnabled", "",
			`New-MgUser_CreateExpanded: Property passwordProfile value is required but is empty or missing\..*`},
		{mg + "New-MgUser -DisplayName X -UserPrincipalName x@contoso.com -MailNickname x -PasswordProfile @{Password = 'abc'} -AccountEnabled\n(Get-User -All).Count", "6\n",
			`New-MgUser_CreateExpanded: The specified password does not comply with password complexity requirements\. Please provide a different password\..*`},
		{mg + pw + "New-MgUser -DisplayName X -UserPrincipalName ann@contoso.com -MailNickname x -PasswordProfile $pw -AccountEnabled", "",
			`New-MgUser_CreateExpanded: Another object with the same value for property userPrincipalName already exists\..*Status: 400.*`},
		{"Connect-Tenant bob@contoso.com\n" + mg + pw + "New-MgUser -DisplayName X -UserPrincipalName x@contoso.com -MailNickname x -PasswordProfile $pw -AccountEnabled -City Paris", "",
			`New-MgUser_CreateExpanded: Insufficient privileges to complete the operation\..*Status: 403.*`},
		{mg + "Revoke-MgUserSignInSession -UserId ann@contoso.com\n(Get-AuditLog -Last 1).Operation", "True\nRevoke sign-in sessions\n", ""},
		{"Connect-Tenant bob@contoso.com\n" + mg + "Revoke-MgUserSignInSession -UserId bob@contoso.com\nRevoke-MgUserSignInSession -UserId ann@contoso.com", "True\n",
			`Revoke-MgUserSignInSession_Revoke: Insufficient privileges to complete the operation\..*`},
		{mg + "Revoke-MgUserSignInSession -UserId nobody@contoso.com", "", `Revoke-MgUserSignInSession_Revoke: Resource 'nobody@contoso\.com' does not exist.*Status: 404.*`},
	}...)
}

func TestMsolDirectory(t *testing.T) {
	t.Parallel()
	s := newCompat(t)
	s.MustRun("Add-RoleAssignment -Role 'License Administrator' -User bob@contoso.com\nAdd-GroupMember -Group Licensed -Member ann@contoso.com, cy@contoso.com\nNew-Group 'Sales Team' | Out-Null")
	lic := func(upn string) string { return strings.Replace(licensesOf, "%s", upn, 1) }
	s.Check(licshtest.Pattern, []licshtest.Case{
		{"Get-MsolCompanyInformation", "", `Get-MsolCompanyInformation: You must call the Connect-MsolService cmdlet before calling any other cmdlets\.`},
		{msol + "$c = Get-MsolCompanyInformation; $c.DisplayName; $c.InitialDomain; $c.ObjectId -eq (Get-Tenant).TenantId; $c.DirectorySynchronizationEnabled",
			"Contoso\ncontoso.onmicrosoft.com\nTrue\nFalse\n", ""},
		{msol + "Get-MsolSubscription | Sort-Object SkuPartNumber | ForEach-Object { '{0} {1} {2} {3}' -f $_.SkuPartNumber, $_.Status, $_.TotalLicenses, $_.IsTrial }",
			"SPE_E3 Enabled 5 False\nSPE_E5 Enabled 2 False\n", ""},
		{msol + "$id = (Get-Subscription | Where-Object SkuPartNumber -eq SPE_E5).SubscriptionId\n(Get-MsolSubscription -SubscriptionId $id).SkuPartNumber\n(Get-MsolSubscription -SubscriptionId $id).ServiceStatus.Count -gt 10", "SPE_E5\nTrue\n", ""},
		{msol + "Get-MsolGroup | ForEach-Object { '{0} {1} {2}' -f $_.DisplayName, $_.GroupType, ($_.Licenses.AccountSkuId -join ',') }",
			"Licensed Security contoso:SPE_E3\nSales Team Security \n", ""},
		{msol + "(Get-MsolGroup -SearchString sal).DisplayName; (Get-MsolGroup -GroupType DistributionList).Count; (Get-MsolGroup -MaxResults 1).Count",
			"Sales Team\n0\nWARNING: More results are available. Please specify one of the All or MaxResults parameters.\n1\n", ""},
		{msol + "$g = Get-MsolGroup -SearchString Licensed\n(Get-MsolGroup -ObjectId $g.ObjectId).DisplayName\nGet-MsolGroupMember -GroupObjectId $g.ObjectId | ForEach-Object { '{0} {1} {2}' -f $_.GroupMemberType, $_.EmailAddress, $_.IsLicensed }",
			"Licensed\nUser ann@contoso.com True\nUser cy@contoso.com True\n", ""},
		{msol + "Get-MsolGroupMember -GroupObjectId 00000000-0000-0000-0000-000000000001", "",
			`Get-MsolGroupMember: Resource '00000000-0000-0000-0000-000000000001' does not exist or one of its queried reference-property objects are not present\.`},
		{msol + "Get-MsolDomain | ForEach-Object { '{0} {1} {2} {3} {4}' -f $_.Name, $_.Status, $_.Authentication, $_.IsDefault, $_.IsInitial }\n(Get-MsolDomain -DomainName contoso.onmicrosoft.com).IsInitial",
			"contoso.com Verified Managed True False\ncontoso.onmicrosoft.com Verified Managed False True\nTrue\n", ""},
		{msol + "Get-MsolDomain -DomainName fabrikam.com", "", `Get-MsolDomain: Resource 'fabrikam\.com' does not exist.*`},
		// MSOnline's old role names; the ObjectId is the role template's.
		{msol + "$r = Get-MsolRole -RoleName 'Company Administrator'; $r.ObjectId; $r.Name\n(Get-MsolRole -ObjectId fe930be7-5e62-47db-91af-98c3a49a38b1).Name\n(Get-MsolRole).Count",
			"62e90394-69f5-4237-9190-012177145e10\nCompany Administrator\nUser Account Administrator\n11\n", ""},
		{msol + "$r = Get-MsolRole -RoleName 'License Administrator'\nGet-MsolRoleMember -RoleObjectId $r.ObjectId | ForEach-Object { '{0} {1} {2}' -f $_.RoleMemberType, $_.EmailAddress, $_.IsLicensed }\n(Get-MsolRoleMember -RoleObjectId (Get-MsolRole -RoleName 'Company Administrator').ObjectId).EmailAddress",
			"User bob@contoso.com True\nadmin@contoso.com\n", ""},
		{msol + "Get-MsolRole -RoleName Janitor", "", `Get-MsolRole: Resource 'Janitor' does not exist.*`},
		// New-MsolUser licenses in the same change: without a usage
		// location the user is not created at all.
		{msol + "$u = New-MsolUser -UserPrincipalName dee@contoso.com -DisplayName 'Dee Ray' -UsageLocation US -LicenseAssignment contoso:SPE_E3 -Department Legal\n$u.Password -match '^[A-Z][a-z]{2}[0-9]{5}$'; $u.IsLicensed; $u.Department" + lic("dee@contoso.com"),
			"True\nTrue\nLegal\nSPE_E3/Direct/\n", ""},
		{msol + "New-MsolUser -UserPrincipalName eve@contoso.com -DisplayName Eve -LicenseAssignment contoso:SPE_E3\n(Get-User -All).Count", "5\n",
			`New-MsolUser: You must provide a required property: Parameter name: UsageLocation`},
		{msol + "(New-MsolUser -UserPrincipalName eve@contoso.com -DisplayName Eve -Password 'Spring2025!').Password\nNew-MsolUser -UserPrincipalName fay@contoso.com -DisplayName Fay -Password abc",
			"Spring2025!\n", `New-MsolUser: The specified password does not comply with password complexity requirements\. Please provide a different password\.`},
		{msol + "(Set-MsolUserPassword -UserPrincipalName ann@contoso.com -ForceChangePassword $true) -match '^[A-Z][a-z]{2}[0-9]{5}$'\nSet-MsolUserPassword -UserPrincipalName ann@contoso.com -NewPassword 'Autumn2025!'\n(Get-AuditLog -Last 1).Detail",
			"True\nAutumn2025!\n\n", ""},
		{"Connect-MsolService -Credential bob@contoso.com\nSet-MsolUserPassword -UserPrincipalName ann@contoso.com", "",
			`Set-MsolUserPassword: Access Denied\. You do not have permissions to call this cmdlet\.`},
		{msol + "Set-MsolUserPassword -UserPrincipalName nobody@contoso.com", "", `Set-MsolUserPassword: User Not Found\. User: nobody@contoso\.com\.`},
		{msol + "@(Get-MsolPartnerContract -All).Count", "0\n", ""},
		{"Get-MsolPartnerContract", "", `Get-MsolPartnerContract: You must call the Connect-MsolService cmdlet before calling any other cmdlets\.`},
	}...)
}

func TestAzureADDirectory(t *testing.T) {
	t.Parallel()
	s := newCompat(t)
	s.MustRun("Add-RoleAssignment -Role 'License Administrator' -User bob@contoso.com\nAdd-GroupMember -Group Licensed -Member ann@contoso.com\nNew-Group 'Sales Team' | Out-Null")
	const group = "$g = Get-AzureADGroup -SearchString Licensed\n"
	s.Check(licshtest.Pattern, []licshtest.Case{
		{aad + "Get-AzureADGroup | ForEach-Object { $_.DisplayName + ' ' + $_.SecurityEnabled + ' ' + $_.ObjectType }\n(Get-AzureADGroup -Filter \"displayName eq 'Sales Team'\").DisplayName\n(Get-AzureADGroup -Top 1).Count",
			"Licensed True Group\nSales Team True Group\nSales Team\n1\n", ""},
		{aad + "Get-AzureADGroup -ObjectId 00000000-0000-0000-0000-000000000001", "",
			`Get-AzureADGroup: Error occurred while executing GetGroup .*Code: Request_ResourceNotFound .*Message: Resource '00000000-0000-0000-0000-000000000001' does not exist.*HttpStatusCode: NotFound.*`},
		{aad + group + "(Get-AzureADGroupMember -ObjectId $g.ObjectId -All $true).UserPrincipalName", "ann@contoso.com\n", ""},
		{aad + group + "Add-AzureADGroupMember -ObjectId $g.ObjectId -RefObjectId (Get-AzureADUser -ObjectId cy@contoso.com).ObjectId\n(Get-AzureADGroupMember -ObjectId $g.ObjectId).UserPrincipalName -join ' '" + strings.Replace(licensesOf, "%s", "cy@contoso.com", 1),
			"ann@contoso.com cy@contoso.com\nSPE_E3/Licensed/\n", ""},
		{aad + group + "Add-AzureADGroupMember -ObjectId $g.ObjectId -RefObjectId cy@contoso.com", "",
			`Add-AzureADGroupMember: Error occurred while executing AddGroupMember .*Code: Request_BadRequest .*Message: One or more added object references already exist for the following modified properties: 'members'\..*`},
		{aad + group + "Remove-AzureADGroupMember -ObjectId $g.ObjectId -MemberId cy@contoso.com" + strings.Replace(licensesOf, "%s", "cy@contoso.com", 1), "\n", ""},
		{aad + group + "Remove-AzureADGroupMember -ObjectId $g.ObjectId -MemberId cy@contoso.com", "",
			`Remove-AzureADGroupMember: Error occurred while executing RemoveGroupMember .*Code: Request_ResourceNotFound .*Message: Resource 'cy@contoso\.com' does not exist.*`},
		{"Connect-AzureAD -AccountId bob@contoso.com | Out-Null\n" + group + "Add-AzureADGroupMember -ObjectId $g.ObjectId -RefObjectId cy@contoso.com", "",
			`Add-AzureADGroupMember: Error occurred while executing AddGroupMember .*Code: Authorization_RequestDenied .*HttpStatusCode: Forbidden.*`},
		{aad + "Get-AzureADUserMembership -ObjectId bob@contoso.com | ForEach-Object { $_.ObjectType + ' ' + $_.DisplayName }\nGet-AzureADUserMembership -ObjectId ann@contoso.com | ForEach-Object { $_.ObjectType + ' ' + $_.DisplayName }",
			"Role License Administrator\nGroup Licensed\n", ""},
		{aad + "$t = Get-AzureADTenantDetail; $t.DisplayName; $t.ObjectId -eq (Get-Tenant).TenantId; ($t.VerifiedDomains | Where-Object Initial).Name; ($t.VerifiedDomains | Where-Object _Default).Name; ($t.AssignedPlans | Where-Object Service -eq SWAY).Count",
			"Contoso\nTrue\ncontoso.onmicrosoft.com\ncontoso.com\n2\n", ""},
		{aad + "(Get-AzureADDirectoryRole).DisplayName -join ', '\n$r = Get-AzureADDirectoryRole | Where-Object DisplayName -eq 'License Administrator'\n$r.RoleTemplateId\n(Get-AzureADDirectoryRoleMember -ObjectId $r.ObjectId).UserPrincipalName",
			"Global Administrator, License Administrator\n4d6ac14f-3453-41d0-bef9-a3e0c569773a\nbob@contoso.com\n", ""},
		{aad + "Get-AzureADDirectoryRoleMember -ObjectId fe930be7-5e62-47db-91af-98c3a49a38b1", "",
			`Get-AzureADDirectoryRoleMember: Error occurred while executing GetDirectoryRoleMember .*Code: Request_ResourceNotFound .*`},
		// A user's AssignedPlans are the enabled plans of what they hold:
		// ann's E5 has Sway disabled.
		{aad + "$ann = Get-AzureADUser -ObjectId ann@contoso.com\n@($ann.AssignedPlans | Where-Object Service -eq SWAY).Count; ($ann.AssignedPlans | Where-Object Service -eq EXCHANGE_S_ENTERPRISE).CapabilityStatus -join ','\n(Get-AzureADUser -ObjectId cy@contoso.com).AssignedPlans.Count",
			"1\nEnabled,Enabled\n0\n", ""},
		{aad + "Revoke-AzureADUserAllRefreshToken -ObjectId ann@contoso.com\n(Get-AuditLog -Last 1).Operation", "Revoke sign-in sessions\n", ""},
		{"Connect-AzureAD -AccountId bob@contoso.com | Out-Null\nRevoke-AzureADUserAllRefreshToken -ObjectId ann@contoso.com", "",
			`Revoke-AzureADUserAllRefreshToken: Error occurred while executing RevokeUserAllRefreshToken .*Code: Authorization_RequestDenied.*`},
		{aad + "Disconnect-AzureAD\nGet-AzureADGroup\n(Get-Group Licensed).DisplayName", "Licensed\n",
			`Get-AzureADGroup: You must call the Connect-AzureAD cmdlet before calling any other cmdlets\.`},
	}...)
}

// TestCensusCmdlets checks the cmdlets public admin scripts use that the
// three modules lacked: creating AzureAD users and guests, AzureAD's
// license details and group owners, MSOnline's group members and Graph's
// beta license details, each with its effect on the tenant.
func TestCensusCmdlets(t *testing.T) {
	t.Parallel()
	s := newCompat(t)
	lic := func(upn string) string { return strings.Replace(licensesOf, "%s", upn, 1) }
	const group = "$g = Get-MsolGroup -SearchString Licensed\n"
	s.Check(licshtest.Pattern, []licshtest.Case{
		{aad + `$PasswordProfile = New-Object -TypeName Microsoft.Open.AzureAD.Model.PasswordProfile
$PasswordProfile.Password = 'xWwvJ]6NMw+bWH-d'
$PasswordProfile.ForceChangePasswordNextLogin = $true
$u = New-AzureADUser -DisplayName 'Dee Nu' -PasswordProfile $PasswordProfile -UserPrincipalName dee@contoso.com -AccountEnabled $true -MailNickName dee -UsageLocation FR -Department IT
$u.UserPrincipalName; $u.UserType; $u.AssignedLicenses.Count
$t = Get-User dee@contoso.com; $t.UsageLocation; $t.Department; $t.AccountEnabled`, "dee@contoso.com\nMember\n0\nFR\nIT\nTrue\n", ""},
		{aad + "$p = New-Object Microsoft.Open.AzureAD.Model.PasswordProfile; $p.Password = 'xWwvJ]6NMw+bWH-d'\nNew-AzureADUser -DisplayName 'No Alias' -PasswordProfile $p -UserPrincipalName na@contoso.com -AccountEnabled $true\n@(Get-User -All | Where-Object UserPrincipalName -eq na@contoso.com).Count",
			"0\n", `New-AzureADUser: Error occurred while executing NewUser .*Message: Invalid value specified for property 'mailNickname' of resource 'User'\..*HttpStatusCode: BadRequest.*`},
		{aad + "Get-AzureADUserLicenseDetail -ObjectId ann@contoso.com | ForEach-Object { $_.SkuPartNumber; $_.SkuId; ($_.ServicePlans | Where-Object ProvisioningStatus -eq Disabled).ServicePlanName; $_.ObjectId.Length }",
			"SPE_E5\n" + skuE5 + "\nSWAY\n43\n", ""},
		{aad + "Get-AzureADUserLicenseDetail -ObjectId nobody@contoso.com", "", `Get-AzureADUserLicenseDetail: Error occurred while executing GetUserLicenseDetail .*Code: Request_ResourceNotFound.*`},
		{aad + `$i = New-AzureADMSInvitation -InvitedUserEmailAddress 'ext.one@fabrikam.com' -InvitedUserDisplayName 'Ext One' -SendInvitationMessage $false -InviteRedirectUrl 'https://myapps.microsoft.com'
$i.Status; $i.InvitedUserType; $i.SendInvitationMessage
$g = Get-User $i.InvitedUser.Id; $g.UserPrincipalName; $g.UserType; $g.Mail; $g.DisplayName
$again = New-AzureADMSInvitation -InvitedUserEmailAddress 'ext.one@fabrikam.com' -InviteRedirectUrl 'https://myapps.microsoft.com'
$again.InvitedUser.Id -eq $i.InvitedUser.Id; @(Get-User -All | Where-Object UserType -eq Guest).Count`,
			"PendingAcceptance\nGuest\nFalse\next.one_fabrikam.com#EXT#@contoso.onmicrosoft.com\nGuest\next.one@fabrikam.com\nExt One\nTrue\n1\n", ""},
		{aad + "New-AzureADMSInvitation -InvitedUserEmailAddress 'not an address' -InviteRedirectUrl 'https://myapps.microsoft.com'", "",
			`New-AzureADMSInvitation: Error occurred while executing NewMSInvitation .*Message: The Primary SMTP Address is an invalid value .*`},
		{aad + "$g = Get-AzureADGroup -SearchString Licensed; @(Get-AzureADGroupOwner -ObjectId $g.ObjectId -All $true).Count", "0\n", ""},
		{aad + "Get-AzureADGroupOwner -ObjectId nope", "", `Get-AzureADGroupOwner: Error occurred while executing GetGroupOwner .*Resource 'nope' does not exist.*`},
		{msol + group + "$u = Get-MsolUser -UserPrincipalName cy@contoso.com\nAdd-MsolGroupMember -GroupObjectId $g.ObjectId -GroupMemberType User -GroupMemberObjectId $u.ObjectId\n(Get-MsolGroupMember -GroupObjectId $g.ObjectId).EmailAddress" + lic("cy@contoso.com"),
			"cy@contoso.com\nSPE_E3/Licensed/\n", ""},
		{msol + group + "Add-MsolGroupMember -GroupObjectId $g.ObjectId -GroupMemberObjectId cy@contoso.com", "", `Add-MsolGroupMember: One or more added object references already exist for the following modified properties: 'members'\.`},
		{msol + group + "Remove-MsolGroupMember -GroupObjectId $g.ObjectId -GroupMemberType User -GroupMemberObjectId cy@contoso.com\n@(Get-MsolGroupMember -GroupObjectId $g.ObjectId).Count" + lic("cy@contoso.com"), "0\n\n", ""},
		{msol + group + "Remove-MsolGroupMember -GroupObjectId $g.ObjectId -GroupMemberObjectId bob@contoso.com", "", `Remove-MsolGroupMember: User Not Found\. User: bob@contoso\.com\.`},
		{mg + "Get-MgBetaUserLicenseDetail -UserId bob@contoso.com | ForEach-Object { $_.SkuPartNumber; $_.Id -eq (Get-MgUserLicenseDetail -UserId bob@contoso.com).Id }", "SPE_E3\nTrue\n", ""},
		{"Import-Module Microsoft.Graph.Beta\n(Get-Module Microsoft.Graph.Beta*).Name -join ','\n(Get-Module Microsoft.Graph).Name", "Microsoft.Graph.Beta.Users,Microsoft.Graph.Beta\n", ""},
	}...)
}

// TestUnitsInWarning checks that units of an expired subscription, in its
// grace period, are reported as Warning and not as enabled, by all three
// modules, as Microsoft's licenseUnitsDetail has them.
func TestUnitsInWarning(t *testing.T) {
	t.Parallel()
	s := newCompat(t)
	s.MustRun("Add-Subscription -Sku SPE_E3 -Quantity 3 -Status Warning | Out-Null\nAdd-Subscription -Sku POWER_BI_PRO -Quantity 2 -Status Warning | Out-Null")
	s.Check(licshtest.Exact, []licshtest.Case{
		{mg + "Get-MgSubscribedSku -All | Sort-Object SkuPartNumber | ForEach-Object { '{0} {1} enabled={2} warning={3}' -f $_.SkuPartNumber, $_.CapabilityStatus, $_.PrepaidUnits.Enabled, $_.PrepaidUnits.Warning }",
			"POWER_BI_PRO Warning enabled=0 warning=2\nSPE_E3 Enabled enabled=5 warning=3\nSPE_E5 Enabled enabled=2 warning=0\n", ""},
		{msol + "Get-MsolAccountSku | Where-Object SkuPartNumber -eq SPE_E3 | ForEach-Object { '{0} {1}' -f $_.ActiveUnits, $_.WarningUnits }", "5 3\n", ""},
		{aad + "(Get-AzureADSubscribedSku | Where-Object SkuPartNumber -eq SPE_E3).PrepaidUnits.Enabled", "5\n", ""},
	}...)
}

// TestLicenseAdminUsageLocation checks that a License Administrator may
// set usage locations through each module, and nothing else of a user.
func TestLicenseAdminUsageLocation(t *testing.T) {
	t.Parallel()
	s := newCompat(t)
	s.MustRun("Add-RoleAssignment -Role 'License Administrator' -User bob@contoso.com")
	const asBob = "Connect-Tenant -Account bob@contoso.com\n"
	s.Check(licshtest.Pattern, []licshtest.Case{
		{asBob + mg + "Update-MgUser -UserId cy@contoso.com -UsageLocation FR\n(Get-User cy@contoso.com).UsageLocation", "FR\n", ""},
		{asBob + msol + "Set-MsolUser -UserPrincipalName cy@contoso.com -UsageLocation DE\n(Get-User cy@contoso.com).UsageLocation", "DE\n", ""},
		{asBob + aad + "Set-AzureADUser -ObjectId cy@contoso.com -UsageLocation NL\n(Get-User cy@contoso.com).UsageLocation", "NL\n", ""},
		{asBob + mg + "Update-MgUser -UserId cy@contoso.com -UsageLocation US -Department Sales\n(Get-User cy@contoso.com).Department", "IT\n",
			`Update-MgUser_UpdateExpanded: Insufficient privileges to complete the operation\..*`},
	}...)
}

// TestGraphRequests sends Graph's REST requests through Invoke-MgGraphRequest
// to the session's tenant, as the signed-in account.
func TestGraphRequests(t *testing.T) {
	t.Parallel()
	s := newCompat(t)
	s.Check(licshtest.Pattern, []licshtest.Case{
		{"Invoke-MgGraphRequest -Uri v1.0/me", "", `Invoke-MgGraphRequest: Authentication needed\. Please call Connect-MgGraph\.`},
		{mg + "$u = Invoke-MgGraphRequest -Uri 'https://graph.microsoft.com/v1.0/users/ann@contoso.com?$select=displayName,usageLocation'; $u.GetType().Name; $u.displayName; $u['usageLocation']",
			"Hashtable\nAnn Lee\nUS\n", ""},
		{mg + "(Invoke-MgGraphRequest GET 'users?$filter=department eq ''Sales''&$select=userPrincipalName').value.userPrincipalName -join ' '",
			"ann@contoso.com bob@contoso.com\n", ""},
		{mg + "(Invoke-MgGraphRequest -Uri /beta/me -OutputType PSObject).userPrincipalName", "admin@contoso.com\n", ""},
		{mg + "Invoke-MgGraphRequest -Uri 'v1.0/users/bob@contoso.com?$select=usageLocation' -OutputType Json", `{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users(usageLocation)/$entity","usageLocation":"GB"}` + "\n", ""},
		{mg + "Invoke-MgGraphRequest -Method POST -Uri v1.0/users/bob@contoso.com/assignLicense -Body @{ addLicenses = @(); removeLicenses = @('" + skuE3 + "') } | Out-Null" +
			fmt.Sprintf(licensesOf, "bob@contoso.com") + "\n(Get-AuditLog -Last 1).Actor",
			"\nadmin@contoso.com\n", ""},
		{mg + "Invoke-MgGraphRequest -Method PATCH -Uri v1.0/users/cy@contoso.com -Body '{\"usageLocation\":\"FR\"}' -StatusCodeVariable code; $code; (Get-User cy@contoso.com).UsageLocation",
			"204\nFR\n", ""},
		{mg + "try { Invoke-MgGraphRequest -Uri v1.0/users/nobody@contoso.com -ErrorAction Stop } catch { $_.FullyQualifiedErrorId; ($_.Exception.Message -split \"`n\")[0..1] }",
			"InvokeGraphHttpResponseException,Microsoft.Graph.PowerShell.Authentication.Cmdlets.InvokeMgGraphRequest\nGET https://graph.microsoft.com/v1.0/users/nobody@contoso.com\nHTTP/1.1 404 Not Found\n", ""},
		{mg + "(Invoke-MgGraphRequest -Uri v1.0/users/nobody@contoso.com -SkipHttpErrorCheck -StatusCodeVariable code).error.code; $code",
			"Request_ResourceNotFound\n404\n", ""},
		// The account's admin roles decide, not the sign-in's scopes.
		{"Connect-Tenant -Account bob@contoso.com\n" + mg + "(Invoke-MgGraphRequest -Method PATCH -Uri v1.0/users/cy@contoso.com -Body @{ department = 'Legal' } -SkipHttpErrorCheck).error.code; (Get-User cy@contoso.com).Department",
			"Authorization_RequestDenied\nIT\n", ""},
	}...)
}
