package graphapi_test

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"licsh/builtins/tenant"
	"licsh/builtins/tenant/graphapi"
	"licsh/builtins/tenant/selfsigned"
)

var b64 = base64.RawURLEncoding

// certificate makes a key and a self-signed certificate, as an admin
// makes one for an application.
func certificate(t *testing.T) (*rsa.PrivateKey, []byte) {
	return selfsigned.New(t, "License sync", time.Now().Add(-time.Hour), time.Now().Add(24*time.Hour))
}

// assertion is a client assertion as MSAL signs it: RS256 with the
// certificate's SHA-1 thumbprint, or PS256 with its SHA-256 one.
func assertion(t *testing.T, key *rsa.PrivateKey, der []byte, alg, appID, aud string, exp time.Time) string {
	t.Helper()
	h := map[string]string{"alg": alg, "typ": "JWT"}
	if alg == "RS256" {
		sum := sha1.Sum(der)
		h["x5t"] = b64.EncodeToString(sum[:])
	} else {
		sum := sha256.Sum256(der)
		h["x5t#S256"] = b64.EncodeToString(sum[:])
	}
	hj, _ := json.Marshal(h)
	cj, _ := json.Marshal(map[string]any{"aud": aud, "iss": appID, "sub": appID, "jti": "1",
		"nbf": time.Now().Unix(), "exp": exp.Unix()})
	signed := b64.EncodeToString(hj) + "." + b64.EncodeToString(cj)
	sum := sha256.Sum256([]byte(signed))
	var sig []byte
	var err error
	if alg == "RS256" {
		sig, err = rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	} else {
		sig, err = rsa.SignPSS(rand.Reader, key, crypto.SHA256, sum[:], nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return signed + "." + b64.EncodeToString(sig)
}

// TestClientCredentials signs applications in with a secret and with a
// certificate, and checks the tokens against the published keys.
func TestClientCredentials(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true, graphapi.Options{})
	tid := e.api.TenantID()
	appID, secret := e.app("License sync", "User.Read.All", "LicenseAssignment.ReadWrite.All")

	// The OpenID configuration names the endpoints; the token endpoint
	// answers with the tenant's id and its default domain.
	resp, body := e.call("GET", "/contoso.com/v2.0/.well-known/openid-configuration", "", "")
	conf := decode(t, body)
	if resp.StatusCode != 200 || conf["token_endpoint"] != e.srv.URL+"/"+tid+"/oauth2/v2.0/token" ||
		conf["issuer"] != e.srv.URL+"/"+tid+"/v2.0" || conf["jwks_uri"] != e.srv.URL+"/"+tid+"/discovery/v2.0/keys" ||
		conf["device_authorization_endpoint"] != e.srv.URL+"/"+tid+"/oauth2/v2.0/devicecode" {
		t.Fatalf("openid-configuration: %d %s", resp.StatusCode, body)
	}
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {appID}, "client_secret": {secret},
		"scope": {"https://graph.microsoft.com/.default"}}
	status, body := e.form("/contoso.com/oauth2/v2.0/token", form)
	tok := decode(t, body)
	if status != 200 || tok["token_type"] != "Bearer" || tok["expires_in"] != 3599.0 || tok["ext_expires_in"] != 3599.0 {
		t.Fatalf("token: %d %s", status, body)
	}
	access := tok["access_token"].(string)
	c := claimsOf(t, access)
	if c["aud"] != "https://graph.microsoft.com" || c["tid"] != tid || c["appid"] != appID || c["idtyp"] != "app" ||
		c["appidacr"] != "1" || c["app_displayname"] != "License sync" || c["iss"] != "https://sts.windows.net/"+tid+"/" {
		t.Fatalf("claims: %v", c)
	}
	if roles := c["roles"].([]any); len(roles) != 2 || roles[0] != "User.Read.All" || roles[1] != "LicenseAssignment.ReadWrite.All" {
		t.Fatalf("roles: %v", c["roles"])
	}
	if exp, iat := c["exp"].(float64), c["iat"].(float64); exp-iat != 3599 {
		t.Fatalf("lifetime: %v", exp-iat)
	}
	verifyWithJWKS(t, e, access)

	// The same with the secret in HTTP Basic authentication.
	req, _ := http.NewRequest("POST", e.srv.URL+"/"+tid+"/oauth2/v2.0/token",
		strings.NewReader("grant_type=client_credentials&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(appID, secret)
	basic, err := e.client.Do(req)
	if err != nil || basic.StatusCode != 200 {
		t.Fatalf("basic authentication: %v %v", basic.StatusCode, err)
	}
	basic.Body.Close()

	// A certificate, RS256 and PS256 as MSAL versions sign.
	key, der := certificate(t)
	if _, err := e.st.AddAppCertificate(ctx, appID, der); err != nil {
		t.Fatal(err)
	}
	aud := e.srv.URL + "/" + tid + "/oauth2/v2.0/token"
	for _, alg := range []string{"RS256", "PS256"} {
		status, body := e.form("/"+tid+"/oauth2/v2.0/token", url.Values{"grant_type": {"client_credentials"}, "client_id": {appID},
			"client_assertion_type": {"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
			"client_assertion":      {assertion(t, key, der, alg, appID, aud, time.Now().Add(10*time.Minute))},
			"scope":                 {"https://graph.microsoft.com/.default"}})
		if status != 200 {
			t.Fatalf("%s assertion: %d %s", alg, status, body)
		}
		access := decode(t, body)["access_token"].(string)
		if claimsOf(t, access)["appidacr"] != "2" {
			t.Fatalf("a certificate sign-in is appidacr 2: %v", claimsOf(t, access))
		}
		if resp, body := e.call("GET", "/v1.0/users?$top=1", access, ""); resp.StatusCode != 200 {
			t.Fatalf("with the certificate's token: %d %s", resp.StatusCode, body)
		}
	}

	// What the identity platform refuses, with Entra's errors.
	other, otherDER := certificate(t)
	for _, c := range []struct {
		name   string
		path   string
		form   url.Values
		status int
		err    string
		code   int
	}{
		{"wrong secret", "/" + tid, url.Values{"grant_type": {"client_credentials"}, "client_id": {appID}, "client_secret": {"nope"},
			"scope": {"https://graph.microsoft.com/.default"}}, 401, "invalid_client", 7000215},
		{"unknown app", "/" + tid, url.Values{"grant_type": {"client_credentials"}, "client_id": {"0aa4d6e1-8b3e-4a8b-9bd5-1f0a4f2c6d11"},
			"client_secret": {secret}, "scope": {"https://graph.microsoft.com/.default"}}, 400, "unauthorized_client", 700016},
		{"unknown tenant", "/fabrikam.com", form, 400, "invalid_request", 90002},
		{"no grant type", "/" + tid, url.Values{"client_id": {appID}}, 400, "invalid_request", 900144},
		{"no credential", "/" + tid, url.Values{"grant_type": {"client_credentials"}, "client_id": {appID},
			"scope": {"https://graph.microsoft.com/.default"}}, 401, "invalid_client", 7000218},
		{"scope without .default", "/" + tid, url.Values{"grant_type": {"client_credentials"}, "client_id": {appID},
			"client_secret": {secret}, "scope": {"User.Read.All"}}, 400, "invalid_scope", 1002012},
		{"another resource", "/" + tid, url.Values{"grant_type": {"client_credentials"}, "client_id": {appID},
			"client_secret": {secret}, "scope": {"https://management.azure.com/.default"}}, 400, "invalid_resource", 500011},
		{"unregistered certificate", "/" + tid, url.Values{"grant_type": {"client_credentials"}, "client_id": {appID},
			"client_assertion_type": {"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
			"client_assertion":      {assertion(t, other, otherDER, "RS256", appID, aud, time.Now().Add(time.Minute))},
			"scope":                 {"https://graph.microsoft.com/.default"}}, 401, "invalid_client", 700027},
		{"expired assertion", "/" + tid, url.Values{"grant_type": {"client_credentials"}, "client_id": {appID},
			"client_assertion_type": {"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
			"client_assertion":      {assertion(t, key, der, "RS256", appID, aud, time.Now().Add(-time.Hour))},
			"scope":                 {"https://graph.microsoft.com/.default"}}, 401, "invalid_client", 700024},
		{"assertion for another endpoint", "/" + tid, url.Values{"grant_type": {"client_credentials"}, "client_id": {appID},
			"client_assertion_type": {"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
			"client_assertion":      {assertion(t, key, der, "RS256", appID, "https://login.example.com/token", time.Now().Add(time.Minute))},
			"scope":                 {"https://graph.microsoft.com/.default"}}, 401, "invalid_client", 700212},
		{"password grant", "/" + tid, url.Values{"grant_type": {"password"}, "client_id": {appID}}, 400, "unsupported_grant_type", 70003},
	} {
		status, body := e.form(c.path+"/oauth2/v2.0/token", c.form)
		gotErr, gotCode := aadError(t, body)
		if status != c.status || gotErr != c.err || gotCode != c.code {
			t.Errorf("%s: %d %s AADSTS%d, want %d %s AADSTS%d", c.name, status, gotErr, gotCode, c.status, c.err, c.code)
		}
	}
}

// verifyWithJWKS checks a token's signature with the key the JWKS endpoint
// publishes, as a resource server would.
func verifyWithJWKS(t *testing.T, e *env, tok string) {
	t.Helper()
	_, body := e.call("GET", "/discovery/v2.0/keys", "", "")
	var set struct {
		Keys []struct {
			Kid, Kty, N, E string
			X5c            []string
		}
	}
	if err := json.Unmarshal(body, &set); err != nil || len(set.Keys) != 1 || set.Keys[0].Kty != "RSA" || len(set.Keys[0].X5c) != 1 {
		t.Fatalf("jwks: %s", body)
	}
	k := set.Keys[0]
	n, _ := b64.DecodeString(k.N)
	ex, _ := b64.DecodeString(k.E)
	pub := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(ex).Int64())}
	parts := strings.Split(tok, ".")
	hj, _ := b64.DecodeString(parts[0])
	var h struct{ Kid, Alg string }
	json.Unmarshal(hj, &h)
	sig, _ := b64.DecodeString(parts[2])
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if h.Kid != k.Kid || h.Alg != "RS256" || rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], sig) != nil {
		t.Fatalf("the token is not signed by the published key %s: header %+v", k.Kid, h)
	}
	der, _ := base64.StdEncoding.DecodeString(k.X5c[0])
	cert, err := x509.ParseCertificate(der)
	if err != nil || !cert.PublicKey.(*rsa.PublicKey).Equal(pub) {
		t.Fatalf("x5c is not the key's certificate: %v", err)
	}
}

// TestTokensChecked sends Graph requests without a token, with one that is
// not a JWT, forged, expired, or of another tenant: each gets Graph's 401
// with WWW-Authenticate, and nothing changes.
func TestTokensChecked(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true, graphapi.Options{})
	other := newEnv(t, true, graphapi.Options{})
	good := e.adminToken()
	before := e.snapshot()

	forged := forge(t, good)
	for _, c := range []struct {
		name, token, message string
	}{
		{"no token", "", "Access token is empty."},
		{"not a JWT", "not-a-token", "CompactToken parsing failed with error code: 80049217"},
		{"forged", forged, "Access token validation failure. Invalid signature."},
		{"another tenant's", other.adminToken(), "Access token validation failure. Invalid signature."},
	} {
		resp, body := e.call("POST", "/v1.0/users/adele.garcia@contoso.com/assignLicense", c.token,
			`{"addLicenses": [], "removeLicenses": ["`+skuE3+`"]}`)
		wantError(t, resp, body, 401, "InvalidAuthenticationToken", c.message)
		if h := resp.Header.Get("WWW-Authenticate"); !strings.HasPrefix(h, `Bearer realm="", authorization_uri="`) ||
			!strings.HasSuffix(h, `client_id="00000003-0000-0000-c000-000000000000"`) {
			t.Errorf("%s: WWW-Authenticate %q", c.name, h)
		}
	}
	e.unchanged(before)
	// Tokens expire by the tenant clock.
	if err := e.st.AddDays(ctx, 1); err != nil {
		t.Fatal(err)
	}
	before = e.snapshot()
	time.Sleep(1100 * time.Millisecond) // the server reads the clock's setting once a second
	resp, body := e.call("POST", "/v1.0/users/adele.garcia@contoso.com/assignLicense", good,
		`{"addLicenses": [], "removeLicenses": ["`+skuE3+`"]}`)
	wantError(t, resp, body, 401, "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired.")
	e.unchanged(before)
	// The server still serves.
	if resp, body := e.call("GET", "/v1.0/users?$top=1", e.adminToken(), ""); resp.StatusCode != 200 {
		t.Fatalf("after the refusals: %d %s", resp.StatusCode, body)
	}
}

// forge signs a token's claims, given every permission, with a key of its
// own.
func forge(t *testing.T, tok string) string {
	t.Helper()
	parts := strings.Split(tok, ".")
	claims := claimsOf(t, tok)
	claims["roles"] = tenant.GraphPermissions()
	cj, _ := json.Marshal(claims)
	key, _ := certificate(t)
	signed := parts[0] + "." + b64.EncodeToString(cj)
	sum := sha256.Sum256([]byte(signed))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		t.Fatal(err)
	}
	return signed + "." + b64.EncodeToString(sig)
}

// TestPermissions: an application without a write permission, and a user
// who is no admin signed in through an application that has one, change
// nothing and get Graph's 403; an application with the permission and a
// License Administrator do, and the audit log names them.
func TestPermissions(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true, graphapi.Options{})
	readerID, readerSecret := e.app("Reporting", "User.Read.All", "Directory.Read.All", "Organization.Read.All")
	reader := e.token(readerID, readerSecret)
	writerID, _ := e.app("Self service portal", "User.ReadWrite.All")
	megan := e.deviceToken(writerID, "User.ReadWrite.All", "megan.jansen@contoso.com")
	lina := e.deviceToken(writerID, "User.ReadWrite.All", "lina.lopez@contoso.com")
	before := e.snapshot()
	remove := `{"addLicenses": [], "removeLicenses": ["` + skuE3 + `"]}`
	for _, c := range []struct {
		name, token, method, path, body string
	}{
		{"reader assigns", reader, "POST", "/v1.0/users/adele.garcia@contoso.com/assignLicense", remove},
		{"reader updates", reader, "PATCH", "/v1.0/users/adele.garcia@contoso.com", `{"department": "Legal"}`},
		{"reader deletes", reader, "DELETE", "/v1.0/users/adele.garcia@contoso.com", ""},
		{"reader creates", reader, "POST", "/v1.0/users", `{"accountEnabled": true, "displayName": "X", "mailNickname": "x",
			"userPrincipalName": "x@contoso.com", "passwordProfile": {"password": "xWwvJ]6NMw+bWH-d"}}`},
		{"reader licenses a group", reader, "POST", "/v1.0/groups/" + e.groupID("All Sales") + "/assignLicense",
			`{"addLicenses": [{"skuId": "` + skuE3 + `"}], "removeLicenses": []}`},
		{"reader restores", reader, "POST", "/v1.0/directory/deletedItems/" + brianNovak + "/restore", ""},
		{"non-admin user assigns", megan, "POST", "/v1.0/users/adele.garcia@contoso.com/assignLicense", remove},
		{"non-admin user updates", megan, "PATCH", "/v1.0/users/adele.garcia@contoso.com", `{"department": "Legal"}`},
		{"non-admin user in a batch", megan, "POST", "/v1.0/$batch", `{"requests": [{"id": "1", "method": "POST",
			"url": "/users/adele.garcia@contoso.com/assignLicense", "headers": {"Content-Type": "application/json"}, "body": ` + remove + `}]}`},
	} {
		resp, body := e.call(c.method, c.path, c.token, c.body)
		if c.path == "/v1.0/$batch" {
			if resp.StatusCode != 200 {
				t.Fatalf("%s: %d %s", c.name, resp.StatusCode, body)
			}
			step := decode(t, body)["responses"].([]any)[0].(map[string]any)
			if step["status"] != 403.0 {
				t.Fatalf("%s: %v", c.name, step)
			}
			inner, _ := json.Marshal(step["body"])
			body = inner
			resp = &http.Response{StatusCode: 403}
		}
		wantError(t, resp, body, 403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
	}
	e.unchanged(before)
	// Reading is allowed to both.
	for _, tok := range []string{reader, megan} {
		if resp, body := e.call("GET", "/v1.0/users/adele.garcia@contoso.com/licenseDetails", tok, ""); resp.StatusCode != 200 {
			t.Fatalf("reading: %d %s", resp.StatusCode, body)
		}
	}
	// A License Administrator signed in through the application changes
	// the license, and so does an application with the permission; the
	// audit log names each.
	if resp, body := e.call("POST", "/v1.0/users/adele.garcia@contoso.com/assignLicense", lina, remove); resp.StatusCode != 200 {
		t.Fatalf("License Administrator: %d %s", resp.StatusCode, body)
	}
	licenser := e.token(e.app("Licensing robot", "LicenseAssignment.ReadWrite.All"))
	if resp, body := e.call("POST", "/v1.0/users/megan.jansen@contoso.com/assignLicense", licenser, remove); resp.StatusCode != 200 {
		t.Fatalf("application: %d %s", resp.StatusCode, body)
	}
	audit, err := e.st.AuditLog(ctx, tenant.AuditFilter{Operation: "Set user license"})
	if err != nil {
		t.Fatal(err)
	}
	n := len(audit)
	if n < 2 || audit[n-2].Actor != "lina.lopez@contoso.com" || audit[n-2].Target != "adele.garcia@contoso.com" ||
		audit[n-1].Actor != "Licensing robot" || audit[n-1].Target != "megan.jansen@contoso.com" {
		t.Fatalf("audit: %+v", audit[max(0, n-2):])
	}
	// /me is for users only.
	resp, body := e.call("GET", "/v1.0/me", licenser, "")
	wantError(t, resp, body, 400, "Request_BadRequest", "/me request is only valid with delegated authentication flow.")
	resp, body = e.call("GET", "/v1.0/me?$select=userPrincipalName,department", megan, "")
	if m := decode(t, body); resp.StatusCode != 200 || m["userPrincipalName"] != "megan.jansen@contoso.com" {
		t.Fatalf("/me: %d %s", resp.StatusCode, body)
	}
}
