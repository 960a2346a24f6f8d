package tenant

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// populate creates n users user<i>@contoso.com, each holding E5 and Power
// BI Pro, in one transaction.
func populate(t *testing.T, s *Store, n int) {
	t.Helper()
	addSub(t, s, "SPE_E5", n)
	addSub(t, s, "POWER_BI_PRO", n)
	if err := s.Write(ctx, func(tx *Tx) error {
		for i := 0; i < n; i++ {
			upn := fmt.Sprintf("user%d@contoso.com", i)
			if _, err := tx.NewUser(NewUser{UserPrincipalName: upn, DisplayName: upn, UsageLocation: "US"}); err != nil {
				return err
			}
			if _, err := tx.SetUserLicense(upn, []AddLicense{{SkuID: e5}, {SkuID: pbiPro}}, nil); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// unassignRange removes E5 and Power BI from users from..to-1, one
// transaction per user as Set-UserLicense does, and returns how many it
// changed.
func unassignRange(s *Store, from, to int) (int, error) {
	changed := 0
	for i := from; i < to; i++ {
		res, err := s.SetUserLicense(ctx, fmt.Sprintf("user%d@contoso.com", i), nil, []string{e5, pbiPro})
		if err != nil {
			return changed, err
		}
		if res.Changed {
			changed++
		}
	}
	return changed, nil
}

// checkExactlyOnce checks that users below removed hold nothing, the others
// hold both products, and that each removal was audited exactly once.
func checkExactlyOnce(t *testing.T, s *Store, n, removed int) {
	t.Helper()
	for i := 0; i < n; i++ {
		got := licenses(t, s, fmt.Sprintf("user%d@contoso.com", i))
		if want := 2 * btoi(i >= removed); len(got) != want {
			t.Fatalf("user%d holds %v", i, got)
		}
	}
	var audits int
	if err := s.DB().QueryRow(`SELECT count(*) FROM audit_log WHERE operation = 'Set user license' AND detail LIKE 'Removed%'`).Scan(&audits); err != nil {
		t.Fatal(err)
	}
	if audits != removed {
		t.Fatalf("%d removal audit rows for %d removed users", audits, removed)
	}
	for _, k := range []string{e5, pbiPro} {
		if p := product(t, s, k); p.Assigned != n-removed {
			t.Fatalf("%s assigned = %d, want %d", p.PartNumber, p.Assigned, n-removed)
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestTwoStoresConcurrently(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "tenant.db")
	a := openFile(t, path)
	if err := a.Initialize(ctx, "Contoso", "contoso.com", false); err != nil {
		t.Fatal(err)
	}
	populate(t, a, 300)
	b := openFile(t, path)
	var wg sync.WaitGroup
	counts := make([]int, 2)
	errs := make([]error, 2)
	for i, s := range []*Store{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// The ranges overlap: each overlapping user changes once.
			counts[i], errs[i] = unassignRange(s, i*100, 200+i*100)
		}()
	}
	wg.Wait()
	if errs[0] != nil || errs[1] != nil {
		t.Fatal(errs)
	}
	if counts[0]+counts[1] != 300 {
		t.Fatalf("changed %d + %d users, want 300", counts[0], counts[1])
	}
	checkExactlyOnce(t, a, 300, 300)
}

// TestMain lets the tests below re-execute the test binary as child
// processes working on a tenant file.
func TestMain(m *testing.M) {
	if path := os.Getenv("LICSH_TENANT_CHILD"); path != "" {
		if err := runChild(path); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	code := m.Run()
	if big.dir != "" {
		os.RemoveAll(big.dir)
	}
	os.Exit(code)
}

// runChild removes E5 and Power BI from the users LICSH_FROM..LICSH_TO-1,
// one transaction per user, or with LICSH_CHUNKED in one transaction that
// it never finishes. It prints a line per user done.
func runChild(path string) error {
	from, _ := strconv.Atoi(os.Getenv("LICSH_FROM"))
	to, _ := strconv.Atoi(os.Getenv("LICSH_TO"))
	s, err := Open(path)
	if err != nil {
		return err
	}
	defer s.Close()
	if os.Getenv("LICSH_CHUNKED") != "" {
		return s.Write(ctx, func(tx *Tx) error {
			for i := from; i < to; i++ {
				if _, err := tx.SetUserLicense(fmt.Sprintf("user%d@contoso.com", i), nil, []string{e5, pbiPro}); err != nil {
					return err
				}
				fmt.Println("row", i)
			}
			time.Sleep(time.Hour) // killed while the transaction is open
			return nil
		})
	}
	for i := from; i < to; i++ {
		if _, err := unassignRange(s, i, i+1); err != nil {
			return err
		}
		fmt.Println("done", i)
	}
	return nil
}

func child(path string, from, to int, chunked bool) *exec.Cmd {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "LICSH_TENANT_CHILD="+path, "LICSH_FROM="+strconv.Itoa(from), "LICSH_TO="+strconv.Itoa(to))
	if chunked {
		cmd.Env = append(cmd.Env, "LICSH_CHUNKED=1")
	}
	return cmd
}

func TestTwoProcessesConcurrently(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "tenant.db")
	s := openFile(t, path)
	if err := s.Initialize(ctx, "Contoso", "contoso.com", false); err != nil {
		t.Fatal(err)
	}
	populate(t, s, 600)
	cmds := []*exec.Cmd{child(path, 0, 400, false), child(path, 200, 600, false)}
	for _, c := range cmds {
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Fatalf("child: %v", err)
		}
	}
	checkExactlyOnce(t, s, 600, 600)
}

// TestSigkillMidChange checks that a process killed in the middle of a
// multi-user change leaves each user fully changed or untouched, and an
// audit row for exactly the changed ones.
func TestSigkillMidChange(t *testing.T) {
	t.Parallel()
	for _, chunked := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "tenant.db")
		s := openFile(t, path)
		if err := s.Initialize(ctx, "Contoso", "contoso.com", false); err != nil {
			t.Fatal(err)
		}
		populate(t, s, 300)
		cmd := child(path, 0, 300, chunked)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(out)
		for n := 0; n < 100 && lines.Scan(); n++ {
		}
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		// Users are removed in order, so the changed ones are a prefix.
		removed := 0
		for removed < 300 && len(licenses(t, s, fmt.Sprintf("user%d@contoso.com", removed))) == 0 {
			removed++
		}
		if chunked && removed != 0 {
			t.Fatalf("killed chunk committed %d users", removed)
		}
		if !chunked && (removed < 99 || removed == 300) {
			t.Fatalf("killed after about 100 users, %d removed", removed)
		}
		checkExactlyOnce(t, s, 300, removed)
	}
}
