package main

import (
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// graphWritesPerSecond is the pace Graph's published limits allow one
// application's writes over time: 3,000 per 2 minutes 30 seconds, which
// Start-GraphServer -Throttle enforces too.
const graphWritesPerSecond = 3000.0 / 150

// benchGraph runs Invoke-LicenseBatch over a rows-row list against
// Start-GraphServer serving the 100,000-user tenant, once without and once
// with -Throttle, each on a fresh copy, and prints rows per second and the
// time 100,000 rows take at the throttled pace and at Graph's published
// limits.
func benchGraph(bin, base, dir string, rows int) {
	list := filepath.Join(dir, "graph-list.csv")
	step(fmt.Sprintf("%d-row list", rows), func() error { return writeCSV(list, rows) })
	fmt.Printf("\n%-60s %10s %10s %14s\n", fmt.Sprintf("Invoke-LicenseBatch over Graph, %d rows (one run)", rows), "time", "rows/s", "100,000 rows")
	for _, throttle := range []bool{false, true} {
		d := graphBatch(bin, base, dir, list, throttle)
		perSec := float64(rows) / d.Seconds()
		name := "Start-GraphServer"
		if throttle {
			name += " -Throttle"
		}
		fmt.Printf("%-60s %10s %10.1f %14s\n", name, d.Round(time.Millisecond), perSec,
			(time.Duration(100_000/perSec) * time.Second).Round(time.Second))
	}
	fmt.Printf("%-60s %10s %10.1f %14s\n", "Graph's published limits (3,000 writes per 150 s per app)", "", graphWritesPerSecond,
		(time.Duration(100_000/graphWritesPerSecond) * time.Second).Round(time.Second))
}

// graphBatch serves a fresh copy of the tenant, signs in to it as an
// application with a secret, runs the batch and returns its wall time,
// sign-in included.
func graphBatch(bin, base, dir, list string, throttle bool) time.Duration {
	served := filepath.Join(dir, "served.db")
	copyTenant(base, served)
	work := filepath.Join(dir, "graph")
	os.RemoveAll(work)
	if err := os.MkdirAll(work, 0o700); err != nil {
		log.Fatal(err)
	}
	app, err := exec.Command(bin, "-NonInteractive", "-Tenant", served, "-Command",
		`$a = New-AppRegistration -DisplayName 'License sync' -Permission User.Read.All, LicenseAssignment.ReadWrite.All, Organization.Read.All, Group.Read.All; "$($a.AppId) $($a.ClientSecret)"`).Output()
	if err != nil {
		log.Fatalf("New-AppRegistration: %v", err)
	}
	cred := strings.Fields(string(app))
	if len(cred) != 2 {
		log.Fatalf("New-AppRegistration printed %q", app)
	}
	urlFile := filepath.Join(work, "url.txt")
	flags := ""
	if throttle {
		flags = " -Throttle"
	}
	server := exec.Command(bin, "-NonInteractive", "-Tenant", served, "-Command",
		fmt.Sprintf(`$s = Start-GraphServer -Port 0 -AsJob%s; Set-Content -Path '%s' -Value $s.Url; Start-Sleep -Seconds 86400`, flags, urlFile))
	server.Stderr = os.Stderr
	if err := server.Start(); err != nil {
		log.Fatal(err)
	}
	defer func() {
		server.Process.Kill()
		server.Wait()
	}()
	var url []byte
	for deadline := time.Now().Add(time.Minute); len(url) == 0; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			log.Fatal("Start-GraphServer did not start within a minute")
		}
		url, _ = os.ReadFile(urlFile)
	}
	script := fmt.Sprintf(`$cred = New-Object System.Management.Automation.PSCredential('%s', (ConvertTo-SecureString '%s' -AsPlainText -Force))
Connect-MgGraph -TenantId contoso.com -ClientSecretCredential $cred -NoWelcome
$r = Invoke-LicenseBatch -Path '%s' -RemoveLicenses SPE_E3 -Quiet -WarningAction SilentlyContinue
if ($r.Changed + $r.Skipped -ne $r.Rows) { throw "rows failed: $($r.Failed)" }`, cred[0], cred[1], list)
	batch := exec.Command(bin, "-NonInteractive", "-Command", script)
	batch.Env = append(os.Environ(), "LICSH_GRAPH_ENDPOINT="+strings.TrimSpace(string(url)),
		"SSL_CERT_FILE="+strings.TrimSuffix(served, ".db")+".graph.pem", "XDG_STATE_HOME="+work,
		"LICSH_TENANT="+filepath.Join(work, "unused.db"))
	d, _ := run(batch)
	return d
}
