package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"licsh/builtins/tenant"
)

// benchBatch runs, rounds times and alternated, Invoke-LicenseBatch and
// the baseline on each list, Undo-LicenseBatch of licsh's batch, and
// Import-User of an export, then prints medians and ratios.
func benchBatch(bin, base, dir string, users, rounds int) {
	csvPath, xlsxPath := filepath.Join(dir, "list.csv"), filepath.Join(dir, "list.xlsx")
	export := filepath.Join(dir, "export.csv")
	step("CSV list", func() error { return writeCSV(csvPath, users) })
	step("XLSX list", func() error { return writeXLSX(xlsxPath, users) })
	step("export", func() error { return writeExport(export, users) })
	self, err := os.Executable()
	if err != nil {
		log.Fatal(err)
	}
	work, empty := filepath.Join(dir, "work.db"), filepath.Join(dir, "empty.db")
	step("empty tenant", func() error { return emptyTenant(empty) })
	type series struct {
		times []time.Duration
		rss   int64
	}
	var licshCSV, baseCSV, licshXLSX, baseXLSX, undo, imp series
	add := func(s *series, d time.Duration, rss int64) {
		s.times = append(s.times, d)
		s.rss = max(s.rss, rss)
	}
	batchID := regexp.MustCompile(`(?m)^BatchId\s*:\s*(\d+)`)
	for i := 0; i < rounds; i++ {
		copyTenant(base, work)
		cmd := exec.Command(bin, "-NonInteractive", "-Tenant", work, "-Command",
			fmt.Sprintf("Invoke-LicenseBatch -Path '%s' -RemoveLicenses SPE_E3 -Quiet -WarningAction SilentlyContinue | Format-List BatchId", csvPath))
		var out strings.Builder
		cmd.Stdout = &out
		d, rss := run(cmd)
		add(&licshCSV, d, rss)
		m := batchID.FindStringSubmatch(out.String())
		if m == nil {
			log.Fatalf("Invoke-LicenseBatch printed %q, without a BatchId", out.String())
		}
		d, rss = run(exec.Command(bin, "-NonInteractive", "-Tenant", work, "-Command",
			fmt.Sprintf("Undo-LicenseBatch -Id %s -Quiet -Confirm:$false | Out-Null", m[1])))
		add(&undo, d, rss)
		copyTenant(base, work)
		d, rss = run(exec.Command(self, "-baseline", work, csvPath, "SPE_E3"))
		add(&baseCSV, d, rss)

		copyTenant(base, work)
		d, rss = run(exec.Command(bin, "-NonInteractive", "-Tenant", work, "-Command",
			fmt.Sprintf("Invoke-LicenseBatch -Path '%s' -RemoveLicenses SPE_E3 -Quiet -WarningAction SilentlyContinue | Out-Null", xlsxPath)))
		add(&licshXLSX, d, rss)
		copyTenant(base, work)
		d, rss = run(exec.Command(self, "-baseline", work, xlsxPath, "SPE_E3"))
		add(&baseXLSX, d, rss)

		copyTenant(empty, work)
		d, rss = run(exec.Command(bin, "-NonInteractive", "-Tenant", work, "-Command",
			fmt.Sprintf("Import-User -Path '%s' -WarningAction SilentlyContinue | Out-Null", export)))
		add(&imp, d, rss)
	}
	fmt.Printf("\n%d users, median of %d alternated runs\n", users, rounds)
	fmt.Printf("%-40s %10s %8s %10s %8s %7s\n", "job", "licsh", "RSS", "against", "RSS", "ratio")
	line := func(what string, a, b series) {
		ma, mb := median(a.times), median(b.times)
		fmt.Printf("%-40s %10s %5d MB %10s %5d MB %6.2fx\n", what, ma.Round(time.Millisecond), a.rss,
			mb.Round(time.Millisecond), b.rss, ma.Seconds()/mb.Seconds())
	}
	line("batch from CSV / baseline from CSV", licshCSV, baseCSV)
	line("batch from XLSX / baseline from XLSX", licshXLSX, baseXLSX)
	line("Undo-LicenseBatch / batch from CSV", undo, licshCSV)
	line("Import-User / batch from CSV", imp, licshCSV)
}

// emptyTenant makes an initialised tenant with no users, for Import-User.
func emptyTenant(path string) error {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
	s, err := tenant.Open(path)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Initialize(context.Background(), "Contoso", "contoso.com", false); err != nil {
		return err
	}
	_, err = s.DB().Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}
