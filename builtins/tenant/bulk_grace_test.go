package tenant

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// mailboxStates is every user's mailbox as the tenant shows it (state,
// purge date, purged date, type), and the deleted users' mailboxes that
// still hold data.
func mailboxStates(t *testing.T, s *Store, upns ...string) string {
	t.Helper()
	var b strings.Builder
	show := func(d UserData) {
		fmt.Fprintf(&b, "%s %s purge=%s purged=%s shared=%v\n", d.UserPrincipalName, d.MailboxState,
			d.MailboxPurgeDate.Format(time.DateOnly), d.MailboxPurgedAt.Format(time.DateOnly), d.Shared)
	}
	for _, upn := range upns {
		d, err := s.UserData(ctx, upn)
		if IsCode(err, CodeUserNotFound) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		show(d)
	}
	b.WriteString("deleted:\n")
	for _, d := range must[[]UserData](t)(s.DeletedMailboxes(ctx)) {
		show(d)
	}
	return b.String()
}

// A batch disconnects the mailboxes of the users it leaves without a
// license with Exchange as SetUserLicense does: the tenant shows them
// alike, and what happens to them next (the license given back, the
// mailbox made shared, the user deleted, the purge date passing) happens
// alike, with the same audit entries.
func TestBatchMailboxGraceMatchesSetUserLicense(t *testing.T) {
	t.Parallel()
	users := []string{"ann@contoso.com", "gus@contoso.com", "hal@contoso.com", "ivy@contoso.com", "bob@contoso.com", "dan@contoso.com"}
	bulk, each := batchTenant(t), batchTenant(t)
	for _, s := range []*Store{bulk, each} {
		for _, upn := range []string{"hal@contoso.com", "ivy@contoso.com"} {
			addUser(t, s, upn, "US")
			assign(t, s, upn, e3)
		}
		// ivy lost her license ten days before the batch: her mailbox
		// keeps its purge date.
		must[LicenseResult](t)(s.SetUserLicense(ctx, "ivy@contoso.com", []AddLicense{{SkuID: e5, DisabledPlans: []string{exoPlan2}}}, []string{e3}))
		if err := s.AddDays(ctx, 10); err != nil {
			t.Fatal(err)
		}
	}
	runBatch(t, bulk, rowsOf(BulkRow{RemoveAll: true}, users...), BulkOptions{ChunkSize: 2})
	for _, upn := range users {
		if err := each.Write(ctx, func(tx *Tx) error {
			_, err := tx.RemoveAllLicenses(upn)
			var te *Error
			if errors.As(err, &te) {
				return nil
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	disconnected := "ann@contoso.com Disconnected purge=2025-04-10 purged=0001-01-01 shared=false\n" +
		"gus@contoso.com Disconnected purge=2025-04-10 purged=0001-01-01 shared=false\n" +
		"hal@contoso.com Disconnected purge=2025-04-10 purged=0001-01-01 shared=false\n" +
		"ivy@contoso.com Disconnected purge=2025-03-31 purged=0001-01-01 shared=false\n" +
		"bob@contoso.com Active purge=0001-01-01 purged=0001-01-01 shared=false\n" +
		"dan@contoso.com  purge=0001-01-01 purged=0001-01-01 shared=false\n" +
		"deleted:\n"
	shared := true
	steps := []struct {
		what string
		do   func(s *Store) error
		want string
	}{
		{"the batch", func(*Store) error { return nil }, disconnected},
		{"five days on, ann's license back, hal's mailbox shared, gus deleted", func(s *Store) error {
			// gus's mailbox keeps the batch's purge date, which comes
			// before the deletion's.
			if err := s.AddDays(ctx, 5); err != nil {
				return err
			}
			if _, err := s.SetUserLicense(ctx, "ann@contoso.com", []AddLicense{{SkuID: e3}}, nil); err != nil {
				return err
			}
			if _, err := s.SetMailbox(ctx, "hal@contoso.com", MailboxUpdate{Shared: &shared}); err != nil {
				return err
			}
			_, err := s.RemoveUser(ctx, "gus@contoso.com")
			return err
		}, "ann@contoso.com Active purge=0001-01-01 purged=0001-01-01 shared=false\n" +
			"hal@contoso.com Active purge=0001-01-01 purged=0001-01-01 shared=true\n" +
			"ivy@contoso.com Disconnected purge=2025-03-31 purged=0001-01-01 shared=false\n" +
			"bob@contoso.com Active purge=0001-01-01 purged=0001-01-01 shared=false\n" +
			"dan@contoso.com  purge=0001-01-01 purged=0001-01-01 shared=false\n" +
			"deleted:\n" +
			"gus@contoso.com Disconnected purge=2025-04-10 purged=0001-01-01 shared=false\n"},
		{"the purge date passed", func(s *Store) error {
			if err := s.AddDays(ctx, 30); err != nil {
				return err
			}
			// A write records what the clock says has run out.
			_, err := s.SetUserLicense(ctx, "bob@contoso.com", []AddLicense{{SkuID: e3}}, nil)
			return err
		}, "ann@contoso.com Active purge=0001-01-01 purged=0001-01-01 shared=false\n" +
			"hal@contoso.com Active purge=0001-01-01 purged=0001-01-01 shared=true\n" +
			"ivy@contoso.com Purged purge=0001-01-01 purged=2025-03-31 shared=false\n" +
			"bob@contoso.com Active purge=0001-01-01 purged=0001-01-01 shared=false\n" +
			"dan@contoso.com  purge=0001-01-01 purged=0001-01-01 shared=false\n" +
			"deleted:\n"},
	}
	for _, step := range steps {
		for _, s := range []*Store{bulk, each} {
			if err := step.do(s); err != nil {
				t.Fatalf("%s: %v", step.what, err)
			}
		}
		got, want := mailboxStates(t, bulk, users...), mailboxStates(t, each, users...)
		if got != want {
			t.Fatalf("after %s, the batch's tenant shows\n%s\nSetUserLicense's\n%s", step.what, got, want)
		}
		if got != step.want {
			t.Fatalf("after %s, the tenant shows\n%s\nwant\n%s", step.what, got, step.want)
		}
	}
	audit := func(s *Store) []string {
		var out []string
		for _, e := range must[[]AuditEntry](t)(s.AuditLog(ctx, AuditFilter{})) {
			if e.Operation != "Start batch" && e.Operation != "Finish batch" {
				out = append(out, e.Time.Format(time.DateOnly)+" "+e.Operation+" "+e.Target)
			}
		}
		return out
	}
	if got, want := audit(bulk), audit(each); !reflect.DeepEqual(got, want) {
		t.Errorf("audit of the batch's tenant\n%s\nof SetUserLicense's\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestBatchGraceIsSettledByTheClock checks that the tenant clock purges the
// mailboxes a batch disconnected, and records it, with no other grace row
// in the tenant to bring the clock to them: a write once the purge date
// has passed settles the batch's grace rows, marks the mailboxes purged in
// their own rows and audits each purge.
func TestBatchGraceIsSettledByTheClock(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	addSub(t, s, "SPE_E3", 5)
	upns := []string{"ann@contoso.com", "bob@contoso.com", "cat@contoso.com"}
	for _, upn := range upns {
		addUser(t, s, upn, "US")
		assign(t, s, upn, e3)
	}
	runBatch(t, s, rowsOf(BulkRow{Remove: []string{e3}}, upns[:2]...), BulkOptions{})
	if err := s.AddDays(ctx, 29); err != nil {
		t.Fatal(err)
	}
	stored := func() string {
		var b strings.Builder
		rows, err := s.DB().Query(`SELECT m.upn, m.state, EXISTS (SELECT 1 FROM mailbox_grace g WHERE g.user_id = m.user_id) FROM mailboxes m ORDER BY m.upn`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var upn, state string
			var grace bool
			if err := rows.Scan(&upn, &state, &grace); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s %s grace=%v\n", upn, state, grace)
		}
		return b.String()
	}
	if got, want := stored(), "ann@contoso.com Active grace=true\nbob@contoso.com Active grace=true\ncat@contoso.com Active grace=false\n"; got != want {
		t.Fatalf("before the purge date, the mailboxes' rows:\n%s\nwant\n%s", got, want)
	}
	if err := s.AddDays(ctx, 2); err != nil {
		t.Fatal(err)
	}
	if got, want := stored(), "ann@contoso.com Purged grace=false\nbob@contoso.com Purged grace=false\ncat@contoso.com Active grace=false\n"; got != want {
		t.Fatalf("after the purge date, the mailboxes' rows:\n%s\nwant\n%s", got, want)
	}
	var purged []string
	for _, e := range must[[]AuditEntry](t)(s.AuditLog(ctx, AuditFilter{Operation: "Purge mailbox"})) {
		purged = append(purged, e.Target)
	}
	if !slices.Equal(purged, upns[:2]) {
		t.Fatalf("purges audited: %v, want %v", purged, upns[:2])
	}
}
