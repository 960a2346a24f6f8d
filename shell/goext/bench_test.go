package goext

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"licsh/shell/interp"
)

// BenchmarkStartup measures what Go cmdlets add to licsh's start-up:
// registering the folders (reading and parsing every file) and listing the
// commands as Get-Command does, with no user file and with 20 of them, each
// a realistic cmdlet with parameters, help and examples.
func BenchmarkStartup(b *testing.B) {
	many := b.TempDir()
	src, err := os.ReadFile("../../scripts/cmdlets/convertto_upn.go")
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		// Rename the cmdlets so that the 20 files do not clash.
		s := strings.ReplaceAll(string(src), "ConvertTo-Upn", fmt.Sprintf("ConvertTo-Upn%d", i))
		s = strings.ReplaceAll(s, "Export-Upn", fmt.Sprintf("Export-Upn%d", i))
		if err := os.WriteFile(filepath.Join(many, fmt.Sprintf("c%02d.go", i)), []byte(s), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	for _, bc := range []struct {
		name string
		dir  string
	}{{"none", b.TempDir()}, {"20files", many}} {
		b.Run(bc.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				reg := interp.NewRegistry()
				if errs := NewEngine().Register(reg, Dir{FS: os.DirFS(bc.dir), Name: bc.dir}); len(errs) > 0 {
					b.Fatal(errs)
				}
				_ = reg.Cmdlets()
			}
		})
	}
}
