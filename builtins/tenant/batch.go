package tenant

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"
)

// Batch is one run of Invoke-LicenseBatch.
type Batch struct {
	ID         int64
	SourceFile string
	Options    string // JSON, as the batch cmdlet stored it
	Actor      string
	Started    time.Time
	Finished   time.Time // zero while the batch is unfinished (or was killed)
	Rows       int
	Changed    int
	Skipped    int
	Failed     int
}

// BatchRow is the outcome of one input row of a batch.
type BatchRow struct {
	RowNumber int
	Identity  string
	Status    string // Changed, Skipped or Failed
	Detail    string
	Removed   []LicenseRef // what was removed, so Undo can put it back
}

// StartBatch records a new batch and tags the transaction's audit rows
// with its id.
func (tx *Tx) StartBatch(sourceFile string, options any) (int64, error) {
	opts, err := json.Marshal(options)
	if err != nil {
		return 0, err
	}
	res, err := tx.exec(`INSERT INTO batches (source_file, options, actor, started) VALUES (?, ?, ?, ?)`,
		sourceFile, string(opts), tx.actor, tx.now.Unix())
	if err != nil {
		return 0, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	tx.batchID = id
	return id, tx.audit("Start batch", "", sourceFile, nil, id)
}

// AddBatchRow records a row's outcome in the current batch (SetBatch or
// StartBatch) and counts it. A row number already recorded is an error, so
// a resumed batch can never apply a row twice.
func (tx *Tx) AddBatchRow(r BatchRow) error {
	if tx.batchID == 0 {
		return errors.New("AddBatchRow outside a batch")
	}
	removed, err := json.Marshal(r.Removed)
	if err != nil {
		return err
	}
	if _, err := tx.exec(`INSERT INTO batch_rows (batch_id, row_number, identity, status, detail, removed_skus)
		VALUES (?, ?, ?, ?, ?, ?)`, tx.batchID, r.RowNumber, r.Identity, r.Status, r.Detail, string(removed)); err != nil {
		return err
	}
	_, err = tx.exec(`UPDATE batches SET rows_total = rows_total + 1,
		changed = changed + (? = 'Changed'), skipped = skipped + (? = 'Skipped'), failed = failed + (? = 'Failed')
		WHERE id = ?`, r.Status, r.Status, r.Status, tx.batchID)
	return err
}

// FinishBatch marks the current batch finished.
func (tx *Tx) FinishBatch() error {
	if _, err := tx.exec(`UPDATE batches SET finished = ? WHERE id = ?`, tx.now.Unix(), tx.batchID); err != nil {
		return err
	}
	return tx.audit("Finish batch", "", "", nil, tx.batchID)
}

const batchQuery = `SELECT id, source_file, options, actor, started, finished, rows_total, changed, skipped, failed FROM batches`

// Batches lists batches, newest first; id 0 lists them all.
func (s *Store) Batches(ctx context.Context, id int64) ([]Batch, error) {
	q, args := batchQuery, []any{}
	if id != 0 {
		q += ` WHERE id = ?`
		args = append(args, id)
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Batch
	for rows.Next() {
		var b Batch
		var started int64
		var finished sql.NullInt64
		if err := rows.Scan(&b.ID, &b.SourceFile, &b.Options, &b.Actor, &started, &finished, &b.Rows, &b.Changed, &b.Skipped, &b.Failed); err != nil {
			return nil, err
		}
		b.Started = time.Unix(started, 0).UTC()
		if finished.Valid {
			b.Finished = time.Unix(finished.Int64, 0).UTC()
		}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if id != 0 && len(out) == 0 {
		return nil, newError(CodeBatchNotFound, "Batch %d does not exist.", id)
	}
	return out, nil
}
