package core_test

import (
	"testing"

	"licsh/builtins/licshtest"
)

// TestWhatIfReachesTheCmdletsAFunctionCalls runs an advanced function that
// changes licenses with -WhatIf and -Confirm, as pwsh passes them on
// through $WhatIfPreference and $ConfirmPreference.
func TestWhatIfReachesTheCmdletsAFunctionCalls(t *testing.T) {
	t.Parallel()
	const fn = "function Remove-Seat { [CmdletBinding(SupportsShouldProcess)] param([string]$User) " +
		"Set-UserLicense -Identity $User -RemoveLicenses SPE_E3 -WarningAction SilentlyContinue | Out-Null; 'done' }\n"
	licshtest.Demo(t).Check(licshtest.Contains, []licshtest.Case{
		{fn + "Remove-Seat adele.garcia@contoso.com -WhatIf; (Get-UserLicense -Identity adele.garcia@contoso.com).SkuPartNumber -contains 'SPE_E3'",
			"What if: Performing the operation \"Remove license SPE_E3\" on target \"adele.garcia@contoso.com\".\ndone\nTrue\n", ""},
		{fn + "Remove-Seat adele.garcia@contoso.com -Confirm; (Get-UserLicense -Identity adele.garcia@contoso.com).SkuPartNumber -contains 'SPE_E3'",
			"done\nTrue\n", "Set-UserLicense: PowerShell is in NonInteractive mode. Read and Prompt functionality is not available."},
		{fn + "Remove-Seat adele.garcia@contoso.com -Confirm:$false; (Get-UserLicense -Identity adele.garcia@contoso.com).SkuPartNumber -contains 'SPE_E3'",
			"done\nFalse\n", ""},
	}...)
}
