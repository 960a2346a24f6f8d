package builtins

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"licsh/builtins/catalog"
	"licsh/builtins/tenant"
	"licsh/shell/format"
	"licsh/shell/interp"
	"licsh/shell/value"
)

// Type names of AzureAD's objects.
const (
	typeAADUser             = "Microsoft.Open.AzureAD.Model.User"
	typeAADAssignedLicense  = "Microsoft.Open.AzureAD.Model.AssignedLicense"
	typeAADAssignedLicenses = "Microsoft.Open.AzureAD.Model.AssignedLicenses"
	typeAADSubscribedSku    = "Microsoft.Open.AzureAD.Model.SubscribedSku"
	typeAADConnection       = "Microsoft.Open.Azure.AD.CommonLibrary.PSAzureContext"
)

// AzureAD's license objects are made with New-Object, so New-Object knows
// their types.
func init() {
	for _, v := range []format.View{
		{TypeName: typeAADUser, Table: []string{"ObjectId", "DisplayName", "UserPrincipalName", "UserType"}},
		{TypeName: typeAADSubscribedSku, Table: []string{"ObjectId", "SkuPartNumber", "PrepaidUnits", "ConsumedUnits"}},
		{TypeName: typeAADConnection, Table: []string{"Account", "Environment", "TenantId", "TenantDomain", "AccountType"}},
	} {
		format.Register(v)
	}
	newObjectTypes[strings.ToLower(typeAADAssignedLicense)] = func([]any) (any, error) {
		return assignedLicenseObject(typeAADAssignedLicense, "", nil).clearText(), nil
	}
	newObjectTypes[strings.ToLower(typeAADAssignedLicenses)] = func([]any) (any, error) {
		return newModel(typeAADAssignedLicenses).set("AddLicenses", nil).set("RemoveLicenses", nil), nil
	}
}

// clearText makes an object show its type name, as a new AzureAD license
// does before its SkuId is set.
func (m *modelObject) clearText() *modelObject {
	m.text = ""
	m.props.Set("SkuId", nil)
	m.props.Set("DisabledPlans", nil)
	return m
}

// azureADModule holds the AzureAD module's cmdlets.
type azureADModule struct {
	ts   *TenantSession
	conn *moduleSession
}

func azureADCmdlets(ts *TenantSession, conn *moduleSession) []*interp.Cmdlet {
	a := &azureADModule{ts: ts, conn: conn}
	objectID := func(mandatory bool) *interp.Param {
		return &interp.Param{Name: "ObjectId", Aliases: []string{"UserPrincipalName", "Id"}, Type: "string", Position: 1, Mandatory: mandatory,
			ValueFromPipelineByPropertyName: true, Complete: "user", Help: "The user's object id or user principal name."}
	}
	return append([]*interp.Cmdlet{
		{
			Name:        "Connect-AzureAD",
			Synopsis:    "Signs in to AzureAD: here, to the local tenant as its admin.",
			Description: "Connect-AzureAD connects the session as the tenant's acting admin and outputs the connection, so that AzureAD scripts run unchanged.",
			Params: []*interp.Param{
				{Name: "Credential", Type: "object", Help: "Accepted for compatibility."},
				{Name: "TenantId", Type: "string", Help: "Accepted for compatibility."},
				{Name: "AccountId", Type: "string", Help: "Accepted for compatibility."},
				{Name: "AzureEnvironmentName", Type: "string", Help: "Accepted for compatibility."},
				{Name: "CertificateThumbprint", Type: "string", Help: "Accepted for compatibility."},
				{Name: "ApplicationId", Type: "string", Help: "Accepted for compatibility."},
				{Name: "AadAccessToken", Type: "string", Help: "Accepted for compatibility."},
			},
			Examples: []interp.Example{{Code: "Connect-AzureAD", Remarks: "Connects."}},
			Process:  a.connect,
		},
		{
			Name:        "Get-AzureADUser",
			Synopsis:    "Gets users, as AzureAD's Get-AzureADUser does.",
			Description: "Get-AzureADUser returns one user (-ObjectId, a UPN or object id) or lists users: 100 unless -All $true or -Top. -Filter takes the OData subset Get-MgUser takes.",
			Params: []*interp.Param{
				objectID(false),
				{Name: "All", Type: "bool", Help: "$true for every user."},
				{Name: "Top", Type: "int", Help: "At most this many users."},
				{Name: "Filter", Type: "string", Help: "An OData filter."},
				{Name: "SearchString", Type: "string", Help: "Users whose sign-in name starts with this."},
			},
			Examples: []interp.Example{{Code: "Get-AzureADUser -ObjectId adele@contoso.com", Remarks: "A user."}},
			Process:  a.getUser,
		},
		{
			Name:        "Get-AzureADSubscribedSku",
			Synopsis:    "Gets the tenant's products, as AzureAD's Get-AzureADSubscribedSku does.",
			Description: "Get-AzureADSubscribedSku outputs one object per product: ObjectId (<tenantId>_<skuId>), SkuId, SkuPartNumber, ConsumedUnits, PrepaidUnits, ServicePlans.",
			Params:      []*interp.Param{{Name: "ObjectId", Type: "string", Help: "One product, by its ObjectId."}},
			Examples:    []interp.Example{{Code: "Get-AzureADSubscribedSku | Select SkuPartNumber, ConsumedUnits", Remarks: "Seats used per product."}},
			Process:     a.subscribedSku,
		},
		{
			Name:        "Set-AzureADUser",
			Synopsis:    "Changes a user's properties, as AzureAD's Set-AzureADUser does.",
			Description: "Set-AzureADUser changes the given properties of a user.",
			Params: []*interp.Param{
				objectID(true),
				{Name: "UsageLocation", Type: "string", Help: "A two-letter country code."},
				{Name: "Department", Type: "string", Help: "The department."},
				{Name: "DisplayName", Type: "string", Help: "The display name."},
				{Name: "JobTitle", Type: "string", Help: "The job title."},
				{Name: "GivenName", Type: "string", Help: "The first name."},
				{Name: "Surname", Type: "string", Help: "The last name."},
				{Name: "AccountEnabled", Type: "bool", Help: "$false blocks sign-in."},
			},
			Examples: []interp.Example{{Code: "Set-AzureADUser -ObjectId adele@contoso.com -UsageLocation US", Remarks: "Sets a usage location."}},
			Process:  a.setUser,
		},
		{
			Name:        "Set-AzureADUserLicense",
			Synopsis:    "Assigns and removes a user's licenses, as AzureAD's Set-AzureADUserLicense does.",
			Description: "Set-AzureADUserLicense applies an AssignedLicenses object (New-Object Microsoft.Open.AzureAD.Model.AssignedLicenses) to one user atomically: its AddLicenses (AssignedLicense objects with SkuId and DisabledPlans) and RemoveLicenses (SKU GUIDs).",
			Params: []*interp.Param{
				objectID(true),
				{Name: "AssignedLicenses", Type: "object", Mandatory: true, Help: "The licenses to add and remove."},
			},
			Examples: []interp.Example{{Code: "Set-AzureADUserLicense -ObjectId adele@contoso.com -AssignedLicenses $licenses", Remarks: "Applies the changes."}},
			Process:  a.setUserLicense,
		},
	}, a.directoryCmdlets()...)
}

// open opens the tenant for an AzureAD cmdlet. Before Connect-AzureAD it
// refuses, as the module does, and returns no store.
func (a *azureADModule) open(c *interp.Call) (*tenant.Store, error) {
	if a.conn.azuread {
		return a.ts.open(c)
	}
	rec := interp.NewError("Microsoft.Open.Azure.AD.CommonLibrary.AadNeedAuthenticationException,Microsoft.Open.AzureAD16.PowerShell."+aadClass(c.Cmdlet.Name),
		"AuthenticationError", nil, "You must call the Connect-AzureAD cmdlet before calling any other cmdlets.")
	rec.Exception.Type = "Microsoft.Open.Azure.AD.CommonLibrary.AadNeedAuthenticationException"
	return nil, c.WriteError(rec)
}

// aadClass is the AzureAD class behind a cmdlet: Set-AzureADUserLicense
// is SetUserLicenses.
func aadClass(name string) string {
	class := strings.ReplaceAll(strings.ReplaceAll(name, "-", ""), "AzureAD", "")
	if strings.HasSuffix(class, "License") {
		class += "s"
	}
	return class
}

// fail renders an error as AzureAD does: the whole service answer in the
// exception message.
func (a *azureADModule) fail(c *interp.Call, st *tenant.Store, err error, target any) error {
	var rec *interp.ErrorRecord
	if errors.As(err, &rec) {
		return c.WriteError(rec)
	}
	now := time.Now()
	if t, e := st.Now(c.Context()); e == nil {
		now = t
	}
	status, reason := graphStatus(err)
	desc := map[int]string{400: "Bad Request", 403: "Forbidden", 404: "Not Found"}[status]
	msg := fmt.Sprintf("Error occurred while executing %s \nCode: %s\nMessage: %s\nRequestId: %s\nDateTimeStamp: %s\nHttpStatusCode: %s\nHttpStatusDescription: %s\nHttpResponseStatus: Completed\n",
		aadClass(c.Cmdlet.Name), graphErrorCode(err), err.Error(), uuid.NewString(), now.UTC().Format(time.RFC1123), reason, desc)
	rec = interp.NewError("Microsoft.Open.AzureAD16.Client.ApiException,Microsoft.Open.AzureAD16.PowerShell."+aadClass(c.Cmdlet.Name),
		"NotSpecified", target, msg)
	rec.Exception.Type = "Microsoft.Open.AzureAD16.Client.ApiException"
	return c.WriteError(rec)
}

func (a *azureADModule) connect(c *interp.Call) error {
	st, err := a.ts.open(c)
	if err != nil {
		return err
	}
	admin, err := st.Connect(c.Context(), "")
	if err != nil {
		return tenantFail(c, err, nil)
	}
	info, err := st.Info(c.Context())
	if err != nil {
		return tenantFail(c, err, nil)
	}
	a.conn.azuread = true
	o := newModel(typeAADConnection)
	o.set("Account", admin.UserPrincipalName)
	o.set("Environment", "AzureCloud")
	o.set("TenantId", info.TenantID)
	o.set("TenantDomain", info.DefaultDomain)
	o.set("AccountType", "User")
	return c.Write(o)
}

// aadUser is a user as AzureAD shows it.
func aadUser(u tenant.User, lic []tenant.Assignment) *modelObject {
	var assigned []any
	seen := map[string]bool{}
	for _, l := range lic {
		if seen[l.SkuID] || l.State != "Active" {
			continue
		}
		seen[l.SkuID] = true
		assigned = append(assigned, assignedLicenseObject(typeAADAssignedLicense, l.SkuID, l.DisabledPlans))
	}
	o := newModel(typeAADUser)
	o.set("ObjectId", u.ID)
	o.set("ObjectType", "User")
	o.set("AccountEnabled", u.AccountEnabled)
	o.set("AssignedLicenses", orEmpty(assigned))
	o.set("Department", nilIfEmpty(u.Department))
	o.set("DirSyncEnabled", nil)
	o.set("DisplayName", u.DisplayName)
	o.set("GivenName", nilIfEmpty(u.GivenName))
	o.set("JobTitle", nilIfEmpty(u.JobTitle))
	o.set("Mail", nilIfEmpty(u.Mail))
	o.set("Surname", nilIfEmpty(u.Surname))
	o.set("UsageLocation", nilIfEmpty(u.UsageLocation))
	o.set("UserPrincipalName", u.UserPrincipalName)
	o.set("UserType", u.UserType)
	return o
}

// aadUserPage is how many users Get-AzureADUser returns without -All.
const aadUserPage = 100

func (a *azureADModule) getUser(c *interp.Call) error {
	st, err := a.open(c)
	if st == nil {
		return err
	}
	ctx := c.Context()
	if id := c.String("ObjectId"); id != "" {
		u, err := st.GetUser(ctx, id)
		if err != nil {
			return a.fail(c, st, err, id)
		}
		lic, err := st.UserLicenses(ctx, u.ID)
		if err != nil {
			return a.fail(c, st, err, id)
		}
		return c.Write(aadUser(u, lic))
	}
	var q *tenant.UserQuery
	if c.Bound("Filter") {
		if q, err = tenant.ParseUserFilter(c.String("Filter")); err != nil {
			return a.fail(c, st, err, nil)
		}
	}
	if s := c.String("SearchString"); s != "" {
		sq, err := tenant.ParseUserFilter("startswith(userPrincipalName,'" + strings.ReplaceAll(s, "'", "''") + "') or startswith(displayName,'" + strings.ReplaceAll(s, "'", "''") + "')")
		if err != nil {
			return a.fail(c, st, err, nil)
		}
		q = q.And(sq)
	}
	top := aadUserPage
	switch {
	case value.ToBool(c.Get("All")):
		top = 0
	case c.Bound("Top"):
		top = c.Int("Top")
	}
	all, err := st.UserLicenses(ctx, "")
	if err != nil {
		return a.fail(c, st, err, nil)
	}
	byUser := map[string][]tenant.Assignment{}
	for _, l := range all {
		byUser[l.UserID] = append(byUser[l.UserID], l)
	}
	err = st.EachQueriedUser(ctx, q, top, func(u tenant.User) error {
		return c.Write(aadUser(u, byUser[u.ID]))
	})
	if err != nil {
		return a.fail(c, st, err, nil)
	}
	return nil
}

func (a *azureADModule) subscribedSku(c *interp.Call) error {
	st, err := a.open(c)
	if st == nil {
		return err
	}
	ctx := c.Context()
	info, err := st.Info(ctx)
	if err != nil {
		return a.fail(c, st, err, nil)
	}
	products, err := st.Products(ctx)
	if err != nil {
		return a.fail(c, st, err, nil)
	}
	want := c.String("ObjectId")
	for _, p := range products {
		id := info.TenantID + "_" + p.SkuID
		if want != "" && !strings.EqualFold(want, id) {
			continue
		}
		units := newModel("Microsoft.Open.AzureAD.Model.LicenseUnitsDetail")
		units.set("Enabled", p.Total)
		units.set("Suspended", p.Suspended)
		units.set("Warning", p.Warning)
		units.text = fmt.Sprintf("class LicenseUnitsDetail {\n  Enabled: %d\n  Suspended: %d\n  Warning: %d\n}\n", p.Total, p.Suspended, p.Warning)
		var plans []any
		for _, pl := range productPlans(p) {
			sp := newModel("Microsoft.Open.AzureAD.Model.ServicePlanInfo")
			sp.set("AppliesTo", "User")
			sp.set("ProvisioningStatus", "Success")
			sp.set("ServicePlanId", pl.id)
			sp.set("ServicePlanName", pl.name)
			plans = append(plans, sp)
		}
		o := newModel(typeAADSubscribedSku)
		o.set("ObjectId", id)
		o.set("SkuId", p.SkuID)
		o.set("SkuPartNumber", p.PartNumber)
		o.set("AppliesTo", "User")
		o.set("CapabilityStatus", capabilityStatus(p))
		o.set("ConsumedUnits", p.Assigned)
		o.set("PrepaidUnits", units)
		o.set("ServicePlans", orEmpty(plans))
		if err := c.Write(o); err != nil {
			return err
		}
	}
	return nil
}

func (a *azureADModule) setUser(c *interp.Call) error {
	st, err := a.open(c)
	if st == nil {
		return err
	}
	var up tenant.UserUpdate
	fields := map[string]**string{
		"UsageLocation": &up.UsageLocation, "Department": &up.Department, "DisplayName": &up.DisplayName,
		"JobTitle": &up.JobTitle, "GivenName": &up.GivenName, "Surname": &up.Surname,
	}
	for name, field := range fields {
		if c.Bound(name) {
			s := c.String(name)
			*field = &s
		}
	}
	if c.Bound("AccountEnabled") {
		on := value.ToBool(c.Get("AccountEnabled"))
		up.AccountEnabled = &on
	}
	id := c.String("ObjectId")
	if _, err := st.SetUser(c.Context(), id, up); err != nil {
		return a.fail(c, st, err, id)
	}
	return nil
}

func (a *azureADModule) setUserLicense(c *interp.Call) error {
	st, err := a.open(c)
	if st == nil {
		return err
	}
	id := c.String("ObjectId")
	lic := c.Get("AssignedLicenses")
	addV, _ := value.GetMember(lic, "AddLicenses")
	removeV, _ := value.GetMember(lic, "RemoveLicenses")
	var add []tenant.AddLicense
	for _, it := range asItems(addV) {
		if it == nil {
			continue
		}
		sku, _ := value.GetMember(it, "SkuId")
		dp, _ := value.GetMember(it, "DisabledPlans")
		add = append(add, tenant.AddLicense{SkuID: value.ToString(sku), DisabledPlans: stringsOfItems(dp)})
	}
	var remove []string
	for _, it := range asItems(removeV) {
		if it == nil {
			continue
		}
		remove = append(remove, value.ToString(it))
	}
	for _, s := range append(skuTexts(add), remove...) {
		if _, ok := catalog.NormalizeGUID(s); !ok {
			return a.fail(c, st, graphRequestError("Invalid value specified for property 'skuId' of resource 'AssignedLicense'."), id)
		}
	}
	if _, err := st.SetUserLicenseStrict(c.Context(), id, add, remove); err != nil {
		return a.fail(c, st, err, id)
	}
	return nil
}

func skuTexts(add []tenant.AddLicense) []string {
	out := make([]string, len(add))
	for i, a := range add {
		out[i] = a.SkuID
	}
	return out
}
