package tenant

import "testing"

// TestFromGraphReadsBackRefusals: each refusal the Graph server answers
// with GraphStatus and GraphErrorCode is read back by FromGraph as the
// same refusal, and Graph's own answers keep their code.
func TestFromGraphReadsBackRefusals(t *testing.T) {
	t.Parallel()
	for _, want := range []*Error{
		ErrUserNotFound("adele.garcia@contoso.com"), errAccessDenied(), errSkuNotFound("NO_SUCH_SKU"),
		errNoSeats("05e9a617-0261-4cee-bb44-138d3ef5d965"), errUsageLocation(), errInherited(), errNoChanges(),
		ErrSelfService("c1d032e0-5619-4761-9b5c-75b6831e1711"), errLicenseNotHeld(), ErrAlreadyMember(), ErrAlreadyOwner(),
		ErrAlreadyExists("userPrincipalName"), ErrNotMember("megan.jansen@contoso.com", "All Sales"),
		ErrNotOwner("megan.jansen@contoso.com", "All Sales"), ErrRoleNotHeld("adele.garcia@contoso.com", GlobalReader),
		ErrUnknownRole("Chief Licenser"), errLastGlobalAdmin(), errDeleteSelf(), errPasswordPolicy(),
		errPlanNotInSku("NO_PLAN", "05e9a617-0261-4cee-bb44-138d3ef5d965"), ErrInvalidProperty("usageLocation"),
		errGroupName(), errAddressInUse("sales@contoso.com"),
	} {
		status, _ := GraphStatus(want)
		got := FromGraph(status, GraphErrorCode(want), want.Message)
		if *got != *want {
			t.Errorf("FromGraph(%d, %s, %q) = %+v, want %+v", status, GraphErrorCode(want), want.Message, got, want)
		}
	}
	for _, c := range []struct {
		status int
		code   string
		want   Code
	}{
		{404, "Request_ResourceNotFound", CodeUserNotFound},
		{403, "Authorization_RequestDenied", CodeAccessDenied},
		{400, "Request_UnsupportedQuery", CodeUnsupportedQuery},
		{429, "TooManyRequests", "TooManyRequests"},
	} {
		got := FromGraph(c.status, c.code, "Something Graph says.")
		if got.Code != c.want || got.Message != "Something Graph says." {
			t.Errorf("FromGraph(%d, %s) = %+v", c.status, c.code, got)
		}
	}
}
