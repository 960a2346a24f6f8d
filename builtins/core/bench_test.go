package core_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"licsh/builtins/licshtest"
	"licsh/shell/interp"
)

// BenchmarkWhereMeasure measures pipeline throughput on the language issue's
// yardstick: a million integers through a script-block filter and a count.
func BenchmarkWhereMeasure(b *testing.B) {
	const n = 1000000
	s := licshtest.New(b)
	for b.Loop() {
		runScript(b, s, `(1..1000000 | Where-Object { $_ % 2 } | Measure-Object).Count`, "500000")
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "items/s")
}

// BenchmarkPipelineVsLoop runs, in each iteration, a script block per
// pipeline item and the same work as a foreach loop, one after the other,
// and reports how many times the loop's time each pipeline takes (the
// budget is 1.5). Timing both in every iteration keeps the ratio true on a
// busy machine.
func BenchmarkPipelineVsLoop(b *testing.B) {
	const loop = `$n = 0; foreach ($i in 1..1000000) { if ($i % 2) { $n++ } }; $n`
	pipelines := []struct{ name, script string }{
		{"where", `(1..1000000 | Where-Object { $_ % 2 } | Measure-Object).Count`},
		{"foreach", `$n = 0; 1..1000000 | ForEach-Object { if ($_ % 2) { $n++ } }; $n`},
		{"method", `(@(1..1000000).Where{ $_ % 2 }).Count`},
	}
	s := licshtest.New(b)
	var loopTime time.Duration
	pipeTime := make([]time.Duration, len(pipelines))
	for b.Loop() {
		start := time.Now()
		runScript(b, s, loop, "500000")
		loopTime += time.Since(start)
		for i, p := range pipelines {
			start := time.Now()
			runScript(b, s, p.script, "500000")
			pipeTime[i] += time.Since(start)
		}
	}
	b.ReportMetric(loopTime.Seconds()/float64(b.N), "loop-s")
	for i, p := range pipelines {
		b.ReportMetric(pipeTime[i].Seconds()/loopTime.Seconds(), p.name+"/loop")
	}
}

// runScript runs a script in a session of its own and checks its output.
func runScript(b *testing.B, s *licshtest.Session, script, want string) {
	b.Helper()
	var out, errb bytes.Buffer
	r := s.Runner(&interp.Host{Stdout: &out, Stderr: &errb})
	code := r.RunString(context.Background(), "", script, nil)
	if code != 0 || strings.TrimSpace(out.String()) != want {
		b.Fatalf("%s: exit %d, stdout %q, stderr %q", script, code, out.String(), errb.String())
	}
}
