package value

import (
	"bufio"
	"os"
	"strings"
)

// StringBuilder is a [System.Text.StringBuilder]: text built up with
// Append, AppendLine and AppendFormat, read with ToString().
type StringBuilder struct {
	s strings.Builder
}

// TypeNames gives the builder's .NET type.
func (b *StringBuilder) TypeNames() []string {
	return []string{"System.Text.StringBuilder", "System.Object"}
}

// Property exposes Length and Capacity.
func (b *StringBuilder) Property(name string) (any, bool) {
	switch strings.ToLower(name) {
	case "length":
		return stringLength(b.s.String()), true
	case "capacity":
		return max(16, b.s.Cap()), true
	case "maxcapacity":
		return 2147483647, true
	}
	return nil, false
}

// PropertyNames lists what a builder shows when output, as in pwsh.
func (b *StringBuilder) PropertyNames() []string {
	return []string{"Capacity", "MaxCapacity", "Length"}
}

func (b *StringBuilder) String() string { return b.s.String() }

func (b *StringBuilder) set(s string) {
	b.s.Reset()
	b.s.WriteString(s)
}

func stringBuilderMethod(b *StringBuilder, lname, name string, args []any) (any, bool, error) {
	switch lname {
	case "append":
		for _, a := range args {
			b.s.WriteString(ToString(a))
		}
		return b, true, nil
	case "appendline":
		if len(args) > 0 {
			b.s.WriteString(ToString(args[0]))
		}
		b.s.WriteString("\n")
		return b, true, nil
	case "appendformat":
		if len(args) < 1 {
			return nil, true, argCountError(name, len(args))
		}
		fargs := args[1:]
		if len(fargs) == 1 {
			if inner, ok := Enumerate(fargs[0]); ok {
				fargs = inner
			}
		}
		s, err := Format(ToString(args[0]), fargs)
		if err != nil {
			return nil, true, err
		}
		b.s.WriteString(s)
		return b, true, nil
	case "clear":
		b.s.Reset()
		return b, true, nil
	case "insert":
		if err := wantArgs(name, args, 2); err != nil {
			return nil, true, err
		}
		r, _, err := stringMethod(b.s.String(), "insert", name, args)
		if err != nil {
			return nil, true, err
		}
		b.set(ToString(r))
		return b, true, nil
	case "replace", "remove":
		r, _, err := stringMethod(b.s.String(), lname, name, args)
		if err != nil {
			return nil, true, err
		}
		b.set(ToString(r))
		return b, true, nil
	case "tostring":
		if len(args) == 0 {
			return b.s.String(), true, nil
		}
	}
	return nil, false, nil
}

// StreamWriter is a [System.IO.StreamWriter] on a file: Write and
// WriteLine add text, Flush and Close write it out.
type StreamWriter struct {
	f *os.File
	w *bufio.Writer
}

// TypeNames gives the writer's .NET type.
func (s *StreamWriter) TypeNames() []string {
	return []string{"System.IO.StreamWriter", "System.IO.TextWriter", "System.Object"}
}

func newStreamWriter(args []any) (*StreamWriter, error) {
	if len(args) < 1 || len(args) > 3 {
		return nil, argCountError("new", len(args))
	}
	path := ToString(args[0])
	flags := os.O_CREATE | os.O_WRONLY | os.O_TRUNC
	if len(args) > 1 && ToBool(args[1]) {
		flags = os.O_CREATE | os.O_WRONLY | os.O_APPEND
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if err != nil {
		reason := "Could not find a part of the path '" + path + "'."
		if os.IsPermission(err) {
			reason = "Access to the path '" + path + "' is denied."
		}
		return nil, methodError("DirectoryNotFoundException", ".ctor", args, reason)
	}
	return &StreamWriter{f: f, w: bufio.NewWriter(f)}, nil
}

func streamWriterMethod(s *StreamWriter, lname, name string, args []any) (any, bool, error) {
	writeErr := func(err error) error {
		if err != nil {
			return methodError("IOException", name, args, err.Error())
		}
		return nil
	}
	switch lname {
	case "write", "writeline":
		if s.f == nil {
			return nil, true, methodError("ObjectDisposedException", name, args, "Cannot write to a closed TextWriter.")
		}
		text := ""
		if len(args) > 0 {
			text = ToString(args[0])
		}
		if len(args) > 1 {
			f, err := Format(text, args[1:])
			if err != nil {
				return nil, true, err
			}
			text = f
		}
		if lname == "writeline" {
			text += "\n"
		}
		_, err := s.w.WriteString(text)
		return nil, true, writeErr(err)
	case "flush":
		if s.f == nil {
			return nil, true, nil
		}
		return nil, true, writeErr(s.w.Flush())
	case "close", "dispose":
		if s.f == nil {
			return nil, true, nil
		}
		err := s.w.Flush()
		if cerr := s.f.Close(); err == nil {
			err = cerr
		}
		s.f = nil
		return nil, true, writeErr(err)
	}
	return nil, false, nil
}
