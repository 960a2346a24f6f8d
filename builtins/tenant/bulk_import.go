package tenant

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"

	"licsh/builtins/tenant/ahead"
)

// ImportRow is one user of the admin center's "Export users" file.
type ImportRow struct {
	Number            int // the row's number in the file, for errors
	UserPrincipalName string
	DisplayName       string
	GivenName         string
	Surname           string
	Department        string
	JobTitle          string
	UsageLocation     string
	// Licenses are the products the export lists for the user, as product
	// names or part numbers. Nil when the file has no license column.
	Licenses []string
	// Problem is the reader's complaint about the row; it fails with it.
	Problem string
}

// ImportFailure is a row the import could not apply; the rest go on.
type ImportFailure struct {
	Number  int
	UPN     string
	Message string
}

// ImportSummary is what ImportUsers did.
type ImportSummary struct {
	Rows      int
	Created   int
	Updated   int
	Unchanged int
	Failed    int
	// Subscriptions were added for products the tenant lacked or had too
	// few seats of.
	Subscriptions []Subscription
	Duration      time.Duration
}

// importChunk is how many rows ImportUsers commits per transaction.
// Measured on a 100,000-user export: 1,000 rows 2.30 s, 2,000 2.21 s,
// 3,000 2.14 s, 5,000 2.3-2.4 s.
const importChunk = 3000

// ImportUsers builds or refreshes the tenant from the admin center's user
// export, so that an admin can rehearse a job on a copy of their tenant.
// A user the tenant lacks (by UPN) is created; one it has gets the
// export's display name, names, department, job title and usage location
// where the export gives them. The export's licenses are assigned where
// the user does not hold them yet; licenses the user holds that the
// export does not list are kept, as an import never takes anything away.
// A product the tenant lacks, or has too few seats of, gets a new Enabled
// subscription of exactly the seats missing. Each user changes atomically
// and with its audit rows; a row that breaks a rule (an invalid usage
// location, say) is reported to onFail and the import goes on. rows is
// taken in a goroutine of its own, ahead of the tenant, and left before
// ImportUsers returns.
func (s *Store) ImportUsers(ctx context.Context, rows iter.Seq2[ImportRow, error], onFail func(ImportFailure) error) (ImportSummary, error) {
	started := time.Now()
	var sum ImportSummary
	// The statement journals SQLite still keeps for some of its inserts
	// stay in memory: an audit entry's id is given and an assignment's
	// foreign keys are checked, either of which may refuse a row midway, so
	// those statements journal the pages they change (a 100,000-user import
	// wrote 0.85 GB with the journals in a file, 0.37 GB without).
	sq, err := s.openBulkSQL(ctx, `PRAGMA temp_store = MEMORY`)
	if err != nil {
		return sum, err
	}
	defer sq.close()
	im := &importRun{sql: sq, own: map[string]Subscription{}}
	chunk := make([]importRow, 0, importChunk)
	flush := func() error {
		var fails []ImportFailure
		var part ImportSummary
		var subs map[string]Subscription
		err := sq.writeOn(ctx, func(tx *Tx) error {
			if err := tx.requireRole(GlobalAdministrator, UserAdministrator); err != nil {
				return err
			}
			var err error
			part, fails, subs, err = im.chunk(tx, chunk)
			return err
		})
		if err != nil {
			return err
		}
		for id, sub := range subs {
			im.own[id] = sub
		}
		sum.Rows += len(chunk)
		sum.Created += part.Created
		sum.Updated += part.Updated
		sum.Unchanged += part.Unchanged
		sum.Failed += len(fails)
		chunk = chunk[:0]
		for _, f := range fails {
			if err := onFail(f); err != nil {
				return err
			}
		}
		return nil
	}
	prepared := ahead.Take(prepareImport(rows), aheadRows, aheadGroups, func(r importRow) bool { return r.err != nil })
	defer prepared.Stop()
	for row, ok := prepared.Next(); ok; row, ok = prepared.Next() {
		if row.err != nil {
			return sum, row.err
		}
		chunk = append(chunk, row)
		if len(chunk) == importChunk {
			if err := flush(); err != nil {
				return sum, err
			}
		}
	}
	if len(chunk) > 0 {
		if err := flush(); err != nil {
			return sum, err
		}
	}
	ids := make([]string, 0, len(im.own))
	for id := range im.own {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		sum.Subscriptions = append(sum.Subscriptions, im.own[id])
	}
	sum.Duration = time.Since(started)
	return sum, nil
}

// importRun is the state of one ImportUsers call.
type importRun struct {
	sql *bulkSQL
	// own are the subscriptions the import added, by SKU: a later chunk
	// short of seats raises their quantity rather than adding another.
	own map[string]Subscription
}

// importRow is a row of an import with what it makes of a user the
// tenant lacks, worked out ahead of the tenant (prepareImport).
type importRow struct {
	ImportRow
	// values are what the users row of the user the row makes binds (its
	// id and UPN first, which its other rows bind too), entry what its
	// "Add user" entry binds (the entry's id to come, the UPN, the user's
	// record). bad is why the row can make no user.
	values []any
	entry  []any
	bad    string
	// err is why the list could not be read further; the row is its last.
	err error
}

// The rows of an import are prepared aheadRows at a time, with at most
// aheadGroups ahead: a chunk's worth (importChunk), which the tenant takes
// at once, and no more, as what waits is memory.
const (
	aheadRows   = 256
	aheadGroups = 12
)

// prepareImport is rows prepared: each marked if it repeats an earlier
// row's UPN, and given the user it makes if the tenant lacks it. None of
// that needs the tenant, so it is done ahead (ahead.Take), on another core
// while the tenant writes the rows before (measured on 100,000 users, runs
// alternated, against the same preparation in the tenant's goroutine: an
// import 1.95 -> 1.79 s, peak RSS 159 -> 186 MB for the rows waiting).
func prepareImport(rows iter.Seq2[ImportRow, error]) iter.Seq[importRow] {
	return func(yield func(importRow) bool) {
		seen := map[string]int{}
		for row, err := range rows {
			if err != nil {
				yield(importRow{err: err})
				return
			}
			key := strings.ToLower(strings.TrimSpace(row.UserPrincipalName))
			if first, dup := seen[key]; dup && key != "" && row.Problem == "" {
				row.Problem = fmt.Sprintf("The user '%s' is already listed in row %d.", row.UserPrincipalName, first)
			} else if key != "" {
				// The key outlives the row: a copy, so as not to keep whatever
				// text the UPN is part of (a CSV record is one string).
				seen[strings.Clone(key)] = row.Number
			}
			r := importRow{ImportRow: row}
			if row.Problem == "" {
				r.prepare()
			}
			if !yield(r) {
				return
			}
		}
	}
}

// prepare gives r the user it makes, checked as insertUser checks one;
// whether its UPN is free is the tenant's to say.
func (r *importRow) prepare() {
	upn := strings.TrimSpace(r.UserPrincipalName)
	display := strings.TrimSpace(r.DisplayName)
	if display == "" {
		display = upn
	}
	loc, ok := normalizeUsageLocation(r.UsageLocation)
	if !ok {
		r.bad = ErrInvalidProperty("usageLocation").Message
		return
	}
	u := User{ID: importID(), UserPrincipalName: upn, DisplayName: display, GivenName: r.GivenName, Surname: r.Surname, Mail: upn,
		Department: r.Department, JobTitle: r.JobTitle, UsageLocation: loc, UserType: importedUser.UserType,
		AccountEnabled: importedUser.AccountEnabled, OnPremisesSync: importedUser.OnPremisesSync}
	// A record of strings and booleans always marshals.
	record, _ := json.Marshal(u.record())
	r.values = []any{u.ID, u.UserPrincipalName, u.DisplayName, u.GivenName, u.Surname, u.Department, u.JobTitle, u.UsageLocation}
	r.entry = []any{nil, r.values[1], string(record)}
}

// importPlan is one row of a chunk once its user and products are known.
type importPlan struct {
	row    importRow
	user   *User // nil for a user to create
	add    []*skuInfo
	failed string
}

// chunk applies a chunk of rows inside tx: it works out each row's user
// and missing licenses, adds the seats the chunk needs, creates the new
// users together, then changes each existing user atomically. It returns
// the subscriptions it added or grew.
func (im *importRun) chunk(tx *Tx, rows []importRow) (ImportSummary, []ImportFailure, map[string]Subscription, error) {
	var sum ImportSummary
	plans := make([]importPlan, len(rows))
	existing, err := im.lookup(tx, rows)
	if err != nil {
		return sum, nil, nil, err
	}
	need := map[string]int{}
	var products productMemo
	for i, row := range rows {
		p := &plans[i]
		p.row = row
		if row.Problem != "" {
			p.failed = row.Problem
			continue
		}
		upn := strings.TrimSpace(row.UserPrincipalName)
		if !validUPN(upn) {
			p.failed = fmt.Sprintf("'%s' is not a valid user principal name.", row.UserPrincipalName)
			continue
		}
		switch id, ok := existing[strings.ToLower(upn)]; {
		case ok && id == "":
			p.failed = newError(CodeAlreadyExists, "Another object with the same value for property userPrincipalName already exists.").Message
			continue
		case ok:
			u, err := tx.ResolveUser(id)
			if err != nil {
				return sum, nil, nil, err
			}
			p.user = &u
		}
		for _, text := range row.Licenses {
			ref, err := products.get(tx, text)
			var te *Error
			if errors.As(err, &te) {
				p.failed = te.Message
				break
			} else if err != nil {
				return sum, nil, nil, err
			}
			if p.user != nil && contains(p.user.SkuIDs, ref.SkuID) || containsSku(p.add, ref.SkuID) {
				continue
			}
			p.add = append(p.add, &skuInfo{id: ref.SkuID, part: ref.PartNumber, name: ref.ProductName})
		}
		if p.failed == "" && len(p.add) > 0 && !hasUsageLocation(p.user, row.ImportRow) {
			p.failed = errUsageLocation().Message
		}
		if p.failed != "" {
			p.add = nil
			continue
		}
		for _, k := range p.add {
			need[k.id]++
		}
	}
	subs, err := im.topUp(tx, need)
	if err != nil {
		return sum, nil, nil, err
	}
	created, err := im.create(tx, plans)
	if err != nil {
		return sum, nil, nil, err
	}
	sum.Created = created
	var fails []ImportFailure
	for i := range plans {
		p := &plans[i]
		outcome := ""
		if p.failed == "" && p.user != nil {
			err := tx.atomic(func() error {
				var err error
				outcome, err = tx.importUser(*p)
				return err
			})
			var te *Error
			if errors.As(err, &te) {
				p.failed = te.Message
			} else if err != nil {
				return sum, nil, nil, err
			}
		}
		switch {
		case p.failed != "":
			fails = append(fails, ImportFailure{Number: p.row.Number, UPN: p.row.UserPrincipalName, Message: p.failed})
		case p.user == nil:
		case outcome == "updated":
			sum.Updated++
		default:
			sum.Unchanged++
		}
	}
	return sum, fails, subs, nil
}

// productMemo finds each license text of a chunk's rows once: the
// export names the same few products on every row, and finding one reads
// every product of the tenant. The products do not change until the
// chunk's rows are all worked out.
type productMemo map[string]productFound

type productFound struct {
	ref SkuRef
	err error
}

// get is tx.productForPurchase(text), found once per text.
func (m *productMemo) get(tx *Tx, text string) (SkuRef, error) {
	if f, ok := (*m)[text]; ok {
		return f.ref, f.err
	}
	ref, err := tx.productForPurchase(text)
	if *m == nil {
		*m = productMemo{}
	}
	(*m)[text] = productFound{ref, err}
	return ref, err
}

// lookup finds which of the rows' users the tenant has: lower-case UPN ->
// object id, or "" for a deleted user, whose UPN stays taken.
func (im *importRun) lookup(tx *Tx, rows []importRow) (map[string]string, error) {
	upns := make([]string, 0, len(rows))
	for _, r := range rows {
		if upn := strings.TrimSpace(r.UserPrincipalName); upn != "" {
			upns = append(upns, upn)
		}
	}
	list, err := inJSON(upns)
	if err != nil {
		return nil, err
	}
	q, err := im.sql.query(tx, `SELECT id, upn, deleted_at IS NULL FROM users WHERE upn IN `+jsonList, list)
	if err != nil {
		return nil, err
	}
	defer q.Close()
	found := map[string]string{}
	for q.Next() {
		var id, upn string
		var live bool
		if err := q.Scan(&id, &upn, &live); err != nil {
			return nil, err
		}
		if !live {
			id = ""
		}
		found[strings.ToLower(upn)] = id
	}
	return found, q.Err()
}

// hasUsageLocation reports whether the user will have a usage location,
// which assigning needs: the export's, or the one the tenant has.
func hasUsageLocation(u *User, r ImportRow) bool {
	return strings.TrimSpace(r.UsageLocation) != "" || u != nil && u.UsageLocation != ""
}

func containsSku(list []*skuInfo, id string) bool {
	for _, k := range list {
		if k.id == id {
			return true
		}
	}
	return false
}

// topUp makes sure every product of need has as many seats available as
// need asks: it raises the quantity of the subscription this import added
// for the product, or adds an Enabled one (from the catalog for a product
// the tenant lacks) of exactly the seats missing.
func (im *importRun) topUp(tx *Tx, need map[string]int) (map[string]Subscription, error) {
	ids := make([]string, 0, len(need))
	for id := range need {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	changed := map[string]Subscription{}
	for _, id := range ids {
		skus, err := tx.loadSkus()
		if err != nil {
			return nil, err
		}
		short := need[id]
		if k, ok := skus[id]; ok {
			short -= max(k.available(), 0)
		}
		if short <= 0 {
			continue
		}
		var sub Subscription
		if own, ok := im.own[id]; ok {
			q := own.Quantity + short
			sub, err = tx.SetSubscription(own.SubscriptionID, SubscriptionUpdate{Quantity: &q})
		} else {
			sub, err = tx.AddSubscription(NewSubscription{Sku: id, Quantity: short})
		}
		if err != nil {
			return nil, err
		}
		tx.skus = nil
		changed[id] = sub
	}
	return changed, nil
}

// create adds the chunk's new users and their licenses with a few
// statements, applying what NewUser and SetUserLicense would one by one:
// the same checks, rows, seat counts, mailbox and OneDrive, and audit rows
// ("Add user", then "Set user license" for a user given licenses). A row
// that breaks a rule is marked failed and nothing of it is written.
func (im *importRun) create(tx *Tx, plans []importPlan) (int, error) {
	skus, err := tx.loadSkus()
	if err != nil {
		return 0, err
	}
	// Each kind of row is made for most users: room for all of them is
	// made once.
	n := len(plans)
	users, added, licensed := make([][]any, 0, n), make([][]any, 0, n), make([][]any, 0, n)
	licenses, mailboxes, drives := make([][]any, 0, 2*n), make([][]any, 0, n), make([][]any, 0, n)
	taken := map[string]int{}
	now := tx.now.Unix()
	var batch any
	if tx.batchID != 0 {
		batch = tx.batchID
	}
	var memo jsonMemo
	// What each product gives, read from its plans once.
	data := map[string]struct{ mailbox, sharePoint bool }{}
	created := 0
	for i := range plans {
		p := &plans[i]
		if p.failed != "" || p.user != nil {
			continue
		}
		if p.row.bad != "" {
			p.failed = p.row.bad
			continue
		}
		id, upn := p.row.values[0], p.row.values[1]
		var refs []LicenseRef
		mailbox, sharePoint := false, false
		for _, a := range p.add {
			k := skus[a.id]
			if err := selfServiceCheck(k); err != nil {
				p.failed = err.(*Error).Message
				break
			}
			if k.available()-taken[k.id] < 1 {
				p.failed = errNoSeats(k.id).Message
				break
			}
			refs = append(refs, LicenseRef{SkuRef: k.ref()})
			d, ok := data[k.id]
			if !ok {
				d.mailbox, d.sharePoint = plansOf(k, nil)
				data[k.id] = d
			}
			mailbox, sharePoint = mailbox || d.mailbox, sharePoint || d.sharePoint
		}
		if p.failed != "" {
			continue
		}
		users = append(users, p.row.values)
		// The id comes once the chunk's entries are counted.
		added = append(added, p.row.entry)
		created++
		if len(refs) == 0 {
			continue
		}
		parts := make([]string, len(refs))
		for j, ref := range refs {
			taken[ref.SkuID]++
			parts[j] = ref.PartNumber
			licenses = append(licenses, []any{id, ref.SkuID})
		}
		sort.Strings(parts)
		held, err := memo.strings(parts)
		if err != nil {
			return 0, err
		}
		// In the place of the id, for now, the user's among added.
		licensed = append(licensed, []any{len(added) - 1, upn, licenseDetail(LicenseResult{Added: refs}), held})
		if mailbox {
			mailboxes = append(mailboxes, []any{id, upn})
		}
		if sharePoint {
			drives = append(drives, []any{id, upn})
		}
	}
	// Each user's entries take two ids, "Add user" and, when the user gets
	// licenses, the license change's, in the users' order.
	if len(added) > 0 {
		base, err := tx.nextAuditID()
		if err != nil {
			return 0, err
		}
		id, j := base, 0
		for i := range added {
			added[i][0] = id
			id++
			if j < len(licensed) && licensed[j][0] == i {
				licensed[j][0] = id
				id++
				j++
			}
		}
	}
	none, err := memo.strings([]string{})
	if err != nil {
		return 0, err
	}
	// What every row of a statement shares is bound once, as ?1 and on:
	// binding it row by row cost an import a twentieth of its statements'
	// time. OR FAIL: a chunk that fails is rolled back whole, so a
	// statement need not undo its own rows, and SQLite keeps no journal of
	// the pages it changes for that (as a batch's records do).
	for _, step := range []struct {
		query, suffix string
		rows          [][]any
		lead          []any
	}{
		{`INSERT OR FAIL INTO users (id, upn, display_name, given_name, surname, mail, department, job_title, usage_location,
			user_type, account_enabled, on_prem_sync, created) SELECT column1, column2, column3, column4, column5, column2, column6, column7, column8,
			?1, ?2, ?3, ?4 FROM (VALUES `, ")", users, []any{importedUser.UserType, importedUser.AccountEnabled, importedUser.OnPremisesSync, now}},
		{`INSERT OR FAIL INTO license_assignments (user_id, sku_id, assigned_at) SELECT column1, column2, ?1 FROM (VALUES `, ")", licenses, []any{now}},
		// The state is the statement's, not bound per row.
		{`INSERT OR FAIL INTO mailboxes (user_id, upn, state) SELECT column1, column2, '` + MailboxActive + `' FROM (VALUES `, ")", mailboxes, nil},
		{`INSERT OR FAIL INTO onedrive (user_id, upn, state) SELECT column1, column2, '` + OneDriveActive + `' FROM (VALUES `, ")", drives, nil},
		{`INSERT OR FAIL INTO audit_log (id, time, actor, operation, target, detail, before, after, batch_id)
			SELECT column1, ?1, ?2, ?3, column2, '', '', column3, ?4 FROM (VALUES `, ")", added, []any{now, tx.actor, opAddUser, batch}},
		{`INSERT OR FAIL INTO audit_log (id, time, actor, operation, target, detail, before, after, batch_id)
			SELECT column1, ?1, ?2, ?3, column2, column3, ?4, column4, ?5 FROM (VALUES `, ")", licensed, []any{now, tx.actor, opSetLicense, none, batch}},
	} {
		if err := im.sql.execRows(tx, step.query, step.suffix, step.rows, step.lead...); err != nil {
			return 0, err
		}
	}
	ids := make([]string, 0, len(taken))
	for id := range taken {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if err := tx.addConsumed(id, taken[id]); err != nil {
			return 0, err
		}
	}
	return created, nil
}

// importID is a new user's object id. Time-ordered ids (UUID version 7)
// go in at the end of the tenant's indexes, where random ones would dirty
// pages all over them in every chunk and make a large import write its
// tenant many times over. (The demo's fixed ids are the seed's, which an
// import never runs.)
func importID() string {
	if id, err := uuid.NewV7(); err == nil {
		return id.String()
	}
	return uuid.NewString()
}

// importedUser is what every user an import creates is: an enabled
// member, not synchronized from on-premises.
var importedUser = User{UserType: "Member", AccountEnabled: true}

// importUser brings an existing user in line with its row and assigns
// the licenses it lacks; it reports "updated", or "" for a user left as it
// was.
func (tx *Tx) importUser(p importPlan) (string, error) {
	outcome := ""
	if up, changed := importUpdate(*p.user, p.row.ImportRow); changed {
		if _, err := tx.SetUser(p.user.ID, up); err != nil {
			return "", err
		}
		outcome = "updated"
	}
	if len(p.add) == 0 {
		return outcome, nil
	}
	add := make([]AddLicense, len(p.add))
	for i, k := range p.add {
		add[i] = AddLicense{SkuID: k.id}
	}
	if _, err := tx.SetUserLicense(p.user.ID, add, nil); err != nil {
		return "", err
	}
	return "updated", nil
}

// importUpdate is the change that brings u in line with the export's
// non-blank cells.
func importUpdate(u User, r ImportRow) (UserUpdate, bool) {
	var up UserUpdate
	changed := false
	set := func(field **string, current, cell string, fold bool) {
		cell = strings.TrimSpace(cell)
		same := current == cell || fold && strings.EqualFold(current, cell)
		if cell == "" || same {
			return
		}
		*field = &cell
		changed = true
	}
	set(&up.DisplayName, u.DisplayName, r.DisplayName, false)
	set(&up.GivenName, u.GivenName, r.GivenName, false)
	set(&up.Surname, u.Surname, r.Surname, false)
	set(&up.Department, u.Department, r.Department, false)
	set(&up.JobTitle, u.JobTitle, r.JobTitle, false)
	set(&up.UsageLocation, u.UsageLocation, r.UsageLocation, true)
	return up, changed
}
