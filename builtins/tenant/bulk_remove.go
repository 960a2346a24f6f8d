package tenant

import (
	"encoding/json"
	"sort"
	"strings"
)

// opSetLicense is the audit operation of a license change, the same for a
// batch row as for Set-UserLicense.
const opSetLicense = "Set user license"

// bulkUser is what the set-based path knows of one user of a chunk.
type bulkUser struct {
	id, upn string
	as      []bulkAssignment
	gone    map[string]bool // the direct assignments the chunk removes
}

type bulkAssignment struct {
	sku      string
	group    string // "" for a direct assignment
	groupBy  string // the group's display name
	disabled string // JSON, as stored
	active   bool
}

// held lists the products the user holds, ordered by part number as
// User.Licenses is, leaving out the direct assignments in gone.
func (u *bulkUser) held(skus map[string]*skuInfo, gone map[string]bool) (ids, parts []string) {
	for _, a := range u.as {
		if !a.active || a.group == "" && gone[a.sku] || contains(ids, a.sku) {
			continue
		}
		ids = append(ids, a.sku)
	}
	sort.Slice(ids, func(i, j int) bool { return partOf(skus, ids[i]) < partOf(skus, ids[j]) })
	for _, id := range ids {
		parts = append(parts, partOf(skus, id))
	}
	return ids, parts
}

// removeSet removes licenses from a chunk's users with a handful of
// statements for the whole chunk, applying the same rules, audit rows and
// data lifecycle as SetUserLicense does user by user: self-service and
// inherited licenses refuse the user's whole change, a license the user
// does not hold is skipped with a warning, seats are freed only when the
// user no longer holds the product at all, and a user left without a
// mailbox plan has their mailbox disconnected for the grace period.
func (r *bulkRun) removeSet(tx *Tx, chunk []BulkRow, results []BulkResult, todo []int) error {
	if len(todo) == 0 {
		return nil
	}
	skus, err := tx.loadSkus()
	if err != nil {
		return err
	}
	found, err := r.bulkUsers(tx, chunk, todo)
	if err != nil {
		return err
	}
	// Every row of a chunk usually names the same products.
	resolved := map[string]*skuInfo{}
	resolve := func(text string) (*skuInfo, error) {
		if k, ok := resolved[text]; ok {
			return k, nil
		}
		k, err := tx.resolveSku(text)
		if err == nil {
			resolved[text] = k
		}
		return k, err
	}
	var (
		deletes [][2]string
		freed   = map[string]int{}
		changed []*bulkUser
		audits  []bulkAudit
		users   = map[string]int{}
	)
	for _, i := range todo {
		row, res := chunk[i], &results[i]
		u := found[i]
		if u == nil {
			res.Status, res.Detail = StatusFailed, ErrUserNotFound(res.Identity).Message
			continue
		}
		if r.duplicateUser(res, u.upn, users) {
			continue
		}
		gone, refs, warnings, err := plannedRemovals(resolve, skus, u, row)
		if err != nil {
			if rowRefusal(res, err) {
				continue
			}
			return err
		}
		res.Removed = refs
		lr := LicenseResult{Removed: refs, Warnings: warnings}
		if len(refs) == 0 {
			outcome(res, false, lr.Detail())
			continue
		}
		u.gone = gone
		beforeIDs, before := u.held(skus, nil)
		afterIDs, after := u.held(skus, gone)
		for i, id := range beforeIDs {
			if !contains(afterIDs, id) {
				res.Freed = append(res.Freed, before[i])
				freed[id]++
			}
		}
		outcome(res, true, lr.Detail())
		for _, ref := range refs {
			deletes = append(deletes, [2]string{u.id, ref.SkuID})
		}
		changed = append(changed, u)
		audits = append(audits, bulkAudit{u: u, detail: licenseDetail(lr), before: before, after: after})
	}
	if len(deletes) == 0 {
		return nil
	}
	if err := r.bulkDelete(tx, deletes, freed); err != nil {
		return err
	}
	if err := r.bulkSyncData(tx, skus, changed); err != nil {
		return err
	}
	tx.skus = nil
	return r.bulkAudit(tx, audits)
}

// plannedRemovals works out one user's removals: the direct assignments to
// delete, what they were (for undo), and the warnings for products the
// user does not hold. A refusal comes back as a tenant *Error.
func plannedRemovals(resolve func(string) (*skuInfo, error), skus map[string]*skuInfo, u *bulkUser, row BulkRow) (map[string]bool, []LicenseRef, []string, error) {
	direct := map[string]bulkAssignment{}
	inherited := map[string]string{}
	for _, a := range u.as {
		if a.group == "" {
			direct[a.sku] = a
		} else if _, ok := inherited[a.sku]; !ok {
			inherited[a.sku] = a.groupBy
		}
	}
	var targets []*skuInfo
	var warnings []string
	if row.RemoveAll {
		ids := make([]string, 0, len(direct))
		for id := range direct {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool { return partOf(skus, ids[i]) < partOf(skus, ids[j]) })
		for _, id := range ids {
			targets = append(targets, skus[id])
		}
		for _, a := range u.as {
			if a.group != "" && inherited[a.sku] == a.groupBy {
				delete(inherited, a.sku)
				warnings = append(warnings, noteInheritedStays(partOf(skus, a.sku), u.upn, a.groupBy))
			}
		}
		if len(targets) == 0 && len(warnings) == 0 {
			warnings = append(warnings, noteNothingDirect(u.upn))
		}
	} else {
		if len(row.Remove) == 0 {
			return nil, nil, nil, errNoChanges()
		}
		for _, text := range row.Remove {
			k, err := resolve(text)
			if err != nil {
				return nil, nil, nil, err
			}
			targets = append(targets, k)
		}
	}
	for _, k := range targets {
		if err := selfServiceCheck(k); err != nil {
			return nil, nil, nil, err
		}
	}
	gone := map[string]bool{}
	var refs []LicenseRef
	for _, k := range targets {
		a, ok := direct[k.id]
		switch {
		case gone[k.id]:
		case ok:
			var plans []string
			if a.disabled != "[]" {
				if err := json.Unmarshal([]byte(a.disabled), &plans); err != nil {
					return nil, nil, nil, err
				}
			}
			gone[k.id] = true
			refs = append(refs, LicenseRef{SkuRef: k.ref(), DisabledPlans: plans})
		case inherited[k.id] != "":
			return nil, nil, nil, errInherited()
		default:
			warnings = append(warnings, noteNotHeld(u.upn, k.ref()))
		}
	}
	return gone, refs, warnings, nil
}

// bulkUsers finds the live users the rows at todo name, by UPN or object
// id, with their assignments: one query per kind of identity for the whole
// chunk.
func (r *bulkRun) bulkUsers(tx *Tx, chunk []BulkRow, todo []int) (map[int]*bulkUser, error) {
	byUPN := map[string][]int{} // lower-case UPN -> rows
	byGUID := map[string][]int{}
	var upns, guids []string
	for _, i := range todo {
		upn, id := lookupKey(chunk[i].Identity)
		k := strings.ToLower(upn)
		if byUPN[k] == nil {
			upns = append(upns, upn)
		}
		byUPN[k] = append(byUPN[k], i)
		if id != "" {
			if byGUID[id] == nil {
				guids = append(guids, id)
			}
			byGUID[id] = append(byGUID[id], i)
		}
	}
	found := map[int]*bulkUser{}
	users := map[string]*bulkUser{}
	lookup := func(column string, keys []string, rowsOf map[string][]int, fold bool) error {
		if len(keys) == 0 {
			return nil
		}
		list, err := inJSON(keys)
		if err != nil {
			return err
		}
		rows, err := r.sql.query(tx, `SELECT u.id, u.upn, coalesce(la.sku_id, ''), coalesce(la.source, ''),
			CASE WHEN la.source <> '' THEN coalesce((SELECT g.display_name FROM groups g WHERE g.id = la.source), '') ELSE '' END,
			coalesce(la.disabled_plans, '[]'), coalesce(la.state = 'Active', 0)
			FROM users u LEFT JOIN license_assignments la ON la.user_id = u.id
			WHERE u.deleted_at IS NULL AND u.`+column+` IN `+jsonList, list)
		if err != nil {
			return err
		}
		defer rows.Close()
		fresh := map[string]bool{}
		for rows.Next() {
			var id, upn string
			var a bulkAssignment
			if err := rows.Scan(&id, &upn, &a.sku, &a.group, &a.groupBy, &a.disabled, &a.active); err != nil {
				return err
			}
			u := users[id]
			if u == nil {
				u = &bulkUser{id: id, upn: upn}
				users[id] = u
				fresh[id] = true
			}
			key := id
			if fold {
				key = strings.ToLower(upn)
			}
			for _, i := range rowsOf[key] {
				if found[i] == nil {
					found[i] = u
				}
			}
			// A user the other kind of identity found already has its
			// assignments.
			if fresh[id] && a.sku != "" {
				u.as = append(u.as, a)
			}
		}
		return rows.Err()
	}
	if err := lookup("upn", upns, byUPN, true); err != nil {
		return nil, err
	}
	if err := lookup("id", guids, byGUID, false); err != nil {
		return nil, err
	}
	return found, nil
}

// bulkDelete deletes the direct assignments, product by product, and
// gives the freed seats back.
func (r *bulkRun) bulkDelete(tx *Tx, deletes [][2]string, freed map[string]int) error {
	bySku := map[string][]string{}
	var skus []string
	for _, d := range deletes {
		if bySku[d[1]] == nil {
			skus = append(skus, d[1])
		}
		bySku[d[1]] = append(bySku[d[1]], d[0])
	}
	for _, sku := range skus {
		users, err := inJSON(bySku[sku])
		if err != nil {
			return err
		}
		if err := r.sql.exec(tx, `DELETE FROM license_assignments WHERE source = '' AND sku_id = ? AND user_id IN `+jsonList, sku, users); err != nil {
			return err
		}
	}
	ids := make([]string, 0, len(freed))
	for id := range freed {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if err := r.sql.exec(tx, `UPDATE skus SET consumed = consumed - ? WHERE sku_id = ?`, freed[id], id); err != nil {
			return err
		}
	}
	return nil
}

// bulkSyncData is syncData for the chunk's changed users: a user left
// without a mailbox plan has the mailbox disconnected until the grace
// period ends, unless it is a shared mailbox, which needs no license; one who still has a plan keeps (or gets) an active mailbox;
// a user with a SharePoint plan gets a OneDrive, and a retained one is
// active again.
func (r *bulkRun) bulkSyncData(tx *Tx, skus map[string]*skuInfo, users []*bulkUser) error {
	var keep, drives [][]any
	var lose, all []string
	for _, u := range users {
		mailbox, sharePoint := false, false
		for _, a := range u.as {
			if !a.active || a.group == "" && u.gone[a.sku] {
				continue
			}
			m, s := plansOf(skus[a.sku], a.disabled)
			mailbox, sharePoint = mailbox || m, sharePoint || s
		}
		all = append(all, u.id)
		if mailbox {
			keep = append(keep, []any{u.id, u.upn, MailboxActive})
		} else {
			lose = append(lose, u.id)
		}
		if sharePoint {
			drives = append(drives, []any{u.id, u.upn, OneDriveActive})
		}
	}
	if err := r.sql.execRows(tx, `INSERT INTO mailboxes (user_id, upn, state) VALUES `,
		` ON CONFLICT (user_id) DO UPDATE SET state = 'Active', purge_date = NULL WHERE state <> 'Active'`, keep); err != nil {
		return err
	}
	if len(lose) > 0 {
		list, err := inJSON(lose)
		if err != nil {
			return err
		}
		if err := r.sql.exec(tx, `UPDATE mailboxes SET state = 'Disconnected', purge_date = ?
			WHERE state IN ('Active', 'Inactive') AND type = 'Regular' AND user_id IN `+jsonList, tx.now.Add(GracePeriod).Unix(), list); err != nil {
			return err
		}
	}
	if err := r.sql.execRows(tx, `INSERT INTO onedrive (user_id, upn, state) VALUES `, ` ON CONFLICT (user_id) DO NOTHING`, drives); err != nil {
		return err
	}
	// Retained OneDrives belong to deleted users and are rare: asking
	// the partial index first spares a lookup per changed user.
	rows, err := r.sql.query(tx, `SELECT 1 FROM onedrive WHERE state = 'Retained' LIMIT 1`)
	if err != nil {
		return err
	}
	retained := rows.Next()
	if err := rows.Close(); err != nil {
		return err
	}
	if !retained {
		return nil
	}
	list, err := inJSON(all)
	if err != nil {
		return err
	}
	return r.sql.exec(tx, `UPDATE onedrive SET state = 'Active', delete_date = NULL WHERE state = 'Retained' AND user_id IN `+jsonList, list)
}

// plansOf reports whether a product, minus its disabled plans, gives a
// mailbox and a OneDrive.
func plansOf(k *skuInfo, disabledJSON string) (mailbox, sharePoint bool) {
	if k == nil {
		return false, false
	}
	var disabled []string
	if disabledJSON != "[]" && disabledJSON != "" {
		if err := json.Unmarshal([]byte(disabledJSON), &disabled); err != nil {
			return false, false
		}
	}
	for _, p := range k.plans {
		if contains(disabled, p.ID) {
			continue
		}
		mailbox = mailbox || mailboxPlans[p.Name] > 0
		sharePoint = sharePoint || oneDrivePlans[p.Name]
	}
	return mailbox, sharePoint
}

type bulkAudit struct {
	u             *bulkUser
	detail        string
	before, after []string
}

// bulkAudit writes the chunk's audit rows, one per changed user, in row
// order, as SetUserLicense writes them.
func (r *bulkRun) bulkAudit(tx *Tx, audits []bulkAudit) error {
	var batch any
	if tx.batchID != 0 {
		batch = tx.batchID
	}
	recs := make([][]any, 0, len(audits))
	var memo jsonMemo
	for _, a := range audits {
		b, err := memo.strings(a.before)
		if err != nil {
			return err
		}
		af, err := memo.strings(a.after)
		if err != nil {
			return err
		}
		recs = append(recs, []any{tx.now.Unix(), tx.actor, opSetLicense, a.u.upn, a.detail, b, af, batch})
	}
	return r.sql.execRows(tx, `INSERT INTO audit_log (time, actor, operation, target, detail, before, after, batch_id) VALUES `, "", recs)
}
