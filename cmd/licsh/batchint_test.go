//go:build unix

package main

import (
	"bytes"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestBatchStoppedWithCtrlC checks issue 6's promise for a long batch: Ctrl-C
// stops it at a clean point, the users already changed stay changed and are
// reported with how to finish, and -Resume does the rest.
func TestBatchStoppedWithCtrlC(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a 30,000-row batch")
	}
	const users = 30_000
	dir := t.TempDir()
	tenantFile := filepath.Join(dir, "tenant.db")
	buildKillTenant(t, tenantFile, users)
	list := filepath.Join(dir, "list.csv")
	writeKillList(t, list, users)

	cmd := exec.Command("licsh", "-NonInteractive", "-Tenant", tenantFile, "-Command",
		fmt.Sprintf("Invoke-LicenseBatch -Path '%s' -RemoveLicenses SPE_E3; 'not reached'", list))
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitForRows(t, tenantFile, users/3)
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	text := out.String()
	if !strings.Contains(text, "BatchId    : 1") || strings.Contains(text, "not reached") {
		t.Errorf("stdout after Ctrl-C:\n%s", text)
	}
	if !strings.Contains(text, "WARNING: The batch was stopped after ") || !strings.Contains(text, "-Resume 1") {
		t.Errorf("no word on how to finish the batch:\n%s", text)
	}
	if strings.Contains(errb.String(), "canceled") || strings.Contains(errb.String(), "stopped") {
		t.Errorf("stderr after Ctrl-C: %q", errb.String())
	}
	recorded := count(t, tenantFile, recordedRows)
	if recorded == 0 || recorded >= users {
		t.Fatalf("%d rows recorded: Ctrl-C did not land mid-batch", recorded)
	}
	if !strings.Contains(text, fmt.Sprintf("stopped after %d rows", recorded)) {
		t.Errorf("the report does not match the %d rows recorded:\n%s", recorded, text)
	}
	resume := exec.Command("licsh", "-NonInteractive", "-Tenant", tenantFile, "-Command",
		"(Invoke-LicenseBatch -Resume 1 -Quiet -WarningAction SilentlyContinue).Rows")
	got, err := resume.CombinedOutput()
	if err != nil {
		t.Fatalf("resume: %v\n%s", err, got)
	}
	if rows := count(t, tenantFile, recordedRows); strings.TrimSpace(string(got)) != fmt.Sprint(rows) || rows < users {
		t.Errorf("after -Resume the batch has %s rows (recorded %d), want all %d", strings.TrimSpace(string(got)), rows, users)
	}
}
