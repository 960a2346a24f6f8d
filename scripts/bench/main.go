// Command bench measures licsh against its budgets (docs/ARCHITECTURE.md,
// section 7) on a 100,000-user tenant, running the real binary:
//
//   - batch: Invoke-LicenseBatch removing one product from every user of a
//     CSV and of an XLSX list, against the bare minimum job (baseline.go)
//     reading the same file and deleting the same assignments, alternated
//     run by run on fresh copies of the tenant; Undo-LicenseBatch of that
//     batch against the batch; Import-User of an admin center export
//     against the CSV batch. Medians, their ratios and peak RSS.
//
//   - queries: the read-only commands of the budget, median wall time.
//
//   - pipeline and startup: pipelines against the loops doing the same, and
//     start-up against -Version (pipeline.go).
//
//   - memory, only when asked: one batch over a 10,000,000-row text list and
//     1..100000000 | Measure-Object, with their peak RSS (memory.go).
//
//   - graph, only when asked: a batch over Graph against Start-GraphServer
//     with and without -Throttle, in rows per second (graph.go).
//
//     go run ./scripts/bench [-users 100000] [-rounds 5] [-dir /tmp/licsh-bench] [-only batch|queries|pipeline|startup|memory|graph]
//
// The baseline runs in a process of its own, as licsh does, so that both
// pay a start-up and both have a peak RSS: bench starts itself with
// -baseline.
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
	"regexp"
	"slices"
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
	rounds := flag.Int("rounds", 5, "runs of each job; medians are shown")
	only := flag.String("only", "", "run only the batch, queries, pipeline, startup, memory or graph benchmarks")
	longRows := flag.Int("longrows", 10_000_000, "rows of the long list the memory benchmark reads")
	graphRows := flag.Int("graphrows", 20_000, "rows of the list the graph benchmark sends")
	job := flag.String("baseline", "", "run the baseline job on this tenant file (used by bench itself)")
	flag.Parse()
	if *job != "" {
		if err := baseline(*job, flag.Arg(0), flag.Arg(1)); err != nil {
			log.Fatal(err)
		}
		return
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		log.Fatal(err)
	}
	bin := filepath.Join(*dir, "licsh")
	if out, err := exec.Command("go", "build", "-o", bin, "licsh/cmd/licsh").CombinedOutput(); err != nil {
		log.Fatalf("go build: %v\n%s", err, out)
	}
	base := filepath.Join(*dir, "tenant.db")
	step("tenant", func() error { return buildTenant(base, *users) })
	if *only == "" || *only == "batch" {
		benchBatch(bin, base, *dir, *users, *rounds)
	}
	if *only == "" || *only == "queries" {
		benchQueries(bin, base, *rounds, *users)
	}
	if *only == "" || *only == "pipeline" {
		benchPipeline(bin, base, *rounds, *users)
	}
	if *only == "" || *only == "startup" {
		benchStartup(bin, base, *rounds)
	}
	if *only == "memory" {
		benchMemory(bin, base, *dir, *longRows)
	}
	if *only == "graph" {
		benchGraph(bin, base, *dir, *graphRows)
	}
}

// run runs a command to its end and returns its wall time and peak RSS in
// MB; a failure stops the benchmark.
func run(cmd *exec.Cmd) (time.Duration, int64) {
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		log.Fatalf("%s: %v", strings.Join(cmd.Args, " "), err)
	}
	return time.Since(start), cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss / 1024
}

// median is the middle of ds.
func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// exportHeader is the admin center's current "Export users" layout.
var exportHeader = strings.Split("Block credential,City,Country/Region,Department,DirSyncEnabled,Display name,Fax,First name,Last dirsync time,"+
	"Last name,Last password change time,License reassignment error,Licenses,Mobile Phone,Object Id,Office,Password never expires,Phone number,"+
	"Postal code,Preferred data location,Preferred language,Proxy addresses,State,Street address,Strong password required,Title,Usage location,"+
	"User principal name,When created", ",")

func writeExport(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write(exportHeader)
	col := map[string]int{}
	for i, h := range exportHeader {
		col[h] = i
	}
	for i := 0; i < n; i++ {
		rec := make([]string, len(exportHeader))
		licenses := "Microsoft 365 E3"
		if i%5 == 0 {
			licenses = "Microsoft 365 E5"
		}
		if i%3 == 0 {
			licenses += "+Power BI Pro"
		}
		rec[col["Block credential"]] = "False"
		rec[col["Department"]] = departments[i%len(departments)]
		rec[col["Display name"]] = fmt.Sprintf("User %d", i)
		rec[col["First name"]] = "User"
		rec[col["Last name"]] = fmt.Sprint(i)
		rec[col["Licenses"]] = licenses
		rec[col["Title"]] = "Associate"
		rec[col["Usage location"]] = "US"
		rec[col["User principal name"]] = fmt.Sprintf("user%06d@contoso.com", i)
		rec[col["When created"]] = "2024-01-01 00:00:00"
		w.Write(rec)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return f.Close()
}

// benchQueries runs each read-only command of the budget runs times
// against the tenant, checks its answer, and prints the median wall time
// of the whole licsh process.
func benchQueries(bin, base string, runs, users int) {
	sales := regexp.MustCompile(fmt.Sprintf(`(?m)^Count\s+: %d$`, users/10))
	queries := []struct {
		script string
		want   *regexp.Regexp
		budget time.Duration
	}{
		{"Get-License", regexp.MustCompile(`SPE_E3`), 50 * time.Millisecond},
		{"Get-User -Department Sales -All | Measure-Object", sales, time.Second},
		{"Get-User -All | Where-Object { $_.Department -eq 'Sales' } | Measure-Object", sales, time.Second},
	}
	fmt.Printf("\n%-80s %10s %10s\n", "command (median of "+fmt.Sprint(runs)+" runs)", "licsh", "budget")
	for _, q := range queries {
		times := make([]time.Duration, runs)
		for i := range times {
			start := time.Now()
			cmd := exec.Command(bin, "-NonInteractive", "-Tenant", base, "-Command", q.script)
			cmd.Stderr = os.Stderr
			out, err := cmd.Output()
			times[i] = time.Since(start)
			if err != nil {
				log.Fatalf("licsh -Command %q: %v", q.script, err)
			}
			if !q.want.Match(out) {
				log.Fatalf("licsh -Command %q printed %s, without %s", q.script, out, q.want)
			}
		}
		slices.Sort(times)
		fmt.Printf("%-80s %10s %10s\n", q.script, times[len(times)/2].Round(time.Millisecond), q.budget)
	}
}

func step(what string, fn func() error) {
	start := time.Now()
	if err := fn(); err != nil {
		log.Fatalf("%s: %v", what, err)
	}
	fmt.Printf("built %s in %v\n", what, time.Since(start).Round(time.Millisecond))
}

// departments spread the users evenly, so a tenth are in Sales.
var departments = []string{"Sales", "Marketing", "Engineering", "Finance", "Human Resources", "Legal", "Operations", "Support", "IT", "Research"}

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
		if _, err := tx.Exec(`INSERT INTO users (id, upn, display_name, department, usage_location, created) VALUES (?, ?, ?, ?, 'US', ?)`,
			id, upn, upn, departments[i%len(departments)], now); err != nil {
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
