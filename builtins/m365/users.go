package m365

import (
	"fmt"
	"strings"

	"licsh/builtins/tenant"
	"licsh/shell/cmdlet"
	"licsh/shell/interp"
)

// defaultUserPage is how many users Get-User returns without -Top or -All,
// as Exchange's Get-User stops at its default ResultSize.
const defaultUserPage = 1000

const typeDeletedUser = "licsh.DeletedUser"

// userProps are the user properties New-User and Set-User take, each also
// from the pipeline by property name so that a CSV of users can be piped.
var userProps = []struct{ name, help string }{
	{"GivenName", "The user's first name."},
	{"Surname", "The user's last name."},
	{"Mail", "The user's email address; the user principal name by default."},
	{"Department", "The user's department."},
	{"JobTitle", "The user's job title."},
	{"UsageLocation", "Where the user uses the services: a two-letter country code such as US. Needed to assign licenses."},
}

func userPropParams() []*cmdlet.Param {
	var ps []*cmdlet.Param
	for _, p := range userProps {
		ps = append(ps, &cmdlet.Param{Name: p.name, Type: cmdlet.String, ValueFromPipelineByPropertyName: true, Help: p.help})
	}
	return append(ps,
		&cmdlet.Param{Name: "UserType", Type: cmdlet.String, ValidateSet: []string{"Member", "Guest"}, ValueFromPipelineByPropertyName: true, Help: "Member or Guest."},
		&cmdlet.Param{Name: "AccountEnabled", Type: cmdlet.Bool, ValueFromPipelineByPropertyName: true, Help: "Whether the user can sign in."},
	)
}

// identityParam is the -Identity of the cmdlets that act on one user at a
// time: a UPN or object id, or a user object from the pipeline.
func identityParam(mandatory bool, help string) *cmdlet.Param {
	return &cmdlet.Param{
		Name: "Identity", Aliases: cmdlet.IdentityProperties(), Type: cmdlet.Object, Position: 1, Mandatory: mandatory,
		ValueFromPipeline: true, ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompleteUser, Help: help,
	}
}

func userCmdlets(ts *Session) []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{
		{
			Name:        "Get-User",
			Module:      moduleName,
			Synopsis:    "Gets the tenant's users.",
			Description: "Get-User outputs one user, or the users matching its filters, oldest first. Every filter runs in the tenant database, so it stays fast on large tenants. Without -Top or -All it returns the first 1000 users and warns when there are more.",
			Params: []*cmdlet.Param{
				{Name: "Identity", Aliases: []string{"UserPrincipalName", "UPN", "Id"}, Type: cmdlet.String, Position: 1, ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompleteUser, Help: "A user principal name or object id."},
				{Name: "Filter", Type: cmdlet.String, Help: "An OData filter, as Get-MgUser takes: eq, ne, in and startswith on the user's properties (department eq 'Sales', startswith(userPrincipalName,'adele')), assignedLicenses/any(x:x/skuId eq <guid>) and assignedLicenses/$count, joined with and, or, not and parentheses."},
				{Name: "Department", Type: cmdlet.String, Help: "Only users of this department."},
				{Name: "UsageLocation", Type: cmdlet.String, Help: "Only users with this usage location."},
				{Name: "Licensed", Type: cmdlet.Switch, Help: "Only users holding at least one license."},
				{Name: "Unlicensed", Type: cmdlet.Switch, Help: "Only users holding no license."},
				{Name: "Sku", Type: cmdlet.String, Complete: cmdlet.CompleteSku, Help: "Only users holding this product (GUID, part number or product name)."},
				{Name: "Top", Type: cmdlet.Int, Help: "At most this many users."},
				{Name: "All", Type: cmdlet.Switch, Help: "Every matching user, however many."},
			},
			Examples: []cmdlet.Example{
				{Code: "Get-User -Department Sales", Remarks: "The Sales department."},
				{Code: "Get-User -Sku SPE_E5 -All", Remarks: "Everyone holding Microsoft 365 E5."},
				{Code: "Get-User -Filter \"startswith(userPrincipalName,'adele')\"", Remarks: "An OData filter."},
			},
			Process: func(c cmdlet.Call) error { return getUser(c, ts) },
		},
		{
			Name:        "New-User",
			Module:      moduleName,
			Synopsis:    "Creates a user.",
			Description: "New-User creates a user and outputs it. Only Global and User Administrators may. User principal names may use any domain; users are Members and enabled unless told otherwise. Properties bind from the pipeline by name, so a CSV of users can be piped to it.",
			Params: append([]*cmdlet.Param{
				{Name: "UserPrincipalName", Aliases: []string{"UPN"}, Type: cmdlet.String, Mandatory: true, ValueFromPipelineByPropertyName: true, Help: "The sign-in name, such as adele@contoso.com."},
				{Name: "DisplayName", Type: cmdlet.String, Mandatory: true, ValueFromPipelineByPropertyName: true, Help: "The name shown for the user."},
			}, userPropParams()...),
			Examples: []cmdlet.Example{
				{Code: "New-User -UserPrincipalName nina.starter@contoso.com -DisplayName 'Nina Starter' -Department Sales -UsageLocation US", Remarks: "Creates a user ready to be licensed."},
				{Code: "Import-Csv starters.csv | New-User", Remarks: "Creates the users of a CSV file."},
			},
			Process: func(c cmdlet.Call) error { return newUser(c, ts) },
		},
		{
			Name:                  "Set-User",
			Module:                moduleName,
			Synopsis:              "Changes a user's properties.",
			Description:           "Set-User changes the properties it is given and leaves the others. Only Global and User Administrators may. The usage location of a licensed user cannot be cleared.",
			SupportsShouldProcess: true,
			Params: append([]*cmdlet.Param{
				{Name: "Identity", Aliases: []string{"UPN", "Id", "ObjectId", "UserId"}, Type: cmdlet.Object, Position: 1, Mandatory: true,
					ValueFromPipeline: true, Complete: cmdlet.CompleteUser, Help: "The user: a user principal name, object id or user object."},
				{Name: "UserPrincipalName", Type: cmdlet.String, Help: "A new sign-in name."},
				{Name: "DisplayName", Type: cmdlet.String, Help: "A new display name."},
				{Name: "PassThru", Type: cmdlet.Switch, Help: "Outputs the changed user."},
			}, userPropParams()...),
			Examples: []cmdlet.Example{
				{Code: "Set-User adele.garcia@contoso.com -UsageLocation GB", Remarks: "Moves a user's usage location."},
				{Code: "Get-User -Department Sales | Set-User -Department 'Sales EMEA'", Remarks: "Renames a department for its users."},
			},
			Process: func(c cmdlet.Call) error { return setUser(c, ts) },
		},
		{
			Name:                  "Remove-User",
			Module:                moduleName,
			Synopsis:              "Deletes a user; they can be restored for 30 days.",
			Description:           "Remove-User soft-deletes users: their licenses are freed at once, and Restore-User brings them back within 30 days. Their OneDrive is kept for those 30 days; their mailbox is disconnected, or becomes an inactive mailbox and keeps its data when it is on litigation hold under an Enterprise license.",
			SupportsShouldProcess: true,
			Params: []*cmdlet.Param{
				identityParam(true, "The user: a user principal name, object id or user object."),
			},
			Examples: []cmdlet.Example{
				{Code: "Remove-User megan.jansen@contoso.com", Remarks: "Deletes a user."},
				{Code: "Get-User -Unlicensed -Department Sales | Remove-User -WhatIf", Remarks: "Shows which users would be deleted."},
			},
			Process: func(c cmdlet.Call) error { return removeUser(c, ts) },
		},
		{
			Name:                  "Restore-User",
			Module:                moduleName,
			Synopsis:              "Restores a deleted user.",
			Description:           "Restore-User brings back a user deleted less than 30 days ago and outputs which of their licenses came back: a license returns only where its product still has a free seat.",
			SupportsShouldProcess: true,
			Params: []*cmdlet.Param{
				identityParam(true, "The deleted user: a user principal name or object id."),
			},
			Examples: []cmdlet.Example{
				{Code: "Restore-User brian.novak@contoso.com", Remarks: "Restores a user deleted by mistake."},
				{Code: "Get-DeletedUser | Restore-User", Remarks: "Restores every deleted user."},
			},
			Process: func(c cmdlet.Call) error { return restoreUser(c, ts) },
		},
		{
			Name:        "Get-DeletedUser",
			Module:      moduleName,
			Synopsis:    "Gets the deleted users that can still be restored.",
			Description: "Get-DeletedUser lists the users deleted less than 30 days ago, most recently deleted first.",
			Examples: []cmdlet.Example{
				{Code: "Get-DeletedUser", Remarks: "The users Restore-User can still bring back."},
			},
			Process: func(c cmdlet.Call) error {
				st, err := ts.Open(c)
				if err != nil {
					return err
				}
				users, err := st.DeletedUsers(c.Context())
				if err != nil {
					return Fail(c, err, nil)
				}
				shape := userShape()
				for _, u := range users {
					o := userObject(shape, u)
					o.TypeNames = []string{typeDeletedUser, typeUser}
					if err := c.Write(o); err != nil {
						return err
					}
				}
				return nil
			},
		},
	}
}

func getUser(c cmdlet.Call, ts *Session) error {
	st, err := ts.Open(c)
	if err != nil {
		return err
	}
	ctx := c.Context()
	if id := c.String("Identity"); id != "" {
		u, err := st.GetUser(ctx, id)
		if err != nil {
			return Fail(c, err, id)
		}
		return c.Write(userObject(userShape(), u))
	}
	f := tenant.UserFilter{
		Department:    c.String("Department"),
		UsageLocation: c.String("UsageLocation"),
		Licensed:      c.Switch("Licensed"),
		Unlicensed:    c.Switch("Unlicensed"),
		SkuID:         c.String("Sku"),
	}
	if c.Bound("Filter") {
		if f.Query, err = tenant.ParseUserFilter(c.String("Filter")); err != nil {
			return Fail(c, err, c.String("Filter"))
		}
	}
	limit := defaultUserPage
	switch {
	case c.Bound("Top"):
		limit = c.Int("Top")
	case c.Switch("All"):
		limit = 0
		narrowToNext(c, &f)
	}
	if limit > 0 {
		// One more than asked tells whether the page was cut short.
		f.Top = limit + 1
	}
	n := 0
	shape := userShape()
	err = st.EachUser(ctx, f, func(u tenant.User) error {
		n++
		if limit > 0 && n > limit {
			return nil
		}
		return c.Write(userObject(shape, u))
	})
	if err != nil {
		return Fail(c, err, nil)
	}
	if limit == defaultUserPage && !c.Bound("Top") && n > limit {
		c.WriteWarning(fmt.Sprintf("By default, only the first %d users are returned. Use -Top to return more, or -All to return every user.", defaultUserPage))
	}
	return nil
}

// narrowToNext reads only the users that can pass the command the users go
// to, when it keeps users by their department or usage location, as
// Where-Object { $_.Department -eq 'Sales' } does: that command still
// tests each user. Only a listing of all users may be narrowed: a page of
// users is the first users, whatever comes after.
func narrowToNext(c cmdlet.Call, f *tenant.UserFilter) {
	for _, t := range interp.Inner(c).NextKeeps() {
		switch {
		case strings.EqualFold(t.Property, "Department"):
			f.DepartmentFold = t.Value
		case strings.EqualFold(t.Property, "UsageLocation"):
			f.UsageLocationFold = t.Value
		}
	}
}

func newUser(c cmdlet.Call, ts *Session) error {
	st, err := ts.Open(c)
	if err != nil {
		return err
	}
	nu := tenant.NewUser{
		UserPrincipalName: c.String("UserPrincipalName"),
		DisplayName:       c.String("DisplayName"),
		GivenName:         c.String("GivenName"),
		Surname:           c.String("Surname"),
		Mail:              c.String("Mail"),
		Department:        c.String("Department"),
		JobTitle:          c.String("JobTitle"),
		UsageLocation:     c.String("UsageLocation"),
		UserType:          c.String("UserType"),
	}
	if c.Bound("AccountEnabled") {
		enabled := c.Switch("AccountEnabled")
		nu.AccountEnabled = &enabled
	}
	u, err := st.NewUser(c.Context(), nu)
	if err != nil {
		return Fail(c, err, nu.UserPrincipalName)
	}
	return c.Write(userObject(userShape(), u))
}

func setUser(c cmdlet.Call, ts *Session) error {
	st, err := ts.Open(c)
	if err != nil {
		return err
	}
	var up tenant.UserUpdate
	str := func(name string) *string {
		if !c.Bound(name) {
			return nil
		}
		s := c.String(name)
		return &s
	}
	up.UserPrincipalName = str("UserPrincipalName")
	up.DisplayName = str("DisplayName")
	up.GivenName = str("GivenName")
	up.Surname = str("Surname")
	up.Mail = str("Mail")
	up.Department = str("Department")
	up.JobTitle = str("JobTitle")
	up.UsageLocation = str("UsageLocation")
	up.UserType = str("UserType")
	if c.Bound("AccountEnabled") {
		enabled := c.Switch("AccountEnabled")
		up.AccountEnabled = &enabled
	}
	id := cmdlet.Identity(c.Get("Identity"))
	if ok, err := c.ShouldProcess(id, "Set user"); !ok || err != nil {
		return err
	}
	u, err := st.SetUser(c.Context(), id, up)
	if err != nil {
		return Fail(c, err, id)
	}
	if c.Switch("PassThru") {
		return c.Write(userObject(userShape(), u))
	}
	return nil
}

func removeUser(c cmdlet.Call, ts *Session) error {
	st, err := ts.Open(c)
	if err != nil {
		return err
	}
	id := cmdlet.Identity(c.Get("Identity"))
	if ok, err := c.ShouldProcess(id, "Remove user"); !ok || err != nil {
		return err
	}
	if _, err := st.RemoveUser(c.Context(), id); err != nil {
		return Fail(c, err, id)
	}
	return nil
}

func restoreUser(c cmdlet.Call, ts *Session) error {
	st, err := ts.Open(c)
	if err != nil {
		return err
	}
	id := cmdlet.Identity(c.Get("Identity"))
	if ok, err := c.ShouldProcess(id, "Restore user"); !ok || err != nil {
		return err
	}
	res, err := st.RestoreUser(c.Context(), id)
	if err != nil {
		return Fail(c, err, id)
	}
	for _, k := range res.NotRestored {
		c.WriteWarning(fmt.Sprintf("License %s of '%s' was not restored: %s has no available licenses.",
			k.PartNumber, res.User.UserPrincipalName, k.ProductName))
	}
	return c.Write(restoreObject(res))
}
