package tenant

import (
	"reflect"
	"testing"
)

// convert sets a mailbox's type and returns it after the change.
func convert(t *testing.T, s *Store, upn string, shared bool) UserData {
	t.Helper()
	return must[MailboxChange](t)(s.SetMailbox(ctx, upn, MailboxUpdate{Shared: &shared})).Data
}

// TestSharedMailboxNeedsNoLicense: a shared mailbox stays active when its
// user's last license with Exchange goes, with no grace period and no
// purge, and may then hold 50 GB.
func TestSharedMailboxNeedsNoLicense(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	addSub(t, s, "SPE_E3", 1)
	u := addUser(t, s, "leaver@contoso.com", "US")
	assign(t, s, "leaver@contoso.com", "SPE_E3")
	d := convert(t, s, "leaver@contoso.com", true)
	if !d.Shared || d.MailboxState != MailboxActive || d.MailboxPlan != enterprisePlan || d.MailboxSizeGB() != 100 {
		t.Fatalf("converted while licensed: %+v, %v GB", d, d.MailboxSizeGB())
	}
	res := must[LicenseResult](t)(s.SetUserLicense(ctx, "leaver@contoso.com", nil, []string{"SPE_E3"}))
	want := UserData{UserID: u.ID, UserPrincipalName: "leaver@contoso.com", MailboxState: MailboxActive, Shared: true,
		EDiscoverySearchable: true, OneDriveState: OneDriveActive}
	if !reflect.DeepEqual(res.Data, want) || res.Data.MailboxSizeGB() != 50 {
		t.Fatalf("after the license went: %+v, want %+v", res.Data, want)
	}
	if err := s.AddDays(ctx, 40); err != nil {
		t.Fatal(err)
	}
	if d := must[UserData](t)(s.UserData(ctx, "leaver@contoso.com")); !reflect.DeepEqual(d, want) {
		t.Fatalf("40 days later: %+v", d)
	}
	if n := len(must[[]AuditEntry](t)(s.AuditLog(ctx, AuditFilter{Operation: "Purge mailbox"}))); n != 0 {
		t.Fatalf("%d purges of a shared mailbox", n)
	}
	conv := must[[]AuditEntry](t)(s.AuditLog(ctx, AuditFilter{Operation: "Convert mailbox"}))
	if len(conv) != 1 || conv[0].Target != "leaver@contoso.com" || conv[0].Before != `"Regular"` || conv[0].After != `"Shared"` {
		t.Fatalf("conversion audit = %+v", conv)
	}
}

// TestConvertUnlicensedMailbox: an unlicensed user's mailbox may be
// converted within its grace period, which ends the grace period; after
// it the mailbox is purged and there is nothing to convert.
func TestConvertUnlicensedMailbox(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		days int
		ok   bool
	}{{0, true}, {29, true}, {30, false}, {45, false}} {
		s := newTenant(t)
		addSub(t, s, "SPE_E5", 1)
		addUser(t, s, "leaver@contoso.com", "US")
		assign(t, s, "leaver@contoso.com", "SPE_E5")
		must[LicenseResult](t)(s.SetUserLicense(ctx, "leaver@contoso.com", nil, []string{"SPE_E5"}))
		if err := s.AddDays(ctx, tc.days); err != nil {
			t.Fatal(err)
		}
		res, err := s.SetMailbox(ctx, "leaver@contoso.com", MailboxUpdate{Shared: ptr(true)})
		if !tc.ok {
			wantError(t, err, "The operation couldn't be performed because object 'leaver@contoso.com' couldn't be found.")
			continue
		}
		if err != nil {
			t.Fatalf("day %d: %v", tc.days, err)
		}
		if d := res.Data; !res.Changed || d.MailboxState != MailboxActive || !d.MailboxPurgeDate.IsZero() || !d.MailboxPurgedAt.IsZero() {
			t.Fatalf("day %d: converted %+v", tc.days, res)
		}
		if err := s.AddDays(ctx, 40); err != nil {
			t.Fatal(err)
		}
		if d := must[UserData](t)(s.UserData(ctx, "leaver@contoso.com")); d.MailboxState != MailboxActive || !d.EDiscoverySearchable {
			t.Fatalf("day %d, then 40 days: %+v", tc.days, d)
		}
	}
}

// TestConvertBackNeedsLicense: a shared mailbox becomes a user's mailbox
// again only with a license with Exchange; then losing it starts the grace
// period as for any user.
func TestConvertBackNeedsLicense(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	addSub(t, s, "SPE_E3", 1)
	addSub(t, s, "POWER_BI_PRO", 1)
	addUser(t, s, "back@contoso.com", "US")
	assign(t, s, "back@contoso.com", "SPE_E3")
	convert(t, s, "back@contoso.com", true)
	must[LicenseResult](t)(s.SetUserLicense(ctx, "back@contoso.com", []AddLicense{{SkuID: "POWER_BI_PRO"}}, []string{"SPE_E3"}))
	audits := auditCount(t, s)
	_, err := s.SetMailbox(ctx, "back@contoso.com", MailboxUpdate{Shared: ptr(false)})
	wantError(t, err, "The shared mailbox 'back@contoso.com' can't be converted to a regular mailbox because the user has no license that includes Exchange Online. Assign one (for example Microsoft 365 E3) first, then convert the mailbox.")
	if d := must[UserData](t)(s.UserData(ctx, "back@contoso.com")); !d.Shared || auditCount(t, s) != audits {
		t.Fatalf("a refused conversion changed %+v", d)
	}
	assign(t, s, "back@contoso.com", "SPE_E3")
	if d := convert(t, s, "back@contoso.com", false); d.Shared || d.MailboxState != MailboxActive {
		t.Fatalf("converted back: %+v", d)
	}
	res := must[LicenseResult](t)(s.SetUserLicense(ctx, "back@contoso.com", nil, []string{"SPE_E3"}))
	if res.Data.MailboxState != MailboxDisconnected || !res.Data.MailboxPurgeDate.Equal(start.Add(GracePeriod)) {
		t.Fatalf("a regular mailbox again without a license: %+v", res.Data)
	}
	if res := must[MailboxChange](t)(s.SetMailbox(ctx, "back@contoso.com", MailboxUpdate{Shared: ptr(false)})); res.Changed {
		t.Fatalf("converting a regular mailbox to regular changed it: %+v", res)
	}
}

// TestSharedMailboxHold: a shared mailbox is placed on litigation hold only
// with Exchange Online (Plan 2); a user's mailbox as before.
func TestSharedMailboxHold(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	addSub(t, s, "SPE_E3", 2)
	addSub(t, s, "O365_BUSINESS_PREMIUM", 1)
	for _, upn := range []string{"plan2@contoso.com", "plan1@contoso.com", "none@contoso.com"} {
		addUser(t, s, upn, "US")
	}
	assign(t, s, "plan2@contoso.com", "SPE_E3")
	assign(t, s, "plan1@contoso.com", "O365_BUSINESS_PREMIUM")
	assign(t, s, "none@contoso.com", "SPE_E3")
	convert(t, s, "none@contoso.com", true)
	must[LicenseResult](t)(s.SetUserLicense(ctx, "none@contoso.com", nil, []string{"SPE_E3"}))
	for _, upn := range []string{"plan2@contoso.com", "plan1@contoso.com"} {
		must[UserData](t)(s.SetLitigationHold(ctx, upn, true))
		must[UserData](t)(s.SetLitigationHold(ctx, upn, false))
		convert(t, s, upn, true)
	}
	if d := must[UserData](t)(s.SetLitigationHold(ctx, "plan2@contoso.com", true)); !d.LitigationHold || d.MailboxSizeGB() != 100 {
		t.Fatalf("held with Plan 2: %+v", d)
	}
	for _, upn := range []string{"plan1@contoso.com", "none@contoso.com"} {
		_, err := s.SetLitigationHold(ctx, upn, true)
		wantError(t, err, "The shared mailbox '"+upn+"' can't be placed on litigation hold without a license: a shared mailbox needs an Exchange Online (Plan 2) license, or Exchange Online (Plan 1) with Exchange Online Archiving, for litigation hold.")
	}
	// Converting and holding in one change is all or nothing.
	_, err := s.SetMailbox(ctx, "none@contoso.com", MailboxUpdate{Shared: ptr(false), LitigationHold: ptr(true)})
	wantError(t, err, "The shared mailbox 'none@contoso.com' can't be converted to a regular mailbox because the user has no license that includes Exchange Online. Assign one (for example Microsoft 365 E3) first, then convert the mailbox.")
}

// TestSharedMailboxOfDeletedUser: deleting the user of a shared mailbox
// soft-deletes it for the grace period, as any mailbox; restoring the user
// makes it active again without a license.
func TestSharedMailboxOfDeletedUser(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	addSub(t, s, "SPE_E3", 1)
	addUser(t, s, "shared@contoso.com", "US")
	assign(t, s, "shared@contoso.com", "SPE_E3")
	convert(t, s, "shared@contoso.com", true)
	must[LicenseResult](t)(s.SetUserLicense(ctx, "shared@contoso.com", nil, []string{"SPE_E3"}))
	must[User](t)(s.RemoveUser(ctx, "shared@contoso.com"))
	if d := must[UserData](t)(s.DeletedUserData(ctx, "shared@contoso.com")); d.MailboxState != MailboxDisconnected || !d.Shared {
		t.Fatalf("deleted: %+v", d)
	}
	r := must[RestoreResult](t)(s.RestoreUser(ctx, "shared@contoso.com"))
	if r.Data.MailboxState != MailboxActive || !r.Data.MailboxPurgeDate.IsZero() || !r.Data.Shared {
		t.Fatalf("restored: %+v", r.Data)
	}
}

// TestMailboxRoles: Global and Exchange Administrators change mailboxes
// and their permissions; License Administrators may not.
func TestMailboxRoles(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		role    string
		allowed bool
	}{{GlobalAdministrator, true}, {ExchangeAdministrator, true}, {LicenseAdministrator, false}, {UserAdministrator, false}} {
		s := newTenant(t)
		addSub(t, s, "SPE_E3", 2)
		addUser(t, s, "actor@contoso.com", "US")
		addUser(t, s, "box@contoso.com", "US")
		assign(t, s, "box@contoso.com", "SPE_E3")
		if err := s.AddRoleAssignment(ctx, tc.role, "actor@contoso.com"); err != nil {
			t.Fatal(err)
		}
		must[User](t)(s.Connect(ctx, "actor@contoso.com"))
		_, convErr := s.SetMailbox(ctx, "box@contoso.com", MailboxUpdate{Shared: ptr(true), ForwardingSmtpAddress: ptr("actor@contoso.com")})
		_, _, permErr := s.AddMailboxPermission(ctx, "box@contoso.com", "actor@contoso.com", []string{"FullAccess"})
		for _, err := range []error{convErr, permErr} {
			if tc.allowed && err != nil {
				t.Fatalf("%s: %v", tc.role, err)
			}
			if !tc.allowed {
				wantError(t, err, "Insufficient privileges to complete the operation.")
			}
		}
	}
}

func TestMailboxPermissions(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	addSub(t, s, "SPE_E3", 2)
	addUser(t, s, "leaver@contoso.com", "US")
	addUser(t, s, "manager@contoso.com", "US")
	addUser(t, s, "nobox@contoso.com", "US")
	assign(t, s, "leaver@contoso.com", "SPE_E3")
	p, added, err := s.AddMailboxPermission(ctx, "leaver@contoso.com", "manager@contoso.com", []string{"FullAccess"})
	if err != nil || !added || p.UserPrincipalName != "manager@contoso.com" || !reflect.DeepEqual(p.AccessRights, []string{"FullAccess"}) {
		t.Fatalf("added %+v %v %v", p, added, err)
	}
	if _, added, err := s.AddMailboxPermission(ctx, "leaver@contoso.com", "manager@contoso.com", []string{"FullAccess"}); added || err != nil {
		t.Fatalf("adding it again: added=%v %v", added, err)
	}
	must[MailboxPermission](t)(func() (MailboxPermission, error) {
		p, _, err := s.AddMailboxPermission(ctx, "leaver@contoso.com", "manager@contoso.com", []string{"ReadPermission"})
		return p, err
	}())
	got := must[[]MailboxPermission](t)(s.MailboxPermissions(ctx, "leaver@contoso.com"))
	if len(got) != 1 || !reflect.DeepEqual(got[0].AccessRights, []string{"FullAccess", "ReadPermission"}) {
		t.Fatalf("permissions = %+v", got)
	}
	_, _, err = s.AddMailboxPermission(ctx, "nobox@contoso.com", "manager@contoso.com", []string{"FullAccess"})
	wantError(t, err, "The operation couldn't be performed because object 'nobox@contoso.com' couldn't be found.")
	_, err = s.MailboxPermissions(ctx, "nobox@contoso.com")
	wantError(t, err, "The operation couldn't be performed because object 'nobox@contoso.com' couldn't be found.")
	if n := len(must[[]AuditEntry](t)(s.AuditLog(ctx, AuditFilter{Operation: "Add mailbox permission"}))); n != 2 {
		t.Fatalf("%d audit rows for two new rights", n)
	}
}

func TestFindUsers(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	must[User](t)(s.NewUser(ctx, NewUser{UserPrincipalName: "ann.lee@contoso.com", DisplayName: "Ann Lee", Mail: "ann@contoso.com"}))
	must[User](t)(s.NewUser(ctx, NewUser{UserPrincipalName: "ann.lee@fabrikam.com", DisplayName: "Ann Lee (Fabrikam)"}))
	for _, tc := range []struct {
		identity string
		want     []string
	}{
		{"ann.lee@contoso.com", []string{"ann.lee@contoso.com"}},
		{"ANN@contoso.com", []string{"ann.lee@contoso.com"}},
		{"ann lee", []string{"ann.lee@contoso.com"}},
		{"ann.lee", []string{"ann.lee@contoso.com", "ann.lee@fabrikam.com"}},
		{"nobody", nil},
	} {
		var got []string
		for _, u := range must[[]User](t)(s.FindUsers(ctx, tc.identity)) {
			got = append(got, u.UserPrincipalName)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("FindUsers(%q) = %v, want %v", tc.identity, got, tc.want)
		}
	}
}

// TestMailGroups: distribution and Microsoft 365 groups have an alias and
// an SMTP address no other recipient has; Exchange Administrators manage
// them, and not security groups.
func TestMailGroups(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	addUser(t, s, "ann@contoso.com", "US")
	addUser(t, s, "exo@contoso.com", "US")
	if err := s.AddRoleAssignment(ctx, ExchangeAdministrator, "exo@contoso.com"); err != nil {
		t.Fatal(err)
	}
	g := must[Group](t)(s.CreateGroup(ctx, NewGroupSpec{DisplayName: "Sales Team (EMEA)", Kind: GroupDistribution, Members: []string{"ann@contoso.com"}}))
	if g.MailNickname != "SalesTeamEMEA" || g.Mail != "SalesTeamEMEA@contoso.com" || g.MemberCount != 1 || !g.MailEnabled() || g.SecurityEnabled() {
		t.Fatalf("distribution group = %+v", g)
	}
	for _, id := range []string{"salesteamemea", "SalesTeamEMEA@contoso.com", "sales team (emea)", g.ID} {
		if got := must[[]Group](t)(s.Groups(ctx, id)); len(got) != 1 || got[0].ID != g.ID || got[0].Kind != GroupDistribution {
			t.Errorf("Groups(%q) = %+v", id, got)
		}
	}
	_, err := s.CreateGroup(ctx, NewGroupSpec{DisplayName: "Other", Kind: GroupDistribution, Mail: "ann@contoso.com"})
	wantError(t, err, `The proxy address "SMTP:ann@contoso.com" is already being used by the proxy addresses or LegacyExchangeDN. Please choose another proxy address.`)
	must[Group](t)(s.NewGroup(ctx, "Security Only"))
	m365 := must[Group](t)(s.CreateGroup(ctx, NewGroupSpec{DisplayName: "Project X", Kind: GroupMicrosoft365, MailNickname: "projx",
		Members: []string{"ann@contoso.com"}, Owners: []string{"ann@contoso.com"}}))
	if m365.Mail != "projx@contoso.com" {
		t.Fatalf("Microsoft 365 group = %+v", m365)
	}

	must[User](t)(s.Connect(ctx, "exo@contoso.com"))
	if err := s.AddGroupMembers(ctx, "SalesTeamEMEA", []string{"exo@contoso.com"}); err != nil {
		t.Fatal(err)
	}
	wantError(t, s.AddGroupMembers(ctx, "Security Only", []string{"exo@contoso.com"}), "Insufficient privileges to complete the operation.")
	if err := s.AddGroupOwners(ctx, "projx", []string{"exo@contoso.com"}); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveGroupOwners(ctx, "Project X", []string{"ann@contoso.com"}); err != nil {
		t.Fatal(err)
	}
	wantError(t, s.RemoveGroupOwners(ctx, "Project X", []string{"ann@contoso.com"}), "User 'ann@contoso.com' is not an owner of group 'Project X'.")
	var owners []string
	for _, u := range must[[]User](t)(s.GroupOwners(ctx, "Project X")) {
		owners = append(owners, u.UserPrincipalName)
	}
	if !reflect.DeepEqual(owners, []string{"exo@contoso.com"}) {
		t.Fatalf("owners = %v", owners)
	}
}

// TestDeletedMailboxes: the mailboxes of deleted users that still hold
// data are the inactive ones, kept by litigation hold, and the
// soft-deleted ones until their purge date.
func TestDeletedMailboxes(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	addSub(t, s, "SPE_E5", 3)
	for _, upn := range []string{"held@contoso.com", "soft@contoso.com", "live@contoso.com"} {
		addUser(t, s, upn, "US")
		assign(t, s, upn, "SPE_E5")
	}
	must[UserData](t)(s.SetLitigationHold(ctx, "held@contoso.com", true))
	must[User](t)(s.RemoveUser(ctx, "held@contoso.com"))
	must[User](t)(s.RemoveUser(ctx, "soft@contoso.com"))
	states := func() []string {
		var out []string
		for _, d := range must[[]UserData](t)(s.DeletedMailboxes(ctx)) {
			out = append(out, d.UserPrincipalName+" "+d.MailboxState+" "+d.MailboxPlan)
		}
		return out
	}
	if got, want := states(), []string{"held@contoso.com Inactive ", "soft@contoso.com Disconnected "}; !reflect.DeepEqual(got, want) {
		t.Fatalf("deleted mailboxes = %q, want %q", got, want)
	}
	if err := s.AddDays(ctx, 31); err != nil {
		t.Fatal(err)
	}
	if got, want := states(), []string{"held@contoso.com Inactive "}; !reflect.DeepEqual(got, want) {
		t.Fatalf("31 days later = %q, want %q", got, want)
	}
	var live []string
	for _, d := range must[[]UserData](t)(s.Mailboxes(ctx)) {
		live = append(live, d.UserPrincipalName+" "+d.MailboxPlan)
	}
	if want := []string{"live@contoso.com EXCHANGE_S_ENTERPRISE"}; !reflect.DeepEqual(live, want) {
		t.Fatalf("live mailboxes = %q, want %q", live, want)
	}
}
