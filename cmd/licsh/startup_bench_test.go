package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkStartupGoCmdlets measures `licsh -Command 'Get-License'` with no
// Go cmdlet files and with 20 of them in the user's cmdlet folder: Go
// cmdlets are read only when a name is not a built-in's, so the two should
// differ by well under the 5 ms budget.
func BenchmarkStartupGoCmdlets(b *testing.B) {
	dir := b.TempDir()
	tenantFile := filepath.Join(dir, "tenant.db")
	if out, err := exec.Command("licsh", "-NonInteractive", "-Tenant", tenantFile, "-Command",
		"Initialize-Tenant -Name Contoso -DefaultDomain contoso.com -Demo | Out-Null").CombinedOutput(); err != nil {
		b.Fatalf("%v\n%s", err, out)
	}
	src, err := os.ReadFile("../../scripts/cmdlets/convertto_upn.go")
	if err != nil {
		b.Fatal(err)
	}
	none, twenty := filepath.Join(dir, "none"), filepath.Join(dir, "twenty")
	os.Mkdir(none, 0o755)
	os.Mkdir(twenty, 0o755)
	for i := range 20 {
		// Each file declares cmdlets of its own names, so none clash.
		text := strings.NewReplacer("ConvertTo-Upn", "ConvertTo-Upn"+string(rune('A'+i)),
			"Export-Upn", "Export-Upn"+string(rune('A'+i))).Replace(string(src))
		if err := os.WriteFile(filepath.Join(twenty, "c"+string(rune('a'+i))+".go"), []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	for _, folder := range []string{none, twenty} {
		b.Run(filepath.Base(folder), func(b *testing.B) {
			for b.Loop() {
				cmd := exec.Command("licsh", "-NoProfile", "-NonInteractive", "-Tenant", tenantFile, "-Command", "Get-License")
				cmd.Env = append(os.Environ(), "LICSH_CMDLETS="+folder, "XDG_CONFIG_HOME="+dir)
				if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "SPE_E3") {
					b.Fatalf("%v\n%s", err, out)
				}
			}
		})
	}
}
