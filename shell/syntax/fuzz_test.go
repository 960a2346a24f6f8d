package syntax

import (
	"errors"
	"testing"
)

// FuzzParse checks that any input yields either a tree or an *Error, and
// never a panic.
func FuzzParse(f *testing.F) {
	for _, tt := range parseTests {
		f.Add(tt.src)
	}
	for _, tt := range errorTests {
		f.Add(tt.src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		file, err := Parse("fuzz.ps1", src)
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) returned %T, want *Error", src, err)
			}
			if file != nil {
				t.Fatalf("Parse(%q) returned both a tree and an error", src)
			}
			if pe.Span.Start.Offset > len(src) || pe.Span.End.Offset < pe.Span.Start.Offset {
				t.Fatalf("Parse(%q) error span %+v out of range", src, pe.Span)
			}
			return
		}
		if file == nil || file.Body == nil {
			t.Fatalf("Parse(%q) returned no tree and no error", src)
		}
	})
}

// FuzzLexModes feeds the same text to the lexer in each of its modes: as a
// command's arguments, as an expression, inside a double-quoted string and
// inside a here-string. Any input must give a tree or an *Error, and every
// node's span must lie within the source.
func FuzzLexModes(f *testing.F) {
	for _, tt := range parseTests {
		f.Add(tt.src)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, src := range []string{
			"Write-Output " + text,
			"$x = " + text,
			"\"" + text + "\"",
			"@\"\n" + text + "\n\"@",
		} {
			file, err := Parse("", src)
			if err != nil {
				var pe *Error
				if !errors.As(err, &pe) {
					t.Fatalf("Parse(%q) returned %T, want *Error", src, err)
				}
				continue
			}
			if s := file.Body.Extent(); s.Start.Offset < 0 || s.End.Offset > len(src) {
				t.Fatalf("Parse(%q) body span %+v outside the source", src, s)
			}
		}
	})
}
