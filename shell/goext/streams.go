package goext

import (
	"io"
	"regexp"
	"sync"
)

// streams are the interpreter's standard streams. yaegi fixes them when
// the interpreter is made, so they forward to the host of the session
// being served at the moment.
type streams struct {
	mu  sync.Mutex
	in  io.Reader
	out io.Writer
	err io.Writer
	// panics holds the positions yaegi logged for panics, innermost first
	// per call; see panicPos.
	panics []string
}

func (s *streams) set(in io.Reader, out, err io.Writer) (restore func()) {
	s.mu.Lock()
	pin, pout, perr := s.in, s.out, s.err
	s.in, s.out, s.err = in, out, err
	s.mu.Unlock()
	return func() {
		s.mu.Lock()
		s.in, s.out, s.err = pin, pout, perr
		s.mu.Unlock()
	}
}

type (
	stdinOf  struct{ s *streams }
	stdoutOf struct{ s *streams }
	stderrOf struct{ s *streams }
)

func (r stdinOf) Read(p []byte) (int, error) {
	r.s.mu.Lock()
	in := r.s.in
	r.s.mu.Unlock()
	if in == nil {
		return 0, io.EOF
	}
	return in.Read(p)
}

func (w stdoutOf) Write(p []byte) (int, error) {
	w.s.mu.Lock()
	out := w.s.out
	w.s.mu.Unlock()
	if out == nil {
		return len(p), nil
	}
	return out.Write(p)
}

// panicLine is how yaegi logs the position of a panic in interpreted code
// ("file:line:col: panic: f(...)") as it unwinds each interpreted frame.
var panicLine = regexp.MustCompile(`^(.+:\d+:\d+): panic`)

// Write keeps the positions of panics, which licsh reports in the error
// instead, and passes anything else the code writes to the host.
func (w stderrOf) Write(p []byte) (int, error) {
	w.s.mu.Lock()
	if m := panicLine.FindSubmatch(p); m != nil {
		w.s.panics = append(w.s.panics, string(m[1]))
		w.s.mu.Unlock()
		return len(p), nil
	}
	errw := w.s.err
	w.s.mu.Unlock()
	if errw == nil {
		return len(p), nil
	}
	return errw.Write(p)
}

// mark returns where the panic positions of a call begin.
func (s *streams) mark() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.panics)
}

// panicPos returns the innermost panic position logged since mark, or "",
// and forgets those after mark.
func (s *streams) panicPos(mark int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	pos := ""
	if len(s.panics) > mark {
		pos = s.panics[mark]
	}
	s.panics = s.panics[:mark]
	return pos
}
