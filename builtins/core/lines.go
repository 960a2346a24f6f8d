package core

import "strings"

// lineWriter is an io.Writer that hands each complete line of the text
// written to it, without its newline, to emit. Flush hands on a last line
// that has no newline.
type lineWriter struct {
	emit func(line string) error
	buf  strings.Builder
	err  error
}

func (w *lineWriter) Write(p []byte) (int, error) {
	if w.err != nil {
		return 0, w.err
	}
	w.buf.Write(p)
	text := w.buf.String()
	last := strings.LastIndexByte(text, '\n')
	if last < 0 {
		return len(p), nil
	}
	w.buf.Reset()
	w.buf.WriteString(text[last+1:])
	for _, line := range strings.Split(text[:last], "\n") {
		if err := w.emit(strings.TrimSuffix(line, "\r")); err != nil {
			w.err = err
			return 0, err
		}
	}
	return len(p), nil
}

// Flush emits what is left after the last newline.
func (w *lineWriter) Flush() error {
	if w.err != nil || w.buf.Len() == 0 {
		return w.err
	}
	line := w.buf.String()
	w.buf.Reset()
	return w.emit(line)
}
