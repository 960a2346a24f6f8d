//go:build unix

package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestBatchStoppedBySignal checks issue 6's promise for a long batch, and
// issue 12's for the signals schedulers and closed terminals send: Ctrl-C,
// SIGTERM and SIGHUP each stop it at a clean point, the users already
// changed stay changed and are reported with how to finish, the result
// file holds the rows done and no temporary file is left, and -Resume does
// the rest.
func TestBatchStoppedBySignal(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 30,000-row batches")
	}
	const users = 30_000
	built := filepath.Join(t.TempDir(), "built.db")
	buildKillTenant(t, built, users)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			tenantFile := filepath.Join(dir, "tenant.db")
			copyFile(t, built, tenantFile)
			slowChunks(t, tenantFile)
			list := filepath.Join(dir, "list.csv")
			writeKillList(t, list, users)
			report := filepath.Join(dir, "report.csv")

			cmd := exec.Command("licsh", "-NonInteractive", "-Tenant", tenantFile, "-Command",
				fmt.Sprintf("Invoke-LicenseBatch -Path '%s' -RemoveLicenses SPE_E3 -ResultPath '%s'; 'not reached'", list, report))
			var out, errb bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errb
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			waitForRows(t, tenantFile, users/3)
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			cmd.Wait()
			if code := cmd.ProcessState.ExitCode(); code != 1 {
				t.Errorf("exit code %d, want 1", code)
			}
			text := out.String()
			if !strings.Contains(text, "BatchId    : 1") || strings.Contains(text, "not reached") {
				t.Errorf("stdout after %v:\n%s", sig, text)
			}
			if !strings.Contains(text, "WARNING: The batch was stopped after ") || !strings.Contains(text, "-Resume 1") {
				t.Errorf("no word on how to finish the batch:\n%s", text)
			}
			if strings.Contains(errb.String(), "canceled") || strings.Contains(errb.String(), "stopped") {
				t.Errorf("stderr after %v: %q", sig, errb.String())
			}
			recorded := count(t, tenantFile, recordedRows)
			if recorded == 0 || recorded >= users {
				t.Fatalf("%d rows recorded: %v did not land mid-batch", recorded, sig)
			}
			if !strings.Contains(text, fmt.Sprintf("stopped after %d rows", recorded)) {
				t.Errorf("the report does not match the %d rows recorded:\n%s", recorded, text)
			}
			// The result file holds a row for each row recorded, and is
			// the only file the batch left.
			if rows := csvRows(t, report); rows != recorded {
				t.Errorf("the result file has %d rows, the batch recorded %d", rows, recorded)
			}
			if !strings.Contains(text, fmt.Sprintf("WARNING: The result file %s holds the %d rows done by this run.", report, recorded)) {
				t.Errorf("no word on the result file:\n%s", text)
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				if name := e.Name(); name != "tenant.db" && name != "list.csv" && name != "report.csv" {
					t.Errorf("left behind: %s", name)
				}
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
		})
	}
}

// csvRows counts the records of a CSV file after its header.
func csvRows(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return len(recs) - 1
}

// TestUndoStoppedAndFinished stops an undo with Ctrl-C midway, as issue
// 12 found an undo could then never be finished, and undoes the batch
// again: the undo goes on from where it stopped, and every user the batch
// changed has the license back once.
func TestUndoStoppedAndFinished(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a 30,000-row batch and its undo")
	}
	const users = 30_000
	tenantFile := filepath.Join(t.TempDir(), "tenant.db")
	buildKillTenant(t, tenantFile, users)
	slowChunks(t, tenantFile)
	list := filepath.Join(t.TempDir(), "list.csv")
	writeKillList(t, list, users)
	licsh := func(script string) string {
		t.Helper()
		out, err := exec.Command("licsh", "-NonInteractive", "-Tenant", tenantFile, "-Command", script).CombinedOutput()
		if err != nil {
			t.Fatalf("licsh -Command %q: %v\n%s", script, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	licsh(fmt.Sprintf("Invoke-LicenseBatch -Path '%s' -RemoveLicenses SPE_E3 -Quiet -WarningAction SilentlyContinue | Out-Null", list))
	held := func() string { return licsh("(Get-License | Where-Object SkuPartNumber -eq 'SPE_E3').Assigned") }
	before := held()

	cmd := exec.Command("licsh", "-NonInteractive", "-Tenant", tenantFile, "-Command", "Undo-LicenseBatch -Id 1 -Quiet -Confirm:$false")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	undone := `SELECT (SELECT count(*) FROM batch_rows WHERE batch_id = 2) + (SELECT count(*) FROM batch_changes WHERE batch_id = 2)`
	deadline := time.Now().Add(2 * time.Minute)
	for count(t, tenantFile, undone) == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("the undo recorded nothing in two minutes:\n%s", out.String())
		}
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	done := count(t, tenantFile, undone)
	if done == 0 || done >= users*4/5 {
		t.Fatalf("%d rows undone when stopped: Ctrl-C did not land midway", done)
	}
	if got := licsh("$u = Undo-LicenseBatch -Id 1 -Quiet -Confirm:$false -WarningAction SilentlyContinue; $u.BatchId; $u.Failed"); got != "2\n0" {
		t.Fatalf("undoing the batch again: %q, want undo batch 2 finished with no failed row", got)
	}
	if after, n := held(), count(t, tenantFile, `SELECT count(*) FROM batch_changes WHERE batch_id = 1 AND kind > 0`); after == before || count(t, tenantFile, undone) != n {
		t.Fatalf("E3 held by %s users after the undo (%s before it); %d rows undone of the %d changed", after, before, count(t, tenantFile, undone), n)
	}
	if n := count(t, tenantFile, `SELECT count(*) FROM (SELECT row_number FROM batch_changes WHERE batch_id = 2 GROUP BY row_number HAVING count(*) > 1)`); n != 0 {
		t.Fatalf("%d rows undone twice", n)
	}
	if got := licsh("try { Undo-LicenseBatch -Id 1 -Confirm:$false -ErrorAction Stop } catch { $_.Exception.Message }"); got != "Batch 1 was already undone by batch 2." {
		t.Fatalf("a third undo: %q", got)
	}
}
