package graphapi_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"licsh/builtins/tenant"
	"licsh/builtins/tenant/graphapi"
)

var ctx = context.Background()

// env is a Graph API over a tenant of the test's own, served over HTTPS.
type env struct {
	t      *testing.T
	st     *tenant.Store
	api    *graphapi.API
	srv    *httptest.Server
	client *http.Client
}

// newEnv serves a new tenant, the demo company when demo is set.
func newEnv(t *testing.T, demo bool, opts graphapi.Options) *env {
	t.Helper()
	st, err := tenant.Open(filepath.Join(t.TempDir(), "tenant.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Initialize(ctx, "Contoso", "contoso.com", demo); err != nil {
		t.Fatal(err)
	}
	api, err := graphapi.New(st, opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewTLSServer(api)
	t.Cleanup(srv.Close)
	return &env{t: t, st: st, api: api, srv: srv, client: srv.Client()}
}

// app registers an application with permissions and returns its id and
// secret.
func (e *env) app(name string, perms ...string) (string, string) {
	e.t.Helper()
	app, secret, err := e.st.NewAppRegistration(ctx, name, perms)
	if err != nil {
		e.t.Fatal(err)
	}
	return app.AppID, secret
}

// token signs an application in with its secret.
func (e *env) token(appID, secret string) string {
	e.t.Helper()
	status, body := e.form("/"+e.api.TenantID()+"/oauth2/v2.0/token", url.Values{"grant_type": {"client_credentials"},
		"client_id": {appID}, "client_secret": {secret}, "scope": {"https://graph.microsoft.com/.default"}})
	if status != 200 {
		e.t.Fatalf("token: %d %s", status, body)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(body, &tok); err != nil {
		e.t.Fatal(err)
	}
	return tok.AccessToken
}

// adminToken is the token of an application with every permission.
func (e *env) adminToken() string {
	e.t.Helper()
	return e.token(e.app("Admin app", tenant.GraphPermissions()...))
}

// form posts a form to the identity platform.
func (e *env) form(path string, form url.Values) (int, []byte) {
	e.t.Helper()
	resp, err := e.client.PostForm(e.srv.URL+path, form)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp.StatusCode, body
}

// call makes a Graph request with a token ("" for none) and optional
// headers given as name, value pairs; body "" sends none.
func (e *env) call(method, path, token, body string, headers ...string) (*http.Response, []byte) {
	e.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, r)
	if err != nil {
		e.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := e.client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp, data
}

// decode parses a JSON answer.
func decode(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, data)
	}
	return m
}
