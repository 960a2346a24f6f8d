package graph

import (
	"strings"

	"licsh/builtins/compat"
	"licsh/builtins/m365"
	"licsh/builtins/tenant"
	"licsh/builtins/tenant/catalog"
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
			if _, ok := tenant.LookupUserProperty(name); !ok {
				return nil, tenant.GraphRequestError(tenant.ErrNoProperty(name).Message)
			}
			sel[strings.ToLower(name)] = true
		}
	}
	if len(sel) == 0 {
		for _, p := range tenant.UserProperties() {
			if p.Default {
				sel[strings.ToLower(p.Name)] = true
			}
		}
	}
	// Graph returns the id whatever $select says.
	sel["id"] = true
	return sel, nil
}

// graphUser is a user as Graph returns it: the selected properties filled
// in, the others $null (collections empty), as the module's model shows.
func graphUser(u tenant.User, sel map[string]bool, lic []tenant.Assignment) *compat.Model {
	vals := map[string]any{
		"Id": u.ID, "AccountEnabled": u.AccountEnabled, "CreatedDateTime": m365.DateOrNil(u.CreatedDateTime),
		"Department": u.Department, "DisplayName": u.DisplayName, "GivenName": u.GivenName,
		"JobTitle": u.JobTitle, "Mail": u.Mail, "OnPremisesSyncEnabled": u.OnPremisesSync, "Surname": u.Surname,
		"UsageLocation": u.UsageLocation, "UserPrincipalName": u.UserPrincipalName, "UserType": u.UserType,
		"AssignedLicenses": graphAssignedLicenses(lic), "LicenseAssignmentStates": graphAssignmentStates(lic),
		"BusinessPhones": []any{},
	}
	m := compat.NewModel(typeMgUser)
	for _, p := range tenant.UserProperties() {
		if !p.Kept {
			continue
		}
		name := strings.ToUpper(p.Name[:1]) + p.Name[1:]
		v := vals[name]
		if !sel[strings.ToLower(name)] {
			v = nil
			if name == "BusinessPhones" || name == "AssignedLicenses" || name == "LicenseAssignmentStates" {
				v = []any{}
			}
		} else if s, ok := v.(string); ok && s == "" {
			v = nil
		}
		m.Set(name, v)
	}
	m.Set("AdditionalProperties", value.NewHashtable())
	return m
}

// graphAssignedLicenses are the products a user holds, each once however
// many ways it is assigned, with the plans disabled in it.
func graphAssignedLicenses(lic []tenant.Assignment) []any {
	out := []any{}
	for _, a := range tenant.AssignedLicenses(lic) {
		out = append(out, graphAssignedLicense(a.SkuID, a.DisabledPlans))
	}
	return out
}

// graphAssignmentStates are a user's assignments one by one: direct ones
// with AssignedByGroup $null, inherited ones with the group's id.
func graphAssignmentStates(lic []tenant.Assignment) []any {
	out := []any{}
	for _, a := range lic {
		m := compat.NewModel(typeMgAssignmentState)
		var group any
		if a.GroupID != "" {
			group = a.GroupID
		}
		errText := a.Error
		if errText == "" {
			errText = "None"
		}
		m.Set("AssignedByGroup", group)
		m.Set("DisabledPlans", m365.StrList(a.DisabledPlans))
		m.Set("Error", errText)
		m.Set("LastUpdatedDateTime", m365.DateOrNil(a.AssignedDateTime))
		m.Set("SkuId", a.SkuID)
		m.Set("State", a.State)
		m.Set("AdditionalProperties", value.NewHashtable())
		out = append(out, m)
	}
	return out
}

// servicePlanObject is one service plan of a product.
func servicePlanObject(plan catalog.Plan, status string) *compat.Model {
	m := compat.NewModel(typeMgServicePlan)
	m.Set("AppliesTo", "User")
	m.Set("ProvisioningStatus", status)
	m.Set("ServicePlanId", plan.ID)
	m.Set("ServicePlanName", plan.Name)
	m.Set("AdditionalProperties", value.NewHashtable())
	m.Text = plan.Name
	return m
}

// subscribedSkuObject is a product as Get-MgSubscribedSku shows it.
func subscribedSkuObject(info tenant.Info, p tenant.Product, subs []tenant.Subscription) *compat.Model {
	units := compat.NewModel(typeMgUnitsDetail)
	units.Set("Enabled", p.EnabledUnits())
	units.Set("LockedOut", p.LockedOut)
	units.Set("Suspended", p.Suspended)
	units.Set("Warning", p.Warning)
	units.Set("AdditionalProperties", value.NewHashtable())
	var plans []any
	for _, pl := range p.Plans {
		plans = append(plans, servicePlanObject(pl, "Success"))
	}
	var ids []any
	for _, s := range subs {
		if s.SkuID == p.SkuID {
			ids = append(ids, s.SubscriptionID)
		}
	}
	m := compat.NewModel(typeMgSubscribedSku)
	m.Set("AccountId", info.TenantID)
	m.Set("AccountName", strings.ToLower(info.Name))
	m.Set("AppliesTo", "User")
	m.Set("CapabilityStatus", p.CapabilityStatus())
	m.Set("ConsumedUnits", p.Assigned)
	m.Set("Id", info.TenantID+"_"+p.SkuID)
	m.Set("PrepaidUnits", units)
	m.Set("ServicePlans", compat.OrEmpty(plans))
	m.Set("SkuId", p.SkuID)
	m.Set("SkuPartNumber", p.PartNumber)
	m.Set("SubscriptionIds", compat.OrEmpty(ids))
	m.Set("AdditionalProperties", value.NewHashtable())
	return m
}

// licenseDetailObject is one product a user holds, as
// Get-MgUserLicenseDetail shows it: every plan, Success or Disabled.
func licenseDetailObject(userID string, p tenant.Product, disabled []string) *compat.Model {
	off := map[string]bool{}
	for _, d := range disabled {
		off[d] = true
	}
	var plans []any
	for _, pl := range p.Plans {
		status := "Success"
		if off[pl.ID] {
			status = "Disabled"
		}
		plans = append(plans, servicePlanObject(pl, status))
	}
	m := compat.NewModel(typeMgLicenseDetails)
	m.Set("Id", tenant.LicenseDetailID(userID, p.SkuID))
	m.Set("ServicePlans", compat.OrEmpty(plans))
	m.Set("SkuId", p.SkuID)
	m.Set("SkuPartNumber", p.PartNumber)
	m.Set("AdditionalProperties", value.NewHashtable())
	return m
}

// directoryObject is a user as a directory object: Graph's answer for group
// members and deleted items, with the user's properties in
// AdditionalProperties.
func directoryObject(u tenant.User) *compat.Model {
	extra := value.NewHashtable()
	extra.Set("@odata.type", "#microsoft.graph.user")
	extra.Set("displayName", u.DisplayName)
	extra.Set("userPrincipalName", u.UserPrincipalName)
	extra.Set("mail", compat.NilIfEmpty(u.Mail))
	m := compat.NewModel(typeMgDirectoryObject)
	m.Set("Id", u.ID)
	m.Set("DeletedDateTime", m365.DateOrNil(u.DeletedDateTime))
	m.Set("AdditionalProperties", extra)
	return m
}

// graphGroupObject is a group as Get-MgGroup shows it, with the licenses
// it assigns: a Microsoft 365 group's GroupTypes is Unified, and a
// mail-enabled group has its address.
func graphGroupObject(g tenant.Group) *compat.Model {
	var lic []any
	for _, l := range g.Licenses {
		lic = append(lic, graphAssignedLicense(l.SkuID, l.DisabledPlans))
	}
	m := compat.NewModel(typeMgGroup)
	m.Set("Id", g.ID)
	m.Set("AssignedLicenses", compat.OrEmpty(lic))
	m.Set("CreatedDateTime", m365.DateOrNil(g.CreatedDateTime))
	m.Set("Description", nil)
	m.Set("DisplayName", g.DisplayName)
	groupTypes := []any{}
	if g.Kind == tenant.GroupMicrosoft365 {
		groupTypes = []any{"Unified"}
	}
	nickname := g.MailNickname
	if nickname == "" {
		nickname = strings.ReplaceAll(g.DisplayName, " ", "")
	}
	m.Set("GroupTypes", groupTypes)
	m.Set("Mail", compat.NilIfEmpty(g.Mail))
	m.Set("MailEnabled", g.MailEnabled())
	m.Set("MailNickname", nickname)
	m.Set("SecurityEnabled", g.SecurityEnabled())
	m.Set("AdditionalProperties", value.NewHashtable())
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

// graphAssignedLicense is a license as Graph's AssignedLicense model shows
// it.
func graphAssignedLicense(skuID string, disabled []string) *compat.Model {
	return compat.AssignedLicense(typeMgAssignedLicense, skuID, disabled).Set("AdditionalProperties", value.NewHashtable())
}
