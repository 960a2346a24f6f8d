package tenant

import (
	"fmt"
	"iter"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkRunBatch removes E3 from every user of a fresh 100,000-user
// tenant per iteration, as `Invoke-LicenseBatch -RemoveLicenses SPE_E3` does
// after reading its list.
func BenchmarkRunBatch(b *testing.B) {
	const n = 100_000
	ids := func(yield func(BulkRow, error) bool) {
		for i := 0; i < n; i++ {
			if !yield(BulkRow{Number: i + 2, Identity: fmt.Sprintf("user%06d@contoso.com", i), Remove: []string{"SPE_E3"}}, nil) {
				return
			}
		}
	}
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "tenant.db")
		if err := buildBigTenant(path, n); err != nil {
			b.Fatal(err)
		}
		s, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		sum, err := s.RunBatch(ctx, iter.Seq2[BulkRow, error](ids), BulkOptions{})
		if err != nil || sum.Changed != n*4/5 {
			b.Fatal(sum, err)
		}
		s.Close()
	}
}

// BenchmarkUndoBatch undoes, per iteration, the batch that removed E3 from
// every user of a fresh 100,000-user tenant, and reports the undo's time
// against the batch's, both measured in the same iteration (the budget:
// within 2x).
func BenchmarkUndoBatch(b *testing.B) {
	const n = 100_000
	ids := func(yield func(BulkRow, error) bool) {
		for i := 0; i < n; i++ {
			if !yield(BulkRow{Number: i + 2, Identity: fmt.Sprintf("user%06d@contoso.com", i), Remove: []string{"SPE_E3"}}, nil) {
				return
			}
		}
	}
	var batchTime, undoTime time.Duration
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "tenant.db")
		if err := buildBigTenant(path, n); err != nil {
			b.Fatal(err)
		}
		s, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		sum, err := s.RunBatch(ctx, iter.Seq2[BulkRow, error](ids), BulkOptions{})
		if err != nil || sum.Changed != n*4/5 {
			b.Fatal(sum, err)
		}
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
