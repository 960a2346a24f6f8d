package exchange

import (
	"fmt"
	"time"

	"licsh/builtins/compat"
	"licsh/builtins/tenant"
	"licsh/shell/cmdlet"
)

// typeAutoReply is the type of Get-MailboxAutoReplyConfiguration's objects.
const typeAutoReply = "Microsoft.Exchange.InfoWorker.Common.OOF.MailboxAutoReplyConfiguration"

// unchanged is Exchange's warning when a Set cmdlet changes nothing.
func unchanged(c cmdlet.Call, identity string) {
	c.WriteWarning(fmt.Sprintf("The command completed successfully but no settings of '%s' have been modified.", identity))
}

func (m *exchangeModule) settingsCmdlets() []*cmdlet.Cmdlet {
	accepted := func(name string, t cmdlet.Type, help string) *cmdlet.Param {
		return &cmdlet.Param{Name: name, Type: t, Help: help + " Accepted; not kept."}
	}
	return []*cmdlet.Cmdlet{
		{
			Name:                  "Enable-Mailbox",
			Module:                moduleName,
			Synopsis:              "Enables a mailbox's archive, or auto-expanding archiving, in Exchange Online.",
			Description:           "Enable-Mailbox -Archive gives a mailbox an archive mailbox; -AutoExpandingArchive lets an archive grow past its quota. In Exchange Online a user's mailbox itself comes with a license that includes Exchange Online (Set-UserLicense), so Enable-Mailbox without either switch refuses. An archive needs Exchange Online (Plan 1) or (Plan 2) in the user's licenses; a shared mailbox needs Exchange Online (Plan 2), as does auto-expanding archiving, which needs an archive first. It outputs the mailbox, whose ArchiveStatus is then Active. Global and Exchange Administrators may.",
			SupportsShouldProcess: true,
			Params: []*cmdlet.Param{
				identityParam(true, "The mailbox: an alias, address, user principal name, display name or id, or an object naming one."),
				{Name: "Archive", Type: cmdlet.Switch, Help: "Enables the archive mailbox."},
				{Name: "AutoExpandingArchive", Type: cmdlet.Switch, Help: "Enables auto-expanding archiving for a mailbox that has an archive."},
				accepted("ArchiveName", cmdlet.Strings, "The archive's name; Exchange Online names it In-Place Archive - <display name>."),
			},
			Examples: []cmdlet.Example{
				{Code: "Enable-Mailbox -Identity adele.garcia@contoso.com -Archive | Select-Object DisplayName, ArchiveStatus", Remarks: "Gives Adele an archive."},
				{Code: "Get-Mailbox -ResultSize Unlimited -Filter \"ArchiveStatus -eq 'None'\" | Select-Object -First 2 | Enable-Mailbox -Archive | Out-Null", Remarks: "Archives for mailboxes that have none."},
			},
			Process: m.enableMailbox,
		},
		{
			Name:                  "Set-MailboxAutoReplyConfiguration",
			Module:                moduleName,
			Synopsis:              "Configures automatic replies (Out of Office) for a mailbox.",
			Description:           "Set-MailboxAutoReplyConfiguration turns a mailbox's automatic replies on (-AutoReplyState Enabled), off (Disabled) or on between -StartTime and -EndTime (Scheduled), with the message to senders inside the organization (-InternalMessage) and outside it (-ExternalMessage, to -ExternalAudience None, Known or All), as offboarding scripts set for a leaver. Settings not given are kept. It outputs nothing; Get-MailboxAutoReplyConfiguration shows them. Global and Exchange Administrators may.",
			SupportsShouldProcess: true,
			Params: []*cmdlet.Param{
				identityParam(true, "The mailbox: an alias, address, user principal name, display name or id, or an object naming one."),
				{Name: "AutoReplyState", Type: cmdlet.String, ValidateSet: []string{tenant.AutoReplyEnabled, tenant.AutoReplyDisabled, tenant.AutoReplyScheduled}, Help: "Enabled, Disabled, or Scheduled (between -StartTime and -EndTime)."},
				{Name: "InternalMessage", Type: cmdlet.String, Help: "The reply to senders in the organization (text or HTML)."},
				{Name: "ExternalMessage", Type: cmdlet.String, Help: "The reply to senders outside the organization."},
				{Name: "ExternalAudience", Type: cmdlet.String, ValidateSet: []string{"None", "Known", "All"}, Help: "Who outside the organization gets the external reply: None, Known (the mailbox's contacts) or All."},
				{Name: "StartTime", Type: cmdlet.DateTime, Help: "When scheduled replies start."},
				{Name: "EndTime", Type: cmdlet.DateTime, Help: "When scheduled replies end; after -StartTime."},
				accepted("DeclineAllEventsForScheduledPeriod", cmdlet.Bool, "Declines meetings in the scheduled period."),
				accepted("DeclineEventsForScheduledPeriod", cmdlet.Bool, "Declines meetings in the scheduled period."),
				accepted("DeclineMeetingMessage", cmdlet.String, "The text of declined meetings."),
				accepted("CreateOOFEvent", cmdlet.Bool, "Puts the period in the calendar."),
				accepted("OOFEventSubject", cmdlet.String, "The subject of that calendar event."),
			},
			Examples: []cmdlet.Example{
				{Code: "Set-MailboxAutoReplyConfiguration -Identity pradeep.wilber@contoso.com -AutoReplyState Enabled -InternalMessage 'Pradeep has left Contoso. Please contact Adele Garcia.' -ExternalMessage 'Pradeep has left Contoso. Please write to sales@contoso.com.' -ExternalAudience All", Remarks: "A leaver's automatic reply."},
				{Code: "Set-MailboxAutoReplyConfiguration megan.jansen@contoso.com -AutoReplyState Scheduled -StartTime '2025-07-01' -EndTime '2025-07-15' -InternalMessage 'On holiday until 15 July.'", Remarks: "A holiday reply."},
			},
			Process: m.setAutoReply,
		},
		{
			Name:        "Get-MailboxAutoReplyConfiguration",
			Module:      moduleName,
			Synopsis:    "Gets the automatic replies (Out of Office) of a mailbox.",
			Description: "Get-MailboxAutoReplyConfiguration outputs a mailbox's automatic replies: AutoReplyState (Disabled, Enabled or Scheduled), StartTime, EndTime, InternalMessage, ExternalMessage and ExternalAudience, as Set-MailboxAutoReplyConfiguration left them.",
			Params: []*cmdlet.Param{
				identityParam(true, "The mailbox: an alias, address, user principal name, display name or id, or an object naming one."),
			},
			Examples: []cmdlet.Example{
				{Code: "Get-MailboxAutoReplyConfiguration adele.garcia@contoso.com | Select-Object AutoReplyState, ExternalAudience", Remarks: "Whether Adele replies automatically."},
			},
			Process: m.getAutoReply,
		},
	}
}

// mailboxUser is the live user whose mailbox, still holding data, an
// identity names.
func (m *exchangeModule) mailboxUser(c cmdlet.Call, st *tenant.Store, id string) (tenant.User, tenant.UserData, error) {
	u, err := findUser(c, st, id, errNotFound)
	if err != nil {
		return tenant.User{}, tenant.UserData{}, err
	}
	d, err := st.UserData(c.Context(), u.ID)
	if err != nil {
		return tenant.User{}, tenant.UserData{}, err
	}
	if !holdsData(d) {
		return tenant.User{}, tenant.UserData{}, errNotFound(id)
	}
	return u, d, nil
}

func (m *exchangeModule) enableMailbox(c cmdlet.Call) error {
	st, err := m.open(c)
	if st == nil {
		return err
	}
	archive, expanding := c.Switch("Archive"), c.Switch("AutoExpandingArchive")
	for _, id := range identities(c.Get("Identity")) {
		if !archive && !expanding {
			if err := m.fail(c, &exoError{excTask, fmt.Sprintf("'%s' can't be mailbox-enabled here: in Exchange Online a user's mailbox comes with a license that includes Exchange Online (Set-UserLicense). Use -Archive to enable an archive mailbox.", id)}, id); err != nil {
				return err
			}
			continue
		}
		u, _, err := m.mailboxUser(c, st, id)
		if err != nil {
			if err := m.fail(c, err, id); err != nil {
				return err
			}
			continue
		}
		up := tenant.MailboxUpdate{}
		action := "Enable archive"
		if archive {
			up.Archive = &archive
		}
		if expanding {
			up.AutoExpandingArchive, action = &expanding, "Enable auto-expanding archiving"
		}
		if ok, err := c.ShouldProcess(u.UserPrincipalName, action); !ok || err != nil {
			if err != nil {
				return err
			}
			continue
		}
		res, err := st.SetMailbox(c.Context(), u.ID, up)
		if err != nil {
			if err := m.fail(c, err, id); err != nil {
				return err
			}
			continue
		}
		if !res.Changed {
			unchanged(c, alias(u.UserPrincipalName))
		}
		if err := c.Write(mailboxObject(mailboxEntry{data: res.Data, user: u})); err != nil {
			return err
		}
	}
	return nil
}

func (m *exchangeModule) setAutoReply(c cmdlet.Call) error {
	st, err := m.open(c)
	if st == nil {
		return err
	}
	for _, id := range identities(c.Get("Identity")) {
		u, d, err := m.mailboxUser(c, st, id)
		if err != nil {
			if err := m.fail(c, err, id); err != nil {
				return err
			}
			continue
		}
		a := d.AutoReply
		for name, field := range map[string]*string{"AutoReplyState": &a.State, "InternalMessage": &a.InternalMessage,
			"ExternalMessage": &a.ExternalMessage, "ExternalAudience": &a.ExternalAudience} {
			if c.Bound(name) {
				*field = c.String(name)
			}
		}
		for name, field := range map[string]*time.Time{"StartTime": &a.StartTime, "EndTime": &a.EndTime} {
			if t, ok := c.Get(name).(time.Time); ok && c.Bound(name) {
				*field = t.UTC()
			}
		}
		if ok, err := c.ShouldProcess(u.UserPrincipalName, "Set automatic replies: "+a.Normal().State); !ok || err != nil {
			if err != nil {
				return err
			}
			continue
		}
		res, err := st.SetMailbox(c.Context(), u.ID, tenant.MailboxUpdate{AutoReply: &a})
		if err != nil {
			if err := m.fail(c, err, id); err != nil {
				return err
			}
			continue
		}
		if !res.Changed {
			unchanged(c, alias(u.UserPrincipalName))
		}
	}
	return nil
}

func (m *exchangeModule) getAutoReply(c cmdlet.Call) error {
	st, err := m.open(c)
	if st == nil {
		return err
	}
	for _, id := range identities(c.Get("Identity")) {
		u, d, err := m.mailboxUser(c, st, id)
		if err != nil {
			if err := m.fail(c, err, id); err != nil {
				return err
			}
			continue
		}
		a := d.AutoReply.Normal()
		timeOrNil := func(t time.Time) any {
			if t.IsZero() {
				return nil
			}
			return t
		}
		o := compat.NewModel(typeAutoReply)
		o.Set("AutoReplyState", a.State)
		o.Set("StartTime", timeOrNil(a.StartTime))
		o.Set("EndTime", timeOrNil(a.EndTime))
		o.Set("ExternalAudience", a.ExternalAudience)
		o.Set("ExternalMessage", a.ExternalMessage)
		o.Set("InternalMessage", a.InternalMessage)
		o.Set("Identity", alias(u.UserPrincipalName))
		o.Set("MailboxOwnerId", alias(u.UserPrincipalName))
		o.Set("IsValid", true)
		o.Text = alias(u.UserPrincipalName)
		if err := c.Write(o); err != nil {
			return err
		}
	}
	return nil
}

// archiveFields sets a mailbox's archive properties as Get-Mailbox shows
// them.
func archiveFields(o *compat.Model, d tenant.UserData, displayName string) {
	status, name, guid := "None", []any{}, any("00000000-0000-0000-0000-000000000000")
	if d.Archive {
		status, name, guid = "Active", []any{"In-Place Archive - " + displayName}, archiveGUID(d.UserID)
	}
	o.Set("ArchiveStatus", status)
	o.Set("ArchiveName", name)
	o.Set("ArchiveGuid", guid)
	o.Set("AutoExpandingArchiveEnabled", d.AutoExpandingArchive)
}
