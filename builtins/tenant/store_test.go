package tenant

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

func TestOpenCreatesAndMigrates(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "new.db")
	s := openFile(t, path)
	var version int
	var mode string
	var fk int
	if err := s.DB().QueryRow(`PRAGMA user_version`).Scan(&version); err != nil {
		t.Fatal(err)
	}
	if err := s.DB().QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if err := s.DB().QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil {
		t.Fatal(err)
	}
	if version != 1 || mode != "wal" || fk != 1 {
		t.Fatalf("user_version=%d journal_mode=%s foreign_keys=%d, want 1 wal 1", version, mode, fk)
	}
	if ok := must[bool](t)(s.Initialized(ctx)); ok {
		t.Fatal("a new file is initialized")
	}
	if _, err := s.Info(ctx); !IsCode(err, CodeNotInitialized) {
		t.Fatalf("Info on an empty tenant: %v", err)
	}
	// Opening again finds the schema in place and applies nothing twice.
	again := openFile(t, path)
	if err := again.DB().QueryRow(`PRAGMA user_version`).Scan(&version); err != nil || version != 1 {
		t.Fatalf("reopen: user_version=%d err=%v", version, err)
	}
}

func TestInitialize(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	in := must[Info](t)(s.Info(ctx))
	if in.Name != "Contoso" || in.DefaultDomain != "contoso.com" || in.ActingAdmin != "admin@contoso.com" || len(in.TenantID) != 36 {
		t.Fatalf("info = %+v", in)
	}
	roles := must[[]RoleAssignment](t)(s.RoleAssignments(ctx, GlobalAdministrator, ""))
	if len(roles) != 1 || roles[0].UserPrincipalName != "admin@contoso.com" {
		t.Fatalf("global admins = %+v", roles)
	}
	wantError(t, s.Initialize(ctx, "Again", "again.com", false), "The tenant is already initialized.")

	for _, tc := range []struct{ name, domain, msg string }{
		{"", "contoso.com", "The tenant name cannot be empty."},
		{"X", "contoso", "The domain name 'contoso' is not valid."},
		{"X", "bad domain.com", "The domain name 'bad domain.com' is not valid."},
		{"X", "-x.com", "The domain name '-x.com' is not valid."},
	} {
		fresh := openFile(t, filepath.Join(t.TempDir(), "t.db"))
		wantError(t, fresh.Initialize(ctx, tc.name, tc.domain, false), tc.msg)
		if ok := must[bool](t)(fresh.Initialized(ctx)); ok {
			t.Errorf("%q/%q: refused Initialize left a tenant", tc.name, tc.domain)
		}
	}
}

func TestClockIsSharedThroughTheFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "tenant.db")
	a := openFile(t, path)
	if err := a.Initialize(ctx, "Contoso", "contoso.com", false); err != nil {
		t.Fatal(err)
	}
	b := openFile(t, path)
	steps := []struct {
		name string
		do   func() error
		want time.Time
	}{
		{"set", func() error { return a.SetClock(ctx, start) }, start},
		{"add 29 days", func() error { return b.AddDays(ctx, 29) }, start.AddDate(0, 0, 29)},
		{"add -2 days", func() error { return a.AddDays(ctx, -2) }, start.AddDate(0, 0, 27)},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		for i, s := range []*Store{a, b} {
			if got := must[time.Time](t)(s.Now(ctx)); !got.Equal(st.want) {
				t.Errorf("%s: store %d now = %v, want %v", st.name, i, got, st.want)
			}
		}
	}
	if err := a.ResetClock(ctx); err != nil {
		t.Fatal(err)
	}
	if got := must[time.Time](t)(b.Now(ctx)); time.Since(got).Abs() > time.Minute {
		t.Errorf("after reset now = %v", got)
	}
	if in := must[Info](t)(b.Info(ctx)); in.ClockFixed {
		t.Error("clock still fixed after reset")
	}
	// AddDays on a running clock keeps it running, shifted.
	if err := a.AddDays(ctx, 30); err != nil {
		t.Fatal(err)
	}
	got := must[time.Time](t)(b.Now(ctx))
	if d := got.Sub(time.Now().AddDate(0, 0, 30)).Abs(); d > time.Minute {
		t.Errorf("running clock +30 days = %v", got)
	}
	fresh := openFile(t, filepath.Join(t.TempDir(), "empty.db"))
	wantError(t, fresh.SetClock(ctx, start), "The tenant is not initialized. Run Initialize-Tenant first.")
}

func TestOpenOddFileNames(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"a#b.db", "what?.db", "100%.db", "spaced name.db", "ünï.db"} {
		dir := t.TempDir()
		s := openFile(t, filepath.Join(dir, name))
		if err := s.Initialize(ctx, "T", "t.com", false); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Fatalf("%s: file not created where asked: %v", name, err)
		}
	}
}

// TestSignedOut checks who a Store acts as: the tenant's default admin
// before any Connect, the connected user after one, and nobody after a
// failed one, so that its changes are refused rather than made as an admin.
func TestSignedOut(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	addSub(t, s, "SPE_E5", 5)
	addUser(t, s, "ann@contoso.com", "US")
	addUser(t, s, "lic@contoso.com", "US")
	if err := s.AddRoleAssignment(ctx, LicenseAdministrator, "lic@contoso.com"); err != nil {
		t.Fatal(err)
	}
	assign(t, s, "ann@contoso.com", "SPE_E5")

	if u := must[User](t)(s.Account(ctx)); u.UserPrincipalName != "admin@contoso.com" {
		t.Fatalf("before Connect the store acts as %s", u.UserPrincipalName)
	}
	must[User](t)(s.Connect(ctx, "lic@contoso.com"))
	if u := must[User](t)(s.Account(ctx)); u.UserPrincipalName != "lic@contoso.com" {
		t.Fatalf("after Connect the store acts as %s", u.UserPrincipalName)
	}
	_, err := s.Connect(ctx, "typo@contoso.com")
	wantError(t, err, "Resource 'typo@contoso.com' does not exist or one of its queried reference-property objects are not present.")
	_, err = s.Account(ctx)
	wantError(t, err, "No account is signed in: the last sign-in failed.")
	if !IsCode(err, CodeNotSignedIn) {
		t.Fatalf("Account after a failed Connect: %v", err)
	}
	if in := must[Info](t)(s.Info(ctx)); in.ActingAdmin != "" {
		t.Fatalf("a signed-out store shows %q as its acting admin", in.ActingAdmin)
	}
	audits := auditCount(t, s)
	_, err = s.SetUserLicense(ctx, "ann@contoso.com", nil, []string{"SPE_E5"})
	wantError(t, err, "Insufficient privileges to complete the operation.")
	_, err = s.NewUser(ctx, NewUser{UserPrincipalName: "x@contoso.com", DisplayName: "X"})
	wantError(t, err, "Insufficient privileges to complete the operation.")
	if got := licenses(t, s, "ann@contoso.com"); len(got) != 1 || auditCount(t, s) != audits {
		t.Fatalf("a signed-out store changed the tenant: %v", got)
	}
	// Connect with no account is the way back to the default admin.
	if u := must[User](t)(s.Connect(ctx, "")); u.UserPrincipalName != "admin@contoso.com" {
		t.Fatalf("Connect(\"\") acts as %s", u.UserPrincipalName)
	}
	if _, err := s.SetUserLicense(ctx, "ann@contoso.com", nil, []string{"SPE_E5"}); err != nil {
		t.Fatal(err)
	}
}

// TestDirectoryRolesAndDomains checks the directory's view of the tenant:
// its roles with stable ids and their holders, and its domains.
func TestDirectoryRolesAndDomains(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	addUser(t, s, "ann@fabrikam.com", "US")
	if err := s.AddRoleAssignment(ctx, LicenseAdministrator, "ann@fabrikam.com"); err != nil {
		t.Fatal(err)
	}
	roles := must[[]DirectoryRole](t)(s.DirectoryRoles(ctx))
	again := must[[]DirectoryRole](t)(s.DirectoryRoles(ctx))
	if !reflect.DeepEqual(roles, again) || len(roles) != len(knownRoles) {
		t.Fatalf("roles = %+v", roles)
	}
	held := map[string]int{}
	for _, r := range roles {
		held[r.Name] = r.Members
	}
	if held[GlobalAdministrator] != 1 || held[LicenseAdministrator] != 1 || held[UserAdministrator] != 0 {
		t.Fatalf("holders = %v", held)
	}
	for _, key := range []string{"license administrator", "4d6ac14f-3453-41d0-bef9-a3e0c569773a", roles[1].ID} {
		if r := must[DirectoryRole](t)(s.FindDirectoryRole(ctx, key)); r.Name != LicenseAdministrator || r.Description != "Can manage product licenses on users and groups." {
			t.Errorf("%s finds %+v", key, r)
		}
	}
	_, err := s.FindDirectoryRole(ctx, "Janitor")
	wantError(t, err, "Resource 'Janitor' does not exist or one of its queried reference-property objects are not present.")

	want := []Domain{{Name: "contoso.com", IsDefault: true}, {Name: "contoso.onmicrosoft.com", IsInitial: true}, {Name: "fabrikam.com"}}
	if got := must[[]Domain](t)(s.Domains(ctx)); !reflect.DeepEqual(got, want) {
		t.Fatalf("domains = %+v", got)
	}
}

// TestDefaultAdminIsOneRule checks that a Store never connected acts as
// the same admin in its writes as Account and Info say: the acting admin,
// or when that user is gone the first Global Administrator left.
func TestDefaultAdminIsOneRule(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "tenant.db")
	s := openFile(t, path)
	if err := s.Initialize(ctx, "Contoso", "contoso.com", false); err != nil {
		t.Fatal(err)
	}
	addUser(t, s, "ga2@contoso.com", "US")
	if err := s.AddRoleAssignment(ctx, GlobalAdministrator, "ga2@contoso.com"); err != nil {
		t.Fatal(err)
	}
	must[User](t)(s.Connect(ctx, "ga2@contoso.com"))
	must[User](t)(s.RemoveUser(ctx, "admin@contoso.com"))

	fresh := openFile(t, path)
	if u := must[User](t)(fresh.Account(ctx)); u.UserPrincipalName != "ga2@contoso.com" {
		t.Fatalf("Account = %s", u.UserPrincipalName)
	}
	if in := must[Info](t)(fresh.Info(ctx)); in.ActingAdmin != "ga2@contoso.com" {
		t.Fatalf("ActingAdmin = %s", in.ActingAdmin)
	}
	addUser(t, fresh, "new@contoso.com", "US")
	if e := must[[]AuditEntry](t)(fresh.AuditLog(ctx, AuditFilter{Last: 1})); e[0].Actor != "ga2@contoso.com" {
		t.Fatalf("the write was made as %q", e[0].Actor)
	}
}
