package ahead

import (
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
)

// count is 0, 1, ... n-1, and says when its cleanup has run.
func count(n int, left *atomic.Bool) func(func(int) bool) {
	return func(yield func(int) bool) {
		defer left.Store(true)
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}

// TestTakeInOrder: every item comes, in order, whatever the group size,
// and then the end, again and again.
func TestTakeInOrder(t *testing.T) {
	for _, n := range []int{0, 1, 5, 6, 7, 100} {
		var left atomic.Bool
		s := Take(count(n, &left), 3, 2, func(int) bool { return false })
		var got []int
		for {
			v, ok := s.Next()
			if !ok {
				break
			}
			got = append(got, v)
		}
		want := make([]int, n)
		for i := range want {
			want[i] = i
		}
		if !slices.Equal(got, want) {
			t.Errorf("%d items: got %v", n, got)
		}
		if _, ok := s.Next(); ok {
			t.Errorf("%d items: an item after the end", n)
		}
		s.Stop()
		if !left.Load() {
			t.Errorf("%d items: the sequence was not left", n)
		}
	}
}

// TestTakeStopsAtLast: the item stop picks is the last one sent, and the
// sequence is left there, though it goes on.
func TestTakeStopsAtLast(t *testing.T) {
	var left atomic.Bool
	s := Take(count(1000, &left), 4, 2, func(v int) bool { return v == 9 })
	var got []int
	for v, ok := s.Next(); ok; v, ok = s.Next() {
		got = append(got, v)
	}
	if len(got) != 10 || got[9] != 9 {
		t.Fatalf("got %v", got)
	}
	s.Stop()
	if !left.Load() {
		t.Error("the sequence was not left")
	}
}

// TestStopWaits: Stop returns once the goroutine has left the sequence
// (its cleanup has run), however far ahead it was, and Next then ends.
func TestStopWaits(t *testing.T) {
	for range 20 {
		var left atomic.Bool
		s := Take(count(1_000_000, &left), 8, 2, func(int) bool { return false })
		if v, ok := s.Next(); !ok || v != 0 {
			t.Fatalf("first item %d %v", v, ok)
		}
		runtime.Gosched()
		s.Stop()
		if !left.Load() {
			t.Fatal("Stop returned while the sequence was still being taken")
		}
		if _, ok := s.Next(); ok {
			t.Fatal("an item after Stop")
		}
		s.Stop()
	}
}

// TestTakeStaysAhead: the goroutine takes no more than the groups that
// may wait, and the one it is filling, beyond what Next used.
func TestTakeStaysAhead(t *testing.T) {
	var taken atomic.Int64
	seq := func(yield func(int) bool) {
		for i := 0; ; i++ {
			taken.Add(1)
			if !yield(i) {
				return
			}
		}
	}
	s := Take(seq, 10, 3, func(int) bool { return false })
	defer s.Stop()
	s.Next()
	for range 100 {
		runtime.Gosched()
	}
	// One group used, three waiting, one being filled (and the item
	// that fills it past its size).
	if n := taken.Load(); n > 10*5+1 {
		t.Errorf("%d items taken with one used", n)
	}
}
