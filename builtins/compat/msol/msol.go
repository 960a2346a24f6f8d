package msol

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"licsh/builtins/compat"
	"licsh/builtins/m365"
	"licsh/builtins/tenant"
	"licsh/builtins/tenant/catalog"
	"licsh/shell/cmdlet"
	"licsh/shell/format"
	"licsh/shell/interp"
	"licsh/shell/value"
)

// Type names of MSOnline's objects.
const (
	typeMsolUser       = "Microsoft.Online.Administration.User"
	typeMsolLicense    = "Microsoft.Online.Administration.UserLicense"
	typeMsolAccountSku = "Microsoft.Online.Administration.AccountSku"
	typeMsolOptions    = "Microsoft.Online.Administration.LicenseOption"
	typeMsolStatus     = "Microsoft.Online.Administration.ServiceStatus"
)

// moduleName is the module's name, which Get-Command shows as Source.
const moduleName = "MSOnline"

// Module is the MSOnline module, on the tenant of ts.
func Module(ts *m365.Session) *interp.Module {
	return &interp.Module{Name: moduleName, Version: "1.1.183.81",
		Description: "Microsoft Online Services: users, licenses, groups, roles, domains and the company, as the retired MSOnline module had them.",
		Cmdlets:     cmdlets(ts),
		Views: []format.View{
			{TypeName: typeMsolUser, Table: []string{"UserPrincipalName", "DisplayName", "isLicensed"}},
			{TypeName: typeMsolAccountSku, Table: []string{"AccountSkuId", "ActiveUnits", "WarningUnits", "ConsumedUnits"}},
			{TypeName: typeMsolSubscription, Table: []string{"SkuPartNumber", "Status", "TotalLicenses"}},
			{TypeName: typeMsolGroup, Table: []string{"ObjectId", "DisplayName", "GroupType", "Description"}},
			{TypeName: typeMsolGroupMember, Table: []string{"GroupMemberType", "EmailAddress", "DisplayName"}},
			{TypeName: typeMsolDomain, Table: []string{"Name", "Status", "Authentication"}},
			{TypeName: typeMsolRole, Table: []string{"ObjectId", "Name", "Description"}},
			{TypeName: typeMsolRoleMember, Table: []string{"RoleMemberType", "EmailAddress", "DisplayName", "isLicensed"}},
		}}
}

// msolUserPage is how many users Get-MsolUser returns without -All.
const msolUserPage = 500

// msolModule holds MSOnline's cmdlets.
type msolModule struct {
	conn *compat.Conn
}

func cmdlets(ts *m365.Session) []*cmdlet.Cmdlet {
	m := &msolModule{conn: compat.NewConn(ts, dialect{})}
	return append(m.userCmdlets(), m.directoryCmdlets()...)
}

func (m *msolModule) userCmdlets() []*cmdlet.Cmdlet {
	upn := func(mandatory bool) *cmdlet.Param {
		return &cmdlet.Param{Name: "UserPrincipalName", Aliases: []string{"UPN"}, Type: cmdlet.String, Mandatory: mandatory,
			ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompleteUser, Help: "The user's sign-in name."}
	}
	objectID := &cmdlet.Param{Name: "ObjectId", Type: cmdlet.String, ValueFromPipelineByPropertyName: true, Help: "The user's object id."}
	return []*cmdlet.Cmdlet{
		{
			Name:        "Connect-MsolService",
			Module:      moduleName,
			Synopsis:    "Signs in to MSOnline: here, to the local tenant as the session's account or the one named.",
			Description: "Connect-MsolService connects the MSOnline cmdlets, so that MSOnline scripts run unchanged. With -Credential it signs the whole session in as the credential's user (as Connect-Tenant does), whose admin roles decide what may be changed; without it it keeps the account the session acts as. An account the tenant does not have fails as MSOnline does and leaves the session signed out, so that nothing is changed as an admin by mistake.",
			Params: []*cmdlet.Param{
				{Name: "Credential", Type: cmdlet.Object, Help: "A credential (or a user name) whose user to sign in as; the password is not checked."},
				{Name: "AzureEnvironment", Type: cmdlet.String, Help: "Accepted for compatibility."},
				{Name: "AdGraphAccessToken", Type: cmdlet.String, Help: "Accepted for compatibility."},
				{Name: "MsGraphAccessToken", Type: cmdlet.String, Help: "Accepted for compatibility."},
			},
			Examples: []cmdlet.Example{
				{Code: "Connect-MsolService", Remarks: "Connects as the session's account."},
				{Code: "Connect-MsolService -Credential lina.lopez@contoso.com", Remarks: "Signs in as a License Administrator."},
			},
			Process: func(c cmdlet.Call) error {
				_, _, err := m.conn.Connect(c, compat.CredentialUser(c.Get("Credential")))
				return err
			},
		},
		{
			Name:        "Get-MsolUser",
			Module:      moduleName,
			Synopsis:    "Gets users, as MSOnline's Get-MsolUser does.",
			Description: "Get-MsolUser returns one user (-UserPrincipalName or -ObjectId) or lists users: 500 without -All or -MaxResults, with MSOnline's warning when there are more. Users carry IsLicensed and Licenses whose AccountSkuId is <tenant>:<part number>.",
			Params: []*cmdlet.Param{
				upn(false), objectID,
				{Name: "All", Type: cmdlet.Switch, Help: "Every matching user."},
				{Name: "MaxResults", Type: cmdlet.Int, Help: "At most this many users."},
				{Name: "Department", Type: cmdlet.String, Help: "Only this department."},
				{Name: "UsageLocation", Type: cmdlet.String, Help: "Only this usage location."},
				{Name: "UnlicensedUsersOnly", Type: cmdlet.Switch, Help: "Only users without a license."},
				{Name: "SearchString", Type: cmdlet.String, Help: "Users whose sign-in name starts with this."},
				{Name: "ReturnDeletedUsers", Type: cmdlet.Switch, Help: "The deleted users instead."},
			},
			Examples: []cmdlet.Example{
				{Code: "Get-MsolUser -All -UnlicensedUsersOnly", Remarks: "The unlicensed users."},
			},
			Process: m.getUser,
		},
		{
			Name:        "Get-MsolAccountSku",
			Module:      moduleName,
			Synopsis:    "Gets the tenant's products, as MSOnline's Get-MsolAccountSku does.",
			Description: "Get-MsolAccountSku outputs one object per product: AccountSkuId (<tenant>:<part number>), ActiveUnits, WarningUnits, ConsumedUnits, ServiceStatus and more.",
			Examples:    []cmdlet.Example{{Code: "Get-MsolAccountSku", Remarks: "The products and their seats."}},
			Process:     m.accountSku,
		},
		{
			Name:        "New-MsolLicenseOptions",
			Module:      moduleName,
			Synopsis:    "Makes the license options that disable service plans of a product.",
			Description: "New-MsolLicenseOptions returns options for Set-MsolUserLicense -LicenseOptions: the product and the service plans (by name) to leave off.",
			Params: []*cmdlet.Param{
				{Name: "AccountSkuId", Type: cmdlet.String, Mandatory: true, Help: "The product, <tenant>:<part number>."},
				{Name: "DisabledPlans", Type: cmdlet.Strings, Help: "Service plan names to disable."},
			},
			Examples: []cmdlet.Example{{Code: "New-MsolLicenseOptions -AccountSkuId contoso:SPE_E5 -DisabledPlans SWAY", Remarks: "E5 without Sway."}},
			Process: func(c cmdlet.Call) error {
				o := compat.NewModel(typeMsolOptions)
				o.Set("AccountSkuId", c.String("AccountSkuId"))
				o.Set("DisabledServicePlans", m365.StrList(c.Strings("DisabledPlans")))
				return c.Write(o)
			},
		},
		{
			Name:        "Set-MsolUserLicense",
			Module:      moduleName,
			Synopsis:    "Assigns and removes a user's licenses, as MSOnline's Set-MsolUserLicense does.",
			Description: "Set-MsolUserLicense adds and removes licenses of one user in one atomic change. Licenses are AccountSkuIds (<tenant>:<part number>, the prefix in any case). Users come from the pipeline by UserPrincipalName or ObjectId.",
			Params: []*cmdlet.Param{
				upn(false), objectID,
				{Name: "AddLicenses", Type: cmdlet.Strings, Complete: cmdlet.CompleteSku, Help: "AccountSkuIds to assign."},
				{Name: "RemoveLicenses", Type: cmdlet.Strings, Complete: cmdlet.CompleteSku, Help: "AccountSkuIds to remove."},
				{Name: "LicenseOptions", Type: cmdlet.Objects, Help: "Options from New-MsolLicenseOptions."},
			},
			Examples: []cmdlet.Example{
				{Code: "Set-MsolUserLicense -UserPrincipalName adele.garcia@contoso.com -AddLicenses contoso:SPE_E5 -RemoveLicenses contoso:SPE_E3", Remarks: "Moves a user from E3 to E5."},
			},
			Process: m.setUserLicense,
		},
		{
			Name:        "Set-MsolUser",
			Module:      moduleName,
			Synopsis:    "Changes a user's properties, as MSOnline's Set-MsolUser does.",
			Description: "Set-MsolUser changes the given properties of a user.",
			Params: []*cmdlet.Param{
				upn(false), objectID,
				{Name: "UsageLocation", Type: cmdlet.String, Help: "A two-letter country code."},
				{Name: "Department", Type: cmdlet.String, Help: "The department."},
				{Name: "DisplayName", Type: cmdlet.String, Help: "The display name."},
				{Name: "Title", Type: cmdlet.String, Help: "The job title."},
				{Name: "FirstName", Type: cmdlet.String, Help: "The first name."},
				{Name: "LastName", Type: cmdlet.String, Help: "The last name."},
				{Name: "BlockCredential", Type: cmdlet.Bool, Help: "$true blocks sign-in."},
			},
			Examples: []cmdlet.Example{{Code: "Set-MsolUser -UserPrincipalName adele.garcia@contoso.com -UsageLocation US", Remarks: "Sets a usage location."}},
			Process:  m.setUser,
		},
		{
			Name:        "Remove-MsolUser",
			Module:      moduleName,
			Synopsis:    "Deletes a user, as MSOnline's Remove-MsolUser does.",
			Description: "Remove-MsolUser soft-deletes a user; Restore-MsolUser brings them back within 30 days.",
			Params:      []*cmdlet.Param{upn(false), objectID, {Name: "Force", Type: cmdlet.Switch, Help: "Does not ask for confirmation."}},
			Examples:    []cmdlet.Example{{Code: "Remove-MsolUser -UserPrincipalName megan.jansen@contoso.com -Force", Remarks: "Deletes a user."}},
			Process: func(c cmdlet.Call) error {
				return m.change(c, func(st tenant.Directory, id string) error {
					_, err := st.RemoveUser(c.Context(), id)
					return err
				})
			},
		},
		{
			Name:        "Restore-MsolUser",
			Module:      moduleName,
			Synopsis:    "Restores a deleted user, as MSOnline's Restore-MsolUser does.",
			Description: "Restore-MsolUser brings back a user deleted less than 30 days ago.",
			Params:      []*cmdlet.Param{upn(false), objectID},
			Examples:    []cmdlet.Example{{Code: "Restore-MsolUser -UserPrincipalName brian.novak@contoso.com", Remarks: "Restores a user."}},
			Process: func(c cmdlet.Call) error {
				return m.change(c, func(st tenant.Directory, id string) error {
					_, err := st.RestoreUser(c.Context(), id)
					return err
				})
			},
		},
	}
}

// dialect is how MSOnline words its errors: its exception type in the
// error id, and its own wording of the tenant's refusals.
type dialect struct{}

func (d dialect) NotConnected(c cmdlet.Call, _ string) error {
	return d.Record(c, "", errors.New("You must call the Connect-MsolService cmdlet before calling any other cmdlets."), nil, time.Time{})
}

func (dialect) Record(c cmdlet.Call, _ string, err error, target any, _ time.Time) error {
	exc, msg := "MicrosoftOnlineException", err.Error()
	var te *tenant.Error
	if errors.As(err, &te) {
		switch te.Code {
		case tenant.CodeUserNotFound:
			exc, msg = "UserNotFoundException", "User Not Found.  User: "+value.ToString(target)+"."
		case tenant.CodeSkuNotFound, tenant.CodeSkuAmbiguous:
			exc, msg = "InvalidLicenseException", "Unable to assign this license because it is invalid. Use the Get-MsolAccountSku cmdlet to retrieve a list of valid licenses."
		case tenant.CodeNoSeats:
			exc, msg = "LicenseQuotaExceededException", "Unable to assign this license because the number of allowed licenses has been exceeded."
		case tenant.CodeUsageLocation:
			exc, msg = "PropertyNotSetException", "You must provide a required property: Parameter name: UsageLocation"
		case tenant.CodeAccessDenied:
			exc, msg = "AccessDeniedException", "Access Denied. You do not have permissions to call this cmdlet."
		}
	}
	full := "Microsoft.Online.Administration.Automation." + exc
	rec := interp.NewError(full+",Microsoft.Online.Administration.Automation."+msolClass(c.Cmdlet().Name), "OperationStopped", target, msg)
	rec.Exception.Type = full
	return rec
}

// SignInFailed words a failed sign-in as MSOnline does for a user name its
// sign-in service does not know.
func (dialect) SignInFailed(_ cmdlet.Call, account string, err error, _ tenant.Info) error {
	msg := err.Error()
	if account != "" && tenant.IsCode(err, tenant.CodeUserNotFound) {
		msg = "Authentication Error: Bad username or password."
	}
	full := "Microsoft.Online.Administration.Automation.MicrosoftOnlineException"
	rec := interp.NewError(full+",Microsoft.Online.Administration.Automation.ConnectMsolService", "OperationStopped", nil, msg)
	rec.Exception.Type = full
	return rec
}

// msolClass is the MSOnline class behind a cmdlet: Set-MsolUserLicense is
// SetUserLicense.
func msolClass(name string) string {
	return strings.ReplaceAll(strings.ReplaceAll(name, "-", ""), "Msol", "")
}

func (m *msolModule) identity(c cmdlet.Call) string {
	if id := c.String("ObjectId"); id != "" {
		return id
	}
	return c.String("UserPrincipalName")
}

// change runs one write on the user the call names, reporting refusals
// as MSOnline does.
func (m *msolModule) change(c cmdlet.Call, fn func(tenant.Directory, string) error) error {
	st, err := m.conn.Open(c, "")
	if st == nil {
		return err
	}
	id := m.identity(c)
	if err := fn(st, id); err != nil {
		return m.conn.Fail(c, "", err, id)
	}
	return nil
}

// accountPrefix is the tenant part of AccountSkuIds: the default domain's
// first label, as contoso in contoso:SPE_E5.
func accountPrefix(info tenant.Info) string {
	name, _, _ := strings.Cut(info.DefaultDomain, ".")
	return strings.ToLower(name)
}

func (m *msolModule) getUser(c cmdlet.Call) error {
	st, err := m.conn.Open(c, "")
	if st == nil {
		return err
	}
	ctx := c.Context()
	info, err := st.Info(ctx)
	if err != nil {
		return m.conn.Fail(c, "", err, nil)
	}
	plans, err := productPlans(ctx, st)
	if err != nil {
		return m.conn.Fail(c, "", err, nil)
	}
	if id := m.identity(c); id != "" {
		u, err := st.GetUser(ctx, id)
		if err != nil {
			return m.conn.Fail(c, "", err, id)
		}
		lic, err := st.UserLicenses(ctx, u.ID)
		if err != nil {
			return m.conn.Fail(c, "", err, id)
		}
		return c.Write(msolUser(info, u, lic, plans))
	}
	if c.Switch("ReturnDeletedUsers") {
		deleted, err := st.DeletedUsers(ctx)
		if err != nil {
			return m.conn.Fail(c, "", err, nil)
		}
		for _, u := range deleted {
			if err := c.Write(msolUser(info, u, nil, plans)); err != nil {
				return err
			}
		}
		return nil
	}
	f := tenant.UserFilter{
		Department:    c.String("Department"),
		UsageLocation: c.String("UsageLocation"),
		Unlicensed:    c.Switch("UnlicensedUsersOnly"),
		UPNPrefix:     c.String("SearchString"),
	}
	limit := msolUserPage
	switch {
	case c.Switch("All"):
		limit = 0
	case c.Bound("MaxResults"):
		limit = c.Int("MaxResults")
	}
	if limit > 0 {
		f.Top = limit + 1
	}
	all, err := st.UserLicenses(ctx, "")
	if err != nil {
		return m.conn.Fail(c, "", err, nil)
	}
	byUser := map[string][]tenant.Assignment{}
	for _, a := range all {
		byUser[a.UserID] = append(byUser[a.UserID], a)
	}
	n := 0
	err = st.EachUser(ctx, f, func(u tenant.User) error {
		n++
		if limit > 0 && n > limit {
			return nil
		}
		return c.Write(msolUser(info, u, byUser[u.ID], plans))
	})
	if err != nil {
		return m.conn.Fail(c, "", err, nil)
	}
	if limit > 0 && n > limit {
		c.WriteWarning("More results are available. Please specify one of the All or MaxResults parameters.")
	}
	return nil
}

// productPlans is the service plans of each of the tenant's products, by
// SKU id, which a user's licenses show with their status.
func productPlans(ctx context.Context, d tenant.Directory) (map[string][]catalog.Plan, error) {
	products, err := d.Products(ctx)
	if err != nil {
		return nil, err
	}
	plans := make(map[string][]catalog.Plan, len(products))
	for _, p := range products {
		plans[p.SkuID] = p.Plans
	}
	return plans, nil
}

// msolUser is a user as MSOnline shows it: each license with the status of
// each of its product's service plans (productPlans), Disabled for those
// the assignment turns off.
func msolUser(info tenant.Info, u tenant.User, lic []tenant.Assignment, plans map[string][]catalog.Plan) *compat.Model {
	var licenses []any
	byID := map[string]*compat.Model{}
	prefix := accountPrefix(info)
	for _, a := range lic {
		if a.State != "Active" {
			continue
		}
		source := u.ID
		if a.GroupID != "" {
			source = a.GroupID
		}
		if l, ok := byID[a.SkuID]; ok {
			groups, _ := l.Property("GroupsAssigningLicense")
			l.Set("GroupsAssigningLicense", append(groups.([]any), source))
			continue
		}
		sku := compat.NewModel(typeMsolAccountSku)
		sku.Set("AccountName", prefix)
		sku.Set("SkuPartNumber", a.PartNumber)
		sku.Text = typeMsolAccountSku
		l := compat.NewModel(typeMsolLicense)
		l.Set("AccountSku", sku)
		l.Set("AccountSkuId", prefix+":"+a.PartNumber)
		l.Set("GroupsAssigningLicense", []any{source})
		var status []any
		for _, pl := range plans[a.SkuID] {
			st := servicePlanStatus(pl.Name, pl.ID)
			if slices.ContainsFunc(a.DisabledPlans, func(d string) bool { return strings.EqualFold(d, pl.ID) }) {
				st.Set("ProvisioningStatus", "Disabled")
			}
			status = append(status, st)
		}
		l.Set("ServiceStatus", compat.OrEmpty(status))
		l.Text = prefix + ":" + a.PartNumber
		byID[a.SkuID] = l
		licenses = append(licenses, l)
	}
	o := compat.NewModel(typeMsolUser)
	o.Set("BlockCredential", !u.AccountEnabled)
	o.Set("Department", compat.NilIfEmpty(u.Department))
	o.Set("DisplayName", u.DisplayName)
	o.Set("FirstName", compat.NilIfEmpty(u.GivenName))
	o.Set("IsLicensed", len(licenses) > 0)
	o.Set("LastName", compat.NilIfEmpty(u.Surname))
	o.Set("LicenseReconciliationNeeded", false)
	o.Set("Licenses", compat.OrEmpty(licenses))
	o.Set("ObjectId", u.ID)
	o.Set("SoftDeletionTimestamp", m365.DateOrNil(u.DeletedDateTime))
	o.Set("Title", compat.NilIfEmpty(u.JobTitle))
	o.Set("UsageLocation", compat.NilIfEmpty(u.UsageLocation))
	o.Set("UserPrincipalName", u.UserPrincipalName)
	o.Set("UserType", u.UserType)
	o.Set("WhenCreated", m365.DateOrNil(u.CreatedDateTime))
	return o
}

func (m *msolModule) accountSku(c cmdlet.Call) error {
	st, err := m.conn.Open(c, "")
	if st == nil {
		return err
	}
	ctx := c.Context()
	info, err := st.Info(ctx)
	if err != nil {
		return m.conn.Fail(c, "", err, nil)
	}
	products, err := st.Products(ctx)
	if err != nil {
		return m.conn.Fail(c, "", err, nil)
	}
	subs, err := st.Subscriptions(ctx)
	if err != nil {
		return m.conn.Fail(c, "", err, nil)
	}
	prefix := accountPrefix(info)
	for _, p := range products {
		var status, ids []any
		for _, pl := range p.Plans {
			status = append(status, servicePlanStatus(pl.Name, pl.ID))
		}
		for _, s := range subs {
			if s.SkuID == p.SkuID {
				ids = append(ids, s.SubscriptionID)
			}
		}
		o := compat.NewModel(typeMsolAccountSku)
		o.Set("AccountName", prefix)
		o.Set("AccountObjectId", nil)
		o.Set("AccountSkuId", prefix+":"+p.PartNumber)
		o.Set("ActiveUnits", p.EnabledUnits())
		o.Set("ConsumedUnits", p.Assigned)
		o.Set("LockedOutUnits", p.LockedOut)
		o.Set("ServiceStatus", compat.OrEmpty(status))
		o.Set("SkuId", p.SkuID)
		o.Set("SkuPartNumber", p.PartNumber)
		o.Set("SubscriptionIds", compat.OrEmpty(ids))
		o.Set("SuspendedUnits", p.Suspended)
		o.Set("TargetClass", "User")
		o.Set("WarningUnits", p.Warning)
		if err := c.Write(o); err != nil {
			return err
		}
	}
	return nil
}

func (m *msolModule) setUserLicense(c cmdlet.Call) error {
	return m.change(c, func(st tenant.Directory, id string) error {
		add, err := licenseChanges(c, c.Strings("AddLicenses"), c.Strings("RemoveLicenses"))
		if err != nil {
			return err
		}
		res, err := st.SetUserLicense(c.Context(), id, add, c.Strings("RemoveLicenses"))
		for _, w := range res.Warnings {
			c.WriteWarning(w)
		}
		return err
	})
}

// licenseChanges checks the AccountSkuIds to add and remove and the call's
// -LicenseOptions, and returns the licenses to add with the plans the
// options disable. Options for a product not being added change the plans
// of one the user holds, as MSOnline does.
func licenseChanges(c cmdlet.Call, addIDs, removeIDs []string) ([]tenant.AddLicense, error) {
	var options []tenant.AddLicense
	for _, it := range cmdlet.Items(c.Get("LicenseOptions")) {
		sku, _ := value.GetMember(it, "AccountSkuId")
		plans, _ := value.GetMember(it, "DisabledServicePlans")
		options = append(options, tenant.AddLicense{SkuID: value.ToString(sku), DisabledPlans: compat.Strings(plans)})
	}
	for _, s := range append(append(append([]string{}, addIDs...), removeIDs...), compat.SkuIDs(options)...) {
		if !isAccountSkuID(s) {
			return nil, &tenant.Error{Code: tenant.CodeSkuNotFound, Message: s}
		}
	}
	var add []tenant.AddLicense
	for _, s := range addIDs {
		a := tenant.AddLicense{SkuID: s}
		for i, o := range options {
			if strings.EqualFold(o.SkuID, s) {
				a.DisabledPlans = o.DisabledPlans
				options = append(options[:i], options[i+1:]...)
				break
			}
		}
		add = append(add, a)
	}
	return append(add, options...), nil
}

// isAccountSkuID reports whether s has MSOnline's <tenant>:<part number>
// form: MSOnline refuses a bare part number or a SKU GUID as an invalid
// license, so a script that relies on them must fail here too.
func isAccountSkuID(s string) bool {
	account, part, ok := strings.Cut(s, ":")
	return ok && account != "" && part != ""
}

func (m *msolModule) setUser(c cmdlet.Call) error {
	var up tenant.UserUpdate
	fields := map[string]**string{
		"UsageLocation": &up.UsageLocation, "Department": &up.Department, "DisplayName": &up.DisplayName,
		"Title": &up.JobTitle, "FirstName": &up.GivenName, "LastName": &up.Surname,
	}
	for name, field := range fields {
		if c.Bound(name) {
			s := c.String(name)
			*field = &s
		}
	}
	if c.Bound("BlockCredential") {
		enabled := !value.ToBool(c.Get("BlockCredential"))
		up.AccountEnabled = &enabled
	}
	return m.change(c, func(st tenant.Directory, id string) error {
		_, err := st.SetUser(c.Context(), id, up)
		return err
	})
}
