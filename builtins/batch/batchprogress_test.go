package batch

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"licsh/builtins/licshtest/workbook"
)

// TestProgressLine checks the line a scheduled job's log gets: rows, rate
// and, when the input's length is known, the time left.
func TestProgressLine(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		rows     int
		fraction func() float64
		want     string
	}{
		{25000, func() float64 { return 0.25 }, "Invoke-LicenseBatch: 25000 rows done, 5000 rows/s, 15s left\n"},
		{25000, func() float64 { return -1 }, "Invoke-LicenseBatch: 25000 rows done, 5000 rows/s\n"},
		{25000, nil, "Invoke-LicenseBatch: 25000 rows done, 5000 rows/s\n"},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		p := &progress{w: &buf, activity: "Invoke-LicenseBatch", rows: tt.rows, start: start, fraction: tt.fraction}
		p.show(start.Add(5 * time.Second))
		if buf.String() != tt.want {
			t.Errorf("progress line %q, want %q", buf.String(), tt.want)
		}
	}
}

// TestProgressPace: the time left is worked out at the pace of the last
// half minute, which is Graph's once it throttles a batch it let through
// fast at first.
func TestProgressPace(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var buf bytes.Buffer
	done := 0.0
	p := &progress{w: &buf, activity: "Invoke-LicenseBatch", start: start, fraction: func() float64 { return done }}
	// 3,000 rows in the first 5 seconds, then 20 a second.
	p.rows, done = 3000, 0.15
	p.show(start.Add(5 * time.Second))
	p.rows, done = 3600, 0.18
	p.show(start.Add(35 * time.Second))
	p.rows, done = 4200, 0.21
	p.show(start.Add(65 * time.Second))
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if want := "Invoke-LicenseBatch: 4200 rows done, 65 rows/s, 13m10s left"; lines[2] != want {
		t.Errorf("progress line %q, want %q", lines[2], want)
	}
}

// TestUserListProgress checks that a list says how far it has been read,
// for CSV files by bytes and for workbooks by the sheet's recorded size.
func TestUserListProgress(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var csv strings.Builder
	csv.WriteString("UserPrincipalName\n")
	rows := [][]any{{"UserPrincipalName"}}
	for i := range 20000 {
		fmt.Fprintf(&csv, "user%d@contoso.com\n", i)
		rows = append(rows, []any{fmt.Sprintf("user%d@contoso.com", i)})
	}
	csvPath := filepath.Join(dir, "list.csv")
	if err := os.WriteFile(csvPath, []byte(csv.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	// A worksheet's progress is how much of its part is read, whether or
	// not the workbook records the sheet's extent.
	xlsxPath := filepath.Join(dir, "list.xlsx")
	workbook.Write(t, xlsxPath, map[string][][]any{"Sheet1": rows}, "Sheet1")
	for _, path := range []string{csvPath, xlsxPath} {
		l, err := openUserList(path, "", "")
		if err != nil {
			t.Fatal(err)
		}
		for range 10000 {
			if _, _, err := l.Next(); err != nil {
				t.Fatal(err)
			}
		}
		half := l.Progress()
		for {
			if _, _, err := l.Next(); err != nil {
				break
			}
		}
		if end := l.Progress(); half <= 0.2 || half >= 0.9 || end != 1 {
			t.Errorf("%s: progress %.2f half way and %.2f at the end", filepath.Base(path), half, end)
		}
		l.Close()
	}
}
