package builtins

import (
	"strings"
	"time"

	"licsh/builtins/tenant"
	"licsh/shell/interp"
	"licsh/shell/value"
)

// graphModule holds the cmdlets of Microsoft Graph PowerShell, which work
// on the tenant with Graph's names, paging, object shapes and errors, so
// that scripts written for Microsoft 365 run unchanged.
type graphModule struct {
	ts   *TenantSession
	conn *moduleSession
}

// graphSignIn are Connect-MgGraph's sign-in parameters; all of them sign
// in as the tenant's admin here.
var graphSignIn = []string{"TenantId", "ClientId", "CertificateSubjectName", "CertificateThumbprint", "Certificate",
	"ClientSecretCredential", "AccessToken", "Environment", "ContextScope", "ClientTimeout"}

func graphCmdlets(ts *TenantSession, conn *moduleSession) []*interp.Cmdlet {
	g := &graphModule{ts: ts, conn: conn}
	connect := []*interp.Param{
		{Name: "Scopes", Type: "string[]", Position: 1, Help: "The permissions asked for, such as User.ReadWrite.All."},
		{Name: "UseDeviceCode", Aliases: []string{"UseDeviceAuthentication", "DeviceCode", "DeviceAuth", "Device"}, Type: "switch", Help: "Signs in with a device code."},
		{Name: "Identity", Aliases: []string{"ManagedIdentity", "ManagedServiceIdentity", "MSI"}, Type: "switch", Help: "Signs in with a managed identity."},
		{Name: "NoWelcome", Type: "switch", Help: "Leaves out the welcome message."},
	}
	for _, name := range graphSignIn {
		connect = append(connect, &interp.Param{Name: name, Type: "object", Help: "Accepted for compatibility; licsh signs in as the tenant's admin."})
	}
	return append([]*interp.Cmdlet{
		{
			Name:        "Connect-MgGraph",
			Aliases:     []string{"Connect-Graph"},
			Synopsis:    "Signs in to Microsoft Graph: here, to the local tenant as its admin.",
			Description: "Connect-MgGraph accepts the parameters of Microsoft Graph PowerShell's Connect-MgGraph and connects the session as the tenant's acting admin (see Connect-Tenant), so that Graph scripts run unchanged against the local tenant.",
			Params:      connect,
			Examples: []interp.Example{
				{Code: "Connect-MgGraph -Scopes User.ReadWrite.All, Organization.Read.All", Remarks: "Connects as a script from Microsoft's documentation does."},
			},
			Process: g.connect,
		},
		{
			Name:        "Get-MgUser",
			Synopsis:    "Gets users, as Microsoft Graph PowerShell's Get-MgUser does.",
			Description: "Get-MgUser returns one user (-UserId) or lists users: 100 without -All, as Graph pages. -Filter takes the OData subset eq, ne, in, startswith, not, and, or, assignedLicenses/any(x:x/skuId eq <guid>) and assignedLicenses/$count, run in the tenant database; ne, not and $count need -ConsistencyLevel eventual and -CountVariable, as in Graph. Only the properties Graph returns by default are filled in unless -Property names others.",
			Params: []*interp.Param{
				{Name: "UserId", Aliases: []string{"Id"}, Type: "string", Position: 1, ValueFromPipelineByPropertyName: true, Complete: "user", Help: "The user's object id or user principal name."},
				{Name: "Filter", Type: "string", Help: "An OData filter."},
				{Name: "Search", Type: "string", Help: "A search such as '\"displayName:adele\"'; needs -ConsistencyLevel eventual."},
				{Name: "All", Type: "switch", Help: "Every matching user rather than the first 100."},
				{Name: "Top", Aliases: []string{"Limit"}, Type: "int", Help: "At most this many users."},
				{Name: "PageSize", Type: "int", Help: "Accepted for compatibility."},
				{Name: "Property", Aliases: []string{"Select"}, Type: "string[]", Help: "The properties to return."},
				{Name: "ExpandProperty", Aliases: []string{"Expand"}, Type: "string[]", Help: "Accepted for compatibility."},
				{Name: "ConsistencyLevel", Type: "string", Help: "eventual, for advanced queries."},
				{Name: "CountVariable", Aliases: []string{"CV"}, Type: "string", Help: "A variable set to the number of matching users."},
				{Name: "Headers", Type: "object", Help: "Accepted for compatibility."},
			},
			Examples: []interp.Example{
				{Code: "Get-MgUser -UserId adele@contoso.com -Property AssignedLicenses, UsageLocation", Remarks: "A user's licenses."},
				{Code: "Get-MgUser -Filter 'assignedLicenses/$count eq 0' -ConsistencyLevel eventual -CountVariable unlicensed -All", Remarks: "The unlicensed users."},
			},
			Process: g.getUser,
		},
		{
			Name:                  "Update-MgUser",
			Synopsis:              "Changes a user's properties, as Microsoft Graph PowerShell's Update-MgUser does.",
			Description:           "Update-MgUser changes the given properties of a user and outputs nothing.",
			SupportsShouldProcess: true,
			Params: []*interp.Param{
				{Name: "UserId", Aliases: []string{"Id"}, Type: "string", Position: 1, Mandatory: true, ValueFromPipelineByPropertyName: true, Complete: "user", Help: "The user's object id or user principal name."},
				{Name: "UsageLocation", Type: "string", Help: "A two-letter country code."},
				{Name: "Department", Type: "string", Help: "The department."},
				{Name: "DisplayName", Type: "string", Help: "The display name."},
				{Name: "GivenName", Type: "string", Help: "The first name."},
				{Name: "Surname", Type: "string", Help: "The last name."},
				{Name: "JobTitle", Type: "string", Help: "The job title."},
				{Name: "Mail", Type: "string", Help: "The email address."},
				{Name: "UserPrincipalName", Type: "string", Help: "A new sign-in name."},
				{Name: "UserType", Type: "string", Help: "Member or Guest."},
				{Name: "AccountEnabled", Type: "switch", Help: "Whether the user can sign in (-AccountEnabled:$false blocks it)."},
				{Name: "BodyParameter", Type: "hashtable", Help: "The properties as a hashtable, e.g. @{usageLocation='US'}."},
			},
			Examples: []interp.Example{
				{Code: "Update-MgUser -UserId adele@contoso.com -UsageLocation US", Remarks: "Sets a usage location so that licenses can be assigned."},
			},
			Process: g.updateUser,
		},
		{
			Name:                  "Remove-MgUser",
			Synopsis:              "Deletes a user, as Microsoft Graph PowerShell's Remove-MgUser does.",
			Description:           "Remove-MgUser soft-deletes a user: Restore-MgDirectoryDeletedItem brings them back within 30 days.",
			SupportsShouldProcess: true,
			Params: []*interp.Param{
				{Name: "UserId", Aliases: []string{"Id"}, Type: "string", Position: 1, Mandatory: true, ValueFromPipelineByPropertyName: true, Complete: "user", Help: "The user's object id or user principal name."},
			},
			Examples: []interp.Example{
				{Code: "Remove-MgUser -UserId megan@contoso.com -Confirm:$false", Remarks: "Deletes a user."},
			},
			Process: g.removeUser,
		},
	}, g.directoryCmdlets()...)
}

// open opens the tenant for a Graph cmdlet of the parameter set. Before
// Connect-MgGraph it refuses, as the module does, and returns no store; the
// error is terminating under -ErrorAction Stop.
func (g *graphModule) open(c *interp.Call, set string) (*tenant.Store, error) {
	if g.conn.graph {
		return g.ts.open(c)
	}
	rec := interp.NewError("Microsoft.Graph.PowerShell.Authentication.AuthenticationException", "AuthenticationError", nil,
		"Authentication needed. Please call Connect-MgGraph.")
	rec.Command = c.Cmdlet.Name + "_" + set
	return nil, c.WriteError(rec)
}

// listOrGet is the parameter set of a Graph Get cmdlet: Get when the id
// parameter names one object, List otherwise.
func listOrGet(c *interp.Call, idParam string) string {
	if c.Bound(idParam) {
		return "Get"
	}
	return "List"
}

// fail reports err the way the Graph module does for the parameter set.
func (g *graphModule) fail(c *interp.Call, st *tenant.Store, set string, err error, target any) error {
	now := time.Now()
	if st != nil {
		if t, e := st.Now(c.Context()); e == nil {
			now = t
		}
	}
	return c.WriteError(graphRecord(c.Cmdlet.Name+"_"+set, err, target, now))
}

func (g *graphModule) connect(c *interp.Call) error {
	st, err := g.ts.open(c)
	if err != nil {
		return err
	}
	if _, err := st.Connect(c.Context(), ""); err != nil {
		return tenantFail(c, err, nil)
	}
	g.conn.graph = true
	if !c.Switch("NoWelcome") {
		c.WriteHost("Welcome to Microsoft Graph!\n\nConnected via delegated access using 14d82eec-204b-4c2f-b7e8-296a70dab67e\n" +
			"Readme: https://aka.ms/graph/sdk/powershell\nSDK Docs: https://aka.ms/graph/sdk/powershell/docs\nAPI Docs: https://aka.ms/graph/docs\n\n" +
			"NOTE: You can use the -NoWelcome parameter to suppress this message.\n")
	}
	return nil
}

// graphUserPage is how many users Get-MgUser returns without -All or -Top.
const graphUserPage = 100

func (g *graphModule) getUser(c *interp.Call) error {
	set := listOrGet(c, "UserId")
	st, err := g.open(c, set)
	if st == nil {
		return err
	}
	ctx := c.Context()
	sel, err := graphSelection(c.Strings("Property"))
	if err != nil {
		return g.fail(c, st, set, err, nil)
	}
	if set == "Get" {
		id := c.String("UserId")
		u, err := st.GetUser(ctx, id)
		if err != nil {
			return g.fail(c, st, set, err, id)
		}
		lic, err := g.licensesOf(c, st, sel, u.ID)
		if err != nil {
			return g.fail(c, st, set, err, id)
		}
		return c.Write(graphUser(u, sel, lic[u.ID]))
	}
	var q *tenant.UserQuery
	if c.Bound("Filter") {
		if q, err = tenant.ParseUserFilter(c.String("Filter")); err != nil {
			return g.fail(c, st, set, err, nil)
		}
	}
	eventual := strings.EqualFold(c.String("ConsistencyLevel"), "eventual")
	if c.Bound("Search") {
		if !eventual {
			return g.fail(c, st, set, graphRequestError("Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'"), nil)
		}
		sq, err := tenant.ParseUserSearch(c.String("Search"))
		if err != nil {
			return g.fail(c, st, set, err, nil)
		}
		q = q.And(sq)
	}
	if q != nil && q.Advanced != "" && (!eventual || !c.Bound("CountVariable")) {
		return g.fail(c, st, set, &tenant.Error{Code: tenant.CodeUnsupportedQuery,
			Message: "Unsupported or invalid query filter clause specified for property '" + q.Advanced + "' of resource 'User'."}, nil)
	}
	if name := c.String("CountVariable"); name != "" {
		n, err := st.CountQueriedUsers(ctx, q)
		if err != nil {
			return g.fail(c, st, set, err, nil)
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
		return g.fail(c, st, set, err, nil)
	}
	err = st.EachQueriedUser(ctx, q, top, func(u tenant.User) error {
		return c.Write(graphUser(u, sel, lic[u.ID]))
	})
	if err != nil {
		return g.fail(c, st, set, err, nil)
	}
	return nil
}

// licensesOf loads the license assignments of one user, or of every user
// when id is "", when the selection shows them; nil otherwise.
func (g *graphModule) licensesOf(c *interp.Call, st *tenant.Store, sel map[string]bool, id string) (map[string][]tenant.Assignment, error) {
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

func (g *graphModule) updateUser(c *interp.Call) error {
	st, err := g.open(c, "UpdateExpanded")
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
		return g.fail(c, st, "UpdateExpanded", err, id)
	}
	return nil
}

func (g *graphModule) removeUser(c *interp.Call) error {
	st, err := g.open(c, "Delete")
	if st == nil {
		return err
	}
	id := c.String("UserId")
	if ok, err := c.ShouldProcess(id, "Remove-MgUser_Delete"); !ok || err != nil {
		return err
	}
	if _, err := st.RemoveUser(c.Context(), id); err != nil {
		return g.fail(c, st, "Delete", err, id)
	}
	return nil
}

// compatCmdlets are the cmdlets of Graph PowerShell, MSOnline and AzureAD,
// sharing one record of which modules the session connected.
func compatCmdlets(ts *TenantSession) []*interp.Cmdlet {
	conn := &moduleSession{}
	cmdlets := append(graphCmdlets(ts, conn), msolCmdlets(ts, conn)...)
	return append(cmdlets, azureADCmdlets(ts, conn)...)
}
