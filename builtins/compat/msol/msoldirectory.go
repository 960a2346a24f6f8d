package msol

import (
	"context"
	"math/rand/v2"
	"strings"

	"licsh/builtins/compat"
	"licsh/builtins/m365"
	"licsh/builtins/tenant"
	"licsh/shell/cmdlet"
	"licsh/shell/value"
)

// Type names of MSOnline's directory objects.
const (
	typeMsolCompany      = "Microsoft.Online.Administration.Company"
	typeMsolSubscription = "Microsoft.Online.Administration.Subscription"
	typeMsolGroup        = "Microsoft.Online.Administration.Group"
	typeMsolGroupMember  = "Microsoft.Online.Administration.GroupMember"
	typeMsolDomain       = "Microsoft.Online.Administration.Domain"
	typeMsolRole         = "Microsoft.Online.Administration.Role"
	typeMsolRoleMember   = "Microsoft.Online.Administration.RoleMember"
)

// msolGroupPage is how many groups or members MSOnline returns without
// -All or -MaxResults.
const msolGroupPage = 250

// msolRoleNames are the roles MSOnline names otherwise than Microsoft
// Entra does now.
var msolRoleNames = map[string]string{
	tenant.GlobalAdministrator: "Company Administrator",
	tenant.UserAdministrator:   "User Account Administrator",
	"Exchange Administrator":   "Exchange Service Administrator",
	"SharePoint Administrator": "SharePoint Service Administrator",
}

// errNotFound is the refusal of an object that is not a user, which
// MSOnline does not word as a missing user.
func errNotFound(id string) *tenant.Error {
	return &tenant.Error{Code: tenant.CodeInvalidValue, Message: tenant.ErrUserNotFound(id).Message}
}

// msolRoleName is a role's name in MSOnline.
func msolRoleName(r tenant.DirectoryRole) string {
	if n, ok := msolRoleNames[r.Name]; ok {
		return n
	}
	return r.Name
}

func (m *msolModule) directoryCmdlets() []*cmdlet.Cmdlet {
	maxResults := func(what string) []*cmdlet.Param {
		return []*cmdlet.Param{
			{Name: "All", Type: cmdlet.Switch, Help: "Every " + what + "."},
			{Name: "MaxResults", Type: cmdlet.Int, Help: "At most this many; 250 when neither this nor -All is given."},
			{Name: "SearchString", Type: cmdlet.String, Help: "Only those whose display name or email address starts with this."},
		}
	}
	upn := &cmdlet.Param{Name: "UserPrincipalName", Aliases: []string{"UPN"}, Type: cmdlet.String, ValueFromPipelineByPropertyName: true,
		Complete: cmdlet.CompleteUser, Help: "The user's sign-in name."}
	objectID := &cmdlet.Param{Name: "ObjectId", Type: cmdlet.String, ValueFromPipelineByPropertyName: true, Help: "The user's object id."}
	return []*cmdlet.Cmdlet{
		{
			Name:        "Get-MsolCompanyInformation",
			Module:      moduleName,
			Synopsis:    "Gets the tenant's company information.",
			Description: "Get-MsolCompanyInformation outputs the tenant as MSOnline's company: DisplayName, InitialDomain (its onmicrosoft.com domain), ObjectId (the tenant id), directory synchronization (off) and the rest of MSOnline's properties.",
			Examples:    []cmdlet.Example{{Code: "(Get-MsolCompanyInformation).InitialDomain", Remarks: "The tenant's onmicrosoft.com domain."}},
			Process:     m.companyInformation,
		},
		{
			Name:        "Get-MsolSubscription",
			Module:      moduleName,
			Synopsis:    "Gets the tenant's subscriptions.",
			Description: "Get-MsolSubscription outputs one object per subscription: ObjectId (its id), SkuId, SkuPartNumber, Status, TotalLicenses, DateCreated, IsTrial and ServiceStatus; -SubscriptionId gives one.",
			Params:      []*cmdlet.Param{{Name: "SubscriptionId", Type: cmdlet.String, Help: "One subscription, by its id."}},
			Examples:    []cmdlet.Example{{Code: "Get-MsolSubscription | Where-Object Status -eq Enabled", Remarks: "The active subscriptions."}},
			Process:     m.subscriptions,
		},
		{
			Name:        "Get-MsolGroup",
			Module:      moduleName,
			Synopsis:    "Gets groups, as MSOnline's Get-MsolGroup does.",
			Description: "Get-MsolGroup returns one group (-ObjectId) or lists them by display name: 250 without -All or -MaxResults, with MSOnline's warning when there are more. GroupType is Security, DistributionList (distribution and Microsoft 365 groups) or MailEnabledSecurity; Licenses lists the products they assign.",
			Params: append([]*cmdlet.Param{
				{Name: "ObjectId", Type: cmdlet.String, ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompleteGroup, Help: "The group's object id."},
				{Name: "GroupType", Type: cmdlet.String, Help: "Only groups of this type: Security, DistributionList (distribution and Microsoft 365 groups) or MailEnabledSecurity."},
			}, maxResults("group")...),
			Examples: []cmdlet.Example{{Code: "Get-MsolGroup -SearchString 'Power'", Remarks: "Groups whose name starts with Power."}},
			Process:  m.groups,
		},
		{
			Name:        "Get-MsolGroupMember",
			Module:      moduleName,
			Synopsis:    "Gets the members of a group, as MSOnline's Get-MsolGroupMember does.",
			Description: "Get-MsolGroupMember lists a group's members (GroupMemberType User, EmailAddress, DisplayName, ObjectId, IsLicensed): 250 without -All or -MaxResults.",
			Params: append([]*cmdlet.Param{
				{Name: "GroupObjectId", Type: cmdlet.String, Mandatory: true, ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompleteGroup, Help: "The group's object id."},
				{Name: "MemberObjectTypes", Type: cmdlet.String, Help: "Only members of this type: User (all of the tenant's members)."},
			}, maxResults("member")...),
			Examples: []cmdlet.Example{{Code: "$group = Get-MsolGroup -SearchString 'Power BI Users'\nGet-MsolGroupMember -GroupObjectId $group.ObjectId -All", Remarks: "Every member of a group."}},
			Process:  m.groupMembers,
		},
		{
			Name:        "Add-MsolGroupMember",
			Module:      moduleName,
			Synopsis:    "Adds a member to a group, as MSOnline's Add-MsolGroupMember does.",
			Description: "Add-MsolGroupMember adds a user (-GroupMemberObjectId) to a group (-GroupObjectId), who inherits the group's licenses at once; Global, User and Groups Administrators may. A user who is a member already is refused.",
			Params:      groupMemberParams(),
			Examples: []cmdlet.Example{{Code: "$group = Get-MsolGroup -SearchString 'All Sales'\n$user = Get-MsolUser -UserPrincipalName pradeep.wilber@contoso.com\nAdd-MsolGroupMember -GroupObjectId $group.ObjectId -GroupMemberType User -GroupMemberObjectId $user.ObjectId",
				Remarks: "Adds a user to a group."}},
			Process: func(c cmdlet.Call) error {
				return m.changeMember(c, tenant.Directory.AddGroupMember)
			},
		},
		{
			Name:        "Remove-MsolGroupMember",
			Module:      moduleName,
			Synopsis:    "Removes a member from a group, as MSOnline's Remove-MsolGroupMember does.",
			Description: "Remove-MsolGroupMember removes a user (-GroupMemberObjectId) from a group (-GroupObjectId); the licenses the user inherited from it go with it. A user who is not a member is refused.",
			Params:      groupMemberParams(),
			Examples: []cmdlet.Example{{Code: "$group = Get-MsolGroup -SearchString 'Power BI Users'\n$user = Get-MsolUser -UserPrincipalName adele.garcia@contoso.com\nRemove-MsolGroupMember -GroupObjectId $group.ObjectId -GroupMemberType User -GroupMemberObjectId $user.ObjectId",
				Remarks: "Removes a user from a group."}},
			Process: func(c cmdlet.Call) error {
				return m.changeMember(c, func(st tenant.Directory, ctx context.Context, group, user string) error {
					return st.RemoveGroupMembers(ctx, group, []string{user})
				})
			},
		},
		{
			Name:        "Get-MsolDomain",
			Module:      moduleName,
			Synopsis:    "Gets the tenant's domains.",
			Description: "Get-MsolDomain lists the tenant's domains (Name, Status Verified, Authentication Managed, IsDefault, IsInitial, Capabilities), or one (-DomainName).",
			Params: []*cmdlet.Param{
				{Name: "DomainName", Type: cmdlet.String, Help: "One domain."},
				{Name: "Status", Type: cmdlet.String, Help: "Only domains in this state: Verified (all of the tenant's) or Unverified (none)."},
				{Name: "Authentication", Type: cmdlet.String, Help: "Only domains with this authentication: Managed (all of the tenant's) or Federated (none)."},
			},
			Examples: []cmdlet.Example{{Code: "Get-MsolDomain | Where-Object IsDefault", Remarks: "The default domain."}},
			Process:  m.domains,
		},
		{
			Name:        "Get-MsolRole",
			Module:      moduleName,
			Synopsis:    "Gets the directory roles, as MSOnline names them.",
			Description: "Get-MsolRole lists the directory roles (ObjectId, the role's template id, Name and Description), or one by -RoleName or -ObjectId. MSOnline names some roles by their old names: the Global Administrator is Company Administrator, the User Administrator User Account Administrator.",
			Params: []*cmdlet.Param{
				{Name: "RoleName", Type: cmdlet.String, Help: "A role's name, such as Company Administrator."},
				{Name: "ObjectId", Type: cmdlet.String, Help: "A role's object id."},
			},
			Examples: []cmdlet.Example{{Code: "Get-MsolRole -RoleName 'Company Administrator'", Remarks: "The Global Administrator role."}},
			Process:  m.roles,
		},
		{
			Name:        "Get-MsolRoleMember",
			Module:      moduleName,
			Synopsis:    "Gets the users who hold a role.",
			Description: "Get-MsolRoleMember lists the holders of a role (RoleMemberType User, EmailAddress, DisplayName, isLicensed, ObjectId): 250 without -All or -MaxResults.",
			Params: append([]*cmdlet.Param{
				{Name: "RoleObjectId", Type: cmdlet.String, Mandatory: true, ValueFromPipelineByPropertyName: true, Help: "The role's object id, as Get-MsolRole gives it."},
				{Name: "MemberObjectTypes", Type: cmdlet.String, Help: "Only members of this type: User (all of the tenant's)."},
			}, maxResults("member")...),
			Examples: []cmdlet.Example{{Code: "$role = Get-MsolRole -RoleName 'Company Administrator'\nGet-MsolRoleMember -RoleObjectId $role.ObjectId", Remarks: "The Global Administrators."}},
			Process:  m.roleMembers,
		},
		{
			Name:        "New-MsolUser",
			Module:      moduleName,
			Synopsis:    "Creates a user, as MSOnline's New-MsolUser does.",
			Description: "New-MsolUser creates a user and outputs it with its password: the one given, or a new one of MSOnline's form. -LicenseAssignment licenses the user in the same change, so the user is not created when the license cannot be assigned (no usage location, no seat). Global and User Administrators may.",
			Params: []*cmdlet.Param{
				{Name: "UserPrincipalName", Type: cmdlet.String, Mandatory: true, ValueFromPipelineByPropertyName: true, Help: "The sign-in name."},
				{Name: "DisplayName", Type: cmdlet.String, Mandatory: true, ValueFromPipelineByPropertyName: true, Help: "The name shown."},
				{Name: "FirstName", Type: cmdlet.String, ValueFromPipelineByPropertyName: true, Help: "The first name."},
				{Name: "LastName", Type: cmdlet.String, ValueFromPipelineByPropertyName: true, Help: "The last name."},
				{Name: "Title", Type: cmdlet.String, ValueFromPipelineByPropertyName: true, Help: "The job title."},
				{Name: "Department", Type: cmdlet.String, ValueFromPipelineByPropertyName: true, Help: "The department."},
				{Name: "UsageLocation", Type: cmdlet.String, ValueFromPipelineByPropertyName: true, Help: "A two-letter country code, needed before licenses."},
				{Name: "Password", Type: cmdlet.String, Help: "The password; one is made when not given. It must meet the password policy; the tenant does not keep it."},
				{Name: "ForceChangePassword", Type: cmdlet.Bool, Help: "Whether the user must change the password at the next sign-in."},
				{Name: "LicenseAssignment", Type: cmdlet.Strings, Complete: cmdlet.CompleteSku, Help: "AccountSkuIds (<tenant>:<part number>) to assign."},
				{Name: "LicenseOptions", Type: cmdlet.Objects, Help: "Options from New-MsolLicenseOptions."},
				{Name: "BlockCredential", Type: cmdlet.Bool, Help: "$true blocks sign-in."},
				{Name: "UserType", Type: cmdlet.String, Help: "Member or Guest."},
				{Name: "City", Type: cmdlet.String, Help: "Accepted for compatibility: the tenant does not keep it."},
				{Name: "Country", Type: cmdlet.String, Help: "Accepted for compatibility: the tenant does not keep it."},
				{Name: "Office", Type: cmdlet.String, Help: "Accepted for compatibility: the tenant does not keep it."},
				{Name: "PhoneNumber", Type: cmdlet.String, Help: "Accepted for compatibility: the tenant does not keep it."},
				{Name: "MobilePhone", Type: cmdlet.String, Help: "Accepted for compatibility: the tenant does not keep it."},
				{Name: "PasswordNeverExpires", Type: cmdlet.Bool, Help: "Accepted for compatibility: the tenant does not keep it."},
			},
			Examples: []cmdlet.Example{{Code: "New-MsolUser -UserPrincipalName nina.new@contoso.com -DisplayName 'Nina New' -UsageLocation US -LicenseAssignment contoso:SPE_E3", Remarks: "A licensed new user; the output shows the password made."}},
			Process:  m.newUser,
		},
		{
			Name:        "Set-MsolUserPassword",
			Module:      moduleName,
			Synopsis:    "Resets a user's password, as MSOnline's Set-MsolUserPassword does.",
			Description: "Set-MsolUserPassword resets a user's password to -NewPassword, or to a new one of MSOnline's form, and outputs it. Global Administrators may reset anyone's; User and Helpdesk Administrators those of users who are not admins (and of a few limited admins). The tenant does not keep the password.",
			Params: []*cmdlet.Param{
				upn, objectID,
				{Name: "NewPassword", Type: cmdlet.String, Help: "The new password; one is made when not given."},
				{Name: "ForceChangePassword", Type: cmdlet.Bool, ValueFromPipelineByPropertyName: true, Help: "Whether the user must change the password at the next sign-in."},
			},
			Examples: []cmdlet.Example{{Code: "Set-MsolUserPassword -UserPrincipalName megan.jansen@contoso.com -ForceChangePassword $true", Remarks: "A new password, to change at the next sign-in."}},
			Process:  m.setPassword,
		},
		{
			Name:        "Get-MsolPartnerContract",
			Module:      moduleName,
			Synopsis:    "Gets the tenants a partner manages: none here.",
			Description: "Get-MsolPartnerContract lists the customer tenants of a partner tenant. The session's tenant is no partner, so it outputs nothing, as MSOnline does for a tenant that is not.",
			Params: []*cmdlet.Param{
				{Name: "All", Type: cmdlet.Switch, Help: "Every contract."},
				{Name: "DomainName", Type: cmdlet.String, Help: "Only the customer with this domain."},
				{Name: "MaxResults", Type: cmdlet.Int, Help: "At most this many."},
			},
			Examples: []cmdlet.Example{{Code: "Get-MsolPartnerContract -All | ForEach-Object { $_.TenantId }", Remarks: "A partner's script: here there is nothing to go through."}},
			Process: func(c cmdlet.Call) error {
				_, err := m.conn.Open(c, "")
				return err
			},
		},
	}
}

// pageLimit is how many of n objects a list cmdlet writes, and whether
// there were more than that: MSOnline's page unless -All or -MaxResults
// says otherwise.
func pageLimit(c cmdlet.Call, n, page int) (int, bool) {
	switch {
	case c.Switch("All"):
		return n, false
	case c.Bound("MaxResults"):
		page = max(0, c.Int("MaxResults"))
	}
	if n > page {
		return page, true
	}
	return n, false
}

// writePage writes a list's first page, and MSOnline's warning when there
// were more.
func writePage(c cmdlet.Call, items []any) error {
	n, more := pageLimit(c, len(items), msolGroupPage)
	for _, it := range items[:n] {
		if err := c.Write(it); err != nil {
			return err
		}
	}
	if more {
		c.WriteWarning("More results are available. Please specify one of the All or MaxResults parameters.")
	}
	return nil
}

// matches reports whether -SearchString, if given, starts one of texts.
func matches(c cmdlet.Call, texts ...string) bool {
	s := strings.ToLower(c.String("SearchString"))
	if s == "" {
		return true
	}
	for _, t := range texts {
		if strings.HasPrefix(strings.ToLower(t), s) {
			return true
		}
	}
	return false
}

func (m *msolModule) companyInformation(c cmdlet.Call) error {
	st, err := m.conn.Open(c, "")
	if st == nil {
		return err
	}
	info, err := st.Info(c.Context())
	if err != nil {
		return m.conn.Fail(c, "", err, nil)
	}
	o := compat.NewModel(typeMsolCompany)
	o.Set("DisplayName", info.Name)
	o.Set("PreferredLanguage", nil)
	o.Set("Street", nil)
	o.Set("City", nil)
	o.Set("State", nil)
	o.Set("PostalCode", nil)
	o.Set("Country", nil)
	o.Set("CountryLetterCode", nil)
	o.Set("TelephoneNumber", nil)
	o.Set("MarketingNotificationEmails", []any{})
	o.Set("TechnicalNotificationEmails", []any{})
	o.Set("SelfServePasswordResetEnabled", false)
	o.Set("UsersPermissionToCreateGroupsEnabled", true)
	o.Set("UsersPermissionToCreateLOBAppsEnabled", true)
	o.Set("UsersPermissionToReadOtherUsersEnabled", true)
	o.Set("UsersPermissionToUserConsentToAppEnabled", true)
	o.Set("DirectorySynchronizationEnabled", false)
	o.Set("DirSyncServiceAccount", nil)
	o.Set("LastDirSyncTime", nil)
	o.Set("LastPasswordSyncTime", nil)
	o.Set("PasswordSynchronizationEnabled", false)
	o.Set("InitialDomain", info.InitialDomain())
	o.Set("ObjectId", info.TenantID)
	return c.Write(o)
}

func (m *msolModule) subscriptions(c cmdlet.Call) error {
	st, err := m.conn.Open(c, "")
	if st == nil {
		return err
	}
	ctx := c.Context()
	subs, err := st.Subscriptions(ctx)
	if err != nil {
		return m.conn.Fail(c, "", err, nil)
	}
	products, err := st.Products(ctx)
	if err != nil {
		return m.conn.Fail(c, "", err, nil)
	}
	plans := map[string][]any{}
	for _, p := range products {
		for _, pl := range p.Plans {
			plans[p.SkuID] = append(plans[p.SkuID], servicePlanStatus(pl.Name, pl.ID))
		}
	}
	want := c.String("SubscriptionId")
	found := false
	for _, s := range subs {
		if want != "" && !strings.EqualFold(want, s.SubscriptionID) {
			continue
		}
		found = true
		o := compat.NewModel(typeMsolSubscription)
		o.Set("DateCreated", m365.DateOrNil(s.CreatedDateTime))
		o.Set("IsTrial", false)
		o.Set("NextLifecycleDate", nil)
		o.Set("ObjectId", s.SubscriptionID)
		o.Set("OcpSubscriptionId", nil)
		o.Set("OwnerObjectId", nil)
		o.Set("ServiceStatus", compat.OrEmpty(plans[s.SkuID]))
		o.Set("SkuId", s.SkuID)
		o.Set("SkuPartNumber", s.PartNumber)
		o.Set("Status", s.Status)
		o.Set("TotalLicenses", s.Quantity)
		if err := c.Write(o); err != nil {
			return err
		}
	}
	if want != "" && !found {
		return m.conn.Fail(c, "", errNotFound(want), want)
	}
	return nil
}

func (m *msolModule) groups(c cmdlet.Call) error {
	st, err := m.conn.Open(c, "")
	if st == nil {
		return err
	}
	ctx := c.Context()
	info, err := st.Info(ctx)
	if err != nil {
		return m.conn.Fail(c, "", err, nil)
	}
	id := c.String("ObjectId")
	groups, err := st.Groups(ctx, id)
	if err != nil {
		return m.conn.Fail(c, "", err, id)
	}
	if id != "" {
		return c.Write(msolGroup(info, groups[0]))
	}
	var out []any
	for _, g := range groups {
		if t := c.String("GroupType"); t != "" && !strings.EqualFold(t, msolGroupType(g)) {
			continue
		}
		if matches(c, g.DisplayName) {
			out = append(out, msolGroup(info, g))
		}
	}
	return writePage(c, out)
}

// msolGroupType is a group's GroupType in MSOnline, which shows Microsoft
// 365 groups as distribution lists.
func msolGroupType(g tenant.Group) string {
	switch g.Kind {
	case tenant.GroupDistribution, tenant.GroupMicrosoft365:
		return "DistributionList"
	case tenant.GroupMailEnabledSecurity:
		return "MailEnabledSecurity"
	}
	return "Security"
}

// msolGroup is a group as MSOnline shows it, with the licenses it assigns.
func msolGroup(info tenant.Info, g tenant.Group) *compat.Model {
	prefix := accountPrefix(info)
	var lic []any
	for _, l := range g.Licenses {
		gl := compat.NewModel("Microsoft.Online.Administration.GroupLicense")
		gl.Set("AccountSkuId", prefix+":"+l.PartNumber)
		gl.Set("DisabledServicePlans", m365.StrList(l.DisabledPlans))
		gl.Text = prefix + ":" + l.PartNumber
		lic = append(lic, gl)
	}
	o := compat.NewModel(typeMsolGroup)
	o.Set("CommonName", g.DisplayName)
	o.Set("Description", nil)
	o.Set("DisplayName", g.DisplayName)
	proxies := []any{}
	if g.Mail != "" {
		proxies = append(proxies, "SMTP:"+g.Mail)
	}
	o.Set("EmailAddress", compat.NilIfEmpty(g.Mail))
	o.Set("Errors", []any{})
	o.Set("GroupType", msolGroupType(g))
	o.Set("IsSystem", false)
	o.Set("LastDirSyncTime", nil)
	o.Set("Licenses", compat.OrEmpty(lic))
	o.Set("ManagedBy", nil)
	o.Set("ObjectId", g.ID)
	o.Set("ProxyAddresses", proxies)
	o.Set("ValidationStatus", "Healthy")
	return o
}

func (m *msolModule) groupMembers(c cmdlet.Call) error {
	st, err := m.conn.Open(c, "")
	if st == nil {
		return err
	}
	id := c.String("GroupObjectId")
	users, err := st.GroupMembers(c.Context(), id)
	if err != nil {
		return m.conn.Fail(c, "", err, id)
	}
	if t := c.String("MemberObjectTypes"); t != "" && !strings.EqualFold(t, "User") {
		return nil
	}
	var out []any
	for _, u := range users {
		if !matches(c, u.DisplayName, u.Mail, u.UserPrincipalName) {
			continue
		}
		o := compat.NewModel(typeMsolGroupMember)
		o.Set("CommonName", u.DisplayName)
		o.Set("DisplayName", u.DisplayName)
		o.Set("EmailAddress", compat.NilIfEmpty(u.Mail))
		o.Set("GroupMemberType", "User")
		o.Set("IsLicensed", u.IsLicensed())
		o.Set("ObjectId", u.ID)
		o.Set("OverallProvisioningStatus", "Success")
		o.Set("ValidationStatus", "Healthy")
		out = append(out, o)
	}
	return writePage(c, out)
}

// groupMemberParams are the parameters of Add- and Remove-MsolGroupMember.
func groupMemberParams() []*cmdlet.Param {
	return []*cmdlet.Param{
		{Name: "GroupObjectId", Type: cmdlet.String, Mandatory: true, ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompleteGroup, Help: "The group's object id."},
		{Name: "GroupMemberObjectId", Type: cmdlet.String, Mandatory: true, ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompleteUser,
			Help: "The member's object id (a user principal name is taken too)."},
		{Name: "GroupMemberType", Type: cmdlet.String, ValidateSet: []string{"User"}, Help: "User, the only kind of member the tenant's groups have."},
		{Name: "TenantId", Type: cmdlet.String, Help: "Accepted for compatibility: the session's tenant is the tenant file's."},
	}
}

// changeMember changes the membership of the user -GroupMemberObjectId
// names in the group -GroupObjectId names.
func (m *msolModule) changeMember(c cmdlet.Call, change func(tenant.Directory, context.Context, string, string) error) error {
	st, err := m.conn.Open(c, "")
	if st == nil {
		return err
	}
	group, user := c.String("GroupObjectId"), c.String("GroupMemberObjectId")
	err = change(st, c.Context(), group, user)
	switch {
	case err == nil:
		return nil
	case tenant.IsCode(err, tenant.CodeUserNotFound), tenant.IsCode(err, tenant.CodeNotMember):
		return m.conn.Fail(c, "", tenant.ErrUserNotFound(user), user)
	}
	return m.conn.Fail(c, "", err, group)
}

func (m *msolModule) domains(c cmdlet.Call) error {
	st, err := m.conn.Open(c, "")
	if st == nil {
		return err
	}
	domains, err := st.Domains(c.Context())
	if err != nil {
		return m.conn.Fail(c, "", err, nil)
	}
	if s := c.String("Status"); s != "" && !strings.EqualFold(s, "Verified") {
		return nil
	}
	if a := c.String("Authentication"); a != "" && !strings.EqualFold(a, "Managed") {
		return nil
	}
	want := c.String("DomainName")
	for _, d := range domains {
		if want != "" && !strings.EqualFold(want, d.Name) {
			continue
		}
		o := compat.NewModel(typeMsolDomain)
		o.Set("Authentication", "Managed")
		o.Set("Capabilities", "Email, OfficeCommunicationsOnline")
		o.Set("IsDefault", d.IsDefault)
		o.Set("IsInitial", d.IsInitial)
		o.Set("Name", d.Name)
		o.Set("RootDomain", nil)
		o.Set("Status", "Verified")
		o.Set("VerificationMethod", "DnsRecord")
		if err := c.Write(o); err != nil {
			return err
		}
		if want != "" {
			return nil
		}
	}
	if want != "" {
		return m.conn.Fail(c, "", errNotFound(want), want)
	}
	return nil
}

// findRole finds a role by MSOnline's name, Microsoft Entra's name, or id.
func findRole(ctx context.Context, st tenant.Directory, identity string) (tenant.DirectoryRole, error) {
	roles, err := st.DirectoryRoles(ctx)
	if err != nil {
		return tenant.DirectoryRole{}, err
	}
	for _, r := range roles {
		if strings.EqualFold(strings.TrimSpace(identity), msolRoleName(r)) {
			return r, nil
		}
	}
	r, err := tenant.FindDirectoryRole(ctx, st, identity)
	if tenant.IsCode(err, tenant.CodeUserNotFound) {
		err = errNotFound(identity)
	}
	return r, err
}

func (m *msolModule) roles(c cmdlet.Call) error {
	st, err := m.conn.Open(c, "")
	if st == nil {
		return err
	}
	ctx := c.Context()
	var roles []tenant.DirectoryRole
	id := c.String("RoleName")
	if id == "" {
		id = c.String("ObjectId")
	}
	if id != "" {
		r, err := findRole(ctx, st, id)
		if err != nil {
			return m.conn.Fail(c, "", err, id)
		}
		roles = []tenant.DirectoryRole{r}
	} else if roles, err = st.DirectoryRoles(ctx); err != nil {
		return m.conn.Fail(c, "", err, nil)
	}
	for _, r := range roles {
		o := compat.NewModel(typeMsolRole)
		o.Set("Description", r.Description)
		o.Set("IsEnabled", true)
		o.Set("IsSystem", true)
		o.Set("Name", msolRoleName(r))
		o.Set("ObjectId", r.TemplateID)
		if err := c.Write(o); err != nil {
			return err
		}
	}
	return nil
}

func (m *msolModule) roleMembers(c cmdlet.Call) error {
	st, err := m.conn.Open(c, "")
	if st == nil {
		return err
	}
	ctx := c.Context()
	id := c.String("RoleObjectId")
	r, err := findRole(ctx, st, id)
	if err != nil {
		return m.conn.Fail(c, "", err, id)
	}
	users, err := tenant.RoleMembers(ctx, st, r.Name)
	if err != nil {
		return m.conn.Fail(c, "", err, id)
	}
	if t := c.String("MemberObjectTypes"); t != "" && !strings.EqualFold(t, "User") {
		return nil
	}
	var out []any
	for _, u := range users {
		if !matches(c, u.DisplayName, u.Mail, u.UserPrincipalName) {
			continue
		}
		o := compat.NewModel(typeMsolRoleMember)
		o.Set("DisplayName", u.DisplayName)
		o.Set("EmailAddress", compat.NilIfEmpty(u.Mail))
		o.Set("IsLicensed", u.IsLicensed())
		o.Set("LastDirSyncTime", nil)
		o.Set("ObjectId", u.ID)
		o.Set("OverallProvisioningStatus", "Success")
		o.Set("RoleMemberType", "User")
		o.Set("StrongAuthenticationRequirements", []any{})
		o.Set("ValidationStatus", "Healthy")
		out = append(out, o)
	}
	return writePage(c, out)
}

// newPassword is a password of the form MSOnline makes: a capital, two
// small letters and five digits, such as Bof49217.
func newPassword() string {
	const consonants, vowels = "bcdfghjklmnpqrstvwxz", "aeiou"
	b := []byte{consonants[rand.IntN(len(consonants))] - 'a' + 'A', vowels[rand.IntN(len(vowels))], consonants[rand.IntN(len(consonants))]}
	for range 5 {
		b = append(b, byte('0'+rand.IntN(10)))
	}
	return string(b)
}

func (m *msolModule) newUser(c cmdlet.Call) error {
	st, err := m.conn.Open(c, "")
	if st == nil {
		return err
	}
	ctx := c.Context()
	info, err := st.Info(ctx)
	if err != nil {
		return m.conn.Fail(c, "", err, nil)
	}
	password := c.String("Password")
	if password == "" {
		password = newPassword()
	}
	add, err := licenseChanges(c, c.Strings("LicenseAssignment"), nil)
	if err != nil {
		return m.conn.Fail(c, "", err, nil)
	}
	upn := c.String("UserPrincipalName")
	nu := tenant.NewUser{UserPrincipalName: upn, DisplayName: c.String("DisplayName"), GivenName: c.String("FirstName"),
		Surname: c.String("LastName"), JobTitle: c.String("Title"), Department: c.String("Department"),
		UsageLocation: c.String("UsageLocation"), UserType: c.String("UserType"), Password: password}
	if c.Bound("BlockCredential") {
		enabled := !value.ToBool(c.Get("BlockCredential"))
		nu.AccountEnabled = &enabled
	}
	u, res, err := m.createUser(c, st, nu, add)
	if err != nil {
		return m.conn.Fail(c, "", err, upn)
	}
	for _, w := range res.Warnings {
		c.WriteWarning(w)
	}
	lic, err := st.UserLicenses(ctx, u.ID)
	if err != nil {
		return m.conn.Fail(c, "", err, upn)
	}
	if u, err = st.GetUser(ctx, u.ID); err != nil {
		return m.conn.Fail(c, "", err, upn)
	}
	plans, err := productPlans(ctx, st)
	if err != nil {
		return m.conn.Fail(c, "", err, upn)
	}
	return c.Write(msolUser(info, u, lic, plans).Set("Password", password))
}

// createUser creates a user with its licenses. On the tenant file both are
// one change, as MSOnline's service makes them: a license refused leaves no
// user. Microsoft Graph has no such change, so on a Microsoft 365 tenant
// the user is created first and a license refused leaves it unlicensed.
func (m *msolModule) createUser(c cmdlet.Call, d tenant.Directory, nu tenant.NewUser, add []tenant.AddLicense) (u tenant.User, res tenant.LicenseResult, err error) {
	ctx := c.Context()
	if m.conn.Session().Graph() != nil {
		if u, err = d.NewUser(ctx, nu); err != nil || len(add) == 0 {
			return u, res, err
		}
		res, err = d.SetUserLicense(ctx, u.ID, add, nil)
		return u, res, err
	}
	st, err := m.conn.File(c, "")
	if err != nil {
		return u, res, err
	}
	err = st.Write(ctx, func(tx *tenant.Tx) error {
		var err error
		if u, err = tx.NewUser(nu); err != nil || len(add) == 0 {
			return err
		}
		res, err = tx.SetUserLicense(u.ID, add, nil)
		return err
	})
	return u, res, err
}

func (m *msolModule) setPassword(c cmdlet.Call) error {
	st, err := m.conn.Open(c, "")
	if st == nil {
		return err
	}
	id := m.identity(c)
	password := c.String("NewPassword")
	if password == "" {
		password = newPassword()
	}
	if _, err := st.ResetPassword(c.Context(), id, password, value.ToBool(c.Get("ForceChangePassword"))); err != nil {
		return m.conn.Fail(c, "", err, id)
	}
	return c.Write(password)
}

// servicePlanStatus is a service plan of a product with its provisioning
// status, as MSOnline lists them.
func servicePlanStatus(name, id string) *compat.Model {
	s := compat.NewModel(typeMsolStatus)
	plan := compat.NewModel("Microsoft.Online.Administration.ServicePlan")
	plan.Set("ServiceName", name)
	plan.Set("ServicePlanId", id)
	plan.Set("TargetClass", "User")
	plan.Text = "Microsoft.Online.Administration.ServicePlan"
	s.Set("ServicePlan", plan)
	s.Set("ProvisioningStatus", "Success")
	return s
}
