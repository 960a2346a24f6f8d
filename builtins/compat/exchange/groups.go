package exchange

import (
	"fmt"
	"slices"
	"strings"

	"licsh/builtins/compat"
	"licsh/builtins/m365"
	"licsh/builtins/tenant"
	"licsh/shell/cmdlet"
	"licsh/shell/value"
)

// Recipient types of groups.
const (
	mailDistribution = "MailUniversalDistributionGroup"
	mailSecurity     = "MailUniversalSecurityGroup"
	groupMailbox     = "GroupMailbox"
)

// groupFilterProperties are the properties -Filter may test on a group.
func groupFilterProperties() []string {
	return []string{"Name", "Alias", "DisplayName", "PrimarySmtpAddress", "EmailAddresses", "GroupType",
		"RecipientType", "RecipientTypeDetails", "ExternalDirectoryObjectId", "ManagedBy", "AccessType",
		"HiddenFromAddressListsEnabled", "RequireSenderAuthenticationEnabled"}
}

func (m *exchangeModule) groupCmdlets() []*cmdlet.Cmdlet {
	dgIdentity := func(mandatory bool, help string) *cmdlet.Param {
		return &cmdlet.Param{Name: "Identity", Type: cmdlet.Object, Position: 1, Mandatory: mandatory, ValueFromPipeline: true,
			ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompleteGroup, Help: help}
	}
	member := &cmdlet.Param{Name: "Member", Type: cmdlet.Object, Mandatory: true, Complete: cmdlet.CompleteUser,
		Help: "The recipient: an alias, address, user principal name, display name or id, or an object naming one."}
	bypass := &cmdlet.Param{Name: "BypassSecurityGroupManagerCheck", Type: cmdlet.Switch,
		Help: "Changes a group the admin does not own; licsh's admins may change any group their role allows."}
	resultSize := &cmdlet.Param{Name: "ResultSize", Type: cmdlet.String, Help: "At most this many, or Unlimited; 1000 when not given."}
	filter := &cmdlet.Param{Name: "Filter", Type: cmdlet.Object, Help: "An OPATH filter on Name, Alias, DisplayName, PrimarySmtpAddress, RecipientTypeDetails ..."}
	linkType := &cmdlet.Param{Name: "LinkType", Type: cmdlet.String, Mandatory: true, ValidateSet: []string{"Members", "Owners"},
		Help: "Members or Owners."}
	links := &cmdlet.Param{Name: "Links", Type: cmdlet.Objects, Mandatory: true, Complete: cmdlet.CompleteUser, Help: "The recipients to add or remove."}
	return []*cmdlet.Cmdlet{
		{
			Name:        "Get-DistributionGroup",
			Module:      moduleName,
			Synopsis:    "Gets distribution groups and mail-enabled security groups.",
			Description: "Get-DistributionGroup outputs a distribution group (or mail-enabled security group), or all of them, with Exchange's properties: Name, DisplayName, Alias, PrimarySmtpAddress, GroupType, RecipientTypeDetails, ManagedBy. Security groups without mail and Microsoft 365 groups (Get-UnifiedGroup) are not distribution groups.",
			Params: []*cmdlet.Param{
				dgIdentity(false, "The group: its name, alias, address or id; every distribution group when not given."),
				{Name: "RecipientTypeDetails", Type: cmdlet.Strings, ValidateSet: []string{mailDistribution, mailSecurity, "RoomList"}, Help: "Only groups of these types."},
				filter, resultSize,
			},
			Examples: []cmdlet.Example{
				{Code: "New-DistributionGroup -Name 'Sales Team' -Members adele.garcia@contoso.com | Out-Null\nGet-DistributionGroup -ResultSize Unlimited", Remarks: "The distribution groups."},
			},
			Process: func(c cmdlet.Call) error { return m.getGroups(c, false) },
		},
		{
			Name:                  "New-DistributionGroup",
			Module:                moduleName,
			Synopsis:              "Creates a distribution group or mail-enabled security group.",
			Description:           "New-DistributionGroup creates a group with an alias (from the name unless -Alias) and an address at the default domain (unless -PrimarySmtpAddress), the -Members given, and -ManagedBy as its owners (the session's account when not given), and outputs it. Global and Exchange Administrators may.",
			SupportsShouldProcess: true,
			Params: []*cmdlet.Param{
				{Name: "Name", Type: cmdlet.String, Position: 1, Mandatory: true, Help: "The group's name, unique in the tenant."},
				{Name: "DisplayName", Type: cmdlet.String, Help: "The name shown; the -Name when not given."},
				{Name: "Alias", Type: cmdlet.String, Help: "The alias."},
				{Name: "PrimarySmtpAddress", Type: cmdlet.String, Help: "The address."},
				{Name: "Type", Type: cmdlet.String, ValidateSet: []string{"Distribution", "Security"}, Help: "Distribution (the default) or Security, a mail-enabled security group."},
				{Name: "Members", Type: cmdlet.Objects, Complete: cmdlet.CompleteUser, Help: "The first members."},
				{Name: "ManagedBy", Type: cmdlet.Objects, Complete: cmdlet.CompleteUser, Help: "The owners."},
			},
			Examples: []cmdlet.Example{
				{Code: "New-DistributionGroup -Name 'Sales Team' -Members adele.garcia@contoso.com, pradeep.wilber@contoso.com", Remarks: "A distribution group of two."},
			},
			Process: func(c cmdlet.Call) error {
				name := c.String("Name")
				if d := c.String("DisplayName"); d != "" {
					name = d
				}
				kind := tenant.GroupDistribution
				if strings.EqualFold(c.String("Type"), "Security") {
					kind = tenant.GroupMailEnabledSecurity
				}
				return m.newGroup(c, tenant.NewGroupSpec{DisplayName: name, Kind: kind, MailNickname: c.String("Alias"), Mail: c.String("PrimarySmtpAddress")},
					c.Get("Members"), c.Get("ManagedBy"))
			},
		},
		{
			Name:        "Get-DistributionGroupMember",
			Module:      moduleName,
			Synopsis:    "Gets the members of a distribution group.",
			Description: "Get-DistributionGroupMember outputs the group's members as recipients: Name, DisplayName, PrimarySmtpAddress, RecipientType (UserMailbox, or User without a mailbox), RecipientTypeDetails (UserMailbox, SharedMailbox or User).",
			Params:      []*cmdlet.Param{dgIdentity(true, "The group: its name, alias, address or id."), resultSize},
			Examples: []cmdlet.Example{
				{Code: "New-DistributionGroup -Name 'Sales Team' -Members adele.garcia@contoso.com | Out-Null\nGet-DistributionGroupMember -Identity 'Sales Team'", Remarks: "A group's members."},
			},
			Process: func(c cmdlet.Call) error { return m.getLinks(c, false, "Members") },
		},
		{
			Name:                  "Add-DistributionGroupMember",
			Module:                moduleName,
			Synopsis:              "Adds a recipient to a distribution group.",
			Description:           "Add-DistributionGroupMember adds one member to a distribution group or mail-enabled security group; a member already is refused as Exchange refuses it. Global and Exchange Administrators may.",
			SupportsShouldProcess: true,
			Params:                []*cmdlet.Param{dgIdentity(true, "The group: its name, alias, address or id."), member, bypass},
			Examples: []cmdlet.Example{
				{Code: "New-DistributionGroup -Name 'Sales Team' | Out-Null\nAdd-DistributionGroupMember -Identity 'Sales Team' -Member adele.garcia@contoso.com", Remarks: "Adds Adele."},
			},
			Process: func(c cmdlet.Call) error { return m.changeMember(c, false) },
		},
		{
			Name:                  "Remove-DistributionGroupMember",
			Module:                moduleName,
			Synopsis:              "Removes a recipient from a distribution group.",
			Description:           "Remove-DistributionGroupMember removes one member from a distribution group or mail-enabled security group; a recipient who is not a member is refused as Exchange refuses it. Scripts pass -Confirm:$false and -BypassSecurityGroupManagerCheck, which it accepts. Global and Exchange Administrators may.",
			SupportsShouldProcess: true,
			Params:                []*cmdlet.Param{dgIdentity(true, "The group: its name, alias, address or id."), member, bypass},
			Examples: []cmdlet.Example{
				{Code: "New-DistributionGroup -Name 'Sales Team' -Members adele.garcia@contoso.com | Out-Null\nRemove-DistributionGroupMember -Identity 'Sales Team' -Member adele.garcia@contoso.com -BypassSecurityGroupManagerCheck -Confirm:$false", Remarks: "Removes a leaver from a group."},
			},
			Process: func(c cmdlet.Call) error { return m.changeMember(c, true) },
		},
		{
			Name:                  "Set-DistributionGroup",
			Module:                moduleName,
			Synopsis:              "Changes a distribution group or mail-enabled security group.",
			Description:           "Set-DistributionGroup changes a group's -DisplayName, -Alias, -PrimarySmtpAddress, owners (-ManagedBy: the list that replaces them, or @{Add=...; Remove=...}), -HiddenFromAddressListsEnabled and -RequireSenderAuthenticationEnabled, all of it or nothing, and outputs nothing; a group left as it was gets Exchange's warning. Scripts pass -BypassSecurityGroupManagerCheck, which it accepts. Global and Exchange Administrators may.",
			SupportsShouldProcess: true,
			Params: append([]*cmdlet.Param{dgIdentity(true, "The group: its name, alias, address or id.")}, append(groupSettings(),
				&cmdlet.Param{Name: "ManagedBy", Type: cmdlet.Object, Complete: cmdlet.CompleteUser, Help: "The owners: a list that replaces them, or @{Add=...; Remove=...}."},
				&cmdlet.Param{Name: "Name", Type: cmdlet.String, Help: "The group's name, which is its display name here."},
				bypass,
				&cmdlet.Param{Name: "MemberJoinRestriction", Type: cmdlet.String, Help: "Who may join. Accepted; not kept."},
				&cmdlet.Param{Name: "MemberDepartRestriction", Type: cmdlet.String, Help: "Who may leave. Accepted; not kept."},
			)...),
			Examples: []cmdlet.Example{
				{Code: "New-DistributionGroup -Name 'Sales Team' -ManagedBy pradeep.wilber@contoso.com | Out-Null\nSet-DistributionGroup -Identity 'Sales Team' -ManagedBy @{Add = 'adele.garcia@contoso.com'; Remove = 'pradeep.wilber@contoso.com'} -BypassSecurityGroupManagerCheck", Remarks: "Hands a leaver's group to a colleague."},
				{Code: "New-DistributionGroup -Name 'Old Team' | Out-Null\nSet-DistributionGroup 'Old Team' -HiddenFromAddressListsEnabled $true -RequireSenderAuthenticationEnabled $true", Remarks: "Hides a group no longer used."},
			},
			Process: func(c cmdlet.Call) error { return m.setGroup(c, false) },
		},
		{
			Name:        "Get-UnifiedGroup",
			Module:      moduleName,
			Synopsis:    "Gets Microsoft 365 groups.",
			Description: "Get-UnifiedGroup outputs a Microsoft 365 group, or all of them, with Exchange's properties: Name, Alias, DisplayName, PrimarySmtpAddress, AccessType, ManagedBy, GroupMemberCount.",
			Params:      []*cmdlet.Param{dgIdentity(false, "The group: its alias, name, address or id; every Microsoft 365 group when not given."), filter, resultSize},
			Examples: []cmdlet.Example{
				{Code: "New-UnifiedGroup -DisplayName 'Project X' -Alias projectx | Out-Null\nGet-UnifiedGroup -Identity projectx", Remarks: "One group."},
			},
			Process: func(c cmdlet.Call) error { return m.getGroups(c, true) },
		},
		{
			Name:                  "New-UnifiedGroup",
			Module:                moduleName,
			Synopsis:              "Creates a Microsoft 365 group.",
			Description:           "New-UnifiedGroup creates a Microsoft 365 group with an alias (from the display name unless -Alias), an address at the default domain (unless -PrimarySmtpAddress), the -Owner (the session's account when not given), who is a member too, and the -Members, and outputs it.",
			SupportsShouldProcess: true,
			Params: []*cmdlet.Param{
				{Name: "DisplayName", Type: cmdlet.String, Position: 1, Mandatory: true, Help: "The group's name, unique in the tenant."},
				{Name: "Alias", Type: cmdlet.String, Help: "The alias."},
				{Name: "PrimarySmtpAddress", Type: cmdlet.String, Help: "The address."},
				{Name: "Owner", Type: cmdlet.Object, Complete: cmdlet.CompleteUser, Help: "The owner."},
				{Name: "Members", Type: cmdlet.Objects, Complete: cmdlet.CompleteUser, Help: "The first members."},
			},
			Examples: []cmdlet.Example{
				{Code: "New-UnifiedGroup -DisplayName 'Project X' -Alias projectx -Owner adele.garcia@contoso.com -Members pradeep.wilber@contoso.com", Remarks: "A group owned by Adele."},
			},
			Process: func(c cmdlet.Call) error {
				return m.newGroup(c, tenant.NewGroupSpec{DisplayName: c.String("DisplayName"), Kind: tenant.GroupMicrosoft365,
					MailNickname: c.String("Alias"), Mail: c.String("PrimarySmtpAddress")}, c.Get("Members"), c.Get("Owner"))
			},
		},
		{
			Name:        "Get-UnifiedGroupLinks",
			Module:      moduleName,
			Synopsis:    "Gets the members or owners of a Microsoft 365 group.",
			Description: "Get-UnifiedGroupLinks outputs a Microsoft 365 group's members or owners (-LinkType) as recipients.",
			Params:      []*cmdlet.Param{dgIdentity(true, "The group: its alias, name, address or id."), linkType, resultSize},
			Examples: []cmdlet.Example{
				{Code: "New-UnifiedGroup -DisplayName 'Project X' -Alias projectx -Owner adele.garcia@contoso.com | Out-Null\nGet-UnifiedGroupLinks -Identity projectx -LinkType Owners", Remarks: "A group's owners."},
			},
			Process: func(c cmdlet.Call) error { return m.getLinks(c, true, c.String("LinkType")) },
		},
		{
			Name:                  "Set-UnifiedGroup",
			Module:                moduleName,
			Synopsis:              "Changes a Microsoft 365 group.",
			Description:           "Set-UnifiedGroup changes a Microsoft 365 group's -DisplayName, -Alias, -PrimarySmtpAddress, -AccessType (Public or Private), -HiddenFromAddressListsEnabled and -RequireSenderAuthenticationEnabled, all of it or nothing, and outputs nothing; a group left as it was gets Exchange's warning. Global, Exchange and Groups Administrators may.",
			SupportsShouldProcess: true,
			Params: append([]*cmdlet.Param{dgIdentity(true, "The group: its alias, name, address or id.")}, append(groupSettings(),
				&cmdlet.Param{Name: "AccessType", Type: cmdlet.String, ValidateSet: []string{"Public", "Private"}, Help: "Public (anyone in the organization may join) or Private."},
				&cmdlet.Param{Name: "UnifiedGroupWelcomeMessageEnabled", Type: cmdlet.Switch, Help: "Whether new members get a welcome message. Accepted; not kept."},
				&cmdlet.Param{Name: "HiddenFromExchangeClientsEnabled", Type: cmdlet.Switch, Help: "Hides the group from Outlook. Accepted; not kept."},
				&cmdlet.Param{Name: "AutoSubscribeNewMembers", Type: cmdlet.Switch, Help: "Subscribes new members to the group's mail. Accepted; not kept."},
				&cmdlet.Param{Name: "Notes", Type: cmdlet.String, Help: "A description. Accepted; not kept."},
			)...),
			Examples: []cmdlet.Example{
				{Code: "New-UnifiedGroup -DisplayName 'Project X' -Alias projectx | Out-Null\nSet-UnifiedGroup -Identity projectx -AccessType Private -HiddenFromAddressListsEnabled $true", Remarks: "Makes a project's group private and hidden."},
			},
			Process: func(c cmdlet.Call) error { return m.setGroup(c, true) },
		},
		{
			Name:                  "Add-UnifiedGroupLinks",
			Module:                moduleName,
			Synopsis:              "Adds members or owners to a Microsoft 365 group.",
			Description:           "Add-UnifiedGroupLinks adds the -Links to a Microsoft 365 group as members or owners (-LinkType); members already are left as they are. An owner must be a member first, as Exchange requires.",
			SupportsShouldProcess: true,
			Params:                []*cmdlet.Param{dgIdentity(true, "The group: its alias, name, address or id."), linkType, links},
			Examples: []cmdlet.Example{
				{Code: "New-UnifiedGroup -DisplayName 'Project X' -Alias projectx | Out-Null\nAdd-UnifiedGroupLinks -Identity projectx -LinkType Members -Links adele.garcia@contoso.com, pradeep.wilber@contoso.com", Remarks: "Adds two members."},
			},
			Process: func(c cmdlet.Call) error { return m.changeLinks(c, false) },
		},
		{
			Name:                  "Remove-UnifiedGroupLinks",
			Module:                moduleName,
			Synopsis:              "Removes members or owners from a Microsoft 365 group.",
			Description:           "Remove-UnifiedGroupLinks removes the -Links from a Microsoft 365 group's members or owners (-LinkType); a recipient who is not one is passed over. Scripts pass -Confirm:$false, which it accepts.",
			SupportsShouldProcess: true,
			Params:                []*cmdlet.Param{dgIdentity(true, "The group: its alias, name, address or id."), linkType, links},
			Examples: []cmdlet.Example{
				{Code: "New-UnifiedGroup -DisplayName 'Project X' -Alias projectx -Members pradeep.wilber@contoso.com | Out-Null\nRemove-UnifiedGroupLinks -Identity projectx -LinkType Members -Links pradeep.wilber@contoso.com -Confirm:$false", Remarks: "Removes a leaver."},
			},
			Process: func(c cmdlet.Call) error { return m.changeLinks(c, true) },
		},
	}
}

// isKind reports whether a group is one the distribution group cmdlets
// (unified false) or the Microsoft 365 group cmdlets (unified true) take.
func isKind(g tenant.Group, unified bool) bool {
	if unified {
		return g.Kind == tenant.GroupMicrosoft365
	}
	return g.Kind == tenant.GroupDistribution || g.Kind == tenant.GroupMailEnabledSecurity
}

// findGroup is the group of the cmdlet's kind an identity names.
func findGroup(c cmdlet.Call, st tenant.Directory, identity string, unified bool) (tenant.Group, error) {
	groups, err := st.Groups(c.Context(), identity)
	if tenant.IsCode(err, tenant.CodeGroupNotFound) || err == nil && (len(groups) != 1 || !isKind(groups[0], unified)) {
		return tenant.Group{}, errNotFound(identity)
	}
	if err != nil {
		return tenant.Group{}, err
	}
	return groups[0], nil
}

// groupObject is a distribution group or Microsoft 365 group as Exchange
// shows it, its owners listed by alias in ManagedBy.
func groupObject(g tenant.Group, owners []tenant.User) *compat.Model {
	managedBy := []any{}
	for _, u := range owners {
		managedBy = append(managedBy, alias(u.UserPrincipalName))
	}
	if g.Kind == tenant.GroupMicrosoft365 {
		o := compat.NewModel(typeUnifiedGroup)
		o.Set("Name", g.MailNickname)
		o.Set("Alias", g.MailNickname)
		o.Set("DisplayName", g.DisplayName)
		o.Set("PrimarySmtpAddress", g.Mail)
		o.Set("EmailAddresses", []any{"SMTP:" + g.Mail})
		o.Set("AccessType", g.AccessType)
		o.Set("ManagedBy", managedBy)
		o.Set("HiddenFromAddressListsEnabled", g.HiddenFromAddressLists)
		o.Set("RequireSenderAuthenticationEnabled", g.RequireSenderAuthentication)
		o.Set("GroupMemberCount", g.MemberCount)
		o.Set("GroupExternalMemberCount", 0)
		o.Set("RecipientType", mailDistribution)
		o.Set("RecipientTypeDetails", groupMailbox)
		o.Set("ExternalDirectoryObjectId", g.ID)
		o.Set("Identity", g.MailNickname)
		o.Set("Id", g.MailNickname)
		o.Set("Guid", g.ID)
		o.Set("ServerName", strings.ToLower(strings.SplitN(database(g.ID), "-", 2)[0]))
		o.Set("WhenCreated", m365.DateOrNil(g.CreatedDateTime))
		o.Text = g.MailNickname
		return o
	}
	typ, groupType := mailDistribution, "Universal"
	if g.Kind == tenant.GroupMailEnabledSecurity {
		typ, groupType = mailSecurity, "Universal, SecurityEnabled"
	}
	o := compat.NewModel(typeDistributionGroup)
	o.Set("Name", g.DisplayName)
	o.Set("DisplayName", g.DisplayName)
	o.Set("Alias", g.MailNickname)
	o.Set("PrimarySmtpAddress", g.Mail)
	o.Set("EmailAddresses", []any{"SMTP:" + g.Mail})
	o.Set("GroupType", groupType)
	o.Set("RecipientType", typ)
	o.Set("RecipientTypeDetails", typ)
	o.Set("ManagedBy", managedBy)
	o.Set("HiddenFromAddressListsEnabled", g.HiddenFromAddressLists)
	o.Set("RequireSenderAuthenticationEnabled", g.RequireSenderAuthentication)
	o.Set("ExternalDirectoryObjectId", g.ID)
	o.Set("Identity", g.DisplayName)
	o.Set("Id", g.DisplayName)
	o.Set("Guid", g.ID)
	o.Set("WhenCreated", m365.DateOrNil(g.CreatedDateTime))
	o.Text = g.DisplayName
	return o
}

// recipientObject is a group member or owner as Exchange lists it; d is
// the user's mailbox, nil when there is none.
func recipientObject(u tenant.User, d *tenant.UserData) *compat.Model {
	typ, details := "User", "User"
	if d != nil && holdsData(*d) {
		typ, details = userMailbox, userMailbox
		if d.Shared {
			details = sharedMailbox
		}
	}
	smtp := u.Mail
	if smtp == "" {
		smtp = u.UserPrincipalName
	}
	name := alias(u.UserPrincipalName)
	o := compat.NewModel(typeRecipient)
	o.Set("Name", name)
	o.Set("DisplayName", u.DisplayName)
	o.Set("Alias", name)
	o.Set("PrimarySmtpAddress", smtp)
	o.Set("EmailAddresses", []any{"SMTP:" + smtp})
	o.Set("RecipientType", typ)
	o.Set("RecipientTypeDetails", details)
	o.Set("ExternalDirectoryObjectId", u.ID)
	o.Set("HiddenFromAddressListsEnabled", d != nil && d.HiddenFromAddressLists)
	o.Set("Identity", name)
	o.Set("Guid", u.ID)
	o.Text = name
	return o
}

func (m *exchangeModule) getGroups(c cmdlet.Call, unified bool) error {
	st, err := m.open(c)
	if st == nil {
		return err
	}
	l, err := readListing(c, groupFilterProperties())
	if err != nil {
		return m.fail(c, err, nil)
	}
	ctx := c.Context()
	var groups []tenant.Group
	if c.Get("Identity") == nil {
		all, err := st.Groups(ctx, "")
		if err != nil {
			return m.fail(c, err, nil)
		}
		for _, g := range all {
			if isKind(g, unified) {
				groups = append(groups, g)
			}
		}
	}
	for _, id := range identities(c.Get("Identity")) {
		g, err := findGroup(c, st, id, unified)
		if err != nil {
			if err := m.fail(c, err, id); err != nil {
				return err
			}
			continue
		}
		groups = append(groups, g)
	}
	var out []any
	for _, g := range groups {
		owners, err := st.GroupOwners(ctx, g.ID)
		if err != nil {
			return m.fail(c, err, g.DisplayName)
		}
		out = append(out, groupObject(g, owners))
	}
	return l.write(c, out)
}

// getLinks writes a group's members or owners (link) as recipients.
func (m *exchangeModule) getLinks(c cmdlet.Call, unified bool, link string) error {
	st, err := m.open(c)
	if st == nil {
		return err
	}
	l, err := readListing(c, nil)
	if err != nil {
		return m.fail(c, err, nil)
	}
	ctx := c.Context()
	mailboxes, err := st.Mailboxes(ctx)
	if err != nil {
		return m.fail(c, err, nil)
	}
	byUser := map[string]*tenant.UserData{}
	for i := range mailboxes {
		byUser[mailboxes[i].UserID] = &mailboxes[i]
	}
	for _, id := range identities(c.Get("Identity")) {
		g, err := findGroup(c, st, id, unified)
		if err != nil {
			if err := m.fail(c, err, id); err != nil {
				return err
			}
			continue
		}
		users, err := st.GroupMembers(ctx, g.ID)
		if strings.EqualFold(link, "Owners") {
			users, err = st.GroupOwners(ctx, g.ID)
		}
		if err != nil {
			return m.fail(c, err, id)
		}
		var out []any
		for _, u := range users {
			out = append(out, recipientObject(u, byUser[u.ID]))
		}
		if err := l.write(c, out); err != nil {
			return err
		}
	}
	return nil
}

// newGroup creates a group with the members and owners the parameter
// values name; without owners, the session's account owns it, as the
// admin who creates a group in Exchange does.
func (m *exchangeModule) newGroup(c cmdlet.Call, spec tenant.NewGroupSpec, members, owners any) error {
	st, err := m.open(c)
	if st == nil {
		return err
	}
	resolve := func(v any) ([]string, error) {
		var ids []string
		for _, id := range identities(v) {
			u, err := findUser(c, st, id, errRecipientNotFound)
			if err != nil {
				return nil, m.fail(c, err, id)
			}
			ids = append(ids, u.ID)
		}
		return ids, nil
	}
	if spec.Members, err = resolve(members); err != nil {
		return err
	}
	if spec.Owners, err = resolve(owners); err != nil {
		return err
	}
	if len(spec.Owners) == 0 {
		if _, admin, err := m.ts.Account(c); err == nil && admin.ID != "" {
			spec.Owners = []string{admin.ID}
		}
	}
	if spec.Kind == tenant.GroupMicrosoft365 {
		for _, o := range spec.Owners {
			if !slices.Contains(spec.Members, o) {
				spec.Members = append(spec.Members, o)
			}
		}
	}
	if ok, err := c.ShouldProcess(spec.DisplayName, "Create group"); !ok || err != nil {
		return err
	}
	g, err := st.CreateGroup(c.Context(), spec)
	switch {
	case tenant.IsCode(err, tenant.CodeAlreadyExists):
		return m.fail(c, &exoError{excTask, fmt.Sprintf("The name \"%s\" is already being used. Please try another name.", spec.DisplayName)}, spec.DisplayName)
	case err != nil:
		return m.fail(c, err, spec.DisplayName)
	}
	ownerUsers, err := st.GroupOwners(c.Context(), g.ID)
	if err != nil {
		return m.fail(c, err, spec.DisplayName)
	}
	return c.Write(groupObject(g, ownerUsers))
}

// changeMember adds the -Member to a distribution group, or removes it.
func (m *exchangeModule) changeMember(c cmdlet.Call, remove bool) error {
	st, err := m.open(c)
	if st == nil {
		return err
	}
	ctx := c.Context()
	memberID := identityOf(c.Get("Member"))
	for _, id := range identities(c.Get("Identity")) {
		g, err := findGroup(c, st, id, false)
		if err != nil {
			if err := m.fail(c, err, id); err != nil {
				return err
			}
			continue
		}
		u, err := findUser(c, st, memberID, errRecipientNotFound)
		if err != nil {
			return m.fail(c, err, memberID)
		}
		action := "Add member " + u.UserPrincipalName
		if remove {
			action = "Remove member " + u.UserPrincipalName
		}
		if ok, err := c.ShouldProcess(g.DisplayName, action); !ok || err != nil {
			return err
		}
		if remove {
			err = st.RemoveGroupMembers(ctx, g.ID, []string{u.ID})
		} else {
			err = st.AddGroupMember(ctx, g.ID, u.ID)
		}
		switch {
		case tenant.IsCode(err, tenant.CodeAlreadyExists):
			err = &exoError{excMemberExists, fmt.Sprintf("The recipient \"%s\" is already a member of the group \"%s\".", memberID, g.DisplayName)}
		case tenant.IsCode(err, tenant.CodeNotMember):
			err = &exoError{excMemberMissing, fmt.Sprintf("The recipient \"%s\" isn't a member of the group \"%s\".", memberID, g.DisplayName)}
		}
		if err != nil {
			if err := m.fail(c, err, id); err != nil {
				return err
			}
		}
	}
	return nil
}

// changeLinks adds the -Links to a Microsoft 365 group's members or
// owners, or removes them.
func (m *exchangeModule) changeLinks(c cmdlet.Call, remove bool) error {
	st, err := m.open(c)
	if st == nil {
		return err
	}
	ctx := c.Context()
	owners := strings.EqualFold(c.String("LinkType"), "Owners")
	for _, id := range identities(c.Get("Identity")) {
		g, err := findGroup(c, st, id, true)
		if err != nil {
			if err := m.fail(c, err, id); err != nil {
				return err
			}
			continue
		}
		current, err := st.GroupMembers(ctx, g.ID)
		if owners {
			current, err = st.GroupOwners(ctx, g.ID)
		}
		if err != nil {
			return m.fail(c, err, id)
		}
		members, err := st.GroupMembers(ctx, g.ID)
		if err != nil {
			return m.fail(c, err, id)
		}
		var change []string
		for _, link := range identities(c.Get("Links")) {
			u, err := findUser(c, st, link, errRecipientNotFound)
			if err != nil {
				return m.fail(c, err, link)
			}
			if owners && !remove && !holds(members, u.ID) {
				return m.fail(c, &exoError{excTask, fmt.Sprintf("Only Members can be Owners of a group. Please add '%s' first as members before adding them as owners.", link)}, link)
			}
			if remove == holds(current, u.ID) {
				change = append(change, u.ID)
			}
		}
		if len(change) == 0 {
			continue
		}
		verb := map[bool]string{false: "Add", true: "Remove"}[remove]
		if ok, err := c.ShouldProcess(g.DisplayName, fmt.Sprintf("%s %s %s", verb, strings.ToLower(c.String("LinkType")), strings.Join(identities(c.Get("Links")), ", "))); !ok || err != nil {
			return err
		}
		switch {
		case owners && remove:
			err = st.RemoveGroupOwners(ctx, g.ID, change)
		case owners:
			err = st.AddGroupOwners(ctx, g.ID, change)
		case remove:
			err = st.RemoveGroupMembers(ctx, g.ID, change)
		default:
			err = st.AddGroupMembers(ctx, g.ID, change)
		}
		if err != nil {
			if err := m.fail(c, err, id); err != nil {
				return err
			}
		}
	}
	return nil
}

// holds reports whether users has the user of id.
func holds(users []tenant.User, id string) bool {
	for _, u := range users {
		if u.ID == id {
			return true
		}
	}
	return false
}

// groupSettings are the parameters both group Set cmdlets have.
func groupSettings() []*cmdlet.Param {
	return []*cmdlet.Param{
		{Name: "DisplayName", Type: cmdlet.String, Help: "The name shown, unique in the tenant."},
		{Name: "Alias", Type: cmdlet.String, Help: "The alias."},
		{Name: "PrimarySmtpAddress", Type: cmdlet.String, Help: "The primary address, unique among users and groups."},
		{Name: "HiddenFromAddressListsEnabled", Type: cmdlet.Bool, Help: "$true hides the group from the address lists."},
		{Name: "RequireSenderAuthenticationEnabled", Type: cmdlet.Bool, Help: "$true takes mail from senders in the organization only."},
	}
}

// setGroup changes a distribution group (unified false) or a Microsoft
// 365 group, its settings and owners in one transaction.
func (m *exchangeModule) setGroup(c cmdlet.Call, unified bool) error {
	st, err := m.open(c)
	if st == nil {
		return err
	}
	var up tenant.GroupUpdate
	var actions []string
	text := func(param string, field **string) {
		if c.Bound(param) {
			v := c.String(param)
			*field = &v
			actions = append(actions, fmt.Sprintf("%s: %s", param, v))
		}
	}
	flag := func(param string, field **bool) {
		if c.Bound(param) {
			v := c.Switch(param)
			*field = &v
			actions = append(actions, fmt.Sprintf("%s: %v", param, v))
		}
	}
	text("DisplayName", &up.DisplayName)
	if !unified && c.Bound("Name") && !c.Bound("DisplayName") {
		text("Name", &up.DisplayName)
	}
	text("Alias", &up.Alias)
	text("PrimarySmtpAddress", &up.Mail)
	text("AccessType", &up.AccessType)
	flag("HiddenFromAddressListsEnabled", &up.HiddenFromAddressLists)
	flag("RequireSenderAuthenticationEnabled", &up.RequireSenderAuthentication)
	for _, id := range identities(c.Get("Identity")) {
		g, err := findGroup(c, st, id, unified)
		if err != nil {
			if err := m.fail(c, err, id); err != nil {
				return err
			}
			continue
		}
		add, remove, replace, err := m.owners(c, st, g)
		if err != nil {
			if err := m.fail(c, err, id); err != nil {
				return err
			}
			continue
		}
		owners := actions
		if replace || len(add)+len(remove) > 0 {
			owners = append(slices.Clone(actions), "ManagedBy")
		}
		if len(owners) == 0 {
			unchanged(c, g.DisplayName)
			continue
		}
		if ok, err := c.ShouldProcess(g.DisplayName, "Set "+strings.Join(owners, ", ")); !ok || err != nil {
			if err != nil {
				return err
			}
			continue
		}
		changed := false
		err = st.Write(c.Context(), func(tx *tenant.Tx) error {
			var err error
			if _, changed, err = tx.UpdateGroup(g.ID, up); err != nil {
				return err
			}
			if err := tx.RemoveGroupOwners(g.ID, remove); err != nil {
				return err
			}
			return tx.AddGroupOwners(g.ID, add)
		})
		if err != nil {
			if err := m.fail(c, err, id); err != nil {
				return err
			}
			continue
		}
		if !changed && len(add)+len(remove) == 0 {
			unchanged(c, g.DisplayName)
		}
	}
	return nil
}

// owners reads -ManagedBy for group g: the owners to add and remove, as a
// list that replaces the owners (replace) or @{Add=...; Remove=...}.
func (m *exchangeModule) owners(c cmdlet.Call, st tenant.Directory, g tenant.Group) (add, remove []string, replace bool, err error) {
	v := c.Get("ManagedBy")
	if v == nil {
		return nil, nil, false, nil
	}
	ids := func(v any) ([]string, error) {
		var out []string
		for _, id := range identities(v) {
			u, err := findUser(c, st, id, errRecipientNotFound)
			if err != nil {
				return nil, err
			}
			out = append(out, u.ID)
		}
		return out, nil
	}
	current, err := st.GroupOwners(c.Context(), g.ID)
	if err != nil {
		return nil, nil, false, err
	}
	if h, ok := v.(*value.Hashtable); ok {
		for _, k := range h.Keys() {
			item, _ := h.Get(k)
			list, err := ids(item)
			if err != nil {
				return nil, nil, false, err
			}
			switch strings.ToLower(value.ToString(k)) {
			case "add":
				for _, id := range list {
					if !holds(current, id) {
						add = append(add, id)
					}
				}
			case "remove":
				for _, id := range list {
					if holds(current, id) {
						remove = append(remove, id)
					}
				}
			default:
				return nil, nil, false, &exoError{excBinding, fmt.Sprintf("Cannot process argument transformation on parameter 'ManagedBy'. The key '%s' isn't valid: use Add or Remove.", value.ToString(k))}
			}
		}
		return add, remove, false, nil
	}
	want, err := ids(v)
	if err != nil {
		return nil, nil, false, err
	}
	for _, id := range want {
		if !holds(current, id) {
			add = append(add, id)
		}
	}
	for _, u := range current {
		if !slices.Contains(want, u.ID) {
			remove = append(remove, u.ID)
		}
	}
	return add, remove, true, nil
}
