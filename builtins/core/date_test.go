package core_test

import (
	"testing"

	"licsh/builtins/licshtest"
)

func TestDateCmdlets(t *testing.T) {
	t.Parallel()
	licshtest.Script(t, t.TempDir()).Check(licshtest.Contains, []licshtest.Case{
		{"Get-Date -Format 'yyyy-MM-dd HH:mm:ss'", "2024-05-31 14:05:09\n", ""},
		{"Get-Date -Format s", "2024-05-31T14:05:09\n", ""},
		{"Get-Date -UFormat '%Y%m%d'", "20240531\n", ""},
		{"(Get-Date).Year", "2024\n", ""},
		{"Get-Date -Year 2020 -Month 2 -Day 30 -Format 'yyyy-MM-dd'", "2020-02-29\n", ""},
		{"Get-Date -Date '2023-01-02' -Format 'dd/MM/yyyy'", "02/01/2023\n", ""},
		{"Get-Date -Hour 0 -Minute 0 -Second 0 -Format 'HH:mm:ss'", "00:00:00\n", ""},
		{"Get-Date -Month 13", "", "Cannot validate argument on parameter 'Month'. The 13 argument is greater than the maximum allowed range of 12."},
		{"Get-Date -UnixTimeSeconds 0 -Format 'yyyy-MM-dd'", "1970-01-01\n", ""},
		{"(New-TimeSpan -Days 2 -Hours 3).TotalHours", "51\n", ""},
		{"New-TimeSpan -Minutes 90", "\nDays              : 0\nHours             : 1\nMinutes           : 30\nSeconds           : 0\nMilliseconds      : 0\nTicks             : 54000000000\nTotalDays         : 0.0625\nTotalHours        : 1.5\nTotalMinutes      : 90\nTotalSeconds      : 5400\nTotalMilliseconds : 5400000\n\n", ""},
		{"(New-TimeSpan -Start (Get-Date).AddDays(-30)).Days", "30\n", ""},
		{"(New-TimeSpan -Start '2024-01-01' -End '2024-01-11').Days", "10\n", ""},
		{"Start-Sleep -Milliseconds 10; 'woke'", "woke\n", ""},
		{"Start-Sleep 0; 'woke'", "woke\n", ""},
	}...)
}
