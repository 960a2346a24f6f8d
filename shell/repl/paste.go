package repl

import (
	"bytes"
	"io"
	"sync"
)

// pasteMark stands in the editor's input for one piece of pasted text: the
// editor replaces it with the text in one step. Typing the text into the
// editor key by key would run completion on its tabs and redraw the line
// once per character, which takes minutes for a long pasted line.
const pasteMark = '\uE000'

// Bracketed paste: the terminal wraps what the user pastes in these.
const (
	pasteOn    = "\x1b[?2004h"
	pasteOff   = "\x1b[?2004l"
	pasteStart = "\x1b[200~"
	pasteEnd   = "\x1b[201~"
)

// maxPastePiece bounds the text one mark carries, so a paste without line
// ends does not pile up in memory before the editor sees any of it.
const maxPastePiece = 1 << 20

// pasteFilter sits between the terminal and the line editor. It takes the
// text of a bracketed paste out of the key stream and hands it over
// through pasteMark, one piece per line, with a carriage return between
// lines so that each pasted line is entered. Terminals that do not bracket
// pastes are caught by a heuristic: one read with a tab or line end in the
// middle of it is pasted, since a person's keys arrive one at a time. It
// also turns the CRLF of a pasted Windows script into one line end.
type pasteFilter struct {
	src io.Reader
	// reading has the result of the read of src under way, if one is;
	// closed ends a Read that waits for it (Close).
	reading   chan sourceRead
	closed    chan struct{}
	closeOnce sync.Once

	mu     sync.Mutex
	pieces []string // pasted text waiting for its mark to reach the editor

	out     []byte // filtered bytes not yet read
	carry   []byte // a possible start of a bracket marker cut by a read
	inPaste bool
	piece   bytes.Buffer // the pasted line being gathered
	lastCR  bool         // the last pasted byte was a carriage return
	buf     []byte
}

func newPasteFilter(src io.Reader) *pasteFilter {
	return &pasteFilter{src: src, buf: make([]byte, 64<<10), closed: make(chan struct{})}
}

// Read gives the line editor its input.
func (f *pasteFilter) Read(p []byte) (int, error) {
	for len(f.out) == 0 {
		n, err := f.source()
		f.filter(f.buf[:n])
		if err != nil {
			f.flushPiece()
			f.out = append(f.out, f.carry...)
			f.carry = nil
			if len(f.out) == 0 {
				return 0, err
			}
			break
		}
	}
	n := copy(p, f.out)
	f.out = f.out[n:]
	return n, nil
}

// sourceRead is what one read of the terminal gave.
type sourceRead struct {
	n   int
	err error
}

// source reads the terminal into buf. The read runs in a goroutine of its
// own, so that Close can end a Read waiting for a key: the line editor's
// Close waits for its reader, and a terminal read ends only with a key, so
// a shell closing its editor with a read under way (a Ctrl-D right after
// keys typed between two prompts) waited until the user pressed another.
func (f *pasteFilter) source() (int, error) {
	if f.reading == nil {
		done := make(chan sourceRead, 1)
		f.reading = done
		go func() {
			n, err := f.src.Read(f.buf)
			done <- sourceRead{n, err}
		}()
	}
	select {
	case r := <-f.reading:
		f.reading = nil
		return r.n, r.err
	case <-f.closed:
		return 0, io.EOF
	}
}

// Close ends a Read that waits for the terminal, and any later one, as the
// end of the input; the terminal itself stays open.
func (f *pasteFilter) Close() error {
	f.closeOnce.Do(func() { close(f.closed) })
	return nil
}

// nextPiece returns the pasted text of the next mark.
func (f *pasteFilter) nextPiece() (string, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.pieces) == 0 {
		return "", false
	}
	s := f.pieces[0]
	f.pieces = f.pieces[1:]
	return s, true
}

func (f *pasteFilter) filter(chunk []byte) {
	data := append(f.carry, chunk...)
	f.carry = nil
	// A tab that ends a pasted-looking read is still a key press: text
	// typed while the shell was busy arrives together with the Tab.
	pastedEnd := -1
	if !f.inPaste && looksPasted(data) {
		pastedEnd = len(data)
		if data[len(data)-1] == '\t' {
			pastedEnd--
		}
	}
	for i := 0; i < len(data); i++ {
		c := data[i]
		if c == 0x1b {
			rest := data[i:]
			switch {
			case bytes.HasPrefix(rest, []byte(pasteStart)):
				f.inPaste = true
				i += len(pasteStart) - 1
				continue
			case bytes.HasPrefix(rest, []byte(pasteEnd)):
				f.flushPiece()
				f.inPaste = false
				i += len(pasteEnd) - 1
				continue
			case len(rest) < len(pasteStart) && (bytes.HasPrefix([]byte(pasteStart), rest) || bytes.HasPrefix([]byte(pasteEnd), rest)):
				f.carry = append([]byte(nil), rest...)
				return
			}
		}
		if f.inPaste || i < pastedEnd {
			f.pasteByte(c)
			continue
		}
		if i == pastedEnd {
			f.flushPiece()
		}
		if c == '\n' && f.lastCR {
			f.lastCR = false
			continue
		}
		f.lastCR = false
		f.out = append(f.out, c)
	}
	if pastedEnd == len(data) {
		f.flushPiece()
	}
}

// looksPasted reports whether one read holds pasted text rather than keys:
// no escape sequence or other control key, and a tab or line end with more
// after it, or more text than anyone types between two reads.
func looksPasted(data []byte) bool {
	if len(data) < 2 {
		return false
	}
	for _, c := range data {
		if c < 0x20 && c != '\t' && c != '\r' && c != '\n' || c == 0x7f {
			return false
		}
	}
	return len(data) >= 64 || bytes.ContainsAny(data[:len(data)-1], "\t\r\n")
}

func (f *pasteFilter) pasteByte(c byte) {
	switch c {
	case '\n':
		if f.lastCR {
			f.lastCR = false
			return
		}
		f.endLine()
	case '\r':
		f.endLine()
		f.lastCR = true
		return
	default:
		f.piece.WriteByte(c)
		if f.piece.Len() >= maxPastePiece {
			f.flushPiece()
		}
	}
	f.lastCR = false
}

func (f *pasteFilter) endLine() {
	f.flushPiece()
	f.out = append(f.out, '\r')
}

// flushPiece hands the gathered text to the editor behind a mark.
func (f *pasteFilter) flushPiece() {
	if f.piece.Len() == 0 {
		return
	}
	f.mu.Lock()
	f.pieces = append(f.pieces, f.piece.String())
	f.mu.Unlock()
	f.piece.Reset()
	f.out = append(f.out, string(pasteMark)...)
}
