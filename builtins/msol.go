package builtins

import (
	"errors"
	"strings"

	"licsh/builtins/tenant"
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

func init() {
	for _, v := range []format.View{
		{TypeName: typeMsolUser, Table: []string{"UserPrincipalName", "DisplayName", "isLicensed"}},
		{TypeName: typeMsolAccountSku, Table: []string{"AccountSkuId", "ActiveUnits", "WarningUnits", "ConsumedUnits"}},
	} {
		format.Register(v)
	}
}

// msolUserPage is how many users Get-MsolUser returns without -All.
const msolUserPage = 500

// msolModule holds MSOnline's cmdlets.
type msolModule struct {
	ts   *TenantSession
	conn *moduleSession
}

func msolCmdlets(ts *TenantSession, conn *moduleSession) []*interp.Cmdlet {
	m := &msolModule{ts: ts, conn: conn}
	upn := func(mandatory bool) *interp.Param {
		return &interp.Param{Name: "UserPrincipalName", Aliases: []string{"UPN"}, Type: "string", Mandatory: mandatory,
			ValueFromPipelineByPropertyName: true, Complete: "user", Help: "The user's sign-in name."}
	}
	objectID := &interp.Param{Name: "ObjectId", Type: "string", ValueFromPipelineByPropertyName: true, Help: "The user's object id."}
	return []*interp.Cmdlet{
		{
			Name:        "Connect-MsolService",
			Synopsis:    "Signs in to MSOnline: here, to the local tenant as its admin.",
			Description: "Connect-MsolService connects the session as the tenant's acting admin, so that MSOnline scripts run unchanged.",
			Params: []*interp.Param{
				{Name: "Credential", Type: "object", Help: "Accepted for compatibility."},
				{Name: "AzureEnvironment", Type: "string", Help: "Accepted for compatibility."},
				{Name: "AdGraphAccessToken", Type: "string", Help: "Accepted for compatibility."},
				{Name: "MsGraphAccessToken", Type: "string", Help: "Accepted for compatibility."},
			},
			Examples: []interp.Example{{Code: "Connect-MsolService", Remarks: "Connects."}},
			Process: func(c *interp.Call) error {
				st, err := m.ts.open(c)
				if err != nil {
					return err
				}
				if _, err := st.Connect(c.Context(), ""); err != nil {
					return tenantFail(c, err, nil)
				}
				m.conn.msol = true
				return nil
			},
		},
		{
			Name:        "Get-MsolUser",
			Synopsis:    "Gets users, as MSOnline's Get-MsolUser does.",
			Description: "Get-MsolUser returns one user (-UserPrincipalName or -ObjectId) or lists users: 500 without -All or -MaxResults, with MSOnline's warning when there are more. Users carry IsLicensed and Licenses whose AccountSkuId is <tenant>:<part number>.",
			Params: []*interp.Param{
				upn(false), objectID,
				{Name: "All", Type: "switch", Help: "Every matching user."},
				{Name: "MaxResults", Type: "int", Help: "At most this many users."},
				{Name: "Department", Type: "string", Help: "Only this department."},
				{Name: "UsageLocation", Type: "string", Help: "Only this usage location."},
				{Name: "UnlicensedUsersOnly", Type: "switch", Help: "Only users without a license."},
				{Name: "SearchString", Type: "string", Help: "Users whose sign-in name starts with this."},
				{Name: "ReturnDeletedUsers", Type: "switch", Help: "The deleted users instead."},
			},
			Examples: []interp.Example{
				{Code: "Get-MsolUser -All -UnlicensedUsersOnly", Remarks: "The unlicensed users."},
			},
			Process: m.getUser,
		},
		{
			Name:        "Get-MsolAccountSku",
			Synopsis:    "Gets the tenant's products, as MSOnline's Get-MsolAccountSku does.",
			Description: "Get-MsolAccountSku outputs one object per product: AccountSkuId (<tenant>:<part number>), ActiveUnits, WarningUnits, ConsumedUnits, ServiceStatus and more.",
			Examples:    []interp.Example{{Code: "Get-MsolAccountSku", Remarks: "The products and their seats."}},
			Process:     m.accountSku,
		},
		{
			Name:        "New-MsolLicenseOptions",
			Synopsis:    "Makes the license options that disable service plans of a product.",
			Description: "New-MsolLicenseOptions returns options for Set-MsolUserLicense -LicenseOptions: the product and the service plans (by name) to leave off.",
			Params: []*interp.Param{
				{Name: "AccountSkuId", Type: "string", Mandatory: true, Help: "The product, <tenant>:<part number>."},
				{Name: "DisabledPlans", Type: "string[]", Help: "Service plan names to disable."},
			},
			Examples: []interp.Example{{Code: "New-MsolLicenseOptions -AccountSkuId contoso:SPE_E5 -DisabledPlans SWAY", Remarks: "E5 without Sway."}},
			Process: func(c *interp.Call) error {
				o := newModel(typeMsolOptions)
				o.set("AccountSkuId", c.String("AccountSkuId"))
				o.set("DisabledServicePlans", strList(c.Strings("DisabledPlans")))
				return c.Write(o)
			},
		},
		{
			Name:        "Set-MsolUserLicense",
			Synopsis:    "Assigns and removes a user's licenses, as MSOnline's Set-MsolUserLicense does.",
			Description: "Set-MsolUserLicense adds and removes licenses of one user in one atomic change. Licenses are AccountSkuIds (<tenant>:<part number>, the prefix in any case). Users come from the pipeline by UserPrincipalName or ObjectId.",
			Params: []*interp.Param{
				upn(false), objectID,
				{Name: "AddLicenses", Type: "string[]", Complete: "sku", Help: "AccountSkuIds to assign."},
				{Name: "RemoveLicenses", Type: "string[]", Complete: "sku", Help: "AccountSkuIds to remove."},
				{Name: "LicenseOptions", Type: "object[]", Help: "Options from New-MsolLicenseOptions."},
			},
			Examples: []interp.Example{
				{Code: "Set-MsolUserLicense -UserPrincipalName adele@contoso.com -AddLicenses contoso:SPE_E3 -RemoveLicenses contoso:SPE_E5", Remarks: "Moves a user from E5 to E3."},
			},
			Process: m.setUserLicense,
		},
		{
			Name:        "Set-MsolUser",
			Synopsis:    "Changes a user's properties, as MSOnline's Set-MsolUser does.",
			Description: "Set-MsolUser changes the given properties of a user.",
			Params: []*interp.Param{
				upn(false), objectID,
				{Name: "UsageLocation", Type: "string", Help: "A two-letter country code."},
				{Name: "Department", Type: "string", Help: "The department."},
				{Name: "DisplayName", Type: "string", Help: "The display name."},
				{Name: "Title", Type: "string", Help: "The job title."},
				{Name: "FirstName", Type: "string", Help: "The first name."},
				{Name: "LastName", Type: "string", Help: "The last name."},
				{Name: "BlockCredential", Type: "bool", Help: "$true blocks sign-in."},
			},
			Examples: []interp.Example{{Code: "Set-MsolUser -UserPrincipalName adele@contoso.com -UsageLocation US", Remarks: "Sets a usage location."}},
			Process:  m.setUser,
		},
		{
			Name:        "Remove-MsolUser",
			Synopsis:    "Deletes a user, as MSOnline's Remove-MsolUser does.",
			Description: "Remove-MsolUser soft-deletes a user; Restore-MsolUser brings them back within 30 days.",
			Params:      []*interp.Param{upn(false), objectID, {Name: "Force", Type: "switch", Help: "Does not ask for confirmation."}},
			Examples:    []interp.Example{{Code: "Remove-MsolUser -UserPrincipalName megan@contoso.com -Force", Remarks: "Deletes a user."}},
			Process: func(c *interp.Call) error {
				return m.change(c, func(st *tenant.Store, id string) error {
					_, err := st.RemoveUser(c.Context(), id)
					return err
				})
			},
		},
		{
			Name:        "Restore-MsolUser",
			Synopsis:    "Restores a deleted user, as MSOnline's Restore-MsolUser does.",
			Description: "Restore-MsolUser brings back a user deleted less than 30 days ago.",
			Params:      []*interp.Param{upn(false), objectID},
			Examples:    []interp.Example{{Code: "Restore-MsolUser -UserPrincipalName megan@contoso.com", Remarks: "Restores a user."}},
			Process: func(c *interp.Call) error {
				return m.change(c, func(st *tenant.Store, id string) error {
					_, err := st.RestoreUser(c.Context(), id)
					return err
				})
			},
		},
	}
}

// open opens the tenant for an MSOnline cmdlet. Before Connect-MsolService
// it refuses, as MSOnline does, and returns no store.
func (m *msolModule) open(c *interp.Call) (*tenant.Store, error) {
	if m.conn.msol {
		return m.ts.open(c)
	}
	return nil, c.WriteError(msolRecord(c, errors.New("You must call the Connect-MsolService cmdlet before calling any other cmdlets."), nil))
}

// msolRecord renders an error as MSOnline does: its exception type in the
// error id, and its own wording of the tenant's refusals.
func msolRecord(c *interp.Call, err error, target any) *interp.ErrorRecord {
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
	rec := interp.NewError(full+",Microsoft.Online.Administration.Automation."+msolClass(c.Cmdlet.Name), "OperationStopped", target, msg)
	rec.Exception.Type = full
	return rec
}

// msolClass is the MSOnline class behind a cmdlet: Set-MsolUserLicense is
// SetUserLicense.
func msolClass(name string) string {
	return strings.ReplaceAll(strings.ReplaceAll(name, "-", ""), "Msol", "")
}

func (m *msolModule) identity(c *interp.Call) string {
	if id := c.String("ObjectId"); id != "" {
		return id
	}
	return c.String("UserPrincipalName")
}

// change runs one write on the user the call names, reporting refusals
// as MSOnline does.
func (m *msolModule) change(c *interp.Call, fn func(*tenant.Store, string) error) error {
	st, err := m.open(c)
	if st == nil {
		return err
	}
	id := m.identity(c)
	if err := fn(st, id); err != nil {
		return c.WriteError(msolRecord(c, err, id))
	}
	return nil
}

// accountPrefix is the tenant part of AccountSkuIds: the default domain's
// first label, as contoso in contoso:SPE_E5.
func accountPrefix(info tenant.Info) string {
	name, _, _ := strings.Cut(info.DefaultDomain, ".")
	return strings.ToLower(name)
}

func (m *msolModule) getUser(c *interp.Call) error {
	st, err := m.open(c)
	if st == nil {
		return err
	}
	ctx := c.Context()
	info, err := st.Info(ctx)
	if err != nil {
		return c.WriteError(msolRecord(c, err, nil))
	}
	if id := m.identity(c); id != "" {
		u, err := st.GetUser(ctx, id)
		if err != nil {
			return c.WriteError(msolRecord(c, err, id))
		}
		lic, err := st.UserLicenses(ctx, u.ID)
		if err != nil {
			return c.WriteError(msolRecord(c, err, id))
		}
		return c.Write(msolUser(info, u, lic))
	}
	if c.Switch("ReturnDeletedUsers") {
		deleted, err := st.DeletedUsers(ctx)
		if err != nil {
			return c.WriteError(msolRecord(c, err, nil))
		}
		for _, u := range deleted {
			if err := c.Write(msolUser(info, u, nil)); err != nil {
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
		return c.WriteError(msolRecord(c, err, nil))
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
		return c.Write(msolUser(info, u, byUser[u.ID]))
	})
	if err != nil {
		return c.WriteError(msolRecord(c, err, nil))
	}
	if limit > 0 && n > limit {
		c.WriteWarning("More results are available. Please specify one of the All or MaxResults parameters.")
	}
	return nil
}

// msolUser is a user as MSOnline shows it.
func msolUser(info tenant.Info, u tenant.User, lic []tenant.Assignment) *modelObject {
	var licenses []any
	byID := map[string]*modelObject{}
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
			l.set("GroupsAssigningLicense", append(groups.([]any), source))
			continue
		}
		sku := newModel(typeMsolAccountSku)
		sku.set("AccountName", prefix)
		sku.set("SkuPartNumber", a.PartNumber)
		sku.text = typeMsolAccountSku
		l := newModel(typeMsolLicense)
		l.set("AccountSku", sku)
		l.set("AccountSkuId", prefix+":"+a.PartNumber)
		l.set("GroupsAssigningLicense", []any{source})
		l.set("ServiceStatus", []any{})
		l.text = prefix + ":" + a.PartNumber
		byID[a.SkuID] = l
		licenses = append(licenses, l)
	}
	o := newModel(typeMsolUser)
	o.set("BlockCredential", !u.AccountEnabled)
	o.set("Department", nilIfEmpty(u.Department))
	o.set("DisplayName", u.DisplayName)
	o.set("FirstName", nilIfEmpty(u.GivenName))
	o.set("IsLicensed", len(licenses) > 0)
	o.set("LastName", nilIfEmpty(u.Surname))
	o.set("LicenseReconciliationNeeded", false)
	o.set("Licenses", orEmpty(licenses))
	o.set("ObjectId", u.ID)
	o.set("SoftDeletionTimestamp", dateOrNil(u.DeletedDateTime))
	o.set("Title", nilIfEmpty(u.JobTitle))
	o.set("UsageLocation", nilIfEmpty(u.UsageLocation))
	o.set("UserPrincipalName", u.UserPrincipalName)
	o.set("UserType", u.UserType)
	o.set("WhenCreated", dateOrNil(u.CreatedDateTime))
	return o
}

func (m *msolModule) accountSku(c *interp.Call) error {
	st, err := m.open(c)
	if st == nil {
		return err
	}
	ctx := c.Context()
	info, err := st.Info(ctx)
	if err != nil {
		return c.WriteError(msolRecord(c, err, nil))
	}
	products, err := st.Products(ctx)
	if err != nil {
		return c.WriteError(msolRecord(c, err, nil))
	}
	subs, err := st.Subscriptions(ctx)
	if err != nil {
		return c.WriteError(msolRecord(c, err, nil))
	}
	prefix := accountPrefix(info)
	for _, p := range products {
		var status, ids []any
		for _, pl := range productPlans(p) {
			s := newModel(typeMsolStatus)
			plan := newModel("Microsoft.Online.Administration.ServicePlan")
			plan.set("ServiceName", pl.name)
			plan.set("ServicePlanId", pl.id)
			plan.set("TargetClass", "User")
			plan.text = "Microsoft.Online.Administration.ServicePlan"
			s.set("ServicePlan", plan)
			s.set("ProvisioningStatus", "Success")
			status = append(status, s)
		}
		for _, s := range subs {
			if s.SkuID == p.SkuID {
				ids = append(ids, s.SubscriptionID)
			}
		}
		o := newModel(typeMsolAccountSku)
		o.set("AccountName", prefix)
		o.set("AccountObjectId", nil)
		o.set("AccountSkuId", prefix+":"+p.PartNumber)
		o.set("ActiveUnits", p.Total)
		o.set("ConsumedUnits", p.Assigned)
		o.set("LockedOutUnits", p.LockedOut)
		o.set("ServiceStatus", orEmpty(status))
		o.set("SkuId", p.SkuID)
		o.set("SkuPartNumber", p.PartNumber)
		o.set("SubscriptionIds", orEmpty(ids))
		o.set("SuspendedUnits", p.Suspended)
		o.set("TargetClass", "User")
		o.set("WarningUnits", p.Warning)
		if err := c.Write(o); err != nil {
			return err
		}
	}
	return nil
}

func (m *msolModule) setUserLicense(c *interp.Call) error {
	var options []tenant.AddLicense
	for _, it := range asItems(c.Get("LicenseOptions")) {
		sku, _ := value.GetMember(it, "AccountSkuId")
		plans, _ := value.GetMember(it, "DisabledServicePlans")
		options = append(options, tenant.AddLicense{SkuID: value.ToString(sku), DisabledPlans: stringsOfItems(plans)})
	}
	return m.change(c, func(st *tenant.Store, id string) error {
		for _, s := range append(append(c.Strings("AddLicenses"), c.Strings("RemoveLicenses")...), skuTexts(options)...) {
			if !isAccountSkuID(s) {
				return &tenant.Error{Code: tenant.CodeSkuNotFound, Message: s}
			}
		}
		var add []tenant.AddLicense
		for _, s := range c.Strings("AddLicenses") {
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
		// Options for a product not being added change the plans of one
		// the user holds, as MSOnline does.
		add = append(add, options...)
		res, err := st.SetUserLicense(c.Context(), id, add, c.Strings("RemoveLicenses"))
		for _, w := range res.Warnings {
			c.WriteWarning(w)
		}
		return err
	})
}

// isAccountSkuID reports whether s has MSOnline's <tenant>:<part number>
// form: MSOnline refuses a bare part number or a SKU GUID as an invalid
// license, so a script that relies on them must fail here too.
func isAccountSkuID(s string) bool {
	account, part, ok := strings.Cut(s, ":")
	return ok && account != "" && part != ""
}

func stringsOfItems(v any) []string {
	var out []string
	for _, it := range asItems(v) {
		out = append(out, value.ToString(it))
	}
	return out
}

func (m *msolModule) setUser(c *interp.Call) error {
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
	return m.change(c, func(st *tenant.Store, id string) error {
		_, err := st.SetUser(c.Context(), id, up)
		return err
	})
}
