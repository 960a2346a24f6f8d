package tenant

import (
	"os"
	"path/filepath"
	"testing"
)

// TestOpenReadOnly reads a tenant opened read-only (issue 12): questions are
// answered, changes refused in words, and no -wal or -shm file is left
// that the tenant's owner could not write. While a writer has the tenant
// open, the reader sees its latest changes.
func TestOpenReadOnly(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "tenant.db")
	w := must[*Store](t)(Open(path))
	if err := w.Initialize(ctx, "Contoso", "contoso.com", false); err != nil {
		t.Fatal(err)
	}
	addSub(t, w, "SPE_E5", 5)
	addUser(t, w, "ann@contoso.com", "US")
	w.Close()
	for _, side := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(path + side); err == nil {
			t.Fatalf("the writer left %s behind", side)
		}
	}

	r, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	if users := must[int](t)(r.UserCount(ctx)); users != 2 {
		t.Errorf("%d users read, want 2", users)
	}
	if ps := must[[]Product](t)(r.Products(ctx)); len(ps) != 1 || ps[0].PartNumber != "SPE_E5" {
		t.Errorf("products read: %v", ps)
	}
	want := "The tenant file " + path + " is read-only for you: commands that read it work, changes are refused. To change the tenant, get write access to the file and to its folder."
	_, err = r.SetUserLicense(ctx, "ann@contoso.com", []AddLicense{{SkuID: "SPE_E5"}}, nil)
	if !IsCode(err, CodeReadOnly) || err.Error() != want {
		t.Errorf("a change on a read-only tenant: %v", err)
	}
	for _, side := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(path + side); err == nil {
			t.Errorf("the reader left %s behind", side)
		}
	}
	r.Close()

	// A writer has the tenant open, with a change not yet in the file.
	w = openFile(t, path)
	assign(t, w, "ann@contoso.com", "SPE_E5")
	r, err = OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if ls := must[[]Assignment](t)(r.UserLicenses(ctx, "ann@contoso.com")); len(ls) != 1 {
		t.Errorf("the reader sees %d licenses of ann, want the writer's 1", len(ls))
	}
}

// TestOpenReadOnlyRefusals opens read-only what cannot be read that way:
// changes left in a -wal file without the -shm file reading them needs,
// an empty file, and a file not a tenant.
func TestOpenReadOnlyRefusals(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "tenant.db")
	if err := os.WriteFile(path+"-wal", []byte("changes"), 0o600); err != nil {
		t.Fatal(err)
	}
	built := filepath.Join(t.TempDir(), "built.db")
	s := must[*Store](t)(Open(built))
	if err := s.Initialize(ctx, "Contoso", "contoso.com", false); err != nil {
		t.Fatal(err)
	}
	s.Close()
	data, err := os.ReadFile(built)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ path, want string }{
		{path, "The tenant file " + path + " is read-only for you, and its last changes, in " + path + "-wal, cannot be read without creating " + path + "-shm in its folder, which you cannot write. Open it once with write access to its folder."},
		{empty, "The tenant file " + empty + " is empty and read-only for you: it cannot be set up without write access to the file and its folder."},
	} {
		if _, err := OpenReadOnly(tt.path); !IsCode(err, CodeReadOnly) || err.Error() != tt.want {
			t.Errorf("%s: %v\nwant %s", filepath.Base(tt.path), err, tt.want)
		}
	}
}

// TestOpenUnwritable opens a tenant whose file and folder its user may not
// write, as the system decides. Run as root, whom no mode stops, the
// command-line test (hard_readonly_tenant) does it as another user.
func TestOpenUnwritable(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "tenant.db")
	s := must[*Store](t)(Open(path))
	if err := s.Initialize(ctx, "Contoso", "contoso.com", false); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := os.Chmod(path, 0o400); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if got, want := r.readOnly, os.Geteuid() != 0; got != want {
		t.Errorf("opened read-only: %v, want %v (euid %d)", got, want, os.Geteuid())
	}
	if users := must[int](t)(r.UserCount(ctx)); users != 1 {
		t.Errorf("%d users read, want 1", users)
	}
}
