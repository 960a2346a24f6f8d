package repl

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"
)

// chunks is a terminal that delivers its input in the given reads.
type chunks []string

func (c *chunks) Read(p []byte) (int, error) {
	if len(*c) == 0 {
		return 0, io.EOF
	}
	n := copy(p, (*c)[0])
	(*c)[0] = (*c)[0][n:]
	if (*c)[0] == "" {
		*c = (*c)[1:]
	}
	return n, nil
}

func TestPasteFilter(t *testing.T) {
	t.Parallel()
	const m = string(pasteMark)
	tests := []struct {
		name   string
		reads  []string
		keys   string   // what the editor reads
		pieces []string // the text behind the marks
	}{
		{"typed keys pass", []string{"G", "e", "t", "\t", "\r"}, "Get\t\r", nil},
		{"escape keys pass", []string{"\x1b[A", "\x1b[B\x1b[A"}, "\x1b[A\x1b[B\x1b[A", nil},
		{"Ctrl-C and text", []string{"\x03Get-Date -DisplayHint Ti and some more text to pass sixty four\t"}, "\x03Get-Date -DisplayHint Ti and some more text to pass sixty four\t", nil},
		{"bracketed paste", []string{"\x1b[200~a\tb\x1b[201~"}, m, []string{"a\tb"}},
		{"bracketed lines", []string{"\x1b[200~one\r\ntwo\r\n\x1b[201~"}, m + "\r" + m + "\r", []string{"one", "two"}},
		{"bracketed LF lines", []string{"\x1b[200~one\ntwo\x1b[201~"}, m + "\r" + m, []string{"one", "two"}},
		{"blank pasted line", []string{"\x1b[200~a\r\n\r\nb\x1b[201~"}, m + "\r\r" + m, []string{"a", "b"}},
		{"marker split over reads", []string{"\x1b[20", "0~x\x1b", "[201~", "\r"}, m + "\r", []string{"x"}},
		{"paste over reads", []string{"\x1b[200~ab", "cd\r", "\nef\x1b[201~"}, m + "\r" + m, []string{"abcd", "ef"}},
		{"unbracketed paste with tabs", []string{"if (1) {\r\n\t'x'\r\n}\r\n"}, m + "\r" + m + "\r" + m + "\r", []string{"if (1) {", "\t'x'", "}"}},
		{"typed text then Tab in one read", []string{"ab\t"}, "ab\t", nil},
		{"long read then Tab", []string{strings.Repeat("x", 70) + "\t"}, m + "\t", []string{strings.Repeat("x", 70)}},
		{"CRLF typed", []string{"a", "\r\n"}, "a\r", nil},
		{"CR then LF in the next read", []string{"x\r\ny\r", "\n"}, m + "\r" + m + "\r", []string{"x", "y"}},
		{"lone escape at the end", []string{"a\x1b"}, "a\x1b", nil},
		{"invalid UTF-8 pasted", []string{"\x1b[200~\xff\xfe\x1b[201~"}, m, []string{"\xff\xfe"}},
		{"unfinished paste at end of input", []string{"\x1b[200~abc"}, m, []string{"abc"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := chunks(append([]string(nil), tt.reads...))
			f := newPasteFilter(&src)
			got, err := io.ReadAll(f)
			if err != nil && !errors.Is(err, io.EOF) {
				t.Fatal(err)
			}
			if string(got) != tt.keys {
				t.Errorf("keys = %q, want %q", got, tt.keys)
			}
			var pieces []string
			for {
				p, ok := f.nextPiece()
				if !ok {
					break
				}
				pieces = append(pieces, p)
			}
			if !reflect.DeepEqual(pieces, tt.pieces) {
				t.Errorf("pieces = %q, want %q", pieces, tt.pieces)
			}
		})
	}
}

func TestPasteFilterLargePaste(t *testing.T) {
	t.Parallel()
	line := strings.Repeat("a", 3<<20)
	src := chunks{pasteStart, line, pasteEnd}
	f := newPasteFilter(&src)
	got, _ := io.ReadAll(f)
	if want := strings.Repeat(string(pasteMark), 3); string(got) != want {
		t.Errorf("keys = %q, want three marks", got)
	}
	var total int
	for {
		p, ok := f.nextPiece()
		if !ok {
			break
		}
		if len(p) > maxPastePiece {
			t.Errorf("a piece of %d bytes", len(p))
		}
		total += len(p)
	}
	if total != len(line) {
		t.Errorf("pasted %d bytes, want %d", total, len(line))
	}
}

func TestEditorEdits(t *testing.T) {
	t.Parallel()
	const m = pasteMark
	tests := []struct {
		name    string
		line    string
		pos     int
		key     rune
		pending *edit
		piece   string
		want    string
		wantPos int
		changed bool
	}{
		{"paste replaces its mark", "ab" + string(m), 3, m, nil, "x\ty", "abx\ty", 5, true},
		{"paste in the middle", "a" + string(m) + "b", 2, m, nil, "XY", "aXYb", 3, true},
		{"Tab makes the completion", "get-us", 6, '\t', &edit{0, 6, []rune("Get-User")}, "", "Get-User", 8, true},
		{"Tab keeps what follows", "get-us | x", 6, '\t', &edit{0, 6, []rune("Get-User")}, "", "Get-User | x", 8, true},
		{"other keys drop the completion", "get-us", 6, 'x', &edit{0, 6, []rune("Get-User")}, "", "", 0, false},
		{"stale completion", "g", 1, '\t', &edit{0, 6, []rune("Get-User")}, "", "", 0, false},
		{"mark not in the line", "abc", 3, m, nil, "x", "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &editor{in: newPasteFilter(&chunks{}), pending: tt.pending}
			if tt.piece != "" {
				e.in.pieces = []string{tt.piece}
			}
			got, pos, changed := e.OnChange([]rune(tt.line), tt.pos, tt.key)
			if changed != tt.changed || changed && (string(got) != tt.want || pos != tt.wantPos) {
				t.Errorf("OnChange = %q, %d, %v; want %q, %d, %v", string(got), pos, changed, tt.want, tt.wantPos, tt.changed)
			}
			if e.pending != nil {
				t.Error("the completion is still pending after a key")
			}
		})
	}
}

func TestEditorDo(t *testing.T) {
	t.Parallel()
	c := NewCompleter(testRunner(t, t.TempDir()), demoTenant.values)
	tests := []struct {
		line    string
		pending string   // the line after Tab makes the edit
		list    []string // the candidates listed instead
	}{
		{"get-userl", "Get-UserLicense", nil},
		{"Get-Us", "", []string{"age", "er", "erLicense"}},
		{"Set-UserLicense -Rem", "Set-UserLicense -Remove", nil},
		{"Set-UserLicense -AddLicenses spe_e", "", []string{"3", "5"}},
		{"Set-UserLicense -RemoveLicenses mic", "Set-UserLicense -RemoveLicenses 'Microsoft 365 E", nil},
		{"Nothing-", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			e := &editor{comp: c, completing: true}
			line := []rune(tt.line)
			list, _ := e.Do(line, len(line))
			var got []string
			for _, l := range list {
				got = append(got, string(l))
			}
			if !reflect.DeepEqual(got, tt.list) {
				t.Errorf("listed %q, want %q", got, tt.list)
			}
			after := ""
			if e.pending != nil {
				out, _, _ := splice(line, e.pending.start, e.pending.end, e.pending.text)
				after = string(out)
			}
			if after != tt.pending {
				t.Errorf("after Tab %q, want %q", after, tt.pending)
			}
		})
	}
}

// TestPasteFilterClose checks that Close ends a Read waiting for a key
// that never comes, as the end of the input, so that the editor's Close,
// which waits for its reader, does not wait for the user.
func TestPasteFilterClose(t *testing.T) {
	t.Parallel()
	keys, typing := io.Pipe()
	defer typing.Close()
	f := newPasteFilter(keys)
	got := make(chan error, 1)
	go func() {
		_, err := f.Read(make([]byte, 16))
		got <- err
	}()
	select {
	case err := <-got:
		t.Fatalf("Read returned %v before any key or Close", err)
	case <-time.After(50 * time.Millisecond):
	}
	f.Close()
	select {
	case err := <-got:
		if !errors.Is(err, io.EOF) {
			t.Fatalf("Read after Close: %v, want io.EOF", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Read still waits for a key after Close")
	}
	if _, err := f.Read(make([]byte, 16)); !errors.Is(err, io.EOF) {
		t.Fatalf("a later Read: %v, want io.EOF", err)
	}
}
