package tenant

import (
	"slices"
	"sort"
)

// holding is one license assignment of a user, as a license change sees
// it.
type holding struct {
	sku      string
	group    string // "" for a direct assignment, else the group's id
	groupBy  string // the group's display name
	disabled []string
	active   bool
}

// planAdd is a product to assign directly, with its disabled plans.
type planAdd struct {
	k        *skuInfo
	disabled []string
}

// licensePlan is one user's license change worked out from what the user
// holds, before anything is written. SetUserLicense carries out one plan;
// a batch carries out the same plan for every user who holds the same, so
// the rules and the words of both are this file's.
type licensePlan struct {
	res     LicenseResult // Added, Updated, Removed, Warnings, NotHeld, Changed
	deletes []string      // SKUs whose direct assignment goes
	inserts []planAdd
	updates []planAdd
	// before and after are the SKUs the user holds, from any source, in
	// the order User.SkuIDs lists them.
	before, after []string
}

// planLicenses plans assigning adds and removing removes for a user with
// upn and usage location who holds held; admin says whether an admin asks
// (and so whether self-service subscriptions are off limits). A refusal is
// a tenant *Error.
func planLicenses(upn, usageLocation string, held []holding, adds []planAdd, removes []*skuInfo, admin bool) (licensePlan, error) {
	var p licensePlan
	if len(adds) == 0 && len(removes) == 0 {
		return p, errNoChanges()
	}
	if admin {
		for _, a := range adds {
			if err := selfServiceCheck(a.k); err != nil {
				return p, err
			}
		}
		for _, k := range removes {
			if err := selfServiceCheck(k); err != nil {
				return p, err
			}
		}
	}
	if len(adds) > 0 && usageLocation == "" {
		return p, errUsageLocation()
	}
	direct := map[string]holding{}
	inherited := map[string]bool{}
	for _, h := range held {
		if h.group == "" {
			direct[h.sku] = h
		} else {
			inherited[h.sku] = true
		}
	}
	p.before = heldSkus(held)
	for _, k := range removes {
		h, ok := direct[k.id]
		switch {
		case ok:
			p.deletes = append(p.deletes, k.id)
			delete(direct, k.id)
			p.res.Removed = append(p.res.Removed, LicenseRef{SkuRef: k.ref(), DisabledPlans: h.disabled})
		case inherited[k.id]:
			return p, errInherited()
		default:
			p.res.Warnings = append(p.res.Warnings, noteNotHeld(upn, k.ref()))
			p.res.NotHeld = append(p.res.NotHeld, k.ref())
		}
	}
	for _, a := range adds {
		ref := LicenseRef{SkuRef: a.k.ref(), DisabledPlans: a.disabled}
		if old, ok := direct[a.k.id]; ok {
			if !samePlans(old.disabled, a.disabled) {
				p.updates = append(p.updates, a)
				p.res.Updated = append(p.res.Updated, ref)
			}
			continue
		}
		direct[a.k.id] = holding{sku: a.k.id, disabled: a.disabled, active: true}
		p.inserts = append(p.inserts, a)
		p.res.Added = append(p.res.Added, ref)
	}
	p.res.Changed = len(p.res.Added)+len(p.res.Updated)+len(p.res.Removed) > 0
	p.after = heldSkus(p.remaining(held))
	return p, nil
}

// planRemoveAll plans removing every license a user holds directly, as
// RemoveAllLicenses does: the ones inherited from groups stay, each said
// so once, and a user with no license at all is told there was nothing.
func planRemoveAll(upn string, held []holding, skus map[string]*skuInfo, admin bool) (licensePlan, error) {
	held = slices.Clone(held)
	// Assignments in the order Get-UserLicense lists them.
	sort.SliceStable(held, func(i, j int) bool {
		pi, pj := partOf(skus, held[i].sku), partOf(skus, held[j].sku)
		return pi < pj || pi == pj && held[i].group < held[j].group
	})
	var removes []*skuInfo
	for _, h := range held {
		if h.group == "" {
			removes = append(removes, skus[h.sku])
		}
	}
	p := licensePlan{before: heldSkus(held)}
	p.after = p.before
	if len(removes) > 0 {
		var err error
		if p, err = planLicenses(upn, "", held, nil, removes, admin); err != nil {
			return p, err
		}
	}
	listed := make([]Assignment, len(held))
	for i, h := range held {
		listed[i] = Assignment{SkuRef: SkuRef{SkuID: h.sku, PartNumber: partOf(skus, h.sku)}, GroupID: h.group, AssignedBy: h.groupBy}
	}
	p.res.Warnings = append(p.res.Warnings, RemoveAllNotes(upn, listed)...)
	return p, nil
}

// RemoveAllNotes are the notes of removing every license assigned directly
// to upn, who holds held in the order UserLicenses lists them: each product
// a group gives stays, and a user with no license at all has nothing to
// remove.
func RemoveAllNotes(upn string, held []Assignment) []string {
	var notes []string
	told := map[string]bool{}
	for _, a := range held {
		if a.GroupID != "" && !told[a.SkuID] {
			told[a.SkuID] = true
			notes = append(notes, noteInheritedStays(a.PartNumber, upn, a.AssignedBy))
		}
	}
	if len(held) == 0 {
		notes = append(notes, noteNothingDirect(upn))
	}
	return notes
}

// remaining is what the user holds once the plan is carried out.
func (p *licensePlan) remaining(held []holding) []holding {
	var out []holding
	for _, h := range held {
		if h.group == "" && (slices.Contains(p.deletes, h.sku) || slices.ContainsFunc(p.updates, func(a planAdd) bool { return a.k.id == h.sku })) {
			continue
		}
		out = append(out, h)
	}
	for _, a := range p.updates {
		out = append(out, holding{sku: a.k.id, disabled: a.disabled, active: true})
	}
	for _, a := range p.inserts {
		out = append(out, holding{sku: a.k.id, disabled: a.disabled, active: true})
	}
	return out
}

// heldSkus are the SKUs of the active assignments, once each, in SKU id
// order as User.SkuIDs has them.
func heldSkus(held []holding) []string {
	var ids []string
	for _, h := range held {
		if h.active && !slices.Contains(ids, h.sku) {
			ids = append(ids, h.sku)
		}
	}
	sort.Strings(ids)
	return ids
}

// dataPlans reports whether the active assignments give the user a
// mailbox and a OneDrive.
func dataPlans(skus map[string]*skuInfo, held []holding) (mailbox, sharePoint bool) {
	for _, h := range held {
		if !h.active {
			continue
		}
		m, s := plansOf(skus[h.sku], h.disabled)
		mailbox, sharePoint = mailbox || m, sharePoint || s
	}
	return mailbox, sharePoint
}

// plansOf reports whether a product, minus its disabled plans, gives a
// mailbox and a OneDrive.
func plansOf(k *skuInfo, disabled []string) (mailbox, sharePoint bool) {
	if k == nil {
		return false, false
	}
	for _, p := range k.plans {
		if slices.Contains(disabled, p.ID) {
			continue
		}
		mailbox = mailbox || mailboxPlans[p.Name] > 0
		sharePoint = sharePoint || oneDrivePlans[p.Name]
	}
	return mailbox, sharePoint
}
