package builtins

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"

	"licsh/builtins/tenant"
	"licsh/shell/interp"
	"licsh/shell/value"
)

// Demo tenant names for the default tenant file, seeded on first use.
const (
	demoTenantName   = "Contoso"
	demoTenantDomain = "contoso.com"
)

// TenantSession is the tenant file a licsh session works on. The file is
// opened on the first tenant cmdlet, so a session that runs none never pays
// for SQLite, and stays open until Close.
type TenantSession struct {
	path     string
	seedDemo bool

	mu    sync.Mutex
	store *tenant.Store
}

// NewTenantSession returns a session on the tenant file at path. A missing
// file is created empty when first used; with seedDemoIfNew it is also
// initialized as the demo company, as the default tenant is.
func NewTenantSession(path string, seedDemoIfNew bool) *TenantSession {
	return &TenantSession{path: path, seedDemo: seedDemoIfNew}
}

// Close closes the tenant file if it was opened.
func (ts *TenantSession) Close() error {
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
func (ts *TenantSession) Store(ctx context.Context) (*tenant.Store, error) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.store != nil {
		return ts.store, nil
	}
	if ts.path == "" {
		return nil, errors.New("No tenant file is set. Start licsh with -Tenant <path> or set LICSH_TENANT.")
	}
	_, statErr := os.Stat(ts.path)
	isNew := errors.Is(statErr, os.ErrNotExist)
	if isNew && ts.seedDemo {
		// The default tenant lives in the user's data folder, which may
		// not exist yet on a new machine.
		if err := os.MkdirAll(filepath.Dir(ts.path), 0o755); err != nil {
			return nil, err
		}
	}
	st, err := tenant.Open(ts.path)
	if err != nil {
		return nil, err
	}
	if isNew && ts.seedDemo {
		// Another licsh may have seeded the new file first; that is fine.
		err := st.Initialize(ctx, demoTenantName, demoTenantDomain, true)
		if err != nil && !tenant.IsCode(err, tenant.CodeAlreadyExists) {
			st.Close()
			return nil, err
		}
	}
	ts.store = st
	return st, nil
}

// RegisterTenant adds the tenant cmdlets, working on ts, to the registry.
func RegisterTenant(r *interp.Registry, ts *TenantSession) {
	for _, group := range [][]*interp.Cmdlet{
		tenantSessionCmdlets(ts),
		userCmdlets(ts),
		licenseCmdlets(ts),
		userLicenseCmdlets(ts),
		groupCmdlets(ts),
		roleCmdlets(ts),
		dataCmdlets(ts),
		auditCmdlets(ts),
		compatCmdlets(ts),
		batchCmdlets(ts),
	} {
		for _, c := range group {
			r.Add(c)
		}
	}
}

// open returns the session's store for a cmdlet call; failing to open the
// tenant file is a terminating error.
func (ts *TenantSession) open(c *interp.Call) (*tenant.Store, error) {
	st, err := ts.Store(c.Context())
	if err != nil {
		return nil, interp.NewError("TenantUnavailable", "ResourceUnavailable", ts.path, err.Error())
	}
	return st, nil
}

// tenantRecord turns an error from the tenant into an error record whose
// id is the tenant's code and whose message is the tenant's exact text.
func tenantRecord(err error, target any) *interp.ErrorRecord {
	var rec *interp.ErrorRecord
	if errors.As(err, &rec) {
		return rec
	}
	var te *tenant.Error
	if !errors.As(err, &te) {
		return interp.NewError("TenantError", "NotSpecified", target, err.Error())
	}
	return interp.NewError(string(te.Code), tenantCategory(te.Code), target, te.Message)
}

// tenantCategory is the PowerShell error category of a tenant refusal.
func tenantCategory(code tenant.Code) string {
	switch code {
	case tenant.CodeAccessDenied:
		return "PermissionDenied"
	case tenant.CodeUserNotFound, tenant.CodeSkuNotFound, tenant.CodeGroupNotFound,
		tenant.CodeSubscriptionNotFound, tenant.CodeBatchNotFound:
		return "ObjectNotFound"
	case tenant.CodeInvalidValue, tenant.CodeSkuAmbiguous, tenant.CodeNoChanges, tenant.CodeUsageLocation:
		return "InvalidArgument"
	case tenant.CodeAlreadyExists:
		return "ResourceExists"
	case tenant.CodeNotInitialized:
		return "ResourceUnavailable"
	}
	return "InvalidOperation"
}

// tenantFail reports a tenant error as a non-terminating error of the call.
func tenantFail(c *interp.Call, err error, target any) error {
	if interp.IsControl(err) {
		return err
	}
	return c.WriteError(tenantRecord(err, target))
}

// identityNames are the properties that name a user on an object piped to
// a tenant cmdlet: the tenant's own objects, Graph and MSOnline objects, and
// the admin center's "Export users" CSV.
var identityNames = []string{"UserPrincipalName", "UPN", "User principal name", "Id", "ObjectId", "UserId"}

// identityOf reads a user identity from a parameter value: a user object
// (or any object with one of identityNames) or the text itself.
func identityOf(v any) string {
	if o, ok := v.(*value.Object); ok {
		for _, n := range identityNames {
			if id, ok := o.Get(n); ok && id != nil {
				return value.ToString(id)
			}
		}
	}
	if v == nil {
		return ""
	}
	return value.ToString(v)
}
