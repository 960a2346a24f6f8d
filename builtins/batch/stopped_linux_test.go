package batch_test

import (
	"os"
	"path/filepath"
	"testing"

	"licsh/builtins/licshtest"
)

// TestBatchReportOnAFullDisk runs a batch whose result file is /dev/full,
// where every write fails as on a full disk (issue 12): the batch stops
// after the chunk the report could not take, says what it did and how to
// finish, and leaves the device as it was; -Resume finishes it.
func TestBatchReportOnAFullDisk(t *testing.T) {
	t.Parallel()
	s := licshtest.Demo(t)
	list := filepath.Join(s.Dir, "leavers.csv")
	if err := os.WriteFile(list, []byte("UserPrincipalName\npradeep.wilber@contoso.com\nmegan.jansen@contoso.com\nadele.garcia@contoso.com\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := s.Run("Invoke-LicenseBatch -Path ./leavers.csv -RemoveLicenses SPE_E3 -ResultPath /dev/full -Quiet")
	checkStopped(t, r.Stdout, 3,
		"The batch was stopped after 3 rows; the users it changed stay changed. Finish it with: Invoke-LicenseBatch -Path '"+list+"' -Resume 1",
		"Cannot write the result file '/dev/full': write /dev/full: no space left on device. The changes the batch made are listed by Get-AuditLog -BatchId 1.")
	if want := "Invoke-LicenseBatch: Cannot write the result file '/dev/full': write /dev/full: no space left on device\n"; r.Stderr != want {
		t.Errorf("stderr %q\nwant %q", r.Stderr, want)
	}
	if info, err := os.Stat("/dev/full"); err != nil || info.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("/dev/full is no longer the device: %v %v", info.Mode(), err)
	}
	if got := s.MustRun("(Get-AuditLog -BatchId 1 -Operation 'Set user license').Count; $s = Invoke-LicenseBatch -Resume 1 -Quiet -WarningAction SilentlyContinue; $s.Rows; (Get-LicenseBatch -Id 1).FinishedDateTime -ne $null"); got != "3\n3\nTrue\n" {
		t.Errorf("the audit and the resumed batch: %q", got)
	}
}
