package core

import (
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
