//go:build unix

package main

import (
	"database/sql"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// TestKilledSetUserLicense kills licsh with SIGKILL while it unassigns a
// license from many users in one pipeline, and checks what design rule 4
// promises: every user is fully changed or untouched, the seat count agrees
// with the users, and the audit log has exactly one row per changed user.
func TestKilledSetUserLicense(t *testing.T) {
	// The tenant's own admin is a user too: users+1 in all.
	const users = 1500
	dir := t.TempDir()
	tenantFile := filepath.Join(dir, "tenant.db")
	licsh := func(script string) string {
		t.Helper()
		cmd := exec.Command("licsh", "-NonInteractive", "-Tenant", tenantFile, "-Command", script)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("licsh -Command %q: %v\n%s", script, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	licsh(fmt.Sprintf(`Initialize-Tenant -Name Contoso -DefaultDomain contoso.com | Out-Null
Add-Subscription -Sku SPE_E3 -Quantity %d | Out-Null
1..%d | ForEach-Object { New-User -UserPrincipalName "user$_@contoso.com" -DisplayName "User $_" -UsageLocation US } | Out-Null
Get-User -All | Set-UserLicense -AddLicenses SPE_E3 -WarningAction SilentlyContinue | Out-Null`, users+1, users))

	db, err := sql.Open("sqlite", "file:"+tenantFile+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	auditRows := func() int {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM audit_log WHERE operation = 'Set user license'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := auditRows()

	run := exec.Command("licsh", "-NonInteractive", "-Tenant", tenantFile, "-Command",
		"Get-User -All | Set-UserLicense -RemoveLicenses SPE_E3 -WarningAction SilentlyContinue | Out-Null")
	if err := run.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for auditRows()-before < users/3 {
		if time.Now().After(deadline) {
			run.Process.Kill()
			t.Fatal("the unassignment did not get a third of the way in a minute")
		}
		time.Sleep(2 * time.Millisecond)
	}
	run.Process.Signal(syscall.SIGKILL)
	run.Wait()

	removed := auditRows() - before
	if removed <= 0 || removed >= users+1 {
		t.Fatalf("%d of %d users were changed: the kill did not land mid-run", removed, users)
	}
	unlicensed, _ := strconv.Atoi(licsh(`(Get-User -All -Unlicensed | Measure-Object).Count`))
	licensed, _ := strconv.Atoi(licsh(`(Get-User -All -Licensed | Measure-Object).Count`))
	assigned, _ := strconv.Atoi(licsh(`(Get-License | Where-Object SkuPartNumber -eq 'SPE_E3').Assigned`))
	if unlicensed != removed {
		t.Errorf("%d users lost the license but the audit log has %d rows for it", unlicensed, removed)
	}
	if licensed+unlicensed != users+1 || assigned != licensed {
		t.Errorf("licensed %d + unlicensed %d of %d users; the product counts %d assigned", licensed, unlicensed, users, assigned)
	}
	t.Logf("killed after %d of %d users", removed, users)
}
