package builtins_test

import (
	"testing"

	"licsh/builtins/licshtest"
)

// TestExamples runs the examples of every built-in cmdlet.
func TestExamples(t *testing.T) {
	t.Parallel()
	licshtest.CheckExamples(t, registry(t).Cmdlets(), nil)
}
