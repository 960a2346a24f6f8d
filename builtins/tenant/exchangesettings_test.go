package tenant

import (
	"testing"
	"time"
)

// TestArchiveFollowsLicenses: an archive needs an Exchange plan with
// archiving (a shared mailbox needs Plan 2), auto-expanding archiving
// needs Plan 2 and an archive first; each change is one audit row, and a
// second enable changes nothing.
func TestArchiveFollowsLicenses(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	addSub(t, s, "SPE_E3", 2)
	addSub(t, s, "EXCHANGESTANDARD", 1)
	addSub(t, s, "SPE_F1", 1)
	for _, upn := range []string{"e3@contoso.com", "p1@contoso.com", "f3@contoso.com", "shared@contoso.com"} {
		addUser(t, s, upn, "US")
	}
	assign(t, s, "e3@contoso.com", "SPE_E3")
	assign(t, s, "p1@contoso.com", "EXCHANGESTANDARD")
	assign(t, s, "f3@contoso.com", "SPE_F1")
	assign(t, s, "shared@contoso.com", "SPE_E3")
	convert(t, s, "shared@contoso.com", true)
	must[LicenseResult](t)(s.SetUserLicense(ctx, "shared@contoso.com", nil, []string{"SPE_E3"}))
	on := true
	archive := func(upn string, up MailboxUpdate) (MailboxChange, error) { return s.SetMailbox(ctx, upn, up) }

	if res := must[MailboxChange](t)(archive("e3@contoso.com", MailboxUpdate{Archive: &on})); !res.Changed || !res.Data.Archive {
		t.Fatalf("E3: %+v", res)
	}
	if res := must[MailboxChange](t)(archive("e3@contoso.com", MailboxUpdate{Archive: &on})); res.Changed {
		t.Fatalf("enabled twice: %+v", res)
	}
	if res := must[MailboxChange](t)(archive("e3@contoso.com", MailboxUpdate{AutoExpandingArchive: &on})); !res.Data.AutoExpandingArchive {
		t.Fatalf("E3 auto-expanding: %+v", res)
	}
	must[MailboxChange](t)(archive("p1@contoso.com", MailboxUpdate{Archive: &on}))
	_, err := archive("p1@contoso.com", MailboxUpdate{AutoExpandingArchive: &on})
	wantError(t, err, "Auto-expanding archiving can't be enabled for 'p1@contoso.com': it needs an Exchange Online (Plan 2) license, or Exchange Online (Plan 1) with Exchange Online Archiving.")
	_, err = archive("f3@contoso.com", MailboxUpdate{Archive: &on})
	wantError(t, err, "The mailbox 'f3@contoso.com' can't have an archive: the user's licenses include no Exchange Online plan with archiving. Assign one with Exchange Online (Plan 1) or (Plan 2), such as Microsoft 365 E3, first.")
	_, err = archive("f3@contoso.com", MailboxUpdate{AutoExpandingArchive: &on})
	wantError(t, err, "The mailbox 'f3@contoso.com' has no archive to expand: enable the archive first (Enable-Mailbox -Archive).")
	_, err = archive("shared@contoso.com", MailboxUpdate{Archive: &on})
	wantError(t, err, "The shared mailbox 'shared@contoso.com' can't have an archive without a license: a shared mailbox needs an Exchange Online (Plan 2) license, or Exchange Online (Plan 1) with Exchange Online Archiving, for an archive.")
	if n := len(must[[]AuditEntry](t)(s.AuditLog(ctx, AuditFilter{Operation: "Enable archive"}))); n != 2 {
		t.Fatalf("%d archive audit rows, want 2", n)
	}
}

// TestAutoReply: automatic replies are kept as set and read back as
// Exchange shows them; a scheduled period must end after it starts.
func TestAutoReply(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	addSub(t, s, "SPE_E3", 1)
	addUser(t, s, "leaver@contoso.com", "US")
	assign(t, s, "leaver@contoso.com", "SPE_E3")
	if d := must[UserData](t)(s.UserData(ctx, "leaver@contoso.com")); d.AutoReply.Normal() != (AutoReply{State: AutoReplyDisabled, ExternalAudience: "All"}) {
		t.Fatalf("before any: %+v", d.AutoReply.Normal())
	}
	start := time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)
	a := AutoReply{State: AutoReplyScheduled, InternalMessage: "I have left.", ExternalMessage: "Write to sales@contoso.com.",
		ExternalAudience: "Known", StartTime: start, EndTime: start.Add(30 * 24 * time.Hour)}
	res := must[MailboxChange](t)(s.SetMailbox(ctx, "leaver@contoso.com", MailboxUpdate{AutoReply: &a}))
	if !res.Changed || !res.Data.AutoReply.EndTime.Equal(a.EndTime) || res.Data.AutoReply.InternalMessage != a.InternalMessage || res.Data.AutoReply.State != AutoReplyScheduled {
		t.Fatalf("set: %+v", res)
	}
	if again := must[MailboxChange](t)(s.SetMailbox(ctx, "leaver@contoso.com", MailboxUpdate{AutoReply: &a})); again.Changed {
		t.Fatal("the same replies changed something")
	}
	bad := a
	bad.EndTime = start.Add(-time.Hour)
	_, err := s.SetMailbox(ctx, "leaver@contoso.com", MailboxUpdate{AutoReply: &bad})
	wantError(t, err, "The EndTime of the automatic replies must be later than their StartTime.")
	entries := must[[]AuditEntry](t)(s.AuditLog(ctx, AuditFilter{Operation: "Set automatic replies"}))
	if len(entries) != 1 || entries[0].Before != `"Disabled"` || entries[0].After != `"Scheduled"` {
		t.Fatalf("audit = %+v", entries)
	}
}

// TestUpdateGroup: Exchange's group settings change under the rules of
// names and addresses, a Microsoft 365 group alone has an access type, and
// only admins of the group's kind may change it.
func TestUpdateGroup(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	addUser(t, s, "ann@contoso.com", "US")
	must[Group](t)(s.CreateGroup(ctx, NewGroupSpec{DisplayName: "Sales Team", Kind: GroupDistribution}))
	must[Group](t)(s.CreateGroup(ctx, NewGroupSpec{DisplayName: "Project X", Kind: GroupMicrosoft365}))
	hidden, private, name := true, "Private", "Sales Europe"
	g, changed, err := s.UpdateGroup(ctx, "Sales Team", GroupUpdate{DisplayName: &name, HiddenFromAddressLists: &hidden})
	if err != nil || !changed || g.DisplayName != "Sales Europe" || !g.HiddenFromAddressLists || !g.RequireSenderAuthentication || g.AccessType != "Public" {
		t.Fatalf("update: %+v %v %v", g, changed, err)
	}
	if _, changed, err := s.UpdateGroup(ctx, "SalesTeam", GroupUpdate{HiddenFromAddressLists: &hidden}); err != nil || changed {
		t.Fatalf("by alias, unchanged: %v %v", changed, err)
	}
	g, _, err = s.UpdateGroup(ctx, "Project X", GroupUpdate{AccessType: &private})
	if err != nil || g.AccessType != "Private" {
		t.Fatalf("access type: %+v %v", g, err)
	}
	_, _, err = s.UpdateGroup(ctx, "Sales Europe", GroupUpdate{AccessType: &private})
	wantError(t, err, "The access type 'Private' isn't valid for group 'Sales Europe': a Microsoft 365 group is Public or Private.")
	taken := "Project X"
	_, _, err = s.UpdateGroup(ctx, "Sales Europe", GroupUpdate{DisplayName: &taken})
	wantError(t, err, "Another object with the same value for property displayName already exists.")
	mail := "ann@contoso.com"
	_, _, err = s.UpdateGroup(ctx, "Sales Europe", GroupUpdate{Mail: &mail})
	wantError(t, err, "The proxy address \"SMTP:ann@contoso.com\" is already being used by the proxy addresses or LegacyExchangeDN. Please choose another proxy address.")
	if _, err := s.Connect(ctx, "ann@contoso.com"); err != nil {
		t.Fatal(err)
	}
	_, _, err = s.UpdateGroup(ctx, "Sales Europe", GroupUpdate{HiddenFromAddressLists: &hidden})
	wantError(t, err, "Insufficient privileges to complete the operation.")
}
