package batch_test

import (
	"context"
	"errors"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"licsh/builtins/licshtest"
	"licsh/builtins/tenant"
)

// TestResumeRefusesAChangedList interrupts a batch after its first rows,
// then resumes it: with the list as it was it finishes; with a list edited
// since, or with -Path naming another file, it is refused with what
// changed, and -Force resumes by row number anyway.
func TestResumeRefusesAChangedList(t *testing.T) {
	t.Parallel()
	s := licshtest.Demo(t)
	text := "UserPrincipalName\npradeep.wilber@contoso.com\nmegan.jansen@contoso.com\nadele.garcia@contoso.com\nalex.pino@contoso.com\n"
	list, info := interrupted(t, s, text)

	edited := "UserPrincipalName\nmegan.jansen@contoso.com\npradeep.wilber@contoso.com\nadele.garcia@contoso.com\nalex.pino@contoso.com\n"
	if err := os.WriteFile(list, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	s.Check(licshtest.Pattern,
		licshtest.Case{Script: "Invoke-LicenseBatch -Resume 1 -Quiet", Stderr: `Invoke-LicenseBatch: The list ` + list + ` has changed since batch 1 started: it was 117 bytes, modified .*; it is 117 bytes, modified .*\. ` +
			`Row 2 named 'pradeep\.wilber@contoso\.com' then and names 'megan\.jansen@contoso\.com' now\. Resume with the list as it was, or add -Force to resume matching rows by their numbers\.`},
		licshtest.Case{Script: "Invoke-LicenseBatch -Resume 1 -Path ./other.csv -Quiet", Stderr: `Invoke-LicenseBatch: Batch 1 read the list ` + list + `, not ` + filepath.Join(s.Dir, "other.csv") + `: resume it with its own list, or leave out -Path\.`},
	)
	if got := s.MustRun("(Get-LicenseBatch -Id 1).Rows"); got != "2\n" {
		t.Fatalf("a refused resume went on: %q rows recorded", got)
	}

	// As it was, content and time, the list resumes without -Force.
	if err := os.WriteFile(list, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(list, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	if got := s.MustRun("$s = Invoke-LicenseBatch -Resume 1 -Quiet -WarningAction SilentlyContinue; $s.Rows, $s.Changed -join ' '"); got != "4 4\n" {
		t.Fatalf("resuming with the same list: %q", got)
	}
}

// TestResumeForce resumes an interrupted batch whose list was edited, by
// row number, as -Force asks.
func TestResumeForce(t *testing.T) {
	t.Parallel()
	s := licshtest.Demo(t)
	list, _ := interrupted(t, s, "UserPrincipalName\npradeep.wilber@contoso.com\nmegan.jansen@contoso.com\nadele.garcia@contoso.com\n")
	if err := os.WriteFile(list, []byte("UserPrincipalName\npradeep.wilber@contoso.com\nmegan.jansen@contoso.com\nalex.pino@contoso.com\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got := s.MustRun("Invoke-LicenseBatch -Resume 1 -Force -Quiet -WarningAction SilentlyContinue | Out-Null\n" +
		"$b = Get-LicenseBatch -Id 1; $b.Rows; $b.FinishedDateTime -ne $null; (Get-UserLicense alex.pino@contoso.com).SkuPartNumber -contains 'SPE_E3'")
	if got != "3\nTrue\nFalse\n" {
		t.Fatalf("the forced resume: %q, want 3 rows, finished, row 4 (alex.pino now) done", got)
	}
}

// TestResumeAfterRowsAdded resumes a batch whose list got more rows after
// the ones it did: those rows are the same (a UPN's case does not count,
// as it does not in finding the user), so it goes on without -Force and
// does the new rows too; a refused resume left no trace in the audit.
func TestResumeAfterRowsAdded(t *testing.T) {
	t.Parallel()
	s := licshtest.Demo(t)
	text := "UserPrincipalName\npradeep.wilber@contoso.com\nmegan.jansen@contoso.com\nadele.garcia@contoso.com\n"
	list, _ := interrupted(t, s, text)
	if err := os.WriteFile(list, []byte("UserPrincipalName\nMEGAN.jansen@contoso.com\npradeep.wilber@contoso.com\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s.Check(licshtest.Pattern, licshtest.Case{Script: "Invoke-LicenseBatch -Resume 1 -Quiet; @(Get-AuditLog -Operation 'Resume batch').Count",
		Stdout: "0\n", Stderr: `.*Row 2 named 'pradeep\.wilber@contoso\.com' then and names 'MEGAN\.jansen@contoso\.com' now\..*`})
	if err := os.WriteFile(list, []byte(strings.Replace(text, "pradeep.wilber", "PRADEEP.Wilber", 1)+"alex.pino@contoso.com\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got := s.MustRun("$s = Invoke-LicenseBatch -Resume 1 -Quiet -WarningAction SilentlyContinue; $s.Rows; @(Get-AuditLog -Operation 'Resume batch').Count; (Get-UserLicense alex.pino@contoso.com).SkuPartNumber -contains 'SPE_E3'")
	if got != "4\n1\nFalse\n" {
		t.Fatalf("resuming with rows added: %q, want 4 rows, one resume audited, alex.pino's E3 gone", got)
	}
}

// interrupted writes text as the list leavers.csv and interrupts the batch
// Invoke-LicenseBatch starts for it, as interrupt does.
func interrupted(t *testing.T, s *licshtest.Session, text string) (string, os.FileInfo) {
	t.Helper()
	list := filepath.Join(s.Dir, "leavers.csv")
	if err := os.WriteFile(list, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(list)
	if err != nil {
		t.Fatal(err)
	}
	interrupt(t, s.Tenant, list, info)
	return list, info
}

// interrupt runs the batch Invoke-LicenseBatch would start for list,
// removing E3, and stops it once its first chunk of two rows is committed,
// as a crash would.
func interrupt(t *testing.T, path, list string, info os.FileInfo) {
	t.Helper()
	st, err := tenant.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Connect(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(list)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")[1:]
	rows := func(yield func(tenant.BulkRow, error) bool) {
		for i, upn := range lines {
			if !yield(tenant.BulkRow{Number: i + 2, Identity: upn, Remove: []string{"SPE_E3"}}, nil) {
				return
			}
		}
	}
	stop := errors.New("stopped")
	seen := 0
	_, err = st.RunBatch(context.Background(), iter.Seq2[tenant.BulkRow, error](rows), tenant.BulkOptions{
		Source:    list,
		Options:   map[string]any{"Path": list, "Size": info.Size(), "Modified": info.ModTime().UTC(), "RemoveLicenses": []string{"SPE_E3"}},
		ChunkSize: 2,
		OnRow: func(tenant.BulkResult) error {
			if seen++; seen == 2 {
				return stop
			}
			return nil
		},
	})
	if !errors.Is(err, stop) {
		t.Fatalf("the interrupted batch: %v", err)
	}
}
