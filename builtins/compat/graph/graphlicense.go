package graph

import (
	"fmt"
	"strings"

	"licsh/builtins/tenant"
	"licsh/builtins/tenant/catalog"
	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

func (g *graphModule) licenseCmdlets() []*cmdlet.Cmdlet {
	userID := &cmdlet.Param{Name: "UserId", Aliases: []string{"Id"}, Type: cmdlet.String, Position: 1, Mandatory: true,
		ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompleteUser, Help: "The user's object id or user principal name."}
	add := &cmdlet.Param{Name: "AddLicenses", Type: cmdlet.Objects, Help: "Licenses to assign: @{SkuId = <guid>; DisabledPlans = <plan guids>}, an array of them, or the AssignedLicenses of another user. @() or $null for none."}
	remove := &cmdlet.Param{Name: "RemoveLicenses", Type: cmdlet.Objects, Help: "SKU GUIDs to remove. @() or $null for none."}
	return []*cmdlet.Cmdlet{
		{
			Name:                  "Set-MgUserLicense",
			Module:                modUsersActions,
			Synopsis:              "Assigns and removes a user's licenses, as Microsoft Graph PowerShell's Set-MgUserLicense does.",
			Description:           "Set-MgUserLicense adds and removes licenses of one user in one atomic change and outputs the user. Licenses are SKU GUIDs, as in Graph; adding a product the user holds with other DisabledPlans replaces them.",
			SupportsShouldProcess: true,
			Params: []*cmdlet.Param{userID, add, remove,
				{Name: "BodyParameter", Type: cmdlet.Hashtable, Help: "@{addLicenses = @(...); removeLicenses = @(...)}."},
				{Name: "Headers", Type: cmdlet.Object, Help: "Accepted for compatibility."},
				{Name: "AdditionalProperties", Type: cmdlet.Hashtable, Help: "Accepted for compatibility."},
			},
			Examples: []cmdlet.Example{
				{Code: "Set-MgUserLicense -UserId adele.garcia@contoso.com -AddLicenses @{SkuId = '06ebc4ee-1bb5-47dd-8120-11324bc54e06'} -RemoveLicenses @()", Remarks: "Assigns Microsoft 365 E5."},
			},
			Process: g.setUserLicense,
		},
		{
			Name:        "Get-MgUserLicenseDetail",
			Module:      modUsers,
			Synopsis:    "Gets the products a user holds with their service plans.",
			Description: "Get-MgUserLicenseDetail outputs one object per product the user holds: Id, SkuId, SkuPartNumber and ServicePlans, each plan Success or Disabled.",
			Params:      []*cmdlet.Param{userID, {Name: "All", Type: cmdlet.Switch, Help: "Accepted for compatibility."}, {Name: "Property", Type: cmdlet.Strings, Help: "Accepted for compatibility."}},
			Examples: []cmdlet.Example{
				{Code: "Get-MgUserLicenseDetail -UserId adele.garcia@contoso.com", Remarks: "Adele's products."},
			},
			Process: g.licenseDetail,
		},
		{
			Name:        "Get-MgBetaUserLicenseDetail",
			Module:      modBetaUsers,
			Synopsis:    "Gets the products a user holds with their service plans, from Graph's beta endpoint.",
			Description: "Get-MgBetaUserLicenseDetail is Get-MgUserLicenseDetail of Microsoft.Graph.Beta.Users: one object per product the user holds, with Id, SkuId, SkuPartNumber and ServicePlans.",
			Params:      []*cmdlet.Param{userID, {Name: "All", Type: cmdlet.Switch, Help: "Accepted for compatibility."}, {Name: "Property", Type: cmdlet.Strings, Help: "Accepted for compatibility."}},
			Examples: []cmdlet.Example{
				{Code: "Get-MgBetaUserLicenseDetail -UserId adele.garcia@contoso.com | Select-Object SkuPartNumber", Remarks: "Adele's products."},
			},
			Process: g.licenseDetail,
		},
		{
			Name:        "Get-MgSubscribedSku",
			Module:      modDirectory,
			Synopsis:    "Gets the products the tenant subscribes to, as Graph's subscribedSkus.",
			Description: "Get-MgSubscribedSku outputs one object per product: Id (<tenantId>_<skuId>), SkuId, SkuPartNumber, AppliesTo, CapabilityStatus, ConsumedUnits, PrepaidUnits (Enabled, Suspended, Warning, LockedOut) and ServicePlans.",
			Params: []*cmdlet.Param{
				{Name: "SubscribedSkuId", Type: cmdlet.String, Help: "One product, by its Id."},
				{Name: "All", Type: cmdlet.Switch, Help: "Every product (they all come in one page)."},
				{Name: "Property", Aliases: []string{"Select"}, Type: cmdlet.Strings, Help: "The properties to return."},
				countParam(),
			},
			Examples: []cmdlet.Example{
				{Code: "Get-MgSubscribedSku -All | Select-Object SkuPartNumber, ConsumedUnits -ExpandProperty PrepaidUnits", Remarks: "Seats per product."},
			},
			Process: g.subscribedSku,
		},
		{
			Name:                  "Set-MgGroupLicense",
			Module:                modGroups,
			Synopsis:              "Changes the licenses a group assigns to its members.",
			Description:           "Set-MgGroupLicense adds and removes the licenses of a group, applying them to every member, and outputs the group.",
			SupportsShouldProcess: true,
			Params: []*cmdlet.Param{
				{Name: "GroupId", Aliases: []string{"Id"}, Type: cmdlet.String, Mandatory: true, ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompleteGroup, Help: "The group's object id."},
				add, remove,
			},
			Examples: []cmdlet.Example{
				{Code: "$group = Get-MgGroup -Filter \"displayName eq 'All Sales'\"\n$sku = Get-MgSubscribedSku -All | Where-Object SkuPartNumber -eq 'SPE_E3'\nSet-MgGroupLicense -GroupId $group.Id -AddLicenses @{SkuId = $sku.SkuId} -RemoveLicenses @()", Remarks: "Licenses a group."},
			},
			Process: g.setGroupLicense,
		},
	}
}

// graphLicenseChanges reads -AddLicenses and -RemoveLicenses (or the same
// in -BodyParameter) as Graph takes them: SKU GUIDs only.
func graphLicenseChanges(c cmdlet.Call) ([]tenant.AddLicense, []string, error) {
	addV, removeV := c.Get("AddLicenses"), c.Get("RemoveLicenses")
	if body, ok := c.Get("BodyParameter").(*value.Hashtable); ok {
		addV, _ = body.Get("addLicenses")
		removeV, _ = body.Get("removeLicenses")
	}
	add, err := graphAddLicenses(c.Cmdlet().Name, addV)
	if err != nil {
		return nil, nil, err
	}
	var remove []string
	for _, it := range cmdlet.Items(removeV) {
		id, ok := catalog.NormalizeGUID(value.ToString(it))
		if !ok {
			return nil, nil, tenant.ErrEdmGuid()
		}
		remove = append(remove, id)
	}
	return add, remove, nil
}

// graphAddLicenses reads AssignedLicense values: hashtables, Graph's
// license objects (from another user) or any object with SkuId. An empty
// hashtable stands for no license, as scripts pass @{} for "none".
func graphAddLicenses(command string, v any) ([]tenant.AddLicense, error) {
	var out []tenant.AddLicense
	for _, it := range cmdlet.Items(v) {
		if it == nil {
			continue
		}
		if h, ok := it.(*value.Hashtable); ok && len(h.Entries()) == 0 {
			continue
		}
		switch it.(type) {
		case *value.Hashtable, *value.Object, value.PropertyBag:
		default:
			rec := interp.NewError("ParameterArgumentTransformationError,"+command, "InvalidData", it,
				fmt.Sprintf("Cannot process argument transformation on parameter 'AddLicenses'. Cannot convert the \"%s\" value of type \"%s\" to type \"Microsoft.Graph.PowerShell.Models.IMicrosoftGraphAssignedLicense\".",
					value.ToString(it), value.TypeName(it)))
			rec.Exception.Type = "System.Management.Automation.ParameterBindingArgumentTransformationException"
			return nil, rec
		}
		sku, _ := value.GetMember(it, "SkuId")
		id, ok := catalog.NormalizeGUID(value.ToString(sku))
		if !ok {
			return nil, tenant.ErrEdmGuid()
		}
		var plans []string
		dp, _ := value.GetMember(it, "DisabledPlans")
		for _, p := range cmdlet.Items(dp) {
			pid, ok := catalog.NormalizeGUID(value.ToString(p))
			if !ok {
				return nil, tenant.ErrEdmGuid()
			}
			plans = append(plans, pid)
		}
		out = append(out, tenant.AddLicense{SkuID: id, DisabledPlans: plans})
	}
	return out, nil
}

func (g *graphModule) setUserLicense(c cmdlet.Call) error {
	return g.assignLicenses(c, "UserId", func(st tenant.Directory, id string, add []tenant.AddLicense, remove []string) (any, error) {
		res, err := st.SetUserLicenseStrict(c.Context(), id, add, remove)
		if err != nil {
			return nil, err
		}
		sel, _ := graphSelection(nil)
		return graphUser(res.User, sel, nil), nil
	})
}

func (g *graphModule) setGroupLicense(c cmdlet.Call) error {
	return g.assignLicenses(c, "GroupId", func(st tenant.Directory, id string, add []tenant.AddLicense, remove []string) (any, error) {
		grp, err := st.SetGroupLicense(c.Context(), id, add, remove)
		if err != nil {
			return nil, err
		}
		return graphGroupObject(grp), nil
	})
}

// assignLicenses runs Set-MgUserLicense and Set-MgGroupLicense: it reads
// the license changes, asks ShouldProcess for the object idParam names, and
// writes what apply makes of the changes, or its refusal as Graph words it.
func (g *graphModule) assignLicenses(c cmdlet.Call, idParam string, apply func(st tenant.Directory, id string, add []tenant.AddLicense, remove []string) (any, error)) error {
	const set = "AssignExpanded"
	st, err := g.conn.Open(c, set)
	if st == nil {
		return err
	}
	id := c.String(idParam)
	add, remove, err := graphLicenseChanges(c)
	if err != nil {
		if rec, ok := err.(*interp.ErrorRecord); ok {
			return rec
		}
		return g.conn.Fail(c, set, err, id)
	}
	if ok, err := c.ShouldProcess(id, c.Cmdlet().Name+"_"+set); !ok || err != nil {
		return err
	}
	out, err := apply(st, id, add, remove)
	if err != nil {
		return g.conn.Fail(c, set, err, id)
	}
	return c.Write(out)
}

func (g *graphModule) licenseDetail(c cmdlet.Call) error {
	const set = "List"
	st, err := g.conn.Open(c, set)
	if st == nil {
		return err
	}
	ctx := c.Context()
	id := c.String("UserId")
	u, err := st.GetUser(ctx, id)
	if err != nil {
		return g.conn.Fail(c, set, err, id)
	}
	lic, err := st.UserLicenses(ctx, u.ID)
	if err != nil {
		return g.conn.Fail(c, set, err, id)
	}
	products, err := st.Products(ctx)
	if err != nil {
		return g.conn.Fail(c, set, err, id)
	}
	byID := productsByID(products)
	for _, a := range tenant.AssignedLicenses(lic) {
		if err := c.Write(licenseDetailObject(u.ID, byID[a.SkuID], a.DisabledPlans)); err != nil {
			return err
		}
	}
	return nil
}

// subscribedSkuProps are the properties of Graph's subscribedSku type.
var subscribedSkuProps = []string{"AccountId", "AccountName", "AppliesTo", "CapabilityStatus", "ConsumedUnits", "Id",
	"PrepaidUnits", "ServicePlans", "SkuId", "SkuPartNumber", "SubscriptionIds"}

func (g *graphModule) subscribedSku(c cmdlet.Call) error {
	set := listOrGet(c, "SubscribedSkuId")
	st, err := g.conn.Open(c, set)
	if st == nil {
		return err
	}
	sel := map[string]bool{}
	for _, p := range c.Strings("Property") {
		for _, name := range strings.Split(p, ",") {
			name = strings.TrimSpace(name)
			if name == "" {
				continue
			}
			if !containsFold(subscribedSkuProps, name) {
				return g.conn.Fail(c, set, tenant.GraphRequestError("Could not find a property named '"+name+"' on type 'microsoft.graph.subscribedSku'."), nil)
			}
			sel[strings.ToLower(name)] = true
		}
	}
	ctx := c.Context()
	info, err := st.Info(ctx)
	if err != nil {
		return g.conn.Fail(c, set, err, nil)
	}
	products, err := st.Products(ctx)
	if err != nil {
		return g.conn.Fail(c, set, err, nil)
	}
	subs, err := st.Subscriptions(ctx)
	if err != nil {
		return g.conn.Fail(c, set, err, nil)
	}
	want := c.String("SubscribedSkuId")
	if want == "" {
		if err := setCount(c, len(products)); err != nil {
			return err
		}
	}
	found := false
	for _, p := range products {
		o := subscribedSkuObject(info, p, subs)
		if want != "" && !strings.EqualFold(want, info.TenantID+"_"+p.SkuID) {
			continue
		}
		found = true
		if len(sel) > 0 {
			for _, name := range subscribedSkuProps {
				if !sel[strings.ToLower(name)] {
					o.Set(name, nil)
				}
			}
		}
		if err := c.Write(o); err != nil {
			return err
		}
	}
	if want != "" && !found {
		return g.conn.Fail(c, set, tenant.ErrUserNotFound(want), want)
	}
	return nil
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
