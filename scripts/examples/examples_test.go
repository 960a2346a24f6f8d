// Package examples holds the shipped batch jobs; its test runs each one end
// to end with the licsh command on a fresh tenant.
package examples

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// licsh builds the command once per test run.
func licsh(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "licsh")
	out, err := exec.Command("go", "build", "-o", bin, "licsh/cmd/licsh").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

const setup = `Initialize-Tenant -Name Contoso -DefaultDomain contoso.com | Out-Null
Add-Subscription -Sku SPE_E5 -Quantity 10 | Out-Null
Add-Subscription -Sku EMSPREMIUM -Quantity 10 | Out-Null
foreach ($n in 'ann','bob','cat') {
    New-User -UserPrincipalName "$n@contoso.com" -DisplayName $n -UsageLocation US | Out-Null
    Set-UserLicense "$n@contoso.com" -AddLicenses SPE_E5, EMSPREMIUM | Out-Null
}
[pscustomobject]@{ UPN = 'ann@contoso.com'; RemoveLicenses = 'SPE_E5' }, [pscustomobject]@{ UPN = 'ghost@contoso.com'; RemoveLicenses = 'SPE_E5' } |
    Export-Excel ./reclaim.xlsx -WorksheetName March
`

func TestExamples(t *testing.T) {
	t.Parallel()
	bin := licsh(t)
	here, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		files map[string]string
		args  []string
		code  int
		want  []string
	}{
		{"scheduled job", map[string]string{"leavers.csv": "UserPrincipalName\nbob@contoso.com\nghost@contoso.com\n"},
			[]string{"scheduled-job.ps1", "-List", "leavers.csv"}, 2,
			[]string{"Rows       : 2", "Changed    : 1", "Failed     : 1"}},
		{"xlsx job", nil, []string{"xlsx-job.ps1", "-Workbook", "reclaim.xlsx", "-Month", "March"}, 0,
			[]string{"Would change 1 of 2 rows.", "Changed 1, skipped 0, failed 1 (batch 1)."}},
		{"export job", map[string]string{"users.csv": "Block credential,Display name,Licenses,Object Id,User principal name,Usage location\n" +
			"True,Cat,Microsoft 365 E5+Enterprise Mobility + Security E5,,cat@contoso.com,US\nFalse,Ann,Microsoft 365 E5,,ann@contoso.com,US\n"},
			[]string{"export-job.ps1", "-Export", "users.csv"}, 0,
			[]string{"Blocked users: 1; licenses removed from 1.", "EMSPREMIUM seats freed: 1", "SPE_E5 seats freed: 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			env := append(os.Environ(), "LICSH_TENANT="+filepath.Join(dir, "tenant.db"), "NO_COLOR=1")
			run := func(args ...string) (string, int) {
				cmd := exec.Command(bin, append([]string{"-NonInteractive"}, args...)...)
				cmd.Dir, cmd.Env = dir, env
				var out bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &out
				err := cmd.Run()
				var exit *exec.ExitError
				if errors.As(err, &exit) {
					return out.String(), exit.ExitCode()
				}
				if err != nil {
					t.Fatal(err)
				}
				return out.String(), 0
			}
			if out, code := run("-Command", setup); code != 0 {
				t.Fatalf("setup: %s", out)
			}
			for name, text := range tt.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			args := append([]string{"-File", filepath.Join(here, tt.args[0])}, tt.args[1:]...)
			out, code := run(args...)
			if code != tt.code {
				t.Fatalf("exit code %d, want %d\n%s", code, tt.code, out)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}
