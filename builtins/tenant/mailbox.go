package tenant

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// ExchangeAdministrator manages mailboxes and mail-enabled groups.
const ExchangeAdministrator = "Exchange Administrator"

// mailboxAdmins may change mailboxes and their permissions.
var mailboxAdmins = []string{GlobalAdministrator, ExchangeAdministrator}

// MailboxUpdate holds what Set-Mailbox changes; nil leaves a setting as it
// is.
type MailboxUpdate struct {
	Shared                     *bool // true converts to a shared mailbox, false back to a regular one
	LitigationHold             *bool
	ForwardingSmtpAddress      *string // "" stops forwarding
	DeliverToMailboxAndForward *bool
	HiddenFromAddressLists     *bool
	// Archive and AutoExpandingArchive true enable them; an archive, once
	// there, stays.
	Archive, AutoExpandingArchive *bool
	AutoReply                     *AutoReply
}

// AutoReply is a mailbox's automatic replies, as Exchange keeps them.
type AutoReply struct {
	// State is Disabled (the zero value reads so), Enabled, or Scheduled:
	// on between StartTime and EndTime.
	State string `json:"state,omitempty"`
	// InternalMessage goes to senders in the organization, ExternalMessage
	// to those outside it that ExternalAudience names: None, Known (the
	// mailbox's contacts) or All.
	InternalMessage  string    `json:"internal,omitempty"`
	ExternalMessage  string    `json:"external,omitempty"`
	ExternalAudience string    `json:"audience,omitempty"`
	StartTime        time.Time `json:"start,omitzero"`
	EndTime          time.Time `json:"end,omitzero"`
}

// Automatic reply states.
const (
	AutoReplyDisabled  = "Disabled"
	AutoReplyEnabled   = "Enabled"
	AutoReplyScheduled = "Scheduled"
)

// Normal is the configuration as Exchange shows it: Disabled and an
// external audience of All when nothing was set.
func (a AutoReply) Normal() AutoReply {
	if a.State == "" {
		a.State = AutoReplyDisabled
	}
	if a.ExternalAudience == "" {
		a.ExternalAudience = "All"
	}
	return a
}

// errArchiveNeedsLicense refuses an archive on a mailbox whose licenses
// give none: a user's needs Exchange Online (Plan 1) or (Plan 2), a shared
// mailbox's Exchange Online (Plan 2), as Microsoft's licensing terms say.
func errArchiveNeedsLicense(upn string, shared bool) *Error {
	if shared {
		return newError(CodeMailboxLicense,
			"The shared mailbox '%s' can't have an archive without a license: a shared mailbox needs an Exchange Online (Plan 2) license, or Exchange Online (Plan 1) with Exchange Online Archiving, for an archive.", upn)
	}
	return newError(CodeMailboxLicense,
		"The mailbox '%s' can't have an archive: the user's licenses include no Exchange Online plan with archiving. Assign one with Exchange Online (Plan 1) or (Plan 2), such as Microsoft 365 E3, first.", upn)
}

// errAutoExpandingNeedsLicense refuses auto-expanding archiving without
// Exchange Online (Plan 2).
func errAutoExpandingNeedsLicense(upn string) *Error {
	return newError(CodeMailboxLicense,
		"Auto-expanding archiving can't be enabled for '%s': it needs an Exchange Online (Plan 2) license, or Exchange Online (Plan 1) with Exchange Online Archiving.", upn)
}

// errNoArchive refuses auto-expanding archiving for a mailbox that has no
// archive yet.
func errNoArchive(upn string) *Error {
	return newError(CodeInvalidValue,
		"The mailbox '%s' has no archive to expand: enable the archive first (Enable-Mailbox -Archive).", upn)
}

// errAutoReplyPeriod refuses a scheduled automatic reply that ends before
// it starts.
func errAutoReplyPeriod() *Error {
	return newError(CodeInvalidValue, "The EndTime of the automatic replies must be later than their StartTime.")
}

// MailboxChange is a mailbox after SetMailbox, and whether anything
// changed.
type MailboxChange struct {
	Data    UserData
	Changed bool
}

// errMailboxNotFound is Exchange's refusal of a user without a mailbox
// that still holds data.
func errMailboxNotFound(identity string) *Error {
	return newError(CodeUserNotFound, "The operation couldn't be performed because object '%s' couldn't be found.", identity)
}

// errRegularNeedsLicense refuses converting a shared mailbox back to a
// user's mailbox while the user has no license with Exchange Online: a
// regular mailbox without one would start the grace period at once.
func errRegularNeedsLicense(upn string) *Error {
	return newError(CodeMailboxLicense,
		"The shared mailbox '%s' can't be converted to a regular mailbox because the user has no license that includes Exchange Online. Assign one (for example Microsoft 365 E3) first, then convert the mailbox.", upn)
}

// errHoldNeedsLicense refuses litigation hold on a shared mailbox without
// Exchange Online (Plan 2), as Microsoft's licensing terms require.
func errHoldNeedsLicense(upn string) *Error {
	return newError(CodeMailboxLicense,
		"The shared mailbox '%s' can't be placed on litigation hold without a license: a shared mailbox needs an Exchange Online (Plan 2) license, or Exchange Online (Plan 1) with Exchange Online Archiving, for litigation hold.", upn)
}

// SetLitigationHold turns litigation hold on or off for a user's mailbox.
func (s *Store) SetLitigationHold(ctx context.Context, identity string, enabled bool) (UserData, error) {
	return writeResult(ctx, s, func(tx *Tx) (UserData, error) {
		return tx.SetLitigationHold(identity, enabled)
	})
}

// SetLitigationHold turns litigation hold on or off under SetMailbox's
// rules.
func (tx *Tx) SetLitigationHold(identity string, enabled bool) (UserData, error) {
	res, err := tx.SetMailbox(identity, MailboxUpdate{LitigationHold: &enabled})
	return res.Data, err
}

// SetMailbox changes a user's mailbox.
func (s *Store) SetMailbox(ctx context.Context, identity string, up MailboxUpdate) (MailboxChange, error) {
	return writeResult(ctx, s, func(tx *Tx) (MailboxChange, error) {
		return tx.SetMailbox(identity, up)
	})
}

// SetMailbox changes a live user's mailbox, all of it or nothing; Global
// and Exchange Administrators may. The mailbox must still hold data
// (active, or disconnected within its grace period).
//
// Converting to a shared mailbox is allowed with or without a license, and
// makes a disconnected mailbox active again: a shared mailbox needs no
// license, up to 50 GB. Converting back to a regular mailbox needs a
// license with Exchange Online. A shared mailbox is placed on litigation
// hold only with Exchange Online (Plan 2). Each setting changed is one
// audit row.
func (tx *Tx) SetMailbox(identity string, up MailboxUpdate) (MailboxChange, error) {
	if err := tx.requireRole(mailboxAdmins...); err != nil {
		return MailboxChange{}, err
	}
	var res MailboxChange
	err := tx.atomic(func() error {
		u, err := tx.ResolveUser(identity)
		if err != nil {
			return err
		}
		if err := tx.settleMailbox(u.ID); err != nil {
			return err
		}
		d, err := tx.userData(u.ID)
		if err != nil {
			return err
		}
		if d.MailboxState != MailboxActive && d.MailboxState != MailboxDisconnected {
			return errMailboxNotFound(identity)
		}
		change := func(operation string, before, after any, query string, args ...any) error {
			if _, err := tx.exec(query, append(args, u.ID)...); err != nil {
				return err
			}
			res.Changed = true
			return tx.audit(operation, u.UserPrincipalName, "", before, after)
		}
		if up.Shared != nil && *up.Shared != d.Shared {
			if !*up.Shared && d.MailboxPlan == "" {
				return errRegularNeedsLicense(u.UserPrincipalName)
			}
			if err := change("Convert mailbox", mailboxType(d.Shared), mailboxType(*up.Shared),
				`UPDATE mailboxes SET type = ?, state = 'Active', purge_date = NULL WHERE user_id = ?`, mailboxType(*up.Shared)); err != nil {
				return err
			}
			d.Shared = *up.Shared
		}
		if up.LitigationHold != nil && *up.LitigationHold != d.LitigationHold {
			if *up.LitigationHold && d.Shared && d.MailboxPlan != enterprisePlan {
				return errHoldNeedsLicense(u.UserPrincipalName)
			}
			if err := change("Set litigation hold", d.LitigationHold, *up.LitigationHold,
				`UPDATE mailboxes SET litigation_hold = ? WHERE user_id = ?`, *up.LitigationHold); err != nil {
				return err
			}
		}
		if up.ForwardingSmtpAddress != nil && !strings.EqualFold(*up.ForwardingSmtpAddress, d.ForwardingSmtpAddress) {
			if err := change("Set mailbox forwarding", d.ForwardingSmtpAddress, *up.ForwardingSmtpAddress,
				`UPDATE mailboxes SET forwarding = ? WHERE user_id = ?`, *up.ForwardingSmtpAddress); err != nil {
				return err
			}
		}
		if up.DeliverToMailboxAndForward != nil && *up.DeliverToMailboxAndForward != d.DeliverToMailboxAndForward {
			if err := change("Set mailbox forwarding", d.DeliverToMailboxAndForward, *up.DeliverToMailboxAndForward,
				`UPDATE mailboxes SET deliver_and_forward = ? WHERE user_id = ?`, *up.DeliverToMailboxAndForward); err != nil {
				return err
			}
		}
		if up.HiddenFromAddressLists != nil && *up.HiddenFromAddressLists != d.HiddenFromAddressLists {
			if err := change("Hide mailbox from address lists", d.HiddenFromAddressLists, *up.HiddenFromAddressLists,
				`UPDATE mailboxes SET hidden = ? WHERE user_id = ?`, *up.HiddenFromAddressLists); err != nil {
				return err
			}
		}
		if up.Archive != nil && *up.Archive && !d.Archive {
			if d.Shared && d.MailboxPlan != enterprisePlan || !d.Shared && mailboxPlans[d.MailboxPlan] < mailboxPlans["EXCHANGE_S_STANDARD"] {
				return errArchiveNeedsLicense(u.UserPrincipalName, d.Shared)
			}
			if err := change("Enable archive", false, true, `UPDATE mailboxes SET archive = 1 WHERE user_id = ?`); err != nil {
				return err
			}
			d.Archive = true
		}
		if up.AutoExpandingArchive != nil && *up.AutoExpandingArchive && !d.AutoExpandingArchive {
			switch {
			case !d.Archive:
				return errNoArchive(u.UserPrincipalName)
			case d.MailboxPlan != enterprisePlan:
				return errAutoExpandingNeedsLicense(u.UserPrincipalName)
			}
			if err := change("Enable auto-expanding archiving", false, true, `UPDATE mailboxes SET auto_expanding_archive = 1 WHERE user_id = ?`); err != nil {
				return err
			}
		}
		if a := up.AutoReply; a != nil {
			if a.State == AutoReplyScheduled && !a.StartTime.IsZero() && !a.EndTime.IsZero() && !a.EndTime.After(a.StartTime) {
				return errAutoReplyPeriod()
			}
			text, err := json.Marshal(a)
			if err != nil {
				return err
			}
			before, err := json.Marshal(d.AutoReply)
			if err != nil {
				return err
			}
			if string(text) != string(before) {
				if err := change("Set automatic replies", d.AutoReply.Normal().State, a.Normal().State,
					`UPDATE mailboxes SET auto_reply = ? WHERE user_id = ?`, string(text)); err != nil {
					return err
				}
			}
		}
		res.Data, err = tx.userData(u.ID)
		return err
	})
	return res, err
}

// mailboxType is the stored type of a mailbox.
func mailboxType(shared bool) string {
	if shared {
		return "Shared"
	}
	return "Regular"
}

// Mailboxes reports the data of every live user who has a mailbox, by
// UPN.
func (s *Store) Mailboxes(ctx context.Context) ([]UserData, error) {
	return s.mailboxData(ctx, false, `SELECT u.id, u.upn FROM users u JOIN mailboxes m ON m.user_id = u.id
		WHERE u.deleted_at IS NULL ORDER BY u.upn`)
}

// DeletedMailboxes reports the mailboxes of deleted users that still hold
// data, by UPN: soft-deleted ones until their purge date, and inactive ones,
// which a litigation hold keeps after their user is gone.
func (s *Store) DeletedMailboxes(ctx context.Context) ([]UserData, error) {
	all, err := s.mailboxData(ctx, true, `SELECT m.user_id, m.upn FROM mailboxes m LEFT JOIN users u ON u.id = m.user_id
		LEFT JOIN mailbox_grace g ON g.user_id = m.user_id
		WHERE (u.id IS NULL OR u.deleted_at IS NOT NULL) AND `+mailboxState+` IN ('Disconnected', 'Inactive') ORDER BY m.upn`)
	out := all[:0]
	for _, d := range all {
		if d.MailboxState != MailboxPurged {
			out = append(out, d)
		}
	}
	return out, err
}

// mailboxData reads the data of the users query selects (id, upn) as of
// now; deleted users hold no license, so they get no plan.
func (s *Store) mailboxData(ctx context.Context, deleted bool, query string) ([]UserData, error) {
	now, err := s.Now(ctx)
	if err != nil {
		return nil, err
	}
	skus, err := loadSkus(ctx, s.db)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	var out []UserData
	for rows.Next() {
		var d UserData
		if err := rows.Scan(&d.UserID, &d.UserPrincipalName); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i, d := range out {
		found, err := scanData(s.db.QueryRowContext(ctx, dataQuery, d.UserID), now)
		if err != nil {
			return nil, err
		}
		found.UserID, found.UserPrincipalName = d.UserID, d.UserPrincipalName
		if !deleted {
			if found.MailboxPlan, _, err = userPlans(ctx, s.db, skus, d.UserID); err != nil {
				return nil, err
			}
		}
		out[i] = found
	}
	return out, nil
}

// FindUsers lists the live users an Exchange identity names, by UPN: a
// user principal name, object id, mail address, alias (the part of the UPN
// before @) or display name, each without regard to case. Exchange takes
// any of them where it asks for a recipient.
func (s *Store) FindUsers(ctx context.Context, identity string) ([]User, error) {
	if u, err := s.GetUser(ctx, identity); err == nil {
		return []User{u}, nil
	} else if !IsCode(err, CodeUserNotFound) {
		return nil, err
	}
	key := strings.TrimSpace(identity)
	return s.queryUsers(ctx, `SELECT `+userColumns+` FROM users u WHERE u.deleted_at IS NULL
		AND (u.mail = ? COLLATE NOCASE OR u.display_name = ? COLLATE NOCASE
			OR substr(u.upn, 1, instr(u.upn, '@') - 1) = ? COLLATE NOCASE)
		ORDER BY u.upn`, key, key, key)
}

// MailboxPermission is what one user may do in another's mailbox.
type MailboxPermission struct {
	MailboxUPN        string
	UserID            string
	UserPrincipalName string
	DisplayName       string
	AccessRights      []string // FullAccess, ReadPermission ...
}

// AddMailboxPermission gives a user rights on a mailbox.
func (s *Store) AddMailboxPermission(ctx context.Context, mailbox, user string, rights []string) (MailboxPermission, bool, error) {
	var p MailboxPermission
	var added bool
	err := s.Write(ctx, func(tx *Tx) error {
		var err error
		p, added, err = tx.AddMailboxPermission(mailbox, user, rights)
		return err
	})
	return p, added, err
}

// AddMailboxPermission gives the live user user the rights on the mailbox
// of the live user mailbox, which must still hold data; Global and Exchange
// Administrators may. It reports the rights the user now holds and whether
// any was new: rights held already are left as they are.
func (tx *Tx) AddMailboxPermission(mailbox, user string, rights []string) (MailboxPermission, bool, error) {
	if err := tx.requireRole(mailboxAdmins...); err != nil {
		return MailboxPermission{}, false, err
	}
	var p MailboxPermission
	added := false
	err := tx.atomic(func() error {
		owner, err := tx.ResolveUser(mailbox)
		if err != nil {
			return err
		}
		d, err := tx.userData(owner.ID)
		if err != nil {
			return err
		}
		if d.MailboxState != MailboxActive && d.MailboxState != MailboxDisconnected {
			return errMailboxNotFound(mailbox)
		}
		trustee, err := tx.ResolveUser(user)
		if err != nil {
			return err
		}
		var newRights []string
		for _, r := range rights {
			res, err := tx.exec(`INSERT OR IGNORE INTO mailbox_permissions (mailbox_id, user_id, rights) VALUES (?, ?, ?)`,
				owner.ID, trustee.ID, r)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n > 0 {
				newRights = append(newRights, r)
			}
		}
		if held, err := mailboxPermissions(tx.ctx, tx.tx, ` AND p.user_id = ?`, owner.ID, trustee.ID); err != nil {
			return err
		} else if len(held) > 0 {
			p = held[0]
		}
		if len(newRights) == 0 {
			return nil
		}
		added = true
		return tx.audit("Add mailbox permission", owner.UserPrincipalName,
			fmt.Sprintf("%s for %s", strings.Join(newRights, ", "), trustee.UserPrincipalName), nil, newRights)
	})
	return p, added, err
}

// MailboxPermissions lists the permissions others hold on a live user's
// mailbox, by the holder's UPN.
func (s *Store) MailboxPermissions(ctx context.Context, mailbox string) ([]MailboxPermission, error) {
	u, err := s.GetUser(ctx, mailbox)
	if err != nil {
		return nil, err
	}
	var exists bool
	err = s.db.QueryRowContext(ctx, `SELECT `+mailboxState+` IN ('Active', 'Disconnected') FROM mailboxes m
		LEFT JOIN mailbox_grace g ON g.user_id = m.user_id WHERE m.user_id = ?`, u.ID).Scan(&exists)
	if errors.Is(err, sql.ErrNoRows) || err == nil && !exists {
		return nil, errMailboxNotFound(mailbox)
	}
	if err != nil {
		return nil, err
	}
	return mailboxPermissions(ctx, s.db, "", u.ID)
}

// mailboxPermissions reads the permissions on the mailbox of userID that
// where (a further condition on p, or "") selects.
func mailboxPermissions(ctx context.Context, q queryer, where string, args ...any) ([]MailboxPermission, error) {
	rows, err := q.QueryContext(ctx, `SELECT m.upn, u.id, u.upn, u.display_name, p.rights FROM mailbox_permissions p
		JOIN mailboxes m ON m.user_id = p.mailbox_id JOIN users u ON u.id = p.user_id
		WHERE p.mailbox_id = ? AND u.deleted_at IS NULL`+where+` ORDER BY u.upn`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []MailboxPermission
	for rows.Next() {
		var p MailboxPermission
		var right string
		if err := rows.Scan(&p.MailboxUPN, &p.UserID, &p.UserPrincipalName, &p.DisplayName, &right); err != nil {
			return nil, err
		}
		if n := len(out); n > 0 && out[n-1].UserID == p.UserID {
			out[n-1].AccessRights = append(out[n-1].AccessRights, right)
			continue
		}
		p.AccessRights = []string{right}
		out = append(out, p)
	}
	for _, p := range out {
		sort.Strings(p.AccessRights)
	}
	return out, rows.Err()
}
