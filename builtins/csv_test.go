package builtins

import (
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestCSVReader(t *testing.T) {
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
		cr := newCSVReader(strings.NewReader(tc.in), tc.delim)
		var got [][]string
		for {
			rec, err := cr.next()
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

func TestCSVHeader(t *testing.T) {
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

func TestCsvCmdlets(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("users.csv", "UPN,Dept\r\nann@x.com,Sales\r\nbob@x.com,IT\r\n")
	write("bom.csv", "\xEF\xBB\xBFName,N\n\"Smith, J\",1\n")
	write("semi.csv", "a;b\n1;2\n")
	write("short.csv", "a,b,c\n1\n")
	write("blank.csv", "ProjectID,ProjectName,,Completed\n13,Inventory,Redmond,True\n")
	write("dup.csv", "a,A\n1,2\n")
	write("typed.csv", "#TYPE My.Type\n\"a\"\n\"1\"\n")
	write("utf16.csv", "\xFF\xFEa\x00,\x00b\x00\n\x001\x00,\x002\x00\n\x00")
	runCases(t, dir, []scriptCase{
		{"Import-Csv users.csv | % { $_.UPN + '|' + $_.Dept }", "ann@x.com|Sales\nbob@x.com|IT\n", ""},
		{"(Import-Csv -Path users.csv).Count", "2\n", ""},
		{"Import-Csv bom.csv | % Name", "Smith, J\n", ""},
		{"Import-Csv semi.csv -Delimiter ';' | % b", "2\n", ""},
		{"$r = Import-Csv short.csv; $r.a; $r.b -eq $null; $r.c -eq $null", "1\nTrue\nTrue\n", ""},
		{"Import-Csv blank.csv | % H1", "WARNING: One or more headers were not specified. Default names starting with \"H\" have been used in place of any missing headers.\nRedmond\n", ""},
		{"Import-Csv users.csv -Header X,Y | % X", "UPN\nann@x.com\nbob@x.com\n", ""},
		{"Import-Csv typed.csv | ConvertTo-Csv -IncludeTypeInformation", "#TYPE CSV:My.Type\n\"a\"\n\"1\"\n", ""},
		{"Import-Csv utf16.csv | % b", "2\n", ""},
		{"Import-Csv dup.csv", "", `The member "A" is already present.`},
		{"Import-Csv nope.csv", "", "Could not find file '" + filepath.Join(dir, "nope.csv") + "'."},
		{"Import-Csv nope.csv -ErrorAction SilentlyContinue; 'next'", "next\n", ""},
		{"'Name,Dept', 'Ann,Sales' | ConvertFrom-Csv | % Dept", "Sales\n", ""},
		{"'1,2' | ConvertFrom-Csv -Header a,b | % b", "2\n", ""},
		{"\"a;b`n3;4\" | ConvertFrom-Csv -Delimiter ';' | % a", "3\n", ""},
		{"[pscustomobject]@{A=1; B='x,y'; C=$null; D=''} | ConvertTo-Csv", "\"A\",\"B\",\"C\",\"D\"\n\"1\",\"x,y\",,\"\"\n", ""},
		{"[pscustomobject]@{A=1; B='x,y'} | ConvertTo-Csv -UseQuotes AsNeeded", "A,B\n1,\"x,y\"\n", ""},
		{"[pscustomobject]@{A=1; B='x'} | ConvertTo-Csv -UseQuotes Never -Delimiter ';'", "A;B\n1;x\n", ""},
		{"[pscustomobject]@{A=1; B='x'} | ConvertTo-Csv -UseQuotes Never -QuoteFields B", "A,\"B\"\n1,\"x\"\n", ""},
		{"[pscustomobject]@{A=1} | ConvertTo-Csv -NoHeader", "\"1\"\n", ""},
		{"[pscustomobject]@{L='a','b'; T=$true} | ConvertTo-Csv", "\"L\",\"T\"\n\"System.Object[]\",\"True\"\n", ""},
		{"@{K='v'} | ConvertTo-Csv", "\"K\"\n\"v\"\n", ""},
		{"[pscustomobject]@{A=1},[pscustomobject]@{B=2} | ConvertTo-Csv", "\"A\"\n\"1\"\n\n", ""},
		{"[pscustomobject]@{A=1;B=2} | Export-Csv out.csv; Get-Content out.csv -Raw", "\"A\",\"B\"\n\"1\",\"2\"\n\n", ""},
		{"[pscustomobject]@{B=3;A=4} | Export-Csv out.csv -Append; Get-Content out.csv", "\"A\",\"B\"\n\"1\",\"2\"\n\"4\",\"3\"\n", ""},
		{"[pscustomobject]@{A='ü'} | Export-Csv bom-out.csv -Encoding utf8BOM; (Get-Content bom-out.csv)[0]", "\"A\"\n", ""},
		{"[pscustomobject]@{A=1} | Export-Csv never.csv -WhatIf; Get-Content never.csv",
			"What if: Performing the operation \"Export-Csv\" on target \"" + filepath.Join(dir, "never.csv") + "\".\n",
			"Cannot find path '" + filepath.Join(dir, "never.csv") + "' because it does not exist."},
		{"[pscustomobject]@{A=1} | Export-Csv out.csv -NoClobber", "", "already exists"},
		{"[pscustomobject]@{A=1} | Export-Csv no/such/dir/x.csv", "", "Could not find a part of the path"},
		{"$rows = 1..3 | % { [pscustomobject]@{N=$_; S=\"s$_\"} }; $rows | Export-Csv round.csv; Import-Csv round.csv | % { $_.N + $_.S }", "1s1\n2s2\n3s3\n", ""},
	})
	data, err := os.ReadFile(filepath.Join(dir, "bom-out.csv"))
	if err != nil || !strings.HasPrefix(string(data), "\xEF\xBB\xBF\"A\"\n") {
		t.Errorf("utf8BOM file = %q, %v", data, err)
	}
}

// TestImportCsvStreams checks that rows reach the pipeline while the file
// is still being read: -First stops the import after two rows.
func TestImportCsvStreams(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("N\n")
	for i := 0; i < 200000; i++ {
		b.WriteString("row\n")
	}
	if err := os.WriteFile(filepath.Join(dir, "big.csv"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	runCases(t, dir, []scriptCase{
		{"Import-Csv big.csv | Select-Object -First 2 | % N", "row\nrow\n", ""},
		{"(Import-Csv big.csv | Measure-Object).Count", "200000\n", ""},
	})
}

func FuzzImportCsv(f *testing.F) {
	for _, seed := range []string{"a,b\n1,2\n", "\"x\"\"y\",\n", "\"open", "a;b\r\n;\r", "\xEF\xBB\xBFa\n\"\n\"", "\xFF\xFEa\x00"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		cr := newCSVReader(textReader(strings.NewReader(in), ""), ',')
		st := &csvState{}
		for i := 0; i < len(in)+2; i++ {
			rec, err := cr.next()
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
