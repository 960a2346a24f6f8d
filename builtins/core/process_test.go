package core_test

import (
	"testing"

	"licsh/builtins/licshtest"
)

// TestStartProcessAndInvokeCommand: licsh starts no other program and does
// no remoting, saying so as each statement's error, and the script goes
// on; Invoke-Command runs a script block here.
func TestStartProcessAndInvokeCommand(t *testing.T) {
	t.Parallel()
	oneLine(t, t.TempDir()).Check(licshtest.Exact, []licshtest.Case{
		{"Start-Process notepad.exe -ArgumentList report.csv -Wait; 'next'", "next\n",
			"Start-Process: This command cannot be run due to the error: licsh starts no other programs, so 'notepad.exe' is not run. Run a PowerShell script with & '.\\script.ps1', and read a file with Get-Content, Import-Csv or Import-Excel.\n"},
		{"start https://portal.office.com; saps pwsh -ArgumentList '-File', 'x.ps1'; 'next'", "next\n",
			"Start-Process: This command cannot be run due to the error: licsh starts no other programs, so 'https://portal.office.com' is not run. Run a PowerShell script with & '.\\script.ps1', and read a file with Get-Content, Import-Csv or Import-Excel.\n" +
				"Start-Process: This command cannot be run due to the error: licsh starts no other programs, so 'pwsh' is not run. Run a PowerShell script with & '.\\script.ps1', and read a file with Get-Content, Import-Csv or Import-Excel.\n"},
		{"Invoke-Command -ComputerName dc01 -ScriptBlock { Start-ADSyncSyncCycle -PolicyType Delta }; 'next'", "next\n",
			"Invoke-Command: licsh does not do PowerShell remoting: it works offline on the tenant file and cannot run commands on another computer or in another session. Without -ComputerName, Invoke-Command runs the script block here.\n"},
		{"$s = 'session'; icm -Session $s { 1 }; try { Invoke-Command -ConnectionUri https://x/ -ScriptBlock { 1 } -ErrorAction Stop } catch { $_.FullyQualifiedErrorId }",
			"RemotingNotSupported,Microsoft.PowerShell.Commands.InvokeCommandCommand\n",
			"Invoke-Command: licsh does not do PowerShell remoting: it works offline on the tenant file and cannot run commands on another computer or in another session. Without -Session, Invoke-Command runs the script block here.\n"},
		{"Invoke-Command -ScriptBlock { param([int]$n) $n * 2 } -ArgumentList 21; Invoke-Command -InputObject 5 -ScriptBlock { $input }", "42\n5\n", ""},
		// throw ends the script, as in & { }.
		{"Invoke-Command { throw 'inside' }; 'next'", "", "Exception: inside\n"},
	}...)
}
