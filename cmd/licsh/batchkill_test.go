package main

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"licsh/builtins/tenant"
)

// TestBatchKilledAndResumed is issue 4's crash acceptance test with the
// real binary: a batch killed with SIGKILL once half its rows are recorded,
// then finished with -Resume, leaves the same licenses, mailboxes, seat
// counts, per-row results and license audit rows as a run that was never
// interrupted, and no row is applied twice.
func TestBatchKilledAndResumed(t *testing.T) {
	if testing.Short() {
		t.Skip("builds licsh and runs two 60,000-row batches")
	}
	const users = 60_000
	dir := t.TempDir()
	bin := filepath.Join(dir, "licsh")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	base := filepath.Join(dir, "base.db")
	buildKillTenant(t, base, users)
	slowChunks(t, base)
	list := filepath.Join(dir, "list.csv")
	writeKillList(t, list, users)
	script := fmt.Sprintf("Invoke-LicenseBatch -Path '%s' -RemoveLicenses SPE_E3 -Quiet -WarningAction SilentlyContinue | Out-Null", list)

	whole := filepath.Join(dir, "whole.db")
	copyFile(t, base, whole)
	if out, err := exec.Command(bin, "-NonInteractive", "-Tenant", whole, "-Command", script).CombinedOutput(); err != nil {
		t.Fatalf("uninterrupted batch: %v\n%s", err, out)
	}

	killed := filepath.Join(dir, "killed.db")
	copyFile(t, base, killed)
	cmd := exec.Command(bin, "-NonInteractive", "-Tenant", killed, "-Command", script)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := waitForRows(t, killed, users/2)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("the batch ended before it was killed (%v, %d rows recorded); the test needs a slower batch", err, done)
	}
	recorded := count(t, killed, recordedRows)
	if recorded >= users+1 || recorded == 0 {
		t.Fatalf("after the kill %d rows are recorded; want some but not all of %d", recorded, users+1)
	}
	t.Logf("killed with %d of %d rows recorded", recorded, users+1)
	if out, err := exec.Command(bin, "-NonInteractive", "-Tenant", killed, "-Command", "Invoke-LicenseBatch -Resume 1 -Quiet -WarningAction SilentlyContinue | Format-List Rows, Changed, Skipped, Failed").CombinedOutput(); err != nil {
		t.Fatalf("resume: %v\n%s", err, out)
	} else if want := fmt.Sprintf("Rows    : %d", users+1); !strings.Contains(string(out), want) {
		t.Errorf("resume summary:\n%s\nwant %q", out, want)
	}

	for _, q := range []string{
		`SELECT user_id, sku_id, source, disabled_plans, state FROM license_assignments ORDER BY 1, 2, 3`,
		`SELECT sku_id, consumed FROM skus ORDER BY 1`,
		`SELECT user_id, state, coalesce(purge_date, 0) FROM mailboxes ORDER BY 1`,
		batchRows,
		`SELECT rows_total, changed, skipped, failed, finished IS NOT NULL FROM batches`,
		`SELECT time, actor, operation, target, detail, before, after, batch_id FROM (` + auditEntries + `)
		 WHERE operation NOT IN ('Resume batch') ORDER BY target, operation, detail`,
	} {
		if a, b := dump(t, whole, q), dump(t, killed, q); a != b {
			t.Errorf("%s\nuninterrupted and resumed runs differ:\n%s", q, firstDifference(a, b))
		}
	}
	if n := count(t, killed, `SELECT count(*) FROM (SELECT target FROM (`+auditEntries+`) WHERE operation = 'Set user license' GROUP BY target HAVING count(*) > 1)`); n != 0 {
		t.Errorf("%d users were changed twice", n)
	}
	if n := count(t, killed, `SELECT count(*) FROM audit_log WHERE operation = 'Resume batch' AND batch_id = 1`); n != 1 {
		t.Errorf("the resumed run recorded %d Resume batch audit rows; want 1", n)
	}
}

// A batch records a row decided by its kind in batch_changes, with the kind
// (its status and words) in batch_kinds, and any other row in batch_rows;
// the audit log shows an entry per changed user (a positive kind) made from
// the two.
const (
	recordedRows = `SELECT (SELECT count(*) FROM batch_rows WHERE batch_id = 1) + (SELECT count(*) FROM batch_changes WHERE batch_id = 1)`
	batchRows    = `SELECT row_number, identity, status, detail, removed_skus FROM batch_rows
		UNION ALL SELECT c.row_number, c.upn, k.status, replace(k.detail, char(31), c.upn), k.removed
		FROM batch_changes c JOIN batch_kinds k ON k.batch_id = c.batch_id AND k.kind = c.kind ORDER BY 1`
	auditEntries = `SELECT time, actor, operation, target, detail, before, after, batch_id FROM audit_log
		UNION ALL SELECT c.time, k.actor, 'Set user license', c.upn, k.audit, k.before, k.after, c.batch_id
		FROM batch_changes c JOIN batch_kinds k ON k.batch_id = c.batch_id AND k.kind = c.kind WHERE c.kind > 0`
)

// buildKillTenant makes a tenant of n users on E3, with a fifth on E5
// instead, every seventh also holding E3 through a group (a Failed row), and
// a mailbox each; the clock is stopped so that both runs write the same
// times.
func buildKillTenant(t *testing.T, path string, n int) {
	t.Helper()
	ctx := context.Background()
	s, err := tenant.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Initialize(ctx, "Contoso", "contoso.com", false); err != nil {
		t.Fatal(err)
	}
	if err := s.SetClock(ctx, time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	skus := map[string]string{}
	for _, part := range []string{"SPE_E3", "SPE_E5"} {
		sub, err := s.AddSubscription(ctx, tenant.NewSubscription{Sku: part, Quantity: n})
		if err != nil {
			t.Fatal(err)
		}
		skus[part] = sub.SkuID
	}
	g, err := s.NewGroup(ctx, "E3 users")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetGroupLicense(ctx, g.ID, []tenant.AddLicense{{SkuID: skus["SPE_E3"]}}, nil); err != nil {
		t.Fatal(err)
	}
	tx, err := s.DB().Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i)
		upn := fmt.Sprintf("user%06d@contoso.com", i)
		exec := func(q string, args ...any) {
			if _, err := tx.Exec(q, args...); err != nil {
				t.Fatal(err)
			}
		}
		exec(`INSERT INTO users (id, upn, display_name, usage_location, created) VALUES (?, ?, ?, 'US', 0)`, id, upn, upn)
		sku := skus["SPE_E3"]
		if i%5 == 0 {
			sku = skus["SPE_E5"]
		}
		exec(`INSERT INTO license_assignments (user_id, sku_id, assigned_at) VALUES (?, ?, 0)`, id, sku)
		if i%7 == 0 {
			exec(`INSERT INTO group_members (group_id, user_id) VALUES (?, ?)`, g.ID, id)
			exec(`INSERT INTO license_assignments (user_id, sku_id, source, assigned_at) VALUES (?, ?, ?, 0)`, id, skus["SPE_E3"], g.ID)
		}
		exec(`INSERT INTO mailboxes (user_id, upn, state) VALUES (?, ?, 'Active')`, id, upn)
	}
	if _, err := tx.Exec(`UPDATE skus SET consumed = (SELECT count(DISTINCT user_id) FROM license_assignments la WHERE la.sku_id = skus.sku_id)`); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// writeKillList lists every user, plus an unknown one in the middle.
func writeKillList(t *testing.T, path string, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.Write([]string{"UserPrincipalName"})
	for i := 0; i < n; i++ {
		if i == n/2 {
			w.Write([]string{"ghost@contoso.com"})
		}
		w.Write([]string{fmt.Sprintf("user%06d@contoso.com", i)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// waitForRows polls the tenant until the batch has recorded at least n
// rows, and returns how many it saw.
func waitForRows(t *testing.T, path string, n int) int {
	t.Helper()
	db := openDB(t, path)
	defer db.Close()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		var got int
		if err := db.QueryRow(recordedRows).Scan(&got); err == nil && got >= n {
			return got
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatalf("the batch did not record %d rows in two minutes", n)
	return 0
}

func openDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func count(t *testing.T, path, q string) int {
	t.Helper()
	db := openDB(t, path)
	defer db.Close()
	var n int
	if err := db.QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// dump is every row of q as text, one line each.
func dump(t *testing.T, path, q string) string {
	t.Helper()
	db := openDB(t, path)
	defer db.Close()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(&b, vals...)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func firstDifference(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n  uninterrupted: %s\n  resumed:       %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("uninterrupted has %d lines, resumed %d", len(al), len(bl))
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}

// slowChunks makes each chunk of a batch on the tenant at path take some
// 80 ms longer, by a trigger on the batch's record that counts 6,000,000
// rows it does not need: a test that stops a running batch then has the
// time of several chunks to stop it in, however fast the batch and busy the
// machine.
func slowChunks(t *testing.T, path string) {
	t.Helper()
	db := openDB(t, path)
	defer db.Close()
	var users int
	if err := db.QueryRow(`SELECT count(*) FROM users`).Scan(&users); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(fmt.Sprintf(`CREATE TRIGGER test_slow_chunks AFTER UPDATE OF rows_total ON batches BEGIN
		SELECT count(*) FROM users, (SELECT 1 FROM users LIMIT %d);
		END`, 6_000_000/max(users, 1))); err != nil {
		t.Fatal(err)
	}
}
