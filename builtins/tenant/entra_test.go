package tenant

import (
	"strings"
	"testing"
)

// TestEntraActivitiesAreOneToOne: each tenant operation has at most one
// Entra activity and each activity one operation, so that an entry read
// back from Entra names the operation that wrote it; and the lookups
// ignore case, as the audit log's filters do.
func TestEntraActivitiesAreOneToOne(t *testing.T) {
	t.Parallel()
	ops, acts := map[string]bool{}, map[string]bool{}
	for _, a := range EntraActivities() {
		op, act := strings.ToLower(a.Operation), strings.ToLower(a.Activity)
		if ops[op] || acts[act] {
			t.Errorf("%q / %q is in the table twice", a.Operation, a.Activity)
		}
		ops[op], acts[act] = true, true
		if got, ok := EntraActivityOf(strings.ToUpper(a.Operation)); !ok || got != a {
			t.Errorf("EntraActivityOf(%q) = %+v, %v", a.Operation, got, ok)
		}
		if got, ok := EntraOperation(strings.ToLower(a.Activity)); !ok || got != a {
			t.Errorf("EntraOperation(%q) = %+v, %v", a.Activity, got, ok)
		}
	}
	for _, op := range []string{"Set tenant clock", "Start batch", "Add subscription", "Convert mailbox"} {
		if a, ok := EntraActivityOf(op); ok {
			t.Errorf("%s is in Entra's log as %q, which has no such activity", op, a.Activity)
		}
	}
	if a, ok := EntraActivityOf(opSetLicense); !ok || a.Activity != "Change user license" || a.Property != "AssignedLicense" {
		t.Errorf("a license change is %+v, %v", a, ok)
	}
}
