package graphapi_test

import (
	"net/url"
	"testing"
	"time"

	"licsh/builtins/tenant/graphapi"
)

// deviceToken signs a user in through an application with the device code
// flow, the code approved as another licsh process would.
func (e *env) deviceToken(appID, scope, upn string) string {
	e.t.Helper()
	status, body := e.form("/contoso.com/oauth2/v2.0/devicecode", url.Values{"client_id": {appID}, "scope": {scope}})
	if status != 200 {
		e.t.Fatalf("devicecode: %d %s", status, body)
	}
	dc := decode(e.t, body)
	if _, _, err := e.st.ApproveDeviceCode(ctx, dc["user_code"].(string), upn); err != nil {
		e.t.Fatal(err)
	}
	status, body = e.form("/contoso.com/oauth2/v2.0/token", url.Values{"client_id": {appID},
		"grant_type": {"urn:ietf:params:oauth:grant-type:device_code"}, "device_code": {dc["device_code"].(string)}})
	if status != 200 {
		e.t.Fatalf("token: %d %s", status, body)
	}
	return decode(e.t, body)["access_token"].(string)
}

// TestDeviceCode follows a client through the device code flow: pending
// until a user approves, then a user's token, once; expired after 15
// minutes of the tenant clock.
func TestDeviceCode(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true, graphapi.Options{})
	appID, _ := e.app("CLI for Microsoft 365", "User.Read.All", "User.ReadWrite.All")
	status, body := e.form("/contoso.com/oauth2/v2.0/devicecode", url.Values{"client_id": {appID},
		"scope": {"https://graph.microsoft.com/User.Read.All openid profile offline_access"}})
	dc := decode(t, body)
	if status != 200 || len(dc["user_code"].(string)) != 9 || dc["device_code"] == "" || dc["expires_in"] != 900.0 ||
		dc["interval"] != 5.0 || dc["verification_uri"] != e.srv.URL+"/devicelogin" || dc["message"] == "" {
		t.Fatalf("devicecode: %d %s", status, body)
	}
	poll := url.Values{"client_id": {appID}, "grant_type": {"urn:ietf:params:oauth:grant-type:device_code"},
		"device_code": {dc["device_code"].(string)}}
	status, body = e.form("/contoso.com/oauth2/v2.0/token", poll)
	if errName, code := aadError(t, body); status != 400 || errName != "authorization_pending" || code != 70016 {
		t.Fatalf("before approval: %d %s", status, body)
	}
	if _, _, err := e.st.ApproveDeviceCode(ctx, dc["user_code"].(string), "pradeep.wilber@contoso.com"); err != nil {
		t.Fatal(err)
	}
	status, body = e.form("/contoso.com/oauth2/v2.0/token", poll)
	tok := decode(t, body)
	if status != 200 || tok["scope"] != "User.Read.All openid profile offline_access" || tok["id_token"] == nil {
		t.Fatalf("after approval: %d %s", status, body)
	}
	c := claimsOf(t, tok["access_token"].(string))
	if c["upn"] != "pradeep.wilber@contoso.com" || c["scp"] != "User.Read.All" || c["idtyp"] != "user" || c["appid"] != appID {
		t.Fatalf("claims: %v", c)
	}
	if id := claimsOf(t, tok["id_token"].(string)); id["preferred_username"] != "pradeep.wilber@contoso.com" || id["aud"] != appID {
		t.Fatalf("id token: %v", id)
	}
	status, body = e.form("/contoso.com/oauth2/v2.0/token", poll)
	if errName, code := aadError(t, body); status != 400 || errName != "invalid_grant" || code != 54005 {
		t.Fatalf("a second redemption: %d %s", status, body)
	}

	// A scope the application does not hold, and a code left too long.
	status, body = e.form("/contoso.com/oauth2/v2.0/devicecode", url.Values{"client_id": {appID}, "scope": {"Directory.ReadWrite.All"}})
	if errName, code := aadError(t, body); status != 400 || errName != "invalid_grant" || code != 65001 {
		t.Fatalf("a scope not consented: %d %s", status, body)
	}
	status, body = e.form("/contoso.com/oauth2/v2.0/devicecode", url.Values{"client_id": {appID}, "scope": {"User.Read.All"}})
	late := decode(t, body)
	if status != 200 {
		t.Fatalf("devicecode: %d %s", status, body)
	}
	if err := e.st.AddDays(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.st.ApproveDeviceCode(ctx, late["user_code"].(string), "pradeep.wilber@contoso.com"); err == nil {
		t.Fatal("an expired code was approved")
	}
	time.Sleep(1100 * time.Millisecond) // the server reads the clock's setting once a second
	poll.Set("device_code", late["device_code"].(string))
	status, body = e.form("/contoso.com/oauth2/v2.0/token", poll)
	if errName, code := aadError(t, body); status != 400 || errName != "expired_token" || code != 70020 {
		t.Fatalf("an expired code: %d %s", status, body)
	}
}
