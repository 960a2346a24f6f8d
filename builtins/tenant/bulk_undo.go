package tenant

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// undoOptions is what an undo batch records as its options, so that a
// batch is undone at most once.
type undoOptions struct {
	UndoOf int64
}

// UndoBatch puts back what batch id removed: the same products with the
// same disabled plans, user by user, each atomic. A user changed since the
// batch (any later audited change by an admin), gone from the tenant, or
// whose product has no seat left is reported in a Failed row and left as
// is. Assigning a license back within the grace period brings the user's
// mailbox data back. The undo is itself a batch, listed by Batches, whose
// rows carry the original row numbers, committed chunk by chunk: an undo
// that was interrupted is finished by undoing the batch again, which goes
// on from where the undo stopped.
func (s *Store) UndoBatch(ctx context.Context, id int64, opt UndoOptions) (BulkSummary, error) {
	return s.undo(ctx, id, opt, DefaultChunkSize)
}

// UndoOptions says what an undo reports as it goes.
type UndoOptions struct {
	// OnRow receives the outcome of each row the undo restores or not,
	// once committed; with FailedOnly, only of the rows it could not
	// restore, and no other row's outcome is built.
	OnRow      func(BulkResult) error
	FailedOnly bool
	// OnProgress is told how many more rows are done.
	OnProgress func(rows int)
}

// undo is UndoBatch committing chunk rows at a time. Users the batch
// changed alike are restored alike, a kind of change at a time, as the
// batch removed them; rows the batch changed user by user, and chunks
// whose users together need more seats than are left, are restored user
// by user.
func (s *Store) undo(ctx context.Context, id int64, opt UndoOptions, chunkSize int) (BulkSummary, error) {
	started := time.Now()
	if _, err := s.Batches(ctx, id); err != nil {
		return BulkSummary{}, err
	}
	var prior int64
	var finished sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT id, finished FROM batches WHERE options = ?`, undoJSON(id)).Scan(&prior, &finished)
	switch {
	case err == nil && finished.Valid:
		return BulkSummary{}, ErrAlreadyUndone(id, prior)
	case err == nil:
		// An undo that was stopped: finish it.
	case errors.Is(err, sql.ErrNoRows):
		prior = 0
	default:
		return BulkSummary{}, err
	}
	r, err := s.newBulkRun(ctx, BulkOptions{Source: fmt.Sprintf("Undo of batch %d", id), Options: undoOptions{id}, OnRow: opt.OnRow,
		OnProgress: opt.OnProgress, Resume: prior, ChunkSize: chunkSize})
	if err != nil {
		return BulkSummary{}, err
	}
	r.failedOnly = opt.FailedOnly
	defer r.close()
	if err := r.prepare(ctx); err != nil {
		return BulkSummary{}, err
	}
	u := &undoRun{bulkRun: r, of: id}
	r.planFor = u.planRestore
	if err = u.later(); err == nil {
		err = u.run(true)
	}
	if err == nil {
		err = u.run(false)
	}
	if err == nil {
		err = r.finish(ctx)
	}
	sum, serr := r.summary(context.WithoutCancel(ctx))
	sum.Duration = time.Since(started)
	if err != nil {
		return sum, err
	}
	return sum, serr
}

func undoJSON(id int64) string { return fmt.Sprintf(`{"UndoOf":%d}`, id) }

// undoRun is an undo: a batch run whose rows come from another batch.
type undoRun struct {
	*bulkRun
	of   int64 // the batch undone
	last int   // the last row staged
	// anyLater is whether anyone changed users after the batch: most often
	// nobody has, and no row need be looked up among them.
	anyLater bool
}

// The two sources of an undo's rows: the batch's changes by kind, and the
// changes it made user by user (recorded in batch_rows with their removed
// licenses). The staged row's spec is the change's kind, or 0. Each reads
// on from the last row staged. The changes by kind find their users, and
// their kinds of restore known so far, as they are staged, which writes
// each row once, whole.
const (
	undoSet = `INSERT INTO bl (n, identity, given, spec, origin, user_id, upn, kind) SELECT c.row_number, c.upn, 0, c.kind, c.id, u.id, u.upn,
		CASE WHEN u.id IS NOT NULL THEN (SELECT k.kind FROM bkind k WHERE k.spec = c.kind AND k.sig = ` + userSignature + restoreSigTail + `) END
		FROM batch_changes c LEFT JOIN users u ON u.upn = c.upn AND u.deleted_at IS NULL
		WHERE c.batch_id = ?1 AND c.row_number > ?2 AND c.kind > 0`
	undoSetOrder = ` ORDER BY c.row_number LIMIT ?4`
	undoEach     = `INSERT INTO bl (n, identity, given, spec, removed, origin) SELECT r.row_number, r.identity, 0, 0, r.removed_skus,
		(SELECT max(a.id) FROM audit_log a WHERE a.batch_id = ?1 AND a.operation = ?5 AND a.target = r.identity COLLATE NOCASE)
		FROM batch_rows r WHERE r.batch_id = ?1 AND r.row_number > ?2 AND r.status = 'Changed' AND r.removed_skus NOT IN ('null', '[]')`
	undoEachOrder = ` ORDER BY r.row_number LIMIT ?4`
)

// undoQuery is the query that stages the next rows of a source, the set
// one or the other. An undo finishing one that was stopped leaves out the
// rows that one did; a new undo has done no row it reads on to, and spares
// the two lookups per row.
func undoQuery(set, finishing bool) string {
	q, row, order := undoEach, "r.row_number", undoEachOrder
	if set {
		q, row, order = undoSet, "c.row_number", undoSetOrder
	}
	if finishing {
		q += ` AND NOT EXISTS (SELECT 1 FROM batch_rows WHERE batch_id = ?3 AND row_number = ` + row + `)
		AND NOT EXISTS (SELECT 1 FROM batch_changes WHERE batch_id = ?3 AND row_number = ` + row + `)`
	}
	return q + order
}

// later notes the users changed after the batch, by anyone but the tenant
// itself and this undo, with their last change: the undo leaves them as
// they are. Changes after the batch are few, so reading them all once
// costs less than a seek per row.
func (u *undoRun) later() error {
	return u.store.readOn(u.ctx, u.st.sql.conn, func(tx *Tx) error {
		var start sql.NullInt64
		if err := tx.queryRow(`SELECT min(id) FROM audit_log WHERE batch_id = ?`, u.of).Scan(&start); err != nil {
			return err
		}
		for _, q := range []string{
			`INSERT INTO blater (upn, id) SELECT target, max(id) FROM audit_log
				WHERE id > ?1 AND actor <> ?2 AND target <> '' AND coalesce(batch_id, 0) <> ?4 GROUP BY target COLLATE NOCASE
				ON CONFLICT (upn) DO UPDATE SET id = max(id, excluded.id)`,
			// The batches that took ids since are found by their last.
			`INSERT INTO blater (upn, id) SELECT upn, max(id) FROM batch_changes
				WHERE batch_id IN (SELECT id FROM batches WHERE last_change > ?1 AND id NOT IN (?3, ?4)) AND id > ?1 AND kind > 0
				GROUP BY upn COLLATE NOCASE
				ON CONFLICT (upn) DO UPDATE SET id = max(id, excluded.id)`,
		} {
			if err := u.st.sql.exec(tx, q, start.Int64, SystemActor, u.of, u.id); err != nil {
				return err
			}
		}
		return tx.queryRow(`SELECT EXISTS (SELECT 1 FROM blater)`).Scan(&u.anyLater)
	})
}

// run undoes the rows of one source, the set one or the other, a chunk at
// a time.
func (u *undoRun) run(set bool) error {
	source := undoQuery(set, u.opt.Resume != 0)
	u.last = 0
	for {
		var out chunkOutcome
		staged := 0
		err := u.st.sql.writeOn(u.ctx, func(tx *Tx) error {
			tx.SetBatch(u.id)
			out = chunkOutcome{freed: map[string]int{}}
			res, err := u.st.sql.result(tx, source, u.of, u.last, u.id, u.opt.ChunkSize, opSetLicense)
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			if err != nil || n == 0 {
				return err
			}
			staged = int(n)
			if err := u.stage(tx, set); err != nil {
				return err
			}
			var each map[int]BulkResult
			if set {
				each, err = u.restoreSet(tx)
			} else {
				each, err = u.restoreEach(tx)
			}
			if err != nil {
				return err
			}
			if err := u.tally(tx, each, &out); err != nil {
				return err
			}
			if err := u.record(tx, &out); err != nil {
				return err
			}
			if u.opt.OnRow != nil {
				if out.results, err = u.results(tx, each); err != nil {
					return err
				}
			}
			if err := tx.queryRow(`SELECT max(n) FROM bl`).Scan(&u.last); err != nil {
				return err
			}
			return u.st.clear(tx)
		})
		if err != nil || staged == 0 {
			return err
		}
		if err := u.count(out, staged); err != nil {
			return err
		}
	}
}

// count counts a committed chunk and hands its rows on.
func (u *undoRun) count(out chunkOutcome, rows int) error {
	for i, n := range out.counts {
		u.counts[i] += n
	}
	for part, n := range out.freed {
		u.freed[part] += n
	}
	return u.report(out, rows)
}

// stage finds the users of the staged rows and decides the rows the undo
// cannot restore: users gone, and users changed since the batch.
func (u *undoRun) stage(tx *Tx, set bool) error {
	sig := ""
	if set {
		sig = userSignature + restoreSigTail
	}
	// An undo's rows come from the batch's records: none was done by an
	// interrupted run (those are left out as they are read) or names its
	// user by object id, and the rows changed user by user are looked up
	// here.
	if err := u.st.resolve(tx, sig, lookups{upn: true, firsts: -1}); err != nil || !u.anyLater {
		return err
	}
	return u.st.sql.exec(tx, `UPDATE bl SET status = 'Failed', detail = replace(?1, char(31), bl.upn), kind = NULL
		WHERE status IS NULL AND EXISTS (SELECT 1 FROM blater l WHERE (l.upn = bl.identity OR l.upn = bl.upn) AND l.id > coalesce(bl.origin, 0))`,
		noteChangedSince(userMark, u.of))
}

// restoreSigTail ends the signature of a kind of restore: the user's
// usage location, which assigning licenses needs, after the assignments.
// It follows the user u's signature where the users are found.
const restoreSigTail = ` || char(29) || u.usage_location`

// restoreSet restores the staged changes kind by kind: a kind of restore
// is the batch's kind of change asked of the same assignments (and usage
// location) again. When the chunk's users need more seats of a product
// than are left, it restores them user by user instead, so that the
// first rows get the seats; so too when a restore would change the
// disabled plans of an assignment the user holds again.
func (u *undoRun) restoreSet(tx *Tx) (map[int]BulkResult, error) {
	q := u.st.sql
	sig := signature + ` || char(29) || (SELECT u.usage_location FROM users u WHERE u.id = bl.user_id)`
	counts, err := u.assignKinds(tx, sig, true)
	if err != nil {
		return nil, err
	}
	per := counts.perKind()
	skus, err := tx.loadSkus()
	if err != nil {
		return nil, err
	}
	need := map[string]int{}
	each := false
	for id, n := range per {
		k := u.kinds.byID[id]
		each = each || k.each
		for _, sku := range k.gained {
			need[sku] += n
		}
	}
	for sku, n := range need {
		each = each || skus[sku].available() < n
	}
	if each {
		if err := q.exec(tx, `UPDATE bl SET kind = NULL WHERE status IS NULL`); err != nil {
			return nil, err
		}
		return u.restoreEach(tx)
	}
	if err := q.exec(tx, `INSERT INTO license_assignments (user_id, sku_id, source, disabled_plans, assigned_at)
		SELECT bl.user_id, a.sku_id, '', a.disabled, ?1 FROM bl JOIN badd a ON a.kind = bl.kind`, tx.now.Unix()); err != nil {
		return nil, err
	}
	for sku, n := range need {
		if err := tx.addConsumed(sku, n); err != nil {
			return nil, err
		}
	}
	// Nothing changes the staged rows after this: tally counts the same.
	u.counted = counts
	return nil, u.syncData(tx, per)
}

// planRestore works out a kind of restore: putting back what the batch's
// kind of change removed, for a user holding what sig lists, with the
// usage location sig ends with.
func (u *undoRun) planRestore(tx *Tx, skus map[string]*skuInfo, change int, sig string) (*kind, error) {
	assignments, usageLocation, _ := strings.Cut(sig, "\x1d")
	held, err := u.holdingsOf(tx, assignments)
	if err != nil {
		return nil, err
	}
	var text string
	if err := tx.queryRow(`SELECT removed FROM batch_kinds WHERE batch_id = ? AND kind = ?`, u.of, change).Scan(&text); err != nil {
		return nil, err
	}
	var removed []LicenseRef
	if err := json.Unmarshal([]byte(text), &removed); err != nil {
		return nil, err
	}
	adds := make([]planAdd, 0, len(removed))
	for _, ref := range removed {
		k, err := tx.resolveSku(ref.SkuID)
		if err != nil {
			return failedKind(err)
		}
		adds = append(adds, planAdd{k, ref.DisabledPlans})
	}
	p, err := planLicenses(userMark, usageLocation, held, adds, nil, true)
	if err != nil {
		return failedKind(err)
	}
	k := &kind{status: StatusSkipped, detail: noteHeldAgain(userMark)}
	if p.res.Changed {
		k.fill(skus, p, held)
		k.detail = noteRestored(p.res.Added)
	}
	return k, nil
}

// failedKind is the kind of a refusal, or the error when err is not one.
func failedKind(err error) (*kind, error) {
	var te *Error
	if !errors.As(err, &te) {
		return nil, err
	}
	return &kind{status: StatusFailed, detail: te.Message}, nil
}

// restoreEach restores the pending rows user by user with
// SetUserLicense, as seats must be counted in row order.
func (u *undoRun) restoreEach(tx *Tx) (map[int]BulkResult, error) {
	rows, err := u.st.sql.query(tx, `SELECT bl.n, bl.user_id, bl.upn, coalesce(bl.removed, k.removed) FROM bl
		LEFT JOIN batch_kinds k ON k.batch_id = ?1 AND k.kind = bl.spec WHERE bl.status IS NULL ORDER BY bl.n`, u.of)
	if err != nil {
		return nil, err
	}
	type todo struct {
		n           int
		userID, upn string
		removed     []LicenseRef
	}
	var list []todo
	for rows.Next() {
		var t todo
		var removed string
		if err := rows.Scan(&t.n, &t.userID, &t.upn, &removed); err != nil {
			rows.Close()
			return nil, err
		}
		if err := json.Unmarshal([]byte(removed), &t.removed); err != nil {
			rows.Close()
			return nil, err
		}
		list = append(list, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := map[int]BulkResult{}
	for _, t := range list {
		res := BulkResult{Number: t.n, Identity: t.upn}
		add := make([]AddLicense, len(t.removed))
		for i, ref := range t.removed {
			add[i] = AddLicense{SkuID: ref.SkuID, DisabledPlans: ref.DisabledPlans}
		}
		lr, err := tx.SetUserLicense(t.userID, add, nil)
		var te *Error
		switch {
		case errors.As(err, &te):
			res.Status, res.Detail = StatusFailed, te.Message
		case err != nil:
			return nil, err
		case lr.Changed:
			res.Status, res.Detail, res.Added = StatusChanged, noteRestored(lr.Added), lr.Added
		default:
			res.Status, res.Detail = StatusSkipped, noteHeldAgain(lr.User.UserPrincipalName)
		}
		if err := u.st.decide(tx, res); err != nil {
			return nil, err
		}
		out[t.n] = res
	}
	return out, nil
}
