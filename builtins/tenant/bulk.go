package tenant

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"sort"
	"strings"
	"time"
)

// Row statuses of a batch, as the result file and Get-LicenseBatch show them.
const (
	StatusChanged = "Changed"
	StatusSkipped = "Skipped"
	StatusFailed  = "Failed"
)

// DefaultChunkSize is how many rows a batch commits per transaction: large
// enough that commits cost little, small enough that a crash loses at most
// a moment's work (and nothing that -Resume cannot finish).
const DefaultChunkSize = 5000

// maxChunkSize bounds what one transaction holds in memory and keeps the
// write lock from other tenant users.
const maxChunkSize = 10_000

// BulkRow is one input row of a batch: the user it names and what to do.
type BulkRow struct {
	Number    int      // the row's number in the input, as the result file reports it
	Identity  string   // UPN or object id; blank rows are skipped
	Remove    []string // SKU texts to remove
	RemoveAll bool     // remove every directly assigned license
	Add       []AddLicense
	// Problem is the reader's complaint about the row (a formula where a
	// UPN should be, say); the row fails with it and nothing is looked up.
	Problem string
	// Skip is why the row asks for nothing (its license cell says
	// Unlicensed, say); the row is skipped with it.
	Skip string
}

// BulkOptions says how to run a batch.
type BulkOptions struct {
	Source    string // the input file, recorded with the batch
	Options   any    // recorded as JSON so that a resumed run reads the input the same way
	ChunkSize int    // rows per transaction; 0 means DefaultChunkSize
	WhatIf    bool   // work everything out, change nothing, record nothing
	Resume    int64  // finish this unfinished batch instead of starting one
	// OnRow receives every row's outcome in input order, once the
	// transaction holding it has committed (at once with WhatIf).
	OnRow func(BulkResult) error
}

// BulkResult is the outcome of one input row.
type BulkResult struct {
	Number   int
	Identity string // the user's UPN when found, else the identity as given
	Status   string // Changed, Skipped or Failed
	Detail   string
	Removed  []LicenseRef
	Added    []LicenseRef
	Freed    []string // part numbers of the products that got a seat back
	Resumed  bool     // recorded by the run that was interrupted

	given string // the identity as the row gave it, for rows that reached the tenant
}

// SeatCount is what one product got back from a batch.
type SeatCount struct {
	SkuRef
	Freed     int
	Available int // seats left unassigned after the batch
}

// BulkSummary is what a batch did overall.
type BulkSummary struct {
	BatchID    int64 // 0 with WhatIf
	Rows       int
	Changed    int
	Skipped    int
	Failed     int
	SeatsFreed []SeatCount // by part number
	Duration   time.Duration
}

// errDryRun rolls back a WhatIf run's transaction.
var errDryRun = errors.New("dry run")

// RunBatch applies rows to the tenant in chunks of ChunkSize users, one
// transaction each, recording every row's outcome with the batch so that a
// crash loses nothing committed and Resume finishes the rest without
// repeating a row. Rows are read as they are needed, so the input is never
// held whole. Per-row refusals (unknown user, inherited or self-service
// license, a license the user does not hold) are outcomes, not errors; an
// error return means the batch stopped, and everything committed before it
// stays.
func (s *Store) RunBatch(ctx context.Context, rows iter.Seq2[BulkRow, error], opt BulkOptions) (BulkSummary, error) {
	started := time.Now()
	r := newBulkRun(ctx, s, opt)
	defer r.sql.close()
	if r.opt.ChunkSize <= 0 || r.opt.ChunkSize > maxChunkSize {
		r.opt.ChunkSize = DefaultChunkSize
	}
	if err := r.prepare(ctx); err != nil {
		return BulkSummary{}, err
	}
	var err error
	if opt.WhatIf {
		err = s.dryRun(ctx, func(tx *Tx) error {
			if err := tx.requireRole(licenseAdmins...); err != nil {
				return err
			}
			return r.feed(rows, func(chunk []BulkRow) error { return r.flushInto(tx, chunk) })
		})
	} else {
		err = r.feed(rows, r.commit)
		if err == nil {
			err = s.Write(ctx, func(tx *Tx) error {
				tx.SetBatch(r.id)
				return tx.FinishBatch()
			})
		}
	}
	// The summary is read even after Ctrl-C, to report what was done.
	sum, serr := r.summary(context.WithoutCancel(ctx))
	sum.Duration = time.Since(started)
	if err != nil {
		return sum, err
	}
	return sum, serr
}

func newBulkRun(ctx context.Context, s *Store, opt BulkOptions) *bulkRun {
	return &bulkRun{ctx: ctx, store: s, opt: opt, sql: bulkSQL{db: s.db}, texts: map[string]int{}, users: map[string]int{}, freed: map[string]int{}}
}

// bulkRun is the state of one RunBatch or UndoBatch call.
type bulkRun struct {
	ctx      context.Context
	store    *Store
	opt      BulkOptions
	sql      bulkSQL
	id       int64
	recorded map[int]BatchRow // rows an interrupted run already did
	texts    map[string]int   // lower-case identity as given -> first row naming it
	users    map[string]int   // lower-case UPN -> first row that reached the user
	freed    map[string]int   // part number -> seats freed
	counts   [3]int           // Changed, Skipped, Failed of this run
}

// prepare starts the batch, or loads what the interrupted run did, and
// checks the admin's role, so that a batch that cannot run leaves the
// tenant untouched.
func (r *bulkRun) prepare(ctx context.Context) error {
	s := r.store
	if r.opt.Resume != 0 {
		bs, err := s.Batches(ctx, r.opt.Resume)
		if err != nil {
			return err
		}
		if !bs[0].Finished.IsZero() {
			return newError(CodeInvalidValue, "Batch %d is already finished; there is nothing to resume.", r.opt.Resume)
		}
		done, err := s.BatchRows(ctx, r.opt.Resume)
		if err != nil {
			return err
		}
		r.recorded = make(map[int]BatchRow, len(done))
		for _, row := range done {
			r.recorded[row.RowNumber] = row
		}
		if err := r.loadFreed(ctx, r.opt.Resume); err != nil {
			return err
		}
		r.id = r.opt.Resume
	}
	if r.opt.WhatIf {
		return nil
	}
	return s.Write(ctx, func(tx *Tx) error {
		if err := tx.requireRole(licenseAdmins...); err != nil {
			return err
		}
		if r.id != 0 {
			tx.SetBatch(r.id)
			return tx.audit("Resume batch", "", r.opt.Source, nil, r.id)
		}
		id, err := tx.StartBatch(r.opt.Source, r.opt.Options)
		r.id = id
		return err
	})
}

// loadFreed counts the seats the interrupted run freed, from its audit
// rows: a product the user held before a change and not after got its
// seat back.
func (r *bulkRun) loadFreed(ctx context.Context, id int64) error {
	rows, err := r.store.db.QueryContext(ctx, `SELECT before, after FROM audit_log WHERE batch_id = ? AND operation = ?`, id, opSetLicense)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var b, a string
		if err := rows.Scan(&b, &a); err != nil {
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
			if !contains(after, p) {
				r.freed[p]++
			}
		}
	}
	return rows.Err()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// feed reads the rows, answers the ones that need no tenant (blank,
// duplicate, already done by the interrupted run) and hands the others to
// flush in chunks, keeping every outcome in input order.
func (r *bulkRun) feed(rows iter.Seq2[BulkRow, error], flush func([]BulkRow) error) error {
	chunk := make([]BulkRow, 0, r.opt.ChunkSize)
	for row, err := range rows {
		if err != nil {
			return err
		}
		if done, ok := r.recorded[row.Number]; ok {
			r.remember(row.Identity, done.Identity, row.Number)
			chunk = append(chunk, BulkRow{Number: row.Number, Identity: row.Identity, Problem: resumedMark})
		} else {
			chunk = append(chunk, row)
		}
		if len(chunk) == r.opt.ChunkSize {
			if err := flush(chunk); err != nil {
				return err
			}
			chunk = chunk[:0]
		}
	}
	if len(chunk) > 0 {
		return flush(chunk)
	}
	return nil
}

// resumedMark flags a row the interrupted run recorded; it is reported as
// recorded and never looked at again.
const resumedMark = "\x00resumed"

func (r *bulkRun) remember(given, upn string, number int) {
	if k := strings.ToLower(strings.TrimSpace(given)); k != "" {
		if _, ok := r.texts[k]; !ok {
			r.texts[k] = number
		}
	}
	if k := strings.ToLower(upn); k != "" {
		if _, ok := r.users[k]; !ok {
			r.users[k] = number
		}
	}
}

// commit runs one chunk in its own transaction and reports its rows once
// it is safely written.
func (r *bulkRun) commit(chunk []BulkRow) error {
	var results []BulkResult
	err := r.store.Write(r.ctx, func(tx *Tx) error {
		tx.SetBatch(r.id)
		var err error
		results, err = r.apply(tx, chunk)
		if err != nil {
			return err
		}
		return r.addBatchRows(tx, results)
	})
	if err != nil {
		return err
	}
	return r.report(results)
}

// flushInto runs a chunk of a WhatIf run inside its one transaction.
func (r *bulkRun) flushInto(tx *Tx, chunk []BulkRow) error {
	results, err := r.apply(tx, chunk)
	if err != nil {
		return err
	}
	return r.report(results)
}

// report counts the chunk's outcomes and hands them on. Only committed
// work reaches here, so the duplicate maps learn the users now: a
// transaction retried after a busy tenant sees the maps as they were.
func (r *bulkRun) report(results []BulkResult) error {
	for _, res := range results {
		if res.given != "" {
			r.remember(res.given, res.Identity, res.Number)
		}
		if !res.Resumed {
			for _, p := range res.Freed {
				r.freed[p]++
			}
			switch res.Status {
			case StatusChanged:
				r.counts[0]++
			case StatusSkipped:
				r.counts[1]++
			case StatusFailed:
				r.counts[2]++
			}
		}
		if r.opt.OnRow != nil {
			if err := r.opt.OnRow(res); err != nil {
				return err
			}
		}
	}
	return nil
}

// apply works out and makes the chunk's changes inside tx. Removal-only
// chunks go through the set-based path; a chunk that assigns licenses goes
// user by user through SetUserLicense, as seats freed and taken must be
// counted in order.
func (r *bulkRun) apply(tx *Tx, chunk []BulkRow) ([]BulkResult, error) {
	results := make([]BulkResult, len(chunk))
	texts := map[string]int{}
	var todo []int // indexes of the rows that need the tenant
	for i, row := range chunk {
		res := &results[i]
		res.Number, res.Identity = row.Number, strings.TrimSpace(row.Identity)
		key := strings.ToLower(res.Identity)
		first, dup := r.texts[key]
		if !dup {
			first, dup = texts[key]
		}
		switch {
		case row.Problem == resumedMark:
			done := r.recorded[row.Number]
			*res = BulkResult{Number: row.Number, Identity: done.Identity, Status: done.Status, Detail: done.Detail,
				Removed: done.Removed, Resumed: true}
		case row.Problem != "":
			res.Status, res.Detail = StatusFailed, row.Problem
		case res.Identity == "":
			res.Status, res.Detail = StatusSkipped, "The row names no user."
		case row.Skip != "":
			res.Status, res.Detail = StatusSkipped, row.Skip
		case dup:
			res.Status, res.Detail = StatusSkipped, fmt.Sprintf("Duplicate of row %d.", first)
		default:
			texts[key] = row.Number
			todo = append(todo, i)
		}
	}
	adds := false
	for _, i := range todo {
		adds = adds || len(chunk[i].Add) > 0
	}
	var err error
	if adds {
		err = r.applyEach(tx, chunk, results, todo)
	} else {
		err = r.removeSet(tx, chunk, results, todo)
	}
	if err != nil {
		return nil, err
	}
	for _, i := range todo {
		results[i].given = chunk[i].Identity
	}
	return results, nil
}

// applyEach is the general path: one SetUserLicense (or RemoveAll) per
// user, each atomic.
func (r *bulkRun) applyEach(tx *Tx, chunk []BulkRow, results []BulkResult, todo []int) error {
	users := map[string]int{}
	for _, i := range todo {
		row, res := chunk[i], &results[i]
		u, err := tx.ResolveUser(res.Identity)
		if err != nil {
			if rowRefusal(res, err) {
				continue
			}
			return err
		}
		if r.duplicateUser(res, u.UserPrincipalName, users) {
			continue
		}
		var lr LicenseResult
		err = tx.atomic(func() error {
			var err error
			if row.RemoveAll {
				if lr, err = tx.RemoveAllLicenses(u.ID); err != nil {
					return err
				}
			}
			if len(row.Add) > 0 || len(row.Remove) > 0 {
				more, err := tx.SetUserLicense(u.ID, row.Add, row.Remove)
				if err != nil {
					return err
				}
				more.Removed = append(lr.Removed, more.Removed...)
				more.Warnings = append(lr.Warnings, more.Warnings...)
				more.Changed = more.Changed || lr.Changed
				lr = more
			}
			return nil
		})
		if err != nil {
			if rowRefusal(res, err) {
				continue
			}
			return err
		}
		res.Removed, res.Added = lr.Removed, append(lr.Added, lr.Updated...)
		for _, p := range u.Licenses {
			if !contains(lr.User.Licenses, p) {
				res.Freed = append(res.Freed, p)
			}
		}
		outcome(res, lr.Changed, lr.Detail())
	}
	tx.skus = nil
	return nil
}

// duplicateUser reports (and marks) a row that reaches a user an earlier
// row already did, by another spelling of the identity.
func (r *bulkRun) duplicateUser(res *BulkResult, upn string, chunk map[string]int) bool {
	res.Identity = upn
	key := strings.ToLower(upn)
	first, dup := r.users[key]
	if !dup {
		first, dup = chunk[key]
	}
	if dup {
		res.Status, res.Detail = StatusSkipped, fmt.Sprintf("Duplicate of row %d.", first)
		return true
	}
	chunk[key] = res.Number
	return false
}

// rowRefusal turns a tenant rule's refusal into the row's Failed outcome;
// other errors stop the batch.
func rowRefusal(res *BulkResult, err error) bool {
	var te *Error
	if !errors.As(err, &te) {
		return false
	}
	res.Status, res.Detail = StatusFailed, te.Message
	return true
}

func outcome(res *BulkResult, changed bool, detail string) {
	res.Status = StatusSkipped
	if changed {
		res.Status = StatusChanged
	}
	res.Detail = detail
}

// addBatchRows records a chunk's new outcomes in one statement and counts
// them, as AddBatchRow does row by row.
func (r *bulkRun) addBatchRows(tx *Tx, results []BulkResult) error {
	var recs [][]any
	var counts [3]int
	var memo jsonMemo
	for _, res := range results {
		if res.Resumed {
			continue
		}
		removed, err := memo.refs(res.Removed)
		if err != nil {
			return err
		}
		recs = append(recs, []any{tx.batchID, res.Number, res.Identity, res.Status, res.Detail, removed})
		switch res.Status {
		case StatusChanged:
			counts[0]++
		case StatusSkipped:
			counts[1]++
		default:
			counts[2]++
		}
	}
	if len(recs) == 0 {
		return nil
	}
	if err := r.sql.execRows(tx, `INSERT INTO batch_rows (batch_id, row_number, identity, status, detail, removed_skus) VALUES `, "", recs); err != nil {
		return err
	}
	return r.sql.exec(tx, `UPDATE batches SET rows_total = rows_total + ?, changed = changed + ?, skipped = skipped + ?, failed = failed + ?
		WHERE id = ?`, len(recs), counts[0], counts[1], counts[2], tx.batchID)
}

// dryRun runs fn in a write transaction that is always rolled back, so a
// WhatIf run sees every rule exactly as a real one would and leaves the
// file as it was.
func (s *Store) dryRun(ctx context.Context, fn func(*Tx) error) error {
	err := s.Write(ctx, func(tx *Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errDryRun
	})
	if errors.Is(err, errDryRun) {
		return nil
	}
	return err
}

// summary totals the batch: from the batch record for a real run (which
// includes what an interrupted run did), from this run for WhatIf.
func (r *bulkRun) summary(ctx context.Context) (BulkSummary, error) {
	sum := BulkSummary{BatchID: r.id, Changed: r.counts[0], Skipped: r.counts[1], Failed: r.counts[2]}
	sum.Rows = sum.Changed + sum.Skipped + sum.Failed
	if r.id != 0 {
		bs, err := r.store.Batches(ctx, r.id)
		if err != nil {
			return sum, err
		}
		b := bs[0]
		sum.Rows, sum.Changed, sum.Skipped, sum.Failed = b.Rows, b.Changed, b.Skipped, b.Failed
	}
	products, err := r.store.Products(ctx)
	if err != nil {
		return sum, err
	}
	for _, p := range products {
		if n := r.freed[p.PartNumber]; n > 0 {
			avail := p.Available
			if r.opt.WhatIf {
				avail += n
			}
			sum.SeatsFreed = append(sum.SeatsFreed, SeatCount{SkuRef: p.SkuRef, Freed: n, Available: avail})
		}
	}
	sort.Slice(sum.SeatsFreed, func(i, j int) bool { return sum.SeatsFreed[i].PartNumber < sum.SeatsFreed[j].PartNumber })
	return sum, nil
}
