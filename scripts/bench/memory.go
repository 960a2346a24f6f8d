package main

import (
	"bufio"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// benchMemory runs the jobs whose memory must stay flat however long
// their input, once each, and prints their time and peak RSS: a batch over
// a text list of rows million rows (every tenth a user of the tenant, the
// others unknown, as a mistaken export would be), and Measure-Object over
// 1..100000000.
func benchMemory(bin, base, dir string, rows int) {
	list := filepath.Join(dir, "long.txt")
	step(fmt.Sprintf("%d-row text list", rows), func() error { return writeLongList(list, rows) })
	work := filepath.Join(dir, "work.db")
	copyTenant(base, work)
	fmt.Printf("\n%-60s %10s %8s\n", "job (one run)", "time", "RSS")
	d, rss := run(exec.Command(bin, "-NonInteractive", "-Tenant", work, "-Command",
		fmt.Sprintf("Invoke-LicenseBatch -Path '%s' -RemoveLicenses SPE_E3 -Quiet -WarningAction SilentlyContinue | Out-Null", list)))
	fmt.Printf("%-60s %10s %5d MB\n", fmt.Sprintf("Invoke-LicenseBatch, %d-row text list", rows), d.Round(time.Millisecond), rss)
	d, rss = run(exec.Command(bin, "-NonInteractive", "-Tenant", work, "-Command", "(1..100000000 | Measure-Object).Count | Out-Null"))
	fmt.Printf("%-60s %10s %5d MB\n", "1..100000000 | Measure-Object", d.Round(time.Millisecond), rss)
}

// writeLongList writes n user principal names, one per line.
func writeLongList(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	for i := 0; i < n; i++ {
		if i%10 == 0 {
			fmt.Fprintf(w, "user%06d@contoso.com\n", i/10%100_000)
		} else {
			fmt.Fprintf(w, "nobody%08d@contoso.com\n", i)
		}
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	return f.Close()
}
