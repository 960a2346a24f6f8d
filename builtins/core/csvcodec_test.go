package core

import (
	"bufio"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
)

func TestCSVReader(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in    string
		delim rune
		want  [][]string
	}{
		{"a,b,c\n1,2,3\n", ',', [][]string{{"a", "b", "c"}, {"1", "2", "3"}}},
		{"a,b\r\n1,2\r\n", ',', [][]string{{"a", "b"}, {"1", "2"}}},
		{"a,b\r1,2", ',', [][]string{{"a", "b"}, {"1", "2"}}},
		{`"a","b"` + "\n" + `"x,y","say ""hi"""`, ',', [][]string{{"a", "b"}, {"x,y", `say "hi"`}}},
		{"\"multi\nline\",2\n", ',', [][]string{{"multi\nline", "2"}}},
		{"a;b\n1;2", ';', [][]string{{"a", "b"}, {"1", "2"}}},
		{"a\tb\n1\t2", '\t', [][]string{{"a", "b"}, {"1", "2"}}},
		{"a,,c\n", ',', [][]string{{"a", "", "c"}}},
		{"a,b,\n", ',', [][]string{{"a", "b", ""}}},
		{`ab"c,d`, ',', [][]string{{`ab"c`, "d"}}},
		{`"ab"cd,e`, ',', [][]string{{"abcd", "e"}}},
		{`"",x`, ',', [][]string{{"", "x"}}},
		{"a\n\nb\n", ',', [][]string{{"a"}, {}, {"b"}}},
		{"", ',', nil},
		{`"open`, ',', [][]string{{"open"}}},
		{"ü,日本\n", ',', [][]string{{"ü", "日本"}}},
	} {
		cr := NewCSVReader(strings.NewReader(tc.in), tc.delim)
		var got [][]string
		for {
			rec, err := cr.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%q: %v", tc.in, err)
			}
			got = append(got, rec)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: got %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestCSVReaderUnclosed checks that the reader tells a record its input
// ended inside a quote, the mark of a missing closing quote.
func TestCSVReaderUnclosed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want []bool // Unclosed after each record
	}{
		{"a,b\n1,2\n", []bool{false, false}},
		{"a\n\"open,x\nmore\n", []bool{false, true}},
		{"a\n\"closed\nlater\",x\nb\n", []bool{false, false, false}},
		{"\"\"", []bool{false}},
	} {
		cr := NewCSVReader(strings.NewReader(tc.in), ',')
		var got []bool
		for {
			if _, err := cr.Next(); err != nil {
				break
			}
			got = append(got, cr.Unclosed())
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: Unclosed %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestCSVHeader(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   []string
		want []string
		warn bool
		err  string
	}{
		{[]string{"a", "b"}, []string{"a", "b"}, false, ""},
		{[]string{"ProjectID", "ProjectName", "", "Completed"}, []string{"ProjectID", "ProjectName", "H1", "Completed"}, true, ""},
		{[]string{"", "x", ""}, []string{"H1", "x", "H2"}, true, ""},
		{[]string{"a", "A"}, nil, false, `The member "A" is already present.`},
	} {
		got, warn, err := csvHeader(tc.in)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("%q: error %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) || warn != tc.warn {
			t.Errorf("%q: got %q %v %v, want %q %v", tc.in, got, warn, err, tc.want, tc.warn)
		}
	}
}

func TestCSVField(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in    string
		q     csvQuoting
		force bool
		want  string
	}{
		{"a", quoteAlways, false, `"a"`},
		{`say "hi"`, quoteAlways, false, `"say ""hi"""`},
		{"a", quoteAsNeeded, false, "a"},
		{"a,b", quoteAsNeeded, false, `"a,b"`},
		{"a\nb", quoteAsNeeded, false, "\"a\nb\""},
		{`x"y`, quoteAsNeeded, false, `"x""y"`},
		{"a,b", quoteNever, false, "a,b"},
		{"a", quoteNever, true, `"a"`},
		{"", quoteAlways, false, `""`},
	} {
		if got := csvField(tc.in, ',', tc.q, tc.force); got != tc.want {
			t.Errorf("%q: got %s, want %s", tc.in, got, tc.want)
		}
	}
}

func FuzzImportCsv(f *testing.F) {
	for _, seed := range []string{"a,b\n1,2\n", "\"x\"\"y\",\n", "\"open", "a;b\r\n;\r", "\xEF\xBB\xBFa\n\"\n\"", "\xFF\xFEa\x00"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		cr := NewCSVReader(TextReader(strings.NewReader(in), ""), ',')
		st := &csvState{}
		for i := 0; i < len(in)+2; i++ {
			rec, err := cr.Next()
			if err != nil {
				return
			}
			if st.header == nil {
				if names, _, err := csvHeader(rec); err == nil {
					st.header, st.named = names, true
				}
				continue
			}
			st.object(rec)
		}
		t.Fatalf("reader did not finish on %q", in)
	})
}

// referenceCSV reads in as CSVReader did when it read rune by rune, the
// oracle its byte reading is fuzzed against: each record with its line
// and Unclosed, or the error that stopped it.
func referenceCSV(in string, delim rune) []string {
	r := bufio.NewReader(strings.NewReader(in))
	peek := func(ch rune) bool {
		next, _, err := r.ReadRune()
		if err != nil {
			return false
		}
		r.UnreadRune()
		return next == ch
	}
	var out []string
	line := 0
	for {
		var (
			fields  []string
			field   strings.Builder
			quoted  bool
			started bool
		)
		start := line + 1
		done := func() { out = append(out, fmt.Sprintf("%q line %d unclosed %v", fields, start, quoted)) }
		for {
			ch, _, err := r.ReadRune()
			if err != nil {
				if started {
					fields = append(fields, field.String())
					done()
				}
				return out
			}
			started = true
			if field.Len() >= MaxCSVField {
				return append(out, "too long")
			}
			switch {
			case quoted:
				if ch == '\n' || ch == '\r' && !peek('\n') {
					line++
				}
				if ch != '"' {
					field.WriteRune(ch)
					continue
				}
				if peek('"') {
					r.ReadRune()
					field.WriteByte('"')
					continue
				}
				quoted = false
				continue
			case ch == '"' && field.Len() == 0:
				quoted = true
				continue
			case ch == delim:
				fields = append(fields, field.String())
				field.Reset()
				continue
			case ch == '\n' || ch == '\r':
				if ch == '\r' && peek('\n') {
					r.ReadRune()
				}
				line++
				if len(fields) > 0 || field.Len() > 0 {
					fields = append(fields, field.String())
				} else {
					fields = []string{}
				}
				done()
			default:
				field.WriteRune(ch)
				continue
			}
			break
		}
	}
}

// FuzzCSVReaderAsRunes checks that reading bytes finds the records,
// lines and unclosed quotes that reading runes found, for any input
// (invalid UTF-8 included) and delimiters of one, two and three bytes.
func FuzzCSVReaderAsRunes(f *testing.F) {
	for _, seed := range []string{"a,b\n1,2\n", "\"x\"\"y\",\n", "\"open", "a;b\r\n;\r", "\"a\"b\"c\",\"\"\"\"\r\r\n", "ü§日,\xE2\x82,\xC2\"x\"\n\xFF;\t|",
		"a§b\n\"§\"§c", "x\xC2§y"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, delim := range []rune{',', ';', '\t', '§', '日'} {
			want := referenceCSV(in, delim)
			var got []string
			cr := NewCSVReader(strings.NewReader(in), delim)
			for {
				rec, err := cr.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					got = append(got, "too long")
					break
				}
				got = append(got, fmt.Sprintf("%q line %d unclosed %v", rec, cr.Line(), cr.Unclosed()))
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("delimiter %q, input %q:\nbytes %q\nrunes %q", delim, in, got, want)
			}
		}
	})
}

// TestCSVReaderFieldLimit checks the bounds of a field at MaxCSVField
// bytes, as reading runes had them: a field may hold that many and no
// more, quoted or not, at the end of the input or before more.
func TestCSVReaderFieldLimit(t *testing.T) {
	t.Parallel()
	most := strings.Repeat("a", MaxCSVField)
	for _, tc := range []struct {
		in   string
		want string // "" for a record of one field of MaxCSVField bytes
	}{
		{most, ""},
		{most + "a", "too long"},
		{most + ",b", "too long"},
		{most + "\n", "too long"},
		{`"` + most, ""},
		{`"` + most + `"`, "too long"},
		{"x," + most[1:], ""},
	} {
		want := referenceCSV(tc.in, ',')
		cr := NewCSVReader(strings.NewReader(tc.in), ',')
		rec, err := cr.Next()
		var got string
		switch {
		case err != nil && strings.Contains(err.Error(), "is longer than 1 MB"):
			got = "too long"
		case err != nil:
			t.Fatalf("%d bytes: %v", len(tc.in), err)
		case len(rec[len(rec)-1]) != MaxCSVField && len(rec[len(rec)-1]) != MaxCSVField-1:
			t.Fatalf("%d bytes: a field of %d bytes", len(tc.in), len(rec[len(rec)-1]))
		}
		if got != tc.want || len(want) != 1 || (want[0] == "too long") != (got == "too long") {
			t.Errorf("%d bytes starting %q: got %q, want %q (reading runes: %.40q)", len(tc.in), tc.in[:3], got, tc.want, want)
		}
	}
}
