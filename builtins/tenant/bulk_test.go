package tenant

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"iter"
	"os"
	"reflect"
	"strings"
	"testing"
)

// batchTenant is a small tenant with every case a batch meets: direct,
// inherited and doubly held licenses, disabled plans, a self-service
// product, an unlicensed user.
func batchTenant(t *testing.T) *Store {
	t.Helper()
	s := newTenant(t)
	addSub(t, s, "SPE_E5", 10)
	addSub(t, s, "SPE_E3", 10)
	for _, upn := range []string{"ann", "bob", "cat", "dan", "eve", "fay", "gus"} {
		addUser(t, s, upn+"@contoso.com", "US")
	}
	assign(t, s, "ann@contoso.com", e5, e3)
	assign(t, s, "bob@contoso.com", e5)
	must[LicenseResult](t)(s.SetUserLicense(ctx, "eve@contoso.com", []AddLicense{{SkuID: e5, DisabledPlans: []string{exoPlan2}}}, nil))
	assign(t, s, "gus@contoso.com", e3)
	must[Group](t)(s.NewGroup(ctx, "Sales Team"))
	if err := s.AddGroupMembers(ctx, "Sales Team", []string{"bob@contoso.com", "cat@contoso.com"}); err != nil {
		t.Fatal(err)
	}
	must[Group](t)(s.SetGroupLicense(ctx, "Sales Team", []AddLicense{{SkuID: e5}}, nil))
	must[Subscription](t)(s.AddSubscription(ctx, NewSubscription{Sku: "POWER_BI_PRO", Quantity: 2, SelfService: true, PurchasedBy: "fay@contoso.com"}))
	return s
}

// rowsOf turns identities into batch rows numbered from 2, as under a
// header line.
func rowsOf(row BulkRow, ids ...string) iter.Seq2[BulkRow, error] {
	return func(yield func(BulkRow, error) bool) {
		for i, id := range ids {
			r := row
			r.Number, r.Identity = i+2, id
			if !yield(r, nil) {
				return
			}
		}
	}
}

func runBatch(t *testing.T, s *Store, rows iter.Seq2[BulkRow, error], opt BulkOptions) (BulkSummary, []BulkResult) {
	t.Helper()
	var got []BulkResult
	opt.OnRow = func(r BulkResult) error { got = append(got, r); return nil }
	sum, err := s.RunBatch(ctx, rows, opt)
	if err != nil {
		t.Fatal(err)
	}
	return sum, got
}

const notFound = "Resource '%s' does not exist or one of its queried reference-property objects are not present."

func TestBatchRowOutcomes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		row  BulkRow
		ids  []string
		want []string // "Status|Detail" per row
	}{
		{"removes a direct license", BulkRow{Remove: []string{"SPE_E5"}}, []string{"ann@contoso.com"},
			[]string{"Changed|Removed SPE_E5."}},
		{"identity case and spaces ignored", BulkRow{Remove: []string{"SPE_E5"}}, []string{"  ANN@Contoso.com "},
			[]string{"Changed|Removed SPE_E5."}},
		{"product name and MSOnline form", BulkRow{Remove: []string{"Microsoft 365 E5", "contoso:SPE_E3"}}, []string{"ann@contoso.com"},
			[]string{"Changed|Removed SPE_E5, SPE_E3."}},
		{"direct and inherited: direct removed", BulkRow{Remove: []string{e5}}, []string{"bob@contoso.com"},
			[]string{"Changed|Removed SPE_E5."}},
		{"inherited only", BulkRow{Remove: []string{e5}}, []string{"cat@contoso.com"},
			[]string{"Failed|User license is inherited from a group membership and it cannot be removed directly from the user."}},
		{"not held", BulkRow{Remove: []string{e5}}, []string{"dan@contoso.com"},
			[]string{"Skipped|User 'dan@contoso.com' does not have license SPE_E5 (" + e5 + "); nothing to remove."}},
		{"one held, one not", BulkRow{Remove: []string{e5, e3}}, []string{"eve@contoso.com"},
			[]string{"Changed|Removed SPE_E5. User 'eve@contoso.com' does not have license SPE_E3 (" + e3 + "); nothing to remove."}},
		{"self-service product", BulkRow{Remove: []string{"POWER_BI_PRO"}}, []string{"fay@contoso.com"},
			[]string{"Failed|License " + pbiPro + " belongs to a self-service purchase subscription and cannot be assigned or removed by an admin until the subscription is taken over."}},
		{"unknown user", BulkRow{Remove: []string{e5}}, []string{"ghost@contoso.com"},
			[]string{"Failed|" + fmt.Sprintf(notFound, "ghost@contoso.com")}},
		{"SQL in the identity is only text", BulkRow{Remove: []string{e5}}, []string{"x' OR '1'='1"},
			[]string{"Failed|" + fmt.Sprintf(notFound, "x' OR '1'='1")}},
		{"unknown product in the row", BulkRow{Remove: []string{"NOPE"}}, []string{"ann@contoso.com"},
			[]string{"Failed|License NOPE does not correspond to a valid company License."}},
		{"duplicates once, blanks skipped", BulkRow{Remove: []string{e5}}, []string{"ann@contoso.com", "", "Ann@Contoso.com", "  "},
			[]string{"Changed|Removed SPE_E5.", "Skipped|The row names no user.", "Skipped|Duplicate of row 2.", "Skipped|The row names no user."}},
		{"the reader's complaint", BulkRow{Remove: []string{e5}, Problem: "Cell A2 holds a formula."}, []string{"ann@contoso.com"},
			[]string{"Failed|Cell A2 holds a formula."}},
		{"remove all: direct go, inherited stay", BulkRow{RemoveAll: true}, []string{"ann@contoso.com", "bob@contoso.com", "cat@contoso.com", "dan@contoso.com"},
			[]string{"Changed|Removed SPE_E3, SPE_E5.",
				"Changed|Removed SPE_E5. License SPE_E5 of user 'bob@contoso.com' is inherited from group 'Sales Team' and stays assigned.",
				"Skipped|License SPE_E5 of user 'cat@contoso.com' is inherited from group 'Sales Team' and stays assigned.",
				"Skipped|User 'dan@contoso.com' has no licenses assigned directly; nothing to remove."}},
		{"remove all with a self-service license", BulkRow{RemoveAll: true}, []string{"fay@contoso.com"},
			[]string{"Failed|License " + pbiPro + " belongs to a self-service purchase subscription and cannot be assigned or removed by an admin until the subscription is taken over."}},
		{"adds go user by user", BulkRow{Add: []AddLicense{{SkuID: "SPE_E3"}}, Remove: []string{"SPE_E5"}}, []string{"ann@contoso.com", "dan@contoso.com", "ghost@contoso.com"},
			[]string{"Changed|Removed SPE_E5.",
				"Changed|Added SPE_E3. User 'dan@contoso.com' does not have license SPE_E5 (" + e5 + "); nothing to remove.",
				"Failed|" + fmt.Sprintf(notFound, "ghost@contoso.com")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := batchTenant(t)
			sum, got := runBatch(t, s, rowsOf(tt.row, tt.ids...), BulkOptions{Source: "list.csv"})
			var lines []string
			for _, r := range got {
				lines = append(lines, r.Status+"|"+r.Detail)
			}
			if !reflect.DeepEqual(lines, tt.want) {
				t.Fatalf("rows:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(tt.want, "\n"))
			}
			if sum.Rows != len(tt.ids) || sum.Changed+sum.Skipped+sum.Failed != sum.Rows || sum.BatchID == 0 {
				t.Fatalf("summary = %+v", sum)
			}
			stored := must[[]BatchRow](t)(s.BatchRows(ctx, sum.BatchID))
			if len(stored) != len(tt.ids) {
				t.Fatalf("%d rows recorded, want %d", len(stored), len(tt.ids))
			}
		})
	}
}

// dump is the tenant's content that a batch may change, without the ids
// that differ between two tenants built alike.
func dump(t *testing.T, s *Store) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT u.upn, la.sku_id, coalesce(g.display_name, ''), la.disabled_plans, la.state FROM license_assignments la
			JOIN users u ON u.id = la.user_id LEFT JOIN groups g ON g.id = la.source ORDER BY 1, 2, 3`,
		`SELECT sku_id, part_number, consumed FROM skus ORDER BY 1`,
		`SELECT upn, state, type, coalesce(purge_date, 0) FROM mailboxes ORDER BY 1`,
		`SELECT upn, state, coalesce(delete_date, 0) FROM onedrive ORDER BY 1`,
		`SELECT time, actor, operation, target, detail, before, after FROM (` + auditEntries + `)
			WHERE operation = ?1 ORDER BY id`,
	} {
		rows, err := s.DB().Query(q, opSetLicense)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&b, vals...)
		}
		rows.Close()
		b.WriteString("--\n")
	}
	return b.String()
}

// The set-based path must leave exactly what SetUserLicense user by user
// leaves (assignments, seats, mailboxes, OneDrives and audit rows) and say
// the same of each user: a batch row's status and Detail are what the
// user's own change reports, its warnings or its refusal. gus's mailbox is
// shared, and stays active without a license either way.
func TestBatchMatchesSetUserLicense(t *testing.T) {
	t.Parallel()
	// Every outcome: changed, inherited, not held, self-service, unknown,
	// and a duplicate, which a batch skips where SetUserLicense would see
	// the user again.
	ids := []string{"ann@contoso.com", "bob@contoso.com", "cat@contoso.com", "dan@contoso.com", "eve@contoso.com", "fay@contoso.com", "gus@contoso.com", "ghost@contoso.com", " ANN@Contoso.com"}
	shared := true
	for _, row := range []BulkRow{{Remove: []string{e5}}, {Remove: []string{e5, e3}}, {RemoveAll: true}, {Remove: []string{"NOPE"}}, {Remove: []string{pbiPro}}} {
		bulk, each := batchTenant(t), batchTenant(t)
		for _, s := range []*Store{bulk, each} {
			must[MailboxChange](t)(s.SetMailbox(ctx, "gus@contoso.com", MailboxUpdate{Shared: &shared}))
		}
		_, rows := runBatch(t, bulk, rowsOf(row, ids...), BulkOptions{ChunkSize: 3})
		var got, want []string
		for i, id := range ids {
			got = append(got, rows[i].Status+"|"+rows[i].Detail)
			if i == len(ids)-1 {
				want = append(want, StatusSkipped+"|"+fmt.Sprintf(msgDuplicateRow, 2))
				continue
			}
			if err := each.Write(ctx, func(tx *Tx) error {
				var res LicenseResult
				var err error
				if row.RemoveAll {
					res, err = tx.RemoveAllLicenses(id)
				} else {
					res, err = tx.SetUserLicense(id, nil, row.Remove)
				}
				var te *Error
				switch {
				case errors.As(err, &te):
					want = append(want, StatusFailed+"|"+te.Message)
					return nil
				case err != nil:
					return err
				case res.Changed:
					want = append(want, StatusChanged+"|"+res.Detail())
				default:
					want = append(want, StatusSkipped+"|"+res.Detail())
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%+v: batch rows\n%s\nSetUserLicense said\n%s", row, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if got, want := dump(t, bulk), dump(t, each); got != want {
			t.Fatalf("%+v: batch left\n%s\nSetUserLicense left\n%s", row, lineDiff(got, want), lineDiff(want, got))
		}
	}
}

func TestBatchSummaryCountsSeats(t *testing.T) {
	t.Parallel()
	s := batchTenant(t)
	sum, _ := runBatch(t, s, rowsOf(BulkRow{RemoveAll: true}, "ann@contoso.com", "bob@contoso.com", "eve@contoso.com", "gus@contoso.com"), BulkOptions{})
	// bob keeps E5 through the group, so his removal frees no seat.
	want := []SeatCount{
		{SkuRef: SkuRef{SkuID: e3, PartNumber: "SPE_E3", ProductName: "Microsoft 365 E3"}, Freed: 2, Available: 10},
		{SkuRef: SkuRef{SkuID: e5, PartNumber: "SPE_E5", ProductName: "Microsoft 365 E5"}, Freed: 2, Available: 8},
	}
	if !reflect.DeepEqual(sum.SeatsFreed, want) || sum.Changed != 4 {
		t.Fatalf("summary = %+v", sum)
	}
}

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(data)
}

func TestBatchWhatIfChangesNothing(t *testing.T) {
	t.Parallel()
	s, real := batchTenant(t), batchTenant(t)
	ids := []string{"ann@contoso.com", "bob@contoso.com", "cat@contoso.com", "ann@contoso.com", "ghost@contoso.com", ""}
	if _, err := s.DB().Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	before, content := fileHash(t, s.Path()), dump(t, s)
	sum, got := runBatch(t, s, rowsOf(BulkRow{Remove: []string{e5}}, ids...), BulkOptions{WhatIf: true, ChunkSize: 2})
	if fileHash(t, s.Path()) != before || dump(t, s) != content {
		t.Fatal("WhatIf changed the tenant")
	}
	if bs := must[[]Batch](t)(s.Batches(ctx, 0)); len(bs) != 0 || sum.BatchID != 0 {
		t.Fatalf("WhatIf recorded a batch: %+v", bs)
	}
	realSum, want := runBatch(t, real, rowsOf(BulkRow{Remove: []string{e5}}, ids...), BulkOptions{ChunkSize: 2})
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("WhatIf said\n%+v\nthe run did\n%+v", got, want)
	}
	if !reflect.DeepEqual(sum.SeatsFreed, realSum.SeatsFreed) || sum.Changed != realSum.Changed || sum.Rows != realSum.Rows {
		t.Fatalf("WhatIf summary %+v, run %+v", sum, realSum)
	}
}

var errCrash = errors.New("crash")

// crashAfter yields the rows and then fails, as a killed process stops
// reading: the chunks committed before stay, the open one is lost.
func crashAfter(rows iter.Seq2[BulkRow, error], n int) iter.Seq2[BulkRow, error] {
	return func(yield func(BulkRow, error) bool) {
		i := 0
		for r, err := range rows {
			if i == n {
				yield(BulkRow{}, errCrash)
				return
			}
			i++
			if !yield(r, err) {
				return
			}
		}
	}
}

func TestBatchResumeMatchesUninterruptedRun(t *testing.T) {
	t.Parallel()
	ids := []string{"ann@contoso.com", "bob@contoso.com", "cat@contoso.com", "", "dan@contoso.com", "ANN@contoso.com", "eve@contoso.com", "ghost@contoso.com", "gus@contoso.com"}
	row := BulkRow{Remove: []string{e5, e3}}
	for crash := 0; crash <= len(ids); crash++ {
		whole, parts := batchTenant(t), batchTenant(t)
		wantSum, want := runBatch(t, whole, rowsOf(row, ids...), BulkOptions{ChunkSize: 2})
		_, err := parts.RunBatch(ctx, crashAfter(rowsOf(row, ids...), crash), BulkOptions{ChunkSize: 2})
		if crash < len(ids) && !errors.Is(err, errCrash) {
			t.Fatalf("crash after %d: %v", crash, err)
		}
		if crash == len(ids) {
			continue
		}
		id := must[[]Batch](t)(parts.Batches(ctx, 0))[0].ID
		sum, got := runBatch(t, parts, rowsOf(row, ids...), BulkOptions{ChunkSize: 2, Resume: id})
		for i := range got {
			got[i].Resumed = false
			if len(got[i].Removed) == 0 {
				got[i].Removed = nil
			}
		}
		for i := range want {
			if len(want[i].Removed) == 0 {
				want[i].Removed = nil
			}
		}
		if dump(t, parts) != dump(t, whole) {
			t.Fatalf("crash after %d: resumed tenant\n%s\nuninterrupted\n%s", crash, dump(t, parts), dump(t, whole))
		}
		if sum.Rows != wantSum.Rows || sum.Changed != wantSum.Changed || sum.Failed != wantSum.Failed ||
			!reflect.DeepEqual(sum.SeatsFreed, wantSum.SeatsFreed) || sum.BatchID != id {
			t.Fatalf("crash after %d: summary %+v, want %+v", crash, sum, wantSum)
		}
		for i := range got {
			got[i].Freed, want[i].Freed = nil, nil
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("crash after %d: rows\n%+v\nwant\n%+v", crash, got, want)
		}
		if _, err := parts.RunBatch(ctx, rowsOf(row, ids...), BulkOptions{Resume: id}); err == nil ||
			err.Error() != fmt.Sprintf("Batch %d is already finished; there is nothing to resume.", id) {
			t.Fatalf("resuming a finished batch: %v", err)
		}
	}
}

func TestBatchRefusesWholeBatchUpFront(t *testing.T) {
	t.Parallel()
	s := batchTenant(t)
	addUser(t, s, "reader@contoso.com", "US")
	if err := s.AddRoleAssignment(ctx, GlobalReader, "reader@contoso.com"); err != nil {
		t.Fatal(err)
	}
	must[User](t)(s.Connect(ctx, "reader@contoso.com"))
	content := dump(t, s)
	_, err := s.RunBatch(ctx, rowsOf(BulkRow{Remove: []string{e5}}, "ann@contoso.com"), BulkOptions{})
	wantError(t, err, "Insufficient privileges to complete the operation.")
	if dump(t, s) != content || len(must[[]Batch](t)(s.Batches(ctx, 0))) != 0 {
		t.Fatal("a refused batch changed the tenant")
	}
	_, err = s.RunBatch(ctx, rowsOf(BulkRow{Remove: []string{e5}}, "ann@contoso.com"), BulkOptions{Resume: 42})
	wantError(t, err, "Batch 42 does not exist.")
}

func userLicenseDump(t *testing.T, s *Store) string {
	t.Helper()
	var b strings.Builder
	for _, a := range must[[]Assignment](t)(s.UserLicenses(ctx, "")) {
		fmt.Fprintln(&b, a.UserPrincipalName, a.PartNumber, a.AssignedBy, a.DisabledPlans, a.State)
	}
	return b.String()
}

func TestUndoRestoresExactly(t *testing.T) {
	t.Parallel()
	s := batchTenant(t)
	before := userLicenseDump(t, s)
	sum, _ := runBatch(t, s, rowsOf(BulkRow{RemoveAll: true}, "ann@contoso.com", "bob@contoso.com", "eve@contoso.com", "gus@contoso.com", "cat@contoso.com"), BulkOptions{})
	if d := must[UserData](t)(s.UserData(ctx, "ann@contoso.com")); d.MailboxState != MailboxDisconnected {
		t.Fatalf("ann's mailbox after the batch: %+v", d)
	}
	if err := s.AddDays(ctx, 10); err != nil {
		t.Fatal(err)
	}
	var got []string
	undo, err := s.UndoBatch(ctx, sum.BatchID, UndoOptions{OnRow: func(r BulkResult) error {
		got = append(got, fmt.Sprintf("%d %s %s", r.Number, r.Status, r.Detail))
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"2 Changed Restored SPE_E3, SPE_E5.", "3 Changed Restored SPE_E5.", "4 Changed Restored SPE_E5.", "5 Changed Restored SPE_E3."}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("undo rows %q, want %q", got, want)
	}
	if after := userLicenseDump(t, s); after != before {
		t.Fatalf("after undo\n%s\nbefore the batch\n%s", after, before)
	}
	if d := must[UserData](t)(s.UserData(ctx, "ann@contoso.com")); d.MailboxState != MailboxActive {
		t.Fatalf("ann's mailbox after undo within the grace period: %+v", d)
	}
	if undo.Changed != 4 || undo.BatchID == sum.BatchID {
		t.Fatalf("undo summary %+v", undo)
	}
	_, err = s.UndoBatch(ctx, sum.BatchID, UndoOptions{})
	wantError(t, err, fmt.Sprintf("Batch %d was already undone by batch %d.", sum.BatchID, undo.BatchID))
}

func TestUndoReportsWhatItCannotRestore(t *testing.T) {
	t.Parallel()
	s := batchTenant(t)
	sum, _ := runBatch(t, s, rowsOf(BulkRow{Remove: []string{e5}}, "ann@contoso.com", "bob@contoso.com", "eve@contoso.com"), BulkOptions{})
	assign(t, s, "ann@contoso.com", e5)
	must[User](t)(s.RemoveUser(ctx, "bob@contoso.com"))
	var sub Subscription
	for _, x := range must[[]Subscription](t)(s.Subscriptions(ctx)) {
		if x.SkuID == e5 {
			sub = x
		}
	}
	must[Subscription](t)(s.SetSubscription(ctx, sub.SubscriptionID, SubscriptionUpdate{Quantity: ptr(2)}))
	var got []string
	undo, err := s.UndoBatch(ctx, sum.BatchID, UndoOptions{OnRow: func(r BulkResult) error {
		got = append(got, fmt.Sprintf("%d %s %s", r.Number, r.Status, r.Detail))
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		fmt.Sprintf("2 Failed User 'ann@contoso.com' has been changed since batch %d; the licenses were not restored.", sum.BatchID),
		"3 Failed " + fmt.Sprintf(notFound, "bob@contoso.com"),
		"4 Failed Subscription with SKU " + e5 + " does not have any available licenses.",
	}
	if !reflect.DeepEqual(got, want) || undo.Failed != 3 {
		t.Fatalf("undo rows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestUndoReportsFailedOnly asks an undo for the rows it could not restore
// alone: only those reach OnRow, and every row counts in the summary.
func TestUndoReportsFailedOnly(t *testing.T) {
	t.Parallel()
	s := batchTenant(t)
	sum, _ := runBatch(t, s, rowsOf(BulkRow{Remove: []string{e5}}, "ann@contoso.com", "bob@contoso.com", "eve@contoso.com"), BulkOptions{})
	must[User](t)(s.RemoveUser(ctx, "bob@contoso.com"))
	var got []string
	done := 0
	undo, err := s.UndoBatch(ctx, sum.BatchID, UndoOptions{FailedOnly: true, OnProgress: func(n int) { done += n },
		OnRow: func(r BulkResult) error {
			got = append(got, fmt.Sprintf("%d %s", r.Number, r.Status))
			return nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, []string{"3 Failed"}) || undo.Changed != 2 || undo.Failed != 1 || done != 3 {
		t.Fatalf("reported %q, %d rows done, summary %+v", got, done, undo)
	}
}

func ptr[T any](v T) *T { return &v }

// lineDiff lists the lines of a that b lacks.
func lineDiff(a, b string) string {
	have := map[string]int{}
	for _, l := range strings.Split(b, "\n") {
		have[l]++
	}
	var out []string
	for _, l := range strings.Split(a, "\n") {
		if have[l] > 0 {
			have[l]--
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// TestUndoInterruptedFinishes stops an undo after its first chunk (as
// Ctrl-C or a crash would) and checks that undoing the batch again finishes
// that undo, restoring every row once, rather than refusing.
func TestUndoInterruptedFinishes(t *testing.T) {
	t.Parallel()
	s := batchTenant(t)
	before := userLicenseDump(t, s)
	sum, _ := runBatch(t, s, rowsOf(BulkRow{RemoveAll: true}, "ann@contoso.com", "bob@contoso.com", "eve@contoso.com", "gus@contoso.com"), BulkOptions{})
	stop := errors.New("stopped")
	var first []string
	_, err := s.undo(ctx, sum.BatchID, UndoOptions{OnRow: func(r BulkResult) error {
		first = append(first, r.Identity)
		return stop
	}}, 2)
	if !errors.Is(err, stop) || len(first) != 1 {
		t.Fatalf("the stopped undo: %v after %q", err, first)
	}
	var rest []string
	undo, err := s.undo(ctx, sum.BatchID, UndoOptions{OnRow: func(r BulkResult) error {
		rest = append(rest, fmt.Sprintf("%d %s %s", r.Number, r.Status, r.Detail))
		return nil
	}}, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"4 Changed Restored SPE_E5.", "5 Changed Restored SPE_E3."}
	if !reflect.DeepEqual(rest, want) {
		t.Fatalf("the finished undo reported %q, want %q", rest, want)
	}
	if undo.Changed != 4 || undo.Rows != 4 {
		t.Fatalf("undo summary %+v, want 4 rows changed in all", undo)
	}
	if after := userLicenseDump(t, s); after != before {
		t.Fatalf("after the finished undo\n%s\nbefore the batch\n%s", after, before)
	}
	_, err = s.UndoBatch(ctx, sum.BatchID, UndoOptions{})
	wantError(t, err, fmt.Sprintf("Batch %d was already undone by batch %d.", sum.BatchID, undo.BatchID))
}
