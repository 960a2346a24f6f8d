package main

import (
	"fmt"
	"log"
	"os"
	"os/exec"
	"regexp"
	"time"
)

// licshRun is one licsh command line of a comparison and what it must
// print.
type licshRun struct {
	label string // what the table shows
	args  []string
	want  *regexp.Regexp
}

// benchPipeline compares pipelines with the work done without them: a
// script block per pipeline item against a foreach loop (budget 1.5), and
// the budget's Where-Object filter of every user against Get-User's own
// -Department (budget 2).
func benchPipeline(bin, base string, runs, users int) {
	count := func(n int) *regexp.Regexp { return regexp.MustCompile(fmt.Sprintf(`(?m)^%d$`, n)) }
	cmd := func(script string) []string {
		return []string{"-NoProfile", "-NonInteractive", "-Tenant", base, "-Command", script}
	}
	fmt.Printf("\npipelines against the same work without them (median of %d runs, alternated)\n", runs)
	compare(bin, runs, 1.5,
		licshRun{"foreach ($i in 1..1000000) { if ($i % 2) { $n++ } }", cmd(`$n = 0; foreach ($i in 1..1000000) { if ($i % 2) { $n++ } }; $n`), count(500_000)},
		licshRun{"1..1000000 | Where-Object { $_ % 2 } | Measure-Object", cmd(`(1..1000000 | Where-Object { $_ % 2 } | Measure-Object).Count`), count(500_000)})
	compare(bin, runs, 2,
		licshRun{"Get-User -Department Sales -All | Measure-Object", cmd(`(Get-User -Department Sales -All | Measure-Object).Count`), count(users / 10)},
		licshRun{"Get-User -All | Where-Object { $_.Department -eq 'Sales' } | Measure-Object",
			cmd(`(Get-User -All | Where-Object { $_.Department -eq 'Sales' } | Measure-Object).Count`), count(users / 10)})
}

// benchStartup compares licsh -NoProfile -Command 'Get-License' on the
// tenant with licsh -Version, which starts nothing (budget 3).
func benchStartup(bin, base string, runs int) {
	fmt.Printf("\nstart-up against licsh -Version (median of %d runs, alternated)\n", runs)
	compare(bin, runs, 3,
		licshRun{"licsh -Version", []string{"-Version"}, regexp.MustCompile(`^licsh `)},
		licshRun{"licsh -NoProfile -Command 'Get-License'", []string{"-NoProfile", "-Tenant", base, "-Command", "Get-License"}, regexp.MustCompile(`SPE_E3`)})
}

// compare runs two command lines runs times each, alternating run by run and which
// of the two goes first, so that a busy machine weighs on both alike, and
// prints each one's median wall time and the second's as a multiple of the
// first's, against the budget.
func compare(bin string, runs int, budget float64, first, second licshRun) {
	times := [2][]time.Duration{}
	jobs := [2]licshRun{first, second}
	for i := range runs {
		for k := range 2 {
			j := (i + k) % 2
			times[j] = append(times[j], runOnce(bin, jobs[j]))
		}
	}
	med := [2]time.Duration{median(times[0]), median(times[1])}
	ratio := med[1].Seconds() / med[0].Seconds()
	verdict := "within"
	if ratio > budget {
		verdict = "OVER"
	}
	fmt.Printf("  %-80s %8s\n", first.label, med[0].Round(time.Millisecond))
	fmt.Printf("  %-80s %8s %6.2fx (budget %gx: %s)\n", second.label, med[1].Round(time.Millisecond), ratio, budget, verdict)
}

// runOnce runs licsh with a command line, checks what it printed,
// and returns the wall time of the whole process.
func runOnce(bin string, j licshRun) time.Duration {
	start := time.Now()
	cmd := exec.Command(bin, j.args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	took := time.Since(start)
	if err != nil {
		log.Fatalf("licsh %q: %v", j.args, err)
	}
	if !j.want.Match(out) {
		log.Fatalf("licsh %q printed %s, without %s", j.args, out, j.want)
	}
	return took
}
