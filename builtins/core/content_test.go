package core_test

import (
	"os"
	"path/filepath"
	"testing"

	"licsh/builtins/licshtest"
)

func TestContentCmdlets(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "crlf.txt"), []byte("one\r\ntwo\r\nthree"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "empty.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.txt")
	licshtest.Script(t, dir).Check(licshtest.Contains, []licshtest.Case{
		{"Get-Content crlf.txt", "one\ntwo\nthree\n", ""},
		{"(gc crlf.txt).Count", "3\n", ""},
		{"cat crlf.txt -TotalCount 2", "one\ntwo\n", ""},
		{"type crlf.txt -First 1", "one\n", ""},
		{"Get-Content crlf.txt -Head 1", "one\n", ""},
		{"Get-Content crlf.txt -Tail 2", "two\nthree\n", ""},
		{"(Get-Content crlf.txt -Raw).Length", "15\n", ""},
		{"Get-Content empty.txt; 'after'", "after\n", ""},
		{"Get-Content empty.txt -Raw; 'after'", "after\n", ""},
		{"Get-Content missing.txt", "", "Cannot find path '" + missing + "' because it does not exist."},
		{"Get-Content missing.txt, crlf.txt -TotalCount 1", "one\n", "Cannot find path"},
		{"try { Get-Content missing.txt -ErrorAction Stop } catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category }",
			"PathNotFound,Microsoft.PowerShell.Commands.GetContentCommand\nObjectNotFound\n", ""},
		{"Get-Content sub", "", "Unable to get content because it is a directory"},
		{"Set-Content out.txt 'a','b'; Get-Content out.txt", "a\nb\n", ""},
		{"Set-Content out.txt 'c'; Add-Content out.txt 'd'; Get-Content out.txt", "c\nd\n", ""},
		{"'e','f' | Add-Content out.txt; (Get-Content out.txt).Count", "4\n", ""},
		{"Set-Content out.txt 'x' -NoNewline; Get-Content out.txt -Raw", "x\n", ""},
		{"Set-Content out.txt 'y' -PassThru", "y\n", ""},
		{"Set-Content out.txt 'z' -WhatIf", "What if: Performing the operation \"Set Content\" on target \"Path: " + filepath.Join(dir, "out.txt") + "\".\n", ""},
		{"Add-Content out.txt 'z' -WhatIf", "What if: Performing the operation \"Add Content\" on target \"Path: " + filepath.Join(dir, "out.txt") + "\".\n", ""},
		{"Get-Content out.txt -Raw", "y\n\n", ""},
		{"'a','b' | Out-File of.txt; Get-Content of.txt", "a\nb\n", ""},
		{"'c' | Out-File of.txt -Append; Get-Content of.txt", "a\nb\nc\n", ""},
		{"[pscustomobject]@{Name='Ann'; N=3} | Out-File of.txt; Get-Content of.txt -Raw", "\nName N\n---- -\nAnn  3\n\n\n", ""},
		{"[pscustomobject]@{Name='Ann'; N=3} | Format-Table | Out-File of.txt; (Get-Content of.txt)[1]", "Name N\n", ""},
		{"'q' | Out-File of.txt -NoClobber", "", "already exists"},
		{"'q' | Out-File of.txt -WhatIf", "What if: Performing the operation \"Output to File\" on target \"" + filepath.Join(dir, "of.txt") + "\".\n", ""},
		{"Set-Content u16.txt 'hé' -Encoding unicode; Get-Content u16.txt", "hé\n", ""},
		{"Get-Content *.txt -TotalCount 1", "one\n\ny\nhé\n", ""},
	}...)
	data, _ := os.ReadFile(filepath.Join(dir, "u16.txt"))
	if want := "\xFF\xFEh\x00\xE9\x00\n\x00"; string(data) != want {
		t.Errorf("unicode file = %q, want %q", data, want)
	}
}
