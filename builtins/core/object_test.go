package core_test

import (
	"testing"

	"licsh/builtins/licshtest"
)

// people is a script prefix defining three objects to work on.
const people = `$u = @(
[pscustomobject]@{Name='Ann'; Dept='Sales'; N=3},
[pscustomobject]@{Name='Bob'; Dept='IT'; N=5},
[pscustomobject]@{Name='Cy'; Dept='sales'; N=1})
`

func TestWhereObject(t *testing.T) {
	t.Parallel()
	licshtest.Script(t, t.TempDir()).Check(licshtest.Contains, []licshtest.Case{
		{"1,2,3 | Where-Object { $_ -gt 1 }", "2\n3\n", ""},
		{"1,2,3 | ? { $_ -gt 1 }", "2\n3\n", ""},
		{"1,2,3 | where { $_ -eq 5 }", "", ""},
		{people + "$u | Where-Object Dept -eq 'Sales' | % Name", "Ann\nCy\n", ""},
		{people + "$u | Where-Object Dept -ceq 'Sales' | % Name", "Ann\n", ""},
		{people + "$u | Where-Object -Property N -Value 3 -GT | % Name", "Bob\n", ""},
		{people + "$u | Where-Object N -ge 3 | % Name", "Ann\nBob\n", ""},
		{people + "$u | Where-Object N -lt 3 | % Name", "Cy\n", ""},
		{people + "$u | Where-Object N -le 3 | % Name", "Ann\nCy\n", ""},
		{people + "$u | Where-Object Dept -ne 'Sales' | % Name", "Bob\n", ""},
		{people + "$u | Where Name -like 'A*' | % Name", "Ann\n", ""},
		{people + "$u | Where Name -notlike 'A*' | % Name", "Bob\nCy\n", ""},
		{people + "$u | Where Name -match '^[bc]' | % Name", "Bob\nCy\n", ""},
		{people + "$u | Where Name -cmatch '^[bc]' | % Name", "", ""},
		{people + "$u | Where Name -notmatch 'o' | % Name", "Ann\nCy\n", ""},
		{people + "$u | Where N -in 1,5 | % Name", "Bob\nCy\n", ""},
		{people + "$u | Where N -notin 1,5 | % Name", "Ann\n", ""},
		{people + "$u | Where Name -is [string] | % Name", "Ann\nBob\nCy\n", ""},
		{"[pscustomobject]@{L='a','b'} | Where L -contains 'b' | % L", "a\nb\n", ""},
		{"[pscustomobject]@{L='a','b'} | Where L -notcontains 'b' | % L", "", ""},
		{"[pscustomobject]@{On=$true;Name='x'},[pscustomobject]@{On=$false;Name='y'} | Where-Object On | % Name", "x\n", ""},
		{"[pscustomobject]@{On=$true;Name='x'},[pscustomobject]@{On=$false;Name='y'} | Where-Object On -Not | % Name", "y\n", ""},
		{"'abc','de' | Where-Object Length -eq 2", "de\n", ""},
		{people + "$u | Where-Object -FilterScript { $_.N -gt 2 } | % Name", "Ann\nBob\n", ""},
		{people + "$u | Where-Object N -IGT 3 | % Name", "Bob\n", ""},
		{people + "$u | Where-Object Dept 'IT' | % Name", "Bob\n", ""},
		{"$f = { $_ -lt 2 }; 1,2,3 | Where-Object $f", "1\n", ""},
		{"(Get-Command Where-Object -Syntax).Split([char]10)[1]", "Where-Object [-Property] <string> [[-Value] <Object>] [-InputObject <psobject>] [-EQ] [<CommonParameters>]\n", ""},
		{"(Get-Command Where-Object -Syntax).Split([char]10)[3]", "Where-Object [-FilterScript] <scriptblock> [-InputObject <psobject>] [<CommonParameters>]\n", ""},
		{"(Get-Command Where-Object -Syntax).Split([char]10)[5]", "Where-Object [-Property] <string> [[-Value] <Object>] -Match [-InputObject <psobject>] [<CommonParameters>]\n", ""},
		{"(Get-Command Where-Object -Syntax).Split([char]10)[15]", "Where-Object [-Property] <string> [[-Value] <Object>] -CGT [-InputObject <psobject>] [<CommonParameters>]\n", ""},
		{"(Get-Command Where-Object -Syntax).Split([char]10)[63]", "Where-Object [-Property] <string> -Not [-InputObject <psobject>] [<CommonParameters>]\n", ""},
		{"(Get-Help Where-Object -Parameter GT | Out-String) -match 'Aliases\\s+IGT'", "True\n", ""},
	}...)
}

func TestForEachObject(t *testing.T) {
	t.Parallel()
	licshtest.Script(t, t.TempDir()).Check(licshtest.Contains, []licshtest.Case{
		{"1,2 | ForEach-Object { $_ * 2 }", "2\n4\n", ""},
		{"1..3 | % -Begin { $s = 0 } -Process { $s += $_ } -End { $s }", "6\n", ""},
		{"1..3 | foreach { 'b' } { $_ } { 'e' }", "b\n1\n2\n3\ne\n", ""},
		{"1..2 | % { 'b' } { $_ }", "b\n1\n2\n", ""},
		{people + "$u | ForEach-Object Name", "Ann\nBob\nCy\n", ""},
		{people + "$u | % -MemberName Dept", "Sales\nIT\nsales\n", ""},
		{"'ab','cd' | % ToUpper", "AB\nCD\n", ""},
		{"[pscustomobject]@{L='a','b'} | % L", "a\nb\n", ""},
		{"ForEach-Object { 'once' }", "once\n", ""},
		{"1,2 | ForEach-Object -Process { $_ } -End { 'done' }", "1\n2\ndone\n", ""},
		{"'x' | % NoSuchMember", "", "cannot be resolved to a member"},
		{"$b = { $_ + 1 }; 1,2 | ForEach-Object $b", "2\n3\n", ""},
		{"1,2 | ForEach-Object -Process { $_ * 3 }", "3\n6\n", ""},
		{"1 | ForEach-Object { 'x' } -WhatIf", "x\n", ""},
		{"(Get-Command ForEach-Object -Syntax).Split([char]10)[1]", "ForEach-Object [-Process] <scriptblock[]> [-InputObject <psobject>] [-Begin <scriptblock>] [-End <scriptblock>] [-RemainingScripts <scriptblock[]>] [-WhatIf] [-Confirm] [<CommonParameters>]\n", ""},
		{"(Get-Command ForEach-Object -Syntax).Split([char]10)[3]", "ForEach-Object [-MemberName] <string> [-InputObject <psobject>] [-ArgumentList <Object[]>] [-WhatIf] [-Confirm] [<CommonParameters>]\n", ""},
	}...)
}

func TestSelectObject(t *testing.T) {
	t.Parallel()
	licshtest.Script(t, t.TempDir()).Check(licshtest.Contains, []licshtest.Case{
		{"1..10 | Select-Object -First 3", "1\n2\n3\n", ""},
		{"1..10 | Select-Object -Last 2", "9\n10\n", ""},
		{"1..10 | Select-Object -Skip 8", "9\n10\n", ""},
		{"1..10 | Select-Object -Skip 2 -First 2", "3\n4\n", ""},
		{"1..10 | Select-Object -Index 0,4", "1\n5\n", ""},
		{"1..5 | Select-Object -SkipLast 3", "1\n2\n", ""},
		{"1..5 | Select-Object -Last 2 -Skip 1", "3\n4\n", ""},
		{"1,1,2,1 | Select-Object -Unique", "1\n2\n", ""},
		{"$i = 0; 1..1000000 | % { $i++; $_ } | Select-Object -First 2; $i", "1\n2\n2\n", ""},
		{people + "$u | Select-Object -ExpandProperty Name", "Ann\nBob\nCy\n", ""},
		{"[pscustomobject]@{L='a','b'} | Select-Object -ExpandProperty L", "a\nb\n", ""},
		{people + "$u | Select-Object Name -First 1 | ConvertTo-Csv -IncludeTypeInformation", "#TYPE Selected.System.Management.Automation.PSCustomObject\n\"Name\"\n\"Ann\"\n", ""},
		{people + "$u | Select-Object Name, @{n='Twice';e={$_.N * 2}} | % { \"$($_.Name)=$($_.Twice)\" }", "Ann=6\nBob=10\nCy=2\n", ""},
		{people + "$u | Select-Object @{Label='D'; Expression='Dept'} -First 1 | % D", "Sales\n", ""},
		{people + "$u | Select-Object N* -First 1 | ConvertTo-Csv", "\"Name\",\"N\"\n\"Ann\",\"3\"\n", ""},
		{people + "$u | Select-Object * -ExcludeProperty Dept -First 1 | ConvertTo-Csv", "\"Name\",\"N\"\n\"Ann\",\"3\"\n", ""},
		{people + "$u | Select-Object -ExcludeProperty N* -First 1 | ConvertTo-Csv", "\"Dept\"\n\"Sales\"\n", ""},
		{people + "$u | Select-Object Missing -First 1 | ConvertTo-Csv", "\"Missing\"\n\n", ""},
		{people + "$u | Select-Object Dept -Unique | % Dept", "Sales\nIT\nsales\n", ""},
		{people + "$u | Select-Object -ExpandProperty Nope", "", "Property \"Nope\" cannot be found."},
	}...)
}

func TestSortObject(t *testing.T) {
	t.Parallel()
	licshtest.Script(t, t.TempDir()).Check(licshtest.Contains, []licshtest.Case{
		{"3,1,2 | Sort-Object", "1\n2\n3\n", ""},
		{"3,1,2 | sort -Descending", "3\n2\n1\n", ""},
		{"'b','A','a','C' | Sort-Object", "A\na\nb\nC\n", ""},
		{"'b','a','B' | Sort-Object -Unique", "a\nb\n", ""},
		{"'b','a','B' | Sort-Object -Unique -CaseSensitive", "a\nb\nB\n", ""},
		{"5,3,9,1 | Sort-Object -Top 2", "1\n3\n", ""},
		{"5,3,9,1 | Sort-Object -Bottom 2", "5\n9\n", ""},
		{"10,9,100 | Sort-Object", "9\n10\n100\n", ""},
		{"'10','9','100' | Sort-Object", "10\n100\n9\n", ""},
		{people + "$u | Sort-Object N | % Name", "Cy\nAnn\nBob\n", ""},
		{people + "$u | Sort-Object Dept, Name | % Name", "Bob\nAnn\nCy\n", ""},
		{people + "$u | Sort-Object Dept, @{Expression='Name'; Descending=$true} | % Name", "Bob\nCy\nAnn\n", ""},
		{people + "$u | Sort-Object { $_.Name.Length }, Name | % Name", "Cy\nAnn\nBob\n", ""},
		{people + "$u | Sort-Object @{e={$_.N}; Descending=$true} | % Name", "Bob\nAnn\nCy\n", ""},
	}...)
}

func TestGroupObject(t *testing.T) {
	t.Parallel()
	licshtest.Script(t, t.TempDir()).Check(licshtest.Contains, []licshtest.Case{
		{people + "$u | Group-Object Dept | % { \"$($_.Name):$($_.Count)\" }", "IT:1\nSales:2\n", ""},
		{people + "$u | Group-Object Dept -CaseSensitive | % { \"$($_.Name):$($_.Count)\" }", "IT:1\nsales:1\nSales:1\n", ""},
		{people + "($u | Group-Object Dept)[1].Group.Name", "Ann\nCy\n", ""},
		{people + "$u | Group-Object Dept -NoElement", "\nCount Name\n----- ----\n    1 IT\n    2 Sales\n\n", ""},
		{people + "$u | Group-Object Dept", "\nCount Name  Group\n----- ----  -----\n    1 IT    {@{Name=Bob; Dept=IT; N=5}}\n    2 Sales {@{Name=Ann; Dept=Sales; N=3}, @{Name=Cy; Dept=sales; N=1}}\n\n", ""},
		{people + "$h = $u | Group-Object Dept -AsHashTable -AsString; $h['sales'].Name", "Ann\nCy\n", ""},
		{"1..6 | Group-Object { $_ % 2 } | % { \"$($_.Name)=$($_.Group -join ',')\" }", "0=2,4,6\n1=1,3,5\n", ""},
		{"'a','b','a' | group | % Values", "a\nb\n", ""},
	}...)
}

func TestMeasureObject(t *testing.T) {
	t.Parallel()
	licshtest.Script(t, t.TempDir()).Check(licshtest.Contains, []licshtest.Case{
		{"(1,2,3 | Measure-Object).Count", "3\n", ""},
		{"1,2,3 | Measure-Object -Sum -Average -Maximum -Minimum", "\nCount             : 3\nAverage           : 2\nSum               : 6\nMaximum           : 3\nMinimum           : 1\nStandardDeviation :\nProperty          :\n\n", ""},
		{"(2,4,4,4,5,5,7,9 | Measure-Object -StandardDeviation).StandardDeviation", "2.138089935299395\n", ""},
		{people + "($u | Measure-Object N -Sum).Sum", "9\n", ""},
		{people + "($u | Measure-Object -Property N -Maximum).Property", "N\n", ""},
		{people + "$m = $u | Measure-Object N; $m.Sum -eq $null", "True\n", ""},
		{"('b','a','c' | Measure-Object -Maximum).Maximum", "c\n", ""},
		{"$t = 'one two', 'three' | Measure-Object -Line -Word -Character; \"$($t.Lines) $($t.Words) $($t.Characters)\"", "2 3 12\n", ""},
		{people + "$u | Measure-Object Nope", "", "The property \"Nope\" cannot be found in the input for any objects."},
	}...)
}

func TestTeeObject(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	licshtest.Script(t, dir).Check(licshtest.Contains, []licshtest.Case{
		{"1,2 | Tee-Object -Variable x | % { $_ * 10 }; $x.Count", "10\n20\n2\n", ""},
		{"'a','b' | Tee-Object -FilePath t.txt | Out-Null; Get-Content t.txt", "a\nb\n", ""},
		{"'c' | Tee-Object t.txt -Append | Out-Null; Get-Content t.txt", "a\nb\nc\n", ""},
	}...)
}
