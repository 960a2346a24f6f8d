package batch_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"licsh/builtins/licshtest"
)

// checkStopped checks what a stopped batch shows: its summary with rows
// done, how to finish it, and what the result file holds.
func checkStopped(t *testing.T, stdout string, rows int, hint, report string) {
	t.Helper()
	want := `(?s)^\nBatchId    : 1\nRows       : ` + regexp.QuoteMeta(itoa(rows)) + `\n.*\n\nWARNING: ` + regexp.QuoteMeta(hint) + `\nWARNING: ` + regexp.QuoteMeta(report) + `\n$`
	if !regexp.MustCompile(want).MatchString(stdout) {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// TestBatchStoppedByABadLine runs a batch on a CSV list with a quote left
// open in the middle (issue 12): the rows before it are done and stay
// done, the batch stops there with the line to correct and how to finish,
// the result file holds those rows, and -Resume -Force finishes the
// corrected list. Read on, the open quote swallowed every line after it.
func TestBatchStoppedByABadLine(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, list string
		done       int
		stderr     string
	}{
		{"never closed", "UserPrincipalName,Department\npradeep.wilber@contoso.com,Sales\nmegan.jansen@contoso.com,Sales\n\"adele.garcia@contoso.com,Sales\nalex.pino@contoso.com,Sales\n",
			2, "Line 4 of '%s' opens a quote that is never closed, which runs it to the end of the file. Close the quote on line 4."},
		{"closed lines later", "UserPrincipalName,Department\npradeep.wilber@contoso.com,Sales\n\"megan.jansen@contoso.com,Sales\nadele.garcia@contoso.com\",Sales\nalex.pino@contoso.com,Sales\n",
			1, "Row 3 of '%s' has a line break in its user cell: a quote on line 3 is not closed where it should be, and the lines after it were read into the cell. Close the quote on line 3."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := licshtest.Demo(t)
			list := filepath.Join(s.Dir, "leavers.csv")
			report := filepath.Join(s.Dir, "result.csv")
			if err := os.WriteFile(list, []byte(tt.list), 0o644); err != nil {
				t.Fatal(err)
			}
			r := s.Run("Invoke-LicenseBatch -Path ./leavers.csv -RemoveLicenses SPE_E3 -ResultPath ./result.csv -Quiet")
			checkStopped(t, r.Stdout, tt.done,
				"The batch was stopped after "+itoa(tt.done)+" rows at a row of the list it cannot read; the users it changed stay changed. Correct the list, then finish the batch with: Invoke-LicenseBatch -Path '"+list+"' -Resume 1",
				"The result file "+report+" holds the "+itoa(tt.done)+" rows done by this run.")
			if want := "Invoke-LicenseBatch: " + sprintf(tt.stderr, list) + "\n"; r.Stderr != want {
				t.Errorf("stderr %q\nwant %q", r.Stderr, want)
			}
			wantReport := map[int]string{
				1: "UserPrincipalName,Department,Status,Detail,RemovedLicenses\npradeep.wilber@contoso.com,Sales,Changed,Removed SPE_E3.,SPE_E3\n",
				2: "UserPrincipalName,Department,Status,Detail,RemovedLicenses\npradeep.wilber@contoso.com,Sales,Changed,Removed SPE_E3.,SPE_E3\nmegan.jansen@contoso.com,Sales,Changed,Removed SPE_E3.,SPE_E3\n",
			}[tt.done]
			if got, err := os.ReadFile(report); err != nil || string(got) != wantReport {
				t.Errorf("the result file: %q, %v\nwant %q", got, err, wantReport)
			}
			if got := s.MustRun("$b = Get-LicenseBatch -Id 1; $b.Rows; $null -eq $b.FinishedDateTime"); got != itoa(tt.done)+"\nTrue\n" {
				t.Errorf("the batch recorded: %q", got)
			}
			// Corrected, the list is finished by the command the warning gave.
			if err := os.WriteFile(list, []byte("UserPrincipalName,Department\npradeep.wilber@contoso.com,Sales\nmegan.jansen@contoso.com,Sales\nadele.garcia@contoso.com,Sales\nalex.pino@contoso.com,Sales\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			got := s.MustRun("$s = Invoke-LicenseBatch -Path ./leavers.csv -Resume 1 -Quiet -WarningAction SilentlyContinue; $s.Rows, $s.Changed -join ' '\n" +
				"(Get-User -Sku SPE_E3 -All | Where-Object UserPrincipalName -in 'pradeep.wilber@contoso.com', 'megan.jansen@contoso.com', 'adele.garcia@contoso.com', 'alex.pino@contoso.com').Count")
			if got != "4 4\n0\n" {
				t.Errorf("the resumed batch: %q", got)
			}
		})
	}
}
