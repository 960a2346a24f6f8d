package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"licsh/builtins/tenant"
	"licsh/builtins/tenant/graphapi"
)

// TestGraphBatchThrottledKilledResumed is issue 15's batch acceptance test
// with the real binary against licsh's Graph server, throttling as Graph
// does (with shorter windows, so that the test takes a minute, not a
// quarter of an hour): a 20,000-row Invoke-LicenseBatch on a Microsoft 365
// tenant is throttled and waits as Retry-After asks, has its token expire
// midway (the tenant clock moves two hours on) and renews it without a
// failed row, is killed with SIGKILL, and -Resume finishes it: every row
// changed, every user changed once.
func TestGraphBatchThrottledKilledResumed(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds licsh and runs a 20,000-row batch against a throttled Graph server")
	}
	const users = 20_000
	dir := t.TempDir()
	bin := filepath.Join(dir, "licsh")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	ctx := context.Background()
	st, err := tenant.Open(filepath.Join(dir, "served.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	buildGraphBatchTenant(t, st, users)
	app, secret, err := st.NewAppRegistration(ctx, "License sync", []string{"User.Read.All", "LicenseAssignment.ReadWrite.All", "Organization.Read.All", "Group.Read.All"})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := graphapi.Start(st, graphapi.Config{Limits: &graphapi.Limits{Units: 6000, UnitWindow: 2 * time.Second,
		Writes: 500, WriteWindow: 2 * time.Second, TenantWrites: 1_000_000, TenantWriteWindow: time.Minute}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown(context.Background())
	list := filepath.Join(dir, "list.csv")
	var b strings.Builder
	b.WriteString("UserPrincipalName\n")
	for i := 0; i < users; i++ {
		fmt.Fprintf(&b, "user%05d@contoso.com\n", i)
	}
	if err := os.WriteFile(list, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "LICSH_GRAPH_ENDPOINT="+srv.URL, "SSL_CERT_FILE="+srv.CertificatePath, "XDG_STATE_HOME="+filepath.Join(dir, "state"),
		"LICSH_TENANT="+filepath.Join(dir, "local.db"), "NO_COLOR=1", "APP_ID="+app.AppID, "APP_SECRET="+secret)
	connect := `$cred = New-Object System.Management.Automation.PSCredential($env:APP_ID, (ConvertTo-SecureString $env:APP_SECRET -AsPlainText -Force))
Connect-Tenant -TenantId contoso.com -ClientSecretCredential $cred | Out-Null
`
	run := exec.Command(bin, "-NonInteractive", "-Command", connect+fmt.Sprintf("Invoke-LicenseBatch -Path '%s' -RemoveLicenses SPE_E3 -Quiet | Out-Null", list))
	run.Env = env
	out := &strings.Builder{}
	run.Stdout, run.Stderr = out, out
	if err := run.Start(); err != nil {
		t.Fatal(err)
	}
	journal := filepath.Join(dir, "state", "licsh", "batches-"+srv.TenantID+".db")
	waitForJournal(t, journal, users/4)
	// The tenant clock moves past the token's hour: Graph refuses it, and
	// the batch renews it.
	if err := st.SetClock(ctx, time.Now().Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	done := waitForJournal(t, journal, users/2)
	if err := run.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	run.Wait()
	if ws, ok := run.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("the batch ended before it was killed (%d rows recorded): %s", done, out)
	}
	t.Logf("killed with %d rows recorded, %d pending", count(t, journal, `SELECT count(*) FROM batch_rows WHERE status <> 'Pending'`),
		count(t, journal, `SELECT count(*) FROM batch_rows WHERE status = 'Pending'`))

	resume := exec.Command(bin, "-NonInteractive", "-Command", connect+"Invoke-LicenseBatch -Resume 1 -Quiet -Verbose | Format-List Rows, Changed, Skipped, Failed")
	resume.Env = env
	got, err := resume.CombinedOutput()
	if err != nil {
		t.Fatalf("resume: %v\n%s", err, got)
	}
	want := fmt.Sprintf("Rows    : %d\nChanged : %d\nSkipped : 0\nFailed  : 0", users, users)
	if !strings.Contains(string(got), want) {
		t.Errorf("resume:\n%s\nwant %s", got, want)
	}
	if !regexp.MustCompile(`VERBOSE: Graph throttled the batch: it waited \d+ times, as Retry-After asked\.`).Match(got) {
		t.Errorf("no 429 was honoured on resuming:\n%s", got)
	}
	served := st.Path()
	if n := count(t, served, `SELECT count(*) FROM license_assignments la JOIN skus k ON k.sku_id = la.sku_id WHERE k.part_number = 'SPE_E3'`); n != 0 {
		t.Errorf("%d users still hold SPE_E3", n)
	}
	if n := count(t, served, `SELECT count(*) FROM audit_log WHERE operation = 'Set user license'`); n != users {
		t.Errorf("%d license changes, want %d", n, users)
	}
	if n := count(t, served, `SELECT count(*) FROM (SELECT target FROM audit_log WHERE operation = 'Set user license' GROUP BY target HAVING count(*) > 1)`); n != 0 {
		t.Errorf("%d users were changed twice", n)
	}
	if n := count(t, journal, `SELECT count(*) FROM batch_rows WHERE batch_id = 1 AND status = 'Changed'`); n != users {
		t.Errorf("the journal has %d changed rows, want %d", n, users)
	}
}

// buildGraphBatchTenant makes a tenant of n users each holding Microsoft
// 365 E3 directly.
func buildGraphBatchTenant(t *testing.T, st *tenant.Store, n int) {
	t.Helper()
	ctx := context.Background()
	if err := st.Initialize(ctx, "Contoso", "contoso.com", false); err != nil {
		t.Fatal(err)
	}
	sub, err := st.AddSubscription(ctx, tenant.NewSubscription{Sku: "SPE_E3", Quantity: n})
	if err != nil {
		t.Fatal(err)
	}
	tx, err := st.DB().Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i)
		upn := fmt.Sprintf("user%05d@contoso.com", i)
		if _, err := tx.Exec(`INSERT INTO users (id, upn, display_name, usage_location, created) VALUES (?, ?, ?, 'US', 0)`, id, upn, upn); err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(`INSERT INTO license_assignments (user_id, sku_id, assigned_at) VALUES (?, ?, 0)`, id, sub.SkuID); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := tx.Exec(`UPDATE skus SET consumed = ?`, n); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// waitForJournal polls the batch journal until batch 1 has at least n
// rows with their outcome, and returns how many it saw.
func waitForJournal(t *testing.T, path string, n int) int {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		// Until the batch has made the journal, there is nothing to count.
		if _, err := os.Stat(path); err == nil {
			db := openDB(t, path)
			var got int
			err := db.QueryRow(`SELECT count(*) FROM batch_rows WHERE batch_id = 1 AND status <> 'Pending'`).Scan(&got)
			db.Close()
			if err == nil && got >= n {
				return got
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the batch did not record %d rows in time", n)
	return 0
}

// TestGraphBatchServerStopped: the Graph service going away in the middle
// of a batch stops it with an error that says what failed and how to
// finish; no user is half changed, and once the service is back -Resume
// finishes the batch, every user changed once.
func TestGraphBatchServerStopped(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds licsh and runs a batch against a Graph server that stops")
	}
	const users = 2000
	dir := t.TempDir()
	bin := filepath.Join(dir, "licsh")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	ctx := context.Background()
	st, err := tenant.Open(filepath.Join(dir, "served.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	buildGraphBatchTenant(t, st, users)
	app, secret, err := st.NewAppRegistration(ctx, "License sync", []string{"User.Read.All", "LicenseAssignment.ReadWrite.All", "Group.Read.All"})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := graphapi.Start(st, graphapi.Config{Latency: 40 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	list := filepath.Join(dir, "list.csv")
	var b strings.Builder
	b.WriteString("UserPrincipalName\n")
	for i := 0; i < users; i++ {
		fmt.Fprintf(&b, "user%05d@contoso.com\n", i)
	}
	if err := os.WriteFile(list, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	env := func(url string) []string {
		return append(os.Environ(), "LICSH_GRAPH_ENDPOINT="+url, "SSL_CERT_FILE="+srv.CertificatePath, "XDG_STATE_HOME="+filepath.Join(dir, "state"),
			"LICSH_TENANT="+filepath.Join(dir, "local.db"), "NO_COLOR=1", "APP_ID="+app.AppID, "APP_SECRET="+secret)
	}
	connect := `$cred = New-Object System.Management.Automation.PSCredential($env:APP_ID, (ConvertTo-SecureString $env:APP_SECRET -AsPlainText -Force))
Connect-Tenant -TenantId contoso.com -ClientSecretCredential $cred | Out-Null
`
	run := exec.Command(bin, "-NonInteractive", "-Command", connect+fmt.Sprintf("Invoke-LicenseBatch -Path '%s' -RemoveLicenses SPE_E3 -Quiet", list))
	run.Env = env(srv.URL)
	var out strings.Builder
	run.Stdout, run.Stderr = &out, &out
	if err := run.Start(); err != nil {
		t.Fatal(err)
	}
	waitForJournal(t, filepath.Join(dir, "state", "licsh", "batches-"+srv.TenantID+".db"), users/5)
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	err = run.Wait()
	msg := strings.Join(strings.Fields(strings.ReplaceAll(out.String(), "|", "")), " ")
	if err == nil || !strings.Contains(msg, "Microsoft Graph at "+srv.URL+"/v1.0 did not answer: ") ||
		!regexp.MustCompile(`The batch stopped after \d+ rows; the users it changed stay changed\. Finish it with: Invoke-LicenseBatch -Resume 1`).MatchString(msg) {
		t.Fatalf("the stopped batch said (%v):\n%s", err, out.String())
	}
	// The service comes back, at another address.
	srv2, err := graphapi.Start(st, graphapi.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv2.Shutdown(context.Background())
	resume := exec.Command(bin, "-NonInteractive", "-Command", connect+"Invoke-LicenseBatch -Resume 1 -Quiet | Format-List Rows, Changed, Skipped, Failed")
	resume.Env = env(srv2.URL)
	got, err := resume.CombinedOutput()
	if want := fmt.Sprintf("Rows    : %d\nChanged : %d\nSkipped : 0\nFailed  : 0", users, users); err != nil || !strings.Contains(string(got), want) {
		t.Fatalf("resume (%v):\n%s\nwant %s", err, got, want)
	}
	served := st.Path()
	if n := count(t, served, `SELECT count(*) FROM audit_log WHERE operation = 'Set user license'`); n != users {
		t.Errorf("%d license changes, want %d", n, users)
	}
	if n := count(t, served, `SELECT count(*) FROM (SELECT target FROM audit_log WHERE operation = 'Set user license' GROUP BY target HAVING count(*) > 1)`); n != 0 {
		t.Errorf("%d users were changed twice", n)
	}
}

// TestConnectWithDeviceCode: a person signs in with Connect-MgGraph
// -UseDeviceCode; the code licsh shows is approved in the tenant, and the
// session then acts as that person on the live tenant, with the scopes
// asked for.
func TestConnectWithDeviceCode(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds licsh and waits for a device code to be polled")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "licsh")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	ctx := context.Background()
	st, err := tenant.Open(filepath.Join(dir, "served.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Initialize(ctx, "Contoso", "contoso.com", true); err != nil {
		t.Fatal(err)
	}
	app, _, err := st.NewAppRegistration(ctx, "Admin tool", []string{"User.Read.All", "LicenseAssignment.ReadWrite.All"})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := graphapi.Start(st, graphapi.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown(context.Background())
	cmd := exec.Command(bin, "-NonInteractive", "-Command",
		"Connect-MgGraph -ClientId "+app.AppID+" -Scopes User.Read.All, LicenseAssignment.ReadWrite.All -UseDeviceCode -NoWelcome; $c = Get-MgContext; $c.Account; $c.AuthType; $c.TokenCredentialType; $c.Scopes -join ','")
	cmd.Env = append(os.Environ(), "LICSH_GRAPH_ENDPOINT="+srv.URL, "SSL_CERT_FILE="+srv.CertificatePath, "XDG_STATE_HOME="+filepath.Join(dir, "state"),
		"LICSH_TENANT="+filepath.Join(dir, "local.db"), "NO_COLOR=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4096)
	var got strings.Builder
	code := regexp.MustCompile(`Approve-DeviceCode -UserCode (\w+)`)
	for !code.MatchString(got.String()) {
		n, err := stdout.Read(buf)
		if err != nil {
			t.Fatalf("no device code shown: %v\n%s", err, got.String())
		}
		got.Write(buf[:n])
	}
	if _, _, err := st.ApproveDeviceCode(ctx, code.FindStringSubmatch(got.String())[1], "lina.lopez@contoso.com"); err != nil {
		t.Fatal(err)
	}
	rest, _ := io.ReadAll(stdout)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("%v\n%s%s", err, got.String(), rest)
	}
	if want := "lina.lopez@contoso.com\nDelegated\nDeviceCode\nUser.Read.All,LicenseAssignment.ReadWrite.All\n"; !strings.HasSuffix(got.String()+string(rest), want) {
		t.Errorf("output:\n%s%s\nwant it to end with\n%s", got.String(), rest, want)
	}
}
