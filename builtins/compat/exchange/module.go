package exchange

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"licsh/builtins/compat"
	"licsh/builtins/m365"
	"licsh/builtins/tenant"
	"licsh/shell/cmdlet"
	"licsh/shell/format"
	"licsh/shell/interp"
	"licsh/shell/value"
)

// moduleName is the module's name, which Get-Command shows as Source, and
// moduleVersion the release whose cmdlets and banner licsh follows.
const (
	moduleName    = "ExchangeOnlineManagement"
	moduleVersion = "3.7.0"
)

// Type names of Exchange's objects.
const (
	typeMailbox           = "Microsoft.Exchange.Data.Directory.Management.Mailbox"
	typeEXOMailbox        = "Microsoft.Exchange.Management.RestApiClient.ExoMailbox"
	typeDistributionGroup = "Microsoft.Exchange.Data.Directory.Management.DistributionGroup"
	typeUnifiedGroup      = "Microsoft.Exchange.Data.Directory.Management.UnifiedGroup"
	typeRecipient         = "Microsoft.Exchange.Data.Directory.Management.ReducedRecipient"
	typeEXORecipient      = "Microsoft.Exchange.Management.RestApiClient.ExoRecipient"
	typePermission        = "Microsoft.Exchange.Management.RecipientTasks.MailboxAcePresentationObject"
	typeConnection        = "Microsoft.Exchange.Management.ExoPowershellSnapin.ConnectionInformation"
)

// Module is the ExchangeOnlineManagement module, on the tenant of ts.
func Module(ts *m365.Session) *interp.Module {
	m := &exchangeModule{ts: ts, conn: compat.NewConn(ts, dialect{})}
	return &interp.Module{Name: moduleName, Version: moduleVersion,
		Description: "Exchange Online: mailboxes (shared mailboxes need no license), their permissions, distribution groups and Microsoft 365 groups, as far as license work needs them.",
		Cmdlets: slices.Concat(m.sessionCmdlets(), m.mailboxCmdlets(), m.settingsCmdlets(), m.recipientCmdlets(), m.permissionCmdlets(),
			m.groupCmdlets()),
		Views: []format.View{
			{TypeName: typeMailbox, Table: []string{"Name", "Alias", "Database", "ProhibitSendQuota", "ExternalDirectoryObjectId"}},
			{TypeName: typeDistributionGroup, Table: []string{"Name", "DisplayName", "GroupType", "PrimarySmtpAddress"}},
			{TypeName: typeUnifiedGroup, Table: []string{"Name", "Alias", "ServerName", "AccessType"}},
			{TypeName: typeRecipient, Table: []string{"Name", "RecipientType"}},
			{TypeName: typeEXORecipient, Table: []string{"Name", "RecipientType"}},
			{TypeName: typeAutoReply, List: []string{"AutoReplyState", "StartTime", "EndTime", "ExternalAudience", "ExternalMessage", "InternalMessage", "Identity"}},
			{TypeName: typePermission, Table: []string{"Identity", "User", "AccessRights", "IsInherited", "Deny"}},
		}}
}

// exchangeModule holds the module's cmdlets and its connection.
type exchangeModule struct {
	ts   *m365.Session
	conn *compat.Conn
	// signedOut is set by Disconnect-ExchangeOnline, after which the real
	// module's cmdlets are gone: they refuse until Connect-ExchangeOnline.
	// Before any connect they work, as the session's account, as licsh's
	// Get-Mailbox and Set-Mailbox always did.
	signedOut bool
	// connects counts the connections made, which Get-ConnectionInformation
	// numbers; connection is how the last one was asked for.
	connects   int
	connection connection
}

// connection is how Connect-ExchangeOnline was asked to sign in, which
// Get-ConnectionInformation shows; who the session acts as is asked of
// the session each time.
type connection struct {
	id, appID, organization, delegated, prefix string
	certificate                                bool
}

// open opens the tenant for a cmdlet; after Disconnect-ExchangeOnline it
// reports the module's refusal and returns no store.
func (m *exchangeModule) open(c cmdlet.Call) (*tenant.Store, error) {
	if m.signedOut {
		return nil, c.WriteError(dialect{}.NotConnected(c, ""))
	}
	return m.ts.File(c)
}

// fail reports err as Exchange does.
func (m *exchangeModule) fail(c cmdlet.Call, err error, target any) error {
	return m.conn.Fail(c, "", err, target)
}

// The Exchange exceptions licsh raises, by .NET type.
const (
	excNotFound      = "Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException"
	excAmbiguous     = "Microsoft.Exchange.Configuration.Tasks.ManagementObjectAmbiguousException"
	excMemberExists  = "Microsoft.Exchange.Management.Tasks.MemberAlreadyExistsException"
	excMemberMissing = "Microsoft.Exchange.Management.Tasks.MemberNotFoundException"
	excTask          = "Microsoft.Exchange.Management.Tasks.RecipientTaskException"
	excBinding       = "System.Management.Automation.ParameterBindingException"
)

// domainController is the server Exchange names in its not-found errors.
const domainController = "NAMPR04A001DC02.NAMPR04A001.prod.outlook.com"

// exoError is a refusal the module makes itself, in Exchange's words: its
// .NET exception type and message.
type exoError struct{ exception, message string }

func (e *exoError) Error() string { return e.message }

// errNotFound is Exchange's answer for an identity that names nothing.
func errNotFound(identity string) *exoError {
	return &exoError{excNotFound, fmt.Sprintf("The operation couldn't be performed because object '%s' couldn't be found on '%s'.", identity, domainController)}
}

// errRecipientNotFound is Exchange's answer for a -Member or -User that
// names no recipient.
func errRecipientNotFound(identity string) *exoError {
	return &exoError{excNotFound, fmt.Sprintf("Couldn't find object \"%s\". Please make sure that it was spelled correctly or specify a different object.", identity)}
}

// dialect is how Exchange Online words its errors: the exception's type
// in CategoryInfo.Reason, and its own texts for what it cannot find.
type dialect struct{}

// NotConnected is the refusal of Exchange's cmdlets without a connection,
// which licsh makes after Disconnect-ExchangeOnline.
func (dialect) NotConnected(c cmdlet.Call, _ string) error {
	rec := interp.NewError("Microsoft.Exchange.Management.ExoPowershellSnapin.NotConnectedException,"+taskClass(c.Cmdlet().Name),
		"InvalidOperation", nil, "You must call the Connect-ExchangeOnline cmdlet before calling any other cmdlets.")
	rec.Exception.Type = "System.InvalidOperationException"
	return rec
}

func (dialect) Record(c cmdlet.Call, _ string, err error, target any, _ time.Time) error {
	var rec *interp.ErrorRecord
	if errors.As(err, &rec) {
		return rec
	}
	exception, msg := excTask, err.Error()
	var xe *exoError
	var te *tenant.Error
	switch {
	case errors.As(err, &xe):
		exception = xe.exception
	case errors.As(err, &te) && (te.Code == tenant.CodeUserNotFound || te.Code == tenant.CodeGroupNotFound):
		nf := errNotFound(value.ToString(target))
		exception, msg = nf.exception, nf.message
	}
	category := "NotSpecified"
	if exception == excBinding {
		category = "InvalidArgument"
	}
	rec = interp.NewError(exception[strings.LastIndex(exception, ".")+1:]+","+taskClass(c.Cmdlet().Name), category, target, msg)
	rec.Exception.Type = exception
	return rec
}

// SignInFailed words a failed sign-in as Microsoft's sign-in service
// answers Connect-ExchangeOnline for an account its directory does not
// have.
func (dialect) SignInFailed(_ cmdlet.Call, account string, err error, info tenant.Info) error {
	msg := err.Error()
	if account != "" && tenant.IsCode(err, tenant.CodeUserNotFound) {
		msg = fmt.Sprintf("AADSTS50034: The user account {EmailHidden} does not exist in the %s directory. To sign into this application, the account must be added to the directory.", info.DefaultDomain)
	}
	rec := interp.NewError("Microsoft.Identity.Client.MsalServiceException,Microsoft.Exchange.Management.ExoPowershellSnapin.NewEXOModule",
		"AuthenticationError", nil, msg)
	rec.Exception.Type = "Microsoft.Identity.Client.MsalServiceException"
	return rec
}

// taskClass is the Exchange class behind a cmdlet: Set-Mailbox is
// Microsoft.Exchange.Management.RecipientTasks.SetMailbox.
func taskClass(name string) string {
	if strings.Contains(name, "-EXO") {
		return "Microsoft.Exchange.Management.RestApiClient." + strings.ReplaceAll(strings.ReplaceAll(name, "-", ""), "EXO", "Exo")
	}
	return "Microsoft.Exchange.Management.RecipientTasks." + strings.ReplaceAll(name, "-", "")
}

// identityOf is the recipient a parameter value names: text as it is, or
// the first of an object's properties that names one, so that Exchange's
// own objects, licsh's users and CSV rows all pipe into Exchange cmdlets.
func identityOf(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	}
	for _, name := range append([]string{"ExternalDirectoryObjectId", "UserPrincipalName", "PrimarySmtpAddress"}, cmdlet.IdentityProperties()...) {
		if p, _ := value.GetMember(v, name); p != nil {
			if s := value.ToString(p); s != "" {
				return s
			}
		}
	}
	if p, _ := value.GetMember(v, "Identity"); p != nil {
		return value.ToString(p)
	}
	return value.ToString(v)
}

// identities are the recipients a parameter value names, one per item.
func identities(v any) []string {
	var out []string
	for _, it := range cmdlet.Items(v) {
		out = append(out, identityOf(it))
	}
	return out
}

// findUser is the one live user an Exchange identity names (an alias, a
// display name, an address, a UPN or an object id); notFound words the
// refusal when there is none.
func findUser(c cmdlet.Call, st tenant.Directory, identity string, notFound func(string) *exoError) (tenant.User, error) {
	users, err := st.FindUsers(c.Context(), identity)
	switch {
	case err != nil:
		return tenant.User{}, err
	case len(users) == 0:
		return tenant.User{}, notFound(identity)
	case len(users) > 1:
		return tenant.User{}, &exoError{excAmbiguous, fmt.Sprintf("The operation couldn't be performed because '%s' matches multiple entries.", identity)}
	}
	return users[0], nil
}

// alias is the Exchange alias of a user: the part of the UPN before @.
func alias(upn string) string {
	a, _, _ := strings.Cut(upn, "@")
	return a
}

// exchangeGUID is the mailbox's ExchangeGuid: fixed for a user, so that it
// is the same in every run.
func exchangeGUID(userID string) string {
	return uuid.NewSHA1(uuid.NameSpaceOID, []byte("mailbox:"+userID)).String()
}

// archiveGUID is the mailbox's ArchiveGuid: fixed for a user, as
// exchangeGUID is.
func archiveGUID(userID string) string {
	return uuid.NewSHA1(uuid.NameSpaceOID, []byte("archive:"+userID)).String()
}

// identityParam is an -Identity parameter that takes a recipient, an
// object naming one, or several from the pipeline.
func identityParam(mandatory bool, help string) *cmdlet.Param {
	return &cmdlet.Param{Name: "Identity", Type: cmdlet.Object, Position: 1, Mandatory: mandatory,
		ValueFromPipeline: true, ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompleteUser, Help: help}
}
