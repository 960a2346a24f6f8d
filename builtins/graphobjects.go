package builtins

import (
	"encoding/base64"
	"strings"

	"github.com/google/uuid"

	"licsh/builtins/tenant"
	"licsh/shell/format"
	"licsh/shell/value"
)

// Type names of Graph PowerShell's models.
const (
	typeMgUser            = "Microsoft.Graph.PowerShell.Models.MicrosoftGraphUser"
	typeMgAssignedLicense = "Microsoft.Graph.PowerShell.Models.MicrosoftGraphAssignedLicense"
	typeMgAssignmentState = "Microsoft.Graph.PowerShell.Models.MicrosoftGraphLicenseAssignmentState"
	typeMgSubscribedSku   = "Microsoft.Graph.PowerShell.Models.MicrosoftGraphSubscribedSku"
	typeMgUnitsDetail     = "Microsoft.Graph.PowerShell.Models.MicrosoftGraphLicenseUnitsDetail"
	typeMgServicePlan     = "Microsoft.Graph.PowerShell.Models.MicrosoftGraphServicePlanInfo"
	typeMgLicenseDetails  = "Microsoft.Graph.PowerShell.Models.MicrosoftGraphLicenseDetails"
	typeMgGroup           = "Microsoft.Graph.PowerShell.Models.MicrosoftGraphGroup"
	typeMgDirectoryObject = "Microsoft.Graph.PowerShell.Models.MicrosoftGraphDirectoryObject"
)

// The module's default tables.
func init() {
	for _, v := range []format.View{
		{TypeName: typeMgUser, Table: []string{"DisplayName", "Id", "Mail", "UserPrincipalName"}},
		{TypeName: typeMgSubscribedSku, Table: []string{"AppliesTo", "CapabilityStatus", "ConsumedUnits", "SkuId", "SkuPartNumber"}},
		{TypeName: typeMgLicenseDetails, Table: []string{"Id", "SkuId", "SkuPartNumber"}},
		{TypeName: typeMgGroup, Table: []string{"DisplayName", "Id", "MailNickname", "Description", "GroupTypes"}},
		{TypeName: typeMgDirectoryObject, Table: []string{"Id", "DeletedDateTime"}},
	} {
		format.Register(v)
	}
}

// graphUserDefault are the properties Graph returns when $select names none.
var graphUserDefault = []string{"businessphones", "displayname", "givenname", "jobtitle", "mail", "mobilephone",
	"officelocation", "preferredlanguage", "surname", "userprincipalname", "id"}

// graphUserProps are the user properties licsh fills in, in the order the
// module lists them; every other property of Graph's user type may be
// selected and stays $null.
var graphUserProps = []string{"Id", "AccountEnabled", "AssignedLicenses", "BusinessPhones", "CreatedDateTime",
	"Department", "DisplayName", "GivenName", "JobTitle", "LicenseAssignmentStates", "Mail", "MobilePhone",
	"OfficeLocation", "OnPremisesSyncEnabled", "PreferredLanguage", "Surname", "UsageLocation",
	"UserPrincipalName", "UserType"}

// graphUserOther are properties of Graph's user type that licsh does not
// keep: selecting them is no error.
var graphUserOther = []string{"aboutMe", "ageGroup", "assignedPlans", "birthday", "city", "companyName", "country",
	"creationType", "deletedDateTime", "employeeHireDate", "employeeId", "employeeType", "externalUserState",
	"faxNumber", "identities", "imAddresses", "isResourceAccount", "lastPasswordChangeDateTime", "mailNickname",
	"onPremisesDistinguishedName", "onPremisesDomainName", "onPremisesImmutableId", "onPremisesLastSyncDateTime",
	"onPremisesSamAccountName", "onPremisesSecurityIdentifier", "onPremisesUserPrincipalName", "otherMails",
	"passwordPolicies", "passwordProfile", "postalCode", "preferredDataLocation", "preferredName",
	"provisionedPlans", "proxyAddresses", "securityIdentifier", "showInAddressList", "signInActivity",
	"signInSessionsValidFromDateTime", "state", "streetAddress", "manager", "memberOf"}

// graphSelection reads -Property: names (or comma-separated lists of them)
// of the user type, case-insensitively. None selects Graph's defaults.
func graphSelection(props []string) (map[string]bool, error) {
	sel := map[string]bool{}
	for _, p := range props {
		for _, name := range strings.Split(p, ",") {
			name = strings.TrimSpace(name)
			if name == "" {
				continue
			}
			key := strings.ToLower(name)
			if !isGraphUserProperty(key) {
				return nil, graphRequestError("Could not find a property named '" + name + "' on type 'microsoft.graph.user'.")
			}
			sel[key] = true
		}
	}
	if len(sel) == 0 {
		for _, k := range graphUserDefault {
			sel[k] = true
		}
	}
	// Graph returns the id whatever $select says.
	sel["id"] = true
	return sel, nil
}

func isGraphUserProperty(key string) bool {
	if key == "*" {
		return false
	}
	for _, p := range graphUserProps {
		if strings.ToLower(p) == key {
			return true
		}
	}
	for _, p := range graphUserOther {
		if strings.ToLower(p) == key {
			return true
		}
	}
	return false
}

// graphUser is a user as Graph returns it: the selected properties filled
// in, the others $null (collections empty), as the module's model shows.
func graphUser(u tenant.User, sel map[string]bool, lic []tenant.Assignment) *modelObject {
	vals := map[string]any{
		"Id": u.ID, "AccountEnabled": u.AccountEnabled, "CreatedDateTime": dateOrNil(u.CreatedDateTime),
		"Department": u.Department, "DisplayName": u.DisplayName, "GivenName": u.GivenName,
		"JobTitle": u.JobTitle, "Mail": u.Mail, "OnPremisesSyncEnabled": u.OnPremisesSync, "Surname": u.Surname,
		"UsageLocation": u.UsageLocation, "UserPrincipalName": u.UserPrincipalName, "UserType": u.UserType,
		"AssignedLicenses": graphAssignedLicenses(lic), "LicenseAssignmentStates": graphAssignmentStates(lic),
		"BusinessPhones": []any{},
	}
	m := newModel(typeMgUser)
	for _, name := range graphUserProps {
		v := vals[name]
		if !sel[strings.ToLower(name)] {
			v = nil
			if name == "BusinessPhones" || name == "AssignedLicenses" || name == "LicenseAssignmentStates" {
				v = []any{}
			}
		} else if s, ok := v.(string); ok && s == "" {
			v = nil
		}
		m.set(name, v)
	}
	m.set("AdditionalProperties", value.NewHashtable())
	return m
}

// graphAssignedLicenses are the products a user holds, each once however
// many ways it is assigned, with the plans disabled in it.
func graphAssignedLicenses(lic []tenant.Assignment) []any {
	out := []any{}
	seen := map[string]bool{}
	for _, a := range lic {
		if seen[a.SkuID] || a.State != "Active" {
			continue
		}
		seen[a.SkuID] = true
		out = append(out, assignedLicenseObject(typeMgAssignedLicense, a.SkuID, a.DisabledPlans))
	}
	return out
}

func assignedLicenseObject(typeName, skuID string, disabled []string) *modelObject {
	m := newModel(typeName)
	m.set("DisabledPlans", strList(disabled))
	m.set("SkuId", skuID)
	if typeName == typeMgAssignedLicense {
		m.set("AdditionalProperties", value.NewHashtable())
	}
	m.text = skuID
	return m
}

// graphAssignmentStates are a user's assignments one by one: direct ones
// with AssignedByGroup $null, inherited ones with the group's id.
func graphAssignmentStates(lic []tenant.Assignment) []any {
	out := []any{}
	for _, a := range lic {
		m := newModel(typeMgAssignmentState)
		var group any
		if a.GroupID != "" {
			group = a.GroupID
		}
		errText := a.Error
		if errText == "" {
			errText = "None"
		}
		m.set("AssignedByGroup", group)
		m.set("DisabledPlans", strList(a.DisabledPlans))
		m.set("Error", errText)
		m.set("LastUpdatedDateTime", dateOrNil(a.AssignedDateTime))
		m.set("SkuId", a.SkuID)
		m.set("State", a.State)
		m.set("AdditionalProperties", value.NewHashtable())
		out = append(out, m)
	}
	return out
}

// capabilityStatus is Graph's status of a product: Enabled while it has an
// enabled unit, else the state its units are in.
func capabilityStatus(p tenant.Product) string {
	switch {
	case p.Total > 0:
		return tenant.StatusEnabled
	case p.Warning > 0:
		return tenant.StatusWarning
	case p.Suspended > 0:
		return tenant.StatusSuspended
	}
	return tenant.StatusLockedOut
}

// servicePlanObject is one service plan of a product.
func servicePlanObject(plan planInfo, status string) *modelObject {
	m := newModel(typeMgServicePlan)
	m.set("AppliesTo", "User")
	m.set("ProvisioningStatus", status)
	m.set("ServicePlanId", plan.id)
	m.set("ServicePlanName", plan.name)
	m.set("AdditionalProperties", value.NewHashtable())
	m.text = plan.name
	return m
}

// planInfo is a service plan's id and name.
type planInfo struct{ id, name string }

func productPlans(p tenant.Product) []planInfo {
	out := make([]planInfo, len(p.Plans))
	for i, pl := range p.Plans {
		out[i] = planInfo{pl.ID, pl.Name}
	}
	return out
}

// subscribedSkuObject is a product as Get-MgSubscribedSku shows it.
func subscribedSkuObject(info tenant.Info, p tenant.Product, subs []tenant.Subscription) *modelObject {
	units := newModel(typeMgUnitsDetail)
	units.set("Enabled", p.Total)
	units.set("LockedOut", p.LockedOut)
	units.set("Suspended", p.Suspended)
	units.set("Warning", p.Warning)
	units.set("AdditionalProperties", value.NewHashtable())
	var plans []any
	for _, pl := range productPlans(p) {
		plans = append(plans, servicePlanObject(pl, "Success"))
	}
	var ids []any
	for _, s := range subs {
		if s.SkuID == p.SkuID {
			ids = append(ids, s.SubscriptionID)
		}
	}
	m := newModel(typeMgSubscribedSku)
	m.set("AccountId", info.TenantID)
	m.set("AccountName", strings.ToLower(info.Name))
	m.set("AppliesTo", "User")
	m.set("CapabilityStatus", capabilityStatus(p))
	m.set("ConsumedUnits", p.Assigned)
	m.set("Id", info.TenantID+"_"+p.SkuID)
	m.set("PrepaidUnits", units)
	m.set("ServicePlans", orEmpty(plans))
	m.set("SkuId", p.SkuID)
	m.set("SkuPartNumber", p.PartNumber)
	m.set("SubscriptionIds", orEmpty(ids))
	m.set("AdditionalProperties", value.NewHashtable())
	return m
}

func orEmpty(items []any) []any {
	if items == nil {
		return []any{}
	}
	return items
}

// licenseDetailObject is one product a user holds, as
// Get-MgUserLicenseDetail shows it: every plan, Success or Disabled.
func licenseDetailObject(userID string, p tenant.Product, disabled []string) *modelObject {
	off := map[string]bool{}
	for _, d := range disabled {
		off[d] = true
	}
	var plans []any
	for _, pl := range productPlans(p) {
		status := "Success"
		if off[pl.id] {
			status = "Disabled"
		}
		plans = append(plans, servicePlanObject(pl, status))
	}
	m := newModel(typeMgLicenseDetails)
	m.set("Id", licenseDetailID(userID, p.SkuID))
	m.set("ServicePlans", orEmpty(plans))
	m.set("SkuId", p.SkuID)
	m.set("SkuPartNumber", p.PartNumber)
	m.set("AdditionalProperties", value.NewHashtable())
	return m
}

// licenseDetailID is an opaque, stable id of a user's license, shaped like
// Graph's (43 URL-safe base64 characters).
func licenseDetailID(userID, skuID string) string {
	u, _ := uuid.Parse(userID)
	k, _ := uuid.Parse(skuID)
	return base64.RawURLEncoding.EncodeToString(append(u[:], k[:]...))
}

// directoryObject is a user as a directory object: Graph's answer for group
// members and deleted items, with the user's properties in
// AdditionalProperties.
func directoryObject(u tenant.User) *modelObject {
	extra := value.NewHashtable()
	extra.Set("@odata.type", "#microsoft.graph.user")
	extra.Set("displayName", u.DisplayName)
	extra.Set("userPrincipalName", u.UserPrincipalName)
	extra.Set("mail", nilIfEmpty(u.Mail))
	m := newModel(typeMgDirectoryObject)
	m.set("Id", u.ID)
	m.set("DeletedDateTime", dateOrNil(u.DeletedDateTime))
	m.set("AdditionalProperties", extra)
	return m
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// graphGroupObject is a group as Get-MgGroup shows it: a security group,
// with the licenses it assigns.
func graphGroupObject(g tenant.Group) *modelObject {
	var lic []any
	for _, l := range g.Licenses {
		lic = append(lic, assignedLicenseObject(typeMgAssignedLicense, l.SkuID, l.DisabledPlans))
	}
	m := newModel(typeMgGroup)
	m.set("Id", g.ID)
	m.set("AssignedLicenses", orEmpty(lic))
	m.set("CreatedDateTime", dateOrNil(g.CreatedDateTime))
	m.set("Description", nil)
	m.set("DisplayName", g.DisplayName)
	m.set("GroupTypes", []any{})
	m.set("Mail", nil)
	m.set("MailEnabled", false)
	m.set("MailNickname", strings.ReplaceAll(g.DisplayName, " ", ""))
	m.set("SecurityEnabled", true)
	m.set("AdditionalProperties", value.NewHashtable())
	return m
}

// productsByID indexes products by SKU id.
func productsByID(ps []tenant.Product) map[string]tenant.Product {
	out := make(map[string]tenant.Product, len(ps))
	for _, p := range ps {
		out[p.SkuID] = p
	}
	return out
}
