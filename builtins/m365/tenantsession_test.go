package m365

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"licsh/builtins/tenant"
)

// TestDefaultTenantFirstUseTogether starts eight sessions at once on a
// default tenant whose file and folder do not exist yet, as licsh
// processes started together by a scheduler do (issue 12): every one opens
// the tenant seeded, it is seeded once, and its folder and file are the
// user's alone.
func TestDefaultTenantFirstUseTogether(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data", "licsh")
	path := filepath.Join(dir, "tenant.db")
	const sessions = 8
	var wg sync.WaitGroup
	errs := make([]error, sessions)
	users := make([]int, sessions)
	start := make(chan struct{})
	for i := range sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ts := NewSession(path, true)
			defer ts.Close()
			<-start
			st, err := ts.Store(context.Background())
			if err == nil {
				users[i], err = st.UserCount(context.Background())
			}
			errs[i] = err
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("session %d: %v", i, err)
		} else if users[i] != users[0] || users[i] < 100 {
			t.Errorf("session %d sees %d users, session 0 %d", i, users[i], users[0])
		}
	}
	st, err := tenant.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var seeded int
	if err := st.DB().QueryRow(`SELECT count(*) FROM audit_log WHERE operation = 'Initialize tenant'`).Scan(&seeded); err != nil || seeded != 1 {
		t.Errorf("the tenant was initialized %d times (%v), want once", seeded, err)
	}
	for p, want := range map[string]os.FileMode{dir: 0o700, filepath.Dir(dir): 0o700, path: 0o600} {
		if info, err := os.Stat(p); err != nil || info.Mode().Perm() != want {
			t.Errorf("%s: %v %v, want %v", p, info.Mode().Perm(), err, want)
		}
	}
}

// TestDefaultTenantLeftUninitialized opens a default tenant file that an
// earlier licsh created but stopped before seeding: it is seeded now,
// rather than answering every command that it is not initialized.
func TestDefaultTenantLeftUninitialized(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "tenant.db")
	st, err := tenant.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	ts := NewSession(path, true)
	defer ts.Close()
	st, err = ts.Store(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := st.Initialized(context.Background()); !ok || err != nil {
		t.Errorf("Initialized = %v, %v", ok, err)
	}
	// A tenant given with -Tenant is never seeded behind the user's back.
	other := filepath.Join(t.TempDir(), "other.db")
	ts2 := NewSession(other, false)
	defer ts2.Close()
	st2, err := ts2.Store(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := st2.Initialized(context.Background()); ok || err != nil {
		t.Errorf("a -Tenant file: Initialized = %v, %v", ok, err)
	}
}
