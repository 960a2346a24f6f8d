package tenant

import (
	"context"
	"encoding/json"
	"sort"
	"strings"
	"time"

	"licsh/builtins/tenant/catalog"
)

// AddLicense is one license to assign: a SKU (anything ResolveSku accepts)
// and the service plans to leave off (plan GUIDs or plan names).
type AddLicense struct {
	SkuID         string
	DisabledPlans []string
}

// LicenseRef is a product a user gained or lost, with the plans that were
// disabled in it, so that a removal can be put back exactly.
type LicenseRef struct {
	SkuRef
	DisabledPlans []string
}

// LicenseResult reports what one Set-UserLicense call did to one user.
type LicenseResult struct {
	User     User // after the change
	Added    []LicenseRef
	Updated  []LicenseRef // already assigned directly; disabled plans replaced
	Removed  []LicenseRef // direct assignments removed
	Warnings []string     // removals skipped because the user did not hold the SKU
	NotHeld  []SkuRef     // the SKUs of those skipped removals
	Changed  bool
	Data     UserData // mailbox and OneDrive after the change
}

// licenseAdmins are the roles that may assign and unassign licenses (rule 1).
var licenseAdmins = []string{GlobalAdministrator, LicenseAdministrator, UserAdministrator}

// SetUserLicense assigns and removes licenses for one user, atomically.
func (s *Store) SetUserLicense(ctx context.Context, identity string, add []AddLicense, remove []string) (LicenseResult, error) {
	return writeResult(ctx, s, func(tx *Tx) (LicenseResult, error) {
		return tx.SetUserLicense(identity, add, remove)
	})
}

// SetUserLicenseStrict is SetUserLicense as Microsoft Graph's assignLicense
// does it: removing a SKU the user does not hold refuses the whole change,
// with Graph's message, instead of skipping that SKU.
func (s *Store) SetUserLicenseStrict(ctx context.Context, identity string, add []AddLicense, remove []string) (LicenseResult, error) {
	return writeResult(ctx, s, func(tx *Tx) (LicenseResult, error) {
		res, err := tx.SetUserLicense(identity, add, remove)
		if err == nil && len(res.NotHeld) > 0 {
			return LicenseResult{}, errLicenseNotHeld()
		}
		return res, err
	})
}

// SetUserLicense assigns add and removes remove (SKU texts) for one user:
// all of it or, on any refusal, none of it. Removing a SKU the user does not
// hold is not an error: it is skipped and reported in Warnings.
func (tx *Tx) SetUserLicense(identity string, add []AddLicense, remove []string) (LicenseResult, error) {
	return tx.licenseChange(identity, func(u User) (LicenseResult, error) {
		return tx.changeLicenses(u, add, remove, true)
	})
}

// licenseChange checks that the actor may assign licenses (rule 1), then
// runs fn on the user identity names, all or nothing.
func (tx *Tx) licenseChange(identity string, fn func(User) (LicenseResult, error)) (LicenseResult, error) {
	if err := tx.requireRole(licenseAdmins...); err != nil {
		return LicenseResult{}, err
	}
	var res LicenseResult
	err := tx.atomic(func() error {
		u, err := tx.ResolveUser(identity)
		if err != nil {
			return err
		}
		res, err = fn(u)
		return err
	})
	return res, err
}

// RemoveAllLicenses removes every license assigned directly to one user,
// atomically. Licenses inherited from groups stay and are reported in
// Warnings (RemoveAllNotes).
func (s *Store) RemoveAllLicenses(ctx context.Context, identity string) (LicenseResult, error) {
	return writeResult(ctx, s, func(tx *Tx) (LicenseResult, error) {
		return tx.RemoveAllLicenses(identity)
	})
}

// RemoveAllLicenses removes every license assigned directly to one user.
// Licenses inherited from groups stay and are reported in Warnings.
func (tx *Tx) RemoveAllLicenses(identity string) (LicenseResult, error) {
	return tx.licenseChange(identity, func(u User) (LicenseResult, error) {
		held, err := tx.holdings(u.ID)
		if err != nil {
			return LicenseResult{}, err
		}
		skus, err := tx.loadSkus()
		if err != nil {
			return LicenseResult{}, err
		}
		p, err := planRemoveAll(u.UserPrincipalName, held, skus, true)
		if err != nil {
			return LicenseResult{}, err
		}
		return tx.carryOut(u, p)
	})
}

// changeLicenses applies one user's adds and removes; admin says whether an
// admin asks (and so whether self-service subscriptions are off limits).
// Callers run it inside a savepoint.
func (tx *Tx) changeLicenses(u User, add []AddLicense, remove []string, admin bool) (LicenseResult, error) {
	if len(add) == 0 && len(remove) == 0 {
		return LicenseResult{User: u}, errNoChanges()
	}
	adds := make([]planAdd, 0, len(add))
	for _, a := range add {
		k, err := tx.resolveSku(a.SkuID)
		if err != nil {
			return LicenseResult{User: u}, err
		}
		disabled, err := resolvePlans(k, a.DisabledPlans)
		if err != nil {
			return LicenseResult{User: u}, err
		}
		adds = append(adds, planAdd{k, disabled})
	}
	removes := make([]*skuInfo, 0, len(remove))
	for _, r := range remove {
		k, err := tx.resolveSku(r)
		if err != nil {
			return LicenseResult{User: u}, err
		}
		removes = append(removes, k)
	}
	held, err := tx.holdings(u.ID)
	if err != nil {
		return LicenseResult{User: u}, err
	}
	p, err := planLicenses(u.UserPrincipalName, u.UsageLocation, held, adds, removes, admin)
	if err != nil {
		return LicenseResult{User: u}, err
	}
	return tx.carryOut(u, p)
}

// carryOut writes one user's planned change, brings seats and data in
// line and audits it.
func (tx *Tx) carryOut(u User, p licensePlan) (LicenseResult, error) {
	res := p.res
	res.User = u
	for _, id := range p.deletes {
		if _, err := tx.exec(`DELETE FROM license_assignments WHERE user_id = ? AND sku_id = ? AND source = ''`, u.ID, id); err != nil {
			return res, err
		}
	}
	for _, a := range p.updates {
		plans, err := json.Marshal(a.disabled)
		if err != nil {
			return res, err
		}
		if _, err := tx.exec(`UPDATE license_assignments SET disabled_plans = ? WHERE user_id = ? AND sku_id = ? AND source = ''`,
			string(plans), u.ID, a.k.id); err != nil {
			return res, err
		}
	}
	for _, a := range p.inserts {
		plans, err := json.Marshal(a.disabled)
		if err != nil {
			return res, err
		}
		if _, err := tx.exec(`INSERT INTO license_assignments (user_id, sku_id, source, disabled_plans, assigned_at) VALUES (?, ?, '', ?, ?)`,
			u.ID, a.k.id, string(plans), tx.now.Unix()); err != nil {
			return res, err
		}
	}
	var err error
	if !res.Changed {
		res.Data, err = tx.userData(u.ID)
		return res, err
	}
	before := map[string]bool{}
	for _, id := range p.before {
		before[id] = true
	}
	if err := tx.settle(u, before); err != nil {
		return res, err
	}
	after, err := tx.ResolveUser(u.ID)
	if err != nil {
		return res, err
	}
	res.User = after
	if res.Data, err = tx.userData(u.ID); err != nil {
		return res, err
	}
	return res, tx.audit(opSetLicense, u.UserPrincipalName, licenseDetail(res), nonNil(u.Licenses), nonNil(after.Licenses))
}

// nonNil is list, or an empty list for nil, so that the audit says [] and
// not null of a user left with no licenses.
func nonNil(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

// holdings are the user's assignments, as a license change sees them.
func (tx *Tx) holdings(userID string) ([]holding, error) {
	as, err := tx.assignments(userID)
	if err != nil {
		return nil, err
	}
	held := make([]holding, len(as))
	for i, a := range as {
		held[i] = holding{sku: a.SkuID, group: a.GroupID, groupBy: a.AssignedBy, disabled: a.DisabledPlans, active: a.State == "Active"}
	}
	return held, nil
}

func selfServiceCheck(k *skuInfo) error {
	if k.selfService {
		return ErrSelfService(k.id)
	}
	return nil
}

// resolvePlans turns plan GUIDs or names into the SKU's plan GUIDs, sorted
// and without duplicates.
func resolvePlans(k *skuInfo, plans []string) ([]string, error) {
	return ResolvePlans(k.id, k.plans, plans)
}

// ResolvePlans turns the plan GUIDs or names an admin gave for a product
// (skuID, whose plans are skuPlans) into plan GUIDs, sorted and without
// duplicates: the one rule for a tenant file and for Microsoft Graph.
func ResolvePlans(skuID string, skuPlans []catalog.Plan, plans []string) ([]string, error) {
	seen := map[string]bool{}
	out := []string{}
	for _, p := range plans {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		id, isGUID := catalog.NormalizeGUID(p)
		found := ""
		for _, plan := range skuPlans {
			if isGUID && plan.ID == id || !isGUID && strings.EqualFold(plan.Name, p) {
				found = plan.ID
				break
			}
		}
		if found == "" {
			return nil, errPlanNotInSku(p, skuID)
		}
		if !seen[found] {
			seen[found] = true
			out = append(out, found)
		}
	}
	sort.Strings(out)
	return out, nil
}

func samePlans(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// held is the set of SKUs the user holds: active assignments of any source.
func (tx *Tx) held(userID string) (map[string]bool, error) {
	rows, err := tx.query(`SELECT DISTINCT sku_id FROM license_assignments WHERE user_id = ? AND state = 'Active'`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	set := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		set[id] = true
	}
	return set, rows.Err()
}

// settle brings the seat counts and the user's data in line after the
// user's assignments changed from holding before. A live user who gained a
// SKU with no seat left gets the seat error (and the caller's savepoint
// undoes everything).
func (tx *Tx) settle(u User, before map[string]bool) error {
	after, err := tx.held(u.ID)
	if err != nil {
		return err
	}
	live := u.DeletedDateTime.IsZero()
	if live {
		if err := tx.countSeats(before, after); err != nil {
			return err
		}
		return tx.syncData(u.ID, u.UserPrincipalName)
	}
	return nil
}

// countSeats moves consumed units from the SKUs in before to those in after,
// refusing when a gained SKU has no seat left.
func (tx *Tx) countSeats(before, after map[string]bool) error {
	skus, err := tx.loadSkus()
	if err != nil {
		return err
	}
	var gained []string
	for id := range after {
		if !before[id] {
			gained = append(gained, id)
		}
	}
	sort.Strings(gained)
	for _, id := range gained {
		if err := tx.addConsumed(id, 1); err != nil {
			return err
		}
		if skus[id].available() < 0 {
			return errNoSeats(id)
		}
	}
	for id := range before {
		if !after[id] {
			if err := tx.addConsumed(id, -1); err != nil {
				return err
			}
		}
	}
	return nil
}

// addConsumed counts n more seats of the SKU id taken (fewer when n is
// negative), in the tenant and in the products the transaction has
// loaded, if it has: a batch's chunk that only frees seats reads none.
func (tx *Tx) addConsumed(id string, n int) error {
	if _, err := tx.exec(`UPDATE skus SET consumed = consumed + ? WHERE sku_id = ?`, n, id); err != nil {
		return err
	}
	if k := tx.skus[id]; k != nil {
		k.consumed += n
	}
	return nil
}

// Assignment is one license assignment, as Get-UserLicense shows it.
type Assignment struct {
	UserID            string
	UserPrincipalName string
	SkuRef
	GroupID          string // "" for a direct assignment
	AssignedBy       string // "Direct" or the group's display name
	DisabledPlans    []string
	State            string // Active, or Error when a group could not assign it
	Error            string // e.g. CountViolation
	AssignedDateTime time.Time
}

const assignmentQuery = `SELECT la.user_id, u.upn, la.sku_id, k.part_number, k.name, la.source,
	coalesce(g.display_name, 'Direct'), la.disabled_plans, la.state, la.error, la.assigned_at
	FROM license_assignments la JOIN users u ON u.id = la.user_id JOIN skus k ON k.sku_id = la.sku_id
	LEFT JOIN groups g ON g.id = la.source AND la.source <> ''`

func scanAssignment(row scanner) (Assignment, error) {
	var a Assignment
	var plans string
	var at int64
	if err := row.Scan(&a.UserID, &a.UserPrincipalName, &a.SkuID, &a.PartNumber, &a.ProductName, &a.GroupID,
		&a.AssignedBy, &plans, &a.State, &a.Error, &at); err != nil {
		return a, err
	}
	a.AssignedDateTime = time.Unix(at, 0).UTC()
	return a, json.Unmarshal([]byte(plans), &a.DisabledPlans)
}

func collectAssignments(rows interface {
	Next() bool
	Err() error
	Close() error
	Scan(dest ...any) error
}) ([]Assignment, error) {
	defer rows.Close()
	var out []Assignment
	for rows.Next() {
		a, err := scanAssignment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func (tx *Tx) assignments(userID string) ([]Assignment, error) {
	rows, err := tx.query(assignmentQuery+` WHERE la.user_id = ? ORDER BY k.part_number, la.source`, userID)
	if err != nil {
		return nil, err
	}
	return collectAssignments(rows)
}

// UserLicenses lists a user's license assignments, direct ones first; an
// empty identity lists every live user's.
func (s *Store) UserLicenses(ctx context.Context, identity string) ([]Assignment, error) {
	if identity == "" {
		rows, err := s.db.QueryContext(ctx, assignmentQuery+` WHERE u.deleted_at IS NULL ORDER BY u.rowid, k.part_number, la.source`)
		if err != nil {
			return nil, err
		}
		return collectAssignments(rows)
	}
	u, err := s.GetUser(ctx, identity)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, assignmentQuery+` WHERE la.user_id = ? ORDER BY k.part_number, la.source`, u.ID)
	if err != nil {
		return nil, err
	}
	return collectAssignments(rows)
}

// LicensesOf lists the license assignments of the users with the given
// object ids, by user id: what a page of users needs without reading every
// user's.
func (s *Store) LicensesOf(ctx context.Context, userIDs []string) (map[string][]Assignment, error) {
	out := map[string][]Assignment{}
	if len(userIDs) == 0 {
		return out, nil
	}
	// SQLite takes at most 32766 bound parameters; a page is far smaller,
	// but a caller may pass more.
	const chunk = 500
	for start := 0; start < len(userIDs); start += chunk {
		ids := userIDs[start:min(start+chunk, len(userIDs))]
		args := make([]any, len(ids))
		for i, id := range ids {
			args[i] = id
		}
		rows, err := s.db.QueryContext(ctx, assignmentQuery+` WHERE la.user_id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)
			ORDER BY k.part_number, la.source`, args...)
		if err != nil {
			return nil, err
		}
		as, err := collectAssignments(rows)
		if err != nil {
			return nil, err
		}
		for _, a := range as {
			out[a.UserID] = append(out[a.UserID], a)
		}
	}
	return out, nil
}
