package tenant

import (
	"context"
	"database/sql"
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
func (s *Store) UndoBatch(ctx context.Context, id int64, onRow func(BulkResult) error) (BulkSummary, error) {
	return s.undo(ctx, id, onRow, DefaultChunkSize)
}

// undo is UndoBatch committing chunk rows at a time.
func (s *Store) undo(ctx context.Context, id int64, onRow func(BulkResult) error, chunkSize int) (BulkSummary, error) {
	started := time.Now()
	if _, err := s.Batches(ctx, id); err != nil {
		return BulkSummary{}, err
	}
	var prior int64
	var finished sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT id, finished FROM batches WHERE options = ?`, undoJSON(id)).Scan(&prior, &finished)
	switch {
	case err == nil && finished.Valid:
		return BulkSummary{}, newError(CodeInvalidValue, "Batch %d was already undone by batch %d.", id, prior)
	case err == nil:
		// An undo that was stopped: finish it.
	case errors.Is(err, sql.ErrNoRows):
		prior = 0
	default:
		return BulkSummary{}, err
	}
	rows, err := s.BatchRows(ctx, id)
	if err != nil {
		return BulkSummary{}, err
	}
	r := newBulkRun(ctx, s, BulkOptions{Source: fmt.Sprintf("Undo of batch %d", id), Options: undoOptions{id}, OnRow: onRow, Resume: prior})
	defer r.sql.close()
	if err := r.prepare(ctx); err != nil {
		return BulkSummary{}, err
	}
	var chunk []BatchRow
	flush := func() error {
		var results []BulkResult
		err := s.Write(ctx, func(tx *Tx) error {
			tx.SetBatch(r.id)
			results = results[:0]
			for _, row := range chunk {
				res, err := tx.undoRow(id, row)
				if err != nil {
					return err
				}
				results = append(results, res)
			}
			return r.addBatchRows(tx, results)
		})
		if err != nil {
			return err
		}
		chunk = chunk[:0]
		return r.report(results)
	}
	for _, row := range rows {
		if _, done := r.recorded[row.RowNumber]; done || row.Status != StatusChanged || len(row.Removed) == 0 {
			continue
		}
		chunk = append(chunk, row)
		if len(chunk) == chunkSize {
			if err := flush(); err != nil {
				return BulkSummary{}, err
			}
		}
	}
	if len(chunk) > 0 {
		if err := flush(); err != nil {
			return BulkSummary{}, err
		}
	}
	if err := s.Write(ctx, func(tx *Tx) error {
		tx.SetBatch(r.id)
		return tx.FinishBatch()
	}); err != nil {
		return BulkSummary{}, err
	}
	sum, err := r.summary(ctx)
	sum.Duration = time.Since(started)
	return sum, err
}

func undoJSON(id int64) string { return fmt.Sprintf(`{"UndoOf":%d}`, id) }

// undoRow restores one row of batch id, or says why it cannot.
func (tx *Tx) undoRow(id int64, row BatchRow) (BulkResult, error) {
	res := BulkResult{Number: row.RowNumber, Identity: row.Identity}
	u, err := tx.ResolveUser(row.Identity)
	if err != nil {
		if rowRefusal(&res, err) {
			return res, nil
		}
		return res, err
	}
	var mark sql.NullInt64
	if err := tx.queryRow(`SELECT max(id) FROM audit_log WHERE batch_id = ? AND operation = ? AND target = ? COLLATE NOCASE`,
		id, opSetLicense, row.Identity).Scan(&mark); err != nil {
		return res, err
	}
	// One seek per name in the index on target: a scan of the audit rows
	// after mark would cost the whole undo the square of its rows.
	var later bool
	if err := tx.queryRow(`SELECT EXISTS (SELECT 1 FROM audit_log WHERE target = ?1 COLLATE NOCASE AND id > ?3 AND actor <> ?4)
		OR EXISTS (SELECT 1 FROM audit_log WHERE target = ?2 COLLATE NOCASE AND id > ?3 AND actor <> ?4)`,
		row.Identity, u.UserPrincipalName, mark.Int64, SystemActor).Scan(&later); err != nil {
		return res, err
	}
	if later {
		res.Status = StatusFailed
		res.Detail = fmt.Sprintf("User '%s' has been changed since batch %d; the licenses were not restored.", u.UserPrincipalName, id)
		return res, nil
	}
	add := make([]AddLicense, len(row.Removed))
	for i, ref := range row.Removed {
		add[i] = AddLicense{SkuID: ref.SkuID, DisabledPlans: ref.DisabledPlans}
	}
	lr, err := tx.SetUserLicense(u.ID, add, nil)
	if err != nil {
		if rowRefusal(&res, err) {
			return res, nil
		}
		return res, err
	}
	res.Added = lr.Added
	names := make([]string, len(lr.Added))
	for i, a := range lr.Added {
		names[i] = a.PartNumber
	}
	res.Status, res.Detail = StatusSkipped, fmt.Sprintf("User '%s' already holds the licenses again.", u.UserPrincipalName)
	if lr.Changed {
		res.Status, res.Detail = StatusChanged, "Restored "+strings.Join(names, ", ")+"."
	}
	return res, nil
}
