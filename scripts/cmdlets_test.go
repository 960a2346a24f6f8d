package scripts_test

import (
	"errors"
	"io/fs"
	"strings"
	"testing"

	"licsh/builtins/licshtest"
	"licsh/scripts"
	"licsh/shell/cmdlet"
	"licsh/shell/goext"
	"licsh/shell/interp"
)

// TestShippedExamples runs the examples of the Go cmdlets licsh ships, as
// licsh loads them, with the built-in cmdlets they call.
func TestShippedExamples(t *testing.T) {
	t.Parallel()
	dir, err := fs.Sub(scripts.Cmdlets, "cmdlets")
	if err != nil {
		t.Fatal(err)
	}
	engine := goext.NewEngine()
	setup := func(reg *interp.Registry) error {
		return errors.Join(engine.Register(reg, goext.Dir{FS: dir, Name: "scripts/cmdlets"})...)
	}
	reg := interp.NewRegistry()
	if err := setup(reg); err != nil {
		t.Fatal(err)
	}
	var shipped []*cmdlet.Cmdlet
	for _, c := range reg.Cmdlets() {
		if strings.HasPrefix(c.Source, "scripts/cmdlets/") {
			shipped = append(shipped, c)
		}
	}
	if len(shipped) < 5 {
		t.Fatalf("%d shipped cmdlets", len(shipped))
	}
	licshtest.CheckExamples(t, shipped, setup)
}
