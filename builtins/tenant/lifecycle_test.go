package tenant

import (
	"reflect"
	"testing"
)

// TestRule5MailboxGrace checks rule 5: the 30-day grace period of an unlicensed user's mailbox.
func TestRule5MailboxGrace(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		days         int
		state        string
		searchable   bool
		restoredData bool // reassigning brings back the old data
	}{
		{0, MailboxDisconnected, false, true},
		{29, MailboxDisconnected, false, true},
		{30, MailboxPurged, false, false},
		{31, MailboxPurged, false, false},
	} {
		s := newTenant(t)
		addSub(t, s, "SPE_E5", 2)
		addUser(t, s, "leaver@contoso.com", "US")
		assign(t, s, "leaver@contoso.com", "SPE_E5")
		res := must[LicenseResult](t)(s.SetUserLicense(ctx, "leaver@contoso.com", nil, []string{"SPE_E5"}))
		want := UserData{UserID: res.User.ID, UserPrincipalName: "leaver@contoso.com", MailboxState: MailboxDisconnected,
			MailboxPurgeDate: start.Add(GracePeriod), OneDriveState: OneDriveActive}
		if !reflect.DeepEqual(res.Data, want) {
			t.Fatalf("data after unassign = %+v, want %+v", res.Data, want)
		}
		if err := s.AddDays(ctx, tc.days); err != nil {
			t.Fatal(err)
		}
		// Reads see the clock without any write having happened.
		d := must[UserData](t)(s.UserData(ctx, "leaver@contoso.com"))
		if d.MailboxState != tc.state || d.EDiscoverySearchable != tc.searchable || d.OneDriveState != OneDriveActive {
			t.Fatalf("day %d: data = %+v", tc.days, d)
		}
		res = assign(t, s, "leaver@contoso.com", "SPE_E5")
		if res.Data.MailboxState != MailboxActive || !res.Data.EDiscoverySearchable {
			t.Fatalf("day %d: after reassign %+v", tc.days, res.Data)
		}
		if got := res.Data.MailboxPurgedAt.IsZero(); got != tc.restoredData {
			t.Fatalf("day %d: data restored = %v, want %v (%+v)", tc.days, got, tc.restoredData, res.Data)
		}
	}
}

func TestRule5PurgeIsRecordedAndAudited(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	addSub(t, s, "SPE_E5", 2)
	addUser(t, s, "leaver@contoso.com", "US")
	assign(t, s, "leaver@contoso.com", "SPE_E5")
	must[LicenseResult](t)(s.SetUserLicense(ctx, "leaver@contoso.com", nil, []string{"SPE_E5"}))
	if err := s.AddDays(ctx, 31); err != nil {
		t.Fatal(err)
	}
	got := must[[]AuditEntry](t)(s.AuditLog(ctx, AuditFilter{Operation: "Purge mailbox"}))
	if len(got) != 1 || got[0].Actor != SystemActor || got[0].Target != "leaver@contoso.com" {
		t.Fatalf("purge audit = %+v", got)
	}
	var state string
	if err := s.DB().QueryRow(`SELECT state FROM mailboxes`).Scan(&state); err != nil || state != MailboxPurged {
		t.Fatalf("stored state = %q, %v", state, err)
	}
}

// TestDeleteUserData checks rules 5 and 6: deleting users, OneDrive retention, inactive mailboxes.
func TestDeleteUserData(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		sku      string
		hold     bool
		mailbox  string
		later    string // mailbox state 31 days after the delete
		drive31  string
		searched bool
	}{
		{"SPE_E5", true, MailboxInactive, MailboxInactive, OneDriveDeleted, true},
		{"SPE_E3", true, MailboxInactive, MailboxInactive, OneDriveDeleted, true},
		{"SPE_E5", false, MailboxDisconnected, MailboxPurged, OneDriveDeleted, false},
		{"O365_BUSINESS_PREMIUM", true, MailboxDisconnected, MailboxPurged, OneDriveDeleted, false},
	} {
		s := newTenant(t)
		addSub(t, s, tc.sku, 1)
		u := addUser(t, s, "gone@contoso.com", "US")
		assign(t, s, "gone@contoso.com", tc.sku)
		if tc.hold {
			must[UserData](t)(s.SetLitigationHold(ctx, "gone@contoso.com", true))
		}
		must[User](t)(s.RemoveUser(ctx, "gone@contoso.com"))
		d := must[UserData](t)(s.DeletedUserData(ctx, u.ID))
		if d.MailboxState != tc.mailbox || d.OneDriveState != OneDriveRetained || !d.OneDriveDeleteDate.Equal(start.Add(GracePeriod)) {
			t.Fatalf("%s hold=%v: after delete %+v", tc.sku, tc.hold, d)
		}
		if err := s.AddDays(ctx, 31); err != nil {
			t.Fatal(err)
		}
		d = must[UserData](t)(s.DeletedUserData(ctx, "gone@contoso.com"))
		if d.MailboxState != tc.later || d.OneDriveState != tc.drive31 || d.EDiscoverySearchable != tc.searched {
			t.Fatalf("%s hold=%v: 31 days later %+v", tc.sku, tc.hold, d)
		}
	}
}

// TestRule6DeleteAndRestore checks rule 6: delete frees seats at once; restore within 30 days only, with
// licenses only where seats remain.
func TestRule6DeleteAndRestore(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	addSub(t, s, "SPE_E5", 1)
	addSub(t, s, "POWER_BI_PRO", 5)
	u := addUser(t, s, "leaver@contoso.com", "US")
	addUser(t, s, "newhire@contoso.com", "US")
	assign(t, s, "leaver@contoso.com", "SPE_E5", "POWER_BI_PRO")
	must[User](t)(s.RemoveUser(ctx, "leaver@contoso.com"))
	if p := product(t, s, e5); p.Assigned != 0 || p.Available != 1 {
		t.Fatalf("seat not freed: %+v", p)
	}
	if _, err := s.GetUser(ctx, "leaver@contoso.com"); !IsCode(err, CodeUserNotFound) {
		t.Fatalf("deleted user still found: %v", err)
	}
	del := must[[]User](t)(s.DeletedUsers(ctx))
	if len(del) != 1 || del[0].ID != u.ID || !del[0].DeletedDateTime.Equal(start) {
		t.Fatalf("deleted users = %+v", del)
	}
	// Someone takes the only E5 seat; the restore brings back Power BI only.
	assign(t, s, "newhire@contoso.com", "SPE_E5")
	if err := s.AddDays(ctx, 29); err != nil {
		t.Fatal(err)
	}
	r := must[RestoreResult](t)(s.RestoreUser(ctx, u.ID))
	if !reflect.DeepEqual(r.User.Licenses, []string{"POWER_BI_PRO"}) || len(r.NotRestored) != 1 || r.NotRestored[0].SkuID != e5 {
		t.Fatalf("restore = %+v", r)
	}
	if r.Data.MailboxState != MailboxDisconnected || r.Data.OneDriveState != OneDriveActive {
		t.Fatalf("restored data = %+v", r.Data)
	}
	// Deleted again, and 31 days later it cannot come back.
	must[User](t)(s.RemoveUser(ctx, "leaver@contoso.com"))
	if err := s.AddDays(ctx, 31); err != nil {
		t.Fatal(err)
	}
	if got := must[[]User](t)(s.DeletedUsers(ctx)); len(got) != 0 {
		t.Fatalf("deleted users after 31 days = %+v", got)
	}
	_, err := s.RestoreUser(ctx, "leaver@contoso.com")
	wantError(t, err, "Resource 'leaver@contoso.com' does not exist or one of its queried reference-property objects are not present.")
	// The UPN is free again.
	addUser(t, s, "leaver@contoso.com", "US")
}

func TestDeleteRefusals(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	_, err := s.RemoveUser(ctx, "admin@contoso.com")
	wantError(t, err, "You cannot delete the account you are signed in with.")
	_, err = s.RemoveUser(ctx, "ghost@contoso.com")
	wantError(t, err, "Resource 'ghost@contoso.com' does not exist or one of its queried reference-property objects are not present.")
	_, err = s.RestoreUser(ctx, "admin@contoso.com")
	wantError(t, err, "Resource 'admin@contoso.com' does not exist or one of its queried reference-property objects are not present.")
}

// TestRule7Audit checks rule 7: every change has its audit row, in the same transaction.
func TestRule7Audit(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	addSub(t, s, "SPE_E5", 2)
	addUser(t, s, "u@contoso.com", "US")
	assign(t, s, "u@contoso.com", "SPE_E5")
	must[LicenseResult](t)(s.SetUserLicense(ctx, "u@contoso.com", nil, []string{"SPE_E5"}))
	if err := s.Write(ctx, func(tx *Tx) error {
		tx.SetBatch(7)
		_, err := tx.SetUserLicense("u@contoso.com", []AddLicense{{SkuID: e5}}, nil)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	got := must[[]AuditEntry](t)(s.AuditLog(ctx, AuditFilter{Target: "U@contoso.com", Operation: "set user license"}))
	type row struct {
		actor, detail, before, after string
		batch                        int64
	}
	var rows []row
	for _, e := range got {
		rows = append(rows, row{e.Actor, e.Detail, e.Before, e.After, e.BatchID})
		if !e.Time.Equal(start) {
			t.Errorf("audit time = %v", e.Time)
		}
	}
	want := []row{
		{"admin@contoso.com", "Added SPE_E5", "[]", `["SPE_E5"]`, 0},
		{"admin@contoso.com", "Removed SPE_E5", `["SPE_E5"]`, "[]", 0},
		{"admin@contoso.com", "Added SPE_E5", "[]", `["SPE_E5"]`, 7},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Fatalf("audit rows = %+v\nwant %+v", rows, want)
	}
	if got := must[[]AuditEntry](t)(s.AuditLog(ctx, AuditFilter{BatchID: 7})); len(got) != 1 {
		t.Fatalf("batch filter = %+v", got)
	}
	last := must[[]AuditEntry](t)(s.AuditLog(ctx, AuditFilter{Last: 2}))
	if len(last) != 2 || last[1].BatchID != 7 || last[0].ID >= last[1].ID {
		t.Fatalf("last 2 = %+v", last)
	}
	// A transaction that fails leaves neither the change nor its audit row.
	n := auditCount(t, s)
	_ = s.Write(ctx, func(tx *Tx) error {
		if _, err := tx.SetUserLicense("u@contoso.com", nil, []string{"SPE_E5"}); err != nil {
			return err
		}
		return &Error{Code: CodeInvalidValue, Message: "stop"}
	})
	if auditCount(t, s) != n || len(licenses(t, s, "u@contoso.com")) != 1 {
		t.Fatal("rolled back transaction left changes")
	}
}

func TestLitigationHoldNeedsMailbox(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	addUser(t, s, "nomail@contoso.com", "US")
	_, err := s.SetLitigationHold(ctx, "nomail@contoso.com", true)
	wantError(t, err, "The operation couldn't be performed because object 'nomail@contoso.com' couldn't be found.")
}
