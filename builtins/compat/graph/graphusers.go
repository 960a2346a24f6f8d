package graph

import (
	"strings"

	"licsh/builtins/tenant"
	"licsh/shell/cmdlet"
	"licsh/shell/value"
)

// newUserTexts are New-MgUser's text parameters, by the camelCase name
// -BodyParameter gives them.
var newUserTexts = []string{"displayName", "mailNickname", "userPrincipalName", "usageLocation", "givenName", "surname",
	"department", "jobTitle", "mail", "userType"}

// newUserIgnored are New-MgUser's parameters scripts pass that the tenant
// does not keep.
var newUserIgnored = []string{"City", "Country", "CompanyName", "OfficeLocation", "MobilePhone", "BusinessPhones",
	"EmployeeId", "EmployeeType", "State", "StreetAddress", "PostalCode", "PreferredLanguage", "AdditionalProperties"}

func (g *graphModule) userCmdlets() []*cmdlet.Cmdlet {
	params := []*cmdlet.Param{
		{Name: "AccountEnabled", Type: cmdlet.Switch, Help: "Whether the user can sign in; Graph requires it."},
		{Name: "DisplayName", Type: cmdlet.String, Help: "The name shown; required."},
		{Name: "MailNickname", Type: cmdlet.String, Help: "The mail alias; Graph requires it, the tenant does not keep it."},
		{Name: "PasswordProfile", Type: cmdlet.Hashtable, Help: "@{Password = '...'; ForceChangePasswordNextSignIn = $true}; required. The password must meet the password policy; the tenant does not keep it."},
		{Name: "UserPrincipalName", Type: cmdlet.String, Help: "The sign-in name; required."},
		{Name: "UsageLocation", Type: cmdlet.String, Help: "A two-letter country code, needed before licenses."},
		{Name: "GivenName", Type: cmdlet.String, Help: "The first name."},
		{Name: "Surname", Type: cmdlet.String, Help: "The last name."},
		{Name: "Department", Type: cmdlet.String, Help: "The department."},
		{Name: "JobTitle", Type: cmdlet.String, Help: "The job title."},
		{Name: "Mail", Type: cmdlet.String, Help: "The email address; the user principal name when not given."},
		{Name: "UserType", Type: cmdlet.String, Help: "Member or Guest."},
		{Name: "BodyParameter", Type: cmdlet.Hashtable, Help: "The user as a hashtable of Graph's properties: @{accountEnabled = $true; displayName = ...; passwordProfile = @{password = ...}}."},
	}
	for _, name := range newUserIgnored {
		params = append(params, &cmdlet.Param{Name: name, Type: cmdlet.Object, Help: "Accepted for compatibility: the tenant does not keep it."})
	}
	return []*cmdlet.Cmdlet{
		{
			Name:                  "New-MgUser",
			Module:                modUsers,
			Synopsis:              "Creates a user, as Microsoft Graph PowerShell's New-MgUser does.",
			Description:           "New-MgUser creates a user and outputs it. As in Graph, accountEnabled, displayName, mailNickname, passwordProfile and userPrincipalName are required, given as parameters or in -BodyParameter; the password must meet Microsoft Entra's policy. Global and User Administrators may.",
			SupportsShouldProcess: true,
			Params:                params,
			Examples: []cmdlet.Example{
				{Code: "$password = @{ Password = 'xWwvJ]6NMw+bWH-d'; ForceChangePasswordNextSignIn = $true }\nNew-MgUser -DisplayName 'Rene Magi' -UserPrincipalName rene.magi@contoso.com -MailNickname rene.magi -PasswordProfile $password -AccountEnabled -UsageLocation US", Remarks: "Creates a user as Microsoft's documentation does."},
			},
			Process: g.newUser,
		},
		{
			Name:                  "Revoke-MgUserSignInSession",
			Module:                modUsersActions,
			Synopsis:              "Signs a user out of every session.",
			Description:           "Revoke-MgUserSignInSession signs a user out everywhere and outputs True; the tenant records it in the audit log. Users may revoke their own sessions; Global, User and Helpdesk Administrators those of others, as for password resets.",
			SupportsShouldProcess: true,
			Params: []*cmdlet.Param{
				{Name: "UserId", Aliases: []string{"Id"}, Type: cmdlet.String, Position: 1, Mandatory: true, ValueFromPipelineByPropertyName: true,
					Complete: cmdlet.CompleteUser, Help: "The user's object id or user principal name."},
			},
			Examples: []cmdlet.Example{
				{Code: "Revoke-MgUserSignInSession -UserId megan.jansen@contoso.com", Remarks: "Signs a leaver out."},
			},
			Process: g.revokeSessions,
		},
	}
}

func (g *graphModule) newUser(c cmdlet.Call) error {
	set := "CreateExpanded"
	body, hasBody := c.Get("BodyParameter").(*value.Hashtable)
	if hasBody {
		set = "Create"
	}
	st, err := g.conn.Open(c, set)
	if st == nil {
		return err
	}
	props := map[string]any{}
	if c.Bound("AccountEnabled") {
		props["accountenabled"] = c.Switch("AccountEnabled")
	}
	if c.Bound("PasswordProfile") {
		props["passwordprofile"] = c.Get("PasswordProfile")
	}
	for _, name := range newUserTexts {
		if c.Bound(name) {
			props[strings.ToLower(name)] = c.String(name)
		}
	}
	if hasBody {
		for _, e := range body.Entries() {
			props[strings.ToLower(value.ToString(e.Key))] = e.Value
		}
	}
	text := func(name string) string {
		if v := props[strings.ToLower(name)]; v != nil {
			return value.ToString(v)
		}
		return ""
	}
	password := ""
	if p := props["passwordprofile"]; p != nil {
		pw, _ := value.GetMember(p, "Password")
		if pw != nil {
			password = value.ToString(pw)
		}
	}
	var missing string
	switch {
	case props["accountenabled"] == nil:
		missing = "accountEnabled"
	case text("displayName") == "":
		missing = "displayName"
	case text("mailNickname") == "":
		missing = "mailNickname"
	case password == "":
		missing = "passwordProfile"
	case text("userPrincipalName") == "":
		missing = "userPrincipalName"
	}
	if missing != "" {
		return g.conn.Fail(c, set, tenant.ErrRequiredProperty(missing), nil)
	}
	upn := text("userPrincipalName")
	if ok, err := c.ShouldProcess(upn, c.Cmdlet().Name+"_"+set); !ok || err != nil {
		return err
	}
	enabled := value.ToBool(props["accountenabled"])
	u, err := st.NewUser(c.Context(), tenant.NewUser{
		UserPrincipalName: upn, DisplayName: text("displayName"), GivenName: text("givenName"), Surname: text("surname"),
		Mail: text("mail"), Department: text("department"), JobTitle: text("jobTitle"), UsageLocation: text("usageLocation"),
		UserType: text("userType"), AccountEnabled: &enabled, Password: password,
	})
	if err != nil {
		return g.conn.Fail(c, set, err, upn)
	}
	sel, _ := graphSelection(nil)
	return c.Write(graphUser(u, sel, nil))
}

func (g *graphModule) revokeSessions(c cmdlet.Call) error {
	const set = "Revoke"
	st, err := g.conn.Open(c, set)
	if st == nil {
		return err
	}
	id := c.String("UserId")
	if ok, err := c.ShouldProcess(id, c.Cmdlet().Name+"_"+set); !ok || err != nil {
		return err
	}
	if _, err := st.RevokeSignInSessions(c.Context(), id); err != nil {
		return g.conn.Fail(c, set, err, id)
	}
	return c.Write(true)
}
