package exchange_test

import (
	"testing"

	"licsh/builtins/licshtest"
)

// TestExchangeArchive: Enable-Mailbox -Archive and -AutoExpandingArchive
// follow the user's licenses, output the mailbox, and refuse what Exchange
// Online has no Enable-Mailbox for.
func TestExchangeArchive(t *testing.T) {
	t.Parallel()
	s := newExo(t)
	// The cases run in turn on one tenant, as separate scripts would.
	check(s, []licshtest.Case{
		{exo + "Enable-Mailbox ann -Archive -WhatIf; (Get-Mailbox ann).ArchiveStatus; @(Get-Mailbox -Filter \"ArchiveStatus -eq 'Active'\").Count",
			"What if: Performing the operation \"Enable archive\" on target \"ann@contoso.com\".\nNone\n0\n", ""},
		{exo + "Enable-Mailbox ann -Archive | ForEach-Object { $_.ArchiveStatus; $_.ArchiveName; $_.AutoExpandingArchiveEnabled }; (Get-Mailbox ann).ArchiveStatus",
			"Active\nIn-Place Archive - Ann Lee\nFalse\nActive\n", ""},
		{exo + "Enable-Mailbox ann -Archive | Out-Null", "WARNING: The command completed successfully but no settings of 'ann' have been modified.\n", ""},
		{exo + "(Enable-Mailbox ann -AutoExpandingArchive).AutoExpandingArchiveEnabled; (Get-AuditLog -Last 1).Operation",
			"True\nEnable auto-expanding archiving\n", ""},
		{exo + "Enable-Mailbox pat -Archive | Out-Null; Enable-Mailbox pat -AutoExpandingArchive", "",
			"Enable-Mailbox: Auto-expanding archiving can't be enabled for 'pat@contoso.com': it needs an Exchange Online (Plan 2) license, or Exchange Online (Plan 1) with Exchange Online Archiving.\n"},
		{exo + "Enable-Mailbox dee -AutoExpandingArchive", "", "Enable-Mailbox: The mailbox 'dee@contoso.com' has no archive to expand: enable the archive first (Enable-Mailbox -Archive).\n"},
		{exo + "Enable-Mailbox cy -Archive", "", notFound("Enable-Mailbox", "cy")},
		{exo + "Enable-Mailbox ann", "",
			"Enable-Mailbox: 'ann' can't be mailbox-enabled here: in Exchange Online a user's mailbox comes with a license that includes Exchange Online (Set-UserLicense). Use -Archive to enable an archive mailbox.\n"},
		{"Connect-ExchangeOnline -UserPrincipalName lina@contoso.com -ShowBanner:$false; Enable-Mailbox dee -Archive", "",
			"Enable-Mailbox: Insufficient privileges to complete the operation.\n"},
		{exo + "(Get-Mailbox -Filter \"ArchiveStatus -eq 'Active'\").Name; (Get-EXOMailbox ann -PropertySets Archive).ArchiveGuid -ne (Get-EXOMailbox dee -PropertySets Archive).ArchiveGuid",
			"ann\npat\nTrue\n", ""},
	}...)
}

// TestExchangeAutoReply: a leaver's automatic replies are set, kept and
// read back; settings not given stay.
func TestExchangeAutoReply(t *testing.T) {
	t.Parallel()
	s := newExo(t)
	check(s, []licshtest.Case{
		{exo + "Get-MailboxAutoReplyConfiguration bob | Format-List AutoReplyState, ExternalAudience, StartTime", "\nAutoReplyState   : Disabled\nExternalAudience : All\nStartTime        :\n\n", ""},
		{exo + "Set-MailboxAutoReplyConfiguration -Identity bob@contoso.com -AutoReplyState Enabled -InternalMessage 'Bob has left.' -ExternalMessage 'Write to sales@contoso.com.' -ExternalAudience Known\n" +
			"Set-MailboxAutoReplyConfiguration bob -InternalMessage 'Bob has left. Ask Ann.'\n" +
			"$a = Get-MailboxAutoReplyConfiguration bob; $a.AutoReplyState; $a.InternalMessage; $a.ExternalMessage; $a.ExternalAudience; (Get-AuditLog -Last 1).Operation",
			"Enabled\nBob has left. Ask Ann.\nWrite to sales@contoso.com.\nKnown\nSet automatic replies\n", ""},
		{exo + "Set-MailboxAutoReplyConfiguration ann -AutoReplyState Scheduled -StartTime '2026-07-01T00:00:00Z' -EndTime '2026-07-15T00:00:00Z'\n" +
			"$a = Get-MailboxAutoReplyConfiguration ann; $a.AutoReplyState; $a.EndTime.ToUniversalTime().ToString('yyyy-MM-dd'); ($a.EndTime - $a.StartTime).Days",
			"Scheduled\n2026-07-15\n14\n", ""},
		{exo + "Set-MailboxAutoReplyConfiguration ann -AutoReplyState Scheduled -StartTime '2026-07-15' -EndTime '2026-07-01'", "",
			"Set-MailboxAutoReplyConfiguration: The EndTime of the automatic replies must be later than their StartTime.\n"},
		{exo + "Set-MailboxAutoReplyConfiguration ann -AutoReplyState Sometimes", "",
			"Set-MailboxAutoReplyConfiguration: Cannot validate argument on parameter 'AutoReplyState'. The argument \"Sometimes\" does not belong to the set \"Enabled,Disabled,Scheduled\" specified by the ValidateSet attribute. Supply an argument that is in the set and then try the command again.\n"},
		{exo + "Set-MailboxAutoReplyConfiguration cy -AutoReplyState Enabled", "", notFound("Set-MailboxAutoReplyConfiguration", "cy")},
	}...)
}

// TestExchangeSetGroups: Set-DistributionGroup and Set-UnifiedGroup change
// a group's settings and owners, all of it or nothing.
func TestExchangeSetGroups(t *testing.T) {
	t.Parallel()
	s := newExo(t)
	s.MustRun(exo + "New-DistributionGroup -Name 'Sales Team' -ManagedBy bob | Out-Null\nNew-UnifiedGroup -DisplayName 'Project X' -Alias projectx -Owner ann | Out-Null")
	// The cases run in turn on one tenant, as separate scripts would.
	check(s, []licshtest.Case{
		{exo + "Set-DistributionGroup 'Sales Team' -ManagedBy @{Add = 'ann'; Remove = 'bob@contoso.com'} -HiddenFromAddressListsEnabled $true -BypassSecurityGroupManagerCheck\n" +
			"$g = Get-DistributionGroup 'Sales Team'; $g.ManagedBy; $g.HiddenFromAddressListsEnabled; $g.RequireSenderAuthenticationEnabled",
			"ann\nTrue\nTrue\n", ""},
		{exo + "Set-DistributionGroup 'Sales Team' -RequireSenderAuthenticationEnabled $true",
			"WARNING: The command completed successfully but no settings of 'Sales Team' have been modified.\n", ""},
		// A new address in use fails and changes nothing else.
		{exo + "Set-DistributionGroup 'Sales Team' -DisplayName 'Renamed' -PrimarySmtpAddress ann@contoso.com; (Get-DistributionGroup 'Sales Team').DisplayName", "Sales Team\n",
			"Set-DistributionGroup: The proxy address \"SMTP:ann@contoso.com\" is already being used by the proxy addresses or LegacyExchangeDN. Please choose another proxy address.\n"},
		{exo + "Set-DistributionGroup 'Sales Team' -ManagedBy @{Add = 'nobody'}", "",
			"Set-DistributionGroup: Couldn't find object \"nobody\". Please make sure that it was spelled correctly or specify a different object.\n"},
		{exo + "Set-DistributionGroup projectx -HiddenFromAddressListsEnabled $true", "", notFound("Set-DistributionGroup", "projectx")},
		{"Connect-ExchangeOnline -UserPrincipalName lina@contoso.com -ShowBanner:$false; Set-DistributionGroup 'Sales Team' -HiddenFromAddressListsEnabled $false", "",
			"Set-DistributionGroup: Insufficient privileges to complete the operation.\n"},
		{exo + "Set-DistributionGroup 'Sales Team' -ManagedBy dee, pat -DisplayName 'Sales EMEA' -PrimarySmtpAddress sales.emea@contoso.com\n" +
			"$g = Get-DistributionGroup sales.emea@contoso.com; $g.DisplayName; $g.ManagedBy -join ','; $g.PrimarySmtpAddress",
			"Sales EMEA\ndee,pat\nsales.emea@contoso.com\n", ""},
		{exo + "Set-UnifiedGroup projectx -DisplayName 'Project Y' -WhatIf; (Get-UnifiedGroup projectx).DisplayName",
			"What if: Performing the operation \"Set DisplayName: Project Y\" on target \"Project X\".\nProject X\n", ""},
		{exo + "Set-UnifiedGroup projectx -AccessType Private -HiddenFromAddressListsEnabled $true -UnifiedGroupWelcomeMessageEnabled:$false\n$g = Get-UnifiedGroup projectx; $g.AccessType; $g.HiddenFromAddressListsEnabled",
			"Private\nTrue\n", ""},
		{exo + "Set-UnifiedGroup projectx -AccessType Secret", "",
			"Set-UnifiedGroup: Cannot validate argument on parameter 'AccessType'. The argument \"Secret\" does not belong to the set \"Public,Private\" specified by the ValidateSet attribute. Supply an argument that is in the set and then try the command again.\n"},
	}...)
}

// TestExchangeRecipients: Get-Recipient and Get-EXORecipient list the
// mailboxes and mail-enabled groups, sorted by name.
func TestExchangeRecipients(t *testing.T) {
	t.Parallel()
	s := newExo(t)
	s.MustRun(exo + "New-DistributionGroup -Name 'Sales Team' | Out-Null\nNew-UnifiedGroup -DisplayName 'Project X' -Alias projectx | Out-Null\nNew-Group -DisplayName 'VPN' | Out-Null\nSet-Mailbox bob -Type Shared")
	check(s, []licshtest.Case{
		{exo + "Get-Recipient | Format-Table Name, RecipientType, RecipientTypeDetails", "\n" +
			"Name       RecipientType                  RecipientTypeDetails\n" +
			"----       -------------                  --------------------\n" +
			"ann        UserMailbox                    UserMailbox\n" +
			"bob        UserMailbox                    SharedMailbox\n" +
			"dee        UserMailbox                    UserMailbox\n" +
			"exo        UserMailbox                    UserMailbox\n" +
			"lina       UserMailbox                    UserMailbox\n" +
			"pat        UserMailbox                    UserMailbox\n" +
			"projectx   MailUniversalDistributionGroup GroupMailbox\n" +
			"Sales Team MailUniversalDistributionGroup MailUniversalDistributionGroup\n\n", ""},
		{exo + "(Get-Recipient -RecipientTypeDetails SharedMailbox).PrimarySmtpAddress; (Get-Recipient -RecipientType MailUniversalDistributionGroup).Count; (Get-Recipient -Anr pro).DisplayName",
			"robert.ode@contoso.com\n2\nProject X\n", ""},
		{exo + "(Get-Recipient robert.ode@contoso.com).Name; (Get-Recipient 'Sales Team').PrimarySmtpAddress; Get-Recipient cy, VPN", "bob\nSalesTeam@contoso.com\n",
			notFound("Get-Recipient", "cy") + notFound("Get-Recipient", "VPN")},
		{exo + "$r = Get-EXORecipient -UserPrincipalName ann@contoso.com; $r.PSObject.TypeNames[0]; ($r.PSObject.Properties.Name) -join ','",
			"Microsoft.Exchange.Management.RestApiClient.ExoRecipient\nExternalDirectoryObjectId,Identity,Alias,EmailAddresses,DisplayName,Name,PrimarySmtpAddress,RecipientType,RecipientTypeDetails,Guid\n", ""},
		{exo + "(Get-EXORecipient ann -Properties HiddenFromAddressListsEnabled).HiddenFromAddressListsEnabled; (Get-EXORecipient -ResultSize 3).Count; (Get-EXORecipient -Filter \"RecipientTypeDetails -eq 'GroupMailbox'\").Alias",
			"False\n3\nprojectx\n", ""},
		{exo + "Get-EXORecipient ann -Properties Nonsense", "",
			"Get-EXORecipient: The property 'Nonsense' is not a property of a recipient: Get-Recipient | Get-Member lists them.\n"},
	}...)
}

// TestNewExoPSSession: the Remote PowerShell session of the module's
// version 2 is refused, saying what to do instead; the script goes on.
func TestNewExoPSSession(t *testing.T) {
	t.Parallel()
	s := newExo(t)
	check(s, []licshtest.Case{
		{"$s = New-ExoPSSession -UserPrincipalName admin@contoso.com -ConnectionUri https://outlook.office365.com/PowerShell-LiveId; $null -eq $s; (Get-Mailbox ann).Name", "True\nann\n",
			"New-ExoPSSession: New-ExoPSSession made a Remote PowerShell session, which Exchange Online no longer has: Microsoft retired it, and version 3 of ExchangeOnlineManagement has no New-ExoPSSession. Connect with Connect-ExchangeOnline instead; the Exchange cmdlets then need no session to import.\n"},
		{"try { New-ExoPSSession -ErrorAction Stop } catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category }", "RemotingNotSupported,New-ExoPSSession\nNotImplemented\n", ""},
	}...)
}
