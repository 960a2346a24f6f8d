package tenant

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"time"
)

// Mailbox and OneDrive states.
const (
	MailboxActive       = "Active"
	MailboxDisconnected = "Disconnected"
	MailboxPurged       = "Purged"
	MailboxInactive     = "Inactive"
	OneDriveActive      = "Active"
	OneDriveRetained    = "Retained"
	OneDriveDeleted     = "Deleted"
)

// GracePeriod is how long Microsoft 365 keeps an unlicensed user's mailbox,
// a deleted user, and a deleted user's OneDrive.
const GracePeriod = 30 * 24 * time.Hour

// mailboxPlans are the service plans that give a user an Exchange Online
// mailbox, ranked: a user holding several has the mailbox of the highest.
// enterprisePlan is Exchange Online (Plan 2), which the Enterprise SKUs (E3,
// E5) include and which makes a held mailbox inactive rather than purged
// when its user is deleted; kioskPlan is Exchange Online Kiosk, the
// frontline workers' 2 GB mailbox.
var mailboxPlans = map[string]int{
	"EXCHANGE_S_ENTERPRISE": 4,
	"EXCHANGE_S_STANDARD":   3,
	"EXCHANGE_S_ESSENTIALS": 2,
	"EXCHANGE_S_DESKLESS":   1,
}

const (
	enterprisePlan = "EXCHANGE_S_ENTERPRISE"
	kioskPlan      = "EXCHANGE_S_DESKLESS"
)

// oneDrivePlans are the SharePoint plans that come with a OneDrive.
var oneDrivePlans = map[string]bool{
	"SHAREPOINTSTANDARD":   true,
	"SHAREPOINTENTERPRISE": true,
	"SHAREPOINTDESKLESS":   true,
	"ONEDRIVESTANDARD":     true,
	"ONEDRIVEENTERPRISE":   true,
}

// UserData is what happens to a user's data, as Get-UserData shows it.
type UserData struct {
	UserID            string
	UserPrincipalName string
	MailboxState      string    // "" when the user never had a mailbox
	MailboxPurgeDate  time.Time // end of the grace period of a disconnected mailbox
	MailboxPurgedAt   time.Time // when the mailbox's earlier data was purged
	LitigationHold    bool
	// Shared is a shared mailbox, which needs no license: it stays active
	// when its user's last license with Exchange goes.
	Shared bool
	// MailboxPlan is the Exchange Online plan the live user's licenses give
	// the mailbox (EXCHANGE_S_ENTERPRISE ...); "" for none.
	MailboxPlan                string
	ForwardingSmtpAddress      string // "" when the mailbox forwards nothing
	DeliverToMailboxAndForward bool   // forwarded mail is kept in the mailbox too
	HiddenFromAddressLists     bool
	// Archive is an archive mailbox; AutoExpandingArchive lets it grow
	// past its quota, as Exchange Online (Plan 2) does.
	Archive, AutoExpandingArchive bool
	AutoReply                     AutoReply
	EDiscoverySearchable          bool
	OneDriveState                 string // "" when the user never had OneDrive
	OneDriveDeleteDate            time.Time
}

const dataQuery = `SELECT ` + mailboxState + `, ` + mailboxPurge + `, m.purged_at, coalesce(m.litigation_hold, 0), coalesce(m.type = 'Shared', 0),
	coalesce(m.forwarding, ''), coalesce(m.deliver_and_forward, 0), coalesce(m.hidden, 0), coalesce(m.archive, 0),
	coalesce(m.auto_expanding_archive, 0), coalesce(m.auto_reply, '{}'), o.state, o.delete_date
	FROM (SELECT ? AS id) x LEFT JOIN mailboxes m ON m.user_id = x.id LEFT JOIN mailbox_grace g ON g.user_id = x.id
	LEFT JOIN onedrive o ON o.user_id = x.id`

// mailboxState and mailboxPurge are the state and purge date of the
// mailbox m, whose grace row (mailbox_grace) is g: every reading of a
// mailbox's state goes through them. A grace row says the user's last
// license with Exchange went, which disconnects a regular mailbox that
// was active (or inactive) until the row's purge date, and leaves a
// shared mailbox, which needs no license, active; a mailbox in any other
// state stays as it is.
const (
	mailboxState = `CASE WHEN g.user_id IS NULL THEN m.state
		WHEN m.type = 'Regular' AND m.state IN ('Active', 'Inactive') THEN 'Disconnected'
		WHEN m.type = 'Shared' AND m.state NOT IN ('Active', 'Purged') THEN 'Active' ELSE m.state END`
	mailboxPurge = `CASE WHEN g.user_id IS NULL THEN m.purge_date
		WHEN m.type = 'Regular' AND m.state IN ('Active', 'Inactive') THEN g.purge_date
		WHEN m.type = 'Shared' AND m.state NOT IN ('Active', 'Purged') THEN NULL ELSE m.purge_date END`
)

// graceEnd is the purge date of the grace rows the transaction makes.
func (tx *Tx) graceEnd() int64 { return tx.now.Add(GracePeriod).Unix() }

// noteGraceEnd records graceEnd among the dates of grace rows, by which
// the tenant clock finds the rows to settle (expire).
func (tx *Tx) noteGraceEnd() error {
	_, err := tx.exec(`INSERT OR IGNORE INTO grace_dates (purge_date) VALUES (?)`, tx.graceEnd())
	return err
}

// settleMailbox writes the state a grace row gives the user's mailbox
// into the mailbox's row and drops the grace row, before anything changes
// the mailbox's state.
func (tx *Tx) settleMailbox(userID string) error {
	if _, err := tx.exec(`UPDATE mailboxes AS m SET state = `+mailboxState+`, purge_date = `+mailboxPurge+`
		FROM mailbox_grace g WHERE g.user_id = m.user_id AND g.user_id = ?`, userID); err != nil {
		return err
	}
	_, err := tx.exec(`DELETE FROM mailbox_grace WHERE user_id = ?`, userID)
	return err
}

// scanData reads a user's data state as of now: a grace period that has run
// out reads as purged or deleted even before a write records it.
func scanData(row scanner, now time.Time) (UserData, error) {
	var d UserData
	var mState, oState sql.NullString
	var purge, purged, del sql.NullInt64
	var autoReply string
	if err := row.Scan(&mState, &purge, &purged, &d.LitigationHold, &d.Shared, &d.ForwardingSmtpAddress,
		&d.DeliverToMailboxAndForward, &d.HiddenFromAddressLists, &d.Archive, &d.AutoExpandingArchive, &autoReply, &oState, &del); err != nil {
		return d, err
	}
	if err := json.Unmarshal([]byte(autoReply), &d.AutoReply); err != nil {
		return d, err
	}
	d.MailboxState, d.OneDriveState = mState.String, oState.String
	if purge.Valid {
		d.MailboxPurgeDate = time.Unix(purge.Int64, 0).UTC()
	}
	if purged.Valid {
		d.MailboxPurgedAt = time.Unix(purged.Int64, 0).UTC()
	}
	if del.Valid {
		d.OneDriveDeleteDate = time.Unix(del.Int64, 0).UTC()
	}
	if d.MailboxState == MailboxDisconnected && !now.Before(d.MailboxPurgeDate) {
		d.MailboxState, d.MailboxPurgedAt, d.MailboxPurgeDate = MailboxPurged, d.MailboxPurgeDate, time.Time{}
	}
	if d.OneDriveState == OneDriveRetained && !now.Before(d.OneDriveDeleteDate) {
		d.OneDriveState, d.OneDriveDeleteDate = OneDriveDeleted, time.Time{}
	}
	d.EDiscoverySearchable = d.MailboxState == MailboxActive || d.MailboxState == MailboxInactive
	return d, nil
}

// UserData reports a live user's mailbox and OneDrive state.
func (s *Store) UserData(ctx context.Context, identity string) (UserData, error) {
	u, err := s.GetUser(ctx, identity)
	if err != nil {
		return UserData{}, err
	}
	now, err := s.Now(ctx)
	if err != nil {
		return UserData{}, err
	}
	d, err := scanData(s.db.QueryRowContext(ctx, dataQuery, u.ID), now)
	if err != nil {
		return d, err
	}
	d.UserID, d.UserPrincipalName = u.ID, u.UserPrincipalName
	skus, err := loadSkus(ctx, s.db)
	if err != nil {
		return d, err
	}
	d.MailboxPlan, _, err = userPlans(ctx, s.db, skus, u.ID)
	return d, err
}

// DeletedUserData reports the data of a soft-deleted user, or of a user
// who is gone but whose inactive mailbox remains, by object id or UPN.
func (s *Store) DeletedUserData(ctx context.Context, identity string) (UserData, error) {
	now, err := s.Now(ctx)
	if err != nil {
		return UserData{}, err
	}
	upn, id := lookupKey(identity)
	var d UserData
	err = s.db.QueryRowContext(ctx, `SELECT user_id, upn FROM mailboxes WHERE upn = ? OR user_id = ?
		UNION SELECT user_id, upn FROM onedrive WHERE upn = ? OR user_id = ? LIMIT 1`, upn, id, upn, id).
		Scan(&d.UserID, &d.UserPrincipalName)
	if errors.Is(err, sql.ErrNoRows) {
		return d, ErrUserNotFound(identity)
	}
	if err != nil {
		return d, err
	}
	found, err := scanData(s.db.QueryRowContext(ctx, dataQuery, d.UserID), now)
	found.UserID, found.UserPrincipalName = d.UserID, d.UserPrincipalName
	return found, err
}

func (tx *Tx) userData(userID string) (UserData, error) {
	d, err := scanData(tx.queryRow(dataQuery, userID), tx.now)
	d.UserID = userID
	if err != nil {
		return d, err
	}
	var deleted bool
	if err := tx.queryRow(`SELECT upn, deleted_at IS NOT NULL FROM users WHERE id = ?`, userID).Scan(&d.UserPrincipalName, &deleted); err != nil {
		return d, err
	}
	if !deleted {
		d.MailboxPlan, _, _, err = tx.servicePlans(userID)
	}
	return d, err
}

// MailboxSizeGB is how much the mailbox may hold, in GB: 100 with
// Exchange Online (Plan 2), 2 with Exchange Online Kiosk, and 50 with any
// other Exchange plan or, for a shared mailbox, without a license.
func (d UserData) MailboxSizeGB() float64 {
	switch d.MailboxPlan {
	case enterprisePlan:
		return 100
	case kioskPlan:
		return 2
	}
	return 50
}

// servicePlans is the Exchange Online plan the user's active licenses,
// minus their disabled plans, give the mailbox ("" for none), whether that
// is Exchange Online (Plan 2), and whether they give SharePoint (OneDrive).
func (tx *Tx) servicePlans(userID string) (mailbox string, enterprise, sharePoint bool, err error) {
	skus, err := tx.loadSkus()
	if err != nil {
		return "", false, false, err
	}
	mailbox, sharePoint, err = userPlans(tx.ctx, tx.tx, skus, userID)
	return mailbox, mailbox == enterprisePlan, sharePoint, err
}

// userPlans is the best mailbox plan the user's active licenses, minus
// their disabled plans, give ("" for none), and whether they give
// SharePoint (OneDrive).
func userPlans(ctx context.Context, q queryer, skus map[string]*skuInfo, userID string) (mailbox string, sharePoint bool, err error) {
	rows, err := q.QueryContext(ctx, `SELECT sku_id, disabled_plans FROM license_assignments WHERE user_id = ? AND state = 'Active'`, userID)
	if err != nil {
		return "", false, err
	}
	defer rows.Close()
	for rows.Next() {
		var skuID, plans string
		if err := rows.Scan(&skuID, &plans); err != nil {
			return "", false, err
		}
		var disabled []string
		if err := json.Unmarshal([]byte(plans), &disabled); err != nil {
			return "", false, err
		}
		k := skus[skuID]
		if k == nil {
			continue
		}
		for _, p := range k.plans {
			if slices.Contains(disabled, p.ID) {
				continue
			}
			if mailboxPlans[p.Name] > mailboxPlans[mailbox] {
				mailbox = p.Name
			}
			sharePoint = sharePoint || oneDrivePlans[p.Name]
		}
	}
	return mailbox, sharePoint, rows.Err()
}

// syncData moves a live user's mailbox and OneDrive to match their
// licenses (rule 5): losing the last mailbox license disconnects the
// mailbox for GracePeriod; getting one back within it restores the data. A
// shared mailbox needs no license: it stays active without one, and a
// restored user's shared mailbox is active again.
func (tx *Tx) syncData(userID, upn string) error {
	plan, _, sharePoint, err := tx.servicePlans(userID)
	if err != nil {
		return err
	}
	if err := tx.settleMailbox(userID); err != nil {
		return err
	}
	mailbox := plan != ""
	var state string
	var shared bool
	err = tx.queryRow(`SELECT state, type = 'Shared' FROM mailboxes WHERE user_id = ?`, userID).Scan(&state, &shared)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if mailbox {
			if _, err := tx.exec(`INSERT INTO mailboxes (user_id, upn, state) VALUES (?, ?, 'Active')`, userID, upn); err != nil {
				return err
			}
		}
	case err != nil:
		return err
	case state != MailboxActive && (mailbox || shared && state != MailboxPurged):
		if _, err := tx.exec(`UPDATE mailboxes SET state = 'Active', purge_date = NULL WHERE user_id = ?`, userID); err != nil {
			return err
		}
	case !mailbox && !shared && (state == MailboxActive || state == MailboxInactive):
		if _, err := tx.exec(`INSERT INTO mailbox_grace (user_id, purge_date) VALUES (?, ?)`, userID, tx.graceEnd()); err != nil {
			return err
		}
		if err := tx.noteGraceEnd(); err != nil {
			return err
		}
	}
	var od string
	err = tx.queryRow(`SELECT state FROM onedrive WHERE user_id = ?`, userID).Scan(&od)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if sharePoint {
			_, err = tx.exec(`INSERT INTO onedrive (user_id, upn, state) VALUES (?, ?, 'Active')`, userID, upn)
		} else {
			err = nil
		}
		return err
	case err != nil:
		return err
	case od == OneDriveRetained:
		// A restored user gets their OneDrive back.
		_, err = tx.exec(`UPDATE onedrive SET state = 'Active', delete_date = NULL WHERE user_id = ?`, userID)
		return err
	}
	return nil
}
