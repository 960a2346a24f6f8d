package m365

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"licsh/builtins/tenant"
	"licsh/builtins/tenant/graphclient"
)

// TestRecord checks that the tenant's errors become the same records
// whichever tenant the cmdlets work on: a refusal by its code and
// Microsoft's text, whether a tenant file or Microsoft 365 decided it,
// and Graph's own failures by Graph's code.
func TestRecord(t *testing.T) {
	t.Parallel()
	refusal := &tenant.Error{Code: tenant.CodeUserNotFound, Message: "Resource 'x@contoso.com' does not exist or one of its queried reference-property objects are not present."}
	for _, tc := range []struct {
		err                error
		id, category, text string
	}{
		{refusal, string(tenant.CodeUserNotFound), "ObjectNotFound", refusal.Message},
		{fmt.Errorf("set license: %w", refusal), string(tenant.CodeUserNotFound), "ObjectNotFound", refusal.Message},
		{&graphclient.Error{Status: 403, Code: "Authorization_RequestDenied", Message: "Insufficient privileges to complete the operation."},
			"Authorization_RequestDenied", "PermissionDenied", "Insufficient privileges to complete the operation."},
		{&graphclient.NetworkError{URL: "https://graph.microsoft.com/v1.0/users", Err: errors.New("connection refused")},
			"GraphUnavailable", "ConnectionError", ""},
		{fmt.Errorf("read users: %w", context.Canceled), "OperationStopped", "OperationStopped", "The operation was canceled."},
		{errors.New("disk I/O error"), "TenantError", "NotSpecified", "disk I/O error"},
	} {
		rec := Record(tc.err, "x@contoso.com")
		if rec.ID != tc.id || rec.Category != tc.category || tc.text != "" && rec.Exception.Message != tc.text || rec.Target != "x@contoso.com" {
			t.Errorf("Record(%v) = %s %s %q, want %s %s %q", tc.err, rec.ID, rec.Category, rec.Exception.Message, tc.id, tc.category, tc.text)
		}
	}
}
