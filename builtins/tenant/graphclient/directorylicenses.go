package graphclient

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"

	"licsh/builtins/tenant"
)

// licenseStates reads the license assignments of one Graph user, as the
// tenant lists them: by part number, a direct assignment before a
// group's; groups named by their display names.
func (d *Directory) licenseStates(ctx context.Context, u graphUser, products []tenant.Product, groupNames map[string]string) ([]tenant.Assignment, error) {
	var out []tenant.Assignment
	for _, s := range u.States {
		a := tenant.Assignment{UserID: u.ID, UserPrincipalName: u.UserPrincipalName, SkuRef: d.productRef(products, s.SkuID),
			GroupID: strings.ToLower(deref(s.AssignedBy)), AssignedBy: "Direct", DisabledPlans: s.DisabledPlans, State: s.State,
			Error: s.Error, AssignedDateTime: graphTime(s.Updated)}
		if a.Error == "None" {
			a.Error = ""
		}
		if a.DisabledPlans == nil {
			a.DisabledPlans = []string{}
		}
		if a.GroupID != "" {
			name, ok := groupNames[a.GroupID]
			if !ok {
				var g struct {
					DisplayName string `json:"displayName"`
				}
				if err := d.get(ctx, "/groups/"+url.PathEscape(a.GroupID)+query("$select", "displayName"), nil, &g); err != nil {
					return nil, err
				}
				name, groupNames[a.GroupID] = g.DisplayName, g.DisplayName
			}
			a.AssignedBy = name
		}
		out = append(out, a)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].PartNumber != out[j].PartNumber {
			return out[i].PartNumber < out[j].PartNumber
		}
		return out[i].GroupID < out[j].GroupID
	})
	return out, nil
}

// productRef names a product of the tenant by its SKU id.
func (d *Directory) productRef(products []tenant.Product, skuID string) tenant.SkuRef {
	skuID = strings.ToLower(skuID)
	if i := slices.IndexFunc(products, func(p tenant.Product) bool { return p.SkuID == skuID }); i >= 0 {
		return products[i].SkuRef
	}
	return d.skuRef(skuID, skuID)
}

// UserLicenses lists a user's license assignments from their
// licenseAssignmentStates; an empty identity lists every live user's.
func (d *Directory) UserLicenses(ctx context.Context, identity string) ([]tenant.Assignment, error) {
	products, _, err := d.known(ctx)
	if err != nil {
		return nil, err
	}
	groupNames := map[string]string{}
	if identity != "" {
		u, err := d.graphUserOf(ctx, identity)
		if err != nil {
			return nil, err
		}
		return d.licenseStates(ctx, u, products, groupNames)
	}
	var out []tenant.Assignment
	err = d.each(ctx, "/users"+query("$select", "id,userPrincipalName,licenseAssignmentStates", "$top", pageSize), nil, func(raw json.RawMessage) error {
		var u graphUser
		if err := json.Unmarshal(raw, &u); err != nil {
			return err
		}
		as, err := d.licenseStates(ctx, u, products, groupNames)
		out = append(out, as...)
		return err
	})
	return out, err
}

// licenseBody is the body of assignLicense.
type licenseBody struct {
	AddLicenses    []addLicense `json:"addLicenses"`
	RemoveLicenses []string     `json:"removeLicenses"`
}

type addLicense struct {
	SkuID         string   `json:"skuId"`
	DisabledPlans []string `json:"disabledPlans"`
}

// resolvedAdd is a license to assign, resolved by the tenant's rules.
type resolvedAdd struct {
	p        tenant.Product
	disabled []string
}

// resolveAdds resolves licenses to assign against the tenant's products:
// their SKUs and the plans to leave off, as GUIDs.
func (d *Directory) resolveAdds(products []tenant.Product, add []tenant.AddLicense) ([]resolvedAdd, error) {
	out := make([]resolvedAdd, 0, len(add))
	for _, a := range add {
		p, err := tenant.ResolveProduct(products, d.cat, a.SkuID)
		if err != nil {
			return nil, err
		}
		disabled, err := tenant.ResolvePlans(p.SkuID, p.Plans, a.DisabledPlans)
		if err != nil {
			return nil, err
		}
		out = append(out, resolvedAdd{p, disabled})
	}
	return out, nil
}

// resolveRemoves resolves licenses to remove against the tenant's
// products.
func (d *Directory) resolveRemoves(products []tenant.Product, remove []string) ([]tenant.Product, error) {
	out := make([]tenant.Product, 0, len(remove))
	for _, r := range remove {
		p, err := tenant.ResolveProduct(products, d.cat, r)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// SetUserLicense assigns and removes licenses with one assignLicense,
// which Graph does all or nothing. A license the user does not hold is
// not asked to be removed, which Graph would refuse, but noted in
// Warnings, as the tenant file does.
func (d *Directory) SetUserLicense(ctx context.Context, identity string, add []tenant.AddLicense, remove []string) (tenant.LicenseResult, error) {
	return d.setUserLicense(ctx, identity, add, remove, false)
}

// SetUserLicenseStrict is SetUserLicense as Graph's assignLicense does it:
// removing a license the user does not hold refuses the whole change.
func (d *Directory) SetUserLicenseStrict(ctx context.Context, identity string, add []tenant.AddLicense, remove []string) (tenant.LicenseResult, error) {
	return d.setUserLicense(ctx, identity, add, remove, true)
}

// RemoveAllLicenses removes every license assigned directly to a user in
// one assignLicense, as the tenant file does; what groups give stays and
// is noted (tenant.RemoveAllNotes).
func (d *Directory) RemoveAllLicenses(ctx context.Context, identity string) (tenant.LicenseResult, error) {
	held, err := d.UserLicenses(ctx, identity)
	if err != nil {
		return tenant.LicenseResult{}, err
	}
	var direct []string
	for _, a := range held {
		if a.GroupID == "" {
			direct = append(direct, a.SkuID)
		}
	}
	var res tenant.LicenseResult
	if len(direct) > 0 {
		res, err = d.setUserLicense(ctx, identity, nil, direct, true)
	} else {
		res.User, err = d.GetUser(ctx, identity)
	}
	if err != nil {
		return res, err
	}
	res.Warnings = append(res.Warnings, tenant.RemoveAllNotes(res.User.UserPrincipalName, held)...)
	return res, nil
}

func (d *Directory) setUserLicense(ctx context.Context, identity string, add []tenant.AddLicense, remove []string, strict bool) (tenant.LicenseResult, error) {
	parts, err := d.partNumbers(ctx)
	if err != nil {
		return tenant.LicenseResult{}, err
	}
	g, err := d.graphUserOf(ctx, identity)
	if err != nil {
		return tenant.LicenseResult{}, err
	}
	u := g.user(parts)
	res := tenant.LicenseResult{User: u}
	if len(add) == 0 && len(remove) == 0 {
		return res, tenant.ErrNoLicenseChanges()
	}
	var adds []resolvedAdd
	var removes []tenant.Product
	err = d.withProducts(ctx, func(products []tenant.Product) error {
		var err error
		if adds, err = d.resolveAdds(products, add); err != nil {
			return err
		}
		removes, err = d.resolveRemoves(products, remove)
		return err
	})
	if err != nil {
		return res, err
	}
	direct := map[string][]string{}
	inherited := map[string]bool{}
	for _, s := range g.States {
		id := strings.ToLower(s.SkuID)
		if deref(s.AssignedBy) == "" {
			direct[id] = s.DisabledPlans
		} else {
			inherited[id] = true
		}
	}
	body := licenseBody{AddLicenses: []addLicense{}, RemoveLicenses: []string{}}
	for _, p := range removes {
		plans, held := direct[p.SkuID]
		switch {
		case held:
			res.Removed = append(res.Removed, tenant.LicenseRef{SkuRef: p.SkuRef, DisabledPlans: nonNil(plans)})
			delete(direct, p.SkuID)
		case !inherited[p.SkuID] && !strict:
			if p.SelfService {
				return res, tenant.ErrSelfService(p.SkuID)
			}
			res.Warnings = append(res.Warnings, tenant.NoteNotHeld(u.UserPrincipalName, p.SkuRef))
			res.NotHeld = append(res.NotHeld, p.SkuRef)
			continue
		}
		body.RemoveLicenses = append(body.RemoveLicenses, p.SkuID)
	}
	for _, a := range adds {
		ref := tenant.LicenseRef{SkuRef: a.p.SkuRef, DisabledPlans: a.disabled}
		if plans, held := direct[a.p.SkuID]; held {
			if !slices.Equal(sortedPlans(plans), a.disabled) {
				res.Updated = append(res.Updated, ref)
			}
		} else {
			direct[a.p.SkuID] = a.disabled
			res.Added = append(res.Added, ref)
		}
		body.AddLicenses = append(body.AddLicenses, addLicense{SkuID: a.p.SkuID, DisabledPlans: a.disabled})
	}
	if len(body.AddLicenses) == 0 && len(body.RemoveLicenses) == 0 {
		return res, nil
	}
	if err := d.send(ctx, http.MethodPost, "/users/"+u.ID+"/assignLicense", body, nil); err != nil {
		return tenant.LicenseResult{User: u}, err
	}
	res.Changed = len(res.Added)+len(res.Updated)+len(res.Removed) > 0
	if res.Changed {
		if res.User, err = d.GetUser(ctx, u.ID); err != nil {
			return res, err
		}
	}
	return res, nil
}

func nonNil(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

// sortedPlans are plan ids sorted, as the tenant keeps them.
func sortedPlans(plans []string) []string {
	out := make([]string, len(plans))
	for i, p := range plans {
		out[i] = strings.ToLower(p)
	}
	sort.Strings(out)
	return out
}

// SetGroupLicense changes the licenses a group assigns with the group's
// assignLicense, which Graph applies to its members. It returns the group
// as the tenant file does: its id, name, kind, licenses and member count.
func (d *Directory) SetGroupLicense(ctx context.Context, group string, add []tenant.AddLicense, remove []string) (tenant.Group, error) {
	if len(add) == 0 && len(remove) == 0 {
		return tenant.Group{}, tenant.ErrNoLicenseChanges()
	}
	g, err := d.resolveGroup(ctx, group)
	if err != nil {
		return tenant.Group{}, err
	}
	var products []tenant.Product
	var adds []resolvedAdd
	var removes []tenant.Product
	err = d.withProducts(ctx, func(known []tenant.Product) error {
		products = known
		var err error
		if removes, err = d.resolveRemoves(products, remove); err != nil {
			return err
		}
		adds, err = d.resolveAdds(products, add)
		return err
	})
	if err != nil {
		return tenant.Group{}, err
	}
	body := licenseBody{AddLicenses: []addLicense{}, RemoveLicenses: []string{}}
	for _, p := range removes {
		body.RemoveLicenses = append(body.RemoveLicenses, p.SkuID)
	}
	for _, a := range adds {
		body.AddLicenses = append(body.AddLicenses, addLicense{SkuID: a.p.SkuID, DisabledPlans: a.disabled})
	}
	if err := d.send(ctx, http.MethodPost, "/groups/"+g.ID+"/assignLicense", body, nil); err != nil {
		return tenant.Group{}, err
	}
	after, err := d.group(ctx, g.ID, products)
	if err != nil {
		return tenant.Group{}, err
	}
	return tenant.Group{ID: after.ID, DisplayName: after.DisplayName, Kind: after.Kind, Licenses: after.Licenses,
		MemberCount: after.MemberCount}, nil
}
