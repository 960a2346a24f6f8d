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
