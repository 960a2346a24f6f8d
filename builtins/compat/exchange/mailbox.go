package exchange

import (
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"

	"licsh/builtins/compat"
	"licsh/builtins/m365"
	"licsh/builtins/tenant"
	"licsh/shell/cmdlet"
	"licsh/shell/value"
)

// Recipient types and subtypes Exchange gives mailboxes.
const (
	userMailbox   = "UserMailbox"
	sharedMailbox = "SharedMailbox"
)

// defaultResultSize is how many objects Exchange's Get cmdlets return
// without -ResultSize, and resultSizeWarning what they say when there are
// more.
const (
	defaultResultSize = 1000
	resultSizeWarning = "By default, only the first 1000 items are returned. Use the ResultSize parameter to specify the number of items returned. To return all items, specify \"-ResultSize Unlimited\". Be aware that, depending upon the actual number of items, returning all items can take a long time and consume a large amount of memory. Also, we don't recommend storing the results in a variable. Instead, pipe the results to another task or script to perform batch changes."
)

// mailboxFilterProperties are the properties -Filter may test on a
// mailbox.
func mailboxFilterProperties() []string {
	return []string{"Name", "Alias", "DisplayName", "UserPrincipalName", "PrimarySmtpAddress", "EmailAddresses",
		"RecipientType", "RecipientTypeDetails", "ExternalDirectoryObjectId", "ExchangeGuid", "IsInactiveMailbox", "IsShared",
		"LitigationHoldEnabled", "ForwardingSmtpAddress", "DeliverToMailboxAndForward", "HiddenFromAddressListsEnabled",
		"AccountDisabled", "SKUAssigned", "ArchiveStatus", "AutoExpandingArchiveEnabled"}
}

// exoPropertySets are Get-EXOMailbox's -PropertySets, beyond Minimum and
// All (every property), with the properties of a mailbox each adds.
func exoPropertySets() map[string][]string {
	return map[string][]string{
		"Archive":     {"ArchiveStatus", "ArchiveName", "ArchiveGuid", "AutoExpandingArchiveEnabled"},
		"Delivery":    {"ForwardingAddress", "ForwardingSmtpAddress", "DeliverToMailboxAndForward"},
		"Hold":        {"LitigationHoldEnabled", "LitigationHoldDuration", "IsInactiveMailbox"},
		"Quota":       {"ProhibitSendQuota", "ProhibitSendReceiveQuota", "IssueWarningQuota"},
		"SoftDelete":  {"IsSoftDeletedByRemove", "IsInactiveMailbox"},
		"AddressList": {"HiddenFromAddressListsEnabled"},
	}
}

// exoMinimum is the Minimum property set of Get-EXOMailbox.
func exoMinimum() []string {
	return []string{"ExternalDirectoryObjectId", "UserPrincipalName", "Alias", "DisplayName", "EmailAddresses",
		"PrimarySmtpAddress", "RecipientType", "RecipientTypeDetails", "Identity", "Id", "Name", "Guid"}
}

// mailboxEntry is one mailbox with its user, who may be gone.
type mailboxEntry struct {
	data    tenant.UserData
	user    tenant.User
	deleted bool
}

func (m *exchangeModule) mailboxCmdlets() []*cmdlet.Cmdlet {
	listParams := func() []*cmdlet.Param {
		return []*cmdlet.Param{
			{Name: "RecipientTypeDetails", Type: cmdlet.Strings, ValidateSet: []string{userMailbox, sharedMailbox, "RoomMailbox", "EquipmentMailbox", "SchedulingMailbox", "DiscoveryMailbox", "GroupMailbox", "LinkedMailbox", "TeamMailbox"},
				Help: "Only mailboxes of these types: UserMailbox, SharedMailbox (licsh has no others)."},
			{Name: "Filter", Type: cmdlet.Object, Help: "An OPATH filter, as text or a script block: comparisons of properties such as RecipientTypeDetails, LitigationHoldEnabled or PrimarySmtpAddress with -eq, -ne, -like and -notlike, joined by -and, -or and -not."},
			{Name: "ResultSize", Type: cmdlet.String, Help: "At most this many mailboxes, or Unlimited; 1000 when not given, with a warning when there are more."},
			{Name: "InactiveMailboxOnly", Type: cmdlet.Switch, Help: "Only inactive mailboxes: those of deleted users that litigation hold keeps."},
			{Name: "IncludeInactiveMailbox", Type: cmdlet.Switch, Help: "Inactive mailboxes too."},
			{Name: "SoftDeletedMailbox", Type: cmdlet.Switch, Help: "Only the soft-deleted mailboxes of deleted users, kept for 30 days."},
		}
	}
	exoParams := append([]*cmdlet.Param{
		identityParam(false, "The mailbox: an alias, address, user principal name, display name or id, or an object naming one; every mailbox when not given."),
		{Name: "UserPrincipalName", Type: cmdlet.String, Complete: cmdlet.CompleteUser, Help: "The mailbox, by its user's principal name."},
		{Name: "PrimarySmtpAddress", Type: cmdlet.String, Help: "The mailbox, by its address."},
		{Name: "ExternalDirectoryObjectId", Type: cmdlet.String, Help: "The mailbox, by its user's object id."},
		{Name: "Properties", Type: cmdlet.Strings, Help: "Properties to return besides the Minimum set, such as LitigationHoldEnabled."},
		{Name: "PropertySets", Type: cmdlet.Strings, ValidateSet: []string{"All", "Minimum", "AddressList", "Archive", "Delivery", "Hold", "Quota", "SoftDelete"},
			Help: "Sets of properties to return: Minimum (the default), All, Hold, Quota, Delivery ..."},
	}, listParams()...)
	return []*cmdlet.Cmdlet{
		{
			Name:        "Get-Mailbox",
			Module:      moduleName,
			Synopsis:    "Gets mailboxes, as Exchange Online's Get-Mailbox does.",
			Description: "Get-Mailbox outputs a mailbox, or every mailbox of the tenant's live users, with Exchange's properties: Name, Alias, DisplayName, UserPrincipalName, PrimarySmtpAddress, RecipientTypeDetails (UserMailbox, or SharedMailbox for a mailbox that needs no license), LitigationHoldEnabled, IsInactiveMailbox, ForwardingSmtpAddress, the quotas and the rest. An unlicensed user's mailbox is listed until its grace period ends. -InactiveMailboxOnly and -SoftDeletedMailbox list deleted users' mailboxes that still hold data. Without -ResultSize it returns 1000 and warns when there are more.",
			Params: append([]*cmdlet.Param{
				identityParam(false, "The mailbox: an alias, address, user principal name, display name or id, or an object naming one; every mailbox when not given."),
			}, listParams()...),
			Examples: []cmdlet.Example{
				{Code: "Get-Mailbox adele.garcia@contoso.com", Remarks: "Adele's mailbox."},
				{Code: "Get-Mailbox -ResultSize Unlimited -RecipientTypeDetails SharedMailbox", Remarks: "The shared mailboxes."},
				{Code: "Get-Mailbox -Filter \"LitigationHoldEnabled -eq `$true\" | Select-Object DisplayName, PrimarySmtpAddress", Remarks: "Mailboxes on litigation hold."},
			},
			Process: func(c cmdlet.Call) error {
				return m.getMailboxes(c, identities(c.Get("Identity")), func(e mailboxEntry) any { return mailboxObject(e) })
			},
		},
		{
			Name:        "Get-EXOMailbox",
			Module:      moduleName,
			Synopsis:    "Gets mailboxes with the Minimum property set, as the REST cmdlet Get-EXOMailbox does.",
			Description: "Get-EXOMailbox outputs the mailboxes Get-Mailbox does, with the Minimum property set (ExternalDirectoryObjectId, UserPrincipalName, Alias, DisplayName, EmailAddresses, PrimarySmtpAddress, RecipientType, RecipientTypeDetails, Identity, Id, Name, Guid) and the properties -Properties and -PropertySets ask for.",
			Params:      exoParams,
			Examples: []cmdlet.Example{
				{Code: "Get-EXOMailbox -ResultSize Unlimited -RecipientTypeDetails SharedMailbox -Properties LitigationHoldEnabled", Remarks: "Shared mailboxes and whether they are on hold."},
				{Code: "Get-EXOMailbox -UserPrincipalName adele.garcia@contoso.com -PropertySets Quota", Remarks: "Adele's quotas."},
			},
			Process: m.getEXOMailbox,
		},
		{
			Name:                  "Set-Mailbox",
			Module:                moduleName,
			Synopsis:              "Changes a mailbox: converts it to a shared mailbox and back, puts it on litigation hold, forwards it.",
			Description:           "Set-Mailbox -Type Shared converts a user's mailbox to a shared mailbox, which needs no license: it stays active when the user's licenses are removed, with no grace period and no purge, up to 50 GB. Converting is allowed while the user is unlicensed, within the grace period, and keeps the mailbox. -Type Regular converts it back and needs a license with Exchange Online. -LitigationHoldEnabled puts a mailbox on hold (a shared one needs Exchange Online (Plan 2) for it); a held mailbox under an Enterprise license becomes an inactive mailbox when its user is deleted. -ForwardingSmtpAddress, -DeliverToMailboxAndForward and -HiddenFromAddressListsEnabled are kept. Global and Exchange Administrators may.",
			SupportsShouldProcess: true,
			Params: []*cmdlet.Param{
				identityParam(true, "The mailbox: an alias, address, user principal name, display name or id, or an object naming one."),
				{Name: "Type", Type: cmdlet.String, ValidateSet: []string{"Regular", "Shared"}, Help: "Shared converts to a shared mailbox; Regular back to a user's mailbox."},
				{Name: "LitigationHoldEnabled", Type: cmdlet.Bool, Help: "$true to hold the mailbox, $false to release it."},
				{Name: "ForwardingSmtpAddress", Type: cmdlet.String, Help: "An address to forward the mailbox's mail to; $null stops forwarding."},
				{Name: "DeliverToMailboxAndForward", Type: cmdlet.Bool, Help: "$true keeps forwarded mail in the mailbox too."},
				{Name: "HiddenFromAddressListsEnabled", Type: cmdlet.Bool, Help: "$true hides the mailbox from the address lists."},
				{Name: "Force", Type: cmdlet.Switch, Help: "Does not ask for confirmation."},
			},
			Examples: []cmdlet.Example{
				{Code: "Set-Mailbox -Identity pradeep.wilber@contoso.com -Type Shared", Remarks: "Converts a leaver's mailbox to a shared mailbox before the license goes."},
				{Code: "Set-Mailbox adele.garcia@contoso.com -LitigationHoldEnabled $true", Remarks: "Keeps Adele's mail even if she is deleted."},
				{Code: "Set-Mailbox megan.jansen@contoso.com -ForwardingSmtpAddress adele.garcia@contoso.com -DeliverToMailboxAndForward $true", Remarks: "Forwards a leaver's mail to a colleague."},
			},
			Process: m.setMailbox,
		},
	}
}

// resultSize reads -ResultSize: the limit, 0 for Unlimited, and whether
// it was given.
func resultSize(c cmdlet.Call) (int, bool, error) {
	if !c.Bound("ResultSize") {
		return defaultResultSize, false, nil
	}
	s := strings.TrimSpace(c.String("ResultSize"))
	if strings.EqualFold(s, "Unlimited") {
		return 0, true, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return 0, true, &exoError{excBinding, fmt.Sprintf("Cannot process argument transformation on parameter 'ResultSize'. Cannot convert value \"%s\" to type \"Microsoft.Exchange.Data.Unlimited`1[System.UInt32]\". Error: \"The value must be a positive number or Unlimited.\"", s)}
	}
	return n, true, nil
}

// listing is what a Get cmdlet's -Filter, -RecipientTypeDetails and
// -ResultSize ask for.
type listing struct {
	filter  filter
	types   []string
	limit   int
	limited bool // -ResultSize was given
}

func readListing(c cmdlet.Call, filterable []string) (listing, error) {
	var l listing
	var err error
	if l.limit, l.limited, err = resultSize(c); err != nil {
		return l, err
	}
	if v := c.Get("Filter"); v != nil {
		if l.filter, err = parseFilter(value.ToString(v), filterable); err != nil {
			return l, err
		}
	}
	l.types = c.Strings("RecipientTypeDetails")
	return l, nil
}

// keep reports whether an object passes -RecipientTypeDetails and
// -Filter.
func (l listing) keep(o any) bool {
	if len(l.types) > 0 {
		t, _ := value.GetMember(o, "RecipientTypeDetails")
		found := false
		for _, want := range l.types {
			found = found || strings.EqualFold(want, value.ToString(t))
		}
		if !found {
			return false
		}
	}
	return l.filter == nil || l.filter(o)
}

// write writes the objects that pass, up to -ResultSize, warning as
// Exchange does when the default limit left some out.
func (l listing) write(c cmdlet.Call, objects []any) error {
	n := 0
	for _, o := range objects {
		if !l.keep(o) {
			continue
		}
		if l.limit > 0 && n == l.limit {
			if !l.limited {
				c.WriteWarning(resultSizeWarning)
			}
			return nil
		}
		n++
		if err := c.Write(o); err != nil {
			return err
		}
	}
	return nil
}

// getMailboxes writes the mailboxes ids name, or every one the listing
// switches select, made into objects by build.
func (m *exchangeModule) getMailboxes(c cmdlet.Call, ids []string, build func(mailboxEntry) any) error {
	st, err := m.open(c)
	if st == nil {
		return err
	}
	l, err := readListing(c, mailboxFilterProperties())
	if err != nil {
		return m.fail(c, err, nil)
	}
	live := !c.Switch("InactiveMailboxOnly") && !c.Switch("SoftDeletedMailbox")
	if len(ids) == 0 {
		entries, err := m.mailboxEntries(c, st, live)
		if err != nil {
			return m.fail(c, err, nil)
		}
		var all []any
		for _, e := range entries {
			all = append(all, build(e))
		}
		return l.write(c, all)
	}
	for _, id := range ids {
		e, err := m.findMailbox(c, st, id, live)
		if err != nil {
			if err := m.fail(c, err, id); err != nil {
				return err
			}
			continue
		}
		if err := l.write(c, []any{build(e)}); err != nil {
			return err
		}
	}
	return nil
}

// mailboxEntries are the mailboxes the call's switches select: with live,
// the live users' that hold data; the deleted users' inactive or
// soft-deleted ones as the switches ask.
func (m *exchangeModule) mailboxEntries(c cmdlet.Call, st *tenant.Store, live bool) ([]mailboxEntry, error) {
	ctx := c.Context()
	var out []mailboxEntry
	if live {
		users, err := st.Users(ctx, tenant.UserFilter{})
		if err != nil {
			return nil, err
		}
		byID := map[string]tenant.User{}
		for _, u := range users {
			byID[u.ID] = u
		}
		all, err := st.Mailboxes(ctx)
		if err != nil {
			return nil, err
		}
		for _, d := range all {
			if holdsData(d) {
				out = append(out, mailboxEntry{data: d, user: byID[d.UserID]})
			}
		}
	}
	deleted, err := m.deletedEntries(c, st)
	return append(out, deleted...), err
}

// deletedEntries are the deleted users' mailboxes the call's switches ask
// for: inactive ones (-InactiveMailboxOnly, -IncludeInactiveMailbox) or
// soft-deleted ones (-SoftDeletedMailbox).
func (m *exchangeModule) deletedEntries(c cmdlet.Call, st *tenant.Store) ([]mailboxEntry, error) {
	softDeleted := c.Switch("SoftDeletedMailbox")
	if !softDeleted && !c.Switch("InactiveMailboxOnly") && !c.Switch("IncludeInactiveMailbox") {
		return nil, nil
	}
	ctx := c.Context()
	users, err := st.DeletedUsers(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[string]tenant.User{}
	for _, u := range users {
		byID[u.ID] = u
	}
	gone, err := st.DeletedMailboxes(ctx)
	if err != nil {
		return nil, err
	}
	var out []mailboxEntry
	for _, d := range gone {
		if softDeleted != (d.MailboxState == tenant.MailboxInactive) {
			out = append(out, mailboxEntry{data: d, user: byID[d.UserID], deleted: true})
		}
	}
	return out, nil
}

// holdsData reports whether a live user's mailbox is one Exchange lists:
// active, or unlicensed within its grace period.
func holdsData(d tenant.UserData) bool {
	return d.MailboxState == tenant.MailboxActive || d.MailboxState == tenant.MailboxDisconnected
}

// findMailbox is the one mailbox an identity names: a live user's (with
// live) or a deleted user's the switches ask for.
func (m *exchangeModule) findMailbox(c cmdlet.Call, st *tenant.Store, id string, live bool) (mailboxEntry, error) {
	if live {
		u, err := findUser(c, st, id, errNotFound)
		if err == nil {
			d, err := st.UserData(c.Context(), u.ID)
			if err != nil {
				return mailboxEntry{}, err
			}
			if holdsData(d) {
				return mailboxEntry{data: d, user: u}, nil
			}
		} else if !isNotFound(err) {
			return mailboxEntry{}, err
		}
	}
	deleted, err := m.deletedEntries(c, st)
	if err != nil {
		return mailboxEntry{}, err
	}
	for _, e := range deleted {
		if e.names(id) {
			return e, nil
		}
	}
	return mailboxEntry{}, errNotFound(id)
}

// isNotFound reports whether err is Exchange's answer for an identity that
// names nothing.
func isNotFound(err error) bool {
	var xe *exoError
	return errors.As(err, &xe) && xe.exception == excNotFound
}

// names reports whether an identity names the mailbox: its user's UPN,
// object id, address, alias or display name, or its ExchangeGuid.
func (e mailboxEntry) names(id string) bool {
	id = strings.TrimSpace(id)
	for _, s := range []string{e.data.UserPrincipalName, e.data.UserID, e.user.Mail, alias(e.data.UserPrincipalName), e.user.DisplayName, exchangeGUID(e.data.UserID)} {
		if s != "" && strings.EqualFold(s, id) {
			return true
		}
	}
	return false
}

// primarySmtp is a mailbox's primary address: its user's mail, or the UPN.
func (e mailboxEntry) primarySmtp() string {
	if e.user.Mail != "" {
		return e.user.Mail
	}
	return e.data.UserPrincipalName
}

// displayName is the user's display name, or for a user who is gone the
// alias, which is all the mailbox keeps.
func (e mailboxEntry) displayName() string {
	if e.user.DisplayName != "" {
		return e.user.DisplayName
	}
	return alias(e.data.UserPrincipalName)
}

// emailAddresses are the mailbox's proxy addresses, the primary in upper
// case as Exchange writes it.
func (e mailboxEntry) emailAddresses() []any {
	out := []any{"SMTP:" + e.primarySmtp()}
	if !strings.EqualFold(e.primarySmtp(), e.data.UserPrincipalName) {
		out = append(out, "smtp:"+e.data.UserPrincipalName)
	}
	return out
}

// quota is a mailbox size as Exchange shows it: "49.5 GB (53,150,220,288
// bytes)".
func quota(gb float64) string {
	b := strconv.FormatInt(int64(gb*(1<<30)), 10)
	var grouped []string
	for len(b) > 3 {
		grouped = append([]string{b[len(b)-3:]}, grouped...)
		b = b[:len(b)-3]
	}
	grouped = append([]string{b}, grouped...)
	return strconv.FormatFloat(gb, 'f', -1, 64) + " GB (" + strings.Join(grouped, ",") + " bytes)"
}

// database is the mailbox database a mailbox is on: fixed for a user.
func database(userID string) string {
	h := fnv.New32a()
	h.Write([]byte(userID))
	n := h.Sum32()
	return fmt.Sprintf("NAMPR04DG%03d-db%03d", n%400+1, n/400%300+1)
}

// mailboxObject is a mailbox as Get-Mailbox shows it.
func mailboxObject(e mailboxEntry) *compat.Model {
	d := e.data
	name := alias(d.UserPrincipalName)
	typ := userMailbox
	if d.Shared {
		typ = sharedMailbox
	}
	var forwarding any
	if d.ForwardingSmtpAddress != "" {
		forwarding = "smtp:" + d.ForwardingSmtpAddress
	}
	holdDuration := any(nil)
	if d.LitigationHold {
		holdDuration = "Unlimited"
	}
	size := d.MailboxSizeGB()
	db := database(d.UserID)
	o := compat.NewModel(typeMailbox)
	o.Set("Name", name)
	o.Set("Alias", name)
	o.Set("DisplayName", e.displayName())
	o.Set("UserPrincipalName", d.UserPrincipalName)
	o.Set("PrimarySmtpAddress", e.primarySmtp())
	o.Set("EmailAddresses", e.emailAddresses())
	o.Set("RecipientType", userMailbox)
	o.Set("RecipientTypeDetails", typ)
	o.Set("ExternalDirectoryObjectId", d.UserID)
	o.Set("ExchangeGuid", exchangeGUID(d.UserID))
	o.Set("Identity", name)
	o.Set("Id", name)
	o.Set("Guid", d.UserID)
	o.Set("Database", db)
	o.Set("ServerName", strings.ToLower(strings.SplitN(db, "-", 2)[0]))
	o.Set("IsMailboxEnabled", true)
	o.Set("IsShared", d.Shared)
	o.Set("IsInactiveMailbox", d.MailboxState == tenant.MailboxInactive)
	o.Set("IsSoftDeletedByRemove", e.deleted && d.MailboxState == tenant.MailboxDisconnected)
	o.Set("WhenSoftDeleted", softDeleted(e))
	o.Set("AccountDisabled", !e.deleted && !e.user.AccountEnabled)
	o.Set("SKUAssigned", d.MailboxPlan != "")
	o.Set("LitigationHoldEnabled", d.LitigationHold)
	o.Set("LitigationHoldDuration", holdDuration)
	archiveFields(o, d, e.displayName())
	o.Set("ForwardingAddress", nil)
	o.Set("ForwardingSmtpAddress", forwarding)
	o.Set("DeliverToMailboxAndForward", d.DeliverToMailboxAndForward)
	o.Set("HiddenFromAddressListsEnabled", d.HiddenFromAddressLists)
	o.Set("ProhibitSendQuota", quota(size*0.99))
	o.Set("ProhibitSendReceiveQuota", quota(size))
	o.Set("IssueWarningQuota", quota(size*0.98))
	o.Text = name
	return o
}

// softDeleted is when a deleted user's mailbox was soft-deleted, as far as
// the tenant knows it: its user's deletion.
func softDeleted(e mailboxEntry) any {
	if !e.deleted {
		return nil
	}
	return m365.DateOrNil(e.user.DeletedDateTime)
}

func (m *exchangeModule) getEXOMailbox(c cmdlet.Call) error {
	props := exoMinimum()
	sets := c.Strings("PropertySets")
	for _, s := range sets {
		if strings.EqualFold(s, "All") {
			props = nil
			break
		}
		for name, extra := range exoPropertySets() {
			if strings.EqualFold(name, s) {
				props = append(props, extra...)
			}
		}
	}
	if props != nil {
		all := mailboxObject(mailboxEntry{}).PropertyNames()
		for _, p := range c.Strings("Properties") {
			found := ""
			for _, name := range all {
				if strings.EqualFold(name, p) {
					found = name
				}
			}
			if found == "" {
				return m.fail(c, &exoError{excBinding, fmt.Sprintf("The property '%s' is not a property of a mailbox: Get-Mailbox | Get-Member lists them.", p)}, p)
			}
			props = append(props, found)
		}
	}
	ids := identities(c.Get("Identity"))
	for _, name := range []string{"UserPrincipalName", "PrimarySmtpAddress", "ExternalDirectoryObjectId"} {
		if s := c.String(name); s != "" {
			ids = append(ids, s)
		}
	}
	return m.getMailboxes(c, ids, func(e mailboxEntry) any {
		full := mailboxObject(e)
		if props == nil {
			return full
		}
		o := compat.NewModel(typeEXOMailbox)
		for _, p := range props {
			v, _ := full.Property(p)
			o.Set(p, v)
		}
		o.Text = full.Text
		return o
	})
}

// forwardingAddress reads -ForwardingSmtpAddress: an SMTP address, with or
// without its smtp: prefix, or "" to stop forwarding.
func forwardingAddress(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) > 5 && strings.EqualFold(s[:5], "smtp:") {
		s = s[5:]
	}
	if s == "" {
		return "", nil
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || strings.Contains(domain, "@") || !strings.Contains(strings.Trim(domain, "."), ".") || strings.ContainsAny(s, " \t") {
		return "", &exoError{excBinding, fmt.Sprintf("Cannot process argument transformation on parameter 'ForwardingSmtpAddress'. Cannot convert value \"%s\" to type \"Microsoft.Exchange.Data.ProxyAddress\". Error: \"The address '%s' is invalid: \"%s\" isn't a valid SMTP address. The domain name can't contain spaces and it has to have a prefix and a suffix, such as example.com.\"", s, s, s)}
	}
	return s, nil
}

func (m *exchangeModule) setMailbox(c cmdlet.Call) error {
	st, err := m.open(c)
	if st == nil {
		return err
	}
	var up tenant.MailboxUpdate
	var actions []string
	if c.Bound("Type") {
		shared := strings.EqualFold(c.String("Type"), "Shared")
		up.Shared = &shared
		actions = append(actions, map[bool]string{true: "Convert to a shared mailbox", false: "Convert to a regular mailbox"}[shared])
	}
	flag := func(name, on, off string) *bool {
		if !c.Bound(name) {
			return nil
		}
		v := c.Switch(name)
		actions = append(actions, map[bool]string{true: on, false: off}[v])
		return &v
	}
	up.LitigationHold = flag("LitigationHoldEnabled", "Enable litigation hold", "Disable litigation hold")
	up.DeliverToMailboxAndForward = flag("DeliverToMailboxAndForward", "Deliver forwarded mail to the mailbox too", "Deliver forwarded mail only to the forwarding address")
	up.HiddenFromAddressLists = flag("HiddenFromAddressListsEnabled", "Hide from address lists", "Show in address lists")
	if c.Bound("ForwardingSmtpAddress") {
		addr, err := forwardingAddress(c.String("ForwardingSmtpAddress"))
		if err != nil {
			return m.fail(c, err, c.String("ForwardingSmtpAddress"))
		}
		up.ForwardingSmtpAddress = &addr
		actions = append(actions, map[bool]string{true: "Forward to " + addr, false: "Stop forwarding"}[addr != ""])
	}
	for _, id := range identities(c.Get("Identity")) {
		if err := m.setOneMailbox(c, st, id, up, actions); err != nil {
			return err
		}
	}
	return nil
}

func (m *exchangeModule) setOneMailbox(c cmdlet.Call, st *tenant.Store, id string, up tenant.MailboxUpdate, actions []string) error {
	u, err := findUser(c, st, id, errNotFound)
	if err != nil {
		return m.fail(c, err, id)
	}
	if len(actions) > 0 {
		if ok, err := c.ShouldProcess(u.UserPrincipalName, strings.Join(actions, ", ")); !ok || err != nil {
			return err
		}
	}
	res, err := st.SetMailbox(c.Context(), u.ID, up)
	if err != nil {
		return m.fail(c, err, id)
	}
	if !res.Changed {
		c.WriteWarning(fmt.Sprintf("The command completed successfully but no settings of '%s' have been modified.", alias(u.UserPrincipalName)))
	}
	return nil
}
