package graphclient

import (
	"context"
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/cache"
	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/confidential"
	msalerrors "github.com/AzureAD/microsoft-authentication-library-for-go/apps/errors"
	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/public"
)

// Credential is how the client proves who it is: an application with a
// client secret or a certificate and its key, or a person through the
// device code flow. Exactly one is set.
type Credential struct {
	Secret       string
	Certificates []*x509.Certificate
	Key          crypto.PrivateKey
	// DeviceCode is shown the identity platform's message that tells the
	// person where to enter which code; the sign-in then waits for them.
	DeviceCode func(message string)
}

// kind names the credential as Azure.Identity names its credentials, which
// Microsoft Graph PowerShell's sign-in errors start with.
func (c Credential) kind() string {
	switch {
	case c.Secret != "":
		return "ClientSecretCredential"
	case c.Key != nil:
		return "ClientCertificateCredential"
	}
	return "DeviceCodeCredential"
}

// fingerprint tells credentials apart without keeping them: a token cached
// for one secret is never handed to a sign-in with another.
func (c Credential) fingerprint() string {
	h := sha256.New()
	switch {
	case c.Secret != "":
		io.WriteString(h, "secret\x00"+c.Secret)
	case len(c.Certificates) > 0:
		io.WriteString(h, "cert\x00")
		h.Write(c.Certificates[0].Raw)
	default:
		io.WriteString(h, "user")
	}
	return hex.EncodeToString(h.Sum(nil))
}

// SignInError is the identity platform's refusal of a sign-in: OAuth's
// error, Entra's AADSTS number and its text, with the credential that
// failed.
type SignInError struct {
	Credential  string // ClientSecretCredential, ClientCertificateCredential, DeviceCodeCredential
	OAuth       string // invalid_client, invalid_request ...
	Code        int    // 7000215
	Description string // "AADSTS7000215: Invalid client secret provided. ..."
}

func (e *SignInError) Error() string {
	return e.Credential + " authentication failed: " + e.Description
}

// Identity is who a token says signed in, read from its claims.
type Identity struct {
	TenantID string
	AppID    string
	AppName  string
	// Account is the person's user principal name; "" for an application.
	Account string
	// Scopes are a person's delegated permissions, Roles an application's.
	Scopes  []string
	Roles   []string
	Expires time.Time
}

// AppOnly reports whether the token is an application's own.
func (id Identity) AppOnly() bool { return id.Account == "" }

// tokenClaims are the claims of an access token that Identity shows.
type tokenClaims struct {
	Tid     string   `json:"tid"`
	AppID   string   `json:"appid"`
	AppName string   `json:"app_displayname"`
	Upn     string   `json:"upn"`
	Scp     string   `json:"scp"`
	Roles   []string `json:"roles"`
	Exp     int64    `json:"exp"`
}

// readIdentity reads the claims of an access token without checking its
// signature: Graph checks that, the client only shows who it is.
func readIdentity(token string) Identity {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return Identity{}
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return Identity{}
	}
	var c tokenClaims
	if json.Unmarshal(raw, &c) != nil {
		return Identity{}
	}
	return Identity{TenantID: c.Tid, AppID: c.AppID, AppName: c.AppName, Account: c.Upn,
		Scopes: strings.Fields(c.Scp), Roles: c.Roles, Expires: time.Unix(c.Exp, 0).UTC()}
}

// tokens gets access tokens from MSAL, which caches them and fetches new
// ones before they expire.
type tokens struct {
	authority string
	cred      Credential
	scopes    []string
	conf      *confidential.Client
	pub       *public.Client

	mu      sync.Mutex
	account public.Account
}

// newTokens makes the MSAL client of cfg's sign-in.
func newTokens(cfg Config, hc *http.Client) (*tokens, error) {
	authority := cfg.Env.Login + "/" + cfg.TenantID
	t := &tokens{authority: authority, cred: cfg.Credential}
	var store cache.ExportReplace
	if cfg.CacheDir != "" {
		store = &fileCache{path: filepath.Join(cfg.CacheDir, cacheName(authority, cfg.ClientID, cfg.Credential))}
	}
	if cfg.Credential.Secret != "" || cfg.Credential.Key != nil {
		var cred confidential.Credential
		var err error
		if cfg.Credential.Secret != "" {
			cred, err = confidential.NewCredFromSecret(cfg.Credential.Secret)
		} else {
			cred, err = confidential.NewCredFromCert(cfg.Credential.Certificates, cfg.Credential.Key)
		}
		if err != nil {
			return nil, err
		}
		opts := []confidential.Option{confidential.WithHTTPClient(hc), confidential.WithInstanceDiscovery(false)}
		if store != nil {
			opts = append(opts, confidential.WithCache(store))
		}
		c, err := confidential.New(authority, cfg.ClientID, cred, opts...)
		if err != nil {
			return nil, err
		}
		t.conf = &c
		t.scopes = []string{cfg.Env.Graph + "/.default"}
		return t, nil
	}
	opts := []public.Option{public.WithAuthority(authority), public.WithHTTPClient(hc), public.WithInstanceDiscovery(false)}
	if store != nil {
		opts = append(opts, public.WithCache(store))
	}
	c, err := public.New(cfg.ClientID, opts...)
	if err != nil {
		return nil, err
	}
	t.pub = &c
	// Graph's scopes are named as Microsoft Graph PowerShell names them,
	// without the resource, which the identity platform takes to be Graph.
	t.scopes = cfg.Scopes
	if len(t.scopes) == 0 {
		t.scopes = []string{cfg.Env.Graph + "/.default"}
	}
	return t, nil
}

// cacheName is the file of one sign-in's tokens.
func cacheName(authority, clientID string, cred Credential) string {
	sum := sha256.Sum256([]byte(strings.ToLower(authority) + "\x00" + strings.ToLower(clientID) + "\x00" + cred.fingerprint()))
	return "msal-" + hex.EncodeToString(sum[:8]) + ".json"
}

// get returns an access token: MSAL's cached one while it has five minutes
// left, else a new one. fresh asks for a new one whatever the cache holds,
// after Graph refused the cached one as expired.
func (t *tokens) get(ctx context.Context, fresh bool) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	var res confidential.AuthResult
	var err error
	// A claims request is how a client asks the identity platform for a
	// token newer than the one it has (a claims challenge), and MSAL then
	// leaves its cache aside.
	claims := `{"access_token":{"nbf":{"essential":true,"value":"` + strconv.FormatInt(time.Now().Unix(), 10) + `"}}}`
	switch {
	case t.conf != nil && fresh:
		res, err = t.conf.AcquireTokenByCredential(ctx, t.scopes, confidential.WithClaims(claims))
	case t.conf != nil:
		res, err = t.conf.AcquireTokenByCredential(ctx, t.scopes)
	default:
		res, err = t.user(ctx, fresh, claims)
	}
	if err != nil {
		return "", t.signInError(err)
	}
	return res.AccessToken, nil
}

// user gets a person's token: silently, with the refresh token MSAL keeps,
// once they have signed in, else through the device code flow.
func (t *tokens) user(ctx context.Context, fresh bool, claims string) (public.AuthResult, error) {
	if t.account.HomeAccountID == "" {
		if accounts, err := t.pub.Accounts(ctx); err == nil && len(accounts) > 0 {
			t.account = accounts[0]
		}
	}
	if t.account.HomeAccountID != "" {
		opts := []public.AcquireSilentOption{public.WithSilentAccount(t.account)}
		if fresh {
			opts = append(opts, public.WithClaims(claims))
		}
		if res, err := t.pub.AcquireTokenSilent(ctx, t.scopes, opts...); err == nil {
			return res, nil
		}
	}
	if t.cred.DeviceCode == nil {
		return public.AuthResult{}, errors.New("the sign-in has expired and there is no one to enter a device code: run Connect-MgGraph again")
	}
	dc, err := t.pub.AcquireTokenByDeviceCode(ctx, t.scopes)
	if err != nil {
		return public.AuthResult{}, err
	}
	t.cred.DeviceCode(dc.Result.Message)
	res, err := dc.AuthenticationResult(ctx)
	if err == nil {
		t.account = res.Account
	}
	return res, err
}

// aadBody is the identity platform's error body.
type aadBody struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
	Codes       []int  `json:"error_codes"`
}

// signInError turns MSAL's error into a *SignInError when the identity
// platform refused, keeping its first line; anything else (the service
// did not answer as the identity platform) is said in plain words.
func (t *tokens) signInError(err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var call msalerrors.CallErr
	if errors.As(err, &call) && call.Resp != nil && call.Resp.Body != nil {
		body, _ := io.ReadAll(call.Resp.Body)
		var b aadBody
		if json.Unmarshal(body, &b) == nil && b.Description != "" {
			desc, _, _ := strings.Cut(b.Description, "\r\n")
			e := &SignInError{Credential: t.cred.kind(), OAuth: b.Error, Description: strings.TrimSpace(desc)}
			if len(b.Codes) > 0 {
				e.Code = b.Codes[0]
			}
			return e
		}
		return &SignInError{Credential: t.cred.kind(), Description: fmt.Sprintf("the sign-in endpoint %s answered HTTP %d, not as Microsoft's identity platform does.",
			call.Req.URL.Redacted(), call.Resp.StatusCode)}
	}
	msg := err.Error()
	if strings.Contains(msg, "unable to resolve an endpoint") {
		// MSAL could not read the tenant's OpenID configuration: the
		// service is down, or is not the identity platform. Its cause is
		// the end of its message.
		if i := strings.LastIndex(msg, ": "); i >= 0 {
			msg = msg[i+2:]
		}
		msg = fmt.Sprintf("%s did not answer as Microsoft's identity platform: %s.", t.authority, strings.TrimSuffix(msg, "."))
	}
	return &SignInError{Credential: t.cred.kind(), Description: msg}
}

// fileCache keeps MSAL's cache of one sign-in in a file only its owner can
// read, so that the next licsh process need not sign in again.
type fileCache struct {
	path string
	mu   sync.Mutex
}

func (f *fileCache) Replace(_ context.Context, c cache.Unmarshaler, _ cache.ReplaceHints) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	data, err := os.ReadFile(f.path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	// A damaged cache is no reason not to sign in: it is rewritten.
	c.Unmarshal(data)
	return nil
}

func (f *fileCache) Export(_ context.Context, c cache.Marshaler, _ cache.ExportHints) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	data, err := c.Marshal()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(f.path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(f.path), ".msal-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	// CreateTemp makes the file 0600 already; Chmod says so under any umask.
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), f.path)
}
