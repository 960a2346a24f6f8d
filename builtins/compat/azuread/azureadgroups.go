package azuread

import (
	"context"
	"strings"

	"licsh/builtins/compat"
	"licsh/builtins/m365"
	"licsh/builtins/tenant"
	"licsh/shell/cmdlet"
	"licsh/shell/value"
)

// Type names of AzureAD's directory objects.
const (
	typeAADGroup          = "Microsoft.Open.AzureAD.Model.Group"
	typeAADDirectoryRole  = "Microsoft.Open.AzureAD.Model.DirectoryRole"
	typeAADTenantDetail   = "Microsoft.Open.AzureAD.Model.TenantDetail"
	typeAADVerifiedDomain = "Microsoft.Open.AzureAD.Model.VerifiedDomain"
	typeAADAssignedPlan   = "Microsoft.Open.AzureAD.Model.AssignedPlan"
)

// listParams are the paging parameters of AzureAD's list cmdlets.
func listParams(what string) []*cmdlet.Param {
	return []*cmdlet.Param{
		{Name: "All", Type: cmdlet.Bool, Help: "$true for every " + what + " rather than the first 100."},
		{Name: "Top", Type: cmdlet.Int, Help: "At most this many."},
	}
}

// pageLimit is how many of n objects a list cmdlet writes: 100 unless
// -All $true or -Top says otherwise.
func pageLimit(c cmdlet.Call, n int) int {
	switch {
	case value.ToBool(c.Get("All")):
		return n
	case c.Bound("Top"):
		return max(0, min(c.Int("Top"), n))
	}
	return min(aadUserPage, n)
}

func (a *azureADModule) groupCmdlets() []*cmdlet.Cmdlet {
	groupID := func(help string) *cmdlet.Param {
		return &cmdlet.Param{Name: "ObjectId", Type: cmdlet.String, Mandatory: true, ValueFromPipelineByPropertyName: true,
			Complete: cmdlet.CompleteGroup, Help: help}
	}
	userID := func(name, help string) *cmdlet.Param {
		return &cmdlet.Param{Name: name, Type: cmdlet.String, Mandatory: true, ValueFromPipelineByPropertyName: true,
			Complete: cmdlet.CompleteUser, Help: help}
	}
	return []*cmdlet.Cmdlet{
		{
			Name:        "Get-AzureADGroup",
			Module:      moduleName,
			Synopsis:    "Gets groups, as AzureAD's Get-AzureADGroup does.",
			Description: "Get-AzureADGroup returns one group (-ObjectId) or lists them by display name: 100 unless -All $true or -Top. -SearchString finds display names starting with it; -Filter takes Graph's filter on id and displayName.",
			Params: append([]*cmdlet.Param{
				{Name: "ObjectId", Type: cmdlet.String, Position: 1, ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompleteGroup, Help: "The group's object id."},
				{Name: "SearchString", Type: cmdlet.String, Help: "Groups whose display name starts with this."},
				{Name: "Filter", Type: cmdlet.String, Help: "An OData filter, such as displayName eq 'All Sales'."},
			}, listParams("group")...),
			Examples: []cmdlet.Example{
				{Code: "Get-AzureADGroup -SearchString 'Power BI'", Remarks: "Groups by the start of their name."},
				{Code: "Get-AzureADGroup -Filter \"displayName eq 'All Sales'\"", Remarks: "One group by name."},
			},
			Process: a.getGroup,
		},
		{
			Name:        "Get-AzureADGroupMember",
			Module:      moduleName,
			Synopsis:    "Gets the members of a group as users.",
			Description: "Get-AzureADGroupMember lists a group's members as AzureAD users: 100 unless -All $true or -Top.",
			Params:      append([]*cmdlet.Param{groupID("The group's object id.")}, listParams("member")...),
			Examples: []cmdlet.Example{
				{Code: "$group = Get-AzureADGroup -SearchString 'Power BI Users'\nGet-AzureADGroupMember -ObjectId $group.ObjectId -All $true", Remarks: "Every member of a group."},
			},
			Process: a.groupMembers,
		},
		{
			Name:        "Get-AzureADGroupOwner",
			Module:      moduleName,
			Synopsis:    "Gets the owners of a group.",
			Description: "Get-AzureADGroupOwner lists a group's owners as AzureAD users. The tenant's groups are security groups that admins manage and have no owners, so it outputs nothing for a group that exists.",
			Params:      append([]*cmdlet.Param{groupID("The group's object id.")}, listParams("owner")...),
			Examples: []cmdlet.Example{
				{Code: "$group = Get-AzureADGroup -SearchString 'All Sales'\nGet-AzureADGroupOwner -ObjectId $group.ObjectId -All $true", Remarks: "A group's owners."},
			},
			Process: a.groupOwners,
		},
		{
			Name:        "Add-AzureADGroupMember",
			Module:      moduleName,
			Synopsis:    "Adds a member to a group.",
			Description: "Add-AzureADGroupMember adds a user (-RefObjectId) to a group (-ObjectId), who inherits the group's licenses at once; Global, User and Groups Administrators may. A user who is a member already is refused, as AzureAD refuses the reference.",
			Params:      []*cmdlet.Param{groupID("The group's object id."), userID("RefObjectId", "The user's object id (a user principal name is taken too).")},
			Examples: []cmdlet.Example{
				{Code: "$group = Get-AzureADGroup -SearchString 'All Sales'\n$user = Get-AzureADUser -ObjectId pradeep.wilber@contoso.com\nAdd-AzureADGroupMember -ObjectId $group.ObjectId -RefObjectId $user.ObjectId", Remarks: "Adds a user to a group."},
			},
			Process: func(c cmdlet.Call) error {
				return a.changeMember(c, "RefObjectId", tenant.Directory.AddGroupMember)
			},
		},
		{
			Name:        "Remove-AzureADGroupMember",
			Module:      moduleName,
			Synopsis:    "Removes a member from a group.",
			Description: "Remove-AzureADGroupMember removes a user (-MemberId) from a group (-ObjectId); the licenses the user inherited from it go with it. A user who is not a member is not found.",
			Params:      []*cmdlet.Param{groupID("The group's object id."), userID("MemberId", "The member's object id (a user principal name is taken too).")},
			Examples: []cmdlet.Example{
				{Code: "$group = Get-AzureADGroup -SearchString 'Power BI Users'\n$user = Get-AzureADUser -ObjectId adele.garcia@contoso.com\nRemove-AzureADGroupMember -ObjectId $group.ObjectId -MemberId $user.ObjectId", Remarks: "Removes a user from a group."},
			},
			Process: func(c cmdlet.Call) error {
				return a.changeMember(c, "MemberId", func(st tenant.Directory, ctx context.Context, group, user string) error {
					return st.RemoveGroupMembers(ctx, group, []string{user})
				})
			},
		},
		{
			Name:        "Get-AzureADUserMembership",
			Module:      moduleName,
			Synopsis:    "Gets the groups and directory roles a user is a member of.",
			Description: "Get-AzureADUserMembership lists the groups (by display name) and then the directory roles a user is a direct member of, as AzureAD's Group and DirectoryRole objects: 100 unless -All $true or -Top.",
			Params:      append([]*cmdlet.Param{userID("ObjectId", "The user's object id or user principal name.")}, listParams("group")...),
			Examples: []cmdlet.Example{
				{Code: "Get-AzureADUserMembership -ObjectId adele.garcia@contoso.com -All $true | Select-Object DisplayName, ObjectType", Remarks: "A user's groups and roles."},
			},
			Process: a.membership,
		},
	}
}

func (a *azureADModule) getGroup(c cmdlet.Call) error {
	st, err := a.conn.Open(c, "")
	if st == nil {
		return err
	}
	ctx := c.Context()
	id := c.String("ObjectId")
	var groups []tenant.Group
	switch {
	case id != "":
		groups, err = st.Groups(ctx, id)
		if tenant.IsCode(err, tenant.CodeGroupNotFound) {
			err = tenant.ErrUserNotFound(id)
		}
	case c.Bound("Filter"):
		var q *tenant.Query
		if q, err = tenant.ParseGroupFilter(c.String("Filter")); err == nil {
			groups, err = st.FilterGroups(ctx, q)
		}
	default:
		groups, err = st.Groups(ctx, "")
	}
	if err != nil {
		return a.conn.Fail(c, "", err, id)
	}
	search := strings.ToLower(c.String("SearchString"))
	var out []tenant.Group
	for _, g := range groups {
		if strings.HasPrefix(strings.ToLower(g.DisplayName), search) {
			out = append(out, g)
		}
	}
	for _, g := range out[:pageLimit(c, len(out))] {
		if err := c.Write(aadGroup(g)); err != nil {
			return err
		}
	}
	return nil
}

// aadGroup is a group as AzureAD shows it.
func aadGroup(g tenant.Group) *compat.Model {
	nickname := g.MailNickname
	if nickname == "" {
		nickname = strings.ReplaceAll(g.DisplayName, " ", "")
	}
	proxies := []any{}
	if g.Mail != "" {
		proxies = append(proxies, "SMTP:"+g.Mail)
	}
	o := compat.NewModel(typeAADGroup)
	o.Set("DeletionTimestamp", nil)
	o.Set("ObjectId", g.ID)
	o.Set("ObjectType", "Group")
	o.Set("Description", nil)
	o.Set("DirSyncEnabled", nil)
	o.Set("DisplayName", g.DisplayName)
	o.Set("LastDirSyncTime", nil)
	o.Set("Mail", compat.NilIfEmpty(g.Mail))
	o.Set("MailEnabled", g.MailEnabled())
	o.Set("MailNickName", nickname)
	o.Set("OnPremisesSecurityIdentifier", nil)
	o.Set("ProvisioningErrors", []any{})
	o.Set("ProxyAddresses", proxies)
	o.Set("SecurityEnabled", g.SecurityEnabled())
	return o
}

// aadDirectoryRole is a directory role as AzureAD shows it.
func aadDirectoryRole(r tenant.DirectoryRole) *compat.Model {
	o := compat.NewModel(typeAADDirectoryRole)
	o.Set("ObjectId", r.ID)
	o.Set("ObjectType", "Role")
	o.Set("Description", r.Description)
	o.Set("DisplayName", r.Name)
	o.Set("RoleDisabled", false)
	o.Set("RoleTemplateId", r.TemplateID)
	return o
}

// writeUsers writes the first n users as AzureAD users, with their
// licenses.
func (a *azureADModule) writeUsers(c cmdlet.Call, st tenant.Directory, users []tenant.User, n int) error {
	products, err := productsByID(c.Context(), st)
	if err != nil {
		return err
	}
	for _, u := range users[:n] {
		lic, err := st.UserLicenses(c.Context(), u.ID)
		if err != nil {
			return err
		}
		if err := c.Write(aadUser(u, lic, products)); err != nil {
			return err
		}
	}
	return nil
}

func (a *azureADModule) groupMembers(c cmdlet.Call) error {
	st, err := a.conn.Open(c, "")
	if st == nil {
		return err
	}
	id := c.String("ObjectId")
	users, err := st.GroupMembers(c.Context(), id)
	if tenant.IsCode(err, tenant.CodeGroupNotFound) {
		err = tenant.ErrUserNotFound(id)
	}
	if err == nil {
		err = a.writeUsers(c, st, users, pageLimit(c, len(users)))
	}
	if err != nil {
		return a.conn.Fail(c, "", err, id)
	}
	return nil
}

func (a *azureADModule) groupOwners(c cmdlet.Call) error {
	st, err := a.conn.Open(c, "")
	if st == nil {
		return err
	}
	id := c.String("ObjectId")
	if _, err := st.Groups(c.Context(), id); err != nil {
		if tenant.IsCode(err, tenant.CodeGroupNotFound) {
			err = tenant.ErrUserNotFound(id)
		}
		return a.conn.Fail(c, "", err, id)
	}
	return nil
}

func (a *azureADModule) changeMember(c cmdlet.Call, memberParam string, change func(tenant.Directory, context.Context, string, string) error) error {
	st, err := a.conn.Open(c, "")
	if st == nil {
		return err
	}
	group, user := c.String("ObjectId"), c.String(memberParam)
	err = change(st, c.Context(), group, user)
	switch {
	case tenant.IsCode(err, tenant.CodeGroupNotFound):
		err = tenant.ErrUserNotFound(group)
	case tenant.IsCode(err, tenant.CodeNotMember):
		err = tenant.ErrUserNotFound(user)
	}
	if err != nil {
		return a.conn.Fail(c, "", err, group)
	}
	return nil
}

func (a *azureADModule) membership(c cmdlet.Call) error {
	st, err := a.conn.Open(c, "")
	if st == nil {
		return err
	}
	ctx := c.Context()
	id := c.String("ObjectId")
	groups, err := st.UserGroups(ctx, id)
	if err != nil {
		return a.conn.Fail(c, "", err, id)
	}
	held, err := st.RoleAssignments(ctx, "", id)
	if err != nil {
		return a.conn.Fail(c, "", err, id)
	}
	var out []any
	for _, g := range groups {
		out = append(out, aadGroup(g))
	}
	for _, h := range held {
		r, err := tenant.FindDirectoryRole(ctx, st, h.Role)
		if err != nil {
			return a.conn.Fail(c, "", err, id)
		}
		out = append(out, aadDirectoryRole(r))
	}
	for _, o := range out[:pageLimit(c, len(out))] {
		if err := c.Write(o); err != nil {
			return err
		}
	}
	return nil
}

// productsByID are the tenant's products, whose service plans users and
// the tenant show, by SKU id.
func productsByID(ctx context.Context, st tenant.Directory) (map[string]tenant.Product, error) {
	products, err := st.Products(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]tenant.Product, len(products))
	for _, p := range products {
		out[p.SkuID] = p
	}
	return out, nil
}

// aadAssignedPlan is a service plan a user or the tenant has, as AzureAD
// shows it.
func aadAssignedPlan(assigned any, status, service, planID string) *compat.Model {
	p := compat.NewModel(typeAADAssignedPlan)
	p.Set("AssignedTimestamp", assigned)
	p.Set("CapabilityStatus", status)
	p.Set("Service", service)
	p.Set("ServicePlanId", planID)
	p.Text = "class AssignedPlan {\n  AssignedTimestamp: " + value.ToString(assigned) + "\n  CapabilityStatus: " + status +
		"\n  Service: " + service + "\n  ServicePlanId: " + planID + "\n}\n"
	return p
}

// tenantCmdlets are AzureAD's cmdlets that read the tenant and its
// directory roles.
func (a *azureADModule) tenantCmdlets() []*cmdlet.Cmdlet {
	roleID := &cmdlet.Param{Name: "ObjectId", Type: cmdlet.String, Position: 1, ValueFromPipelineByPropertyName: true, Help: "The role's object id."}
	return []*cmdlet.Cmdlet{
		{
			Name:        "Get-AzureADTenantDetail",
			Module:      moduleName,
			Synopsis:    "Gets the tenant.",
			Description: "Get-AzureADTenantDetail outputs the tenant as AzureAD's TenantDetail: ObjectId (the tenant id), DisplayName, VerifiedDomains (Name, _Default, Initial, Type, Capabilities) and AssignedPlans, one per service plan of each subscription.",
			Params:      listParams("tenant"),
			Examples: []cmdlet.Example{
				{Code: "(Get-AzureADTenantDetail).VerifiedDomains | Where-Object Initial | Select-Object -ExpandProperty Name", Remarks: "The tenant's onmicrosoft.com domain."},
			},
			Process: a.tenantDetail,
		},
		{
			Name:        "Get-AzureADDirectoryRole",
			Module:      moduleName,
			Synopsis:    "Gets the directory roles someone holds.",
			Description: "Get-AzureADDirectoryRole lists the directory roles that are activated, those someone holds, or one role (-ObjectId): ObjectId, DisplayName, Description, RoleTemplateId.",
			Params:      []*cmdlet.Param{roleID, {Name: "Filter", Type: cmdlet.String, Help: "Accepted for compatibility: use Where-Object on DisplayName."}},
			Examples: []cmdlet.Example{
				{Code: "Get-AzureADDirectoryRole | Where-Object DisplayName -eq 'Global Administrator'", Remarks: "The Global Administrator role."},
			},
			Process: a.directoryRoles,
		},
		{
			Name:        "Get-AzureADDirectoryRoleMember",
			Module:      moduleName,
			Synopsis:    "Gets the users who hold a directory role.",
			Description: "Get-AzureADDirectoryRoleMember lists the holders of a role (-ObjectId, the id Get-AzureADDirectoryRole gives) as AzureAD users.",
			Params:      []*cmdlet.Param{{Name: "ObjectId", Type: cmdlet.String, Position: 1, Mandatory: true, ValueFromPipelineByPropertyName: true, Help: "The role's object id."}},
			Examples: []cmdlet.Example{
				{Code: "$role = Get-AzureADDirectoryRole | Where-Object DisplayName -eq 'Global Administrator'\nGet-AzureADDirectoryRoleMember -ObjectId $role.ObjectId", Remarks: "Who the Global Administrators are."},
			},
			Process: a.directoryRoleMembers,
		},
	}
}

func (a *azureADModule) tenantDetail(c cmdlet.Call) error {
	st, err := a.conn.Open(c, "")
	if st == nil {
		return err
	}
	ctx := c.Context()
	info, err := st.Info(ctx)
	if err != nil {
		return a.conn.Fail(c, "", err, nil)
	}
	domains, err := st.Domains(ctx)
	if err != nil {
		return a.conn.Fail(c, "", err, nil)
	}
	products, err := productsByID(ctx, st)
	if err != nil {
		return a.conn.Fail(c, "", err, nil)
	}
	subs, err := st.Subscriptions(ctx)
	if err != nil {
		return a.conn.Fail(c, "", err, nil)
	}
	var verified, plans []any
	for _, d := range domains {
		v := compat.NewModel(typeAADVerifiedDomain)
		v.Set("Capabilities", "Email, OfficeCommunicationsOnline")
		v.Set("_Default", d.IsDefault)
		v.Set("Id", nil)
		v.Set("Initial", d.IsInitial)
		v.Set("Name", d.Name)
		v.Set("Type", "Managed")
		v.Text = d.Name
		verified = append(verified, v)
	}
	for _, s := range subs {
		for _, pl := range products[s.SkuID].Plans {
			plans = append(plans, aadAssignedPlan(m365.DateOrNil(s.CreatedDateTime), s.Status, pl.Name, pl.ID))
		}
	}
	o := compat.NewModel(typeAADTenantDetail)
	o.Set("ObjectId", info.TenantID)
	o.Set("ObjectType", "Company")
	o.Set("AssignedPlans", compat.OrEmpty(plans))
	o.Set("City", nil)
	o.Set("CompanyLastDirSyncTime", nil)
	o.Set("Country", nil)
	o.Set("CountryLetterCode", nil)
	o.Set("DirSyncEnabled", nil)
	o.Set("DisplayName", info.Name)
	o.Set("MarketingNotificationEmails", []any{})
	o.Set("PostalCode", nil)
	o.Set("PreferredLanguage", nil)
	o.Set("ProvisionedPlans", []any{})
	o.Set("ProvisioningErrors", []any{})
	o.Set("SecurityComplianceNotificationMails", []any{})
	o.Set("SecurityComplianceNotificationPhones", []any{})
	o.Set("State", nil)
	o.Set("Street", nil)
	o.Set("TechnicalNotificationMails", []any{})
	o.Set("TelephoneNumber", nil)
	o.Set("VerifiedDomains", compat.OrEmpty(verified))
	return c.Write(o)
}

func (a *azureADModule) directoryRoles(c cmdlet.Call) error {
	st, err := a.conn.Open(c, "")
	if st == nil {
		return err
	}
	ctx := c.Context()
	if id := c.String("ObjectId"); id != "" {
		r, err := tenant.ActiveDirectoryRole(ctx, st, id)
		if err != nil {
			return a.conn.Fail(c, "", err, id)
		}
		return c.Write(aadDirectoryRole(r))
	}
	roles, err := st.DirectoryRoles(ctx)
	if err != nil {
		return a.conn.Fail(c, "", err, nil)
	}
	for _, r := range roles {
		if r.Members == 0 {
			continue
		}
		if err := c.Write(aadDirectoryRole(r)); err != nil {
			return err
		}
	}
	return nil
}

// activeRole finds a role someone holds: the directory has no role object
// for a role nobody was given.
func (a *azureADModule) directoryRoleMembers(c cmdlet.Call) error {
	st, err := a.conn.Open(c, "")
	if st == nil {
		return err
	}
	ctx := c.Context()
	id := c.String("ObjectId")
	r, err := tenant.ActiveDirectoryRole(ctx, st, id)
	if err != nil {
		return a.conn.Fail(c, "", err, id)
	}
	users, err := tenant.RoleMembers(ctx, st, r.Name)
	if err != nil {
		return a.conn.Fail(c, "", err, id)
	}
	if err := a.writeUsers(c, st, users, len(users)); err != nil {
		return a.conn.Fail(c, "", err, id)
	}
	return nil
}
