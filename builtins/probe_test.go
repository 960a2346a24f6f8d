package builtins

import (
	"os"
	"strings"
	"testing"
)

func TestProbe(t *testing.T) {
	src, _ := os.ReadFile("/tmp/probe.ps1")
	dir := "/tmp/probe"
	os.MkdirAll(dir, 0o755)
	for _, s := range strings.Split(string(src), "\n#---\n") {
		o, e := run(t, dir, s)
		t.Logf("\n>>> %s\n%s<<<%s", s, o, e)
	}
}
