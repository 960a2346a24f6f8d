package batch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"licsh/builtins/m365"
	"licsh/builtins/tenant"
	"licsh/builtins/tenant/catalog"
	"licsh/builtins/tenant/graphclient"
	"licsh/shell/cmdlet"
	"licsh/shell/interp"
)

// A batch against a Microsoft 365 tenant, connected through Graph, does
// what a batch on a tenant file does, row by row over Graph: each chunk of
// 20 rows reads its users in one $batch, works out each row's change in the
// tenant's words, records the rows it is about to change in the journal
// (Pending), sends the changes in one $batch of assignLicense requests,
// and records each row's outcome, before the chunk counts as done. Up to
// -ThrottleLimit chunks are in flight. The journal is a file of the
// session's state folder per tenant (m365.StateDir), where
// Get-LicenseBatch, -Resume and Undo-LicenseBatch find the batch. A batch
// stopped midway (Ctrl-C, a kill, the service gone) leaves its Pending
// rows, which -Resume checks on the tenant before doing anything: a change
// Graph made is recorded, not made again.

// defaultThrottleLimit is how many $batches are in flight at once.
const defaultThrottleLimit = 4

// journalPath is the journal of the batches run against a tenant.
func journalPath(tenantID string) string {
	return filepath.Join(m365.StateDir(), "batches-"+strings.ToLower(tenantID)+".db")
}

// openJournal opens the journal of g's tenant.
func openJournal(g *m365.GraphTenant) (*tenant.Store, error) {
	path := journalPath(g.ID)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	return tenant.Open(path)
}

// graphSkus are the products of a Graph tenant, to resolve what rows name.
type graphSkus struct {
	byID  map[string]tenant.SkuRef
	byKey map[string][]tenant.SkuRef // lower part number and product name
	total map[string]int             // sku id -> enabled units less warning and consumed
}

// readSkus reads the tenant's products; the catalog names them.
func readSkus(ctx context.Context, g *m365.GraphTenant, cat *catalog.Catalog) (*graphSkus, error) {
	s := &graphSkus{byID: map[string]tenant.SkuRef{}, byKey: map[string][]tenant.SkuRef{}, total: map[string]int{}}
	err := g.Client.Each(ctx, "/subscribedSkus", func(raw json.RawMessage) error {
		var k struct {
			SkuID    string `json:"skuId"`
			Part     string `json:"skuPartNumber"`
			Consumed int    `json:"consumedUnits"`
			Prepaid  struct {
				Enabled int `json:"enabled"`
				Warning int `json:"warning"`
			} `json:"prepaidUnits"`
		}
		if err := json.Unmarshal(raw, &k); err != nil {
			return err
		}
		ref := tenant.SkuRef{SkuID: strings.ToLower(k.SkuID), PartNumber: k.Part, ProductName: k.Part}
		if p, ok := cat.ByID(ref.SkuID); ok {
			ref.ProductName = p.Name
		}
		s.byID[ref.SkuID] = ref
		s.byKey[strings.ToLower(ref.PartNumber)] = append(s.byKey[strings.ToLower(ref.PartNumber)], ref)
		if ref.ProductName != ref.PartNumber {
			s.byKey[strings.ToLower(ref.ProductName)] = append(s.byKey[strings.ToLower(ref.ProductName)], ref)
		}
		s.total[ref.SkuID] = k.Prepaid.Enabled - k.Prepaid.Warning - k.Consumed
		return nil
	})
	return s, err
}

// resolve finds the product a row names as the tenant's rules do: GUID,
// part number, the MSOnline form, or product name.
func (s *graphSkus) resolve(text string) (tenant.SkuRef, error) {
	t := strings.TrimSpace(text)
	if id, ok := catalog.NormalizeGUID(t); ok {
		if ref, ok := s.byID[id]; ok {
			return ref, nil
		}
		return tenant.SkuRef{}, &tenant.Error{Code: tenant.CodeSkuNotFound, Message: fmt.Sprintf("License %s does not correspond to a valid company License.", t)}
	}
	if _, part, ok := strings.Cut(t, ":"); ok {
		t = strings.TrimSpace(part)
	}
	refs := s.byKey[strings.ToLower(t)]
	if len(refs) == 1 {
		return refs[0], nil
	}
	return tenant.SkuRef{}, &tenant.Error{Code: tenant.CodeSkuNotFound, Message: fmt.Sprintf("License %s does not correspond to a valid company License.", strings.TrimSpace(text))}
}

// known answers whether a text names a product, for splitting license cells.
func (s *graphSkus) known(text string) bool {
	_, err := s.resolve(text)
	return err == nil
}

// graphRow is a row of the list on its way through a Graph batch.
type graphRow struct {
	seq int // its place among the rows read, for reporting in order
	row tenant.BulkRow
	rec []string
	res tenant.BulkResult
	// decided is set once the row's outcome is known.
	decided bool
	// send is the assignLicense body, when the row changes its user.
	send    map[string]any
	userID  string
	notes   []string
	added   []tenant.LicenseRef
	pending bool // the interrupted run recorded it Pending
}

// graphRun is one Invoke-LicenseBatch on a Graph tenant.
type graphRun struct {
	c       cmdlet.Call
	g       *m365.GraphTenant
	journal *tenant.Store
	id      int64
	whatIf  bool
	skus    *graphSkus
	groups  map[string]string // group id -> display name

	mu       sync.Mutex
	prior    map[int]tenant.BatchRow // rows the interrupted run recorded
	seenText map[string]int
	seenUser map[string]int
	out      map[int]*graphRow // decided rows waiting for those before them
	next     int               // the seq of the next row to report
	report   func(*graphRow) error
	counts   [3]int
	freed    map[string]int
	// undoOf is the batch an undo puts back, and since when it started:
	// a user whose licenses changed after that is left as is.
	undoOf int64
	since  time.Time
}

func invokeGraphBatch(c cmdlet.Call, g *m365.GraphTenant) error {
	ctx := c.Context()
	journal, err := openJournal(g)
	if err != nil {
		return batchError("JournalUnavailable", journalPath(g.ID), fmt.Sprintf("Cannot open the batch journal %s: %v", journalPath(g.ID), err))
	}
	defer journal.Close()
	opt := batchOptions{Sheet: c.String("Sheet"), Column: c.String("Column"), RemoveLicenses: c.Strings("RemoveLicenses"),
		RemoveAll: c.Switch("RemoveAll"), AddLicenses: c.Strings("AddLicenses")}
	if p := c.String("Path"); p != "" {
		opt.Path = c.Path(p)
	}
	r := &graphRun{c: c, g: g, journal: journal, whatIf: c.WhatIf(), prior: map[int]tenant.BatchRow{}, seenText: map[string]int{},
		seenUser: map[string]int{}, out: map[int]*graphRow{}, freed: map[string]int{}}
	resume := int64(c.Int("Resume"))
	if resume != 0 {
		bs, err := journal.Batches(ctx, resume)
		if err != nil {
			return m365.Record(err, resume)
		}
		if !bs[0].Finished.IsZero() {
			return m365.Record(&tenant.Error{Code: tenant.CodeInvalidValue, Message: fmt.Sprintf("Batch %d is already finished; there is nothing to resume.", resume)}, resume)
		}
		var stored batchOptions
		if err := json.Unmarshal([]byte(bs[0].Options), &stored); err != nil || stored.Path == "" {
			return batchError("ResumeFailed", resume, fmt.Sprintf("Batch %d was not started by Invoke-LicenseBatch and cannot be resumed.", resume))
		}
		if opt.Path != "" && filepath.Clean(opt.Path) != filepath.Clean(stored.Path) {
			return batchError("ResumeFailed", opt.Path, fmt.Sprintf("Batch %d read the list %s, not %s: resume it with its own list, or leave out -Path.", resume, stored.Path, opt.Path))
		}
		opt = stored
		// The journal tells rows by their numbers: a list that changed
		// since may number other users now.
		if info, err := os.Stat(opt.Path); err == nil && !c.Switch("Force") && opt.Size != 0 &&
			(info.Size() != opt.Size || !info.ModTime().UTC().Equal(opt.Modified)) {
			return listChanged(resume, opt, &tenant.Error{Code: tenant.CodeInvalidValue,
				Message: "The rows the batch did are known by their numbers, which may name other users now."})
		}
		rows, err := journal.BatchRows(ctx, resume)
		if err != nil {
			return m365.Record(err, resume)
		}
		for _, row := range rows {
			r.prior[row.RowNumber] = row
		}
		r.id = resume
	}
	if opt.Path == "" {
		return batchError("PathMissing", nil, "Specify the list of users with -Path, or the batch to finish with -Resume.")
	}
	if info, err := os.Stat(opt.Path); err == nil && resume == 0 {
		opt.Size, opt.Modified = info.Size(), info.ModTime().UTC()
	}
	if r.skus, err = readSkus(ctx, g, catalog.Builtin()); err != nil {
		return m365.GraphRecord(err, opt.Path)
	}
	for _, sku := range append(append([]string{}, opt.RemoveLicenses...), opt.AddLicenses...) {
		if _, err := r.skus.resolve(sku); err != nil {
			return m365.Record(err, sku)
		}
	}
	if r.groups, err = readGroups(ctx, g); err != nil {
		return m365.GraphRecord(err, opt.Path)
	}
	list, err := openUserList(opt.Path, opt.Sheet, opt.Column)
	if err != nil {
		return listRecord(err, opt.Path)
	}
	defer list.Close()
	if _, perRow := list.Licenses(make([]string, len(list.Columns))); !perRow && len(opt.RemoveLicenses) == 0 && !opt.RemoveAll && len(opt.AddLicenses) == 0 {
		return batchError("NoLicenseChanges", opt.Path,
			"Specify -RemoveLicenses, -RemoveAll or -AddLicenses, or give the file a RemoveLicenses, Licenses or Sku column.")
	}
	var results *resultWriter
	if rp := c.String("ResultPath"); rp != "" {
		if results, err = newResultWriter(c.Path(rp), list.Columns); err != nil {
			return batchError("ResultPathFailed", rp, err.Error())
		}
		defer results.Abort()
	}
	if !r.whatIf && r.id == 0 {
		who := g.Client.Identity()
		actor := who.Account
		if actor == "" {
			actor = who.AppName
		}
		if r.id, err = journal.StartJournal(ctx, opt.Path, opt, actor); err != nil {
			return batchError("JournalUnavailable", journalPath(g.ID), err.Error())
		}
	}
	var add []tenant.AddLicense
	for _, a := range opt.AddLicenses {
		ref, _ := r.skus.resolve(a)
		add = append(add, tenant.AddLicense{SkuID: ref.SkuID})
	}
	prog := newProgress(c, "Invoke-LicenseBatch", c.Switch("Quiet"))
	prog.fraction = list.Progress
	r.report = func(gr *graphRow) error {
		prog.add(1)
		if r.whatIf {
			whatIfRow(c, gr.res)
		}
		if results != nil {
			return results.Write(gr.rec, gr.res)
		}
		return nil
	}
	started := time.Now()
	seq := 0
	next := func() ([]*graphRow, bool, error) {
		var chunk []*graphRow
		for len(chunk) < graphclient.MaxBatch {
			rec, n, err := list.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, false, err
			}
			row := tenant.BulkRow{Number: n, Identity: list.Identity(rec), Remove: opt.RemoveLicenses, RemoveAll: opt.RemoveAll, Add: add}
			if p := identityProblem(row.Identity); p != "" {
				row.Problem = fmt.Sprintf("Row %d: %s", n, p)
			}
			if cell, ok := list.Licenses(rec); ok && cell != "" {
				row.Remove, row.RemoveAll = splitLicenses(cell, r.skus.known), false
				if len(row.Remove) == 0 && len(add) == 0 {
					row.Skip = "The row lists no licenses to remove."
				}
			}
			gr := &graphRow{seq: seq, row: row, rec: rec}
			// Rows are told apart here, in the list's order, so that the
			// first of two rows naming one user is the one done.
			r.mu.Lock()
			r.early(gr)
			r.mu.Unlock()
			chunk = append(chunk, gr)
			seq++
		}
		return chunk, len(chunk) > 0, nil
	}
	limit := c.Int("ThrottleLimit")
	if limit <= 0 {
		limit = defaultThrottleLimit
	}
	waits := g.Client.Waits()
	runErr := graphclient.Pipeline(ctx, limit, next, r.chunk)
	prog.done()
	if n := g.Client.Waits() - waits; n > 0 {
		c.WriteVerbose(fmt.Sprintf("Graph throttled the batch: it waited %d times, as Retry-After asked.", n))
	}
	sum := tenant.BulkSummary{BatchID: r.id, Duration: time.Since(started)}
	if r.id != 0 {
		if runErr == nil && !r.whatIf {
			runErr = journal.FinishJournal(context.WithoutCancel(ctx), r.id)
		}
		if bs, err := journal.Batches(context.WithoutCancel(ctx), r.id); err == nil {
			sum.Rows, sum.Changed, sum.Skipped, sum.Failed = bs[0].Rows, bs[0].Changed, bs[0].Skipped, bs[0].Failed
		}
	}
	if r.whatIf {
		sum.BatchID = 0
		sum.Changed, sum.Skipped, sum.Failed = r.counts[0], r.counts[1], r.counts[2]
		sum.Rows = sum.Changed + sum.Skipped + sum.Failed
	}
	for id, n := range r.freed {
		ref := r.skus.byID[id]
		sum.SeatsFreed = append(sum.SeatsFreed, tenant.SeatCount{SkuRef: ref, Freed: n, Available: r.skus.total[id] + n})
	}
	if runErr != nil {
		var le *listError
		switch {
		case errors.As(runErr, &le):
			return listRecord(runErr, opt.Path)
		case errors.Is(runErr, context.Canceled) && !r.whatIf && r.id != 0:
			return stoppedBatch(c, opt.Path, sum, runErr, results)
		}
		rec := m365.GraphRecord(runErr, opt.Path)
		if r.id != 0 && !r.whatIf {
			rec.Exception.Message += fmt.Sprintf(" The batch stopped after %d rows; the users it changed stay changed. Finish it with: Invoke-LicenseBatch -Resume %d", sum.Rows, r.id)
		}
		return rec
	}
	if results != nil {
		if err := results.Close(); err != nil {
			return batchError("ResultPathFailed", c.String("ResultPath"), err.Error())
		}
	}
	if err := c.Write(summaryObject(sum)); err != nil {
		return err
	}
	if err := m365.WarnUnusedSeats(c, g.Directory, sum.SeatsFreed, r.whatIf); err != nil {
		return err
	}
	if c.Switch("FailOnError") && sum.Failed > 0 {
		return interp.Inner(c).ExitWith(2)
	}
	return nil
}

// readGroups reads the tenant's groups' names, which notes about
// inherited licenses give.
func readGroups(ctx context.Context, g *m365.GraphTenant) (map[string]string, error) {
	out := map[string]string{}
	err := g.Client.Each(ctx, "/groups?$top=999&$select=id,displayName", func(raw json.RawMessage) error {
		var x struct {
			ID   string `json:"id"`
			Name string `json:"displayName"`
		}
		if err := json.Unmarshal(raw, &x); err != nil {
			return err
		}
		out[strings.ToLower(x.ID)] = x.Name
		return nil
	})
	return out, err
}

// graphUserState is a user as a batch reads it.
type graphUserState struct {
	ID     string `json:"id"`
	UPN    string `json:"userPrincipalName"`
	States []struct {
		SkuID         string    `json:"skuId"`
		Group         *string   `json:"assignedByGroup"`
		DisabledPlans []string  `json:"disabledPlans"`
		Updated       time.Time `json:"lastUpdatedDateTime"`
	} `json:"licenseAssignmentStates"`
}

// readUsers reads the licenses of the rows' users in one $batch, without
// r.mu held: each row's user, or the refusal Graph answered it with. A
// service that does not answer, for any row, ends the chunk.
func (r *graphRun) readUsers(ctx context.Context, rows []*graphRow) ([]graphUserState, []error, error) {
	if len(rows) == 0 {
		return nil, nil, nil
	}
	reads := make([]graphclient.Request, len(rows))
	for i, gr := range rows {
		reads[i] = graphclient.Request{Method: http.MethodGet,
			Path: "/users/" + url.PathEscape(strings.TrimSpace(gr.row.Identity)) + "?$select=id,userPrincipalName,licenseAssignmentStates"}
	}
	answers, errs, err := r.g.Client.Batch(ctx, reads)
	if err != nil {
		return nil, nil, err
	}
	users := make([]graphUserState, len(rows))
	for i := range rows {
		if unavailable(errs[i]) {
			return nil, nil, errs[i]
		}
		if errs[i] == nil {
			if err := json.Unmarshal(answers[i].Body, &users[i]); err != nil {
				return nil, nil, err
			}
		}
	}
	return users, errs, nil
}

// chunk takes up to 20 rows through the batch: read, decide, record,
// change, record.
func (r *graphRun) chunk(ctx context.Context, rows []*graphRow) error {
	var readRows []*graphRow
	r.mu.Lock()
	for _, gr := range rows {
		if !gr.decided {
			readRows = append(readRows, gr)
		}
	}
	r.mu.Unlock()
	users, errs, err := r.readUsers(ctx, readRows)
	if err != nil {
		return err
	}
	r.mu.Lock()
	var sends []graphclient.Request
	var sendRows []*graphRow
	var pending []tenant.BatchRow
	for i, gr := range readRows {
		if errs[i] != nil {
			r.decide(gr, tenant.StatusFailed, errs[i].Error())
			continue
		}
		u := users[i]
		r.plan(gr, u)
		if !gr.decided {
			sends = append(sends, graphclient.Request{Method: http.MethodPost, Path: "/users/" + url.PathEscape(u.ID) + "/assignLicense", Body: gr.send})
			sendRows = append(sendRows, gr)
			pending = append(pending, tenant.BatchRow{RowNumber: gr.row.Number, Identity: gr.res.Identity, Status: tenant.StatusPending, Removed: gr.res.Removed})
		}
	}
	if len(pending) > 0 && !r.whatIf {
		err = r.journal.JournalRows(context.WithoutCancel(ctx), r.id, pending)
	}
	if err == nil {
		err = r.settle(ctx, rows)
	}
	r.mu.Unlock()
	if err != nil || len(sends) == 0 {
		return err
	}
	if r.whatIf {
		r.mu.Lock()
		defer r.mu.Unlock()
		for _, gr := range sendRows {
			r.changed(gr)
		}
		return r.settle(ctx, rows)
	}
	_, sendErrs, err := r.g.Client.Batch(ctx, sends)
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var stop error
	for i, gr := range sendRows {
		switch {
		case unavailable(sendErrs[i]):
			// Graph did not do it and said to come back later: the row stays
			// Pending, for -Resume to do.
			stop = sendErrs[i]
		case sendErrs[i] != nil:
			r.decide(gr, tenant.StatusFailed, sendErrs[i].Error())
		default:
			r.changed(gr)
		}
	}
	if err := r.settle(ctx, rows); err != nil {
		return err
	}
	return stop
}

// unavailable reports whether err is Graph throttling or unavailable to the
// end of the client's tries: the request was not done, and is no outcome
// of its row.
func unavailable(err error) bool {
	return graphclient.IsStatus(err, http.StatusTooManyRequests) || graphclient.IsStatus(err, http.StatusServiceUnavailable) ||
		graphclient.IsStatus(err, http.StatusGatewayTimeout)
}

// early decides what a row is without asking Graph: a row the interrupted
// run finished, a row with a problem, a blank row, a duplicate.
func (r *graphRun) early(gr *graphRow) {
	gr.res = tenant.BulkResult{Number: gr.row.Number, Identity: strings.TrimSpace(gr.row.Identity)}
	if p, ok := r.prior[gr.row.Number]; ok {
		if p.Status != tenant.StatusPending {
			gr.res = tenant.BulkResult{Number: p.RowNumber, Identity: p.Identity, Status: p.Status, Detail: p.Detail, Removed: p.Removed, Resumed: true}
			gr.decided = true
			return
		}
		gr.pending = true
		gr.res.Removed = p.Removed
	}
	key := strings.ToLower(gr.res.Identity)
	switch {
	case gr.row.Problem != "":
		r.decide(gr, tenant.StatusFailed, gr.row.Problem)
	case key == "":
		r.decide(gr, tenant.StatusSkipped, tenant.NoUserNote)
	case gr.row.Skip != "":
		r.decide(gr, tenant.StatusSkipped, gr.row.Skip)
	default:
		if first, ok := r.seenText[key]; ok {
			r.decide(gr, tenant.StatusSkipped, tenant.DuplicateRowNote(first))
			return
		}
		r.seenText[key] = gr.row.Number
	}
}

// decide gives a row its outcome.
func (r *graphRun) decide(gr *graphRow, status, detail string) {
	gr.res.Status, gr.res.Detail, gr.decided = status, detail, true
}

// changed records that a row's change was made.
func (r *graphRun) changed(gr *graphRow) {
	lr := tenant.LicenseResult{Removed: gr.res.Removed, Added: gr.added, Warnings: gr.notes}
	r.decide(gr, tenant.StatusChanged, lr.Detail())
	for _, ref := range gr.res.Removed {
		gr.res.Freed = append(gr.res.Freed, ref.PartNumber)
		r.freed[ref.SkuID]++
	}
	gr.res.Added = gr.added
}

// plan works out a row's change from its user's licenses, in the words
// the tenant's rules use. A row the interrupted run left Pending whose
// change is there already is Changed without sending it again.
func (r *graphRun) plan(gr *graphRow, u graphUserState) {
	gr.res.Identity, gr.userID = u.UPN, u.ID
	if first, ok := r.seenUser[strings.ToLower(u.ID)]; ok && first != gr.row.Number {
		r.decide(gr, tenant.StatusSkipped, tenant.DuplicateRowNote(first))
		return
	}
	r.seenUser[strings.ToLower(u.ID)] = gr.row.Number
	direct := map[string][]string{}
	inherited := map[string]string{}
	for _, s := range u.States {
		id := strings.ToLower(s.SkuID)
		if s.Group == nil {
			direct[id] = s.DisabledPlans
		} else if _, ok := inherited[id]; !ok {
			inherited[id] = strings.ToLower(*s.Group)
		}
	}
	if gr.pending {
		done := true
		for _, ref := range gr.res.Removed {
			_, still := direct[ref.SkuID]
			done = done && !still
		}
		for _, a := range gr.row.Add {
			_, has := direct[a.SkuID]
			done = done && has
		}
		if done {
			gr.added = addedRefs(r.skus, gr.row.Add)
			r.changed(gr)
			return
		}
	}
	var removed []tenant.LicenseRef
	var notes []string
	remove := func(ref tenant.SkuRef) {
		removed = append(removed, tenant.LicenseRef{SkuRef: ref, DisabledPlans: direct[ref.SkuID]})
	}
	if gr.row.RemoveAll {
		for id := range direct {
			remove(r.skus.ref(id))
		}
		for id, grp := range inherited {
			if _, ok := direct[id]; !ok {
				notes = append(notes, tenant.NoteInheritedStays(r.skus.ref(id).PartNumber, u.UPN, r.groups[grp]))
			}
		}
		if len(direct) == 0 && len(inherited) == 0 {
			notes = append(notes, tenant.NoteNothingDirect(u.UPN))
		}
	}
	for _, text := range gr.row.Remove {
		ref, err := r.skus.resolve(text)
		if err != nil {
			r.decide(gr, tenant.StatusFailed, err.Error())
			return
		}
		_, isDirect := direct[ref.SkuID]
		_, isInherited := inherited[ref.SkuID]
		switch {
		case isDirect:
			remove(ref)
		case isInherited:
			r.decide(gr, tenant.StatusFailed, tenant.ErrInherited().Message)
			return
		default:
			notes = append(notes, tenant.NoteNotHeld(u.UPN, ref))
		}
	}
	sortRefs(removed)
	gr.res.Removed, gr.notes, gr.added = removed, notes, addedRefs(r.skus, gr.row.Add)
	if len(removed) == 0 && len(gr.row.Add) == 0 {
		if len(notes) == 0 {
			r.decide(gr, tenant.StatusFailed, tenant.ErrNoChanges().Message)
			return
		}
		r.decide(gr, tenant.StatusSkipped, strings.Join(notes, " "))
		return
	}
	ids := make([]string, len(removed))
	for i, ref := range removed {
		ids[i] = ref.SkuID
	}
	adds := make([]map[string]any, len(gr.row.Add))
	for i, a := range gr.row.Add {
		adds[i] = map[string]any{"skuId": a.SkuID, "disabledPlans": orEmpty(a.DisabledPlans)}
	}
	gr.send = map[string]any{"addLicenses": adds, "removeLicenses": ids}
}

// ref is the product of a sku id, by its id when the tenant no longer
// lists it.
func (s *graphSkus) ref(id string) tenant.SkuRef {
	if ref, ok := s.byID[id]; ok {
		return ref
	}
	return tenant.SkuRef{SkuID: id, PartNumber: id, ProductName: id}
}

func addedRefs(s *graphSkus, add []tenant.AddLicense) []tenant.LicenseRef {
	var out []tenant.LicenseRef
	for _, a := range add {
		out = append(out, tenant.LicenseRef{SkuRef: s.ref(a.SkuID), DisabledPlans: a.DisabledPlans})
	}
	return out
}

func sortRefs(refs []tenant.LicenseRef) {
	for i := 1; i < len(refs); i++ {
		for j := i; j > 0 && refs[j].PartNumber < refs[j-1].PartNumber; j-- {
			refs[j], refs[j-1] = refs[j-1], refs[j]
		}
	}
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// settle records the outcomes of a chunk's decided rows in the journal
// and reports every row whose turn has come, in the list's order.
func (r *graphRun) settle(ctx context.Context, rows []*graphRow) error {
	var outcomes []tenant.BatchRow
	for _, gr := range rows {
		if !gr.decided {
			continue
		}
		if _, seen := r.out[gr.seq]; seen || gr.seq < r.next {
			continue
		}
		r.out[gr.seq] = gr
		if gr.res.Resumed {
			continue
		}
		r.counts[indexOf(gr.res.Status)]++
		outcomes = append(outcomes, tenant.BatchRow{RowNumber: gr.row.Number, Identity: gr.res.Identity, Status: gr.res.Status,
			Detail: gr.res.Detail, Removed: gr.res.Removed})
	}
	if len(outcomes) > 0 && !r.whatIf {
		if err := r.journal.JournalRows(context.WithoutCancel(ctx), r.id, outcomes); err != nil {
			return err
		}
	}
	for {
		gr, ok := r.out[r.next]
		if !ok {
			return nil
		}
		delete(r.out, r.next)
		r.next++
		if err := r.report(gr); err != nil {
			return err
		}
	}
}

func indexOf(status string) int {
	switch status {
	case tenant.StatusChanged:
		return 0
	case tenant.StatusSkipped:
		return 1
	}
	return 2
}

// undoGraphBatch puts back, on a Microsoft 365 tenant, what a batch of its
// journal removed: the same products with the same disabled plans, 20
// users to a $batch. A user who holds them again is reported and left as
// is. The undo is itself a batch of the journal; an undo that stopped is
// finished by undoing again.
func undoGraphBatch(c cmdlet.Call, g *m365.GraphTenant, id int64) error {
	ctx := c.Context()
	journal, err := openJournal(g)
	if err != nil {
		return batchError("JournalUnavailable", journalPath(g.ID), fmt.Sprintf("Cannot open the batch journal %s: %v", journalPath(g.ID), err))
	}
	defer journal.Close()
	rows, err := journal.BatchRows(ctx, id)
	if err != nil {
		return m365.Record(err, id)
	}
	prior, finished, err := journal.Undone(ctx, id)
	if err != nil {
		return m365.Record(err, id)
	}
	if finished {
		return m365.Record(tenant.ErrAlreadyUndone(id, prior), id)
	}
	undone, err := journal.Batches(ctx, id)
	if err != nil {
		return m365.Record(err, id)
	}
	r := &graphRun{c: c, g: g, journal: journal, prior: map[int]tenant.BatchRow{}, seenText: map[string]int{}, seenUser: map[string]int{},
		out: map[int]*graphRow{}, freed: map[string]int{}, id: prior, undoOf: id, since: undone[0].Started}
	if r.skus, err = readSkus(ctx, g, catalog.Builtin()); err != nil {
		return m365.GraphRecord(err, id)
	}
	if prior != 0 {
		done, err := journal.BatchRows(ctx, prior)
		if err != nil {
			return m365.Record(err, prior)
		}
		for _, row := range done {
			r.prior[row.RowNumber] = row
		}
	} else {
		who := g.Client.Identity()
		actor := who.Account
		if actor == "" {
			actor = who.AppName
		}
		if r.id, err = journal.StartJournal(ctx, tenant.UndoSource(id), tenant.UndoRecord(id), actor); err != nil {
			return batchError("JournalUnavailable", journalPath(g.ID), err.Error())
		}
	}
	prog := newProgress(c, "Undo-LicenseBatch", c.Switch("Quiet"))
	r.report = func(gr *graphRow) error {
		prog.add(1)
		if gr.res.Status == tenant.StatusFailed && !gr.res.Resumed {
			c.WriteWarning(fmt.Sprintf("Row %d (%s) was not restored: %s", gr.res.Number, gr.res.Identity, gr.res.Detail))
		}
		return nil
	}
	var todo []*graphRow
	for _, row := range rows {
		if row.Status == tenant.StatusChanged && len(row.Removed) > 0 {
			add := make([]tenant.AddLicense, len(row.Removed))
			for i, ref := range row.Removed {
				add[i] = tenant.AddLicense{SkuID: ref.SkuID, DisabledPlans: ref.DisabledPlans}
			}
			todo = append(todo, &graphRow{seq: len(todo), row: tenant.BulkRow{Number: row.RowNumber, Identity: row.Identity, Add: add}})
		}
	}
	started := time.Now()
	next := 0
	err = graphclient.Pipeline(ctx, defaultThrottleLimit, func() ([]*graphRow, bool, error) {
		end := min(next+graphclient.MaxBatch, len(todo))
		chunk := todo[next:end]
		next = end
		return chunk, len(chunk) > 0, nil
	}, r.restoreChunk)
	prog.done()
	sum := tenant.BulkSummary{BatchID: r.id, Duration: time.Since(started)}
	if err == nil {
		err = journal.FinishJournal(context.WithoutCancel(ctx), r.id)
	}
	if bs, berr := journal.Batches(context.WithoutCancel(ctx), r.id); berr == nil {
		sum.Rows, sum.Changed, sum.Skipped, sum.Failed = bs[0].Rows, bs[0].Changed, bs[0].Skipped, bs[0].Failed
	}
	if err != nil {
		return m365.GraphRecord(err, id)
	}
	return c.Write(summaryObject(sum))
}

// restoreChunk restores up to 20 users: reads them, leaves those who hold
// the licenses again, and assigns the rest in one $batch.
func (r *graphRun) restoreChunk(ctx context.Context, rows []*graphRow) error {
	r.mu.Lock()
	var readRows []*graphRow
	for _, gr := range rows {
		gr.res = tenant.BulkResult{Number: gr.row.Number, Identity: gr.row.Identity}
		if p, ok := r.prior[gr.row.Number]; ok && p.Status != tenant.StatusPending {
			gr.res = tenant.BulkResult{Number: p.RowNumber, Identity: p.Identity, Status: p.Status, Detail: p.Detail, Resumed: true}
			gr.decided = true
			continue
		}
		readRows = append(readRows, gr)
	}
	r.mu.Unlock()
	users, errs, err := r.readUsers(ctx, readRows)
	if err != nil {
		return err
	}
	r.mu.Lock()
	var sends []graphclient.Request
	var sendRows []*graphRow
	var pending []tenant.BatchRow
	for i, gr := range readRows {
		if errs[i] != nil {
			r.decide(gr, tenant.StatusFailed, errs[i].Error())
			continue
		}
		u := users[i]
		gr.res.Identity = u.UPN
		held := map[string]bool{}
		changed := false
		for _, s := range u.States {
			if s.Group == nil {
				held[strings.ToLower(s.SkuID)] = true
				changed = changed || s.Updated.After(r.since)
			}
		}
		if changed {
			r.decide(gr, tenant.StatusFailed, tenant.NoteChangedSince(u.UPN, r.undoOf))
			continue
		}
		var adds []map[string]any
		for _, a := range gr.row.Add {
			if !held[a.SkuID] {
				adds = append(adds, map[string]any{"skuId": a.SkuID, "disabledPlans": orEmpty(a.DisabledPlans)})
				gr.added = append(gr.added, tenant.LicenseRef{SkuRef: r.skus.ref(a.SkuID), DisabledPlans: a.DisabledPlans})
			}
		}
		if len(adds) == 0 {
			r.decide(gr, tenant.StatusSkipped, tenant.NoteHeldAgain(u.UPN))
			continue
		}
		sends = append(sends, graphclient.Request{Method: http.MethodPost, Path: "/users/" + url.PathEscape(u.ID) + "/assignLicense",
			Body: map[string]any{"addLicenses": adds, "removeLicenses": []string{}}})
		sendRows = append(sendRows, gr)
		pending = append(pending, tenant.BatchRow{RowNumber: gr.row.Number, Identity: u.UPN, Status: tenant.StatusPending})
	}
	err = r.journal.JournalRows(context.WithoutCancel(ctx), r.id, pending)
	if err == nil {
		err = r.settle(ctx, rows)
	}
	r.mu.Unlock()
	if err != nil || len(sends) == 0 {
		return err
	}
	_, sendErrs, err := r.g.Client.Batch(ctx, sends)
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var stop error
	for i, gr := range sendRows {
		switch {
		case unavailable(sendErrs[i]):
			stop = sendErrs[i]
		case sendErrs[i] != nil:
			r.decide(gr, tenant.StatusFailed, sendErrs[i].Error())
		default:
			r.decide(gr, tenant.StatusChanged, tenant.NoteRestored(gr.added))
			gr.res.Added = gr.added
		}
	}
	if err := r.settle(ctx, rows); err != nil {
		return err
	}
	return stop
}
