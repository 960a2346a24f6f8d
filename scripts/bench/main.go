// Command bench measures Invoke-LicenseBatch against design section 6: it
// builds a 100,000-user tenant and 100,000-row CSV and XLSX lists, runs
// licsh on a fresh copy of the tenant for each list, runs a plain Go
// program that reads the same file and issues the same SQL, and prints the
// times, licsh's peak RSS and the ratio.
//
//	go run ./scripts/bench [-users 100000] [-dir /tmp/licsh-bench]
package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"licsh/builtins/tenant"

	"github.com/xuri/excelize/v2"
	_ "modernc.org/sqlite"
)

func main() {
	users := flag.Int("users", 100_000, "users in the tenant and rows in the lists")
	dir := flag.String("dir", filepath.Join(os.TempDir(), "licsh-bench"), "work folder")
	flag.Parse()
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		log.Fatal(err)
	}
	bin := filepath.Join(*dir, "licsh")
	if out, err := exec.Command("go", "build", "-o", bin, "licsh/cmd/licsh").CombinedOutput(); err != nil {
		log.Fatalf("go build: %v\n%s", err, out)
	}
	base := filepath.Join(*dir, "tenant.db")
	step("tenant", func() error { return buildTenant(base, *users) })
	csvPath, xlsxPath := filepath.Join(*dir, "list.csv"), filepath.Join(*dir, "list.xlsx")
	step("CSV list", func() error { return writeCSV(csvPath, *users) })
	step("XLSX list", func() error { return writeXLSX(xlsxPath, *users) })
	fmt.Printf("\n%-6s %10s %10s %10s %7s\n", "input", "licsh", "baseline", "RSS", "ratio")
	for _, list := range []string{csvPath, xlsxPath} {
		work := filepath.Join(*dir, "work.db")
		copyTenant(base, work)
		start := time.Now()
		cmd := exec.Command(bin, "-NonInteractive", "-Tenant", work, "-Command",
			fmt.Sprintf("Invoke-LicenseBatch -Path '%s' -RemoveLicenses SPE_E3 -Quiet -WarningAction SilentlyContinue | Out-Null", list))
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			log.Fatalf("licsh: %v", err)
		}
		took := time.Since(start)
		rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss / 1024
		copyTenant(base, work)
		start = time.Now()
		if err := baseline(work, list); err != nil {
			log.Fatal(err)
		}
		plain := time.Since(start)
		fmt.Printf("%-6s %10s %10s %7d MB %6.2fx\n", strings.TrimPrefix(filepath.Ext(list), "."), took.Round(time.Millisecond),
			plain.Round(time.Millisecond), rss, took.Seconds()/plain.Seconds())
	}
}

func step(what string, fn func() error) {
	start := time.Now()
	if err := fn(); err != nil {
		log.Fatalf("%s: %v", what, err)
	}
	fmt.Printf("built %s in %v\n", what, time.Since(start).Round(time.Millisecond))
}

// buildTenant makes a tenant of n users, every one on E3 or E5 and a third
// also on Power BI Pro. Rows go in directly: this is a starting point, not
// a test of the rules, and the seat counts are recomputed at the end.
func buildTenant(path string, n int) error {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
	ctx := context.Background()
	s, err := tenant.Open(path)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Initialize(ctx, "Contoso", "contoso.com", false); err != nil {
		return err
	}
	skus := map[string]string{}
	for _, sub := range []struct {
		sku string
		qty int
	}{{"SPE_E3", n}, {"SPE_E5", n / 2}, {"POWER_BI_PRO", n / 2}} {
		got, err := s.AddSubscription(ctx, tenant.NewSubscription{Sku: sub.sku, Quantity: sub.qty})
		if err != nil {
			return err
		}
		skus[sub.sku] = got.SkuID
	}
	tx, err := s.DB().Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	now := time.Now().Unix()
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i)
		upn := fmt.Sprintf("user%06d@contoso.com", i)
		if _, err := tx.Exec(`INSERT INTO users (id, upn, display_name, usage_location, created) VALUES (?, ?, ?, 'US', ?)`, id, upn, upn, now); err != nil {
			return err
		}
		sku := skus["SPE_E3"]
		if i%5 == 0 {
			sku = skus["SPE_E5"]
		}
		if _, err := tx.Exec(`INSERT INTO license_assignments (user_id, sku_id, assigned_at) VALUES (?, ?, ?)`, id, sku, now); err != nil {
			return err
		}
		if i%3 == 0 {
			if _, err := tx.Exec(`INSERT INTO license_assignments (user_id, sku_id, assigned_at) VALUES (?, ?, ?)`, id, skus["POWER_BI_PRO"], now); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(`INSERT INTO mailboxes (user_id, upn, state) VALUES (?, ?, 'Active')`, id, upn); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(`UPDATE skus SET consumed = (SELECT count(DISTINCT user_id) FROM license_assignments la WHERE la.sku_id = skus.sku_id)`); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	_, err = s.DB().Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}

func writeCSV(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write([]string{"UserPrincipalName"})
	for i := 0; i < n; i++ {
		w.Write([]string{fmt.Sprintf("user%06d@contoso.com", i)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return f.Close()
}

func writeXLSX(path string, n int) error {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{"UserPrincipalName"}); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, []any{fmt.Sprintf("user%06d@contoso.com", i)}); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(path)
}

func copyTenant(from, to string) {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(to + suffix)
	}
	src, err := os.Open(from)
	if err != nil {
		log.Fatal(err)
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		log.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		log.Fatal(err)
	}
}
