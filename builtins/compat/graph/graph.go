package graph

import (
	"slices"
	"strings"

	"licsh/builtins/compat"
	"licsh/builtins/m365"
	"licsh/builtins/tenant"
	"licsh/builtins/tenant/graphclient"
	"licsh/shell/cmdlet"
	"licsh/shell/value"
)

// graphModule holds the cmdlets of Microsoft Graph PowerShell, which work
// on the tenant with Graph's names, paging, object shapes and errors, so
// that scripts written for Microsoft 365 run unchanged.
type graphModule struct {
	conn *compat.Conn
	// signIn is how Connect-MgGraph last signed in.
	signIn signIn
	// envs are the clouds Add-MgEnvironment added.
	envs []graphclient.Environment
}

func cmdlets(ts *m365.Session) []*cmdlet.Cmdlet {
	g := &graphModule{conn: compat.NewConn(ts, dialect{})}
	return slices.Concat(g.sessionCmdlets(), g.requestCmdlets(), []*cmdlet.Cmdlet{
		{
			Name:        "Get-MgUser",
			Module:      modUsers,
			Synopsis:    "Gets users, as Microsoft Graph PowerShell's Get-MgUser does.",
			Description: "Get-MgUser returns one user (-UserId) or lists users: 100 without -All, as Graph pages. -Filter takes the OData subset eq, ne, in, startswith, not, and, or, assignedLicenses/any(x:x/skuId eq <guid>) and assignedLicenses/$count, run in the tenant database; ne, not and $count need -ConsistencyLevel eventual and -CountVariable, as in Graph. Only the properties Graph returns by default are filled in unless -Property names others.",
			Params: []*cmdlet.Param{
				{Name: "UserId", Aliases: []string{"Id"}, Type: cmdlet.String, Position: 1, ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompleteUser, Help: "The user's object id or user principal name."},
				{Name: "Filter", Type: cmdlet.String, Help: "An OData filter."},
				{Name: "Search", Type: cmdlet.String, Help: "A search such as '\"displayName:adele\"'; needs -ConsistencyLevel eventual."},
				{Name: "All", Type: cmdlet.Switch, Help: "Every matching user rather than the first 100."},
				{Name: "Top", Aliases: []string{"Limit"}, Type: cmdlet.Int, Help: "At most this many users."},
				{Name: "PageSize", Type: cmdlet.Int, Help: "Accepted for compatibility."},
				{Name: "Property", Aliases: []string{"Select"}, Type: cmdlet.Strings, Help: "The properties to return."},
				{Name: "ExpandProperty", Aliases: []string{"Expand"}, Type: cmdlet.Strings, Help: "Accepted for compatibility."},
				{Name: "ConsistencyLevel", Type: cmdlet.String, Help: "eventual, for advanced queries."},
				{Name: "CountVariable", Aliases: []string{"CV"}, Type: cmdlet.String, Help: "A variable set to the number of matching users."},
				{Name: "Headers", Type: cmdlet.Object, Help: "Accepted for compatibility."},
			},
			Examples: []cmdlet.Example{
				{Code: "Get-MgUser -UserId adele.garcia@contoso.com -Property AssignedLicenses, UsageLocation", Remarks: "A user's licenses."},
				{Code: "Get-MgUser -Filter 'assignedLicenses/$count eq 0' -ConsistencyLevel eventual -CountVariable unlicensed -All", Remarks: "The unlicensed users."},
			},
			Process: g.getUser,
		},
		{
			Name:                  "Update-MgUser",
			Module:                modUsers,
			Synopsis:              "Changes a user's properties, as Microsoft Graph PowerShell's Update-MgUser does.",
			Description:           "Update-MgUser changes the given properties of a user and outputs nothing.",
			SupportsShouldProcess: true,
			Params: []*cmdlet.Param{
				{Name: "UserId", Aliases: []string{"Id"}, Type: cmdlet.String, Position: 1, Mandatory: true, ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompleteUser, Help: "The user's object id or user principal name."},
				{Name: "UsageLocation", Type: cmdlet.String, Help: "A two-letter country code."},
				{Name: "Department", Type: cmdlet.String, Help: "The department."},
				{Name: "DisplayName", Type: cmdlet.String, Help: "The display name."},
				{Name: "GivenName", Type: cmdlet.String, Help: "The first name."},
				{Name: "Surname", Type: cmdlet.String, Help: "The last name."},
				{Name: "JobTitle", Type: cmdlet.String, Help: "The job title."},
				{Name: "Mail", Type: cmdlet.String, Help: "The email address."},
				{Name: "UserPrincipalName", Type: cmdlet.String, Help: "A new sign-in name."},
				{Name: "UserType", Type: cmdlet.String, Help: "Member or Guest."},
				{Name: "AccountEnabled", Type: cmdlet.Switch, Help: "Whether the user can sign in (-AccountEnabled:$false blocks it)."},
				{Name: "BodyParameter", Type: cmdlet.Hashtable, Help: "The properties as a hashtable, e.g. @{usageLocation='US'}."},
			},
			Examples: []cmdlet.Example{
				{Code: "Update-MgUser -UserId adele.garcia@contoso.com -UsageLocation US", Remarks: "Sets a usage location so that licenses can be assigned."},
			},
			Process: g.updateUser,
		},
		{
			Name:                  "Remove-MgUser",
			Module:                modUsers,
			Synopsis:              "Deletes a user, as Microsoft Graph PowerShell's Remove-MgUser does.",
			Description:           "Remove-MgUser soft-deletes a user: Restore-MgDirectoryDeletedItem brings them back within 30 days.",
			SupportsShouldProcess: true,
			Params: []*cmdlet.Param{
				{Name: "UserId", Aliases: []string{"Id"}, Type: cmdlet.String, Position: 1, Mandatory: true, ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompleteUser, Help: "The user's object id or user principal name."},
			},
			Examples: []cmdlet.Example{
				{Code: "Remove-MgUser -UserId megan.jansen@contoso.com -Confirm:$false", Remarks: "Deletes a user."},
			},
			Process: g.removeUser,
		},
	}, g.directoryCmdlets(), g.organizationCmdlets(), g.memberCmdlets(), g.userCmdlets())
}

// listOrGet is the parameter set of a Graph Get cmdlet: Get when the id
// parameter names one object, List otherwise.
func listOrGet(c cmdlet.Call, idParam string) string {
	if c.Bound(idParam) {
		return "Get"
	}
	return "List"
}

// graphUserPage is how many users Get-MgUser returns without -All or -Top.
const graphUserPage = 100

func (g *graphModule) getUser(c cmdlet.Call) error {
	set := listOrGet(c, "UserId")
	st, err := g.conn.Open(c, set)
	if st == nil {
		return err
	}
	ctx := c.Context()
	sel, err := graphSelection(c.Strings("Property"))
	if err != nil {
		return g.conn.Fail(c, set, err, nil)
	}
	if set == "Get" {
		id := c.String("UserId")
		u, err := st.GetUser(ctx, id)
		if err != nil {
			return g.conn.Fail(c, set, err, id)
		}
		lic, err := g.licensesOf(c, st, sel, u.ID)
		if err != nil {
			return g.conn.Fail(c, set, err, id)
		}
		return c.Write(graphUser(u, sel, lic[u.ID]))
	}
	var q *tenant.Query
	if c.Bound("Filter") {
		if q, err = tenant.ParseUserFilter(c.String("Filter")); err != nil {
			return g.conn.Fail(c, set, err, nil)
		}
	}
	eventual := strings.EqualFold(c.String("ConsistencyLevel"), "eventual")
	if c.Bound("Search") {
		if !eventual {
			return g.conn.Fail(c, set, tenant.ErrSearchNeedsEventual(), nil)
		}
		sq, err := tenant.ParseUserSearch(c.String("Search"))
		if err != nil {
			return g.conn.Fail(c, set, err, nil)
		}
		q = q.And(sq)
	}
	if q != nil && q.Advanced != "" && (!eventual || !c.Bound("CountVariable")) {
		return g.conn.Fail(c, set, tenant.ErrUnsupportedFilter(q.Advanced), nil)
	}
	if name := c.String("CountVariable"); name != "" {
		n, err := st.CountUsers(ctx, tenant.UserFilter{Query: q})
		if err != nil {
			return g.conn.Fail(c, set, err, nil)
		}
		if err := c.SetVar(name, n); err != nil {
			return err
		}
	}
	top := graphUserPage
	switch {
	case c.Switch("All"):
		top = 0
	case c.Bound("Top"):
		top = c.Int("Top")
	}
	lic, err := g.licensesOf(c, st, sel, "")
	if err != nil {
		return g.conn.Fail(c, set, err, nil)
	}
	err = st.EachUser(ctx, tenant.UserFilter{Query: q, Top: top}, func(u tenant.User) error {
		return c.Write(graphUser(u, sel, lic[u.ID]))
	})
	if err != nil {
		return g.conn.Fail(c, set, err, nil)
	}
	return nil
}

// licensesOf loads the license assignments of one user, or of every user
// when id is "", when the selection shows them; nil otherwise.
func (g *graphModule) licensesOf(c cmdlet.Call, st tenant.Directory, sel map[string]bool, id string) (map[string][]tenant.Assignment, error) {
	if !sel["assignedlicenses"] && !sel["licenseassignmentstates"] {
		return nil, nil
	}
	all, err := st.UserLicenses(c.Context(), id)
	if err != nil {
		return nil, err
	}
	out := map[string][]tenant.Assignment{}
	for _, a := range all {
		out[a.UserID] = append(out[a.UserID], a)
	}
	return out, nil
}

func (g *graphModule) updateUser(c cmdlet.Call) error {
	st, err := g.conn.Open(c, "UpdateExpanded")
	if st == nil {
		return err
	}
	var up tenant.UserUpdate
	fields := map[string]**string{
		"usagelocation": &up.UsageLocation, "department": &up.Department, "displayname": &up.DisplayName,
		"givenname": &up.GivenName, "surname": &up.Surname, "jobtitle": &up.JobTitle, "mail": &up.Mail,
		"userprincipalname": &up.UserPrincipalName, "usertype": &up.UserType,
	}
	for key, field := range fields {
		if c.Bound(key) {
			s := c.String(key)
			*field = &s
		}
	}
	if c.Bound("AccountEnabled") {
		on := c.Switch("AccountEnabled")
		up.AccountEnabled = &on
	}
	if body, ok := c.Get("BodyParameter").(*value.Hashtable); ok {
		for _, e := range body.Entries() {
			key := strings.ToLower(value.ToString(e.Key))
			if field, ok := fields[key]; ok {
				s := value.ToString(e.Value)
				*field = &s
			} else if key == "accountenabled" {
				on := value.ToBool(e.Value)
				up.AccountEnabled = &on
			}
		}
	}
	id := c.String("UserId")
	if ok, err := c.ShouldProcess(id, "Update-MgUser_UpdateExpanded"); !ok || err != nil {
		return err
	}
	if _, err := st.SetUser(c.Context(), id, up); err != nil {
		return g.conn.Fail(c, "UpdateExpanded", err, id)
	}
	return nil
}

func (g *graphModule) removeUser(c cmdlet.Call) error {
	st, err := g.conn.Open(c, "Delete")
	if st == nil {
		return err
	}
	id := c.String("UserId")
	if ok, err := c.ShouldProcess(id, "Remove-MgUser_Delete"); !ok || err != nil {
		return err
	}
	if _, err := st.RemoveUser(c.Context(), id); err != nil {
		return g.conn.Fail(c, "Delete", err, id)
	}
	return nil
}
