package core_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"licsh/builtins/licshtest"
	"licsh/shell/interp"
)

func TestCompareObject(t *testing.T) {
	t.Parallel()
	licshtest.Script(t, t.TempDir()).Check(licshtest.Exact, []licshtest.Case{
		{"Compare-Object 1,2,3 2,3,4", "\nInputObject SideIndicator\n----------- -------------\n          4 =>\n          1 <=\n\n", ""},
		{"Compare-Object a,b B,c -IncludeEqual | ForEach-Object { \"$($_.InputObject)$($_.SideIndicator)\" }", "b==\nc=>\na<=\n", ""},
		{"Compare-Object a,b B,c -CaseSensitive | ForEach-Object { \"$($_.InputObject)$($_.SideIndicator)\" }", "B=>\nc=>\na<=\nb<=\n", ""},
		{"Compare-Object a,b b,c -ExcludeDifferent | ForEach-Object SideIndicator", "==\n", ""},
		{"Compare-Object a,b b,c -PassThru", "c\na\n", ""},
		{"$r = @([pscustomobject]@{U='ann'; D='IT'}, [pscustomobject]@{U='bob'; D='HR'})\n" +
			"$d = @([pscustomobject]@{U='bob'; D='Sales'}, [pscustomobject]@{U='cy'; D='HR'})\n" +
			"Compare-Object $r $d -Property U", "\nU   SideIndicator\n-   -------------\ncy  =>\nann <=\n\n", ""},
		{"$r = @([pscustomobject]@{U='ann'}); $d = @([pscustomobject]@{U='bob'})\n(Compare-Object $r $d -Property U -PassThru)[0].GetType().Name; (Compare-Object $r $d -Property U -PassThru).SideIndicator",
			"PSCustomObject\n=>\n<=\n", ""},
		{"'x','y' | Compare-Object -ReferenceObject 'y','z' | ForEach-Object { \"$($_.InputObject)$($_.SideIndicator)\" }", "x=>\nz<=\n", ""},
		{"Compare-Object @() 'a' | ForEach-Object SideIndicator; Compare-Object 'a' @() | ForEach-Object SideIndicator", "=>\n<=\n", ""},
		{"Compare-Object 1,2 1,2", "", ""},
		{"Compare-Object 1,2 2,1 -SyncWindow 0 | ForEach-Object { \"$($_.InputObject)$($_.SideIndicator)\" }", "2=>\n1<=\n1=>\n2<=\n", ""},
		{"1,1,2,2,3,1 | Get-Unique", "1\n2\n3\n1\n", ""},
		{"'a','A','b' | Get-Unique; 'a','A','b' | Get-Unique -CaseInsensitive", "a\nA\nb\na\nb\n", ""},
		{"1,'1',2 | Get-Unique -AsString; 1,'a',2 | Get-Unique -OnType", "1\n2\n1\na\n2\n", ""},
	}...)
	licshtest.Script(t, t.TempDir()).Check(licshtest.Contains, []licshtest.Case{
		{"Compare-Object $null 1", "", "Cannot bind argument to parameter 'ReferenceObject' because it is null."},
	}...)
}

func TestSelectStringJoinString(t *testing.T) {
	t.Parallel()
	dir := tree(t, map[string]string{"users.txt": "ann@contoso.com\nBob@fabrikam.com\ncy@contoso.com\n", "sub/log.txt": "ok\nERROR disk\n"})
	licshtest.Script(t, dir).Check(licshtest.Exact, []licshtest.Case{
		{"Select-String -Path users.txt -Pattern contoso", "\nusers.txt:1:ann@contoso.com\nusers.txt:3:cy@contoso.com\n\n", ""},
		{"Select-String contoso users.txt -CaseSensitive -NotMatch", "\nusers.txt:2:Bob@fabrikam.com\n\n", ""},
		{"'abc','xbz','q' | Select-String b", "\nabc\nxbz\n\n", ""},
		{"'a.c','abc' | Select-String '.' -SimpleMatch | ForEach-Object Line", "a.c\n", ""},
		{"$m = Select-String -Path users.txt -Pattern '^(\\w+)@'; $m[1].LineNumber; $m[1].Filename; $m[1].Matches[0].Groups[1].Value; $m[1].Path -eq (Join-Path $PWD users.txt)", "2\nusers.txt\nBob\nTrue\n", ""},
		{"Get-ChildItem -Recurse -File | Select-String error", "\nsub/log.txt:2:ERROR disk\n\n", ""},
		{"Get-ChildItem -Recurse -File | Select-String error -CaseSensitive | Measure-Object | ForEach-Object Count", "0\n", ""},
		{"Select-String -Path *.txt -Pattern fabrikam -Quiet; Select-String -Path *.txt -Pattern nobody -Quiet", "True\nFalse\n", ""},
		{"Select-String -Path users.txt -Pattern contoso -List -Raw", "ann@contoso.com\n", ""},
		{"('aXbXc' | Select-String X -AllMatches).Matches.Count; ('aXbXc' | Select-String X).Matches.Count", "2\n1\n", ""},
		{"'a','b','c' | Join-String -Separator ', '; 1..3 | Join-String", "a, b, c\n123\n", ""},
		{"'a','b' | Join-String -DoubleQuote -Separator ',' -OutputPrefix '[' -OutputSuffix ']'", "[\"a\",\"b\"]\n", ""},
		{"[pscustomobject]@{N='x'}, [pscustomobject]@{N='y'} | Join-String -Property N -Separator '|'", "x|y\n", ""},
		{"1..3 | Join-String -Property { $_ * 2 } -Separator ' '; 1.5, 2 | Join-String -FormatString '{0:N2}' -Separator ';'", "2 4 6\n1.50;2.00\n", ""},
	}...)
	oneLine(t, dir).Check(licshtest.Contains, []licshtest.Case{
		{"Select-String -Path nope.txt -Pattern x", "", "Select-String: Cannot find path '" + filepath.Join(dir, "nope.txt") + "' because it does not exist."},
	}...)
}

func TestRandomAndGuid(t *testing.T) {
	t.Parallel()
	licshtest.Script(t, t.TempDir()).Check(licshtest.Exact, []licshtest.Case{
		{"$n = Get-Random -Minimum 3 -Maximum 5; $n -ge 3 -and $n -lt 5; $n.GetType().Name", "True\nInt32\n", ""},
		{"(Get-Random -Maximum 1.5).GetType().Name; (Get-Random -Maximum 10000000000).GetType().Name", "Double\nInt64\n", ""},
		{"(Get-Random -Count 5 -Maximum 3 | Where-Object { $_ -lt 0 -or $_ -ge 3 }).Count", "0\n", ""},
		{"(1..10 | Get-Random -Count 4 | Sort-Object -Unique).Count; (1..5 | Get-Random -Shuffle | Sort-Object) -join ','", "4\n1,2,3,4,5\n", ""},
		{"(Get-Random -SetSeed 42 -Maximum 1000) -eq (Get-Random -SetSeed 42 -Maximum 1000)", "True\n", ""},
		{"((1..20 | Get-Random -SetSeed 7 -Count 5) -join ',') -eq ((1..20 | Get-Random -SetSeed 7 -Count 5) -join ',')", "True\n", ""},
		{"Get-Random -InputObject 'only'", "only\n", ""},
		{"(New-Guid).GetType().FullName; (New-Guid).Guid.Length; New-Guid -Empty | ForEach-Object Guid", "System.Guid\n36\n00000000-0000-0000-0000-000000000000\n", ""},
	}...)
	licshtest.Script(t, t.TempDir()).Check(licshtest.Contains, []licshtest.Case{
		{"iex '1 +'; 'after'", "after\n", "You must provide a value expression following the '+' operator."},
		{"Get-Random -Minimum 5 -Maximum 5", "", "The Minimum value (5) cannot be greater than or equal to the Maximum value (5)."},
	}...)
}

func TestConvertToHtml(t *testing.T) {
	t.Parallel()
	licshtest.Script(t, t.TempDir()).Check(licshtest.Exact, []licshtest.Case{
		{"[pscustomobject]@{Name='Ann & Bob'; N=3} | ConvertTo-Html",
			"<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\"  \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\n" +
				"<html xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n<title>HTML TABLE</title>\n</head><body>\n<table>\n" +
				"<colgroup><col/><col/></colgroup>\n<tr><th>Name</th><th>N</th></tr>\n<tr><td>Ann &amp; Bob</td><td>3</td></tr>\n" +
				"</table>\n</body></html>\n", ""},
		{"@([pscustomobject]@{A=1; B='<x>'; C=$null}, [pscustomobject]@{A=2; B=\"it's\"}) | ConvertTo-Html -Fragment -Property A, B -PreContent '<h2>T</h2>' -PostContent 'end'",
			"<h2>T</h2>\n<table>\n<colgroup><col/><col/></colgroup>\n<tr><th>A</th><th>B</th></tr>\n<tr><td>1</td><td>&lt;x&gt;</td></tr>\n<tr><td>2</td><td>it&#39;s</td></tr>\n</table>\nend\n", ""},
		{"[pscustomobject]@{A=1} | ConvertTo-Html -Title 'Licenses' -Property @{n='Twice'; e={$_.A * 2}} | Select-String -Pattern '<title>|<td>' -Raw",
			"<title>Licenses</title>\n<tr><td>2</td></tr>\n", ""},
		{"[pscustomobject]@{A=1; B=2} | ConvertTo-Html -As List -Fragment", "<table>\n<tr><td>A:</td><td>1</td></tr>\n<tr><td>B:</td><td>2</td></tr>\n</table>\n", ""},
		{"'ab', 'c' | ConvertTo-Html -Fragment", "<table>\n<colgroup><col/></colgroup>\n<tr><th>Length</th></tr>\n<tr><td>2</td></tr>\n<tr><td>1</td></tr>\n</table>\n", ""},
	}...)
}

func TestSessionCmdlets(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	licshtest.Script(t, dir).Check(licshtest.Exact, []licshtest.Case{
		{"Invoke-Expression '$x = 2 + 3'; $x; iex 'function f { \"f$args\" }'; f 1", "5\nf1\n", ""},
		{"'Get-Date -Year 2020 -Format yyyy' | Invoke-Expression; $c = '1..3'; (iex $c).Count", "2020\n3\n", ""},
		{"(Get-Host).Name; $Host.Version.Major; $Host.UI.RawUI.WindowTitle = 'Licenses'; $Host.UI.RawUI.WindowTitle", "ConsoleHost\n7\nLicenses\n", ""},
		{"Clear-Host; cls; clear; 'after'", "after\n", ""},
		{"Get-ExecutionPolicy; Set-ExecutionPolicy RemoteSigned -Scope CurrentUser -Force; Get-ExecutionPolicy -Scope CurrentUser", "Unrestricted\nUndefined\n", ""},
		{"Set-ExecutionPolicy Bypass -WhatIf", "What if: Performing the operation \"Set-ExecutionPolicy\" on target \"Bypass\".\n", ""},
		{"Add-Type -AssemblyName System.Web, System.Windows.Forms, 'Microsoft.VisualBasic', PresentationFramework, System.Drawing; 'ok'", "ok\n", ""},
	}...)
	oneLine(t, dir).Check(licshtest.Exact, []licshtest.Case{
		{"iex 'Get-Item nope'", "", "Get-Item: Cannot find path '" + filepath.Join(dir, "nope") + "' because it does not exist.\n"},
		{"1..3 | Out-GridView -PassThru", "", "Out-GridView: licsh has no windows to show a grid in. Show the objects with Format-Table, or write them to a workbook with Export-Excel and open it in Excel.\n"},
		{"Add-Type -TypeDefinition 'public class X {}'", "", "Add-Type: licsh cannot compile .NET code, so the C# of -TypeDefinition is not run. Write the helper as a PowerShell function, or as a Go cmdlet in your cmdlet folder.\n"},
		{"Add-Type -MemberDefinition '[DllImport(\"user32.dll\")] public static extern bool X();' -Name W -Namespace N", "", "Add-Type: licsh cannot compile .NET code, so the C# of -MemberDefinition is not run. Write the helper as a PowerShell function, or as a Go cmdlet in your cmdlet folder.\n"},
		{"Add-Type -AssemblyName Contoso.Tools", "", "Add-Type: Cannot add type. The assembly 'Contoso.Tools' could not be found.\n"},
		{"$s = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri https://outlook.office365.com/powershell-liveid/ -Authentication Basic -AllowRedirection", "",
			"New-PSSession: licsh does not do PowerShell remoting: it works offline on the tenant file, so it cannot open a session to Exchange Online or another computer. Use the cmdlets of the Microsoft.Graph, MSOnline and AzureAD modules, which work on the tenant file, without a session.\n"},
		{"Import-PSSession $s -DisableNameChecking -AllowClobber", "",
			"Import-PSSession: licsh does not do PowerShell remoting: it works offline on the tenant file, so there is no remote session to import commands from. The cmdlets of the Microsoft.Graph, MSOnline and AzureAD modules are there already.\n"},
		{"Remove-PSSession $s", "", "Remove-PSSession: licsh does not do PowerShell remoting: it works offline on the tenant file and has no remote session to close.\n"},
		{"Enter-PSSession -ComputerName dc01", "", "Enter-PSSession: licsh does not do PowerShell remoting: it works offline on the tenant file and cannot enter a session on another computer.\n"},
	}...)
}

// TestClearHostInteractive checks that Clear-Host clears a terminal.
func TestClearHostInteractive(t *testing.T) {
	t.Parallel()
	var out, errb bytes.Buffer
	r := licshtest.New(t).Runner(&interp.Host{Stdout: &out, Stderr: &errb, Interactive: true, Stdin: strings.NewReader("")})
	r.RunString(context.Background(), "", "Clear-Host", nil)
	if got := out.String(); got != "\x1b[H\x1b[2J\x1b[3J" || errb.Len() > 0 {
		t.Errorf("Clear-Host wrote %q, errors %q", got, errb.String())
	}
}
