package tenant

import (
	"context"
	"encoding/json"
	"slices"
)

// A batch keeps what each row did, for Get-LicenseBatch, -Resume and
// Undo-LicenseBatch: a row decided by its kind (changed, or left as it was
// by a kind of no change) is one batch_changes row naming the kind
// (batch_kinds, with the kind's words and status); every other row, and a
// change made user by user, is a batch_rows row with its own words.

// rowOutcome is a staged row's outcome: its own, or its kind's with the
// user's UPN put in.
const rowOutcome = `coalesce(bl.upn, bl.identity), coalesce(bl.status, i.status),
	coalesce(bl.detail, replace(i.detail, char(31), bl.upn))`

// tally counts the chunk's new outcomes, and the seats its changes free.
func (r *bulkRun) tally(tx *Tx, each map[int]BulkResult, out *chunkOutcome) error {
	counts := r.counted
	r.counted = nil
	if counts == nil {
		var err error
		if counts, err = r.chunkCounts(tx); err != nil {
			return err
		}
	}
	for _, c := range counts {
		if c.resumed {
			continue
		}
		out.ownWords = out.ownWords || c.kind == 0
		k := r.kinds.byID[c.kind]
		status := c.status
		if status == "" && k != nil {
			status = k.status
		}
		out.counts[slices.Index([]string{StatusChanged, StatusSkipped, StatusFailed}, status)] += c.n
		if k != nil && k.changed() {
			for _, sku := range k.freed {
				out.freed[sku.PartNumber] += c.n
			}
		}
	}
	for _, res := range each {
		for _, part := range res.Freed {
			out.freed[part]++
		}
	}
	return nil
}

// record writes the chunk's outcomes with the batch and counts them.
func (r *bulkRun) record(tx *Tx, out *chunkOutcome) error {
	counts := out.counts
	q := r.st.sql
	base, err := tx.nextAuditID()
	if err != nil {
		return err
	}
	// A change's id is its row's place in the chunk after the audit's last:
	// increasing in row order, with gaps where rows changed nobody. The
	// chunk takes the ids of all its rows, which the batch keeps as its
	// last.
	if err := q.exec(tx, `INSERT OR FAIL INTO batch_changes (batch_id, row_number, id, upn, kind, time, given)
		SELECT ?2, bl.n, ?1 + bl.n - (SELECT min(n) FROM bl), bl.upn, bl.kind, ?3, bl.given
		FROM bl WHERE bl.kind IS NOT NULL ORDER BY bl.n`, base, r.id, tx.now.Unix()); err != nil {
		return err
	}
	if out.ownWords {
		if err := q.exec(tx, `INSERT INTO batch_rows (batch_id, row_number, identity, status, detail, removed_skus, given)
			SELECT ?1, bl.n, coalesce(bl.upn, bl.identity), bl.status, bl.detail, coalesce(bl.removed, 'null'), bl.given
			FROM bl WHERE bl.resumed = 0 AND bl.kind IS NULL`, r.id); err != nil {
			return err
		}
	}
	return q.exec(tx, `UPDATE batches SET rows_total = rows_total + ?, changed = changed + ?, skipped = skipped + ?, failed = failed + ?,
		last_change = ? + (SELECT max(n) FROM bl) - (SELECT min(n) FROM bl) WHERE id = ?`, counts[0]+counts[1]+counts[2], counts[0], counts[1], counts[2], base, r.id)
}

// results reads the chunk's outcomes back in row order.
func (r *bulkRun) results(tx *Tx, each map[int]BulkResult) ([]BulkResult, error) {
	q := `SELECT bl.n, ` + rowOutcome + `, coalesce(bl.kind, 0), coalesce(bl.removed, ''), bl.resumed
		FROM bl LEFT JOIN bkinfo i ON i.kind = bl.kind ORDER BY bl.n`
	if r.failedOnly {
		q = `SELECT bl.n, ` + rowOutcome + `, coalesce(bl.kind, 0), coalesce(bl.removed, ''), bl.resumed
			FROM bl LEFT JOIN bkinfo i ON i.kind = bl.kind WHERE coalesce(bl.status, i.status) = 'Failed' ORDER BY bl.n`
	}
	rows, err := r.st.sql.query(tx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []BulkResult
	for rows.Next() {
		var res BulkResult
		var id int
		var removed string
		if err := rows.Scan(&res.Number, &res.Identity, &res.Status, &res.Detail, &id, &removed, &res.Resumed); err != nil {
			return nil, err
		}
		switch k := r.kinds.byID[id]; {
		case each[res.Number].Status != "":
			res = each[res.Number]
		case k != nil:
			res.Removed = k.removed
			if k.changed() {
				for _, sku := range k.freed {
					res.Freed = append(res.Freed, sku.PartNumber)
				}
			}
		case removed != "":
			if err := json.Unmarshal([]byte(removed), &res.Removed); err != nil {
				return nil, err
			}
		}
		out = append(out, res)
	}
	return out, rows.Err()
}

// loadResumed takes up what the interrupted run of the batch did: its
// kinds keep their numbers, and the seats it freed count in the summary.
func (r *bulkRun) loadResumed(ctx context.Context) error {
	db := r.store.db
	if err := db.QueryRowContext(ctx, `SELECT coalesce(max(kind), 0) + 1, min(coalesce(min(kind), 0), 0) FROM batch_kinds WHERE batch_id = ?`,
		r.id).Scan(&r.kinds.next, &r.kinds.unchanged); err != nil {
		return err
	}
	rows, err := db.QueryContext(ctx, `SELECT k.before, k.after, count(*) FROM batch_changes c
		JOIN batch_kinds k ON k.batch_id = c.batch_id AND k.kind = c.kind WHERE c.batch_id = ?1 AND c.kind > 0 GROUP BY c.kind
		UNION ALL
		SELECT before, after, 1 FROM audit_log WHERE batch_id = ?1 AND operation = ?2`, r.id, opSetLicense)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var b, a string
		var n int
		if err := rows.Scan(&b, &a, &n); err != nil {
			return err
		}
		var before, after []string
		if err := json.Unmarshal([]byte(b), &before); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(a), &after); err != nil {
			return err
		}
		for _, p := range before {
			if !slices.Contains(after, p) {
				r.freed[p] += n
			}
		}
	}
	return rows.Err()
}

// BatchRows lists a batch's recorded rows in row order.
func (s *Store) BatchRows(ctx context.Context, id int64) ([]BatchRow, error) {
	if _, err := s.Batches(ctx, id); err != nil {
		return nil, err
	}
	var out []BatchRow
	err := s.eachBatchRow(ctx, s.db, id, 0, func(r BatchRow) error {
		out = append(out, r)
		return nil
	})
	return out, err
}

// eachBatchRow calls fn with the recorded rows of batch id numbered from
// first on, in row order.
func (s *Store) eachBatchRow(ctx context.Context, q queryer, id int64, first int, fn func(BatchRow) error) error {
	rows, err := q.QueryContext(ctx, `SELECT row_number, identity, status, detail, removed_skus FROM batch_rows
		WHERE batch_id = ?1 AND row_number >= ?2
		UNION ALL
		SELECT c.row_number, c.upn, k.status, replace(k.detail, char(31), c.upn), k.removed FROM batch_changes c
		JOIN batch_kinds k ON k.batch_id = c.batch_id AND k.kind = c.kind WHERE c.batch_id = ?1 AND c.row_number >= ?2
		ORDER BY 1`, id, first)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r BatchRow
		var removed string
		if err := rows.Scan(&r.RowNumber, &r.Identity, &r.Status, &r.Detail, &removed); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(removed), &r.Removed); err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}
