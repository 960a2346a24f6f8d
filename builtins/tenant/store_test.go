package tenant

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
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
	var app int
	if err := s.DB().QueryRow(`PRAGMA application_id`).Scan(&app); err != nil {
		t.Fatal(err)
	}
	if version != schemaVersion() || mode != "wal" || fk != 1 || app != applicationID {
		t.Fatalf("user_version=%d journal_mode=%s foreign_keys=%d application_id=%#x, want %d wal 1 %#x",
			version, mode, fk, app, schemaVersion(), applicationID)
	}
	if ok := must[bool](t)(s.Initialized(ctx)); ok {
		t.Fatal("a new file is initialized")
	}
	if _, err := s.Info(ctx); !IsCode(err, CodeNotInitialized) {
		t.Fatalf("Info on an empty tenant: %v", err)
	}
	// Opening again finds the schema in place and applies nothing twice.
	again := openFile(t, path)
	if err := again.DB().QueryRow(`PRAGMA user_version`).Scan(&version); err != nil || version != schemaVersion() {
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

// TestOpenRefusesOtherFiles checks that licsh writes nothing to a file that
// is not its tenant: another program's SQLite database, a file that is not
// SQLite, a tenant of a newer licsh. A tenant made before files carried
// licsh's id is brought up to date.
func TestOpenRefusesOtherFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sqliteFile := func(name string, stmts ...string) string {
		t.Helper()
		path := filepath.Join(dir, name)
		db, err := sql.Open("sqlite", "file:"+path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		for _, q := range stmts {
			if _, err := db.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		return path
	}
	other := sqliteFile("notes.db", "CREATE TABLE notes (text TEXT)", "INSERT INTO notes VALUES ('keep me')")
	otherWithVersion := sqliteFile("app.db", "CREATE TABLE t (x)", "PRAGMA user_version = 3")
	otherApp := sqliteFile("gpkg.db", "PRAGMA application_id = 1196444487", "CREATE TABLE t (x)")
	text := filepath.Join(dir, "users.csv")
	if err := os.WriteFile(text, []byte("UserPrincipalName\nann@contoso.com\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	newer := filepath.Join(dir, "newer.db")
	newTenantAt(t, newer)
	setPragma(t, newer, fmt.Sprintf("PRAGMA user_version = %d", schemaVersion()+1))

	for _, tc := range []struct{ path, want string }{
		{other, "The file " + other + " is not a licsh tenant file: it is the database of another program, which licsh does not change."},
		{otherWithVersion, "The file " + otherWithVersion + " is not a licsh tenant file: it is the database of another program, which licsh does not change."},
		{otherApp, "The file " + otherApp + " is not a licsh tenant file: it is the database of another program, which licsh does not change."},
		{text, "The file " + text + " is not a licsh tenant file: it is not an SQLite database."},
		{newer, fmt.Sprintf("The tenant file %s was made by a newer licsh (schema version %d; this licsh knows up to %d). Use that licsh, or a copy of the file made before.", newer, schemaVersion()+1, schemaVersion())},
	} {
		before, err := os.ReadFile(tc.path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Open(tc.path); err == nil || err.Error() != tc.want {
			t.Errorf("Open(%s) = %v\nwant %s", filepath.Base(tc.path), err, tc.want)
		}
		after, err := os.ReadFile(tc.path)
		if err != nil {
			t.Fatal(err)
		}
		if string(after) != string(before) {
			t.Errorf("Open(%s) changed the file", filepath.Base(tc.path))
		}
		if _, err := os.Stat(tc.path + "-wal"); err == nil && tc.path != newer {
			t.Errorf("Open(%s) left a WAL file", filepath.Base(tc.path))
		}
	}

	// A tenant of an earlier licsh, without the id and at version 1, is
	// brought up to date and marked.
	old := filepath.Join(dir, "old.db")
	first, err := migrations.ReadFile("migrations/001_init.sql")
	if err != nil {
		t.Fatal(err)
	}
	setPragma(t, old, "PRAGMA journal_mode = WAL", string(first), "PRAGMA user_version = 1",
		`INSERT INTO tenant (id, tenant_id, name, default_domain) VALUES (1, '00000000-0000-4000-8000-000000000001', 'Contoso', 'contoso.com')`)
	s := openFile(t, old)
	var app, version int
	if err := s.DB().QueryRow(`PRAGMA application_id`).Scan(&app); err != nil {
		t.Fatal(err)
	}
	if err := s.DB().QueryRow(`PRAGMA user_version`).Scan(&version); err != nil {
		t.Fatal(err)
	}
	if app != applicationID || version != schemaVersion() {
		t.Fatalf("an old tenant after Open: application_id %#x, user_version %d", app, version)
	}
	if in := must[Info](t)(s.Info(ctx)); in.Name != "Contoso" {
		t.Fatalf("the old tenant's data: %+v", in)
	}
}

// TestOpenTakesNoWriteLock checks that opening an up-to-date tenant while
// another connection holds the write lock neither waits nor fails.
func TestOpenTakesNoWriteLock(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "tenant.db")
	newTenantAt(t, path)
	writer := openFile(t, path)
	tx, err := writer.DB().Begin() // BEGIN IMMEDIATE: the write lock
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	started := time.Now()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Info(ctx); err != nil {
		t.Fatalf("reading while another connection writes: %v", err)
	}
	if d := time.Since(started); d > busyTimeout/2 {
		t.Fatalf("Open waited %v for the writer", d)
	}
}

// TestWriteWaitsAndSaysSo holds the write lock in another connection: a
// write says, once, that it waits, and goes on when the lock is let go; one
// that waits past its deadline fails with what happened, and changed
// nothing.
func TestWriteWaitsAndSaysSo(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "tenant.db")
	newTenantAt(t, path)
	writer := openFile(t, path)
	s := openFile(t, path)
	tx, err := writer.DB().Begin() // BEGIN IMMEDIATE: the write lock
	if err != nil {
		t.Fatal(err)
	}
	told := make(chan time.Duration, 2)
	s.SetWaitNotice(func(d time.Duration) { told <- d })
	done := make(chan error)
	go func() { done <- s.SetInfo(ctx, "Fabrikam", "") }()
	waited := <-told
	tx.Rollback()
	if err := <-done; err != nil || waited < busyTimeout/2 {
		t.Fatalf("a write that waited %v for the lock: %v", waited, err)
	}
	if len(told) != 0 {
		t.Fatal("a write told more than once that it waits")
	}

	tx, err = writer.DB().Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	s.writeWait = time.Millisecond
	wantError(t, s.SetInfo(ctx, "Tailspin", ""), fmt.Sprintf("The tenant file %s has been locked by another program for 5 seconds, and nothing was changed. Try again when it has finished.", path))
	tx.Rollback()
	if in := must[Info](t)(s.Info(ctx)); in.Name != "Fabrikam" {
		t.Fatalf("the tenant's name after a write that gave up: %q", in.Name)
	}
}

// newTenantAt makes an initialised tenant file at path.
func newTenantAt(t *testing.T, path string) {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Initialize(ctx, "Contoso", "contoso.com", false); err != nil {
		t.Fatal(err)
	}
}

// setPragma runs statements on a closed tenant file, as another program
// or an earlier licsh would have left it.
func setPragma(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
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
		if r := must[DirectoryRole](t)(FindDirectoryRole(ctx, s, key)); r.Name != LicenseAdministrator || r.Description != "Can manage product licenses on users and groups." {
			t.Errorf("%s finds %+v", key, r)
		}
	}
	_, err := FindDirectoryRole(ctx, s, "Janitor")
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

// TestNewTenantFileIsPrivate checks that a new tenant file, and the -wal
// and -shm files beside it, can be read by their owner only, whatever the
// umask: they hold the tenant's users and the Graph server's secrets
// (issue 12).
func TestNewTenantFileIsPrivate(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "new.db")
	s := openFile(t, path)
	if err := s.Initialize(ctx, "Contoso", "contoso.com", false); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if mode := info.Mode().Perm(); mode != 0o600 {
			t.Errorf("%s: mode %v, want -rw-------", filepath.Base(p), mode)
		}
	}
	// A file the user made empty beforehand keeps the mode they gave it.
	shared := filepath.Join(t.TempDir(), "shared.db")
	if err := os.WriteFile(shared, nil, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(shared, 0o640); err != nil {
		t.Fatal(err)
	}
	openFile(t, shared)
	if info, err := os.Stat(shared); err != nil || info.Mode().Perm() != 0o640 {
		t.Errorf("an empty file given by the user: %v %v, want -rw-r-----", info.Mode(), err)
	}
}

// TestUninitializedRefusesWork checks that every change on a tenant
// Initialize has not set up is refused as such (issue 12), not as an
// unknown user or a missing role, and that Initialize itself works.
func TestUninitializedRefusesWork(t *testing.T) {
	t.Parallel()
	s := openFile(t, filepath.Join(t.TempDir(), "empty.db"))
	checks := map[string]error{
		"SetUserLicense": func() error {
			_, err := s.SetUserLicense(ctx, "ann@contoso.com", []AddLicense{{SkuID: "SPE_E5"}}, nil)
			return err
		}(),
		"NewUser": func() error {
			_, err := s.NewUser(ctx, NewUser{UserPrincipalName: "ann@contoso.com", DisplayName: "Ann"})
			return err
		}(),
		"Write":              s.Write(ctx, func(*Tx) error { return nil }),
		"RequireInitialized": s.RequireInitialized(ctx),
	}
	for name, err := range checks {
		if !IsCode(err, CodeNotInitialized) || err.Error() != "The tenant is not initialized. Run Initialize-Tenant first." {
			t.Errorf("%s on an empty tenant: %v", name, err)
		}
	}
	if err := s.Initialize(ctx, "Contoso", "contoso.com", false); err != nil {
		t.Fatal(err)
	}
	if err := s.RequireInitialized(ctx); err != nil {
		t.Errorf("after Initialize: %v", err)
	}
}

// TestWorkDoneIsCommitted: work a transaction finished is committed even
// when its context ends before the commit, as when Ctrl-C stops a batch
// between its last statement and its commit; the batch then reports the
// chunk, which the tenant holds.
func TestWorkDoneIsCommitted(t *testing.T) {
	t.Parallel()
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE t (x)`); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	err = inTransaction(ctx, conn, "BEGIN IMMEDIATE", func(run sqlRunner) error {
		if _, err := run.ExecContext(ctx, `INSERT INTO t VALUES (1)`); err != nil {
			return err
		}
		cancel()
		return nil
	})
	var n int
	if qerr := db.QueryRow(`SELECT count(*) FROM t`).Scan(&n); qerr != nil {
		t.Fatal(qerr)
	}
	if err != nil || n != 1 {
		t.Errorf("inTransaction = %v with %d rows committed, want nil and 1", err, n)
	}
}

// TestMigrateBatchRecords opens a tenant of schema version 7 holding a
// batch's changes and a mailbox's grace row: after Open the changes read
// back as they were (rows, audit entries and their ids), the grace row's
// purge date, long passed, is settled by the next write, and the audit ids
// still follow the batch's last.
func TestMigrateBatchRecords(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "v7.db")
	stmts := []string{"PRAGMA journal_mode = WAL"}
	for _, name := range migrationNames() {
		if n, _ := strconv.Atoi(strings.SplitN(name, "_", 2)[0]); n > 7 {
			continue
		}
		text, err := migrations.ReadFile("migrations/" + name)
		if err != nil {
			t.Fatal(err)
		}
		stmts = append(stmts, string(text))
	}
	stmts = append(stmts, "PRAGMA user_version = 7", fmt.Sprintf("PRAGMA application_id = %d", applicationID),
		`INSERT INTO tenant (id, tenant_id, name, default_domain) VALUES (1, '00000000-0000-4000-8000-000000000001', 'Contoso', 'contoso.com')`,
		`INSERT INTO batches (id, source_file, actor, started, finished, rows_total, changed) VALUES (1, 'leavers.csv', 'admin@contoso.com', 1000, 1001, 2, 2)`,
		`INSERT INTO audit_log (id, time, actor, operation, target, batch_id) VALUES (3, 1000, 'admin@contoso.com', 'Start batch', 'leavers.csv', 1)`,
		`INSERT INTO batch_kinds (batch_id, kind, actor, detail, audit, before, after, removed) VALUES
			(1, 1, 'admin@contoso.com', 'Removed SPE_E3 from '||char(31)||'.', 'Removed SPE_E3', '["SPE_E3"]', '[]', '[{"SkuID":"e3","PartNumber":"SPE_E3"}]')`,
		`INSERT INTO batch_changes (id, batch_id, row_number, upn, kind, time, given) VALUES
			(4, 1, 2, 'megan.jansen@contoso.com', 1, 1000, 11), (5, 1, 3, 'alex.pino@contoso.com', 1, 1000, 12)`,
		`INSERT INTO users (id, upn, created) VALUES ('00000000-0000-4000-8000-0000000000aa', 'alex.pino@contoso.com', 1000)`,
		`INSERT INTO mailboxes (user_id, upn, state) VALUES ('00000000-0000-4000-8000-0000000000aa', 'alex.pino@contoso.com', 'Active')`,
		`INSERT INTO mailbox_grace (user_id, purge_date) VALUES ('00000000-0000-4000-8000-0000000000aa', 1001)`)
	setPragma(t, path, stmts...)

	s := openFile(t, path)
	rows := must[[]BatchRow](t)(s.BatchRows(ctx, 1))
	if len(rows) != 2 || rows[1].RowNumber != 3 || rows[1].Identity != "alex.pino@contoso.com" || rows[1].Status != StatusChanged ||
		rows[1].Detail != "Removed SPE_E3 from alex.pino@contoso.com." || len(rows[1].Removed) != 1 || rows[1].Removed[0].PartNumber != "SPE_E3" {
		t.Fatalf("the batch's rows after the migration: %+v", rows)
	}
	entries := must[[]AuditEntry](t)(s.AuditLog(ctx, AuditFilter{}))
	var got []string
	for _, e := range entries {
		got = append(got, fmt.Sprintf("%d %s %s", e.ID, e.Operation, e.Target))
	}
	want := []string{"3 Start batch leavers.csv", "4 " + opSetLicense + " megan.jansen@contoso.com", "5 " + opSetLicense + " alex.pino@contoso.com"}
	if !slices.Equal(got, want) {
		t.Fatalf("the audit log after the migration:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var next int64
	if err := s.Write(ctx, func(tx *Tx) error {
		var err error
		next, err = tx.nextAuditID()
		return err
	}); err != nil || next != 7 {
		t.Fatalf("the next audit id after the migration and a purge: %d, %v; want 7", next, err)
	}
	var state string
	if err := s.DB().QueryRow(`SELECT state FROM mailboxes`).Scan(&state); err != nil || state != MailboxPurged {
		t.Fatalf("the mailbox whose grace ran out before the migration: %q, %v", state, err)
	}
	if purges := must[[]AuditEntry](t)(s.AuditLog(ctx, AuditFilter{Operation: "Purge mailbox"})); len(purges) != 1 || purges[0].ID != 6 {
		t.Fatalf("the purge's audit entries: %+v, want one with id 6", purges)
	}
}

// TestUserRecords: the audit entries of a new user and of a change to one
// record the properties the user has, under Get-User's names, and nothing
// the user lacks (no empty names, no time, no licenses).
func TestUserRecords(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	u := must[User](t)(s.NewUser(ctx, NewUser{UserPrincipalName: "rec@contoso.com", DisplayName: "Rec", Department: "Sales", UsageLocation: "fr"}))
	addSub(t, s, "SPE_E3", 1)
	assign(t, s, u.UserPrincipalName, "SPE_E3")
	dept := ""
	must[User](t)(s.SetUser(ctx, u.UserPrincipalName, UserUpdate{Department: &dept}))
	entries := must[[]AuditEntry](t)(s.AuditLog(ctx, AuditFilter{Target: u.UserPrincipalName}))
	var got []string
	for _, e := range entries {
		if e.Operation == opAddUser || e.Operation == "Update user" {
			got = append(got, e.Operation+" | "+e.Before+" | "+e.After)
		}
	}
	head := `{"Id":"` + u.ID + `","UserPrincipalName":"rec@contoso.com","DisplayName":"Rec","Mail":"rec@contoso.com",`
	tail := `"UsageLocation":"FR","UserType":"Member","AccountEnabled":true}`
	want := []string{
		"Add user |  | " + head + `"Department":"Sales",` + tail,
		"Update user | " + head + `"Department":"Sales",` + tail + " | " + head + tail,
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
