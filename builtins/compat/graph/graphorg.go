package graph

import (
	"regexp"
	"strings"

	"licsh/builtins/compat"
	"licsh/builtins/m365"
	"licsh/builtins/tenant"
	"licsh/shell/cmdlet"
	"licsh/shell/value"
)

// Type names of the directory's models.
const (
	typeMgOrganization   = "Microsoft.Graph.PowerShell.Models.MicrosoftGraphOrganization"
	typeMgVerifiedDomain = "Microsoft.Graph.PowerShell.Models.MicrosoftGraphVerifiedDomain"
	typeMgAssignedPlan   = "Microsoft.Graph.PowerShell.Models.MicrosoftGraphAssignedPlan"
	typeMgDomain         = "Microsoft.Graph.PowerShell.Models.MicrosoftGraphDomain"
	typeMgDirectoryRole  = "Microsoft.Graph.PowerShell.Models.MicrosoftGraphDirectoryRole"
)

// countParam is -CountVariable of Graph's list cmdlets.
func countParam() *cmdlet.Param {
	return &cmdlet.Param{Name: "CountVariable", Aliases: []string{"CV"}, Type: cmdlet.String, Help: "A variable set to the number of matching objects."}
}

// pageParams are the paging parameters of Graph's list cmdlets.
func pageParams(what string) []*cmdlet.Param {
	return []*cmdlet.Param{
		{Name: "All", Type: cmdlet.Switch, Help: "Every " + what + " rather than the first 100."},
		{Name: "Top", Type: cmdlet.Int, Help: "At most this many."},
		{Name: "PageSize", Type: cmdlet.Int, Help: "Accepted for compatibility: pages are not shown."},
		{Name: "ConsistencyLevel", Type: cmdlet.String, Help: "Accepted for compatibility."},
		countParam(),
	}
}

// pageLimit is how many of n objects a list cmdlet writes: Graph's page of
// 100 unless -All or -Top says otherwise.
func pageLimit(c cmdlet.Call, n int) int {
	switch {
	case c.Switch("All"):
		return n
	case c.Bound("Top"):
		return max(0, min(c.Int("Top"), n))
	}
	return min(graphUserPage, n)
}

// setCount sets the -CountVariable variable, if given, to n.
func setCount(c cmdlet.Call, n int) error {
	if name := c.String("CountVariable"); name != "" {
		return c.SetVar(name, n)
	}
	return nil
}

func (g *graphModule) organizationCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{
		{
			Name:        "Get-MgOrganization",
			Module:      modDirectory,
			Synopsis:    "Gets the tenant, as Graph's organization.",
			Description: "Get-MgOrganization outputs the tenant as Graph's organization: Id (the tenant id), DisplayName, TenantType, VerifiedDomains (Name, IsDefault, IsInitial, Type, Capabilities) and AssignedPlans, one per service plan of each subscription (AssignedDateTime, CapabilityStatus, Service, ServicePlanId).",
			Params: append([]*cmdlet.Param{
				{Name: "OrganizationId", Aliases: []string{"Id"}, Type: cmdlet.String, Position: 1, ValueFromPipelineByPropertyName: true, Help: "The tenant's id."},
				{Name: "Property", Aliases: []string{"Select"}, Type: cmdlet.Strings, Help: "Accepted for compatibility: every property is returned."},
			}, pageParams("organization")...),
			Examples: []cmdlet.Example{
				{Code: "(Get-MgOrganization).VerifiedDomains | Where-Object IsInitial | Select-Object -ExpandProperty Name", Remarks: "The tenant's onmicrosoft.com domain."},
				{Code: "$org = Get-MgOrganization\n\"$($org.DisplayName) $($org.Id)\"", Remarks: "The tenant's name and id."},
			},
			Process: g.organization,
		},
		{
			Name:        "Get-MgDomain",
			Module:      modDirectory,
			Synopsis:    "Gets the tenant's domains.",
			Description: "Get-MgDomain lists the tenant's verified domains, or one (-DomainId): the default domain, the initial onmicrosoft.com one and the others its users sign in with, with IsDefault, IsInitial, IsVerified, AuthenticationType and SupportedServices.",
			Params: append([]*cmdlet.Param{
				{Name: "DomainId", Aliases: []string{"Id"}, Type: cmdlet.String, Position: 1, ValueFromPipelineByPropertyName: true, Help: "The domain's name."},
				{Name: "Property", Aliases: []string{"Select"}, Type: cmdlet.Strings, Help: "Accepted for compatibility: every property is returned."},
			}, pageParams("domain")...),
			Examples: []cmdlet.Example{
				{Code: "Get-MgDomain | Where-Object IsDefault", Remarks: "The default domain."},
			},
			Process: g.domains,
		},
		{
			Name:        "Get-MgDirectoryRole",
			Module:      modDirectory,
			Synopsis:    "Gets the directory roles someone holds.",
			Description: "Get-MgDirectoryRole lists the directory roles that are activated, those someone holds, as Graph does, or one role by its id (-DirectoryRoleId). -Filter takes displayName, roleTemplateId or id eq '<value>', as scripts look roles up.",
			Params: append([]*cmdlet.Param{
				{Name: "DirectoryRoleId", Aliases: []string{"Id"}, Type: cmdlet.String, Position: 1, ValueFromPipelineByPropertyName: true, Help: "The role's object id."},
				{Name: "Filter", Type: cmdlet.String, Help: "displayName eq 'Global Administrator', or roleTemplateId or id eq a GUID."},
				{Name: "Property", Aliases: []string{"Select"}, Type: cmdlet.Strings, Help: "Accepted for compatibility: every property is returned."},
			}, pageParams("role")...),
			Examples: []cmdlet.Example{
				{Code: "Get-MgDirectoryRole", Remarks: "The roles someone holds."},
				{Code: "Get-MgDirectoryRole -Filter \"displayName eq 'License Administrator'\"", Remarks: "One role by name."},
			},
			Process: g.directoryRoles,
		},
		{
			Name:        "Get-MgDirectoryRoleMember",
			Module:      modDirectory,
			Synopsis:    "Gets the users who hold a directory role.",
			Description: "Get-MgDirectoryRoleMember lists the holders of a role (-DirectoryRoleId, the id Get-MgDirectoryRole gives) as directory objects whose AdditionalProperties hold userPrincipalName and displayName: 100 without -All, as Graph pages.",
			Params: append([]*cmdlet.Param{
				{Name: "DirectoryRoleId", Type: cmdlet.String, Position: 1, Mandatory: true, ValueFromPipelineByPropertyName: true, Help: "The role's object id."},
			}, pageParams("member")...),
			Examples: []cmdlet.Example{
				{Code: "$role = Get-MgDirectoryRole -Filter \"displayName eq 'Global Administrator'\"\n(Get-MgDirectoryRoleMember -DirectoryRoleId $role.Id).AdditionalProperties.userPrincipalName", Remarks: "Who the Global Administrators are."},
			},
			Process: g.directoryRoleMembers,
		},
	}
}

func (g *graphModule) organization(c cmdlet.Call) error {
	set := listOrGet(c, "OrganizationId")
	st, err := g.conn.Open(c, set)
	if st == nil {
		return err
	}
	ctx := c.Context()
	info, err := st.Info(ctx)
	if err != nil {
		return g.conn.Fail(c, set, err, nil)
	}
	if id := c.String("OrganizationId"); id != "" && !strings.EqualFold(id, info.TenantID) {
		return g.conn.Fail(c, set, tenant.ErrUserNotFound(id), id)
	}
	domains, err := st.Domains(ctx)
	if err != nil {
		return g.conn.Fail(c, set, err, nil)
	}
	products, err := st.Products(ctx)
	if err != nil {
		return g.conn.Fail(c, set, err, nil)
	}
	subs, err := st.Subscriptions(ctx)
	if err != nil {
		return g.conn.Fail(c, set, err, nil)
	}
	if err := setCount(c, 1); err != nil {
		return err
	}
	var verified []any
	for _, d := range domains {
		v := compat.NewModel(typeMgVerifiedDomain)
		v.Set("Capabilities", "Email, OfficeCommunicationsOnline")
		v.Set("IsDefault", d.IsDefault)
		v.Set("IsInitial", d.IsInitial)
		v.Set("Name", d.Name)
		v.Set("Type", "Managed")
		v.Set("AdditionalProperties", value.NewHashtable())
		v.Text = typeMgVerifiedDomain
		verified = append(verified, v)
	}
	byID := productsByID(products)
	var plans []any
	for _, s := range subs {
		for _, pl := range byID[s.SkuID].Plans {
			p := compat.NewModel(typeMgAssignedPlan)
			p.Set("AssignedDateTime", m365.DateOrNil(s.CreatedDateTime))
			p.Set("CapabilityStatus", s.Status)
			p.Set("Service", pl.Name)
			p.Set("ServicePlanId", pl.ID)
			p.Set("AdditionalProperties", value.NewHashtable())
			p.Text = typeMgAssignedPlan
			plans = append(plans, p)
		}
	}
	m := compat.NewModel(typeMgOrganization)
	m.Set("Id", info.TenantID)
	m.Set("AssignedPlans", compat.OrEmpty(plans))
	m.Set("BusinessPhones", []any{})
	m.Set("City", nil)
	m.Set("Country", nil)
	m.Set("CountryLetterCode", nil)
	m.Set("CreatedDateTime", nil)
	m.Set("DefaultUsageLocation", nil)
	m.Set("DeletedDateTime", nil)
	m.Set("DisplayName", info.Name)
	m.Set("MarketingNotificationEmails", []any{})
	m.Set("OnPremisesLastSyncDateTime", nil)
	m.Set("OnPremisesSyncEnabled", nil)
	m.Set("PostalCode", nil)
	m.Set("PreferredLanguage", nil)
	m.Set("ProvisionedPlans", []any{})
	m.Set("SecurityComplianceNotificationMails", []any{})
	m.Set("SecurityComplianceNotificationPhones", []any{})
	m.Set("State", nil)
	m.Set("Street", nil)
	m.Set("TechnicalNotificationMails", []any{})
	m.Set("TenantType", "AAD")
	m.Set("VerifiedDomains", compat.OrEmpty(verified))
	m.Set("AdditionalProperties", value.NewHashtable())
	return c.Write(m)
}

func (g *graphModule) domains(c cmdlet.Call) error {
	set := listOrGet(c, "DomainId")
	st, err := g.conn.Open(c, set)
	if st == nil {
		return err
	}
	domains, err := st.Domains(c.Context())
	if err != nil {
		return g.conn.Fail(c, set, err, nil)
	}
	if id := c.String("DomainId"); id != "" {
		for _, d := range domains {
			if strings.EqualFold(d.Name, id) {
				return c.Write(graphDomain(d))
			}
		}
		return g.conn.Fail(c, set, tenant.ErrUserNotFound(id), id)
	}
	if err := setCount(c, len(domains)); err != nil {
		return err
	}
	for _, d := range domains[:pageLimit(c, len(domains))] {
		if err := c.Write(graphDomain(d)); err != nil {
			return err
		}
	}
	return nil
}

// graphDomain is a verified, cloud-managed domain as Graph shows it.
func graphDomain(d tenant.Domain) *compat.Model {
	m := compat.NewModel(typeMgDomain)
	m.Set("Id", d.Name)
	m.Set("AuthenticationType", "Managed")
	m.Set("AvailabilityStatus", nil)
	m.Set("IsAdminManaged", true)
	m.Set("IsDefault", d.IsDefault)
	m.Set("IsInitial", d.IsInitial)
	m.Set("IsRoot", true)
	m.Set("IsVerified", true)
	m.Set("PasswordNotificationWindowInDays", nil)
	m.Set("PasswordValidityPeriodInDays", nil)
	m.Set("State", nil)
	m.Set("SupportedServices", []any{"Email", "OfficeCommunicationsOnline"})
	m.Set("AdditionalProperties", value.NewHashtable())
	return m
}

// roleFilter is the $filter Get-MgDirectoryRole takes: one property
// compared to one value.
var roleFilter = regexp.MustCompile(`(?i)^\s*(displayName|roleTemplateId|id)\s+eq\s+'((?:[^']|'')*)'\s*$`)

func (g *graphModule) directoryRoles(c cmdlet.Call) error {
	set := listOrGet(c, "DirectoryRoleId")
	st, err := g.conn.Open(c, set)
	if st == nil {
		return err
	}
	if id := c.String("DirectoryRoleId"); id != "" {
		r, err := tenant.ActiveDirectoryRole(c.Context(), st, id)
		if err != nil {
			return g.conn.Fail(c, set, err, id)
		}
		return c.Write(graphDirectoryRole(r))
	}
	var prop, want string
	if c.Bound("Filter") {
		m := roleFilter.FindStringSubmatch(c.String("Filter"))
		if m == nil {
			return g.conn.Fail(c, set, tenant.GraphRequestError("Invalid filter clause"), nil)
		}
		prop, want = strings.ToLower(m[1]), strings.ReplaceAll(m[2], "''", "'")
	}
	roles, err := st.DirectoryRoles(c.Context())
	if err != nil {
		return g.conn.Fail(c, set, err, nil)
	}
	var out []tenant.DirectoryRole
	for _, r := range roles {
		if r.Members == 0 {
			continue
		}
		have := map[string]string{"displayname": r.Name, "roletemplateid": r.TemplateID, "id": r.ID}[prop]
		if prop == "" || strings.EqualFold(have, want) {
			out = append(out, r)
		}
	}
	if err := setCount(c, len(out)); err != nil {
		return err
	}
	for _, r := range out[:pageLimit(c, len(out))] {
		if err := c.Write(graphDirectoryRole(r)); err != nil {
			return err
		}
	}
	return nil
}

// activeRole finds a role someone holds: Graph has no directoryRole for a
// role nobody was given.
func (g *graphModule) directoryRoleMembers(c cmdlet.Call) error {
	const set = "List"
	st, err := g.conn.Open(c, set)
	if st == nil {
		return err
	}
	id := c.String("DirectoryRoleId")
	r, err := tenant.ActiveDirectoryRole(c.Context(), st, id)
	if err != nil {
		return g.conn.Fail(c, set, err, id)
	}
	users, err := tenant.RoleMembers(c.Context(), st, r.Name)
	if err != nil {
		return g.conn.Fail(c, set, err, id)
	}
	if err := setCount(c, len(users)); err != nil {
		return err
	}
	for _, u := range users[:pageLimit(c, len(users))] {
		if err := c.Write(directoryObject(u)); err != nil {
			return err
		}
	}
	return nil
}

// graphDirectoryRole is a directory role as Graph's model shows it.
func graphDirectoryRole(r tenant.DirectoryRole) *compat.Model {
	m := compat.NewModel(typeMgDirectoryRole)
	m.Set("Id", r.ID)
	m.Set("DeletedDateTime", nil)
	m.Set("Description", r.Description)
	m.Set("DisplayName", r.Name)
	m.Set("Members", []any{})
	m.Set("RoleTemplateId", r.TemplateID)
	m.Set("ScopedMembers", []any{})
	m.Set("AdditionalProperties", value.NewHashtable())
	return m
}

// roleDirectoryObject is a role as a directory object: what Graph lists
// among the groups a user is a member of.
func roleDirectoryObject(r tenant.DirectoryRole) *compat.Model {
	extra := value.NewHashtable()
	extra.Set("@odata.type", "#microsoft.graph.directoryRole")
	extra.Set("description", r.Description)
	extra.Set("displayName", r.Name)
	extra.Set("roleTemplateId", r.TemplateID)
	m := compat.NewModel(typeMgDirectoryObject)
	m.Set("Id", r.ID)
	m.Set("DeletedDateTime", nil)
	m.Set("AdditionalProperties", extra)
	return m
}

// groupDirectoryObject is a group as a directory object: Graph's answer
// for the groups a user is a member of.
func groupDirectoryObject(grp tenant.Group) *compat.Model {
	extra := value.NewHashtable()
	extra.Set("@odata.type", "#microsoft.graph.group")
	extra.Set("createdDateTime", m365.DateOrNil(grp.CreatedDateTime))
	extra.Set("displayName", grp.DisplayName)
	extra.Set("groupTypes", []any{})
	extra.Set("mailEnabled", false)
	extra.Set("mailNickname", strings.ReplaceAll(grp.DisplayName, " ", ""))
	extra.Set("securityEnabled", true)
	m := compat.NewModel(typeMgDirectoryObject)
	m.Set("Id", grp.ID)
	m.Set("DeletedDateTime", nil)
	m.Set("AdditionalProperties", extra)
	return m
}
