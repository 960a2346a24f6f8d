package interp

import (
	"errors"
	"io"
	"strings"
	"sync"
	"time"
)

// Host is what the interpreter is given of the outside world: the three
// streams, whether a person is there to answer prompts, the terminal width
// and the clock. Tests pass buffers; the command line passes the process's
// streams.
type Host struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Interactive is set when a person can answer prompts (the REPL).
	// Without it a prompt is an error, as with pwsh -NonInteractive.
	Interactive bool
	// Width is the console width the formatter fits tables to.
	Width int
	// Prompt asks the user for a line; secret hides what is typed. Nil
	// means prompts read a line from Stdin.
	Prompt func(prompt string, secret bool) (string, error)
	// Now is the clock Get-Date reads; nil means time.Now.
	Now func() time.Time
	// Color allows ANSI colours in error output.
	Color bool
	// Dir is the folder the session starts in; "" means the process's.
	// The runner keeps the current folder from then on (Runner.Location).
	Dir string

	mu sync.Mutex
	// echo receives a copy of everything written, for Start-Transcript.
	echo io.Writer
}

// ErrNonInteractive is returned by prompts in a non-interactive session.
var ErrNonInteractive = errors.New("prompting is not possible in a non-interactive session")

func (h *Host) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

func (h *Host) width() int {
	if h.Width > 0 {
		return h.Width
	}
	return 120
}

// writeOut writes text and a newline to standard output.
func (h *Host) writeOut(text string) {
	h.write(h.Stdout, text)
}

// writeErr writes text and a newline to standard error.
func (h *Host) writeErr(text string) {
	h.write(h.Stderr, text)
}

func (h *Host) write(w io.Writer, text string) {
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if w != nil {
		io.WriteString(w, text)
	}
	if h.echo != nil {
		io.WriteString(h.echo, text)
	}
}

// SetTranscript starts (w non-nil) or stops (nil) copying everything the
// session shows to w.
func (h *Host) SetTranscript(w io.Writer) {
	h.mu.Lock()
	h.echo = w
	h.mu.Unlock()
}

// ReadLine asks the user for a line of input. In a non-interactive session
// it fails with ErrNonInteractive.
func (h *Host) ReadLine(prompt string, secret bool) (string, error) {
	if !h.Interactive {
		return "", ErrNonInteractive
	}
	if h.Prompt != nil {
		return h.Prompt(prompt, secret)
	}
	h.mu.Lock()
	if h.Stdout != nil {
		io.WriteString(h.Stdout, prompt)
	}
	h.mu.Unlock()
	return readLine(h.Stdin)
}

// readLine reads one line byte by byte, so nothing after it is consumed
// from a stream that a script may read further.
func readLine(r io.Reader) (string, error) {
	if r == nil {
		return "", io.EOF
	}
	var sb strings.Builder
	buf := make([]byte, 1)
	for {
		n, err := r.Read(buf)
		if n == 1 {
			if buf[0] == '\n' {
				return strings.TrimSuffix(sb.String(), "\r"), nil
			}
			sb.WriteByte(buf[0])
		}
		if err != nil {
			if sb.Len() > 0 {
				return sb.String(), nil
			}
			return "", err
		}
	}
}
