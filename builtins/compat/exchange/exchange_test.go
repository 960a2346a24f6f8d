package exchange_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"licsh/builtins/licshtest"
)

// exoTenant is a small tenant for the Exchange cmdlets: ann, bob (whose
// mail address is robert.ode@), lina and exo hold E3, with Exchange Online
// (Plan 2); dee E5; pat Business Premium, with Exchange Online (Plan 1); cy
// nothing. lina is a License Administrator and exo an Exchange
// Administrator.
const exoTenant = `
Initialize-Tenant -Name Contoso -DefaultDomain contoso.com | Out-Null
Set-TenantClock -Date '2026-03-02T09:00:00Z' | Out-Null
Add-Subscription -Sku SPE_E3 -Quantity 6 | Out-Null
Add-Subscription -Sku SPE_E5 -Quantity 1 | Out-Null
Add-Subscription -Sku O365_BUSINESS_PREMIUM -Quantity 1 | Out-Null
New-User -UserPrincipalName ann@contoso.com -DisplayName 'Ann Lee' -UsageLocation US | Out-Null
New-User -UserPrincipalName bob@contoso.com -DisplayName 'Bob Ode' -UsageLocation US -Mail robert.ode@contoso.com | Out-Null
New-User -UserPrincipalName cy@contoso.com -DisplayName 'Cy Po' -UsageLocation US | Out-Null
New-User -UserPrincipalName dee@contoso.com -DisplayName 'Dee Ray' -UsageLocation US | Out-Null
New-User -UserPrincipalName pat@contoso.com -DisplayName 'Pat Kim' -UsageLocation US | Out-Null
New-User -UserPrincipalName lina@contoso.com -DisplayName 'Lina Lopez' -UsageLocation US | Out-Null
New-User -UserPrincipalName exo@contoso.com -DisplayName 'Exo Admin' -UsageLocation US | Out-Null
'ann','bob','lina','exo' | ForEach-Object { Set-UserLicense "$_@contoso.com" -AddLicenses SPE_E3 }
Set-UserLicense dee@contoso.com -AddLicenses SPE_E5
Set-UserLicense pat@contoso.com -AddLicenses O365_BUSINESS_PREMIUM
Add-RoleAssignment -Role 'License Administrator' -User lina@contoso.com
Add-RoleAssignment -Role 'Exchange Administrator' -User exo@contoso.com
`

// exo connects quietly, as the scripts under test start.
const exo = "Connect-ExchangeOnline -ShowBanner:$false\n"

func newExo(t *testing.T) *licshtest.Session {
	t.Helper()
	s := licshtest.New(t)
	s.MustRun(exoTenant)
	return s
}

// check runs cases whose error output is compared as licshtest.Flat
// gives it: the same text, whatever the error view's line breaks.
func check(s *licshtest.Session, cases ...licshtest.Case) {
	s.T.Helper()
	for i := range cases {
		cases[i].Stderr = regexp.QuoteMeta(strings.Join(strings.Fields(cases[i].Stderr), " "))
	}
	s.Check(licshtest.Pattern, cases...)
}

// notFound is Exchange's error for an identity that names nothing.
func notFound(cmd, id string) string {
	return cmd + ": The operation couldn't be performed because object '" + id + "' couldn't be found on 'NAMPR04A001DC02.NAMPR04A001.prod.outlook.com'.\n"
}

const banner = `
----------------------------------------------------------------------------------------
This V3 EXO PowerShell module contains new REST API backed Exchange Online cmdlets which doesn't require WinRM for Client-Server communication. You can now run these cmdlets after turning off WinRM Basic Auth in your client machine thus making it more secure.

Unlike the EXO* prefixed cmdlets, the cmdlets in this module support full functional parity with the RPS (V1) cmdlets.

V3 cmdlets in the downloaded module are resilient to transient failures, handling retries and throttling errors inherently.

REST backed EOP and SCC cmdlets are also available in the V3 module. Similar to EXO, the cmdlets can be run without WinRM basic auth enabled.

For more information check https://aka.ms/exov3-module

Starting with EXO V3.7, use the LoadCmdletHelp parameter alongside Connect-ExchangeOnline to access the Get-Help cmdlet, as it will not be loaded by default
----------------------------------------------------------------------------------------

`

func TestExchangeConnection(t *testing.T) {
	t.Parallel()
	s := newExo(t)
	check(s, []licshtest.Case{
		{"Connect-ExchangeOnline", banner, ""},
		{"Connect-ExchangeOnline -UserPrincipalName admin@contoso.com -ShowBanner:$false", "", ""},
		{"(Get-Module -ListAvailable ExchangeOnlineManagement).Version.ToString(); (Get-Command Get-Mailbox).Source", "3.7.0\nExchangeOnlineManagement\n", ""},
		// Before any connect the cmdlets work as the session's account, as
		// licsh's Get-Mailbox always did; Get-ConnectionInformation says
		// there is no connection.
		{"(Get-Mailbox ann).PrimarySmtpAddress; @(Get-ConnectionInformation).Count", "ann@contoso.com\n0\n", ""},
		{exo + "$c = Get-ConnectionInformation; $c.State; $c.UserPrincipalName; $c.Name; $c.TenantID -eq (Get-Tenant).TenantId; $c.TokenStatus",
			"Connected\nadmin@contoso.com\nExchangeOnline_1\nTrue\nActive\n", ""},
		{"Connect-ExchangeOnline -UserPrincipalName exo@contoso.com -ShowBanner:$false; (Get-ConnectionInformation).UserPrincipalName; Set-Mailbox ann -Type Shared; (Get-Mailbox ann).RecipientTypeDetails; (Get-AuditLog -Last 1).Actor",
			"exo@contoso.com\nSharedMailbox\nexo@contoso.com\n", ""},
		{"Connect-ExchangeOnline -UserPrincipalName lina@contoso.com -ShowBanner:$false; Set-Mailbox bob -Type Shared", "",
			"Set-Mailbox: Insufficient privileges to complete the operation.\n"},
		// App-only sign-ins keep the session's account.
		{"Connect-Tenant exo@contoso.com\nConnect-ExchangeOnline -AppId 00000000-0000-0000-0000-000000000001 -CertificateThumbprint 012THISISADEMOTHUMBPRINT -Organization contoso.onmicrosoft.com -ShowBanner:$false\n$c = Get-ConnectionInformation; $c.UserPrincipalName; $c.AppId; $c.CertificateAuthentication",
			"exo@contoso.com\n00000000-0000-0000-0000-000000000001\nTrue\n", ""},
		// An unknown account fails and signs the session out: nothing is
		// changed as an admin by mistake.
		{"Connect-ExchangeOnline -UserPrincipalName nobody@contoso.com -ShowBanner:$false; Set-Mailbox bob -Type Shared; (Get-Mailbox bob).RecipientTypeDetails", "UserMailbox\n",
			"Connect-ExchangeOnline: AADSTS50034: The user account {EmailHidden} does not exist in the contoso.com directory. To sign into this application, the account must be added to the directory.\n" +
				"Set-Mailbox: Insufficient privileges to complete the operation.\n"},
		// After Disconnect-ExchangeOnline the cmdlets refuse, as the real
		// module's are gone, until Connect-ExchangeOnline; licsh's own
		// cmdlets keep working.
		{exo + "Disconnect-ExchangeOnline -Confirm:$false; @(Get-ConnectionInformation).Count; Get-Mailbox ann; (Get-UserData ann@contoso.com).MailboxState; " + exo + "(Get-Mailbox ann).Name",
			"0\nActive\nann\n", "Get-Mailbox: You must call the Connect-ExchangeOnline cmdlet before calling any other cmdlets.\n"},
		{"Disconnect-ExchangeOnline -WhatIf", "What if: Performing the operation \"Disconnect\" on target \"Exchange Online\".\n", ""},
		{exo + "try { Disconnect-ExchangeOnline -Confirm:$false; Set-Mailbox ann -Type Shared -ErrorAction Stop } catch { $_.FullyQualifiedErrorId }",
			"Microsoft.Exchange.Management.ExoPowershellSnapin.NotConnectedException,Microsoft.Exchange.Management.RecipientTasks.SetMailbox\n", ""},
	}...)
}

func TestExchangeGetMailbox(t *testing.T) {
	t.Parallel()
	s := newExo(t)
	s.MustRun("Set-Mailbox dee -LitigationHoldEnabled $true\nSet-Mailbox bob -Type Shared -ForwardingSmtpAddress ann@contoso.com\nSet-UserLicense bob@contoso.com -RemoveLicenses SPE_E3 -WarningAction SilentlyContinue")
	check(s, []licshtest.Case{
		// cy has no mailbox and admin no license; bob's shared mailbox
		// holds 50 GB without one, pat's Plan 1 mailbox too.
		{exo + "Get-Mailbox | Format-Table Name, Alias, ProhibitSendQuota", "\n" +
			"Name Alias ProhibitSendQuota\n" +
			"---- ----- -----------------\n" +
			"ann  ann   99 GB (106,300,440,576 bytes)\n" +
			"bob  bob   49.5 GB (53,150,220,288 bytes)\n" +
			"dee  dee   99 GB (106,300,440,576 bytes)\n" +
			"exo  exo   99 GB (106,300,440,576 bytes)\n" +
			"lina lina  99 GB (106,300,440,576 bytes)\n" +
			"pat  pat   49.5 GB (53,150,220,288 bytes)\n\n", ""},
		// The default table is Exchange Online's.
		{exo + "((Get-Mailbox ann | Out-String) -split \"`n\")[1].Trim() -replace ' +', ' '", "Name Alias Database ProhibitSendQuota ExternalDirectoryObjectId\n", ""},
		// Identities: alias, display name, address, UPN, an object.
		{exo + "(Get-Mailbox 'Ann Lee').UserPrincipalName; (Get-Mailbox robert.ode@contoso.com).Name; (Get-Mailbox -Identity (Get-User dee@contoso.com)).DisplayName; (Get-User ann@contoso.com | Get-Mailbox).Alias; (Get-Mailbox ann).ExternalDirectoryObjectId -eq (Get-User ann@contoso.com).Id",
			"ann@contoso.com\nbob\nDee Ray\nann\nTrue\n", ""},
		{exo + "$b = Get-Mailbox bob; $b.RecipientTypeDetails; $b.RecipientType; $b.IsShared; $b.SKUAssigned; $b.ForwardingSmtpAddress; $b.EmailAddresses -join ' '; $b.ProhibitSendReceiveQuota; \"$b\"",
			"SharedMailbox\nUserMailbox\nTrue\nFalse\nsmtp:ann@contoso.com\nSMTP:robert.ode@contoso.com smtp:bob@contoso.com\n50 GB (53,687,091,200 bytes)\nbob\n", ""},
		{exo + "(Get-Mailbox cy@contoso.com, nobody, ann).Name", "ann\n", notFound("Get-Mailbox", "cy@contoso.com") + notFound("Get-Mailbox", "nobody")},
		{exo + "try { Get-Mailbox nobody -ErrorAction Stop } catch { $_.CategoryInfo.Reason; $_.FullyQualifiedErrorId }",
			"ManagementObjectNotFoundException\nManagementObjectNotFoundException,Microsoft.Exchange.Management.RecipientTasks.GetMailbox\n", ""},
		{"New-User -UserPrincipalName ann@fabrikam.com -DisplayName 'Ann (Fabrikam)' | Out-Null\n" + exo + "Get-Mailbox ann", "",
			"Get-Mailbox: The operation couldn't be performed because 'ann' matches multiple entries.\n"},
		{exo + "(Get-Mailbox -RecipientTypeDetails SharedMailbox).Name; (Get-Mailbox -ResultSize Unlimited -RecipientTypeDetails UserMailbox).Count", "bob\n5\n", ""},
		{exo + "(Get-Mailbox -Filter \"RecipientTypeDetails -eq 'SharedMailbox'\").Name; (Get-Mailbox -Filter {LitigationHoldEnabled -eq $true}).Name", "bob\ndee\n", ""},
		{exo + "(Get-Mailbox -Filter \"(DisplayName -like 'a*' -or Alias -eq 'dee') -and -not (RecipientTypeDetails -ne 'UserMailbox')\").Name -join ','\n" +
			"(Get-Mailbox -Filter 'EmailAddresses -like \"*@contoso.com\" -and ForwardingSmtpAddress -ne $null').Name\n" +
			"(Get-Mailbox -Filter \"PrimarySmtpAddress -eq 'robert.ode@contoso.com' -or Name -eq 'O''Neil'\").Name",
			"ann,dee\nbob\nbob\n", ""},
		{exo + "(Get-Mailbox -ResultSize 2).Count", "2\n", ""},
		{exo + "Get-Mailbox -ResultSize lots", "",
			"Get-Mailbox: Cannot process argument transformation on parameter 'ResultSize'. Cannot convert value \"lots\" to type \"Microsoft.Exchange.Data.Unlimited`1[System.UInt32]\". Error: \"The value must be a positive number or Unlimited.\"\n"},
		{exo + "try { Get-Mailbox -Filter \"RecipientTypeDetails -eq\" -ErrorAction Stop } catch { $_.Exception.Message }",
			"Cannot bind parameter 'Filter' to the target. Exception setting \"Filter\": \"Invalid filter syntax. For a description of the filter parameter syntax see the command help.\n\"RecipientTypeDetails -eq\" at position 25.\"\n", ""},
		{exo + "try { Get-Mailbox -Filter \"(Alias -eq 'ann'\" -ErrorAction Stop } catch { ($_.Exception.Message -split \"`n\")[1] }",
			"\"(Alias -eq 'ann'\" at position 17.\"\n", ""},
		{exo + "try { Get-Mailbox -Filter \"Colour -eq 'red'\" -ErrorAction Stop } catch { $_.Exception.Message; $_.CategoryInfo.Reason; $_.CategoryInfo.Category }",
			"Cannot bind parameter 'Filter' to the target. Exception setting \"Filter\": \"\"Colour\" is not a recognized filterable property. For a list of filterable properties see the command help.\n\"Colour -eq 'red'\" at position 1.\"\nParameterBindingException\nInvalidArgument\n", ""},
		// The REST cmdlet: the Minimum property set, and what is asked for.
		{exo + "(Get-EXOMailbox -UserPrincipalName bob@contoso.com | Get-Member -MemberType Property).Name -join ','",
			"Alias,DisplayName,EmailAddresses,ExternalDirectoryObjectId,Guid,Id,Identity,Name,PrimarySmtpAddress,RecipientType,RecipientTypeDetails,UserPrincipalName\n", ""},
		{exo + "$m = Get-EXOMailbox bob -PropertySets Quota -Properties litigationholdenabled, IsShared; $m.ProhibitSendQuota; $m.LitigationHoldEnabled; $m.IsShared; ($m | Get-Member -MemberType Property).Count",
			"49.5 GB (53,150,220,288 bytes)\nFalse\nTrue\n17\n", ""},
		{exo + "(Get-EXOMailbox -ResultSize Unlimited -RecipientTypeDetails SharedMailbox -PropertySets All).ForwardingSmtpAddress", "smtp:ann@contoso.com\n", ""},
		{exo + "Get-EXOMailbox ann -Properties Colour", "",
			"Get-EXOMailbox: The property 'Colour' is not a property of a mailbox: Get-Mailbox | Get-Member lists them.\n"},
	}...)
}

// TestExchangeDeletedMailboxes: a deleted user's mailbox is inactive when
// litigation hold under Exchange Online (Plan 2) keeps it, soft-deleted
// otherwise; Exchange lists them only when asked.
func TestExchangeDeletedMailboxes(t *testing.T) {
	t.Parallel()
	s := newExo(t)
	s.MustRun("Set-Mailbox dee -LitigationHoldEnabled $true\nRemove-User dee@contoso.com\nRemove-User bob@contoso.com")
	check(s, []licshtest.Case{
		{exo + "(Get-Mailbox -InactiveMailboxOnly).Name; (Get-Mailbox -SoftDeletedMailbox).Name; (Get-Mailbox -IncludeInactiveMailbox).Name -join ','", "dee\nbob\nann,exo,lina,pat,dee\n", ""},
		{exo + "$d = Get-Mailbox dee -InactiveMailboxOnly; $d.IsInactiveMailbox; $d.LitigationHoldEnabled; $d.SKUAssigned; $b = Get-Mailbox bob -SoftDeletedMailbox; $b.IsSoftDeletedByRemove; $b.WhenSoftDeleted.ToString('yyyy-MM-dd')",
			"True\nTrue\nFalse\nTrue\n2026-03-02\n", ""},
		{exo + "Get-Mailbox dee", "", notFound("Get-Mailbox", "dee")},
	}...)
}

func TestExchangeSetMailbox(t *testing.T) {
	t.Parallel()
	s := newExo(t)
	// A second subscription of each keeps the ids of the random ones out
	// of Set-UserLicense's advice.
	s.MustRun("Add-Subscription -Sku SPE_E3 -Quantity 1 | Out-Null\nAdd-Subscription -Sku SPE_E5 -Quantity 1 | Out-Null")
	check(s, []licshtest.Case{
		// The offboarding order: convert, then remove the license; the
		// shared mailbox stays, with no purge warning.
		{exo + "Set-Mailbox -Identity ann@contoso.com -Type Shared\nSet-UserLicense ann@contoso.com -RemoveLicenses SPE_E3\nGet-UserData ann@contoso.com | ForEach-Object { $_.MailboxState, $_.MailboxType, $_.MailboxPurgeDate -join '|' }\nSet-TenantClock -AddDays 40 | Out-Null\n(Get-Mailbox ann).RecipientTypeDetails; (Get-UserData ann@contoso.com).MailboxState",
			"WARNING: Exchange keeps the shared mailbox of ann@contoso.com active without a license, with no grace period and no purge: up to 50 GB, without an archive or litigation hold.\n" +
				"WARNING: SPE_E3 has 4 unused licenses. To stop paying for them, lower the quantity: Set-Subscription -Id <SubscriptionId> -Quantity <n> (see Get-Subscription)\n" +
				"Active|Shared|\nSharedMailbox\nActive\n", ""},
		// The other order: the license goes first, and converting within
		// the grace period keeps the mailbox.
		{exo + "Set-UserLicense bob@contoso.com -RemoveLicenses SPE_E3 -WarningAction SilentlyContinue\nSet-TenantClock -AddDays 10 | Out-Null\n(Get-UserData bob@contoso.com).MailboxState\nSet-Mailbox bob -Type Shared\nSet-TenantClock -AddDays 40 | Out-Null\n(Get-UserData bob@contoso.com).MailboxState; (Get-Mailbox bob).IsShared",
			"Disconnected\nActive\nTrue\n", ""},
		// Back to a user's mailbox only with a license with Exchange.
		{exo + "Set-Mailbox bob -Type Regular", "",
			"Set-Mailbox: The shared mailbox 'bob@contoso.com' can't be converted to a regular mailbox because the user has no license that includes Exchange Online. Assign one (for example Microsoft 365 E3) first, then convert the mailbox.\n"},
		{exo + "Set-UserLicense bob@contoso.com -AddLicenses SPE_E3\nSet-Mailbox bob -Type Regular\n(Get-Mailbox bob).RecipientTypeDetails; (Get-AuditLog -Target bob@contoso.com -Operation 'Convert mailbox').After -join ' '",
			"UserMailbox\n\"Shared\" \"Regular\"\n", ""},
		// Litigation hold on a shared mailbox needs Exchange Online (Plan 2).
		{exo + "Set-Mailbox pat -Type Shared; Set-Mailbox pat -LitigationHoldEnabled $true", "",
			"Set-Mailbox: The shared mailbox 'pat@contoso.com' can't be placed on litigation hold without a license: a shared mailbox needs an Exchange Online (Plan 2) license, or Exchange Online (Plan 1) with Exchange Online Archiving, for litigation hold.\n"},
		{exo + "Set-Mailbox dee -Type Shared -LitigationHoldEnabled $true\nSet-UserLicense dee@contoso.com -RemoveLicenses SPE_E5; (Get-Mailbox dee).LitigationHoldEnabled",
			"WARNING: Exchange keeps the shared mailbox of dee@contoso.com active without a license, but litigation hold on a shared mailbox needs an Exchange Online (Plan 2) license: assign one to keep it on hold.\n" +
				"WARNING: SPE_E5 has 2 unused licenses. To stop paying for them, lower the quantity: Set-Subscription -Id <SubscriptionId> -Quantity <n> (see Get-Subscription)\nTrue\n", ""},
		// Forwarding and the address lists are kept; an address Exchange
		// cannot take is refused before anything changes.
		{exo + "Set-Mailbox ann -ForwardingSmtpAddress SMTP:lina@contoso.com -DeliverToMailboxAndForward $true -HiddenFromAddressListsEnabled $true\n$a = Get-Mailbox ann; $a.ForwardingSmtpAddress; $a.DeliverToMailboxAndForward; $a.HiddenFromAddressListsEnabled\nSet-Mailbox ann -ForwardingSmtpAddress $null; (Get-Mailbox ann).ForwardingSmtpAddress -eq $null",
			"smtp:lina@contoso.com\nTrue\nTrue\nTrue\n", ""},
		{exo + "Set-Mailbox lina -ForwardingSmtpAddress 'not an address' -Type Shared; (Get-Mailbox lina).RecipientTypeDetails", "UserMailbox\n",
			"Set-Mailbox: Cannot process argument transformation on parameter 'ForwardingSmtpAddress'. Cannot convert value \"not an address\" to type \"Microsoft.Exchange.Data.ProxyAddress\". Error: \"The address 'not an address' is invalid: \"not an address\" isn't a valid SMTP address. The domain name can't contain spaces and it has to have a prefix and a suffix, such as example.com.\"\n"},
		// Nothing to change is Exchange's warning; -WhatIf says what would
		// change.
		{exo + "Set-Mailbox lina -Type Regular", "WARNING: The command completed successfully but no settings of 'lina' have been modified.\n", ""},
		{exo + "Set-Mailbox lina -Type Shared -HiddenFromAddressListsEnabled $true -WhatIf; (Get-Mailbox lina).IsShared",
			"What if: Performing the operation \"Convert to a shared mailbox, Hide from address lists\" on target \"lina@contoso.com\".\nFalse\n", ""},
		{exo + "Get-Mailbox -RecipientTypeDetails UserMailbox | Where-Object Name -in 'exo', 'lina' | Set-Mailbox -Type Shared; (Get-Mailbox -RecipientTypeDetails SharedMailbox).Name -join ','", "ann,dee,exo,lina,pat\n", ""},
		{exo + "Set-Mailbox cy -Type Shared", "", notFound("Set-Mailbox", "cy")},
	}...)
}

func TestExchangePermissions(t *testing.T) {
	t.Parallel()
	s := newExo(t)
	check(s, []licshtest.Case{
		{exo + "Add-MailboxPermission -Identity ann -User lina@contoso.com -AccessRights FullAccess -InheritanceType All -AutoMapping $true", "\n" +
			"Identity User             AccessRights IsInherited  Deny\n" +
			"-------- ----             ------------ -----------  ----\n" +
			"ann      lina@contoso.com {FullAccess}       False False\n\n", ""},
		{exo + "Add-MailboxPermission -Identity ann -User lina -AccessRights FullAccess | Out-Null", "WARNING: An existing permission entry was found for user: lina.\n", ""},
		{exo + "Get-MailboxPermission ann | ForEach-Object { $_.User + ' ' + ($_.AccessRights -join ',') }; (Get-MailboxPermission ann -User lina@contoso.com).User; @(Get-MailboxPermission ann -User bob).Count",
			"NT AUTHORITY\\SELF FullAccess,ReadPermission\nlina@contoso.com FullAccess\nlina@contoso.com\n0\n", ""},
		// The rights stay when the mailbox is shared and its license goes.
		{exo + "Set-Mailbox ann -Type Shared; Set-UserLicense ann@contoso.com -RemoveAll -WarningAction SilentlyContinue; (Get-MailboxPermission ann -User lina).AccessRights", "FullAccess\n", ""},
		{exo + "Add-MailboxPermission -Identity cy -User lina -AccessRights FullAccess", "", notFound("Add-MailboxPermission", "cy")},
		{exo + "Add-MailboxPermission -Identity bob -User nobody -AccessRights FullAccess", "",
			"Add-MailboxPermission: Couldn't find object \"nobody\". Please make sure that it was spelled correctly or specify a different object.\n"},
		{exo + "Add-MailboxPermission -Identity bob -User lina -AccessRights SendAs", "",
			"Add-MailboxPermission: Cannot validate argument on parameter 'AccessRights'. The argument \"SendAs\" does not belong to the set \"ChangeOwner,ChangePermission,DeleteItem,ExternalAccount,FullAccess,ReadPermission\" specified by the ValidateSet attribute. Supply an argument that is in the set and then try the command again.\n"},
		{"Connect-ExchangeOnline -UserPrincipalName lina@contoso.com -ShowBanner:$false; Add-MailboxPermission -Identity bob -User lina -AccessRights FullAccess", "",
			"Add-MailboxPermission: Insufficient privileges to complete the operation.\n"},
	}...)
}

func TestExchangeGroups(t *testing.T) {
	t.Parallel()
	s := newExo(t)
	s.MustRun(exo + "New-DistributionGroup -Name 'Sales Team' -Members ann, bob | Out-Null\n" +
		"New-DistributionGroup -Name 'Finance Leads' -Type Security -Alias finlead -PrimarySmtpAddress leads@contoso.com -ManagedBy dee | Out-Null\n" +
		"New-UnifiedGroup -DisplayName 'Project X' -Alias projectx -Owner ann -Members bob | Out-Null\n" +
		"New-Group 'Badge Access' | Out-Null")
	check(s, []licshtest.Case{
		{exo + "Get-DistributionGroup", "\n" +
			"Name          DisplayName   GroupType                  PrimarySmtpAddress\n" +
			"----          -----------   ---------                  ------------------\n" +
			"Finance Leads Finance Leads Universal, SecurityEnabled leads@contoso.com\n" +
			"Sales Team    Sales Team    Universal                  SalesTeam@contoso.com\n\n", ""},
		{exo + "$g = Get-DistributionGroup SalesTeam@contoso.com; $g.Alias; $g.RecipientTypeDetails; $g.ManagedBy; (Get-DistributionGroup finlead).ManagedBy; (Get-DistributionGroup -RecipientTypeDetails MailUniversalSecurityGroup).Name; (Get-DistributionGroup -Filter \"Alias -like 'Sales*'\").Name",
			"SalesTeam\nMailUniversalDistributionGroup\nadmin\ndee\nFinance Leads\nSales Team\n", ""},
		{exo + "Get-DistributionGroupMember 'Sales Team'", "\n" +
			"Name RecipientType\n" +
			"---- -------------\n" +
			"ann  UserMailbox\n" +
			"bob  UserMailbox\n\n", ""},
		// A security group without mail, and a Microsoft 365 group, are no
		// distribution groups.
		{exo + "Get-DistributionGroup 'Badge Access'; Get-DistributionGroupMember projectx", "",
			notFound("Get-DistributionGroup", "Badge Access") + notFound("Get-DistributionGroupMember", "projectx")},
		{exo + "Add-DistributionGroupMember -Identity 'Sales Team' -Member cy\nAdd-DistributionGroupMember -Identity 'Sales Team' -Member ann\n(Get-DistributionGroupMember 'Sales Team').Name -join ','; (Get-DistributionGroupMember 'Sales Team' | Where-Object Name -eq cy).RecipientTypeDetails",
			"ann,bob,cy\nUser\n", "Add-DistributionGroupMember: The recipient \"ann\" is already a member of the group \"Sales Team\".\n"},
		{exo + "try { Add-DistributionGroupMember -Identity 'Sales Team' -Member ann -ErrorAction Stop } catch { $_.CategoryInfo.Reason }", "MemberAlreadyExistsException\n", ""},
		{exo + "Remove-DistributionGroupMember -Identity 'Sales Team' -Member bob -BypassSecurityGroupManagerCheck -Confirm:$false\nRemove-DistributionGroupMember -Identity 'Sales Team' -Member bob -Confirm:$false\n(Get-DistributionGroupMember 'Sales Team').Name -join ','",
			"ann,cy\n", "Remove-DistributionGroupMember: The recipient \"bob\" isn't a member of the group \"Sales Team\".\n"},
		{exo + "Add-DistributionGroupMember -Identity 'Sales Team' -Member nobody", "",
			"Add-DistributionGroupMember: Couldn't find object \"nobody\". Please make sure that it was spelled correctly or specify a different object.\n"},
		{exo + "New-DistributionGroup -Name 'Sales Team'; New-DistributionGroup -Name Other -PrimarySmtpAddress robert.ode@contoso.com", "",
			"New-DistributionGroup: The name \"Sales Team\" is already being used. Please try another name.\n" +
				"New-DistributionGroup: The proxy address \"SMTP:robert.ode@contoso.com\" is already being used by the proxy addresses or LegacyExchangeDN. Please choose another proxy address.\n"},
		// Microsoft 365 groups: the owner is a member too; an owner must be
		// a member first.
		{exo + "Get-UnifiedGroup | Format-Table Name, Alias, PrimarySmtpAddress, AccessType, GroupMemberCount", "\n" +
			"Name     Alias    PrimarySmtpAddress   AccessType GroupMemberCount\n" +
			"----     -----    ------------------   ---------- ----------------\n" +
			"projectx projectx projectx@contoso.com Public                    2\n\n", ""},
		{exo + "(Get-UnifiedGroupLinks projectx -LinkType Owners).Name; (Get-UnifiedGroupLinks 'Project X' -LinkType Members).Name -join ','", "ann\nann,bob\n", ""},
		{exo + "Add-UnifiedGroupLinks projectx -LinkType Owners -Links cy", "",
			"Add-UnifiedGroupLinks: Only Members can be Owners of a group. Please add 'cy' first as members before adding them as owners.\n"},
		{exo + "Add-UnifiedGroupLinks projectx -LinkType Members -Links cy, bob\nAdd-UnifiedGroupLinks projectx -LinkType Owners -Links cy\n(Get-UnifiedGroupLinks projectx -LinkType Owners).Name -join ','\nRemove-UnifiedGroupLinks projectx -LinkType Owners -Links ann -Confirm:$false\nRemove-UnifiedGroupLinks projectx -LinkType Members -Links ann, dee -Confirm:$false\n(Get-UnifiedGroupLinks projectx -LinkType Owners).Name -join ','; (Get-UnifiedGroupLinks projectx -LinkType Members).Name -join ','",
			"ann,cy\ncy\nbob,cy\n", ""},
		{exo + "Get-UnifiedGroup 'Sales Team'", "", notFound("Get-UnifiedGroup", "Sales Team")},
		// The other modules see the kinds.
		{"Connect-MgGraph -NoWelcome\n$g = Get-MgGroup -Filter \"displayName eq 'Project X'\"; $g.GroupTypes; $g.Mail; $g.MailEnabled; $g.SecurityEnabled; (Get-MgGroupOwner -GroupId $g.Id).Id -eq (Get-User cy@contoso.com).Id\n$d = Get-MgGroup -Filter \"displayName eq 'Finance Leads'\"; $d.MailEnabled; $d.SecurityEnabled",
			"Unified\nprojectx@contoso.com\nTrue\nFalse\nTrue\nTrue\nTrue\n", ""},
		{"Connect-MsolService\nGet-MsolGroup -All | ForEach-Object { $_.DisplayName + ': ' + $_.GroupType + ' ' + $_.EmailAddress }\n(Get-MsolGroup -GroupType MailEnabledSecurity).DisplayName",
			"Badge Access: Security \nFinance Leads: MailEnabledSecurity leads@contoso.com\nProject X: DistributionList projectx@contoso.com\nSales Team: DistributionList SalesTeam@contoso.com\nFinance Leads\n", ""},
		{"Connect-AzureAD | Out-Null\n$g = Get-AzureADGroup -SearchString 'Sales Team'; $g.MailEnabled; $g.SecurityEnabled; $g.ProxyAddresses", "True\nFalse\nSMTP:SalesTeam@contoso.com\n", ""},
		// Exchange Administrators change mail-enabled groups, not the
		// directory's security groups.
		{"Connect-ExchangeOnline -UserPrincipalName exo@contoso.com -ShowBanner:$false\nAdd-DistributionGroupMember -Identity 'Sales Team' -Member dee\nAdd-GroupMember -Group 'Badge Access' -Member dee", "",
			"Add-GroupMember: Insufficient privileges to complete the operation.\n"},
	}...)
}

// TestExchangeResultSize: without -ResultSize Exchange returns 1000
// objects and says how to get the rest.
func TestExchangeResultSize(t *testing.T) {
	t.Parallel()
	s := licshtest.New(t)
	var csv strings.Builder
	csv.WriteString("User principal name,Display name,Licenses,Usage location\n")
	for i := range 1001 {
		fmt.Fprintf(&csv, "user%04d@contoso.com,User %d,Microsoft 365 E3,US\n", i, i)
	}
	if err := os.WriteFile(filepath.Join(s.Dir, "users.csv"), []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	s.MustRun("Initialize-Tenant -Name Contoso -DefaultDomain contoso.com | Out-Null\nAdd-Subscription -Sku SPE_E3 -Quantity 1001 | Out-Null\nImport-User -Path users.csv | Out-Null")
	check(s, []licshtest.Case{
		{exo + "(Get-Mailbox).Count", "WARNING: By default, only the first 1000 items are returned. Use the ResultSize parameter to specify the number of items returned. To return all items, specify \"-ResultSize Unlimited\". Be aware that, depending upon the actual number of items, returning all items can take a long time and consume a large amount of memory. Also, we don't recommend storing the results in a variable. Instead, pipe the results to another task or script to perform batch changes.\n1000\n", ""},
		{exo + "(Get-Mailbox -ResultSize Unlimited).Count; (Get-EXOMailbox -ResultSize 1001).Count", "1001\n1001\n", ""},
	}...)
}
