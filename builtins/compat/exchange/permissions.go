package exchange

import (
	"fmt"
	"strings"

	"licsh/builtins/compat"
	"licsh/builtins/m365"
	"licsh/builtins/tenant"
	"licsh/shell/cmdlet"
)

// selfTrustee is the owner's own entry Exchange lists first among a
// mailbox's permissions.
const selfTrustee = `NT AUTHORITY\SELF`

func (m *exchangeModule) permissionCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{
		{
			Name:                  "Add-MailboxPermission",
			Module:                moduleName,
			Synopsis:              "Gives a user rights on another's mailbox, such as FullAccess for a leaver's manager.",
			Description:           "Add-MailboxPermission gives the -User the -AccessRights on the -Identity mailbox and outputs the entry; the rights stay when the mailbox becomes a shared mailbox and its license goes. Rights the user holds already are left as they are, with Exchange's warning. Global and Exchange Administrators may.",
			SupportsShouldProcess: true,
			Params: []*cmdlet.Param{
				identityParam(true, "The mailbox: an alias, address, user principal name, display name or id, or an object naming one."),
				{Name: "User", Type: cmdlet.String, Mandatory: true, Complete: cmdlet.CompleteUser, Help: "The user to give the rights to."},
				{Name: "AccessRights", Type: cmdlet.Strings, Mandatory: true, ValidateSet: []string{"ChangeOwner", "ChangePermission", "DeleteItem", "ExternalAccount", "FullAccess", "ReadPermission"},
					Help: "The rights: FullAccess opens the whole mailbox."},
				{Name: "InheritanceType", Type: cmdlet.String, ValidateSet: []string{"None", "All", "Descendents", "SelfAndChildren", "Children"}, Help: "Accepted for compatibility: the rights apply to the whole mailbox (All)."},
				{Name: "AutoMapping", Type: cmdlet.Bool, Help: "Accepted for compatibility: whether Outlook opens the mailbox by itself."},
			},
			Examples: []cmdlet.Example{
				{Code: "Add-MailboxPermission -Identity pradeep.wilber@contoso.com -User adele.garcia@contoso.com -AccessRights FullAccess -InheritanceType All -AutoMapping $true", Remarks: "Adele, Pradeep's manager, may open his mailbox."},
			},
			Process: m.addPermission,
		},
		{
			Name:        "Get-MailboxPermission",
			Module:      moduleName,
			Synopsis:    "Gets who may open a mailbox.",
			Description: "Get-MailboxPermission lists the permissions on a mailbox: the owner's own entry (NT AUTHORITY\\SELF) first, then each user given rights with Add-MailboxPermission; -User lists that user's only.",
			Params: []*cmdlet.Param{
				identityParam(true, "The mailbox: an alias, address, user principal name, display name or id, or an object naming one."),
				{Name: "User", Type: cmdlet.String, Complete: cmdlet.CompleteUser, Help: "Only this user's rights."},
			},
			Examples: []cmdlet.Example{
				{Code: "Get-MailboxPermission -Identity pradeep.wilber@contoso.com | Where-Object { $_.AccessRights -contains 'FullAccess' }", Remarks: "Who may open Pradeep's mailbox."},
			},
			Process: m.getPermissions,
		},
	}
}

// permissionObject is one permission entry as Exchange shows it.
func permissionObject(mailboxUPN, user string, rights []string) *compat.Model {
	o := compat.NewModel(typePermission)
	o.Set("Identity", alias(mailboxUPN))
	o.Set("User", user)
	o.Set("AccessRights", m365.StrList(rights))
	o.Set("IsInherited", false)
	o.Set("Deny", false)
	o.Set("InheritanceType", "All")
	o.Text = alias(mailboxUPN)
	return o
}

func (m *exchangeModule) addPermission(c cmdlet.Call) error {
	st, err := m.open(c)
	if st == nil {
		return err
	}
	rights := c.Strings("AccessRights")
	for _, id := range identities(c.Get("Identity")) {
		owner, err := findUser(c, st, id, errNotFound)
		if err != nil {
			if err := m.fail(c, err, id); err != nil {
				return err
			}
			continue
		}
		trustee, err := findUser(c, st, c.String("User"), errRecipientNotFound)
		if err != nil {
			return m.fail(c, err, c.String("User"))
		}
		action := fmt.Sprintf("Add %s for %s", strings.Join(rights, ", "), trustee.UserPrincipalName)
		if ok, err := c.ShouldProcess(owner.UserPrincipalName, action); !ok || err != nil {
			return err
		}
		p, added, err := st.AddMailboxPermission(c.Context(), owner.ID, trustee.ID, rights)
		if err != nil {
			if err := m.fail(c, err, id); err != nil {
				return err
			}
			continue
		}
		if !added {
			c.WriteWarning("An existing permission entry was found for user: " + alias(trustee.UserPrincipalName) + ".")
			continue
		}
		if err := c.Write(permissionObject(owner.UserPrincipalName, p.UserPrincipalName, p.AccessRights)); err != nil {
			return err
		}
	}
	return nil
}

func (m *exchangeModule) getPermissions(c cmdlet.Call) error {
	st, err := m.open(c)
	if st == nil {
		return err
	}
	var only *tenant.User
	if name := c.String("User"); name != "" && !strings.EqualFold(name, selfTrustee) {
		u, err := findUser(c, st, name, errRecipientNotFound)
		if err != nil {
			return m.fail(c, err, name)
		}
		only = &u
	}
	for _, id := range identities(c.Get("Identity")) {
		owner, err := findUser(c, st, id, errNotFound)
		if err != nil {
			if err := m.fail(c, err, id); err != nil {
				return err
			}
			continue
		}
		perms, err := st.MailboxPermissions(c.Context(), owner.ID)
		if err != nil {
			if err := m.fail(c, err, id); err != nil {
				return err
			}
			continue
		}
		if !c.Bound("User") || strings.EqualFold(c.String("User"), selfTrustee) {
			if err := c.Write(permissionObject(owner.UserPrincipalName, selfTrustee, []string{"FullAccess", "ReadPermission"})); err != nil {
				return err
			}
		}
		for _, p := range perms {
			if only != nil && only.ID != p.UserID || only == nil && c.Bound("User") {
				continue
			}
			if err := c.Write(permissionObject(owner.UserPrincipalName, p.UserPrincipalName, p.AccessRights)); err != nil {
				return err
			}
		}
	}
	return nil
}
