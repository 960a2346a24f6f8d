package m365

import (
	"time"

	"licsh/builtins/tenant"
	"licsh/builtins/tenant/catalog"
	"licsh/shell/format"
	"licsh/shell/value"
)

// Type names of the tenant's objects; the formatter picks their views by
// them.
const (
	typeTenant       = "licsh.Tenant"
	typeUser         = "licsh.User"
	typeLicense      = "licsh.License"
	typeSubscription = "licsh.Subscription"
	typeUserLicense  = "licsh.UserLicense"
	typeSkuCatalog   = "licsh.SkuCatalogEntry"
	typeGroup        = "licsh.Group"
	typeRole         = "licsh.RoleAssignment"
	typeUserData     = "licsh.UserData"
	typeAudit        = "licsh.AuditEntry"
	typeRestore      = "licsh.RestoredUser"
)

// views are the default tables, which show what the admin center's pages
// show; every other property stays on the object for Format-List and
// Select-Object.
func views() []format.View {
	return []format.View{
		{TypeName: typeUser, Table: []string{"UserPrincipalName", "DisplayName", "Department", "UsageLocation", "IsLicensed"}},
		{TypeName: typeLicense, Table: []string{"SkuPartNumber", "ProductName", "Total", "Assigned", "Available"}},
		{TypeName: typeSubscription, Table: []string{"SubscriptionId", "SkuPartNumber", "Quantity", "Status", "SelfService"}},
		{TypeName: typeUserLicense, Table: []string{"UserPrincipalName", "SkuPartNumber", "AssignedBy", "State"}},
		{TypeName: typeSkuCatalog, Table: []string{"SkuPartNumber", "ProductName", "SkuId"}},
		{TypeName: typeGroup, Table: []string{"DisplayName", "Licenses", "MemberCount"}},
		{TypeName: typeRole, Table: []string{"Role", "UserPrincipalName", "DisplayName"}},
		{TypeName: typeUserData, Table: []string{"UserPrincipalName", "MailboxState", "MailboxPurgeDate", "OneDriveState", "EDiscoverySearchable"}},
		{TypeName: typeAudit, Table: []string{"Time", "Actor", "Operation", "Target"}},
		{TypeName: typeRestore, Table: []string{"UserPrincipalName", "Restored", "NotRestored"}},
		{TypeName: typeDeletedUser, Table: []string{"UserPrincipalName", "DisplayName", "DeletedDateTime"}},
	}
}

// DateOrNil shows an unset time as $null rather than year 1.
func DateOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// StrList makes a string slice a PowerShell array.
func StrList(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func partNumbers(refs []tenant.LicenseRef) []any {
	out := make([]any, len(refs))
	for i, r := range refs {
		out[i] = r.PartNumber
	}
	return out
}

func skuPartNumbers(refs []tenant.SkuRef) []any {
	out := make([]any, len(refs))
	for i, r := range refs {
		out[i] = r.PartNumber
	}
	return out
}

func tenantObject(in tenant.Info) *value.Object {
	o := value.NewObject(typeTenant)
	o.Set("TenantId", in.TenantID)
	o.Set("Name", in.Name)
	o.Set("DefaultDomain", in.DefaultDomain)
	o.Set("Now", in.Now)
	o.Set("ClockFixed", in.ClockFixed)
	o.Set("ActingAdmin", in.ActingAdmin)
	return o
}

// userShape is the shape of user objects: a command writing many users
// makes it once for them all.
func userShape() *value.Shape {
	return value.NewShape([]string{typeUser}, "Id", "UserPrincipalName", "DisplayName", "GivenName", "Surname", "Mail",
		"Department", "JobTitle", "UsageLocation", "UserType", "AccountEnabled", "OnPremisesSyncEnabled", "IsLicensed",
		"Licenses", "CreatedDateTime", "DeletedDateTime")
}

// userObject is a user as the cmdlets write it, made in shape, which is
// userShape().
func userObject(shape *value.Shape, u tenant.User) *value.Object {
	o := shape.New()
	o.Set("Id", u.ID)
	o.Set("UserPrincipalName", u.UserPrincipalName)
	o.Set("DisplayName", u.DisplayName)
	o.Set("GivenName", u.GivenName)
	o.Set("Surname", u.Surname)
	o.Set("Mail", u.Mail)
	o.Set("Department", u.Department)
	o.Set("JobTitle", u.JobTitle)
	o.Set("UsageLocation", u.UsageLocation)
	o.Set("UserType", u.UserType)
	o.Set("AccountEnabled", u.AccountEnabled)
	o.Set("OnPremisesSyncEnabled", u.OnPremisesSync)
	o.Set("IsLicensed", u.IsLicensed())
	o.Set("Licenses", StrList(u.Licenses))
	o.Set("CreatedDateTime", DateOrNil(u.CreatedDateTime))
	if !u.DeletedDateTime.IsZero() {
		o.Set("DeletedDateTime", u.DeletedDateTime)
	}
	return o
}

func licenseObject(p tenant.Product) *value.Object {
	o := value.NewObject(typeLicense)
	o.Set("SkuPartNumber", p.PartNumber)
	o.Set("ProductName", p.ProductName)
	o.Set("SkuId", p.SkuID)
	o.Set("Total", p.Total)
	o.Set("Assigned", p.Assigned)
	o.Set("Available", p.Available)
	o.Set("Warning", p.Warning)
	o.Set("Suspended", p.Suspended)
	o.Set("SelfService", p.SelfService)
	return o
}

func subscriptionObject(s tenant.Subscription) *value.Object {
	o := value.NewObject(typeSubscription)
	o.Set("SubscriptionId", s.SubscriptionID)
	o.Set("SkuPartNumber", s.PartNumber)
	o.Set("ProductName", s.ProductName)
	o.Set("SkuId", s.SkuID)
	o.Set("Quantity", s.Quantity)
	o.Set("Status", s.Status)
	o.Set("SelfService", s.SelfService)
	o.Set("PurchasedBy", s.PurchasedBy)
	o.Set("CreatedDateTime", DateOrNil(s.CreatedDateTime))
	o.Set("TakenOverDateTime", DateOrNil(s.TakenOver))
	return o
}

func userLicenseObject(a tenant.Assignment) *value.Object {
	o := value.NewObject(typeUserLicense)
	o.Set("UserPrincipalName", a.UserPrincipalName)
	o.Set("SkuPartNumber", a.PartNumber)
	o.Set("ProductName", a.ProductName)
	o.Set("SkuId", a.SkuID)
	o.Set("AssignedBy", a.AssignedBy)
	o.Set("DisabledPlans", StrList(a.DisabledPlans))
	o.Set("State", a.State)
	o.Set("Error", a.Error)
	o.Set("AssignedDateTime", DateOrNil(a.AssignedDateTime))
	return o
}

func skuCatalogObject(p catalog.Product) *value.Object {
	o := value.NewObject(typeSkuCatalog)
	o.Set("SkuPartNumber", p.PartNumber)
	o.Set("ProductName", p.Name)
	o.Set("SkuId", p.SkuID)
	plans := make([]any, len(p.Plans))
	for i, pl := range p.Plans {
		plans[i] = pl.Name
	}
	o.Set("ServicePlans", plans)
	return o
}

func tenantGroupObject(g tenant.Group) *value.Object {
	o := value.NewObject(typeGroup)
	o.Set("Id", g.ID)
	o.Set("DisplayName", g.DisplayName)
	o.Set("Licenses", partNumbers(g.Licenses))
	o.Set("MemberCount", g.MemberCount)
	o.Set("CreatedDateTime", DateOrNil(g.CreatedDateTime))
	return o
}

func roleObject(r tenant.RoleAssignment) *value.Object {
	o := value.NewObject(typeRole)
	o.Set("Role", r.Role)
	o.Set("UserPrincipalName", r.UserPrincipalName)
	o.Set("DisplayName", r.DisplayName)
	o.Set("UserId", r.UserID)
	return o
}

func userDataObject(d tenant.UserData) *value.Object {
	o := value.NewObject(typeUserData)
	o.Set("UserPrincipalName", d.UserPrincipalName)
	o.Set("MailboxState", d.MailboxState)
	o.Set("MailboxType", mailboxType(d))
	o.Set("MailboxPurgeDate", DateOrNil(d.MailboxPurgeDate))
	o.Set("MailboxPurgedDateTime", DateOrNil(d.MailboxPurgedAt))
	o.Set("LitigationHoldEnabled", d.LitigationHold)
	o.Set("EDiscoverySearchable", d.EDiscoverySearchable)
	o.Set("OneDriveState", d.OneDriveState)
	o.Set("OneDriveDeleteDate", DateOrNil(d.OneDriveDeleteDate))
	o.Set("UserId", d.UserID)
	return o
}

// mailboxType is Regular or Shared, or "" for a user who never had a
// mailbox.
func mailboxType(d tenant.UserData) string {
	switch {
	case d.MailboxState == "":
		return ""
	case d.Shared:
		return "Shared"
	}
	return "Regular"
}

func auditObject(e tenant.AuditEntry) *value.Object {
	o := value.NewObject(typeAudit)
	o.Set("Time", e.Time)
	o.Set("Actor", e.Actor)
	o.Set("Operation", e.Operation)
	o.Set("Target", e.Target)
	o.Set("Detail", e.Detail)
	var batch any
	if e.BatchID != 0 {
		batch = e.BatchID
	}
	o.Set("BatchId", batch)
	o.Set("Before", e.Before)
	o.Set("After", e.After)
	return o
}

func restoreObject(r tenant.RestoreResult) *value.Object {
	o := value.NewObject(typeRestore)
	o.Set("UserPrincipalName", r.User.UserPrincipalName)
	o.Set("Id", r.User.ID)
	o.Set("Restored", skuPartNumbers(r.Restored))
	o.Set("NotRestored", skuPartNumbers(r.NotRestored))
	o.Set("MailboxState", r.Data.MailboxState)
	o.Set("OneDriveState", r.Data.OneDriveState)
	return o
}
