package tenant

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// A kind of change is what removing licenses does to every user who
// holds the same: the same row asked of the same assignments gets the
// same outcome, the same words (with the user's UPN put in), frees the
// same seats and leaves the same mailbox. A batch works each kind out
// once, with the rules of plan.go, and makes the change for all the
// kind's users with one statement per step.
type kind struct {
	id      int
	status  string
	detail  string // userMark stands for the UPN
	audit   string // the audit entry's detail
	removed []LicenseRef
	freed   []SkuRef // SKUs that get a seat back, with their part numbers
	gained  []string // SKUs that take a seat
	deletes []string // SKUs whose direct assignment goes
	inserts []planAdd
	before  []string // part numbers held, for the audit
	after   []string
	// mailbox and drive are what the change leaves: whether the user
	// still has a mailbox plan and a OneDrive plan.
	mailbox, drive bool
	// each says the change is made user by user: it changes the disabled
	// plans of an assignment, which no set statement does.
	each bool
}

func (k *kind) changed() bool { return k.status == StatusChanged }

// kindTable holds the kinds a batch has worked out, by request and
// signature, and by number. A kind of change has a positive number, the
// next of the batch's; any other kind a negative one, the next below the
// batch's (batch_kinds keeps both): a staged row is then known changed by
// its number alone, and the steps for changed rows read no other table.
type kindTable struct {
	byKey     map[string]*kind
	byID      map[int]*kind
	next      int
	unchanged int // the number of the last kind that changes nothing
}

// number gives k the next number of its sort.
func (t *kindTable) number(k *kind) {
	if k.changed() {
		k.id = t.next
		t.next++
	} else {
		t.unchanged--
		k.id = t.unchanged
	}
}

func newKindTable() kindTable {
	return kindTable{byKey: map[string]*kind{}, byID: map[int]*kind{}, next: 1}
}

// signature is what a staged row's user holds, as SQL writes it for a
// kind's key: each assignment's SKU, source, disabled plans and whether it
// is active, or only its SKU when it is direct and active with no plan
// disabled, as most are (building the longer text per user cost a batch a
// third of the lookup). The assignments come in the order of the table's
// key (user, SKU, source), which the lookup by user reads; sorting them
// again per user would cost the batch a sorter per row.
const signature = sigHead + `bl.user_id` + sigTail

// userSignature is the signature of the user u.
const userSignature = sigHead + `u.id` + sigTail

// sigHead and sigTail make the signature of the user whose id is the
// expression between them: finding a row's user and its signature in one
// statement spares writing the row twice. The separators are written as
// literals, the bytes char(30) and char(31) give: SQLite calls char() for
// every assignment it reads (a thirtieth of staging a 100,000-row batch).
const (
	sigHead = `coalesce((SELECT group_concat(iif(la.source = '' AND la.disabled_plans = '[]' AND la.state = 'Active', la.sku_id,
	la.sku_id || ` + sigField + ` || la.source || ` + sigField + ` || la.disabled_plans || ` + sigField + ` || (la.state = 'Active')), ` + sigRecord + `)
	FROM license_assignments la WHERE la.user_id = `
	sigTail = `), '')`
	// sigField and sigRecord are char(31) and char(30) as SQL literals.
	sigField  = "'\x1f'"
	sigRecord = "'\x1e'"
)

// removeSet removes licenses from the chunk's pending users: it works out
// the kinds of change the chunk needs, then makes each step for all users
// at once. With apply false (WhatIf) it only works the kinds out.
func (r *bulkRun) removeSet(tx *Tx, apply bool) error {
	counts, err := r.assignKinds(tx, signature, apply)
	if err != nil {
		return err
	}
	if !apply {
		// Nothing changes the staged rows after this: tally counts the same.
		r.counted = counts
		return nil
	}
	return r.removeKinds(tx, counts)
}

// assignKinds gives each pending row its kind of change, by its request
// and the signature sig (an SQL expression of bl's row) of its user:
// first from the kinds known, then, for rows left without one, from the
// kinds worked out for them (first met in this chunk, or in a chunk whose
// transaction was rolled back: the Go table keeps their numbers). It
// returns the chunk's counts once every pending row has its kind; most
// chunks have all their kinds from staging, and are only counted.
func (r *bulkRun) assignKinds(tx *Tx, sig string, apply bool) (stagedCounts, error) {
	counts, err := r.chunkCounts(tx)
	if err != nil || !counts.unassigned() {
		return counts, err
	}
	q := r.st.sql
	assign := `UPDATE bl SET kind = (SELECT k.kind FROM bkind k WHERE k.spec = bl.spec AND k.sig = ` + sig + `)
		WHERE status IS NULL AND kind IS NULL`
	// Before the run knows a kind, bkind is empty (it holds no more than
	// the Go table) and finds none: the first chunk skips the lookup.
	if len(r.kinds.byKey) > 0 {
		if err := q.exec(tx, assign); err != nil {
			return nil, err
		}
	}
	rows, err := q.query(tx, `SELECT DISTINCT spec, `+sig+` FROM bl WHERE status IS NULL AND kind IS NULL`)
	if err != nil {
		return nil, err
	}
	type need struct {
		spec int
		sig  string
	}
	var needs []need
	for rows.Next() {
		var n need
		if err := rows.Scan(&n.spec, &n.sig); err != nil {
			rows.Close()
			return nil, err
		}
		needs = append(needs, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(needs) == 0 {
		return r.chunkCounts(tx)
	}
	skus, err := tx.loadSkus()
	if err != nil {
		return nil, err
	}
	for _, n := range needs {
		key := strconv.Itoa(n.spec) + "\x00" + n.sig
		k := r.kinds.byKey[key]
		if k == nil {
			var err error
			if k, err = r.planFor(tx, skus, n.spec, n.sig); err != nil {
				return nil, err
			}
			r.kinds.number(k)
			r.kinds.byKey[key] = k
			r.kinds.byID[k.id] = k
		}
		if err := r.stageKind(tx, n.spec, n.sig, k, apply); err != nil {
			return nil, err
		}
	}
	if err := q.exec(tx, assign); err != nil {
		return nil, err
	}
	return r.chunkCounts(tx)
}

// planRemoval works a kind of removal out: the request's products, then
// the plan for a user holding what sig lists, under userMark's name.
func (r *bulkRun) planRemoval(tx *Tx, skus map[string]*skuInfo, specNum int, sig string) (*kind, error) {
	held, err := r.holdingsOf(tx, sig)
	if err != nil {
		return nil, err
	}
	spec := r.byNum[specNum]
	k := &kind{}
	var p licensePlan
	if spec.removeAll {
		p, err = planRemoveAll(userMark, held, skus, true)
	} else {
		removes := make([]*skuInfo, 0, len(spec.remove))
		for _, text := range spec.remove {
			var s *skuInfo
			if s, err = tx.resolveSku(text); err != nil {
				break
			}
			removes = append(removes, s)
		}
		if err == nil {
			p, err = planLicenses(userMark, "", held, nil, removes, true)
		}
	}
	if err != nil {
		return failedKind(err)
	}
	k.status, k.detail, k.removed = StatusSkipped, p.res.Detail(), p.res.Removed
	if p.res.Changed {
		k.fill(skus, p, held)
	}
	return k, nil
}

// fill makes k the kind of a change that carries out p for a user holding
// held.
func (k *kind) fill(skus map[string]*skuInfo, p licensePlan, held []holding) {
	k.status, k.audit, k.deletes, k.inserts, k.each = StatusChanged, licenseDetail(p.res), p.deletes, p.inserts, len(p.updates) > 0
	for _, id := range p.before {
		k.before = append(k.before, partOf(skus, id))
		if !slices.Contains(p.after, id) {
			k.freed = append(k.freed, SkuRef{SkuID: id, PartNumber: partOf(skus, id)})
		}
	}
	for _, id := range p.after {
		k.after = append(k.after, partOf(skus, id))
		if !slices.Contains(p.before, id) {
			k.gained = append(k.gained, id)
		}
	}
	k.mailbox, k.drive = dataPlans(skus, p.remaining(held))
}

// holdingsOf reads a signature back into the assignments it lists.
func (r *bulkRun) holdingsOf(tx *Tx, sig string) ([]holding, error) {
	if sig == "" {
		return nil, nil
	}
	var held []holding
	for _, a := range strings.Split(sig, "\x1e") {
		f := strings.Split(a, "\x1f")
		if len(f) == 1 {
			held = append(held, holding{sku: a, active: true, disabled: []string{}})
			continue
		}
		if len(f) != 4 {
			return nil, fmt.Errorf("license assignment %q is not in the form the batch reads", a)
		}
		h := holding{sku: f[0], group: f[1], active: f[3] == "1"}
		if err := json.Unmarshal([]byte(f[2]), &h.disabled); err != nil {
			return nil, err
		}
		if h.group != "" {
			name, err := r.groupName(tx, h.group)
			if err != nil {
				return nil, err
			}
			h.groupBy = name
		}
		held = append(held, h)
	}
	return held, nil
}

// groupName is a group's display name; the groups are read once.
func (r *bulkRun) groupName(tx *Tx, id string) (string, error) {
	if r.groups == nil {
		rows, err := tx.query(`SELECT id, display_name FROM groups`)
		if err != nil {
			return "", err
		}
		defer rows.Close()
		r.groups = map[string]string{}
		for rows.Next() {
			var gid, name string
			if err := rows.Scan(&gid, &name); err != nil {
				return "", err
			}
			r.groups[gid] = name
		}
		if err := rows.Err(); err != nil {
			return "", err
		}
	}
	return r.groups[id], nil
}

// stageKind puts a kind in the working tables and, in a real run, in the
// batch's records.
func (r *bulkRun) stageKind(tx *Tx, spec int, sig string, k *kind, apply bool) error {
	q := r.st.sql
	removed, err := json.Marshal(k.removed)
	if err != nil {
		return err
	}
	var mailbox, drive any
	if k.changed() {
		mailbox, drive = k.mailbox, k.drive
	}
	if err := q.exec(tx, `INSERT INTO bkind (spec, sig, kind) VALUES (?, ?, ?)`, spec, sig, k.id); err != nil {
		return err
	}
	if err := q.exec(tx, `INSERT OR IGNORE INTO bkinfo (kind, status, detail, removed, changed, mailbox, drive) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		k.id, k.status, k.detail, string(removed), k.changed(), mailbox, drive); err != nil {
		return err
	}
	for _, id := range k.deletes {
		if err := q.exec(tx, `INSERT OR IGNORE INTO bdel (kind, sku_id) VALUES (?, ?)`, k.id, id); err != nil {
			return err
		}
	}
	for _, a := range k.inserts {
		plans, err := json.Marshal(a.disabled)
		if err != nil {
			return err
		}
		if err := q.exec(tx, `INSERT OR IGNORE INTO badd (kind, sku_id, disabled) VALUES (?, ?, ?)`, k.id, a.k.id, string(plans)); err != nil {
			return err
		}
	}
	if !apply {
		return nil
	}
	before, err := json.Marshal(nonNil(k.before))
	if err != nil {
		return err
	}
	after, err := json.Marshal(nonNil(k.after))
	if err != nil {
		return err
	}
	return q.exec(tx, `INSERT OR IGNORE INTO batch_kinds (batch_id, kind, status, actor, detail, audit, before, after, removed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.id, k.id, k.status, tx.actor, k.detail, k.audit, string(before), string(after), string(removed))
}

// removeKinds makes the chunk's removals: the assignments, the seats, the
// mailboxes and OneDrives, as carryOut does for one user.
func (r *bulkRun) removeKinds(tx *Tx, counts stagedCounts) error {
	per := counts.perKind()
	var skus []string
	for id := range per {
		for _, sku := range r.kinds.byID[id].deletes {
			if !slices.Contains(skus, sku) {
				skus = append(skus, sku)
			}
		}
	}
	sort.Strings(skus)
	// Each row is found by the table's key (its primary key, which SQLite
	// names so): the planner would find it through the SKU's index and then
	// look it up by key as well, a third B-tree search per user on top of
	// deleting both entries (measured on 100,000 rows: 205 ms, 162 ms by key).
	for _, id := range skus {
		if err := r.st.sql.exec(tx, `DELETE FROM license_assignments INDEXED BY sqlite_autoindex_license_assignments_1 WHERE source = '' AND sku_id = ?1
			AND user_id IN (SELECT bl.user_id FROM bl JOIN bdel d ON d.kind = bl.kind AND d.sku_id = ?1 WHERE bl.kind > 0)`, id); err != nil {
			return err
		}
	}
	if err := r.countFreed(tx, per); err != nil {
		return err
	}
	if err := r.syncData(tx, per); err != nil {
		return err
	}
	// Nothing changes the staged rows after this: tally counts the same.
	r.counted = counts
	tx.skus = nil
	return nil
}

// syncData is syncData for the chunk's changed users, kind by kind: a
// user left without a mailbox plan gets a grace row, which disconnects
// the mailbox until the grace period ends, unless it is a shared mailbox,
// which needs no license and stays (or comes back) active; one who has a
// plan loses any grace row and keeps (or gets) an active mailbox; a user
// with a SharePoint plan gets a OneDrive, and a retained one is active
// again. A grace row costs a batch a fifth of rewriting the mailbox's row.
// per is the number of the chunk's rows of each kind: a step no kind of
// the chunk needs is not run, as each reads all the chunk's rows (a tenth
// of a 100,000-row batch's time went on steps that found nothing to do).
func (r *bulkRun) syncData(tx *Tx, per map[int]int) error {
	var lose, keep, drive, changed bool
	for id, n := range per {
		k := r.kinds.byID[id]
		if n == 0 || !k.changed() {
			continue
		}
		changed = true
		lose, keep, drive = lose || !k.mailbox, keep || k.mailbox, drive || k.drive
	}
	var steps []string
	if lose {
		// A grace row each (data.go's mailboxState says what it does to the
		// mailbox); a user who has one already keeps its purge date, as a
		// mailbox disconnected already does.
		steps = append(steps, `INSERT OR IGNORE INTO mailbox_grace (user_id, purge_date) SELECT bl.user_id, ?1 FROM bl
			WHERE bl.kind IN (SELECT kind FROM bkinfo WHERE mailbox = 0)`)
		if err := tx.noteGraceEnd(); err != nil {
			return err
		}
	}
	if keep {
		steps = append(steps,
			`DELETE FROM mailbox_grace WHERE user_id IN (SELECT bl.user_id FROM bl JOIN bkinfo i ON i.kind = bl.kind WHERE i.mailbox = 1)`,
			// An upsert would build a new row for each mailbox there is
			// before updating it: an undo's users all have one.
			`UPDATE mailboxes SET state = 'Active', purge_date = NULL WHERE state <> 'Active'
			AND user_id IN (SELECT bl.user_id FROM bl JOIN bkinfo i ON i.kind = bl.kind WHERE i.mailbox = 1)`,
			// The kind is asked first, so that only its users are looked up.
			`INSERT INTO mailboxes (user_id, upn, state) SELECT bl.user_id, bl.upn, 'Active' FROM bl
			WHERE bl.kind IN (SELECT kind FROM bkinfo WHERE mailbox = 1) AND NOT EXISTS (SELECT 1 FROM mailboxes m WHERE m.user_id = bl.user_id)`)
	}
	if drive {
		steps = append(steps, `INSERT INTO onedrive (user_id, upn, state) SELECT bl.user_id, bl.upn, 'Active' FROM bl JOIN bkinfo i ON i.kind = bl.kind
			WHERE i.drive = 1 ON CONFLICT (user_id) DO NOTHING`)
	}
	for _, stmt := range steps {
		if err := r.st.sql.exec(tx, stmt, tx.graceEnd()); err != nil {
			return err
		}
	}
	if !changed {
		return nil
	}
	// Retained OneDrives belong to restored users and are rare: asking the
	// partial index first spares a lookup per changed user.
	var retained bool
	if err := tx.queryRow(`SELECT EXISTS (SELECT 1 FROM onedrive WHERE state = 'Retained')`).Scan(&retained); err != nil || !retained {
		return err
	}
	return r.st.sql.exec(tx, `UPDATE onedrive SET state = 'Active', delete_date = NULL WHERE state = 'Retained'
		AND user_id IN (SELECT user_id FROM bl WHERE kind > 0)`)
}

// countFreed gives back the seats freed by the chunk's changes, per
// holding the number of the chunk's rows of each kind.
func (r *bulkRun) countFreed(tx *Tx, per map[int]int) error {
	freed := map[string]int{}
	for id, n := range per {
		for _, sku := range r.kinds.byID[id].freed {
			freed[sku.SkuID] += n
		}
	}
	ids := make([]string, 0, len(freed))
	for id := range freed {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if err := tx.addConsumed(id, -freed[id]); err != nil {
			return err
		}
	}
	return nil
}

// stagedCounts count the chunk's staged rows by kind, own status and
// whether an interrupted run did them: the one pass over the rows that
// both the seats freed and the tally need.
type stagedCounts []stagedCount

type stagedCount struct {
	kind    int // 0 for none
	status  string
	resumed bool
	n       int
}

// maxSummedKinds is the most kinds chunkCounts counts in one pass with a
// sum each; a batch that has worked out more is counted by grouping.
const maxSummedKinds = 32

// chunkCounts counts the chunk's staged rows. A row with a kind is
// pending, so most rows are counted by kind alone, with one sum per kind
// known in one pass: grouping them sorts every row, which cost three
// times the pass. Only the rows without a kind (decided, resumed) are
// grouped, and all rows are when a row with a kind is decided too.
func (r *bulkRun) chunkCounts(tx *Tx) (stagedCounts, error) {
	known := slices.Sorted(maps.Keys(r.kinds.byID))
	if len(known) > maxSummedKinds {
		return r.groupCounts(tx, `SELECT coalesce(kind, 0), coalesce(status, ''), resumed, count(*) FROM bl GROUP BY 1, 2, 3`)
	}
	var sb strings.Builder
	sb.WriteString(`SELECT count(*) FILTER (WHERE kind IS NULL), count(*) FILTER (WHERE kind IS NOT NULL AND (status IS NOT NULL OR resumed <> 0))`)
	for _, id := range known {
		fmt.Fprintf(&sb, `, count(*) FILTER (WHERE kind = %d)`, id)
	}
	sb.WriteString(` FROM bl`)
	n := make([]int, len(known)+2)
	dest := make([]any, len(n))
	for i := range n {
		dest[i] = &n[i]
	}
	rows, err := r.st.sql.query(tx, sb.String())
	if err != nil {
		return nil, err
	}
	if rows.Next() {
		err = rows.Scan(dest...)
	}
	rows.Close()
	if err == nil {
		err = rows.Err()
	}
	if err != nil {
		return nil, err
	}
	if n[1] > 0 {
		return r.groupCounts(tx, `SELECT coalesce(kind, 0), coalesce(status, ''), resumed, count(*) FROM bl GROUP BY 1, 2, 3`)
	}
	var out stagedCounts
	if n[0] > 0 {
		if out, err = r.groupCounts(tx, `SELECT 0, coalesce(status, ''), resumed, count(*) FROM bl WHERE kind IS NULL GROUP BY 2, 3`); err != nil {
			return nil, err
		}
	}
	for i, id := range known {
		if c := n[i+2]; c > 0 {
			out = append(out, stagedCount{kind: id, n: c})
		}
	}
	return out, nil
}

// groupCounts counts the chunk's staged rows with query, which groups
// them.
func (r *bulkRun) groupCounts(tx *Tx, query string) (stagedCounts, error) {
	rows, err := r.st.sql.query(tx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out stagedCounts
	for rows.Next() {
		var c stagedCount
		if err := rows.Scan(&c.kind, &c.status, &c.resumed, &c.n); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// unassigned reports whether a pending row has no kind yet.
func (c stagedCounts) unassigned() bool {
	for _, x := range c {
		if x.kind == 0 && x.status == "" {
			return true
		}
	}
	return false
}

// perKind is the number of rows of each kind.
func (c stagedCounts) perKind() map[int]int {
	out := map[int]int{}
	for _, x := range c {
		if x.kind != 0 {
			out[x.kind] += x.n
		}
	}
	return out
}
