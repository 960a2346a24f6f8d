package m365

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"licsh/builtins/tenant"
	"licsh/shell/cmdlet"
	"licsh/shell/interp"
)

// Demo tenant names for the default tenant file, seeded on first use.
const (
	demoTenantName   = "Contoso"
	demoTenantDomain = "contoso.com"
)

// Session is the tenant a licsh session works on: its tenant file, or a
// Microsoft 365 tenant it is connected to (Graph). The file is opened on
// the first tenant cmdlet, so a session that runs none never pays for
// SQLite, and stays open until Close.
type Session struct {
	path     string
	seedDemo bool

	mu    sync.Mutex
	store *tenant.Store
	// graph is the tenant the session acts on through Microsoft Graph
	// instead of the file, nil for the file.
	graph *GraphTenant
}

// NewSession returns a session on the tenant file at path. A missing
// file is created empty when first used; with seedDemoIfNew it is also
// initialized as the demo company, as the default tenant is.
func NewSession(path string, seedDemoIfNew bool) *Session {
	return &Session{path: path, seedDemo: seedDemoIfNew}
}

// Close closes the tenant file if it was opened.
func (ts *Session) Close() error {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.store == nil {
		return nil
	}
	err := ts.store.Close()
	ts.store = nil
	return err
}

// Store opens the tenant file on first use and returns it.
func (ts *Session) Store(ctx context.Context) (*tenant.Store, error) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.store != nil {
		return ts.store, nil
	}
	if ts.path == "" {
		return nil, errors.New("No tenant file is set. Start licsh with -Tenant <path> or set LICSH_TENANT.")
	}
	if ts.seedDemo {
		// The default tenant lives in the user's data folder, which may
		// not exist yet on a new machine; like the file, it is the user's
		// alone.
		if err := os.MkdirAll(filepath.Dir(ts.path), 0o700); err != nil {
			return nil, err
		}
	}
	st, err := tenant.Open(ts.path)
	if err != nil {
		return nil, err
	}
	if ts.seedDemo {
		if err := seedDefault(ctx, st); err != nil {
			st.Close()
			return nil, err
		}
	}
	ts.store = st
	return st, nil
}

// seedDefault makes the default tenant the demo company unless it is
// initialized. Seeding is one write transaction, so licsh processes
// started together on a missing default tenant wait for one another and
// all find it seeded, whichever seeds it (the others are refused as
// AlreadyExists); and a file left uninitialized by a licsh that stopped
// before seeding is seeded by the next one.
func seedDefault(ctx context.Context, st *tenant.Store) error {
	ok, err := st.Initialized(ctx)
	if err != nil || ok {
		return err
	}
	err = st.Initialize(ctx, demoTenantName, demoTenantDomain, true)
	if tenant.IsCode(err, tenant.CodeAlreadyExists) {
		return nil
	}
	return err
}

// moduleName is licsh's own module, which Get-Command shows as the tenant
// cmdlets' Source.
const moduleName = "licsh"

// Module is licsh's own module: the tenant cmdlets, working on ts.
func Module(ts *Session) *interp.Module {
	return &interp.Module{Name: moduleName, Version: "1.0.0.0",
		Description: "The tenant: users, licenses and subscriptions, groups, admin roles, users' data and the audit log.",
		Cmdlets: slices.Concat(tenantSessionCmdlets(ts), []*cmdlet.Cmdlet{copyTenantCmdlet(ts)}, userCmdlets(ts), licenseCmdlets(ts), userLicenseCmdlets(ts),
			groupCmdlets(ts), roleCmdlets(ts), dataCmdlets(ts), auditCmdlets(ts)),
		Views: views()}
}

// Open returns the tenant a cmdlet call works on: the tenant file, or the
// Microsoft 365 tenant the session is connected to when its Directory is
// there (GraphTenant.Directory). Failing to open the tenant file is a
// terminating error, and so is a tenant file that is not initialized,
// whose refusal says how to initialize it; a live tenant without a
// Directory is refused as File refuses.
func (ts *Session) Open(c cmdlet.Call) (tenant.Directory, error) {
	if g := ts.Graph(); g != nil {
		if g.Directory == nil {
			return nil, ts.graphOnlyRecord(c, g)
		}
		return g.Directory, nil
	}
	return ts.File(c)
}

// File returns the session's tenant file for a cmdlet that works on what
// only a tenant file has (its clock, the SKU catalog, users' data and
// mailboxes, batches, app registrations). A session
// connected to a Microsoft 365 tenant is refused, and so is a tenant file
// that is not initialized.
func (ts *Session) File(c cmdlet.Call) (*tenant.Store, error) {
	st, err := ts.OpenUninitialized(c)
	if err != nil {
		return nil, err
	}
	if err := st.RequireInitialized(c.Context()); err != nil {
		return nil, Record(err, ts.path)
	}
	return st, nil
}

// OpenUninitialized is File for the cmdlets that work on a tenant that is
// not initialized: Initialize-Tenant, and the SKU catalog's, which is the
// session's rather than the tenant's.
func (ts *Session) OpenUninitialized(c cmdlet.Call) (*tenant.Store, error) {
	if g := ts.Graph(); g != nil {
		return nil, ts.graphOnlyRecord(c, g)
	}
	st, err := ts.Store(c.Context())
	if err != nil {
		return nil, interp.NewError("TenantUnavailable", "ResourceUnavailable", ts.path, err.Error())
	}
	if stderr := interp.Inner(c).Host().Stderr; stderr != nil {
		st.SetWaitNotice(func(waited time.Duration) {
			fmt.Fprintf(stderr, "WARNING: Another program is writing to the tenant file %s; waiting for it (%d s so far).\n", ts.path, int(waited.Seconds()))
		})
	}
	return st, nil
}

// SignIn makes the session act as account, whose roles decide what the
// session may change; "" is the tenant's default admin. It is the one way
// the session's account changes, for Connect-Tenant and for the connect
// cmdlets of Microsoft's modules alike: a failure leaves the session signed
// out (tenant.Directory.Connect), never acting as an admin. A failure to
// open the tenant is a terminating error; the tenant's refusal is returned
// as it is, for the caller to word. An application signed in to Microsoft
// 365 acts on its own, with no account: signing in as "" gives the zero
// User, and naming anyone is refused.
func (ts *Session) SignIn(c cmdlet.Call, account string) (tenant.Directory, tenant.User, error) {
	d, err := ts.Open(c)
	if err != nil {
		return nil, tenant.User{}, err
	}
	u, err := d.Connect(c.Context(), account)
	if account == "" && tenant.IsCode(err, tenant.CodeAppOnly) {
		return d, tenant.User{}, nil
	}
	return d, u, err
}

// Account is the user the session acts as (tenant.Directory.Account), for
// a connect cmdlet that keeps the session's account; the errors are
// SignIn's, and an application's session has the zero User.
func (ts *Session) Account(c cmdlet.Call) (tenant.Directory, tenant.User, error) {
	d, err := ts.Open(c)
	if err != nil {
		return nil, tenant.User{}, err
	}
	u, err := d.Account(c.Context())
	if tenant.IsCode(err, tenant.CodeAppOnly) {
		return d, tenant.User{}, nil
	}
	return d, u, err
}

// Record turns an error from the tenant, a tenant file or Microsoft 365
// alike, into an error record: a refusal's id is the tenant's code and its
// message the tenant's exact text; Graph's own errors (the service not
// answering, a sign-in that expired) are GraphRecord's.
func Record(err error, target any) *interp.ErrorRecord {
	var rec *interp.ErrorRecord
	if errors.As(err, &rec) {
		return rec
	}
	var te *tenant.Error
	if errors.As(err, &te) {
		return interp.NewError(string(te.Code), tenantCategory(te.Code), target, te.Message)
	}
	if rec := graphRecord(err, target); rec != nil {
		return rec
	}
	return interp.NewError("TenantError", "NotSpecified", target, err.Error())
}

// tenantCategory is the PowerShell error category of a tenant refusal.
func tenantCategory(code tenant.Code) string {
	switch code {
	case tenant.CodeAccessDenied, tenant.CodeReadOnly:
		return "PermissionDenied"
	case tenant.CodeUserNotFound, tenant.CodeSkuNotFound, tenant.CodeGroupNotFound,
		tenant.CodeSubscriptionNotFound, tenant.CodeBatchNotFound:
		return "ObjectNotFound"
	case tenant.CodeInvalidValue, tenant.CodeSkuAmbiguous, tenant.CodeNoChanges, tenant.CodeUsageLocation,
		tenant.CodeInvalidQuery, tenant.CodeUnsupportedQuery, tenant.CodeNotMember:
		return "InvalidArgument"
	case tenant.CodeAlreadyExists:
		return "ResourceExists"
	case tenant.CodeNotInitialized:
		return "ResourceUnavailable"
	case tenant.CodeNotSignedIn:
		return "AuthenticationError"
	case tenant.CodeDiskFull:
		return "WriteError"
	case tenant.CodeTenantIO:
		return "ResourceUnavailable"
	case tenant.CodeTooComplex:
		return "LimitsExceeded"
	}
	return "InvalidOperation"
}

// Fail reports a tenant error as a non-terminating error of the call.
func Fail(c cmdlet.Call, err error, target any) error {
	if interp.IsControl(err) {
		return err
	}
	return c.WriteError(Record(err, target))
}
