package m365_test

import (
	"testing"

	"licsh/builtins/licshtest"
)

// TestGetUserNarrowedByWhere shows Get-User -All piped to a Where-Object
// that keeps a department or usage location writing the same users as a
// filter it cannot read: narrowing the listing to the users that can pass
// loses none, whatever the case or script of the department, and leaves
// what the listing gives elsewhere (-OutVariable, a page of users) as it
// was.
func TestGetUserNarrowedByWhere(t *testing.T) {
	t.Parallel()
	s := licshtest.New(t)
	s.MustRun(setup + `New-User -UserPrincipalName eve@fabrikam.com -DisplayName Eve -Department SALES -UsageLocation us | Out-Null
New-User -UserPrincipalName fay@fabrikam.com -DisplayName Fay -Department 'ſales' | Out-Null
New-User -UserPrincipalName gil@fabrikam.com -DisplayName Gil -Department 'Ventes' | Out-Null`)
	// same prints the principal names a pipeline keeps, then whether a
	// ForEach-Object doing the same test, which nothing can read, keeps
	// the same.
	same := func(filter string) string {
		return "$a = @(Get-User -All | " + filter + ").UserPrincipalName; $b = @(Get-User -All | ForEach-Object { $_ } | " + filter + ").UserPrincipalName; $a -join ' '; ($a -join ' ') -eq ($b -join ' ')"
	}
	s.Check(licshtest.Exact, []licshtest.Case{
		{same(`Where-Object { $_.Department -eq 'sales' }`), "ann@fabrikam.com bob@fabrikam.com cid@fabrikam.com dee@fabrikam.com eve@fabrikam.com fay@fabrikam.com\nTrue\n", ""},
		{same(`Where-Object { $_.Department -ceq 'SALES' }`), "eve@fabrikam.com\nTrue\n", ""},
		{same(`Where-Object { $PSItem.UsageLocation -eq 'US' -and $_.Department -eq 'Sales' }`), "ann@fabrikam.com bob@fabrikam.com cid@fabrikam.com dee@fabrikam.com eve@fabrikam.com\nTrue\n", ""},
		{same(`Where-Object Department -EQ 'ſALES'`), "ann@fabrikam.com bob@fabrikam.com cid@fabrikam.com dee@fabrikam.com eve@fabrikam.com fay@fabrikam.com\nTrue\n", ""},
		{same(`Where-Object Department Ventes`), "gil@fabrikam.com\nTrue\n", ""},
		{same(`Where-Object { $_.Department -eq 'Nowhere' }`), "\nTrue\n", ""},
		{"Get-User -All -OutVariable all | Where-Object { $_.Department -eq 'IT' } | Out-Null; $all.Count", "10\n", ""},
		{"(Get-User -Top 2 | Where-Object { $_.Department -eq 'Sales' }).UserPrincipalName", "ann@fabrikam.com\n", ""},
	}...)
}
