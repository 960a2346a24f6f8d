package exchange

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"licsh/builtins/compat"
	"licsh/builtins/tenant"
	"licsh/shell/cmdlet"
)

// recipientTypes are the values of -RecipientType that licsh's recipients
// have; recipientTypeDetails those of -RecipientTypeDetails.
var (
	recipientTypes       = []string{userMailbox, mailDistribution, mailSecurity, "MailUser", "MailContact", "DynamicDistributionGroup", "MailNonUniversalGroup", "PublicFolder"}
	recipientTypeDetails = []string{userMailbox, sharedMailbox, mailDistribution, mailSecurity, groupMailbox, "RoomMailbox", "EquipmentMailbox", "MailUser", "MailContact", "DynamicDistributionGroup"}
)

// recipientFilterProperties are the properties -Filter may test on a
// recipient.
func recipientFilterProperties() []string {
	return []string{"Name", "Alias", "DisplayName", "PrimarySmtpAddress", "EmailAddresses", "RecipientType", "RecipientTypeDetails",
		"ExternalDirectoryObjectId", "HiddenFromAddressListsEnabled"}
}

// exoRecipientMinimum is Get-EXORecipient's Minimum property set.
func exoRecipientMinimum() []string {
	return []string{"ExternalDirectoryObjectId", "Identity", "Alias", "EmailAddresses", "DisplayName", "Name", "PrimarySmtpAddress",
		"RecipientType", "RecipientTypeDetails", "Guid"}
}

func (m *exchangeModule) recipientCmdlets() []*cmdlet.Cmdlet {
	params := func(exo bool) []*cmdlet.Param {
		ps := []*cmdlet.Param{
			{Name: "Identity", Type: cmdlet.Object, Position: 1, ValueFromPipeline: true, ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompleteUser,
				Help: "The recipient: an alias, address, user principal name, display name or id of a mailbox or mail-enabled group; every recipient when not given."},
			{Name: "Anr", Type: cmdlet.String, Help: "Recipients whose name, display name, alias or address starts with this text (ambiguous name resolution)."},
			{Name: "RecipientType", Type: cmdlet.Strings, ValidateSet: recipientTypes, Help: "Only recipients of these types: UserMailbox, MailUniversalDistributionGroup, MailUniversalSecurityGroup ..."},
			{Name: "RecipientTypeDetails", Type: cmdlet.Strings, ValidateSet: recipientTypeDetails, Help: "Only recipients of these kinds: UserMailbox, SharedMailbox, GroupMailbox (Microsoft 365 groups) ..."},
			{Name: "Filter", Type: cmdlet.Object, Help: "An OPATH filter on Name, Alias, DisplayName, PrimarySmtpAddress, RecipientTypeDetails ..."},
			{Name: "ResultSize", Type: cmdlet.String, Help: "At most this many, or Unlimited; 1000 when not given, with a warning when there are more."},
			{Name: "IncludeSoftDeletedRecipients", Type: cmdlet.Switch, Help: "Accepted; licsh lists the live recipients."},
		}
		if exo {
			ps = append(ps,
				&cmdlet.Param{Name: "UserPrincipalName", Type: cmdlet.String, Complete: cmdlet.CompleteUser, Help: "The recipient, by its user's principal name."},
				&cmdlet.Param{Name: "PrimarySmtpAddress", Type: cmdlet.String, Help: "The recipient, by its address."},
				&cmdlet.Param{Name: "ExternalDirectoryObjectId", Type: cmdlet.String, Help: "The recipient, by its object id."},
				&cmdlet.Param{Name: "Properties", Type: cmdlet.Strings, Help: "Properties to return besides the Minimum set, such as HiddenFromAddressListsEnabled."},
				&cmdlet.Param{Name: "PropertySets", Type: cmdlet.Strings, ValidateSet: []string{"All", "Minimum"}, Help: "Minimum (the default) or All."},
			)
		}
		return ps
	}
	return []*cmdlet.Cmdlet{
		{
			Name:        "Get-Recipient",
			Module:      moduleName,
			Synopsis:    "Gets the recipients of the organization: mailboxes and mail-enabled groups.",
			Description: "Get-Recipient outputs a recipient, or every one, sorted by name: the live users' mailboxes (UserMailbox, SharedMailbox), the distribution groups, the mail-enabled security groups and the Microsoft 365 groups (GroupMailbox), with Name, Alias, DisplayName, PrimarySmtpAddress, EmailAddresses, RecipientType, RecipientTypeDetails and ExternalDirectoryObjectId. Users without a mailbox and security groups without mail are not recipients.",
			Params:      params(false),
			Examples: []cmdlet.Example{
				{Code: "Get-Recipient -ResultSize Unlimited -RecipientTypeDetails SharedMailbox | Select-Object Name, PrimarySmtpAddress", Remarks: "The shared mailboxes."},
				{Code: "Get-Recipient adele.garcia@contoso.com | Select-Object DisplayName, RecipientTypeDetails", Remarks: "What kind of recipient an address is."},
			},
			Process: func(c cmdlet.Call) error { return m.getRecipients(c, false) },
		},
		{
			Name:        "Get-EXORecipient",
			Module:      moduleName,
			Synopsis:    "Gets recipients with the Minimum property set, as the REST cmdlet Get-EXORecipient does.",
			Description: "Get-EXORecipient outputs the recipients Get-Recipient does with the Minimum property set (ExternalDirectoryObjectId, Identity, Alias, EmailAddresses, DisplayName, Name, PrimarySmtpAddress, RecipientType, RecipientTypeDetails, Guid) and the properties -Properties and -PropertySets ask for.",
			Params:      params(true),
			Examples: []cmdlet.Example{
				{Code: "Get-EXORecipient -ResultSize 100 | Group-Object RecipientTypeDetails | Select-Object Name, Count", Remarks: "How many recipients of each kind."},
				{Code: "Get-EXORecipient -Identity adele.garcia@contoso.com -Properties HiddenFromAddressListsEnabled", Remarks: "One recipient, and whether it is hidden."},
			},
			Process: func(c cmdlet.Call) error { return m.getRecipients(c, true) },
		},
	}
}

// getRecipients writes the recipients the call names or selects; exo
// gives Get-EXORecipient's property sets.
func (m *exchangeModule) getRecipients(c cmdlet.Call, exo bool) error {
	st, err := m.open(c)
	if st == nil {
		return err
	}
	l, err := readListing(c, recipientFilterProperties())
	if err != nil {
		return m.fail(c, err, nil)
	}
	if types := c.Strings("RecipientType"); len(types) > 0 {
		prev := l.filter
		l.filter = func(o any) bool {
			t, _ := o.(*compat.Model).Property("RecipientType")
			return slices.ContainsFunc(types, func(s string) bool { return strings.EqualFold(s, fmt.Sprint(t)) }) && (prev == nil || prev(o))
		}
	}
	shape, err := recipientShape(c, exo)
	if err != nil {
		return m.fail(c, err, nil)
	}
	all, err := recipients(c, st)
	if err != nil {
		return m.fail(c, err, nil)
	}
	ids := identities(c.Get("Identity"))
	for _, name := range []string{"UserPrincipalName", "PrimarySmtpAddress", "ExternalDirectoryObjectId"} {
		if s := c.String(name); s != "" && exo {
			ids = append(ids, s)
		}
	}
	if len(ids) == 0 {
		var out []any
		anr := strings.ToLower(c.String("Anr"))
		for _, r := range all {
			if anr == "" || r.matchesAnr(anr) {
				out = append(out, shape(r.obj))
			}
		}
		return l.write(c, out)
	}
	for _, id := range ids {
		i := slices.IndexFunc(all, func(r recipient) bool { return r.names(id) })
		if i < 0 {
			if err := m.fail(c, errNotFound(id), id); err != nil {
				return err
			}
			continue
		}
		if err := l.write(c, []any{shape(all[i].obj)}); err != nil {
			return err
		}
	}
	return nil
}

// recipientShape makes a recipient what the cmdlet outputs: all of it for
// Get-Recipient and -PropertySets All, the Minimum set and -Properties for
// Get-EXORecipient.
func recipientShape(c cmdlet.Call, exo bool) (func(*compat.Model) any, error) {
	if !exo || slices.ContainsFunc(c.Strings("PropertySets"), func(s string) bool { return strings.EqualFold(s, "All") }) {
		return func(o *compat.Model) any { return o }, nil
	}
	props := exoRecipientMinimum()
	all := recipientObject(tenant.User{}, nil).PropertyNames()
	for _, p := range c.Strings("Properties") {
		i := slices.IndexFunc(all, func(name string) bool { return strings.EqualFold(name, p) })
		if i < 0 {
			return nil, &exoError{excBinding, fmt.Sprintf("The property '%s' is not a property of a recipient: Get-Recipient | Get-Member lists them.", p)}
		}
		props = append(props, all[i])
	}
	return func(full *compat.Model) any {
		o := compat.NewModel(typeEXORecipient)
		for _, p := range props {
			v, _ := full.Property(p)
			o.Set(p, v)
		}
		o.Text = full.Text
		return o
	}, nil
}

// recipient is one recipient and the ids that name it.
type recipient struct {
	obj *compat.Model
	ids []string
}

// names reports whether an identity names the recipient.
func (r recipient) names(id string) bool {
	id = strings.TrimSpace(id)
	return slices.ContainsFunc(r.ids, func(s string) bool { return s != "" && strings.EqualFold(s, id) })
}

// matchesAnr reports whether the recipient's name, display name, alias or
// address starts with prefix, which is in lower case.
func (r recipient) matchesAnr(prefix string) bool {
	for _, p := range []string{"Name", "DisplayName", "Alias", "PrimarySmtpAddress"} {
		v, _ := r.obj.Property(p)
		if strings.HasPrefix(strings.ToLower(fmt.Sprint(v)), prefix) {
			return true
		}
	}
	return false
}

// recipients are the organization's recipients sorted by name: the live
// users' mailboxes that hold data and the mail-enabled groups.
func recipients(c cmdlet.Call, st *tenant.Store) ([]recipient, error) {
	ctx := c.Context()
	users, err := st.Users(ctx, tenant.UserFilter{})
	if err != nil {
		return nil, err
	}
	mailboxes, err := st.Mailboxes(ctx)
	if err != nil {
		return nil, err
	}
	byUser := map[string]*tenant.UserData{}
	for i := range mailboxes {
		byUser[mailboxes[i].UserID] = &mailboxes[i]
	}
	var out []recipient
	for _, u := range users {
		d := byUser[u.ID]
		if d == nil || !holdsData(*d) {
			continue
		}
		o := recipientObject(u, d)
		out = append(out, recipient{obj: o, ids: []string{u.UserPrincipalName, u.ID, u.Mail, alias(u.UserPrincipalName), u.DisplayName}})
	}
	groups, err := st.Groups(ctx, "")
	if err != nil {
		return nil, err
	}
	for _, g := range groups {
		if !g.MailEnabled() {
			continue
		}
		out = append(out, recipient{obj: groupRecipient(g), ids: []string{g.DisplayName, g.ID, g.Mail, g.MailNickname}})
	}
	sort.SliceStable(out, func(i, j int) bool {
		return strings.ToLower(out[i].obj.Text) < strings.ToLower(out[j].obj.Text)
	})
	return out, nil
}

// groupRecipient is a mail-enabled group as a recipient.
func groupRecipient(g tenant.Group) *compat.Model {
	typ, details, name := mailDistribution, mailDistribution, g.DisplayName
	switch g.Kind {
	case tenant.GroupMailEnabledSecurity:
		typ, details = mailSecurity, mailSecurity
	case tenant.GroupMicrosoft365:
		details, name = groupMailbox, g.MailNickname
	}
	o := compat.NewModel(typeRecipient)
	o.Set("Name", name)
	o.Set("DisplayName", g.DisplayName)
	o.Set("Alias", g.MailNickname)
	o.Set("PrimarySmtpAddress", g.Mail)
	o.Set("EmailAddresses", []any{"SMTP:" + g.Mail})
	o.Set("RecipientType", typ)
	o.Set("RecipientTypeDetails", details)
	o.Set("ExternalDirectoryObjectId", g.ID)
	o.Set("HiddenFromAddressListsEnabled", g.HiddenFromAddressLists)
	o.Set("Identity", name)
	o.Set("Guid", g.ID)
	o.Text = name
	return o
}
