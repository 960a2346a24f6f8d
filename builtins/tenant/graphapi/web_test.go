package graphapi_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"licsh/builtins/tenant"
	"licsh/builtins/tenant/graphapi"
)

// webClient is an HTTP client whose requests to Graph and to the identity
// platform the Transport answers, on a demo tenant of the test's own.
func webClient(t *testing.T) (*http.Client, *tenant.Store) {
	t.Helper()
	st, err := tenant.Open(filepath.Join(t.TempDir(), "tenant.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Initialize(ctx, "Contoso", "contoso.com", true); err != nil {
		t.Fatal(err)
	}
	tr := &graphapi.Transport{Store: func(context.Context) (*tenant.Store, error) { return st, nil }}
	return &http.Client{Transport: tr}, st
}

// reader reads responses: their status and their body.
func reader(t *testing.T) func(*http.Response, error) (int, string) {
	return func(resp *http.Response, err error) (int, string) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, string(body)
	}
}

func TestTransportTokenEndpoint(t *testing.T) {
	t.Parallel()
	client, _ := webClient(t)
	read := reader(t)
	const v2 = "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"
	const v1 = "https://login.microsoftonline.com/00000000-1111-2222-3333-444444444444/oauth2/token"
	graph := "https://graph.microsoft.com/.default"
	for _, c := range []struct {
		name, uri string
		form      url.Values
		status    int
		want      string // in the body
	}{
		{"client secret, the script's own tenant and app", v2, url.Values{"grant_type": {"client_credentials"}, "client_id": {"11111111-2222-3333-4444-555555555555"},
			"client_secret": {"s3cret"}, "scope": {graph}}, 200, `"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"`},
		{"certificate", v2, url.Values{"grant_type": {"client_credentials"}, "client_id": {"app"}, "client_assertion": {"x.y.z"},
			"client_assertion_type": {"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"}, "scope": {graph}}, 200, `"access_token":"`},
		{"password", v2, url.Values{"grant_type": {"password"}, "client_id": {"app"}, "username": {"lina.lopez@contoso.com"},
			"password": {"x"}, "scope": {"User.Read Directory.Read.All"}}, 200, `"access_token":"`},
		{"v1 with a resource", v1, url.Values{"grant_type": {"client_credentials"}, "client_id": {"app"}, "client_secret": {"s"},
			"resource": {"https://graph.microsoft.com/"}}, 200, `"expires_in":"3599","ext_expires_in":"3599","expires_on":"`},
		{"no grant type", v2, url.Values{"client_id": {"app"}}, 400, `AADSTS900144: The request body must contain the following parameter: 'grant_type'.`},
		{"no client", v2, url.Values{"grant_type": {"client_credentials"}}, 400, `AADSTS900144: The request body must contain the following parameter: 'client_id'.`},
		{"no secret", v2, url.Values{"grant_type": {"client_credentials"}, "client_id": {"app"}, "scope": {graph}}, 401,
			`AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.`},
		{"scope without .default", v2, url.Values{"grant_type": {"client_credentials"}, "client_id": {"app"}, "client_secret": {"s"},
			"scope": {"https://graph.microsoft.com/User.Read.All"}}, 400, `AADSTS1002012: The provided value for scope https://graph.microsoft.com/User.Read.All is not valid.`},
		{"another resource", v2, url.Values{"grant_type": {"client_credentials"}, "client_id": {"app"}, "client_secret": {"s"},
			"scope": {"https://outlook.office365.com/.default"}}, 400, `AADSTS500011: The resource principal named https://outlook.office365.com was not found in the tenant named Contoso.`},
		{"v1 without a resource", v1, url.Values{"grant_type": {"client_credentials"}, "client_id": {"app"}, "client_secret": {"s"}}, 400,
			`AADSTS900144: The request body must contain the following parameter: 'resource'.`},
		{"password without one", v2, url.Values{"grant_type": {"password"}, "client_id": {"app"}, "username": {"x"}, "scope": {"User.Read"}}, 400,
			`AADSTS900144: The request body must contain the following parameter: 'password'.`},
		{"refresh token", v2, url.Values{"grant_type": {"refresh_token"}, "client_id": {"app"}}, 400,
			`AADSTS70003: The app requested an unsupported grant type 'refresh_token'.`},
		{"device code endpoint", "https://login.microsoftonline.com/common/oauth2/v2.0/devicecode", url.Values{"client_id": {"app"}}, 404,
			"licsh answers only the token endpoints of https://login.microsoftonline.com"},
	} {
		status, body := read(client.PostForm(c.uri, c.form))
		if status != c.status || !strings.Contains(body, c.want) {
			t.Errorf("%s: %d %s\nwant %d with %s", c.name, status, body, c.status, c.want)
		}
	}
}

// unsignedToken is the access token of a token answer, which must be an
// unsigned JWT.
func unsignedToken(t *testing.T, body string) string {
	t.Helper()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal([]byte(body), &tok); err != nil {
		t.Fatal(err)
	}
	header, _, _ := strings.Cut(tok.AccessToken, ".")
	raw, _ := base64.RawURLEncoding.DecodeString(header)
	if string(raw) != `{"alg":"none","typ":"JWT"}` || !strings.HasSuffix(tok.AccessToken, ".") {
		t.Errorf("token %q is not an unsigned JWT", tok.AccessToken)
	}
	return tok.AccessToken
}

func TestTransportGraph(t *testing.T) {
	t.Parallel()
	client, st := webClient(t)
	read := reader(t)
	if _, err := st.Connect(ctx, "lina.lopez@contoso.com"); err != nil {
		t.Fatal(err)
	}
	_, body := read(client.PostForm("https://login.microsoftonline.com/contoso.com/oauth2/v2.0/token", url.Values{"grant_type": {"client_credentials"},
		"client_id": {"app-of-the-script"}, "client_secret": {"s"}, "scope": {"https://graph.microsoft.com/.default"}}))
	token := unsignedToken(t, body)
	claims := claimsOf(t, token)
	if claims["upn"] != "lina.lopez@contoso.com" || claims["appid"] != "app-of-the-script" || claims["aud"] != "https://graph.microsoft.com" {
		t.Errorf("claims %v: want the session's account, the script's app and Graph", claims)
	}
	get := func(uri, authorization string) (int, string) {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, uri, nil)
		if err != nil {
			t.Fatal(err)
		}
		if authorization != "" {
			req.Header.Set("Authorization", authorization)
		}
		return read(client.Do(req))
	}
	// The session's account answers, whatever the token's app was.
	if status, body := get("https://graph.microsoft.com/v1.0/me?$select=userPrincipalName", "Bearer "+token); status != 200 || !strings.Contains(body, `"userPrincipalName":"lina.lopez@contoso.com"`) {
		t.Errorf("/me: %d %s", status, body)
	}
	if status, body := get("https://graph.microsoft.com/beta/subscribedSkus", "Bearer "+token); status != 200 || !strings.Contains(body, `"skuPartNumber":"SPE_E3"`) {
		t.Errorf("beta/subscribedSkus: %d %s", status, body)
	}
	for _, c := range []struct{ authorization, message string }{
		{"", "Access token is empty."},
		{"Basic YTpi", "Access token is empty."},
		{"Bearer not-a-token", "CompactToken parsing failed with error code: 80049217"},
	} {
		status, body := get("https://graph.microsoft.com/v1.0/users", c.authorization)
		if status != 401 || !strings.Contains(body, `"code":"InvalidAuthenticationToken","message":"`+c.message+`"`) {
			t.Errorf("%q: %d %s", c.authorization, status, body)
		}
	}
	// The token expires by the tenant clock, as Graph's do.
	if err := st.SetClock(ctx, time.Now().Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if status, body := get("https://graph.microsoft.com/v1.0/users", "Bearer "+token); status != 401 || !strings.Contains(body, "Lifetime validation failed, the token is expired.") {
		t.Errorf("expired: %d %s", status, body)
	}
	// A session signed out by a failed sign-in gets no answer.
	if _, err := st.Connect(ctx, "nobody@contoso.com"); err == nil {
		t.Fatal("nobody signed in")
	}
	if _, err := client.Get("https://graph.microsoft.com/v1.0/users"); err == nil || !strings.Contains(err.Error(), "No account is signed in") {
		t.Errorf("signed out: %v", err)
	}
}
