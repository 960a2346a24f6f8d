package tenant

import (
	"fmt"
	"iter"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// bigBatch is the size of the benchmarks' batch: every user of a fresh
// 100,000-user tenant.
const bigBatch = 100_000

// bigBatchRows removes E3 from every user of the tenant, as
// `Invoke-LicenseBatch -RemoveLicenses SPE_E3` does after reading its list.
var bigBatchRows = iter.Seq2[BulkRow, error](func(yield func(BulkRow, error) bool) {
	for i := 0; i < bigBatch; i++ {
		if !yield(BulkRow{Number: i + 2, Identity: fmt.Sprintf("user%06d@contoso.com", i), Remove: []string{"SPE_E3"}}, nil) {
			return
		}
	}
})

// freshBigTenant opens a new 100,000-user tenant, with the timer stopped.
func freshBigTenant(b *testing.B) *Store {
	b.StopTimer()
	defer b.StartTimer()
	path := filepath.Join(b.TempDir(), "tenant.db")
	if err := buildBigTenant(path, bigBatch); err != nil {
		b.Fatal(err)
	}
	s, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// runBigBatch runs the benchmarks' batch on s.
func runBigBatch(b *testing.B, s *Store) BulkSummary {
	sum, err := s.RunBatch(ctx, bigBatchRows, BulkOptions{})
	if err != nil || sum.Changed != bigBatch*4/5 {
		b.Fatal(sum, err)
	}
	return sum
}

// BenchmarkRunBatch removes E3 from every user of a fresh 100,000-user
// tenant per iteration.
func BenchmarkRunBatch(b *testing.B) {
	for b.Loop() {
		s := freshBigTenant(b)
		runBigBatch(b, s)
		s.Close()
	}
}

// BenchmarkRunBatchStatements runs the batch of BenchmarkRunBatch and
// logs where its time goes: the longest statements' time per batch, and
// the rest (the other statements, commits, the tenant's own reads and
// writes, Go). A benchmark logs ten lines at most.
func BenchmarkRunBatchStatements(b *testing.B) {
	took := map[string]time.Duration{}
	traceStatement = func(query string, d time.Duration) { took[strings.Join(strings.Fields(query), " ")] += d }
	defer func() { traceStatement = nil }()
	var total time.Duration
	n := 0
	for b.Loop() {
		s := freshBigTenant(b)
		total += runBigBatch(b, s).Duration
		n++
		s.Close()
	}
	queries := make([]string, 0, len(took))
	for q := range took {
		queries = append(queries, q)
	}
	slices.SortFunc(queries, func(x, y string) int { return int(took[y] - took[x]) })
	ms := func(d time.Duration) float64 { return float64(d) / float64(n) / float64(time.Millisecond) }
	b.Logf("%8.1f ms  the batch", ms(total))
	rest := total
	for _, q := range queries[:min(8, len(queries))] {
		rest -= took[q]
		b.Logf("%8.1f ms  %.90s", ms(took[q]), q)
	}
	b.Logf("%8.1f ms  the rest", ms(rest))
}

// BenchmarkUndoBatch undoes, per iteration, the batch that removed E3 from
// every user of a fresh 100,000-user tenant, and reports the undo's time
// against the batch's, both measured in the same iteration (the budget:
// within 1.5x).
func BenchmarkUndoBatch(b *testing.B) {
	var batchTime, undoTime time.Duration
	for b.Loop() {
		s := freshBigTenant(b)
		b.StopTimer()
		sum := runBigBatch(b, s)
		batchTime += sum.Duration
		b.StartTimer()
		undo, err := s.UndoBatch(ctx, sum.BatchID, UndoOptions{})
		if err != nil || undo.Changed != sum.Changed {
			b.Fatal(undo, err)
		}
		undoTime += undo.Duration
		s.Close()
	}
	b.ReportMetric(batchTime.Seconds()/float64(b.N), "batch-s")
	b.ReportMetric(undoTime.Seconds()/float64(b.N), "undo-s")
	b.ReportMetric(undoTime.Seconds()/batchTime.Seconds(), "undo/batch")
}
