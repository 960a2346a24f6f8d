package tenant

import (
	"context"
	"database/sql"
	"strings"
	"time"
)

// AuditEntry is one row of the audit log.
type AuditEntry struct {
	ID        int64
	Time      time.Time
	Actor     string
	Operation string
	Target    string
	Detail    string
	Before    string // JSON, "" when there was nothing before
	After     string // JSON, "" when nothing is left after
	BatchID   int64  // 0 when the change was not part of a batch
}

// AuditFilter selects audit rows; zero fields select everything. Text
// fields match case-insensitively and exactly.
type AuditFilter struct {
	Operation string
	Actor     string
	Target    string
	BatchID   int64
	Last      int // only the newest Last rows; 0 for all
}

// AuditLog lists audit rows oldest first (the newest Last of them when
// Last is set): the rows of single changes and of batch steps, and one per
// user a batch changed, made from the batch's records (bulk_record.go).
func (s *Store) AuditLog(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		where = append(where, cond)
		args = append(args, v)
	}
	if f.Operation != "" {
		add("operation = ? COLLATE NOCASE", f.Operation)
	}
	if f.Actor != "" {
		add("actor = ? COLLATE NOCASE", f.Actor)
	}
	if f.Target != "" {
		add("target = ? COLLATE NOCASE", f.Target)
	}
	if f.BatchID != 0 {
		add("batch_id = ?", f.BatchID)
	}
	q := `SELECT id, time, actor, operation, target, detail, before, after, batch_id FROM (` + auditEntries + `)`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY id DESC`
	if f.Last > 0 {
		q += ` LIMIT ?`
		args = append(args, f.Last)
	}
	rows, err := s.db.QueryContext(ctx, q, append([]any{opSetLicense}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at int64
		var batch sql.NullInt64
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Operation, &e.Target, &e.Detail, &e.Before, &e.After, &batch); err != nil {
			return nil, err
		}
		e.Time = time.Unix(at, 0).UTC()
		e.BatchID = batch.Int64
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}

// auditEntries is every audit entry: the audit log's rows and, for each
// user a batch changed, an entry made from the change and its kind. Its
// first parameter is the operation of a license change.
const auditEntries = `SELECT id, time, actor, operation, target, detail, before, after, batch_id FROM audit_log
	UNION ALL
	SELECT c.id, c.time, k.actor, ?1, c.upn, k.audit, k.before, k.after, c.batch_id
	FROM batch_changes c JOIN batch_kinds k ON k.batch_id = c.batch_id AND k.kind = c.kind WHERE c.kind > 0`

// nextAuditID is the id of the next audit entry. Single changes and
// batches number their entries from one sequence, under the write lock,
// so that the entries keep the order they were made in; a batch keeps the
// last id its chunks took.
func (tx *Tx) nextAuditID() (int64, error) {
	var id int64
	err := tx.queryRow(`SELECT max(coalesce((SELECT max(id) FROM audit_log), 0), coalesce((SELECT max(last_change) FROM batches), 0)) + 1`).Scan(&id)
	return id, err
}
