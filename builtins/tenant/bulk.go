package tenant

import (
	"context"
	"errors"
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
	// Force resumes by row number even when rows the batch did name other
	// users now; without it that is an error (CodeListChanged).
	Force bool
	// OnRow receives every row's outcome in input order, once the
	// transaction holding it has committed (at once with WhatIf). Without
	// it no row's outcome is built at all.
	OnRow func(BulkResult) error
	// OnProgress is told how many more rows are done, once their
	// transaction has committed.
	OnProgress func(rows int)
	// OnChunk is called once a committed chunk's rows have all gone to
	// OnRow, so that what they are written to can be flushed; an error
	// stops the batch there.
	OnChunk func() error
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

// RunBatch applies rows to the tenant in chunks of ChunkSize rows, one
// transaction each, recording every row's outcome with the batch so that a
// crash loses nothing committed and Resume finishes the rest without
// repeating a row. Rows are read as they are needed, and what the batch
// must remember of earlier chunks (the users they reached) is kept in
// SQLite's temporary tables, so memory does not grow with the input.
// Per-row refusals (unknown user, inherited or self-service license, a
// license the user does not hold) are outcomes, not errors; an error
// return means the batch stopped, and everything committed before it
// stays. A WhatIf run works every row out in read transactions and takes
// no write lock unless rows assign licenses.
func (s *Store) RunBatch(ctx context.Context, rows iter.Seq2[BulkRow, error], opt BulkOptions) (BulkSummary, error) {
	started := time.Now()
	if opt.ChunkSize <= 0 || opt.ChunkSize > maxChunkSize {
		opt.ChunkSize = DefaultChunkSize
	}
	r, err := s.newBulkRun(ctx, opt)
	if err != nil {
		return BulkSummary{}, err
	}
	defer r.close()
	if err := r.prepare(ctx); err != nil {
		return BulkSummary{}, err
	}
	err = r.feed(rows)
	if err == nil && !opt.WhatIf {
		err = r.finish(ctx)
	}
	// The summary is read even after Ctrl-C, to report what was done.
	sum, serr := r.summary(context.WithoutCancel(ctx))
	sum.Duration = time.Since(started)
	if err != nil {
		return sum, err
	}
	return sum, serr
}

// bulkRun is the state of one RunBatch or UndoBatch call.
type bulkRun struct {
	ctx    context.Context
	store  *Store
	opt    BulkOptions
	st     *stage
	id     int64
	specs  map[string]int // a row's request (bulkSpec.key) -> its number
	byNum  []bulkSpec     // the requests by number
	kinds  kindTable
	groups map[string]string // group id -> display name, read once
	freed  map[string]int    // part number -> seats freed
	// planFor works out a kind of change: planRemoval for a batch,
	// planRestore for an undo.
	planFor func(tx *Tx, skus map[string]*skuInfo, spec int, sig string) (*kind, error)
	// failedOnly reports only the rows that failed to OnRow.
	failedOnly bool
	// resumeNoted is set once the resume of an interrupted batch is
	// audited.
	resumeNoted bool
	counts      [3]int // Changed, Skipped, Failed of this run
	// counted is what removeKinds counted of the chunk's staged rows, for
	// tally to take rather than count again.
	counted stagedCounts
}

func (s *Store) newBulkRun(ctx context.Context, opt BulkOptions) (*bulkRun, error) {
	st, err := s.openStage(ctx)
	if err != nil {
		return nil, err
	}
	r := &bulkRun{ctx: ctx, store: s, opt: opt, st: st, specs: map[string]int{}, kinds: newKindTable(),
		freed: map[string]int{}}
	r.planFor = r.planRemoval
	return r, nil
}

func (r *bulkRun) close() { r.st.close() }

// prepare starts the batch, or takes up the interrupted one, and checks
// the admin's role, so that a batch that cannot run leaves the tenant
// untouched.
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
		r.id = r.opt.Resume
		if err := r.loadResumed(ctx); err != nil {
			return err
		}
	}
	if r.opt.WhatIf {
		return s.readOn(ctx, r.st.sql.conn, func(tx *Tx) error { return tx.requireRole(licenseAdmins...) })
	}
	if r.id != 0 {
		// The resume is audited with its first chunk, so that a resume
		// refused for a changed list leaves no trace.
		return s.readOn(ctx, r.st.sql.conn, func(tx *Tx) error { return tx.requireRole(licenseAdmins...) })
	}
	return r.st.sql.writeOn(ctx, func(tx *Tx) error {
		if err := tx.requireRole(licenseAdmins...); err != nil {
			return err
		}
		id, err := tx.StartBatch(r.opt.Source, r.opt.Options)
		r.id = id
		return err
	})
}

// noteResume audits, once, that the batch is being resumed.
func (r *bulkRun) noteResume(tx *Tx) error {
	if r.opt.Resume == 0 || r.resumeNoted {
		return nil
	}
	return tx.audit("Resume batch", "", r.opt.Source, nil, r.id)
}

// feed reads the rows and hands them on in chunks. A row that cannot be
// read stops the batch after the rows read before it are done, so that
// what is reported done is every row before the one to correct.
func (r *bulkRun) feed(rows iter.Seq2[BulkRow, error]) error {
	chunk := make([]BulkRow, 0, r.opt.ChunkSize)
	for row, err := range rows {
		if err != nil {
			if len(chunk) > 0 {
				if cerr := r.chunk(chunk); cerr != nil {
					return cerr
				}
			}
			return err
		}
		chunk = append(chunk, row)
		if len(chunk) == r.opt.ChunkSize {
			if err := r.chunk(chunk); err != nil {
				return err
			}
			chunk = chunk[:0]
		}
	}
	if len(chunk) > 0 {
		return r.chunk(chunk)
	}
	return nil
}

// chunkOutcome is what a chunk did, kept aside until its transaction has
// committed: a transaction retried after a busy tenant starts over.
type chunkOutcome struct {
	results []BulkResult
	counts  [3]int
	freed   map[string]int
	// ownWords says rows of this run were decided without a kind: they
	// are recorded with their own words.
	ownWords bool
}

// chunk works out and makes one chunk's changes in one transaction and
// reports them once committed. A WhatIf chunk only reads the tenant; when
// its rows assign licenses, those are made in a transaction that is then
// rolled back, as seats taken must be counted in order.
func (r *bulkRun) chunk(rows []BulkRow) error {
	adds := false
	for _, row := range rows {
		adds = adds || len(row.Add) > 0 && row.Problem == ""
	}
	// Rows that only remove licenses get the kinds known so far as they are
	// staged; before the run knows one there is none to look up.
	kinds := !adds && len(r.kinds.byKey) > 0
	var out chunkOutcome
	conn := r.st.sql.conn
	decide := func(tx *Tx) error {
		out = chunkOutcome{freed: map[string]int{}}
		r.counted = nil
		return r.decide(tx, adds, &out)
	}
	var err error
	switch {
	case !r.opt.WhatIf:
		err = r.st.sql.writeOn(r.ctx, func(tx *Tx) error {
			tx.SetBatch(r.id)
			if err := r.st.stageRows(tx, rows, r.specOf, r.opt.Resume, r.opt.Force, kinds); err != nil {
				return err
			}
			if err := r.noteResume(tx); err != nil {
				return err
			}
			if err := decide(tx); err != nil {
				return err
			}
			return r.st.clear(tx)
		})
		r.resumeNoted = r.resumeNoted || err == nil
	case !adds:
		err = r.store.readOn(r.ctx, conn, func(tx *Tx) error {
			if err := r.st.stageRows(tx, rows, r.specOf, r.opt.Resume, r.opt.Force, kinds); err != nil {
				return err
			}
			if err := decide(tx); err != nil {
				return err
			}
			return r.st.clear(tx)
		})
	default:
		err = r.store.readOn(r.ctx, conn, func(tx *Tx) error { return r.st.stageRows(tx, rows, r.specOf, r.opt.Resume, r.opt.Force, kinds) })
		if err == nil {
			err = r.store.dryRun(r.ctx, conn, decide)
		}
		if err == nil {
			err = r.store.readOn(r.ctx, conn, r.st.clear)
		}
	}
	if err != nil {
		return err
	}
	for i, n := range out.counts {
		r.counts[i] += n
	}
	for part, n := range out.freed {
		r.freed[part] += n
	}
	return r.report(out, len(rows))
}

// report hands a committed chunk's rows on.
func (r *bulkRun) report(out chunkOutcome, rows int) error {
	if r.opt.OnRow != nil {
		for _, res := range out.results {
			if err := r.opt.OnRow(res); err != nil {
				return err
			}
		}
	}
	if r.opt.OnChunk != nil {
		if err := r.opt.OnChunk(); err != nil {
			return err
		}
	}
	if r.opt.OnProgress != nil {
		r.opt.OnProgress(rows)
	}
	return nil
}

// decide works out the staged rows, makes the changes, records them with
// the batch unless WhatIf, and reads the outcomes back when asked.
func (r *bulkRun) decide(tx *Tx, adds bool, out *chunkOutcome) error {
	var each map[int]BulkResult
	var err error
	if adds {
		each, err = r.applyEach(tx)
	} else {
		err = r.removeSet(tx, !r.opt.WhatIf)
	}
	if err != nil {
		return err
	}
	if err := r.tally(tx, each, out); err != nil {
		return err
	}
	if !r.opt.WhatIf {
		if err := r.record(tx, out); err != nil {
			return err
		}
	}
	if r.opt.OnRow != nil {
		out.results, err = r.results(tx, each)
	}
	return err
}

// specOf numbers a row's request, so that rows asking the same share it.
func (r *bulkRun) specOf(row BulkRow) int {
	spec := bulkSpec{remove: row.Remove, removeAll: row.RemoveAll, add: row.Add}
	key := spec.key()
	n, ok := r.specs[key]
	if !ok {
		n = len(r.byNum)
		r.specs[key] = n
		r.byNum = append(r.byNum, spec)
	}
	return n
}

// bulkSpec is what a row asks for.
type bulkSpec struct {
	remove    []string
	removeAll bool
	add       []AddLicense
}

func (b bulkSpec) key() string {
	var sb strings.Builder
	if b.removeAll {
		sb.WriteString("*")
	}
	for _, x := range b.remove {
		sb.WriteString("\x00")
		sb.WriteString(x)
	}
	for _, a := range b.add {
		sb.WriteString("\x01")
		sb.WriteString(a.SkuID)
		for _, p := range a.DisabledPlans {
			sb.WriteString("\x02")
			sb.WriteString(p)
		}
	}
	return sb.String()
}

// applyEach is the path of rows that assign licenses: one SetUserLicense
// (after RemoveAllLicenses when asked) per user, each atomic, as seats
// taken must be counted in order.
func (r *bulkRun) applyEach(tx *Tx) (map[int]BulkResult, error) {
	todo, err := r.st.pending(tx)
	if err != nil {
		return nil, err
	}
	out := map[int]BulkResult{}
	for _, p := range todo {
		spec := r.byNum[p.spec]
		res := BulkResult{Number: p.n, Identity: p.upn}
		before, err := tx.ResolveUser(p.userID)
		if err != nil {
			return nil, err
		}
		var lr LicenseResult
		err = tx.atomic(func() error {
			var err error
			if spec.removeAll {
				if lr, err = tx.RemoveAllLicenses(p.userID); err != nil {
					return err
				}
			}
			if len(spec.add) > 0 || len(spec.remove) > 0 {
				more, err := tx.SetUserLicense(p.userID, spec.add, spec.remove)
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
		var te *Error
		switch {
		case errors.As(err, &te):
			res.Status, res.Detail = StatusFailed, te.Message
		case err != nil:
			return nil, err
		default:
			res.Removed, res.Added = lr.Removed, append(lr.Added, lr.Updated...)
			for _, part := range before.Licenses {
				if !contains(lr.User.Licenses, part) {
					res.Freed = append(res.Freed, part)
				}
			}
			res.Status = StatusSkipped
			if lr.Changed {
				res.Status = StatusChanged
			}
			res.Detail = lr.Detail()
		}
		if err := r.st.decide(tx, res); err != nil {
			return nil, err
		}
		out[p.n] = res
	}
	tx.skus = nil
	return out, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// finish marks the batch finished.
func (r *bulkRun) finish(ctx context.Context) error {
	return r.st.sql.writeOn(ctx, func(tx *Tx) error {
		tx.SetBatch(r.id)
		if err := r.noteResume(tx); err != nil {
			return err
		}
		return tx.FinishBatch()
	})
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
