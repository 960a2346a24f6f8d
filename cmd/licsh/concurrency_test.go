//go:build unix

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestEightProcesses runs eight licsh processes on one tenant at once, as
// an admin's scheduled jobs and shells do: two toggling the same user's
// license, one changing users one by one, two batches over overlapping
// lists, a -WhatIf batch whose output is read slowly, an undo, and a
// reader. None may fail for a lock, and afterwards every product's count
// of assigned seats is the number of users holding it, and the audit log,
// replayed from the state before, gives each user's licenses.
func TestEightProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("runs eight licsh processes for some seconds")
	}
	t.Parallel()
	const users = 2000
	dir := t.TempDir()
	tenantFile := filepath.Join(dir, "tenant.db")
	export := filepath.Join(dir, "export.csv")
	var csv strings.Builder
	csv.WriteString("User principal name,Display name,Usage location,Licenses\n")
	for i := 1; i <= users; i++ {
		fmt.Fprintf(&csv, "user%d@contoso.com,User %d,US,Microsoft 365 E3\n", i, i)
	}
	writeFile(t, export, csv.String())
	list := func(name string, from, to int) string {
		var b strings.Builder
		b.WriteString("UserPrincipalName\n")
		for i := from; i <= to; i++ {
			fmt.Fprintf(&b, "user%d@contoso.com\n", i)
		}
		path := filepath.Join(dir, name)
		writeFile(t, path, b.String())
		return path
	}
	run := func(script string) string {
		t.Helper()
		out, err := exec.Command("licsh", "-NonInteractive", "-Tenant", tenantFile, "-Command", script).CombinedOutput()
		if err != nil {
			t.Fatalf("licsh -Command %q: %v\n%s", script, err, out)
		}
		return string(out)
	}
	run(fmt.Sprintf(`Initialize-Tenant -Name Contoso -DefaultDomain contoso.com | Out-Null
Add-Subscription -Sku SPE_E5 -Quantity 10 | Out-Null
Import-User -Path '%s' -WarningAction SilentlyContinue | Out-Null
Invoke-LicenseBatch -Path '%s' -RemoveLicenses SPE_E3 -Quiet -WarningAction SilentlyContinue | Out-Null`,
		export, list("earlier.csv", 1801, 2000)))
	before := licensesByUser(t, tenantFile)
	start := len(auditLog(t, tenantFile))

	scripts := []string{
		`1..40 | ForEach-Object { Set-UserLicense user1@contoso.com -AddLicenses SPE_E5 -WarningAction SilentlyContinue | Out-Null
			Set-UserLicense user1@contoso.com -RemoveLicenses SPE_E5 -WarningAction SilentlyContinue | Out-Null }`,
		`1..40 | ForEach-Object { Set-UserLicense user1@contoso.com -AddLicenses SPE_E5 -WarningAction SilentlyContinue | Out-Null
			Set-UserLicense user1@contoso.com -RemoveLicenses SPE_E5 -WarningAction SilentlyContinue | Out-Null }`,
		`100..299 | ForEach-Object { Set-UserLicense "user$_@contoso.com" -RemoveLicenses SPE_E3 -WarningAction SilentlyContinue | Out-Null }`,
		fmt.Sprintf(`Invoke-LicenseBatch -Path '%s' -RemoveLicenses SPE_E3 -Quiet -WarningAction SilentlyContinue | Out-Null`, list("a.csv", 300, 1299)),
		fmt.Sprintf(`Invoke-LicenseBatch -Path '%s' -RemoveLicenses SPE_E3 -Quiet -WarningAction SilentlyContinue | Out-Null`, list("b.csv", 800, 1799)),
		fmt.Sprintf(`Invoke-LicenseBatch -Path '%s' -RemoveLicenses SPE_E3 -WhatIf -Quiet -WarningAction SilentlyContinue`, list("all.csv", 1, users)),
		`Undo-LicenseBatch -Id 1 -Quiet -Confirm:$false -WarningAction SilentlyContinue | Out-Null`,
		`1..20 | ForEach-Object { Get-License | Out-Null; (Get-User -All | Measure-Object).Count | Out-Null }`,
	}
	var wg sync.WaitGroup
	failures := make([]string, len(scripts))
	for i, script := range scripts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command("licsh", "-NonInteractive", "-Tenant", tenantFile, "-Command", script)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.StdoutPipe()
			if err != nil {
				failures[i] = err.Error()
				return
			}
			if err := cmd.Start(); err != nil {
				failures[i] = err.Error()
				return
			}
			// The -WhatIf batch's reader is slow, as a pager is: the batch
			// must not hold the write lock while it waits for it.
			buf := make([]byte, 512)
			for {
				_, err := out.Read(buf)
				if err != nil {
					break
				}
				if i == 5 {
					time.Sleep(5 * time.Millisecond)
				}
			}
			if err := cmd.Wait(); err != nil || stderr.Len() > 0 {
				failures[i] = fmt.Sprintf("%v\n%s", err, stderr.String())
			}
		}()
	}
	wg.Wait()
	for i, f := range failures {
		if f != "" {
			t.Errorf("process %d (%s) failed: %s", i+1, strings.Fields(scripts[i])[0], f)
		}
	}

	var seats []struct {
		SkuPartNumber string
		Assigned      int
		Holders       int
	}
	out := run(`Get-License | ForEach-Object { $p = $_.SkuPartNumber
		[pscustomobject]@{ SkuPartNumber = $p; Assigned = $_.Assigned
			Holders = @(Get-User -All | Where-Object { $_.Licenses -contains $p }).Count } } | ConvertTo-Json -AsArray`)
	if err := json.Unmarshal([]byte(out), &seats); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(seats) != 2 {
		t.Fatalf("products after the run: %+v", seats)
	}
	for _, s := range seats {
		if s.Assigned != s.Holders {
			t.Errorf("%s: %d seats assigned, %d users hold it", s.SkuPartNumber, s.Assigned, s.Holders)
		}
	}
	replayed := before
	entries := auditLog(t, tenantFile)[start:]
	// Users 100 to 1799 lost E3 one way or another and 1801 to 2000 got it
	// back from the undo (user1's E5 came and went as the two toggling
	// processes met).
	if len(entries) < 1700+200 {
		t.Fatalf("%d audit entries after the start; the processes did less than they should", len(entries))
	}
	for i, e := range entries {
		if e.Operation != "Set user license" {
			continue
		}
		var after []string
		if err := json.Unmarshal([]byte(e.After), &after); err != nil {
			t.Fatalf("audit entry %d: after %q: %v", start+i, e.After, err)
		}
		replayed[strings.ToLower(e.Target)] = strings.Join(slices.Sorted(slices.Values(after)), ",")
	}
	now := licensesByUser(t, tenantFile)
	if now["user150@contoso.com"] != "" || now["user1900@contoso.com"] != "SPE_E3" || now["user1@contoso.com"] != "SPE_E3" {
		t.Fatalf("users 150, 1900 and 1 hold %q, %q, %q", now["user150@contoso.com"], now["user1900@contoso.com"], now["user1@contoso.com"])
	}
	for upn, held := range now {
		if replayed[upn] != held {
			t.Errorf("%s holds %q; the audit log replayed says %q", upn, held, replayed[upn])
		}
	}
}

// licensesByUser is each user's products, sorted and joined, by lower-case
// UPN.
func licensesByUser(t *testing.T, tenantFile string) map[string]string {
	t.Helper()
	out, err := exec.Command("licsh", "-NonInteractive", "-Tenant", tenantFile, "-Command",
		`Get-User -All | ForEach-Object { $_.UserPrincipalName.ToLower() + '=' + (($_.Licenses | Sort-Object) -join ',') }`).CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	m := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		upn, held, _ := strings.Cut(line, "=")
		m[upn] = held
	}
	return m
}

type auditEntry struct {
	Operation string
	Target    string
	After     string
}

// auditLog is the audit log, oldest first, as Get-AuditLog gives it.
func auditLog(t *testing.T, tenantFile string) []auditEntry {
	t.Helper()
	out, err := exec.Command("licsh", "-NonInteractive", "-Tenant", tenantFile, "-Command",
		`Get-AuditLog | Select-Object Operation, Target, After | ConvertTo-Json -AsArray -Compress`).CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var entries []auditEntry
	if err := json.Unmarshal(out, &entries); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return entries
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

