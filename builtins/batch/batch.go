package batch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"time"

	"licsh/builtins/core"
	"licsh/builtins/m365"
	"licsh/builtins/tenant"
	"licsh/shell/cmdlet"
	"licsh/shell/format"
	"licsh/shell/interp"
	"licsh/shell/value"
)

const (
	typeBatch        = "licsh.LicenseBatch"
	typeBatchSummary = "licsh.LicenseBatchSummary"
)

// moduleName is the batch module's, which Get-Command shows as Source.
const moduleName = "licsh.Batch"

// Module is licsh's batch module: mass changes driven by user lists, on the
// tenant of ts.
func Module(ts *m365.Session) *interp.Module {
	return &interp.Module{Name: moduleName, Version: "1.0.0.0",
		Description: "Batches: licenses removed or added for the users of a CSV, XLSX or text list, with resume and undo; users imported from the admin center's export.",
		Cmdlets:     cmdlets(ts), Views: views()}
}

func cmdlets(ts *m365.Session) []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{
		{
			Name:     "Invoke-LicenseBatch",
			Module:   moduleName,
			Synopsis: "Removes (or assigns) licenses for every user listed in a CSV, XLSX or text file.",
			Description: "Invoke-LicenseBatch reads a list of users, a CSV file (comma or semicolon, UTF-8 or UTF-16), an XLSX workbook or a text file of one user per line, " +
				"and changes each listed user's licenses: each user atomically, the batch committed in chunks so that a crash loses nothing done and -Resume finishes the rest. " +
				"On a Microsoft 365 tenant the session is connected to through Graph, the rows go in $batch requests of 20, -ThrottleLimit of them in flight, waiting as Graph's Retry-After asks; each row's outcome is kept in a journal of the state folder before the batch goes on, so that -Resume, -WhatIf, -ResultPath, Get-LicenseBatch and Undo-LicenseBatch work as on a file and no row is done twice. " +
				"The user column is found by its header (UserPrincipalName, User principal name, User Name, UPN, Email, Object Id, Id) or named with -Column; the admin center's " +
				"Active users export works as it is. A RemoveLicenses, Licenses or Sku column gives a row's own products, overriding -RemoveLicenses. Duplicate rows are done once, " +
				"blank rows skipped, and unknown users, inherited or self-service licenses and licenses a user does not hold are reported per row. The run ends with a summary: " +
				"rows changed, skipped and failed, and the seats each product got back.",
			SupportsShouldProcess: true,
			Params: []*cmdlet.Param{
				{Name: "Path", Type: cmdlet.String, Position: 1, Complete: cmdlet.CompletePath, Help: "The list of users: .csv, .xlsx or .txt."},
				{Name: "Sheet", Aliases: []string{"WorksheetName"}, Type: cmdlet.String, Help: "The worksheet of an XLSX workbook; the first one by default."},
				{Name: "Column", Type: cmdlet.String, Help: "The header of the column that names the users."},
				{Name: "RemoveLicenses", Type: cmdlet.Strings, Complete: cmdlet.CompleteSku, Help: "The products to remove from every listed user."},
				{Name: "RemoveAll", Type: cmdlet.Switch, Help: "Removes every license assigned directly to each listed user."},
				{Name: "AddLicenses", Type: cmdlet.Strings, Complete: cmdlet.CompleteSku, Help: "Products to assign to every listed user."},
				{Name: "ResultPath", Type: cmdlet.String, Complete: cmdlet.CompletePath, Help: "A .csv or .xlsx file to write: the input's columns plus Status, Detail and RemovedLicenses, one row per input row."},
				{Name: "Resume", Type: cmdlet.Long, Help: "Finishes an interrupted batch: the rows it did are not done again. Its list must not have changed since it started."},
				{Name: "Force", Type: cmdlet.Switch, Help: "With -Resume, goes on although the list has changed since the batch started, matching rows by their numbers."},
				{Name: "FailOnError", Type: cmdlet.Switch, Help: "Ends the script with exit code 2 when any row failed."},
				{Name: "Quiet", Type: cmdlet.Switch, Help: "Shows no progress."},
				{Name: "ThrottleLimit", Type: cmdlet.Int, Help: "On a Microsoft 365 tenant, how many $batch requests of 20 rows are in flight at once; 4 when not given."},
			},
			Examples: []cmdlet.Example{
				{Code: "Invoke-LicenseBatch -Path ./leavers.csv -RemoveLicenses SPE_E5 -WhatIf", Remarks: "Shows what removing Microsoft 365 E5 from the listed users would do."},
				{Code: "Invoke-LicenseBatch ./leavers.xlsx -Sheet March -RemoveAll -ResultPath ./leavers-result.xlsx", Remarks: "Removes every direct license from the users of one worksheet and writes the outcome of each row."},
			},
			Outputs: typeBatchSummary,
			Process: func(c cmdlet.Call) error { return invokeLicenseBatch(c, ts) },
		},
		{
			Name:        "Get-LicenseBatch",
			Module:      moduleName,
			Synopsis:    "Lists the batches Invoke-LicenseBatch ran.",
			Description: "Get-LicenseBatch outputs past batches, newest first: the input file, who ran it, when it started and finished, and how many rows changed, were skipped or failed. A batch without FinishedDateTime was interrupted and can be resumed.",
			Params: []*cmdlet.Param{
				{Name: "Id", Type: cmdlet.Long, Position: 1, ValueFromPipelineByPropertyName: true, Help: "Only this batch."},
			},
			Examples: []cmdlet.Example{
				{Code: "Get-LicenseBatch", Remarks: "Lists every batch."},
				{Code: "$batch = Invoke-LicenseBatch ./leavers.csv -RemoveLicenses SPE_E3 -Quiet\nGet-LicenseBatch -Id $batch.BatchId | Format-List", Remarks: "Runs a batch, then shows it."},
			},
			Outputs: typeBatch,
			Process: func(c cmdlet.Call) error {
				st, err := batchStore(c, ts)
				if err != nil {
					return err
				}
				if ts.Graph() != nil {
					defer st.Close()
				}
				bs, err := st.Batches(c.Context(), int64(c.Int("Id")))
				if err != nil {
					return m365.Fail(c, err, c.Get("Id"))
				}
				for _, b := range bs {
					if err := c.Write(batchObject(b)); err != nil {
						return err
					}
				}
				return nil
			},
		},
		{
			Name:     "Undo-LicenseBatch",
			Module:   moduleName,
			Synopsis: "Puts back the licenses a batch removed.",
			Description: "Undo-LicenseBatch assigns again exactly what a batch removed, the same products with the same disabled plans, to each user the batch changed. " +
				"A user changed since the batch, deleted, or whose product has no seat left is reported and left as is. Within the 30-day grace period the user's mailbox data comes back. " +
				"The undo is itself a batch, listed by Get-LicenseBatch.",
			SupportsShouldProcess: true,
			Params: []*cmdlet.Param{
				{Name: "Id", Type: cmdlet.Long, Position: 1, Mandatory: true, ValueFromPipelineByPropertyName: true, Help: "The batch to undo."},
				{Name: "Quiet", Type: cmdlet.Switch, Help: "Shows no progress."},
			},
			Examples: []cmdlet.Example{
				{Code: "$batch = Invoke-LicenseBatch ./leavers.csv -RemoveAll -Quiet\nUndo-LicenseBatch -Id $batch.BatchId", Remarks: "Restores what a batch removed."},
			},
			Outputs: typeBatchSummary,
			Process: func(c cmdlet.Call) error { return undoLicenseBatch(c, ts) },
		},
		importUserCmdlet(ts),
	}
}

// batchOptions is what a batch records so that -Resume reads its input the
// same way, and can tell when the list changed since.
type batchOptions struct {
	Path           string
	Size           int64     `json:",omitempty"` // of the list when the batch started
	Modified       time.Time `json:",omitzero"`
	Sheet          string    `json:",omitempty"`
	Column         string    `json:",omitempty"`
	RemoveLicenses []string  `json:",omitempty"`
	RemoveAll      bool      `json:",omitempty"`
	AddLicenses    []string  `json:",omitempty"`
}

func invokeLicenseBatch(c cmdlet.Call, ts *m365.Session) error {
	if g := ts.Graph(); g != nil {
		return invokeGraphBatch(c, g)
	}
	st, err := ts.File(c)
	if err != nil {
		return err
	}
	ctx := c.Context()
	opt := batchOptions{Sheet: c.String("Sheet"), Column: c.String("Column"), RemoveLicenses: c.Strings("RemoveLicenses"),
		RemoveAll: c.Switch("RemoveAll"), AddLicenses: c.Strings("AddLicenses")}
	if p := c.String("Path"); p != "" {
		opt.Path = c.Path(p)
	}
	resume := int64(c.Int("Resume"))
	if resume != 0 {
		bs, err := st.Batches(ctx, resume)
		if err != nil {
			return m365.Record(err, resume)
		}
		var stored batchOptions
		if err := json.Unmarshal([]byte(bs[0].Options), &stored); err != nil || stored.Path == "" {
			return batchError("ResumeFailed", resume, fmt.Sprintf("Batch %d was not started by Invoke-LicenseBatch and cannot be resumed.", resume))
		}
		if opt.Path != "" && filepath.Clean(opt.Path) != filepath.Clean(stored.Path) {
			return batchError("ResumeFailed", opt.Path, fmt.Sprintf("Batch %d read the list %s, not %s: resume it with its own list, or leave out -Path.", resume, stored.Path, opt.Path))
		}
		opt = stored
	}
	if opt.Path == "" {
		return batchError("PathMissing", nil, "Specify the list of users with -Path, or the batch to finish with -Resume.")
	}
	if info, err := os.Stat(opt.Path); err == nil && resume == 0 {
		opt.Size, opt.Modified = info.Size(), info.ModTime().UTC()
	}
	for _, sku := range append(append([]string{}, opt.RemoveLicenses...), opt.AddLicenses...) {
		if _, err := st.ResolveSku(ctx, sku); err != nil {
			return m365.Record(err, sku)
		}
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
	known, err := productNames(c, st)
	if err != nil {
		return m365.Record(err, nil)
	}
	whatIf := c.WhatIf()
	var results *resultWriter
	if rp := c.String("ResultPath"); rp != "" {
		if results, err = newResultWriter(c.Path(rp), list.Columns); err != nil {
			return batchError("ResultPathFailed", rp, err.Error())
		}
		defer results.Abort()
	}
	pending := map[int][]string{}
	var add []tenant.AddLicense
	for _, a := range opt.AddLicenses {
		add = append(add, tenant.AddLicense{SkuID: a})
	}
	rows := func(yield func(tenant.BulkRow, error) bool) {
		for {
			rec, n, err := list.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				yield(tenant.BulkRow{}, err)
				return
			}
			row := tenant.BulkRow{Number: n, Identity: list.Identity(rec), Remove: opt.RemoveLicenses, RemoveAll: opt.RemoveAll, Add: add}
			if p := identityProblem(row.Identity); p != "" {
				row.Problem = fmt.Sprintf("Row %d: %s", n, p)
			}
			if cell, ok := list.Licenses(rec); ok && cell != "" {
				row.Remove, row.RemoveAll = splitLicenses(cell, known), false
				if len(row.Remove) == 0 && len(add) == 0 {
					row.Skip = "The row lists no licenses to remove."
				}
			}
			if results != nil {
				pending[n] = rec
			}
			if !yield(row, nil) {
				return
			}
		}
	}
	prog := newProgress(c, "Invoke-LicenseBatch", c.Switch("Quiet"))
	prog.fraction = list.Progress
	bulk := tenant.BulkOptions{Source: opt.Path, Options: opt, WhatIf: whatIf, Resume: resume, Force: c.Switch("Force"), OnProgress: prog.add}
	// Each row's outcome is built only when something shows it.
	if whatIf || results != nil {
		bulk.OnRow = func(r tenant.BulkResult) error {
			if whatIf {
				whatIfRow(c, r)
			}
			if results != nil {
				rec := pending[r.Number]
				delete(pending, r.Number)
				return results.Write(rec, r)
			}
			return nil
		}
	}
	if results != nil {
		bulk.OnChunk = results.Flush
	}
	sum, runErr := st.RunBatch(ctx, iter.Seq2[tenant.BulkRow, error](rows), bulk)
	prog.done()
	if tenant.IsCode(runErr, tenant.CodeListChanged) {
		return listChanged(resume, opt, runErr)
	}
	if runErr != nil && !whatIf && sum.BatchID != 0 {
		return stoppedBatch(c, opt.Path, sum, runErr, results)
	}
	if runErr != nil {
		return stopRecord(runErr, opt.Path)
	}
	if results != nil {
		if err := results.Close(); err != nil {
			return batchError("ResultPathFailed", c.String("ResultPath"),
				fmt.Sprintf("%v. Batch %d is finished; the changes it made are listed by Get-AuditLog -BatchId %d.", err, sum.BatchID, sum.BatchID))
		}
	}
	return finishBatch(c, st, sum, whatIf)
}

// stoppedBatch reports a batch that stopped before its end at a clean
// point, after its last committed chunk: by Ctrl-C or a termination
// signal, a row of the list it cannot read, the tenant's disk full or a
// result file it cannot write. What it did stays done and is shown, with
// how to finish it, and the result file holds the rows it did. It then
// returns why it stopped: a cancellation stops the script quietly, any
// other reason is the command's error.
func stoppedBatch(c cmdlet.Call, path string, sum tenant.BulkSummary, why error, results *resultWriter) error {
	// The pipeline no longer takes output once the user has pressed Ctrl-C,
	// so the summary goes straight to the host.
	c.WriteHost(interp.Inner(c).FormatString([]any{summaryObject(sum)}))
	var le *listError
	if errors.As(why, &le) {
		// Correcting the row changes none of the rows done before it,
		// which is all -Resume looks at.
		c.WriteWarning(fmt.Sprintf("The batch was stopped after %d rows at a row of the list it cannot read; the users it changed stay changed. Correct the list, then finish the batch with: Invoke-LicenseBatch -Path '%s' -Resume %d",
			sum.Rows, path, sum.BatchID))
	} else {
		c.WriteWarning(fmt.Sprintf("The batch was stopped after %d rows; the users it changed stay changed. Finish it with: Invoke-LicenseBatch -Path '%s' -Resume %d",
			sum.Rows, path, sum.BatchID))
	}
	if results != nil {
		if err := results.Close(); err != nil {
			c.WriteWarning(fmt.Sprintf("%v. The changes the batch made are listed by Get-AuditLog -BatchId %d.", err, sum.BatchID))
		} else {
			c.WriteWarning(fmt.Sprintf("The result file %s holds the %d rows done by this run.", results.path, results.Rows()))
		}
	}
	return stopRecord(why, path)
}

// stopRecord is the error a batch stopped by err ends with: a
// cancellation as it is, a problem with the list or the result file as
// the batch's own error, a tenant refusal in the tenant's words.
func stopRecord(err error, path string) error {
	var le *listError
	var re *resultFileError
	switch {
	case errors.Is(err, context.Canceled):
		return err
	case errors.As(err, &le):
		return listRecord(err, path)
	case errors.As(err, &re):
		return batchError("ResultPathFailed", re.path, re.Error())
	}
	return m365.Record(err, path)
}

// whatIfVerb says what a dry run would do to a row of each status.
var whatIfVerb = map[string]string{
	tenant.StatusChanged: "change",
	tenant.StatusSkipped: "be skipped",
	tenant.StatusFailed:  "fail",
}

// finishBatch writes the summary, the hint about unused seats and, with
// -FailOnError, ends the script with exit code 2 when rows failed.
func finishBatch(c cmdlet.Call, st tenant.Directory, sum tenant.BulkSummary, whatIf bool) error {
	if err := c.Write(summaryObject(sum)); err != nil {
		return err
	}
	if err := m365.WarnUnusedSeats(c, st, sum.SeatsFreed, whatIf); err != nil {
		return err
	}
	if c.Switch("FailOnError") && sum.Failed > 0 {
		return interp.Inner(c).ExitWith(2)
	}
	return nil
}

func undoLicenseBatch(c cmdlet.Call, ts *m365.Session) error {
	id := int64(c.Int("Id"))
	ok, err := c.ShouldProcess(fmt.Sprintf("Batch %d", id), "Undo license batch")
	if err != nil || !ok {
		return err
	}
	if g := ts.Graph(); g != nil {
		return undoGraphBatch(c, g, id)
	}
	st, err := ts.File(c)
	if err != nil {
		return err
	}
	prog := newProgress(c, "Undo-LicenseBatch", c.Switch("Quiet"))
	sum, err := st.UndoBatch(c.Context(), id, tenant.UndoOptions{FailedOnly: true, OnProgress: prog.add,
		OnRow: func(r tenant.BulkResult) error {
			c.WriteWarning(fmt.Sprintf("Row %d (%s) was not restored: %s", r.Number, r.Identity, r.Detail))
			return nil
		}})
	prog.done()
	if err != nil {
		return m365.Record(err, id)
	}
	return c.Write(summaryObject(sum))
}

// whatIfRow tells what a WhatIf run would do with one row: through
// ShouldProcess for a row that would change, in the words of the change of
// one user, with the reason for one that would not.
func whatIfRow(c cmdlet.Call, r tenant.BulkResult) {
	if r.Status != tenant.StatusChanged {
		c.WriteHost(fmt.Sprintf("What if: Row %d (%s) would %s: %s", r.Number, r.Identity, whatIfVerb[r.Status], r.Detail))
		return
	}
	parts := func(refs []tenant.LicenseRef) []string {
		names := make([]string, len(refs))
		for i, ref := range refs {
			names[i] = ref.PartNumber
		}
		return names
	}
	// Under -WhatIf, ShouldProcess only tells.
	c.ShouldProcess(r.Identity, m365.LicenseAction(parts(r.Added), parts(r.Removed)))
}

// productNames answers whether a text is a product name the tenant or the
// catalog knows, for splitting the export's Licenses cells.
func productNames(c cmdlet.Call, st *tenant.Store) (func(string) bool, error) {
	products, err := st.Products(c.Context())
	if err != nil {
		return nil, err
	}
	names := map[string]bool{}
	for _, p := range products {
		names[strings.ToLower(p.ProductName)] = true
		names[strings.ToLower(p.PartNumber)] = true
	}
	cat := st.Catalog()
	return func(s string) bool {
		return names[strings.ToLower(s)] || len(cat.ByName(s)) > 0 || len(cat.ByPartNumber(s)) > 0
	}, nil
}

func summaryObject(s tenant.BulkSummary) *value.Object {
	o := value.NewObject(typeBatchSummary)
	if s.BatchID != 0 {
		o.Set("BatchId", s.BatchID)
	} else {
		o.Set("BatchId", nil)
	}
	o.Set("Rows", s.Rows)
	o.Set("Changed", s.Changed)
	o.Set("Skipped", s.Skipped)
	o.Set("Failed", s.Failed)
	freed := value.NewHashtable()
	freed.Ordered = true
	for _, f := range s.SeatsFreed {
		freed.Set(f.PartNumber, f.Freed)
	}
	o.Set("SeatsFreed", freed)
	o.Set("Duration", s.Duration)
	return o
}

func batchObject(b tenant.Batch) *value.Object {
	o := value.NewObject(typeBatch)
	o.Set("Id", b.ID)
	o.Set("SourceFile", b.SourceFile)
	o.Set("Actor", b.Actor)
	o.Set("StartedDateTime", b.Started)
	o.Set("FinishedDateTime", m365.DateOrNil(b.Finished))
	o.Set("Rows", b.Rows)
	o.Set("Changed", b.Changed)
	o.Set("Skipped", b.Skipped)
	o.Set("Failed", b.Failed)
	o.Set("Options", b.Options)
	return o
}

// batchError is a batch cmdlet's own terminating error.
func batchError(id string, target any, msg string) *interp.ErrorRecord {
	return interp.NewError(core.CommandID(id, "Invoke-LicenseBatch"), "InvalidArgument", target, msg)
}

// listRecord reports a problem with the input file; the tenant is
// untouched.
func listRecord(err error, path string) *interp.ErrorRecord {
	var rec *interp.ErrorRecord
	if errors.As(err, &rec) {
		return rec
	}
	return interp.NewError(core.CommandID("InvalidUserList", "Invoke-LicenseBatch"), "InvalidData", path, err.Error())
}

// Batches show as a table; the summary, with more than four properties,
// as a list.
// views show a batch as Get-LicenseBatch lists it.
func views() []format.View {
	return []format.View{{TypeName: typeBatch, Table: []string{"Id", "SourceFile", "StartedDateTime", "Rows", "Changed", "Skipped", "Failed"}}}
}

// listChanged is the refusal to resume batch id with a list whose rows the
// batch did now name other users: what changed in the file, the first such
// row, and the ways on.
func listChanged(id int64, opt batchOptions, rowErr error) error {
	msg := fmt.Sprintf("The list %s has changed since batch %d started", opt.Path, id)
	if info, err := os.Stat(opt.Path); err == nil && opt.Size != 0 {
		msg += fmt.Sprintf(": it was %d bytes, modified %s; it is %d bytes, modified %s",
			opt.Size, opt.Modified.Format(time.RFC3339Nano), info.Size(), info.ModTime().UTC().Format(time.RFC3339Nano))
	}
	var te *tenant.Error
	errors.As(rowErr, &te)
	return batchError("ListChanged", opt.Path, msg+". "+te.Message+" Resume with the list as it was, or add -Force to resume matching rows by their numbers.")
}

// batchStore is where the session's batches are kept: the tenant file, or
// the journal of the Microsoft 365 tenant it is connected to, which the
// caller closes.
func batchStore(c cmdlet.Call, ts *m365.Session) (*tenant.Store, error) {
	g := ts.Graph()
	if g == nil {
		return ts.File(c)
	}
	st, err := openJournal(g)
	if err != nil {
		return nil, batchError("JournalUnavailable", journalPath(g.ID), fmt.Sprintf("Cannot open the batch journal %s: %v", journalPath(g.ID), err))
	}
	return st, nil
}
