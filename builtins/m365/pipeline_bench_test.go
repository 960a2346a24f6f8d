package m365_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"licsh/builtins/licshtest"
	"licsh/builtins/tenant"
	"licsh/shell/interp"
)

// BenchmarkUserPipeline runs, in each iteration, the budget's filter of a
// 100,000-user tenant in the pipeline and the same selection asked of
// Get-User, one after the other, and reports how many times the second's
// time the pipeline takes (the budget is 2). Each script runs in a session
// of its own, as a licsh run would, on the same tenant file.
func BenchmarkUserPipeline(b *testing.B) {
	s := licshtest.New(b)
	s.Tenant = filepath.Join(b.TempDir(), "tenant.db")
	if err := tenant.BuildSample(context.Background(), s.Tenant, 100_000); err != nil {
		b.Fatal(err)
	}
	jobs := []struct{ name, script string }{
		{"department", `(Get-User -Department Sales -All | Measure-Object).Count`},
		{"where", `(Get-User -All | Where-Object { $_.Department -eq 'Sales' } | Measure-Object).Count`},
	}
	took := make([]time.Duration, len(jobs))
	for b.Loop() {
		for i, job := range jobs {
			start := time.Now()
			var out, errb bytes.Buffer
			r := s.Runner(&interp.Host{Stdout: &out, Stderr: &errb})
			if code := r.RunString(context.Background(), "", job.script, nil); code != 0 || strings.TrimSpace(out.String()) != "10000" {
				b.Fatalf("%s: exit %d, stdout %q, stderr %q", job.script, code, out.String(), errb.String())
			}
			took[i] += time.Since(start)
		}
	}
	for i, job := range jobs {
		b.ReportMetric(took[i].Seconds()/float64(b.N), job.name+"-s")
	}
	b.ReportMetric(took[1].Seconds()/took[0].Seconds(), "where/department")
}
