package core_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"licsh/builtins/licshtest"
)

func TestCsvCmdlets(t *testing.T) {
	t.Parallel()
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
	licshtest.Script(t, dir).Check(licshtest.Contains, []licshtest.Case{
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
	}...)
	data, err := os.ReadFile(filepath.Join(dir, "bom-out.csv"))
	if err != nil || !strings.HasPrefix(string(data), "\xEF\xBB\xBF\"A\"\n") {
		t.Errorf("utf8BOM file = %q, %v", data, err)
	}
}

// TestImportCsvStreams checks that rows reach the pipeline while the file
// is still being read: -First stops the import after two rows.
func TestImportCsvStreams(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("N\n")
	for i := 0; i < 200000; i++ {
		b.WriteString("row\n")
	}
	if err := os.WriteFile(filepath.Join(dir, "big.csv"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	licshtest.Script(t, dir).Check(licshtest.Contains, []licshtest.Case{
		{"Import-Csv big.csv | Select-Object -First 2 | % N", "row\nrow\n", ""},
		{"(Import-Csv big.csv | Measure-Object).Count", "200000\n", ""},
	}...)
}
