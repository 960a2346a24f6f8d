package core_test

import (
	"testing"

	"licsh/builtins/licshtest"
)

func TestWriteCmdlets(t *testing.T) {
	t.Parallel()
	licshtest.Script(t, t.TempDir()).Check(licshtest.Contains, []licshtest.Case{
		{"Write-Output 'x'", "x\n", ""},
		{"echo a b", "a\nb\n", ""},
		{"(Write-Output 1,2,3).Count", "3\n", ""},
		{"(Write-Output -NoEnumerate 1,2,3 | Measure-Object).Count", "1\n", ""},
		{"Write-Host 'Licenses assigned:' 12", "Licenses assigned: 12\n", ""},
		{"Write-Host 1,2,3 -Separator ', '", "1, 2, 3\n", ""},
		{"Write-Host 'a' -NoNewline; Write-Host 'b'", "ab\n", ""},
		{"Write-Host 'red' -ForegroundColor Red", "red\n", ""},
		{"Write-Host", "\n", ""},
		{"$x = Write-Host 'shown'; $x -eq $null", "shown\nTrue\n", ""},
		{"Write-Warning 'Only 3 seats left.'", "WARNING: Only 3 seats left.\n", ""},
		{"Write-Verbose 'hidden'; Write-Verbose 'shown' -Verbose", "VERBOSE: shown\n", ""},
		{"Write-Debug 'hidden'", "", ""},
		{"Write-Error 'No seats left.'", "", "Write-Error: test.ps1:1\nLine |\n   1 |  Write-Error 'No seats left.'\n     |  ~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n     | No seats left.\n"},
		{"Write-Error 'boom'; 'still running'", "still running\n", "     | boom\n"},
		{"try { Write-Error 'boom' -ErrorAction Stop } catch { $_.Exception.Message; $_.CategoryInfo.Category }", "boom\nNotSpecified\n", ""},
		{"try { Write-Error 'x' -Category LimitsExceeded -ErrorId SeatsExhausted -TargetObject 'SPE_E5' -ErrorAction Stop } catch { $_.CategoryInfo.Category; $_.TargetObject; $_.FullyQualifiedErrorId -like 'SeatsExhausted*' }", "LimitsExceeded\nSPE_E5\nTrue\n", ""},
		{"Write-Error -Message 'quiet' -ErrorAction SilentlyContinue; $Error[0].Exception.Message", "quiet\n", ""},
		{"function f { Write-Error 'inner' }; f; 'next'", "next\n", "f: test.ps1:1\n"},
		{"function f { Write-Error 'inner' }; f 2>$null; $Error[0].FullyQualifiedErrorId", "Microsoft.PowerShell.Commands.WriteErrorException,f\n", ""},
		{"function f { Write-Error 'x' -ErrorId Seats }; f 2>$null; $Error[0].FullyQualifiedErrorId", "Seats,f\n", ""},
		{"function outer { function inner { Write-Error 'deep' }; inner }; outer 2>$null; $Error[0].FullyQualifiedErrorId", "Microsoft.PowerShell.Commands.WriteErrorException,inner\n", ""},
		{"function f { Write-Error 'x' -ErrorAction Stop }; try { f } catch { $_.FullyQualifiedErrorId }", "Microsoft.PowerShell.Commands.WriteErrorException,f\n", ""},
		{"Write-Progress -Activity 'Assigning' -PercentComplete 50; 'ok'", "ok\n", ""},
		{"1..3 | Out-Null", "", ""},
		{"'a' | Out-Host; 'b'", "a\nb\n", ""},
		{"$s = 'a','b' | Out-String; $s.Length", "4\n", ""},
		{"'a','b' | Out-String -Stream | % { \"<$_>\" }", "<a>\n<b>\n", ""},
		{"[pscustomobject]@{Name='Ann'; N=3} | Out-String", "\nName N\n---- -\nAnn  3\n\n\n", ""},
	}...)
}

func TestFormatCmdlets(t *testing.T) {
	t.Parallel()
	licshtest.Script(t, t.TempDir()).Check(licshtest.Contains, []licshtest.Case{
		{people + "$u | Format-Table Name, N", "\nName N\n---- -\nAnn  3\nBob  5\nCy   1\n\n", ""},
		{people + "$u | ft Name, @{Label='Twice'; Expression={$_.N * 2}}", "\nName Twice\n---- -----\nAnn      6\nBob     10\nCy       2\n\n", ""},
		{people + "$u | Format-Table Name -HideTableHeaders", "\nAnn\nBob\nCy\n\n", ""},
		{people + "$u | Format-Table N* -AutoSize", "\nName N\n---- -\nAnn  3\nBob  5\nCy   1\n\n", ""},
		{people + "($u | Format-Table Name | Measure-Object).Count", "7\n", ""},
		{people + "$u | Select-Object -First 1 | Format-List", "\nName : Ann\nDept : Sales\nN    : 3\n\n", ""},
		{people + "$u | Select-Object -First 1 | fl Name, @{n='Low'; e={$_.Dept.ToLower()}}", "\nName : Ann\nLow  : sales\n\n", ""},
		{people + "$u | Select-Object -First 1 | Format-List *", "\nName : Ann\nDept : Sales\nN    : 3\n\n", ""},
		{people + "$u | ft @{Label='Who'; Expression='Name'; Width=6}, @{Label='Num'; Expression='N'; Width=4; Alignment='Left'}", "\nWho    Num\n---    ---\nAnn    3\nBob    5\nCy     1\n\n", ""},
		{people + "$u | ft @{Bad=1}", "", "The Bad key is not valid."},
	}...)
}
