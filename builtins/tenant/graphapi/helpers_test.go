package graphapi_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
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
	t      testing.TB
	st     *tenant.Store
	api    *graphapi.API
	srv    *httptest.Server
	client *http.Client
}

// newEnv serves a new tenant, the demo company when demo is set.
func newEnv(t testing.TB, demo bool, opts graphapi.Options) *env {
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
func decode(t testing.TB, data []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, data)
	}
	return m
}

// groupID is the object id of a group of the demo tenant.
func (e *env) groupID(name string) string {
	e.t.Helper()
	gs, err := e.st.Groups(ctx, name)
	if err != nil {
		e.t.Fatal(err)
	}
	return gs[0].ID
}

// roleID is the object id of a directory role.
func (e *env) roleID(name string) string {
	e.t.Helper()
	r, err := tenant.FindDirectoryRole(ctx, e.st, name)
	if err != nil {
		e.t.Fatal(err)
	}
	return r.ID
}

// snapshot is everything a Graph request could change in the tenant: the
// users, their licenses, the seats, the groups and the audit log.
func (e *env) snapshot() string {
	e.t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT upn, display_name, department, usage_location, account_enabled, coalesce(deleted_at, 0) FROM users ORDER BY upn`,
		`SELECT user_id, sku_id, source, disabled_plans, state FROM license_assignments ORDER BY user_id, sku_id, source`,
		`SELECT sku_id, consumed FROM skus ORDER BY sku_id`,
		`SELECT group_id, sku_id FROM group_licenses ORDER BY group_id, sku_id`,
		`SELECT count(*) FROM audit_log`,
	} {
		rows, err := e.st.DB().Query(q)
		if err != nil {
			e.t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				e.t.Fatal(err)
			}
			fmt.Fprintln(&b, vals...)
		}
		rows.Close()
	}
	return b.String()
}

// claimsOf decodes a JWT's claims without checking it.
func claimsOf(t testing.TB, tok string) map[string]any {
	t.Helper()
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", tok)
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, raw)
}

// errorOf is the code and message of a Graph error body.
func errorOf(t testing.TB, body []byte) (string, string) {
	t.Helper()
	m := decode(t, body)
	e, ok := m["error"].(map[string]any)
	if !ok {
		t.Fatalf("not a Graph error: %s", body)
	}
	inner, ok := e["innerError"].(map[string]any)
	if !ok || inner["date"] == nil || inner["request-id"] == nil || inner["client-request-id"] == nil {
		t.Fatalf("Graph's error body has an innerError with date, request-id and client-request-id: %s", body)
	}
	code, _ := e["code"].(string)
	msg, _ := e["message"].(string)
	return code, msg
}

// wantError checks a Graph error answer.
func wantError(t testing.TB, resp *http.Response, body []byte, status int, code, message string) {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("status %d, want %d: %s", resp.StatusCode, status, body)
	}
	gotCode, gotMsg := errorOf(t, body)
	if gotCode != code || gotMsg != message {
		t.Fatalf("error %s %q, want %s %q", gotCode, gotMsg, code, message)
	}
}

// aadError is the error and AADSTS number of an identity platform answer.
func aadError(t testing.TB, body []byte) (string, int) {
	t.Helper()
	m := decode(t, body)
	codes, _ := m["error_codes"].([]any)
	if len(codes) != 1 {
		t.Fatalf("no error_codes: %s", body)
	}
	desc, _ := m["error_description"].(string)
	n := int(codes[0].(float64))
	if !strings.HasPrefix(desc, fmt.Sprintf("AADSTS%d: ", n)) || !strings.Contains(desc, "Trace ID: ") {
		t.Fatalf("error_description is not Entra's: %q", desc)
	}
	e, _ := m["error"].(string)
	return e, n
}

// unchanged fails the test when the tenant is no longer as before was
// taken (snapshot), naming the first difference.
func (e *env) unchanged(before string) {
	e.t.Helper()
	after := e.snapshot()
	if after == before {
		return
	}
	b, a := strings.Split(before, "\n"), strings.Split(after, "\n")
	for i := 0; i < min(len(a), len(b)); i++ {
		if a[i] != b[i] {
			e.t.Fatalf("the tenant changed: %q became %q", b[i], a[i])
		}
	}
	e.t.Fatalf("the tenant changed: %d lines became %d", len(b), len(a))
}

func tenantSub(sku string, n int) tenant.NewSubscription {
	return tenant.NewSubscription{Sku: sku, Quantity: n}
}

func tenantUser(upn string) tenant.NewUser {
	return tenant.NewUser{UserPrincipalName: upn, DisplayName: strings.Split(upn, "@")[0], UsageLocation: "US", Department: "Sales"}
}
