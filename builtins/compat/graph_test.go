package compat_test

import (
	"context"
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"

	"licsh/builtins/licshtest"
	"licsh/builtins/m365"
	"licsh/builtins/tenant"
	"licsh/builtins/tenant/graphapi"
	"licsh/builtins/tenant/graphclient"
	"licsh/builtins/tenant/selfsigned"
)

// The scripts of TestLiveDirectory and TestLiveScripts again, on a live
// tenant reached through Microsoft Graph: licsh's Graph server on a copy of
// the tenant, signed in to as an application with a secret and with a
// certificate. Each must print what it prints on a tenant file and leave
// the served file as it leaves that file.

// graphApp is an application registered on a tenant before it is copied,
// so that every copy has it: its id, its secret, and its certificate with
// the key.
type graphApp struct {
	id, secret string
	certs      []*x509.Certificate
	key        crypto.PrivateKey
}

// registerApp registers an application holding every Graph permission on
// the tenant file at path, with a secret and a certificate of its own.
func registerApp(t *testing.T, path string) graphApp {
	t.Helper()
	ctx := context.Background()
	st, err := tenant.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	app, secret, err := st.NewAppRegistration(ctx, "License sync", tenant.GraphPermissions())
	if err != nil {
		t.Fatal(err)
	}
	key, der := selfsigned.New(t, "License sync", time.Now().Add(-time.Hour), time.Now().Add(24*time.Hour))
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddAppCertificate(ctx, app.AppID, der); err != nil {
		t.Fatal(err)
	}
	return graphApp{id: app.AppID, secret: secret, certs: []*x509.Certificate{cert}, key: key}
}

// servedTenant serves the tenant file at path and signs in to it as app,
// with its certificate when cert, else with its secret; it returns the
// live tenant as a session holds it, and the served file.
func servedTenant(t *testing.T, path string, app graphApp, cert bool) (*m365.GraphTenant, *tenant.Store) {
	t.Helper()
	st, err := tenant.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv, err := graphapi.Start(st, graphapi.Config{})
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
	env, err := graphclient.Endpoints(graphclient.Environments()[0], srv.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	cfg := graphclient.Config{Env: env, TenantID: "contoso.com", ClientID: app.id, Credential: graphclient.Credential{Secret: app.secret},
		HTTPClient: &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}}
	how := "ClientSecret"
	if cert {
		cfg.Credential = graphclient.Credential{Certificates: app.certs, Key: app.key}
		how = "ClientCertificate"
	}
	client, err := graphclient.Connect(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &m365.GraphTenant{Client: client, ID: srv.TenantID, Name: "Contoso", Domain: "contoso.com", Credential: how,
		Directory: graphclient.NewDirectory(client)}, st
}

// actors are the audit log's accounts: on the served tenant the
// application makes the changes that the tenant's admin makes on the file.
var actors = regexp.MustCompile(`"Actor":"[^"]*"`)

// asAnyone is a snapshot with the audit log's actors left out.
func asAnyone(snap string) string { return actors.ReplaceAllString(snap, `"Actor":"*"`) }

// otherAccount are the scripts that act as another account of the tenant
// (Connect-MsolService -Credential, Connect-AzureAD -AccountId): an
// application signed in to Microsoft 365 acts on its own and cannot, so on
// Graph they are refused, with the tenant's words, and change nothing.
var otherAccount = regexp.MustCompile(`Connect-MsolService -Credential|Connect-AzureAD -AccountId|Connect-ExchangeOnline -UserPrincipalName`)

// fileHint is how a tenant file's unused seats are given back.
var fileHint = regexp.MustCompile(`lower the quantity: Set-Subscription .*`)

// mailboxNote is a tenant file's note on a mailbox its user's licenses
// no longer cover.
var mailboxNote = regexp.MustCompile(`(?m)^WARNING: Exchange keeps the .*\n`)

// compareGraph runs connect then body on a copy of template directly and
// on another copy served through Graph, and compares what they print and
// the two files afterwards; ar holds files the script reads.
func compareGraph(t *testing.T, template string, app graphApp, connect, body string, ar *txtar.Archive, cert bool) (changed bool) {
	t.Helper()
	want := snapshot(t, template)
	dir := t.TempDir()
	direct, live, own := copyFile(t, template, dir, "direct.db"), copyFile(t, template, dir, "live.db"), copyFile(t, template, dir, "own.db")
	g, served := servedTenant(t, live, app, cert)
	if otherAccount.MatchString(connect + body) {
		s := licshtest.New(t)
		s.Tenant = own
		_, errb := runLive(t, s, connect, body, g)
		if !strings.Contains(licshtest.Flat(errb), "The session is signed in as the application 'License sync'") {
			t.Errorf("%s\nacting as another account on an application's session: got errors %q", body, errb)
		}
		return false
	}
	d := licshtest.New(t)
	d.Tenant = direct
	if ar != nil {
		writeFiles(t, d.Dir, ar)
	}
	directOut, directErr := runLive(t, d, connect, body, nil)
	s := licshtest.New(t)
	s.Tenant = own
	if ar != nil {
		writeFiles(t, s.Dir, ar)
	}
	out, errb := runLive(t, s, connect, body, g)
	// Seats of Microsoft 365 are given back in its admin center, a tenant
	// file's with Set-Subscription; and what Exchange does with a mailbox
	// is Exchange's to tell, not Graph's.
	directOut = fileHint.ReplaceAllString(directOut, "lower the quantity in the Microsoft 365 admin center (Billing, Your products).")
	directOut = mailboxNote.ReplaceAllString(directOut, "")
	if got, wantOut := normalize(out), normalize(directOut); got != wantOut {
		t.Errorf("%s\nthrough Graph:\n%s\ndirect:\n%s", body, got, wantOut)
	}
	if got, wantErr := normalize(errb), normalize(directErr); got != wantErr {
		t.Errorf("%s\nerrors through Graph:\n%s\ndirect:\n%s", body, got, wantErr)
	}
	directSnap, liveSnap := snapshot(t, direct), snapshotOf(t, served)
	if asAnyone(liveSnap) != asAnyone(directSnap) {
		t.Errorf("%s\nthe served tenant differs from the tenant file the script ran on:\nserved: %s\ndirect: %s", body, liveSnap, directSnap)
	}
	if got := snapshot(t, own); got != want {
		t.Errorf("%s\nchanged the session's tenant file while it worked on a live tenant", body)
	}
	return directSnap != want
}

func TestGraphDirectoryCases(t *testing.T) {
	t.Parallel()
	template := liveTemplate(t)
	app := registerApp(t, template)
	for i, tc := range liveCases {
		if changed := compareGraph(t, template, app, tc.connect, tc.body, nil, i%2 == 1); changed != tc.changes && !otherAccount.MatchString(tc.body) {
			t.Errorf("%s\nchanges the tenant: %v, want %v", tc.body, changed, tc.changes)
		}
	}
}

func TestGraphScripts(t *testing.T) {
	t.Parallel()
	demo := licshtest.Demo(t)
	demo.MustRun("Set-TenantClock -Date (Get-Date) | Out-Null")
	app := registerApp(t, demo.Tenant)
	n := 0
	for _, name := range liveScripts {
		ar, err := txtar.ParseFile(filepath.Join("..", "..", "cmd", "licsh", "testdata", "script", name+".txtar"))
		if err != nil {
			t.Fatal(err)
		}
		changed := 0
		for _, f := range ar.Files {
			if filepath.Ext(f.Name) != ".ps1" {
				continue
			}
			connect, body := "", string(f.Data)
			if strings.HasPrefix(body, "Connect-MgGraph") {
				connect, body = split(body)
			}
			n++
			if compareGraph(t, demo.Tenant, app, connect, body, ar, n%2 == 0) {
				changed++
			}
		}
		if changed == 0 {
			t.Errorf("no script of %s changed the tenant through Graph", name)
		}
	}
}
