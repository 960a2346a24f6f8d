package goext

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// TestShippedCmdletsCompile type-checks each shipped cmdlet file with the
// Go toolchain, on its own as licsh interprets it (each file is a package
// of its own, under the licsh build tag), so that a mistake yaegi would
// only find at the first call fails here.
func TestShippedCmdletsCompile(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs go vet on each file")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no Go toolchain")
	}
	files, err := filepath.Glob(filepath.Join(shippedPath, "*.go"))
	if err != nil || len(files) < 4 {
		t.Fatalf("shipped cmdlet files: %v %v", files, err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			cmd := exec.Command(goTool, "vet", "-tags", "licsh", f)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("go vet: %v\n%s", err, out)
			}
		})
	}
}
