package graphserver_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"licsh/builtins/licshtest"
	"licsh/builtins/tenant"
	"licsh/builtins/tenant/graphapi"
	"licsh/builtins/tenant/selfsigned"
	"licsh/shell/interp"
	"licsh/shell/value"
)

const skuE3 = "05e9a617-0261-4cee-bb44-138d3ef5d965" // SPE_E3

// seed makes a tenant of n users, each holding Microsoft 365 E3.
func seed(t *testing.T, path string, n int) {
	t.Helper()
	ctx := context.Background()
	st, err := tenant.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Initialize(ctx, "Contoso", "contoso.com", false); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddSubscription(ctx, tenant.NewSubscription{Sku: "SPE_E3", Quantity: n}); err != nil {
		t.Fatal(err)
	}
	err = st.Write(ctx, func(tx *tenant.Tx) error {
		if _, err := tx.SetUserLicense("admin@contoso.com", []tenant.AddLicense{{SkuID: skuE3}}, nil); err != nil {
			return err
		}
		for i := 1; i < n; i++ {
			upn := fmt.Sprintf("user%04d@contoso.com", i)
			if _, err := tx.NewUser(tenant.NewUser{UserPrincipalName: upn, DisplayName: upn, UsageLocation: "US"}); err != nil {
				return err
			}
			if _, err := tx.SetUserLicense(upn, []tenant.AddLicense{{SkuID: skuE3}}, nil); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// eval runs a line in the session and returns what it wrote.
func eval(t *testing.T, r *interp.Runner, errb *bytes.Buffer, src string) []any {
	t.Helper()
	out, err := r.Eval(context.Background(), src)
	if err != nil || errb.Len() > 0 {
		t.Fatalf("%s: %v %s", src, err, errb)
	}
	return out
}

func prop(v any, name string) string {
	p, _ := value.GetMember(v, name)
	return value.ToString(p)
}

// client is a Graph client: HTTPS trusting the server's certificate file,
// as SSL_CERT_FILE makes a client do.
type client struct {
	t      *testing.T
	http   *http.Client
	url    string
	tenant string
}

func newClient(t *testing.T, url, tenantID, certPath string) *client {
	t.Helper()
	pool := x509.NewCertPool()
	data, err := os.ReadFile(certPath)
	if err != nil || !pool.AppendCertsFromPEM(data) {
		t.Fatalf("certificate %s: %v", certPath, err)
	}
	return &client{t: t, url: url, tenant: tenantID,
		http: &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}}
}

// token gets a token with the form's credentials.
func (c *client) token(form url.Values) string {
	c.t.Helper()
	form.Set("grant_type", "client_credentials")
	form.Set("scope", "https://graph.microsoft.com/.default")
	resp, err := c.http.PostForm(c.url+"/"+c.tenant+"/oauth2/v2.0/token", form)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || json.Unmarshal(body, &tok) != nil {
		c.t.Fatalf("token: %d %s", resp.StatusCode, body)
	}
	return tok.AccessToken
}

// do sends a Graph request and decodes its JSON answer into out.
func (c *client) do(method, target, tok, body string, out any) (int, http.Header) {
	c.t.Helper()
	if !strings.HasPrefix(target, "https://") {
		target = c.url + "/v1.0" + target
	}
	req, err := http.NewRequest(method, target, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			c.t.Fatalf("%s %s: %v %s", method, target, err, data)
		}
	}
	return resp.StatusCode, resp.Header
}

// removeLicenses removes E3 from users with $batch, 20 requests at a
// time, retrying those Graph throttles after Retry-After, as a careful
// client does. It returns how many requests were throttled.
func (c *client) removeLicenses(tok string, users []string) int {
	c.t.Helper()
	throttled := 0
	for len(users) > 0 {
		page := users[:min(20, len(users))]
		var reqs []string
		for i, u := range page {
			reqs = append(reqs, fmt.Sprintf(`{"id": "%d", "method": "POST", "url": "/users/%s/assignLicense",
				"headers": {"Content-Type": "application/json"}, "body": {"addLicenses": [], "removeLicenses": ["%s"]}}`, i, u, skuE3))
		}
		var out struct {
			Responses []struct {
				ID      string
				Status  int
				Headers map[string]string
			}
		}
		if status, _ := c.do("POST", "/$batch", tok, `{"requests": [`+strings.Join(reqs, ",")+`]}`, &out); status != 200 {
			c.t.Fatalf("$batch: %d", status)
		}
		var retry []string
		wait := 0
		for _, r := range out.Responses {
			i, _ := strconv.Atoi(r.ID)
			switch r.Status {
			case 200:
			case 429:
				throttled++
				after, _ := strconv.Atoi(r.Headers["Retry-After"])
				wait = max(wait, after)
				retry = append(retry, page[i])
			default:
				c.t.Fatalf("%s: %d", page[i], r.Status)
			}
		}
		users = append(retry, users[len(page):]...)
		time.Sleep(time.Duration(wait) * time.Second)
	}
	return throttled
}

// assertion is a client assertion signed with a certificate's key.
func assertion(t *testing.T, key *rsa.PrivateKey, der []byte, appID, aud string) string {
	t.Helper()
	sum := sha1.Sum(der)
	hj, _ := json.Marshal(map[string]string{"alg": "RS256", "typ": "JWT", "x5t": base64.RawURLEncoding.EncodeToString(sum[:])})
	cj, _ := json.Marshal(map[string]any{"aud": aud, "iss": appID, "sub": appID, "jti": "e2e",
		"nbf": time.Now().Unix(), "exp": time.Now().Add(10 * time.Minute).Unix()})
	signed := base64.RawURLEncoding.EncodeToString(hj) + "." + base64.RawURLEncoding.EncodeToString(cj)
	h := sha256.Sum256([]byte(signed))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, h[:])
	if err != nil {
		t.Fatal(err)
	}
	return signed + "." + base64.RawURLEncoding.EncodeToString(sig)
}

// TestEndToEnd runs a Graph client against Start-GraphServer: it signs in
// with a secret and with a certificate, pages through 2,500 users, removes
// a license from 1,000 of them with $batch, and the cmdlets find the tenant
// changed just so; a throttled run on a copy of the tenant ends the same.
func TestEndToEnd(t *testing.T) {
	t.Parallel()
	s := licshtest.New(t)
	seed(t, s.Tenant, 2500)
	copyPath := filepath.Join(s.Dir, "copy.db")
	data, err := os.ReadFile(s.Tenant)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(copyPath, data, 0o600); err != nil {
		t.Fatal(err)
	}
	key, der := selfsigned.New(t, "License sync", time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	if err := os.WriteFile(filepath.Join(s.Dir, "sync.pem"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}

	var out, errb bytes.Buffer
	r := s.Runner(&interp.Host{Stdout: &out, Stderr: &errb})
	app := eval(t, r, &errb, "$app = New-AppRegistration -DisplayName 'License sync' -Permission User.Read.All, LicenseAssignment.ReadWrite.All; $app")[0]
	eval(t, r, &errb, "New-AppCredential -AppId $app.AppId -CertificatePath sync.pem | Out-Null")
	srv := eval(t, r, &errb, "Start-GraphServer -Port 0 -AsJob")[0]
	defer eval(t, r, &errb, "Stop-GraphServer")
	base, tid, appID := prop(srv, "Url"), prop(srv, "TenantId"), prop(app, "AppId")
	if prop(srv, "CertificatePath") != graphapi.CertificatePath(s.Tenant) {
		t.Fatalf("certificate: %s", prop(srv, "CertificatePath"))
	}
	c := newClient(t, base, tid, prop(srv, "CertificatePath"))

	bySecret := c.token(url.Values{"client_id": {appID}, "client_secret": {prop(app, "ClientSecret")}})
	byCert := c.token(url.Values{"client_id": {appID},
		"client_assertion_type": {"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
		"client_assertion":      {assertion(t, key, der, appID, base+"/"+tid+"/oauth2/v2.0/token")}})

	// Page through every user, 999 at a time.
	seen := map[string]bool{}
	pages := 0
	for next := "/users?$top=999&$select=id,userPrincipalName"; next != ""; pages++ {
		var page struct {
			NextLink string `json:"@odata.nextLink"`
			Value    []struct{ ID, UserPrincipalName string }
		}
		if status, _ := c.do("GET", next, byCert, "", &page); status != 200 {
			t.Fatalf("page %d: %d", pages, status)
		}
		for _, u := range page.Value {
			if seen[u.ID] {
				t.Fatalf("%s on two pages", u.UserPrincipalName)
			}
			seen[u.ID] = true
		}
		next = page.NextLink
	}
	if len(seen) != 2500 || pages != 3 {
		t.Fatalf("%d users on %d pages", len(seen), pages)
	}

	var leavers []string
	for i := 1; i <= 1000; i++ {
		leavers = append(leavers, fmt.Sprintf("user%04d@contoso.com", i))
	}
	if n := c.removeLicenses(bySecret, leavers); n != 0 {
		t.Fatalf("%d requests throttled without -Throttle", n)
	}
	check := "(Get-User -Sku SPE_E3 -All | Measure-Object).Count\n(Get-License | Where-Object SkuPartNumber -eq SPE_E3).Assigned\n" +
		"(Get-AuditLog -Actor 'License sync' -Operation 'Set user license' | Measure-Object).Count\n(Get-UserLicense user0500@contoso.com | Measure-Object).Count"
	want := "1500\n1500\n1000\n0\n"
	if got := s.MustRun(check); got != want {
		t.Fatalf("after the batches:\n%s", got)
	}

	// The same on the copy, throttled hard enough for the client to wait.
	cp := &licshtest.Session{T: t, Tenant: copyPath, Dir: s.Dir, Width: 120}
	st, err := tenant.Open(copyPath)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	limits := graphapi.GraphLimits()
	limits.Writes, limits.WriteWindow = 300, time.Second
	throttledSrv, err := graphapi.Start(st, graphapi.Config{Port: 0, Limits: &limits})
	if err != nil {
		t.Fatal(err)
	}
	defer throttledSrv.Shutdown(context.Background())
	app2, secret2, err := st.NewAppRegistration(context.Background(), "License sync", []string{"LicenseAssignment.ReadWrite.All"})
	if err != nil {
		t.Fatal(err)
	}
	c2 := newClient(t, throttledSrv.URL, throttledSrv.TenantID, throttledSrv.CertificatePath)
	if n := c2.removeLicenses(c2.token(url.Values{"client_id": {app2.AppID}, "client_secret": {secret2}}), leavers); n == 0 {
		t.Fatal("the throttled run was not throttled")
	}
	if got := cp.MustRun(check); got != want {
		t.Fatalf("after the throttled run:\n%s", got)
	}
}
