package tenant

import (
	"context"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/x509"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"licsh/builtins/tenant/catalog"
)

// graphPermissions are the Microsoft Graph application permissions an app
// registration may be granted: those of the licensing surface, and the
// directory audit log's.
var graphPermissions = []string{"User.Read.All", "User.ReadWrite.All", "Organization.Read.All", "Group.Read.All",
	"Directory.Read.All", "Directory.ReadWrite.All", "LicenseAssignment.ReadWrite.All", "RoleManagement.ReadWrite.Directory",
	"AuditLog.Read.All"}

// GraphPermissions lists the Graph application permissions an app
// registration may hold, as Microsoft writes them.
func GraphPermissions() []string { return append([]string(nil), graphPermissions...) }

// appAdmins may register applications and give them credentials.
var appAdmins = []string{GlobalAdministrator, "Application Administrator", "Cloud Application Administrator"}

// Credential types, as Graph's passwordCredential and keyCredential name
// them.
const (
	CredentialSecret      = "Password"
	CredentialCertificate = "AsymmetricX509Cert"
)

// AppSecretLifetime is how long a new client secret is valid: two years,
// Graph's default for addPassword.
const AppSecretLifetime = 2 * 365 * 24 * time.Hour

// AppRegistration is an application registered in the tenant.
type AppRegistration struct {
	AppID           string // the application (client) id
	ObjectID        string
	DisplayName     string
	Permissions     []string // Graph application permissions granted
	CreatedDateTime time.Time
	Credentials     []AppCredential
}

// AppCredential is a client secret or a certificate of an application.
type AppCredential struct {
	KeyID string
	Type  string // CredentialSecret or CredentialCertificate
	// Hint is the first three characters of a secret, as Entra shows them.
	Hint string
	// Thumbprint is a certificate's SHA-1 thumbprint in upper-case hex;
	// Certificate its DER bytes.
	Thumbprint    string
	Certificate   []byte
	StartDateTime time.Time
	EndDateTime   time.Time
	secretHash    string
}

// errAppNotFound is Graph's answer for an application the tenant does not
// have.
func errAppNotFound(identity string) *Error {
	return newError(CodeUserNotFound, "Resource '%s' does not exist or one of its queried reference-property objects are not present.", identity)
}

// canonicalPermissions checks permissions against graphPermissions and
// writes them as Microsoft does, each once.
func canonicalPermissions(perms []string) ([]string, error) {
	out := []string{}
	seen := map[string]bool{}
	for _, p := range perms {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		found := ""
		for _, g := range graphPermissions {
			if strings.EqualFold(g, p) {
				found = g
			}
		}
		if found == "" {
			return nil, newError(CodeInvalidValue, "'%s' is not a Microsoft Graph application permission of the licensing surface. Valid permissions are: %s.",
				p, strings.Join(graphPermissions, ", "))
		}
		if !seen[found] {
			seen[found] = true
			out = append(out, found)
		}
	}
	return out, nil
}

// NewAppRegistration registers an application with permissions and a
// first client secret, which it returns: the tenant keeps only its hash.
func (s *Store) NewAppRegistration(ctx context.Context, displayName string, permissions []string) (AppRegistration, string, error) {
	var secret string
	app, err := writeResult(ctx, s, func(tx *Tx) (AppRegistration, error) {
		var err error
		var app AppRegistration
		app, secret, err = tx.NewAppRegistration(displayName, permissions)
		return app, err
	})
	return app, secret, err
}

// NewAppRegistration registers an application; Global, Application and
// Cloud Application Administrators may.
func (tx *Tx) NewAppRegistration(displayName string, permissions []string) (AppRegistration, string, error) {
	if err := tx.requireRole(appAdmins...); err != nil {
		return AppRegistration{}, "", err
	}
	name := strings.TrimSpace(displayName)
	if name == "" {
		return AppRegistration{}, "", newError(CodeInvalidValue, "Invalid value specified for property 'displayName' of resource 'Application'.")
	}
	perms, err := canonicalPermissions(permissions)
	if err != nil {
		return AppRegistration{}, "", err
	}
	app := AppRegistration{AppID: tx.newID(), ObjectID: tx.newID(), DisplayName: name, Permissions: perms, CreatedDateTime: tx.now}
	var secret string
	err = tx.atomic(func() error {
		j, err := json.Marshal(perms)
		if err != nil {
			return err
		}
		if _, err := tx.exec(`INSERT INTO app_registrations (app_id, object_id, display_name, permissions, created) VALUES (?, ?, ?, ?, ?)`,
			app.AppID, app.ObjectID, name, string(j), tx.now.Unix()); err != nil {
			return err
		}
		if err := tx.audit("Add application", name, app.AppID, nil, perms); err != nil {
			return err
		}
		var cred AppCredential
		if cred, secret, err = tx.addSecret(app); err != nil {
			return err
		}
		app.Credentials = []AppCredential{cred}
		return nil
	})
	return app, secret, err
}

// secretAlphabet is what Entra's client secrets are made of.
const secretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.~-"

// newSecret makes a client secret shaped like Entra's: 40 characters, the
// fourth to sixth "8Q~".
func newSecret() (string, error) {
	b := make([]byte, 37)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	out := make([]byte, 0, 40)
	for i, c := range b {
		if i == 3 {
			out = append(out, "8Q~"...)
		}
		out = append(out, secretAlphabet[int(c)%len(secretAlphabet)])
	}
	return string(out), nil
}

func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

func (tx *Tx) addSecret(app AppRegistration) (AppCredential, string, error) {
	secret, err := newSecret()
	if err != nil {
		return AppCredential{}, "", err
	}
	c := AppCredential{KeyID: tx.newID(), Type: CredentialSecret, Hint: secret[:3], StartDateTime: tx.now,
		EndDateTime: tx.now.Add(AppSecretLifetime), secretHash: hashSecret(secret)}
	if _, err := tx.exec(`INSERT INTO app_credentials (key_id, app_id, type, hint, secret_hash, start, expires) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		c.KeyID, app.AppID, c.Type, c.Hint, c.secretHash, c.StartDateTime.Unix(), c.EndDateTime.Unix()); err != nil {
		return AppCredential{}, "", err
	}
	return c, secret, tx.audit("Add client secret", app.DisplayName, c.KeyID, nil, nil)
}

// AddAppSecret adds a client secret to an application and returns it; the
// tenant keeps only its hash.
func (s *Store) AddAppSecret(ctx context.Context, appID string) (AppCredential, string, error) {
	var secret string
	c, err := writeResult(ctx, s, func(tx *Tx) (AppCredential, error) {
		if err := tx.requireRole(appAdmins...); err != nil {
			return AppCredential{}, err
		}
		app, err := tx.findApp(appID)
		if err != nil {
			return AppCredential{}, err
		}
		var c AppCredential
		c, secret, err = tx.addSecret(app)
		return c, err
	})
	return c, secret, err
}

// AddAppCertificate adds a certificate (DER) to an application, with which
// it signs client assertions; it is valid as long as the certificate is.
func (s *Store) AddAppCertificate(ctx context.Context, appID string, der []byte) (AppCredential, error) {
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return AppCredential{}, newError(CodeInvalidValue, "The certificate is not valid: %v.", err)
	}
	return writeResult(ctx, s, func(tx *Tx) (AppCredential, error) {
		if err := tx.requireRole(appAdmins...); err != nil {
			return AppCredential{}, err
		}
		app, err := tx.findApp(appID)
		if err != nil {
			return AppCredential{}, err
		}
		sum := sha1.Sum(der)
		c := AppCredential{KeyID: tx.newID(), Type: CredentialCertificate, Thumbprint: strings.ToUpper(hex.EncodeToString(sum[:])),
			Certificate: der, StartDateTime: cert.NotBefore.UTC().Truncate(time.Second), EndDateTime: cert.NotAfter.UTC().Truncate(time.Second)}
		for _, old := range app.Credentials {
			if old.Thumbprint == c.Thumbprint {
				return AppCredential{}, newError(CodeAlreadyExists, "The certificate %s is already a credential of application '%s'.", c.Thumbprint, app.DisplayName)
			}
		}
		if _, err := tx.exec(`INSERT INTO app_credentials (key_id, app_id, type, certificate, thumbprint, start, expires) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			c.KeyID, app.AppID, c.Type, der, c.Thumbprint, c.StartDateTime.Unix(), c.EndDateTime.Unix()); err != nil {
			return AppCredential{}, err
		}
		return c, tx.audit("Add certificate", app.DisplayName, c.Thumbprint, nil, nil)
	})
}

// RemoveAppRegistration deletes an application with its credentials and
// pending sign-ins; tokens it was given stop working.
func (s *Store) RemoveAppRegistration(ctx context.Context, identity string) (AppRegistration, error) {
	return writeResult(ctx, s, func(tx *Tx) (AppRegistration, error) {
		if err := tx.requireRole(appAdmins...); err != nil {
			return AppRegistration{}, err
		}
		apps, err := tx.store.apps(ctx, tx.tx, identity)
		if err != nil {
			return AppRegistration{}, err
		}
		if len(apps) != 1 {
			return AppRegistration{}, newError(CodeInvalidValue, "%d applications are named '%s': name one by its AppId.", len(apps), identity)
		}
		app := apps[0]
		if _, err := tx.exec(`DELETE FROM app_registrations WHERE app_id = ?`, app.AppID); err != nil {
			return AppRegistration{}, err
		}
		return app, tx.audit("Delete application", app.DisplayName, app.AppID, app.Permissions, nil)
	})
}

// AppRegistrations lists the applications, or those identity names by
// AppId, object id or display name.
func (s *Store) AppRegistrations(ctx context.Context, identity string) ([]AppRegistration, error) {
	return s.apps(ctx, s.db, identity)
}

// App finds an application by its AppId, as a sign-in names it.
func (s *Store) App(ctx context.Context, appID string) (AppRegistration, error) {
	id, ok := catalog.NormalizeGUID(appID)
	if !ok {
		return AppRegistration{}, errAppNotFound(appID)
	}
	apps, err := s.apps(ctx, s.db, id)
	if err != nil {
		return AppRegistration{}, err
	}
	return apps[0], nil
}

func (tx *Tx) findApp(appID string) (AppRegistration, error) {
	id, ok := catalog.NormalizeGUID(appID)
	if !ok {
		return AppRegistration{}, errAppNotFound(appID)
	}
	apps, err := tx.store.apps(tx.ctx, tx.tx, id)
	if err != nil {
		return AppRegistration{}, err
	}
	return apps[0], nil
}

// apps lists applications with their credentials; a named one that is not
// there is an error.
func (s *Store) apps(ctx context.Context, q queryer, identity string) ([]AppRegistration, error) {
	query := `SELECT app_id, object_id, display_name, permissions, created FROM app_registrations`
	var args []any
	if identity != "" {
		name, id := lookupKey(identity)
		query += ` WHERE app_id = ? OR object_id = ? OR display_name = ? COLLATE NOCASE`
		args = append(args, id, id, name)
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY display_name COLLATE NOCASE, created`, args...)
	if err != nil {
		return nil, err
	}
	var out []AppRegistration
	for rows.Next() {
		var a AppRegistration
		var perms string
		var created int64
		if err := rows.Scan(&a.AppID, &a.ObjectID, &a.DisplayName, &perms, &created); err != nil {
			rows.Close()
			return nil, err
		}
		a.CreatedDateTime = time.Unix(created, 0).UTC()
		if err := json.Unmarshal([]byte(perms), &a.Permissions); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if identity != "" && len(out) == 0 {
		return nil, errAppNotFound(identity)
	}
	for i := range out {
		if out[i].Credentials, err = credentials(ctx, q, out[i].AppID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func credentials(ctx context.Context, q queryer, appID string) ([]AppCredential, error) {
	rows, err := q.QueryContext(ctx, `SELECT key_id, type, hint, secret_hash, certificate, thumbprint, start, expires
		FROM app_credentials WHERE app_id = ? ORDER BY start, key_id`, appID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AppCredential
	for rows.Next() {
		var c AppCredential
		var start, end int64
		if err := rows.Scan(&c.KeyID, &c.Type, &c.Hint, &c.secretHash, &c.Certificate, &c.Thumbprint, &start, &end); err != nil {
			return nil, err
		}
		c.StartDateTime, c.EndDateTime = time.Unix(start, 0).UTC(), time.Unix(end, 0).UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}

// SecretMatches reports whether secret is one of the application's client
// secrets, and whether that secret is still valid at now.
func (a AppRegistration) SecretMatches(secret string, now time.Time) (found, valid bool) {
	h := hashSecret(secret)
	for _, c := range a.Credentials {
		if c.Type == CredentialSecret && subtle.ConstantTimeCompare([]byte(c.secretHash), []byte(h)) == 1 {
			return true, !now.Before(c.StartDateTime) && now.Before(c.EndDateTime)
		}
	}
	return false, false
}

// DeviceCode is a sign-in of a user through an application, waiting for the
// user to approve it (Approve-DeviceCode) from another process.
type DeviceCode struct {
	UserCode   string
	AppID      string
	Scope      string
	Created    time.Time
	Expires    time.Time
	ApprovedBy string // the user's UPN once approved
	Redeemed   bool   // a token was issued for it
}

// userCodeAlphabet leaves out letters and digits that read alike.
const userCodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

func randomText(n int, alphabet string) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b), nil
}

// NewDeviceCode starts a device code sign-in for an application: it
// returns the device code the client polls with, and the record with the
// user code a person approves.
func (s *Store) NewDeviceCode(ctx context.Context, appID, scope string, lifetime time.Duration) (string, DeviceCode, error) {
	var code string
	dc, err := writeResult(ctx, s, func(tx *Tx) (DeviceCode, error) {
		app, err := tx.findApp(appID)
		if err != nil {
			return DeviceCode{}, err
		}
		if code, err = randomText(64, secretAlphabet[:64]); err != nil {
			return DeviceCode{}, err
		}
		user, err := randomText(9, userCodeAlphabet)
		if err != nil {
			return DeviceCode{}, err
		}
		dc := DeviceCode{UserCode: user, AppID: app.AppID, Scope: scope, Created: tx.now, Expires: tx.now.Add(lifetime)}
		_, err = tx.exec(`INSERT INTO device_codes (device_hash, user_code, app_id, scope, created, expires) VALUES (?, ?, ?, ?, ?, ?)`,
			hashSecret(code), dc.UserCode, dc.AppID, dc.Scope, dc.Created.Unix(), dc.Expires.Unix())
		return dc, err
	})
	return code, dc, err
}

func scanDeviceCode(row scanner) (DeviceCode, error) {
	var dc DeviceCode
	var created, expires int64
	err := row.Scan(&dc.UserCode, &dc.AppID, &dc.Scope, &created, &expires, &dc.ApprovedBy, &dc.Redeemed)
	dc.Created, dc.Expires = time.Unix(created, 0).UTC(), time.Unix(expires, 0).UTC()
	return dc, err
}

const deviceCodeColumns = `user_code, app_id, scope, created, expires, approved_by, redeemed`

// ApproveDeviceCode signs the user upn in to the device code sign-in that
// shows userCode, as entering the code in a browser does.
func (s *Store) ApproveDeviceCode(ctx context.Context, userCode, upn string) (DeviceCode, AppRegistration, error) {
	var app AppRegistration
	dc, err := writeResult(ctx, s, func(tx *Tx) (DeviceCode, error) {
		u, err := tx.ResolveUser(upn)
		if err != nil {
			return DeviceCode{}, err
		}
		code := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(userCode), "-", ""))
		dc, err := scanDeviceCode(tx.queryRow(`SELECT `+deviceCodeColumns+` FROM device_codes WHERE user_code = ?`, code))
		if errors.Is(err, sql.ErrNoRows) || err == nil && !tx.now.Before(dc.Expires) {
			return DeviceCode{}, newError(CodeInvalidValue, "The code '%s' you entered has expired or is not valid. Get a new code from the application and try again.", userCode)
		}
		if err != nil {
			return DeviceCode{}, err
		}
		if dc.ApprovedBy != "" {
			return DeviceCode{}, newError(CodeInvalidValue, "The code '%s' was approved already.", userCode)
		}
		if app, err = tx.findApp(dc.AppID); err != nil {
			return DeviceCode{}, err
		}
		if _, err := tx.exec(`UPDATE device_codes SET approved_by = ? WHERE user_code = ?`, u.UserPrincipalName, code); err != nil {
			return DeviceCode{}, err
		}
		dc.ApprovedBy = u.UserPrincipalName
		return dc, tx.auditAs(u.UserPrincipalName, "Sign in with device code", app.DisplayName, dc.Scope, nil, nil)
	})
	return dc, app, err
}

// RedeemDeviceCode looks up the sign-in a client polls for with code and
// returns it as it was: pending (no ApprovedBy), expired, redeemed
// already, or approved, which it then marks redeemed, since a device code
// gives one token. ok is false for a code the tenant never gave.
func (s *Store) RedeemDeviceCode(ctx context.Context, code string) (dc DeviceCode, ok bool, err error) {
	err = s.Write(ctx, func(tx *Tx) error {
		var err error
		dc, err = scanDeviceCode(tx.queryRow(`SELECT `+deviceCodeColumns+` FROM device_codes WHERE device_hash = ?`, hashSecret(code)))
		if errors.Is(err, sql.ErrNoRows) {
			ok = false
			return nil
		}
		if err != nil {
			return err
		}
		ok = true
		if dc.ApprovedBy == "" || dc.Redeemed || !tx.now.Before(dc.Expires) {
			return nil
		}
		_, err = tx.exec(`UPDATE device_codes SET redeemed = 1 WHERE device_hash = ?`, hashSecret(code))
		return err
	})
	return dc, ok, err
}

// String describes a credential as Get-AppRegistration lists it.
func (c AppCredential) String() string {
	if c.Type == CredentialCertificate {
		return fmt.Sprintf("Certificate %s (until %s)", c.Thumbprint, c.EndDateTime.Format("2006-01-02"))
	}
	return fmt.Sprintf("Secret %s... (until %s)", c.Hint, c.EndDateTime.Format("2006-01-02"))
}
