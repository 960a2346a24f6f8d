// Package ahead takes a sequence's items in a goroutine of its own, ahead
// of the code that uses them: reading and decoding a list, or preparing
// the rows an import writes, then runs on another core while the tenant
// works on the items before. It knows nothing of what the items are; a
// sequence that can fail carries its errors in its items.
package ahead

import "iter"

// Seq is a sequence being taken ahead. Its items travel in groups, and
// only so many groups wait to be used, so memory stays flat however long
// the sequence is.
type Seq[T any] struct {
	groups  chan []T
	quit    chan struct{}
	stopped chan struct{}
	group   []T // received and not yet used
}

// Take starts taking seq's items, size at a time, with at most waiting
// groups ahead of Next. From then on only its goroutine runs seq, until
// seq ends, or stop returns true for an item (which is still sent), or
// Stop is called.
func Take[T any](seq iter.Seq[T], size, waiting int, stop func(T) bool) *Seq[T] {
	s := &Seq[T]{groups: make(chan []T, waiting), quit: make(chan struct{}), stopped: make(chan struct{})}
	go func() {
		defer close(s.stopped)
		defer close(s.groups)
		group := make([]T, 0, size)
		send := func() bool {
			select {
			case s.groups <- group:
				group = make([]T, 0, size)
				return true
			case <-s.quit:
				return false
			}
		}
		for v := range seq {
			group = append(group, v)
			last := stop(v)
			if !last && len(group) < size {
				continue
			}
			if !send() || last {
				return
			}
		}
		if len(group) > 0 {
			send()
		}
	}()
	return s
}

// Next returns the next item, and false once the items have all been
// used or Stop was called.
func (s *Seq[T]) Next() (T, bool) {
	var zero T
	select {
	case <-s.quit:
		return zero, false
	default:
	}
	if len(s.group) == 0 {
		group, ok := <-s.groups
		if !ok {
			return zero, false
		}
		s.group = group
	}
	v := s.group[0]
	s.group[0] = zero
	s.group = s.group[1:]
	return v, true
}

// Stop ends the taking and waits until the goroutine has left seq, whose
// own cleanup (closing its file, say) has then run. It may be called more
// than once, and after the sequence has ended.
func (s *Seq[T]) Stop() {
	select {
	case <-s.quit:
	default:
		close(s.quit)
	}
	<-s.stopped
}
