package core_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"licsh/builtins/licshtest"
	"licsh/shell/interp"
)

// BenchmarkWhereMeasure measures pipeline throughput on the language issue's
// yardstick: a million integers through a script-block filter and a count.
func BenchmarkWhereMeasure(b *testing.B) {
	const n = 1000000
	s := licshtest.New(b)
	for b.Loop() {
		var out, errb bytes.Buffer
		r := s.Runner(&interp.Host{Stdout: &out, Stderr: &errb})
		code := r.RunString(context.Background(), "", `(1..1000000 | Where-Object { $_ % 2 } | Measure-Object).Count`, nil)
		if code != 0 || strings.TrimSpace(out.String()) != "500000" {
			b.Fatalf("exit %d, stdout %q, stderr %q", code, out.String(), errb.String())
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "items/s")
}
