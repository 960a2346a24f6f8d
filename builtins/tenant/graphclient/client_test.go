package graphclient_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"licsh/builtins/tenant"
	"licsh/builtins/tenant/graphapi"
	"licsh/builtins/tenant/graphclient"
	"licsh/builtins/tenant/selfsigned"
)

var ctx = context.Background()

// env is the demo tenant served by licsh's Graph server over HTTPS, and an
// HTTP client that trusts the server's certificate and counts the sign-ins
// it makes.
type env struct {
	t      *testing.T
	st     *tenant.Store
	srv    *graphapi.Server
	http   *http.Client
	tokens atomic.Int32
}

func newEnv(t *testing.T, cfg graphapi.Config) *env {
	t.Helper()
	st, err := tenant.Open(filepath.Join(t.TempDir(), "tenant.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Initialize(ctx, "Contoso", "contoso.com", true); err != nil {
		t.Fatal(err)
	}
	return serve(t, st, cfg)
}

// serve serves an initialized tenant.
func serve(t *testing.T, st *tenant.Store, cfg graphapi.Config) *env {
	t.Helper()
	srv, err := graphapi.Start(st, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Shutdown(context.Background()) })
	pemData, err := os.ReadFile(srv.CertificatePath)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pemData)
	e := &env{t: t, st: st, srv: srv}
	e.http = &http.Client{Transport: counting{&http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}, &e.tokens}}
	return e
}

// counting counts the requests made to token endpoints.
type counting struct {
	rt http.RoundTripper
	n  *atomic.Int32
}

func (c counting) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasSuffix(r.URL.Path, "/oauth2/v2.0/token") {
		c.n.Add(1)
	}
	return c.rt.RoundTrip(r)
}

// app registers an application with every Graph permission.
func (e *env) app() (string, string) {
	e.t.Helper()
	app, secret, err := e.st.NewAppRegistration(ctx, "License sync", tenant.GraphPermissions())
	if err != nil {
		e.t.Fatal(err)
	}
	return app.AppID, secret
}

// config is a sign-in to the served tenant.
func (e *env) config(clientID string, cred graphclient.Credential) graphclient.Config {
	env, err := graphclient.Endpoints(graphclient.Environments()[0], e.srv.URL, "")
	if err != nil {
		e.t.Fatal(err)
	}
	return graphclient.Config{Env: env, TenantID: "contoso.com", ClientID: clientID, Credential: cred, HTTPClient: e.http}
}

func (e *env) connect(cfg graphclient.Config) *graphclient.Client {
	e.t.Helper()
	c, err := graphclient.Connect(ctx, cfg)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func TestSecretSignInIsCachedPrivately(t *testing.T) {
	t.Parallel()
	e := newEnv(t, graphapi.Config{})
	id, secret := e.app()
	cfg := e.config(id, graphclient.Credential{Secret: secret})
	cfg.CacheDir = filepath.Join(t.TempDir(), "state", "licsh")
	c := e.connect(cfg)
	who := c.Identity()
	if !who.AppOnly() || who.AppID != id || who.TenantID != e.srv.TenantID || who.AppName != "License sync" {
		t.Errorf("identity = %+v", who)
	}
	var u struct {
		DisplayName string `json:"displayName"`
	}
	if err := c.Get(ctx, "/users/adele.garcia@contoso.com?$select=displayName", &u); err != nil || u.DisplayName != "Adele Garcia" {
		t.Fatalf("user = %+v, %v", u, err)
	}
	files, err := filepath.Glob(filepath.Join(cfg.CacheDir, "msal-*.json"))
	if err != nil || len(files) != 1 {
		t.Fatalf("cache files = %v, %v", files, err)
	}
	for _, p := range []string{files[0], cfg.CacheDir} {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		want := os.FileMode(0o600)
		if info.IsDir() {
			want = 0o700
		}
		if info.Mode().Perm() != want {
			t.Errorf("%s has mode %v, want %v", p, info.Mode().Perm(), want)
		}
	}
	// Another process with the same cache signs in without asking for a
	// token; one with another secret does not get the cached token.
	e.connect(cfg)
	if n := e.tokens.Load(); n != 1 {
		t.Errorf("%d token requests, want 1", n)
	}
	cfg.Credential.Secret = "not the secret"
	if _, err := graphclient.Connect(ctx, cfg); err == nil {
		t.Error("a wrong secret signed in with the cached token")
	}
}

func TestSignInRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t, graphapi.Config{})
	id, secret := e.app()
	cases := []struct {
		name string
		cfg  func() graphclient.Config
		code int
		want string
	}{
		{"wrong secret", func() graphclient.Config { return e.config(id, graphclient.Credential{Secret: "wrong"}) }, 7000215,
			`^ClientSecretCredential authentication failed: AADSTS7000215: Invalid client secret provided\. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '` + id + `'\.$`},
		{"unknown tenant", func() graphclient.Config {
			c := e.config(id, graphclient.Credential{Secret: secret})
			c.TenantID = "fabrikam.com"
			return c
		}, 90002, `^ClientSecretCredential authentication failed: .*Tenant 'fabrikam\.com' not found\.`},
		{"unknown application", func() graphclient.Config {
			return e.config("5e3ce6c0-2b1f-4285-8d4b-75ee78787346", graphclient.Credential{Secret: secret})
		}, 700016, `^ClientSecretCredential authentication failed: AADSTS700016: Application with identifier '5e3ce6c0-2b1f-4285-8d4b-75ee78787346' was not found in the directory 'Contoso'\.`},
	}
	for _, tc := range cases {
		_, err := graphclient.Connect(ctx, tc.cfg())
		if err == nil || !regexp.MustCompile(tc.want).MatchString(err.Error()) {
			t.Errorf("%s: error %v, want %s", tc.name, err, tc.want)
		}
		var se *graphclient.SignInError
		if tc.code != 0 && errors.As(err, &se) && se.Code != tc.code && !strings.Contains(se.Description, "AADSTS") {
			t.Errorf("%s: code %d, want %d", tc.name, se.Code, tc.code)
		}
	}
}

// TestConsentRevoked: an application removed from the tenant can no
// longer sign in, though it did before.
func TestConsentRevoked(t *testing.T) {
	t.Parallel()
	e := newEnv(t, graphapi.Config{})
	id, secret := e.app()
	e.connect(e.config(id, graphclient.Credential{Secret: secret}))
	if _, err := e.st.RemoveAppRegistration(ctx, id); err != nil {
		t.Fatal(err)
	}
	_, err := graphclient.Connect(ctx, e.config(id, graphclient.Credential{Secret: secret}))
	var se *graphclient.SignInError
	if !errors.As(err, &se) || se.Code != 700016 {
		t.Fatalf("error %v, want AADSTS700016", err)
	}
}

func TestCertificateSignIn(t *testing.T) {
	t.Parallel()
	e := newEnv(t, graphapi.Config{})
	id, _ := e.app()
	key, der := selfsigned.New(t, "License sync", time.Now().Add(-time.Hour), time.Now().Add(24*time.Hour))
	cert, _ := x509.ParseCertificate(der)
	if _, err := e.st.AddAppCertificate(ctx, id, der); err != nil {
		t.Fatal(err)
	}
	c := e.connect(e.config(id, graphclient.Credential{Certificates: []*x509.Certificate{cert}, Key: key}))
	if err := c.Get(ctx, "/organization", nil); err != nil {
		t.Fatal(err)
	}
	// A certificate the application does not have is refused.
	other, der2 := selfsigned.New(t, "License sync", time.Now().Add(-time.Hour), time.Now().Add(24*time.Hour))
	cert2, _ := x509.ParseCertificate(der2)
	_, err := graphclient.Connect(ctx, e.config(id, graphclient.Credential{Certificates: []*x509.Certificate{cert2}, Key: other}))
	if err == nil || !strings.HasPrefix(err.Error(), "ClientCertificateCredential authentication failed: AADSTS700027: ") {
		t.Errorf("error %v", err)
	}
}

// TestDeviceCode: a person signs in with a device code approved in the
// tenant; a new token then comes from the refresh token, not another code.
func TestDeviceCode(t *testing.T) {
	t.Parallel()
	e := newEnv(t, graphapi.Config{})
	app, _, err := e.st.NewAppRegistration(ctx, "Admin tool", []string{"User.ReadWrite.All", "LicenseAssignment.ReadWrite.All"})
	if err != nil {
		t.Fatal(err)
	}
	var prompts atomic.Int32
	code := regexp.MustCompile(`-UserCode (\w+)`)
	cfg := e.config(app.AppID, graphclient.Credential{DeviceCode: func(msg string) {
		prompts.Add(1)
		m := code.FindStringSubmatch(msg)
		if m == nil {
			t.Errorf("message %q names no code", msg)
			return
		}
		if _, _, err := e.st.ApproveDeviceCode(ctx, m[1], "lina.lopez@contoso.com"); err != nil {
			t.Error(err)
		}
	}})
	cfg.Scopes = []string{"User.ReadWrite.All"}
	c := e.connect(cfg)
	who := c.Identity()
	if who.Account != "lina.lopez@contoso.com" || strings.Join(who.Scopes, " ") != "User.ReadWrite.All" {
		t.Errorf("identity = %+v", who)
	}
	// The tenant clock moves past the token's life: Graph refuses the
	// token, and the client renews it with its refresh token.
	if err := e.st.SetClock(ctx, time.Now().Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond) // the server reads the clock once a second
	if err := c.Get(ctx, "/me", nil); err != nil {
		t.Fatal(err)
	}
	if n := prompts.Load(); n != 1 {
		t.Errorf("%d device codes, want 1", n)
	}
}

// TestExpiredTokenIsRenewed: a token Graph finds expired is replaced and
// the request sent again, once.
func TestExpiredTokenIsRenewed(t *testing.T) {
	t.Parallel()
	e := newEnv(t, graphapi.Config{})
	id, secret := e.app()
	c := e.connect(e.config(id, graphclient.Credential{Secret: secret}))
	if err := e.st.SetClock(ctx, time.Now().Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond)
	if err := c.Post(ctx, "/users/adele.garcia@contoso.com/assignLicense",
		map[string]any{"addLicenses": []any{}, "removeLicenses": []string{skuID(t, e, "SPE_E3")}}, nil); err != nil {
		t.Fatal(err)
	}
	if n := e.tokens.Load(); n != 2 {
		t.Errorf("%d token requests, want 2", n)
	}
}

func skuID(t *testing.T, e *env, part string) string {
	t.Helper()
	k, err := e.st.ResolveSku(ctx, part)
	if err != nil {
		t.Fatal(err)
	}
	return k.SkuID
}

func TestGraphErrorsKeepCodeAndMessage(t *testing.T) {
	t.Parallel()
	e := newEnv(t, graphapi.Config{})
	id, secret := e.app()
	c := e.connect(e.config(id, graphclient.Credential{Secret: secret}))
	err := c.Get(ctx, "/users/nobody@contoso.com", nil)
	var ge *graphclient.Error
	if !errors.As(err, &ge) || ge.Status != 404 || ge.Code != "Request_ResourceNotFound" ||
		ge.Message != "Resource 'nobody@contoso.com' does not exist or one of its queried reference-property objects are not present." || ge.RequestID == "" {
		t.Errorf("error = %#v", err)
	}
}

func TestPagingFollowsNextLink(t *testing.T) {
	t.Parallel()
	e := newEnv(t, graphapi.Config{})
	id, secret := e.app()
	c := e.connect(e.config(id, graphclient.Credential{Secret: secret}))
	seen := map[string]bool{}
	err := c.Each(ctx, "/users?$top=37&$select=id", func(raw json.RawMessage) error {
		var u struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(raw, &u); err != nil {
			return err
		}
		seen[u.ID] = true
		return nil
	})
	n, _ := e.st.UserCount(ctx)
	if err != nil || len(seen) != n {
		t.Errorf("%d users of %d, %v", len(seen), n, err)
	}
}

// TestBatchHonoursRetryAfter: requests Graph throttles inside a $batch are
// sent again after Retry-After, in batches of 20 with several in flight,
// until every one is done, however often Graph throttles them, and none
// twice.
func TestBatchHonoursRetryAfter(t *testing.T) {
	t.Parallel()
	e := newEnv(t, graphapi.Config{Limits: &graphapi.Limits{UnitWindow: time.Second, Writes: 10, WriteWindow: time.Second,
		TenantWrites: 1000, TenantWriteWindow: time.Second}})
	id, secret := e.app()
	var mu sync.Mutex
	var retries []graphclient.Retry
	cfg := e.config(id, graphclient.Credential{Secret: secret})
	// Two tries bound only the waits Graph names no time for: a request
	// throttled more often than that is still sent until it is done.
	cfg.Tries = 2
	cfg.OnRetry = func(r graphclient.Retry) {
		mu.Lock()
		retries = append(retries, r)
		mu.Unlock()
	}
	c := e.connect(cfg)
	var users []string
	if err := c.Each(ctx, "/users?$top=999&$select=userPrincipalName,assignedLicenses", func(raw json.RawMessage) error {
		var u struct {
			UPN      string `json:"userPrincipalName"`
			Licenses []struct {
				SkuID string `json:"skuId"`
			} `json:"assignedLicenses"`
		}
		json.Unmarshal(raw, &u)
		for _, l := range u.Licenses {
			if l.SkuID == skuID(t, e, "SPE_E3") {
				users = append(users, u.UPN)
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	users = users[:60]
	e3 := skuID(t, e, "SPE_E3")
	next := 0
	var mu2 sync.Mutex
	done := 0
	err := graphclient.Pipeline(ctx, 4, func() ([]graphclient.Request, bool, error) {
		if next >= len(users) {
			return nil, false, nil
		}
		var reqs []graphclient.Request
		for ; next < len(users) && len(reqs) < graphclient.MaxBatch; next++ {
			reqs = append(reqs, graphclient.Request{Method: "POST", Path: "/users/" + users[next] + "/assignLicense",
				Body: map[string]any{"addLicenses": []any{}, "removeLicenses": []string{e3}}})
		}
		return reqs, true, nil
	}, func(ctx context.Context, reqs []graphclient.Request) error {
		out, errs, err := c.Batch(ctx, reqs)
		if err != nil {
			return err
		}
		for i, r := range out {
			if r.Status != 200 {
				t.Errorf("%s: %d %v", reqs[i].Path, r.Status, errs[i])
			}
		}
		mu2.Lock()
		done += len(reqs)
		mu2.Unlock()
		return nil
	})
	if err != nil || done != len(users) {
		t.Fatalf("%d done of %d, %v", done, len(users), err)
	}
	after := 0
	for _, r := range retries {
		if r.Status == 429 && r.After {
			after++
		}
	}
	if after == 0 {
		t.Errorf("no Retry-After honoured: %+v", retries)
	}
	// Had a request been done twice, Graph would have refused it: the
	// user no longer holds the license.
	for _, upn := range users {
		u, err := e.st.GetUser(ctx, upn)
		if err != nil || strings.Contains(strings.Join(u.Licenses, ","), "SPE_E3") {
			t.Errorf("%s still holds SPE_E3: %v", upn, err)
		}
	}
}

func TestNotGraph(t *testing.T) {
	t.Parallel()
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(404)
		w.Write([]byte("<html>Not here</html>"))
	}))
	t.Cleanup(srv.Close)
	env, _ := graphclient.Endpoints(graphclient.Environments()[0], srv.URL, "")
	_, err := graphclient.Connect(ctx, graphclient.Config{Env: env, TenantID: "contoso.com", ClientID: "5e3ce6c0-2b1f-4285-8d4b-75ee78787346",
		Credential: graphclient.Credential{Secret: "x"}, HTTPClient: srv.Client()})
	if err == nil || !strings.HasPrefix(err.Error(), "ClientSecretCredential authentication failed: ") || !strings.Contains(err.Error(), srv.URL) {
		t.Errorf("error %v", err)
	}
}

func TestStoppedServer(t *testing.T) {
	t.Parallel()
	e := newEnv(t, graphapi.Config{})
	id, secret := e.app()
	c := e.connect(e.config(id, graphclient.Credential{Secret: secret}))
	if err := e.srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	err := c.Post(ctx, "/users/adele.garcia@contoso.com/assignLicense", map[string]any{"addLicenses": []any{}, "removeLicenses": []any{}}, nil)
	var ne *graphclient.NetworkError
	if !errors.As(err, &ne) || !strings.HasPrefix(err.Error(), "Microsoft Graph at "+e.srv.URL+"/v1.0 did not answer: ") {
		t.Errorf("error %v", err)
	}
}

func TestEndpoints(t *testing.T) {
	t.Parallel()
	env, err := graphclient.Endpoints(graphclient.Environments()[0], "https://127.0.0.1:8443/v1.0/", "")
	if err != nil || env.Graph != "https://127.0.0.1:8443" || env.Login != "https://127.0.0.1:8443" || env.Name != "Custom" {
		t.Errorf("%+v %v", env, err)
	}
	if _, err := graphclient.Endpoints(graphclient.Environments()[0], "http://127.0.0.1:8443", ""); err == nil ||
		err.Error() != "LICSH_GRAPH_ENDPOINT 'http://127.0.0.1:8443' must be an https URL: tokens are only sent over HTTPS." {
		t.Errorf("%v", err)
	}
	if usgov, ok := graphclient.FindEnvironment("usgov"); !ok || usgov.Graph != "https://graph.microsoft.us" {
		t.Errorf("%+v", usgov)
	}
}
