package builtins

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
	"time"

	"licsh/shell/interp"
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
	r.RunString(ctx, "test.ps1", script, nil)
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

func TestTenantSmoke(t *testing.T) {
	s := newTenantFile(t)
	out, errText := s.run(setup)
	t.Logf("out=%s err=%s", out, errText)
	out, errText = s.run("Get-License; Get-User; Get-Tenant; Set-UserLicense ann@fabrikam.com -AddLicenses SPE_E5 -PassThru; Get-UserLicense; Set-UserLicense ann@fabrikam.com -RemoveLicenses SPE_E5,SPE_E3; Get-UserData ann@fabrikam.com; Get-Subscription; Get-AuditLog")
	t.Logf("out=%s err=%s", out, errText)
}
