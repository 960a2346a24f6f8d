package tenant

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// A journal is a tenant file that keeps only batches: those run against a
// Microsoft 365 tenant through Graph, where the tenant is not a file. It
// has the same batches and batch_rows as a tenant file, so Get-LicenseBatch
// and Undo-LicenseBatch read it as they read a tenant's, and one more row
// status, Pending: a row whose change was about to be sent, written before
// it is sent, so that a batch killed midway knows which rows it cannot be
// sure of and checks them before doing anything again.

// StatusPending is a journal row whose change may or may not have been
// made: it was sent, and no answer was recorded.
const StatusPending = "Pending"

// StartJournal records a new batch run by actor against another tenant.
func (s *Store) StartJournal(ctx context.Context, source string, options any, actor string) (int64, error) {
	opts, err := json.Marshal(options)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.journalWrite(ctx, func(tx *Tx) error {
		res, err := tx.exec(`INSERT INTO batches (source_file, options, actor, started) VALUES (?, ?, ?, ?)`,
			source, string(opts), actor, time.Now().Unix())
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	return id, err
}

// journalWrite runs fn in a write transaction of the journal, which has no
// tenant and so no actor or clock of its own.
func (s *Store) journalWrite(ctx context.Context, fn func(*Tx) error) error {
	return s.write(ctx, nil, func(run sqlRunner) error {
		return fn(&Tx{ctx: ctx, tx: run, store: s, now: time.Now().Truncate(time.Second)})
	})
}

// JournalRows records rows of batch id: a Pending row before its change is
// sent, its outcome (Changed, Skipped, Failed) once known, replacing the
// Pending row. The batch's counts are of outcomes only. A row that has an
// outcome already is an error, so that no row is done twice.
func (s *Store) JournalRows(ctx context.Context, id int64, rows []BatchRow) error {
	return s.journalWrite(ctx, func(tx *Tx) error {
		var counts [3]int
		for _, r := range rows {
			var was string
			err := tx.queryRow(`SELECT status FROM batch_rows WHERE batch_id = ? AND row_number = ?`, id, r.RowNumber).Scan(&was)
			if err == nil && was != StatusPending {
				return fmt.Errorf("row %d of batch %d has its outcome already (%s)", r.RowNumber, id, was)
			}
			if err == nil && r.Status == StatusPending {
				continue
			}
			removed, jerr := json.Marshal(r.Removed)
			if jerr != nil {
				return jerr
			}
			if _, err := tx.exec(`INSERT OR REPLACE INTO batch_rows (batch_id, row_number, identity, status, detail, removed_skus)
				VALUES (?, ?, ?, ?, ?, ?)`, id, r.RowNumber, r.Identity, r.Status, r.Detail, string(removed)); err != nil {
				return err
			}
			switch r.Status {
			case StatusChanged:
				counts[0]++
			case StatusSkipped:
				counts[1]++
			case StatusFailed:
				counts[2]++
			}
		}
		_, err := tx.exec(`UPDATE batches SET rows_total = rows_total + ?, changed = changed + ?, skipped = skipped + ?, failed = failed + ?
			WHERE id = ?`, counts[0]+counts[1]+counts[2], counts[0], counts[1], counts[2], id)
		return err
	})
}

// FinishJournal marks batch id finished.
func (s *Store) FinishJournal(ctx context.Context, id int64) error {
	return s.journalWrite(ctx, func(tx *Tx) error {
		_, err := tx.exec(`UPDATE batches SET finished = ? WHERE id = ?`, time.Now().Unix(), id)
		return err
	})
}

// NoteNotHeld, NoteInheritedStays and NoteNothingDirect are the notes of
// a license change, for a batch that works out a change elsewhere (on a
// Microsoft 365 tenant) and reports it in the tenant's words.
func NoteNotHeld(upn string, k SkuRef) string { return noteNotHeld(upn, k) }

// NoteInheritedStays: see NoteNotHeld.
func NoteInheritedStays(partNumber, upn, group string) string {
	return noteInheritedStays(partNumber, upn, group)
}

// NoteNothingDirect: see NoteNotHeld.
func NoteNothingDirect(upn string) string { return noteNothingDirect(upn) }

// DuplicateRowNote is the outcome of a row naming the user of an earlier
// row, and NoUserNote of a row naming nobody.
func DuplicateRowNote(first int) string { return fmt.Sprintf(msgDuplicateRow, first) }

// NoUserNote: see DuplicateRowNote.
const NoUserNote = msgNoUser

// ErrInherited is the refusal to remove a license a group assigns.
func ErrInherited() *Error { return errInherited() }

// ErrNoChanges is the refusal of a change that changes nothing.
func ErrNoChanges() *Error { return errNoChanges() }

// NoteRestored and NoteHeldAgain say what an undo did for one user, in the
// tenant's words, for an undo made on a Microsoft 365 tenant.
func NoteRestored(added []LicenseRef) string { return noteRestored(added) }

// NoteHeldAgain: see NoteRestored.
func NoteHeldAgain(upn string) string { return noteHeldAgain(upn) }

// NoteChangedSince: see NoteRestored.
func NoteChangedSince(upn string, batch int64) string { return noteChangedSince(upn, batch) }

// ErrAlreadyUndone is the refusal to undo batch id again, which batch
// prior undid.
func ErrAlreadyUndone(id, prior int64) *Error {
	return newError(CodeInvalidValue, "Batch %d was already undone by batch %d.", id, prior)
}

// UndoSource and UndoRecord are what an undo of batch id records as its
// source and options, as UndoBatch does, which tells a second undo of the
// same batch.
func UndoSource(id int64) string { return fmt.Sprintf("Undo of batch %d", id) }

// UndoRecord: see UndoSource.
func UndoRecord(id int64) any { return undoOptions{id} }

// Undone is the batch that undid batch id, 0 for none, and whether it
// finished.
func (s *Store) Undone(ctx context.Context, id int64) (int64, bool, error) {
	var prior int64
	var finished sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT id, finished FROM batches WHERE options = ?`, undoJSON(id)).Scan(&prior, &finished)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return prior, finished.Valid, err
}
