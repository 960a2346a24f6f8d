package azuread

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"licsh/builtins/compat"
	"licsh/builtins/m365"
	"licsh/builtins/tenant"
	"licsh/builtins/tenant/catalog"
	"licsh/shell/cmdlet"
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

// moduleName is the module's name, which Get-Command shows as Source.
const moduleName = "AzureAD"

// Module is the AzureAD module, on the tenant of ts. Scripts make its
// license objects with New-Object, so it gives New-Object their types; a
// new AssignedLicense shows its type name until its SkuId is set.
func Module(ts *m365.Session) *interp.Module {
	return &interp.Module{Name: moduleName, Version: "2.0.2.182",
		Description: "Azure Active Directory: users, licenses, groups, directory roles and the tenant, as the retired AzureAD module had them.",
		Cmdlets:     cmdlets(ts),
		Views: []format.View{
			{TypeName: typeAADUser, Table: []string{"ObjectId", "DisplayName", "UserPrincipalName", "UserType"}},
			{TypeName: typeAADSubscribedSku, Table: []string{"ObjectId", "SkuPartNumber", "PrepaidUnits", "ConsumedUnits"}},
			{TypeName: typeAADConnection, Table: []string{"Account", "Environment", "TenantId", "TenantDomain", "AccountType"}},
			{TypeName: typeAADGroup, Table: []string{"ObjectId", "DisplayName", "Description"}},
			{TypeName: typeAADDirectoryRole, Table: []string{"ObjectId", "DisplayName", "Description"}},
			{TypeName: typeAADTenantDetail, Table: []string{"ObjectId", "DisplayName", "VerifiedDomains"}},
			{TypeName: typeAADLicenseDetail, Table: []string{"ObjectId", "SkuId", "SkuPartNumber"}},
		},
		Types: map[string]func([]any) (any, error){
			typeAADAssignedLicense: func([]any) (any, error) {
				return compat.NewModel(typeAADAssignedLicense).Set("DisabledPlans", nil).Set("SkuId", nil), nil
			},
			typeAADAssignedLicenses: func([]any) (any, error) {
				return compat.NewModel(typeAADAssignedLicenses).Set("AddLicenses", nil).Set("RemoveLicenses", nil), nil
			},
			typeAADPasswordProfile: newPasswordProfile,
		}}
}

// azureADModule holds the AzureAD module's cmdlets.
type azureADModule struct {
	conn *compat.Conn
}

func cmdlets(ts *m365.Session) []*cmdlet.Cmdlet {
	a := &azureADModule{conn: compat.NewConn(ts, dialect{})}
	objectID := func(mandatory bool) *cmdlet.Param {
		return &cmdlet.Param{Name: "ObjectId", Aliases: []string{"UserPrincipalName", "Id"}, Type: cmdlet.String, Position: 1, Mandatory: mandatory,
			ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompleteUser, Help: "The user's object id or user principal name."}
	}
	return append([]*cmdlet.Cmdlet{
		{
			Name:        "Connect-AzureAD",
			Module:      moduleName,
			Synopsis:    "Signs in to AzureAD: here, to the local tenant as the session's account or the one named.",
			Description: "Connect-AzureAD connects the AzureAD cmdlets and outputs the connection, so that AzureAD scripts run unchanged. With -AccountId or -Credential it signs the whole session in as that account (as Connect-Tenant does), whose admin roles decide what may be changed; without them it keeps the account the session acts as. An account the tenant does not have fails as Microsoft's sign-in does and leaves the session signed out, so that nothing is changed as an admin by mistake.",
			Params: []*cmdlet.Param{
				{Name: "Credential", Type: cmdlet.Object, Help: "A credential (or a user name) whose user to sign in as; the password is not checked."},
				{Name: "TenantId", Type: cmdlet.String, Help: "Accepted for compatibility: the session's tenant is the tenant file's."},
				{Name: "AccountId", Type: cmdlet.String, Complete: cmdlet.CompleteUser, Help: "The user principal name to sign in as."},
				{Name: "AzureEnvironmentName", Type: cmdlet.String, Help: "Accepted for compatibility."},
				{Name: "CertificateThumbprint", Type: cmdlet.String, Help: "Accepted for compatibility."},
				{Name: "ApplicationId", Type: cmdlet.String, Help: "Accepted for compatibility."},
				{Name: "AadAccessToken", Type: cmdlet.String, Help: "Accepted for compatibility."},
			},
			Examples: []cmdlet.Example{
				{Code: "Connect-AzureAD", Remarks: "Connects as the session's account."},
				{Code: "Connect-AzureAD -AccountId lina.lopez@contoso.com", Remarks: "Signs in as a License Administrator."},
			},
			Process: a.connect,
		},
		{
			Name:        "Disconnect-AzureAD",
			Module:      moduleName,
			Synopsis:    "Signs out of AzureAD.",
			Description: "Disconnect-AzureAD signs the AzureAD cmdlets out: they refuse until Connect-AzureAD runs again. The session's account is unchanged for licsh's own cmdlets and the other modules.",
			Examples:    []cmdlet.Example{{Code: "Disconnect-AzureAD", Remarks: "Signs out at the end of a script."}},
			Process: func(c cmdlet.Call) error {
				a.conn.Disconnect()
				return nil
			},
		},
		{
			Name:        "Get-AzureADUser",
			Module:      moduleName,
			Synopsis:    "Gets users, as AzureAD's Get-AzureADUser does.",
			Description: "Get-AzureADUser returns one user (-ObjectId, a UPN or object id) or lists users: 100 unless -All $true or -Top. -Filter takes the OData subset Get-MgUser takes.",
			Params: []*cmdlet.Param{
				objectID(false),
				{Name: "All", Type: cmdlet.Bool, Help: "$true for every user."},
				{Name: "Top", Type: cmdlet.Int, Help: "At most this many users."},
				{Name: "Filter", Type: cmdlet.String, Help: "An OData filter."},
				{Name: "SearchString", Type: cmdlet.String, Help: "Users whose sign-in name starts with this."},
			},
			Examples: []cmdlet.Example{{Code: "Get-AzureADUser -ObjectId adele.garcia@contoso.com", Remarks: "A user."}},
			Process:  a.getUser,
		},
		{
			Name:        "Get-AzureADSubscribedSku",
			Module:      moduleName,
			Synopsis:    "Gets the tenant's products, as AzureAD's Get-AzureADSubscribedSku does.",
			Description: "Get-AzureADSubscribedSku outputs one object per product: ObjectId (<tenantId>_<skuId>), SkuId, SkuPartNumber, ConsumedUnits, PrepaidUnits, ServicePlans.",
			Params:      []*cmdlet.Param{{Name: "ObjectId", Type: cmdlet.String, Help: "One product, by its ObjectId."}},
			Examples:    []cmdlet.Example{{Code: "Get-AzureADSubscribedSku | Select SkuPartNumber, ConsumedUnits", Remarks: "Seats used per product."}},
			Process:     a.subscribedSku,
		},
		{
			Name:        "Set-AzureADUser",
			Module:      moduleName,
			Synopsis:    "Changes a user's properties, as AzureAD's Set-AzureADUser does.",
			Description: "Set-AzureADUser changes the given properties of a user.",
			Params: []*cmdlet.Param{
				objectID(true),
				{Name: "UsageLocation", Type: cmdlet.String, Help: "A two-letter country code."},
				{Name: "Department", Type: cmdlet.String, Help: "The department."},
				{Name: "DisplayName", Type: cmdlet.String, Help: "The display name."},
				{Name: "JobTitle", Type: cmdlet.String, Help: "The job title."},
				{Name: "GivenName", Type: cmdlet.String, Help: "The first name."},
				{Name: "Surname", Type: cmdlet.String, Help: "The last name."},
				{Name: "AccountEnabled", Type: cmdlet.Bool, Help: "$false blocks sign-in."},
			},
			Examples: []cmdlet.Example{{Code: "Set-AzureADUser -ObjectId adele.garcia@contoso.com -UsageLocation US", Remarks: "Sets a usage location."}},
			Process:  a.setUser,
		},
		{
			Name:        "Set-AzureADUserLicense",
			Module:      moduleName,
			Synopsis:    "Assigns and removes a user's licenses, as AzureAD's Set-AzureADUserLicense does.",
			Description: "Set-AzureADUserLicense applies an AssignedLicenses object (New-Object Microsoft.Open.AzureAD.Model.AssignedLicenses) to one user atomically: its AddLicenses (AssignedLicense objects with SkuId and DisabledPlans) and RemoveLicenses (SKU GUIDs).",
			Params: []*cmdlet.Param{
				objectID(true),
				{Name: "AssignedLicenses", Type: cmdlet.Object, Mandatory: true, Help: "The licenses to add and remove."},
			},
			Examples: []cmdlet.Example{{Code: "$license = New-Object -TypeName Microsoft.Open.AzureAD.Model.AssignedLicense\n$license.SkuId = (Get-AzureADSubscribedSku | Where-Object SkuPartNumber -eq 'SPE_E5').SkuId\n$licenses = New-Object -TypeName Microsoft.Open.AzureAD.Model.AssignedLicenses\n$licenses.AddLicenses = $license\nSet-AzureADUserLicense -ObjectId adele.garcia@contoso.com -AssignedLicenses $licenses", Remarks: "Applies the changes."}},
			Process:  a.setUserLicense,
		},
	}, slices.Concat(a.directoryCmdlets(), a.userCmdlets(), a.groupCmdlets(), a.tenantCmdlets())...)
}

// dialect is how AzureAD words its errors: the whole service answer in the
// exception message.
type dialect struct{}

func (dialect) NotConnected(c cmdlet.Call, _ string) error {
	rec := interp.NewError("Microsoft.Open.Azure.AD.CommonLibrary.AadNeedAuthenticationException,Microsoft.Open.AzureAD16.PowerShell."+aadClass(c.Cmdlet().Name),
		"AuthenticationError", nil, "You must call the Connect-AzureAD cmdlet before calling any other cmdlets.")
	rec.Exception.Type = "Microsoft.Open.Azure.AD.CommonLibrary.AadNeedAuthenticationException"
	return rec
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

func (dialect) Record(c cmdlet.Call, _ string, err error, target any, now time.Time) error {
	var rec *interp.ErrorRecord
	if errors.As(err, &rec) {
		return rec
	}
	status, reason := tenant.GraphStatus(err)
	desc := map[int]string{400: "Bad Request", 403: "Forbidden", 404: "Not Found"}[status]
	msg := fmt.Sprintf("Error occurred while executing %s \nCode: %s\nMessage: %s\nRequestId: %s\nDateTimeStamp: %s\nHttpStatusCode: %s\nHttpStatusDescription: %s\nHttpResponseStatus: Completed\n",
		aadClass(c.Cmdlet().Name), tenant.GraphErrorCode(err), err.Error(), uuid.NewString(), now.UTC().Format(time.RFC1123), reason, desc)
	rec = interp.NewError("Microsoft.Open.AzureAD16.Client.ApiException,Microsoft.Open.AzureAD16.PowerShell."+aadClass(c.Cmdlet().Name),
		"NotSpecified", target, msg)
	rec.Exception.Type = "Microsoft.Open.AzureAD16.Client.ApiException"
	return rec
}

// SignInFailed words a failed sign-in as Microsoft's sign-in service
// answers AzureAD for an account its directory does not have.
func (dialect) SignInFailed(_ cmdlet.Call, account string, err error, info tenant.Info) error {
	msg := err.Error()
	if account != "" && tenant.IsCode(err, tenant.CodeUserNotFound) {
		msg = fmt.Sprintf("One or more errors occurred.: AADSTS50034: The user account {EmailHidden} does not exist in the %s directory. To sign into this application, the account must be added to the directory.\nTrace ID: %s\nCorrelation ID: %s\nTimestamp: %s",
			info.DefaultDomain, uuid.NewString(), uuid.NewString(), info.Now.UTC().Format("2006-01-02 15:04:05Z"))
	}
	rec := interp.NewError("Connect-AzureAD,Microsoft.Open.Azure.AD.CommonLibrary.ConnectAzureAD", "AuthenticationError", nil, msg)
	rec.Exception.Type = "Microsoft.Open.Azure.AD.CommonLibrary.AadAuthenticationFailedException"
	return rec
}

func (a *azureADModule) connect(c cmdlet.Call) error {
	account := compat.CredentialUser(c.Get("Credential"))
	if account == "" {
		account = c.String("AccountId")
	}
	st, admin, err := a.conn.Connect(c, account)
	if st == nil {
		return err
	}
	info, err := st.Info(c.Context())
	if err != nil {
		return m365.Fail(c, err, nil)
	}
	o := compat.NewModel(typeAADConnection)
	o.Set("Account", admin.UserPrincipalName)
	o.Set("Environment", "AzureCloud")
	o.Set("TenantId", info.TenantID)
	o.Set("TenantDomain", info.DefaultDomain)
	o.Set("AccountType", "User")
	return c.Write(o)
}

// aadUser is a user as AzureAD shows it: AssignedPlans are the enabled
// service plans of the products the user holds, from products.
func aadUser(u tenant.User, lic []tenant.Assignment, products map[string]tenant.Product) *compat.Model {
	var assigned, plans []any
	seen := map[string]bool{}
	for _, l := range lic {
		if seen[l.SkuID] || l.State != "Active" {
			continue
		}
		seen[l.SkuID] = true
		assigned = append(assigned, compat.AssignedLicense(typeAADAssignedLicense, l.SkuID, l.DisabledPlans))
		for _, pl := range products[l.SkuID].Plans {
			if !slices.Contains(l.DisabledPlans, pl.ID) {
				plans = append(plans, aadAssignedPlan(m365.DateOrNil(l.AssignedDateTime), "Enabled", pl.Name, pl.ID))
			}
		}
	}
	o := compat.NewModel(typeAADUser)
	o.Set("ObjectId", u.ID)
	o.Set("ObjectType", "User")
	o.Set("AccountEnabled", u.AccountEnabled)
	o.Set("AssignedLicenses", compat.OrEmpty(assigned))
	o.Set("AssignedPlans", compat.OrEmpty(plans))
	o.Set("Department", compat.NilIfEmpty(u.Department))
	o.Set("DirSyncEnabled", nil)
	o.Set("DisplayName", u.DisplayName)
	o.Set("GivenName", compat.NilIfEmpty(u.GivenName))
	o.Set("JobTitle", compat.NilIfEmpty(u.JobTitle))
	o.Set("Mail", compat.NilIfEmpty(u.Mail))
	o.Set("Surname", compat.NilIfEmpty(u.Surname))
	o.Set("UsageLocation", compat.NilIfEmpty(u.UsageLocation))
	o.Set("UserPrincipalName", u.UserPrincipalName)
	o.Set("UserType", u.UserType)
	return o
}

// aadUserPage is how many users Get-AzureADUser returns without -All.
const aadUserPage = 100

func (a *azureADModule) getUser(c cmdlet.Call) error {
	st, err := a.conn.Open(c, "")
	if st == nil {
		return err
	}
	ctx := c.Context()
	products, err := productsByID(ctx, st)
	if err != nil {
		return a.conn.Fail(c, "", err, nil)
	}
	if id := c.String("ObjectId"); id != "" {
		u, err := st.GetUser(ctx, id)
		if err != nil {
			return a.conn.Fail(c, "", err, id)
		}
		lic, err := st.UserLicenses(ctx, u.ID)
		if err != nil {
			return a.conn.Fail(c, "", err, id)
		}
		return c.Write(aadUser(u, lic, products))
	}
	var q *tenant.Query
	if c.Bound("Filter") {
		if q, err = tenant.ParseUserFilter(c.String("Filter")); err != nil {
			return a.conn.Fail(c, "", err, nil)
		}
	}
	if s := c.String("SearchString"); s != "" {
		sq, err := tenant.ParseUserFilter("startswith(userPrincipalName,'" + strings.ReplaceAll(s, "'", "''") + "') or startswith(displayName,'" + strings.ReplaceAll(s, "'", "''") + "')")
		if err != nil {
			return a.conn.Fail(c, "", err, nil)
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
		return a.conn.Fail(c, "", err, nil)
	}
	byUser := map[string][]tenant.Assignment{}
	for _, l := range all {
		byUser[l.UserID] = append(byUser[l.UserID], l)
	}
	err = st.EachUser(ctx, tenant.UserFilter{Query: q, Top: top}, func(u tenant.User) error {
		return c.Write(aadUser(u, byUser[u.ID], products))
	})
	if err != nil {
		return a.conn.Fail(c, "", err, nil)
	}
	return nil
}

func (a *azureADModule) subscribedSku(c cmdlet.Call) error {
	st, err := a.conn.Open(c, "")
	if st == nil {
		return err
	}
	ctx := c.Context()
	info, err := st.Info(ctx)
	if err != nil {
		return a.conn.Fail(c, "", err, nil)
	}
	products, err := st.Products(ctx)
	if err != nil {
		return a.conn.Fail(c, "", err, nil)
	}
	want := c.String("ObjectId")
	for _, p := range products {
		id := info.TenantID + "_" + p.SkuID
		if want != "" && !strings.EqualFold(want, id) {
			continue
		}
		units := compat.NewModel("Microsoft.Open.AzureAD.Model.LicenseUnitsDetail")
		units.Set("Enabled", p.EnabledUnits())
		units.Set("Suspended", p.Suspended)
		units.Set("Warning", p.Warning)
		units.Text = fmt.Sprintf("class LicenseUnitsDetail {\n  Enabled: %d\n  Suspended: %d\n  Warning: %d\n}\n", p.EnabledUnits(), p.Suspended, p.Warning)
		var plans []any
		for _, pl := range p.Plans {
			sp := compat.NewModel("Microsoft.Open.AzureAD.Model.ServicePlanInfo")
			sp.Set("AppliesTo", "User")
			sp.Set("ProvisioningStatus", "Success")
			sp.Set("ServicePlanId", pl.ID)
			sp.Set("ServicePlanName", pl.Name)
			plans = append(plans, sp)
		}
		o := compat.NewModel(typeAADSubscribedSku)
		o.Set("ObjectId", id)
		o.Set("SkuId", p.SkuID)
		o.Set("SkuPartNumber", p.PartNumber)
		o.Set("AppliesTo", "User")
		o.Set("CapabilityStatus", p.CapabilityStatus())
		o.Set("ConsumedUnits", p.Assigned)
		o.Set("PrepaidUnits", units)
		o.Set("ServicePlans", compat.OrEmpty(plans))
		if err := c.Write(o); err != nil {
			return err
		}
	}
	return nil
}

func (a *azureADModule) setUser(c cmdlet.Call) error {
	st, err := a.conn.Open(c, "")
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
		return a.conn.Fail(c, "", err, id)
	}
	return nil
}

func (a *azureADModule) setUserLicense(c cmdlet.Call) error {
	st, err := a.conn.Open(c, "")
	if st == nil {
		return err
	}
	id := c.String("ObjectId")
	lic := c.Get("AssignedLicenses")
	addV, _ := value.GetMember(lic, "AddLicenses")
	removeV, _ := value.GetMember(lic, "RemoveLicenses")
	var add []tenant.AddLicense
	for _, it := range cmdlet.Items(addV) {
		if it == nil {
			continue
		}
		sku, _ := value.GetMember(it, "SkuId")
		dp, _ := value.GetMember(it, "DisabledPlans")
		add = append(add, tenant.AddLicense{SkuID: value.ToString(sku), DisabledPlans: compat.Strings(dp)})
	}
	var remove []string
	for _, it := range cmdlet.Items(removeV) {
		if it == nil {
			continue
		}
		remove = append(remove, value.ToString(it))
	}
	for _, s := range append(compat.SkuIDs(add), remove...) {
		if _, ok := catalog.NormalizeGUID(s); !ok {
			return a.conn.Fail(c, "", tenant.GraphRequestError("Invalid value specified for property 'skuId' of resource 'AssignedLicense'."), id)
		}
	}
	if _, err := st.SetUserLicenseStrict(c.Context(), id, add, remove); err != nil {
		return a.conn.Fail(c, "", err, id)
	}
	return nil
}
