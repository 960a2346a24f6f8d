package core_test

import (
	"os"
	"path/filepath"
	"testing"

	"licsh/builtins/licshtest"
)

func TestAddMember(t *testing.T) {
	t.Parallel()
	licshtest.Script(t, t.TempDir()).Check(licshtest.Contains, []licshtest.Case{
		{"$o = [pscustomobject]@{A=1}; $o | Add-Member -NotePropertyName B -NotePropertyValue 2; $o.B", "2\n", ""},
		{"$o = [pscustomobject]@{A=1}; Add-Member -InputObject $o -MemberType NoteProperty -Name C -Value 'x'; $o.C", "x\n", ""},
		{"$o = [pscustomobject]@{A=1}; $o | Add-Member NoteProperty D 4; $o.D", "4\n", ""},
		{"$o = [pscustomobject]@{A=1}; $o | Add-Member -NotePropertyMembers ([ordered]@{X=1; Y=2}); $o | ConvertTo-Csv", "\"A\",\"X\",\"Y\"\n\"1\",\"1\",\"2\"\n", ""},
		{"$o = [pscustomobject]@{A=1}; $o | Add-Member @{Z='z'}; $o.Z", "z\n", ""},
		{"$o = [pscustomobject]@{A=1} | Add-Member -NotePropertyName B -NotePropertyValue 2 -PassThru; $o.A + $o.B", "3\n", ""},
		{"$o = [pscustomobject]@{A=1}; $r = $o | Add-Member -NotePropertyName B -NotePropertyValue 2; $null -eq $r", "True\n", ""},
		{"$o = [pscustomobject]@{A=1}; $o | Add-Member -NotePropertyName A -NotePropertyValue 2", "",
			"Cannot add a member with the name \"A\" because a member with that name already exists."},
		{"$o = [pscustomobject]@{A=1}; $o | Add-Member -NotePropertyName A -NotePropertyValue 2 -ErrorAction SilentlyContinue; $Error[0].Exception.Message",
			"Cannot add a member with the name \"A\" because a member with that name already exists. To overwrite the member anyway, add the Force parameter to your command.\n", ""},
		{"$o = [pscustomobject]@{A=1}; $o | Add-Member -NotePropertyName a -NotePropertyValue 2 -ErrorAction SilentlyContinue; $o.A", "1\n", ""},
		{"$o = [pscustomobject]@{A=1}; $o | Add-Member -NotePropertyName A -NotePropertyValue 2 -Force; $o.A", "2\n", ""},
		{"$o = [pscustomobject]@{A=1}; try { $o | Add-Member -NotePropertyName A -NotePropertyValue 2 -ErrorAction Stop } catch { $_.FullyQualifiedErrorId }", "MemberAlreadyExists,Microsoft.PowerShell.Commands.AddMemberCommand\n", ""},
		{"$o = [pscustomobject]@{A=1}; $o | Add-Member -NotePropertyName N -NotePropertyValue 1 -TypeName 'Contoso.Row'; ($o | Get-Member -Name N).TypeName", "Contoso.Row\n", ""},
		{"$o = [pscustomobject]@{A=1}; $o | Add-Member -MemberType ScriptProperty -Name S -Value { 1 }", "", "Cannot add a member of type \"ScriptProperty\""},
		{"1..2 | % { [pscustomobject]@{N=$_} } | Add-Member -NotePropertyName Twice -NotePropertyValue 0 -PassThru | % { $_.N }", "1\n2\n", ""},
	}...)
}

func TestTestPath(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "users.csv"), []byte("UPN\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "exports"), 0o755); err != nil {
		t.Fatal(err)
	}
	licshtest.Script(t, dir).Check(licshtest.Contains, []licshtest.Case{
		{"Test-Path users.csv", "True\n", ""},
		{"Test-Path nope.csv", "False\n", ""},
		{"Test-Path users.csv, nope.csv", "True\nFalse\n", ""},
		{"Test-Path users.csv -PathType Leaf", "True\n", ""},
		{"Test-Path users.csv -PathType Container", "False\n", ""},
		{"Test-Path exports -PathType Container", "True\n", ""},
		{"Test-Path exports -PathType Leaf", "False\n", ""},
		{"Test-Path exports", "True\n", ""},
		{"Test-Path *.csv", "True\n", ""},
		{"Test-Path *.xlsx", "False\n", ""},
		{"Test-Path -LiteralPath '*.csv'", "False\n", ""},
		{"Test-Path nope/x.csv -IsValid", "True\n", ""},
		{"if (-not (Test-Path ./report.csv)) { 'no report yet' }", "no report yet\n", ""},
		{"'users.csv' | Test-Path", "True\n", ""},
	}...)
}

func TestWriteInformation(t *testing.T) {
	t.Parallel()
	licshtest.Script(t, t.TempDir()).Check(licshtest.Contains, []licshtest.Case{
		{"Write-Information 'hidden'; 'after'", "after\n", ""},
		{"$InformationPreference = 'Continue'; Write-Information 'Assigned 12 licenses.'", "Assigned 12 licenses.\n", ""},
		{"$InformationPreference = 'Continue'; Write-Information -MessageData 'tagged' -Tags Audit", "tagged\n", ""},
		{"$InformationPreference = 'Continue'; $x = Write-Information 'not output'; $null -eq $x", "not output\nTrue\n", ""},
		{"$InformationPreference = 'SilentlyContinue'; Write-Information 'quiet'", "", ""},
	}...)
}
