package builtins

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"licsh/builtins/tenant"
	"licsh/shell/interp"
	"licsh/shell/value"
)

// tenantSession runs scripts against one tenant file, each in a fresh
// licsh session as separate licsh runs would.
type tenantSession struct {
	t    *testing.T
	path string
}

func newTenantFile(t *testing.T) *tenantSession {
	t.Helper()
	return &tenantSession{t: t, path: filepath.Join(t.TempDir(), "tenant.db")}
}

func (s *tenantSession) run(script string) (stdout, stderr string) {
	s.t.Helper()
	ts := NewTenantSession(s.path, false)
	defer ts.Close()
	reg := interp.NewRegistry()
	Register(reg)
	RegisterTenant(reg, ts)
	var out, errb bytes.Buffer
	host := &interp.Host{Stdout: &out, Stderr: &errb, Width: 120, Dir: filepath.Dir(s.path), Now: func() time.Time { return clock }}
	r := interp.New(host, reg)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	r.RunString(ctx, "", script, nil)
	return out.String(), errb.String()
}

// tenantCase is one script and what it must print: stdout exactly, and
// stderr exactly when wantErr is set (warnings and errors go there).
type tenantCase struct {
	script  string
	want    string
	wantErr string
}

func (s *tenantSession) cases(cases []tenantCase) {
	s.t.Helper()
	for _, tc := range cases {
		got, errText := s.run(tc.script)
		if got != tc.want {
			s.t.Errorf("%s\n got: %q\nwant: %q\nstderr: %s", tc.script, got, tc.want, errText)
		}
		if errText != tc.wantErr {
			s.t.Errorf("%s\nstderr:\n got: %q\nwant: %q", tc.script, errText, tc.wantErr)
		}
	}
}

// setup is a small tenant: Fabrikam, one E5 subscription of 5 seats and
// one E3 of 3, and users.
const setup = `Initialize-Tenant -Name Fabrikam -DefaultDomain fabrikam.com
Set-TenantClock -Date '2025-03-01T09:00:00Z' | Out-Null
Add-Subscription -Sku SPE_E5 -Quantity 5 | Out-Null
Add-Subscription -Sku SPE_E3 -Quantity 3 | Out-Null
'ann','bob','cid','dee' | ForEach-Object { New-User -UserPrincipalName "$_@fabrikam.com" -DisplayName $_ -Department Sales -UsageLocation US } | Out-Null
New-User -UserPrincipalName nol@fabrikam.com -DisplayName Nol -Department IT | Out-Null
New-User -UserPrincipalName reader@fabrikam.com -DisplayName Reader -Department IT -UsageLocation GB | Out-Null
Add-RoleAssignment -Role 'Global Reader' -User reader@fabrikam.com
`

func TestTenantCmdletsHaveHelp(t *testing.T) {
	reg := interp.NewRegistry()
	RegisterTenant(reg, NewTenantSession("", false))
	// The tenant, batch and compatibility cmdlets that design section 4
	// names are a contract: every one must be there.
	for _, name := range strings.Fields(`Connect-Tenant Get-Tenant Set-Tenant Initialize-Tenant Set-TenantClock
		Get-User New-User Set-User Remove-User Restore-User Get-DeletedUser Get-License Get-Subscription
		Add-Subscription Set-Subscription Get-SkuCatalog Import-SkuCatalog Set-UserLicense Get-UserLicense
		Get-Group New-Group Add-GroupMember Remove-GroupMember Get-GroupMember Set-GroupLicense
		Get-RoleAssignment Add-RoleAssignment Remove-RoleAssignment Get-Mailbox Set-Mailbox Get-UserData
		Get-AuditLog Invoke-LicenseBatch Get-LicenseBatch Undo-LicenseBatch
		Connect-MgGraph Connect-Graph Get-MgUser Get-MgSubscribedSku Set-MgUserLicense Get-MgUserLicenseDetail
		Update-MgUser Remove-MgUser Get-MgGroup Get-MgGroupMember Set-MgGroupLicense Get-MgDirectoryDeletedItem
		Restore-MgDirectoryDeletedItem Connect-MsolService Get-MsolUser Get-MsolAccountSku Set-MsolUserLicense
		Set-MsolUser Remove-MsolUser Connect-AzureAD Get-AzureADUser Get-AzureADSubscribedSku
		Set-AzureADUserLicense Set-AzureADUser`) {
		if reg.Lookup(name) == nil {
			t.Errorf("%s is not registered", name)
		}
	}
	checkHelp(t, reg)
}

func TestParseUserFilter(t *testing.T) {
	for _, tc := range []struct {
		filter string
		want   tenant.UserFilter
		err    string
	}{
		{"department eq 'Sales'", tenant.UserFilter{Department: "Sales"}, ""},
		{"Department EQ 'Human Resources' and usageLocation eq 'GB'", tenant.UserFilter{Department: "Human Resources", UsageLocation: "GB"}, ""},
		{"startswith(userPrincipalName,'o''brien')", tenant.UserFilter{UPNPrefix: "o'brien"}, ""},
		{"department eq 'R and D'", tenant.UserFilter{Department: "R and D"}, ""},
		{"assignedLicenses/any(x:x/skuId eq 06ebc4ee-1bb5-47dd-8120-11324bc54e06)", tenant.UserFilter{SkuID: "06ebc4ee-1bb5-47dd-8120-11324bc54e06"}, ""},
		{"jobTitle eq 'CEO'", tenant.UserFilter{}, "Unsupported or invalid query filter clause specified for property 'jobTitle' of resource 'User'."},
		{"startswith(displayName,'A')", tenant.UserFilter{}, "Unsupported or invalid query filter clause specified for property 'displayName' of resource 'User'."},
		{"department eq Sales", tenant.UserFilter{}, "Invalid filter clause"},
		{"", tenant.UserFilter{}, "Invalid filter clause"},
		{"department eq 'Sales' or department eq 'IT'", tenant.UserFilter{}, "Invalid filter clause"},
	} {
		var got tenant.UserFilter
		err := parseUserFilter(tc.filter, &got)
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		if msg != tc.err {
			t.Errorf("%q: error %q, want %q", tc.filter, msg, tc.err)
		}
		if tc.err == "" && got != tc.want {
			t.Errorf("%q: got %+v, want %+v", tc.filter, got, tc.want)
		}
	}
}

func TestInitNames(t *testing.T) {
	for _, tc := range []struct{ name, domain, wantName, wantDomain string }{
		{"", "", "Contoso", "contoso.com"},
		{"Fabrikam", "", "Fabrikam", "fabrikam.onmicrosoft.com"},
		{"Wide World Importers", "", "Wide World Importers", "wideworldimporters.onmicrosoft.com"},
		{"", "tailspin.com", "tailspin", "tailspin.com"},
		{"Fabrikam", "fabrikam.com", "Fabrikam", "fabrikam.com"},
	} {
		n, d := initNames(tc.name, tc.domain)
		if n != tc.wantName || d != tc.wantDomain {
			t.Errorf("initNames(%q, %q) = %q, %q; want %q, %q", tc.name, tc.domain, n, d, tc.wantName, tc.wantDomain)
		}
	}
}

func TestIdentityOf(t *testing.T) {
	obj := func(name, v string) *value.Object {
		o := value.NewObject()
		o.Set("Display name", "Ann")
		o.Set(name, v)
		return o
	}
	for _, tc := range []struct {
		in   any
		want string
	}{
		{"ann@contoso.com", "ann@contoso.com"},
		{obj("UserPrincipalName", "a@x.com"), "a@x.com"},
		{obj("User principal name", "b@x.com"), "b@x.com"},
		{obj("UPN", "c@x.com"), "c@x.com"},
		{obj("Id", "0b1e9a52-0000-4000-8000-000000000001"), "0b1e9a52-0000-4000-8000-000000000001"},
		{nil, ""},
	} {
		if got := identityOf(tc.in); got != tc.want {
			t.Errorf("identityOf(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTenantCmdlets(t *testing.T) {
	s := newTenantFile(t)
	if _, errText := s.run(setup); errText != "" {
		t.Fatalf("setup: %s", errText)
	}
	s.cases([]tenantCase{
		{"(Get-User -Department Sales).UserPrincipalName", "ann@fabrikam.com\nbob@fabrikam.com\ncid@fabrikam.com\ndee@fabrikam.com\n", ""},
		{"(Get-User -Filter \"startswith(userPrincipalName,'re')\").DisplayName", "Reader\n", ""},
		{"(Get-User -Top 2).UserPrincipalName", "admin@fabrikam.com\nann@fabrikam.com\n", ""},
		{"(Get-User -UsageLocation GB).UserPrincipalName", "reader@fabrikam.com\n", ""},
		{"[pscustomobject]@{UPN='bob@fabrikam.com'} | Set-UserLicense -AddLicenses @{SkuId='SPE_E5'; DisabledPlans=@()} -PassThru | ForEach-Object Licenses", "SPE_E5\n", ""},
		{"(Get-User -Licensed).UserPrincipalName; (Get-User -Sku 'Microsoft 365 E5').UserPrincipalName", "bob@fabrikam.com\nbob@fabrikam.com\n", ""},
		{"Set-UserLicense bob@fabrikam.com -RemoveLicenses SPE_E3 -AddLicenses SPE_E3 -WarningAction SilentlyContinue; ((Get-User bob@fabrikam.com).Licenses | Sort-Object) -join ','", "SPE_E3,SPE_E5\n", ""},
		{"New-Group 'E3 Group' | Out-Null; Set-GroupLicense -Group 'E3 Group' -AddLicenses SPE_E3; Add-GroupMember -Group 'E3 Group' -Member cid@fabrikam.com; Get-Group | ForEach-Object { '{0} {1} {2}' -f $_.DisplayName, ($_.Licenses -join ','), $_.MemberCount }",
			"E3 Group SPE_E3 1\n", ""},
		{"(Get-GroupMember -Group 'E3 Group').UserPrincipalName; Get-UserLicense cid@fabrikam.com | ForEach-Object { $_.SkuPartNumber + ' ' + $_.AssignedBy }", "cid@fabrikam.com\nSPE_E3 E3 Group\n", ""},
		{"Get-UserLicense bob@fabrikam.com, cid@fabrikam.com | ForEach-Object { $_.UserPrincipalName + ' ' + $_.SkuPartNumber + ' ' + $_.AssignedBy }",
			"bob@fabrikam.com SPE_E3 Direct\nbob@fabrikam.com SPE_E5 Direct\ncid@fabrikam.com SPE_E3 E3 Group\n", ""},
		{"(Get-UserLicense -Identity (Get-User bob@fabrikam.com), 'cid@fabrikam.com').Count", "3\n", ""},
		{"Get-UserLicense nobody@fabrikam.com, cid@fabrikam.com -ErrorAction SilentlyContinue -ErrorVariable e | ForEach-Object SkuPartNumber; $e.Count", "SPE_E3\n1\n", ""},
		{"Set-UserLicense cid@fabrikam.com -RemoveLicenses SPE_E3 -ErrorAction SilentlyContinue -ErrorVariable e; $e[0].Exception.Message; $e[0].FullyQualifiedErrorId; $e[0].CategoryInfo.Category",
			"User license is inherited from a group membership and it cannot be removed directly from the user.\nInheritedLicense,Set-UserLicense\nInvalidOperation\n", ""},
		{"Remove-GroupMember -Group 'E3 Group' -Member cid@fabrikam.com; (Get-User cid@fabrikam.com).IsLicensed", "False\n", ""},
		{"(Get-RoleAssignment -User reader@fabrikam.com).Role", "Global Reader\n", ""},
		{"Remove-RoleAssignment -Role 'Global Reader' -User reader@fabrikam.com; (Get-RoleAssignment -User reader@fabrikam.com).Count", "0\n", ""},
		{"Set-User dee@fabrikam.com -JobTitle Lead -PassThru | ForEach-Object JobTitle", "Lead\n", ""},
		{"Remove-User dee@fabrikam.com; (Get-DeletedUser).UserPrincipalName; Restore-User dee@fabrikam.com | ForEach-Object UserPrincipalName; (Get-DeletedUser).Count", "dee@fabrikam.com\ndee@fabrikam.com\n0\n", ""},
		{"Set-Mailbox bob@fabrikam.com -LitigationHoldEnabled $true; Get-Mailbox bob@fabrikam.com | ForEach-Object { $_.LitigationHoldEnabled, $_.IsInactiveMailbox -join ' ' }", "True False\n", ""},
		{"(Get-AuditLog -Target bob@fabrikam.com -Last 1).Operation", "Set litigation hold\n", ""},
		{"(Get-Mailbox bob@fabrikam.com, cid@fabrikam.com).UserPrincipalName; (Get-UserData nobody@fabrikam.com, ann@fabrikam.com -ErrorAction SilentlyContinue).UserPrincipalName",
			"bob@fabrikam.com\ncid@fabrikam.com\nann@fabrikam.com\n", ""},
		{"(Get-SkuCatalog SPE_E5).SkuId", "06ebc4ee-1bb5-47dd-8120-11324bc54e06\n", ""},
		{"(Get-License -Sku SPE_E5).Assigned", "1\n", ""},
		{"Get-User -Filter \"jobTitle eq 'x'\"", "", "Get-User: Unsupported or invalid query filter clause specified for property 'jobTitle' of resource 'User'.\n"},
		{"Connect-Tenant reader@fabrikam.com; New-User -UserPrincipalName x@fabrikam.com -DisplayName X", "", "New-User: Insufficient privileges to complete the operation.\n"},
	})
}
