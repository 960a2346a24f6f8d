package graphclient

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"math/big"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"licsh/builtins/tenant"
	"licsh/builtins/tenant/catalog"
)

// Directory is a Microsoft 365 tenant reached through Microsoft Graph v1.0
// as a tenant.Directory: the operations the cmdlets call, each done with
// the Graph requests Microsoft documents for it, and each keeping the
// tenant file's contract. Graph's refusals become the *tenant.Error of the
// tenant file's refusal in the same words (tenant.FromGraph); a request
// that got no answer stays a *NetworkError, a refused sign-in a
// *SignInError.
//
// Who it acts as is fixed by the client's sign-in: a person's sign-in acts
// as that person (Account and Connect("") give their user, Connect of
// anyone else is refused with tenant.CodeAccountFixed); an application's
// own sign-in acts as the application, which has no account (Account and
// Connect answer tenant.CodeAppOnly, naming the application).
//
// What Graph cannot carry is said where it matters: a product's name is
// the catalog's (subscribedSkus has none), a user's mailbox and OneDrive
// (LicenseResult.Data, RestoreResult.Data) are not read, a subscription's
// take-over time is unknown, and the clock is the machine's.
type Directory struct {
	c   *Client
	cat *catalog.Catalog

	mu sync.Mutex
	// products are the products last read, which name and resolve SKUs
	// for productsAge; read is when.
	products []tenant.Product
	read     time.Time
}

// productsAge is how long the products a Directory read name and resolve
// SKUs before it reads them again: seats change with every assignment,
// and Products reads them afresh each time, but a tenant's products and
// their plans seldom change, and not naming a SKU reads them again.
const productsAge = time.Minute

// known are the tenant's products as last read, if not too long ago, and
// whether they were read just now.
func (d *Directory) known(ctx context.Context) ([]tenant.Product, bool, error) {
	d.mu.Lock()
	products, read := d.products, d.read
	d.mu.Unlock()
	if products != nil && time.Since(read) < productsAge {
		return products, false, nil
	}
	products, err := d.Products(ctx)
	return products, true, err
}

// withProducts runs fn, which resolves SKUs, over the products known, and
// once more over those read afresh when it finds no product by a SKU in
// a list that may be out of date.
func (d *Directory) withProducts(ctx context.Context, fn func([]tenant.Product) error) error {
	products, fresh, err := d.known(ctx)
	if err != nil {
		return err
	}
	err = fn(products)
	if !fresh && tenant.IsCode(err, tenant.CodeSkuNotFound) {
		if products, err = d.Products(ctx); err != nil {
			return err
		}
		err = fn(products)
	}
	return err
}

// readBack reads an object just created, which Microsoft Entra may take a
// moment to show to every read: one that does not find it is tried again
// after 1, 2 and 4 seconds.
func readBack[T any](ctx context.Context, read func() (T, error)) (T, error) {
	for wait := time.Second; ; wait *= 2 {
		v, err := read()
		if !tenant.IsCode(err, tenant.CodeUserNotFound) || wait > 4*time.Second {
			return v, err
		}
		if err := sleep(ctx, wait); err != nil {
			return v, err
		}
	}
}

// NewDirectory is the tenant c is signed in to, as a tenant.Directory;
// products are named from licsh's built-in catalog.
func NewDirectory(c *Client) *Directory {
	return &Directory{c: c, cat: catalog.Builtin()}
}

// A Microsoft 365 tenant is a Directory.
var _ tenant.Directory = (*Directory)(nil)

// refusal is the tenant's refusal that Graph's error answer stands for;
// any other error is returned as it is.
func refusal(err error) error {
	var ge *Error
	if errors.As(err, &ge) {
		return tenant.FromGraph(ge.Status, ge.Code, ge.Message)
	}
	return err
}

// eventual is the header of Graph's advanced queries.
func eventual() http.Header { return http.Header{"ConsistencyLevel": {"eventual"}} }

// query writes a query string as Graph's links do: names with their $,
// values escaped with %20 for a space.
func query(pairs ...string) string {
	var b strings.Builder
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(pairs[i] + "=" + strings.ReplaceAll(url.QueryEscape(pairs[i+1]), "+", "%20"))
	}
	if b.Len() == 0 {
		return ""
	}
	return "?" + b.String()
}

// literal is a text as an OData string literal.
func literal(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func (d *Directory) get(ctx context.Context, path string, header http.Header, out any) error {
	return refusal(d.c.get(ctx, path, header, out))
}

func (d *Directory) each(ctx context.Context, path string, header http.Header, fn func(json.RawMessage) error) error {
	var inner error
	err := d.c.each(ctx, path, header, func(raw json.RawMessage) error {
		if inner = fn(raw); inner != nil {
			return errStop
		}
		return nil
	})
	if errors.Is(err, errStop) {
		return inner
	}
	return refusal(err)
}

// errStop ends a listing early; each returns the error that stopped it.
var errStop = errors.New("stop")

// send makes a change and reads its answer into out (nil: not read).
func (d *Directory) send(ctx context.Context, method, path string, body, out any) error {
	resp, err := d.c.Do(ctx, method, path, body, nil)
	if err != nil {
		return refusal(err)
	}
	if out != nil && len(resp.Body) > 0 {
		return d.c.decode(path, resp.Body, out)
	}
	return nil
}

// ref is the body of a POST to a $ref naming a directory object.
func (d *Directory) ref(id string) map[string]string {
	return map[string]string{"@odata.id": d.c.base + "/directoryObjects/" + id}
}

// foldLess orders texts as the tenant file's NOCASE columns do: ASCII
// letters folded.
func foldLess(a, b string) bool {
	fold := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= 'A' && r <= 'Z' {
				return r + 'a' - 'A'
			}
			return r
		}, s)
	}
	return fold(a) < fold(b)
}

// The organization.

// Info is the organization: its id, name and default domain; the clock is
// the machine's (Now), which no one can stop; the acting admin is the
// signed-in account, "" for an application.
func (d *Directory) Info(ctx context.Context) (tenant.Info, error) {
	o, err := d.organization(ctx)
	if err != nil {
		return tenant.Info{}, err
	}
	in := tenant.Info{TenantID: o.ID, Name: o.DisplayName, ActingAdmin: d.c.Identity().Account}
	for _, dom := range o.VerifiedDomains {
		if dom.IsDefault {
			in.DefaultDomain = dom.Name
		}
	}
	in.Now, _ = d.Now(ctx)
	return in, nil
}

// organization is Graph's organization, which Organization.Read.All
// reads: its id, name and verified domains.
type organization struct {
	ID              string `json:"id"`
	DisplayName     string `json:"displayName"`
	VerifiedDomains []struct {
		Name      string `json:"name"`
		IsDefault bool   `json:"isDefault"`
		IsInitial bool   `json:"isInitial"`
	} `json:"verifiedDomains"`
}

func (d *Directory) organization(ctx context.Context) (organization, error) {
	var org struct {
		Value []organization `json:"value"`
	}
	if err := d.get(ctx, "/organization"+query("$select", "id,displayName,verifiedDomains"), nil, &org); err != nil {
		return organization{}, err
	}
	if len(org.Value) == 0 {
		return organization{}, errors.New(d.c.base + "/organization names no organization")
	}
	return org.Value[0], nil
}

// Domains are the organization's verified domains, by name.
func (d *Directory) Domains(ctx context.Context) ([]tenant.Domain, error) {
	o, err := d.organization(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]tenant.Domain, 0, len(o.VerifiedDomains))
	for _, dom := range o.VerifiedDomains {
		out = append(out, tenant.Domain{Name: strings.ToLower(dom.Name), IsDefault: dom.IsDefault, IsInitial: dom.IsInitial})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// graphSku is a subscribedSku.
type graphSku struct {
	SkuID           string   `json:"skuId"`
	PartNumber      string   `json:"skuPartNumber"`
	Consumed        int      `json:"consumedUnits"`
	SubscriptionIDs []string `json:"subscriptionIds"`
	PrepaidUnits    struct {
		Enabled   int `json:"enabled"`
		Warning   int `json:"warning"`
		Suspended int `json:"suspended"`
		LockedOut int `json:"lockedOut"`
	} `json:"prepaidUnits"`
	ServicePlans []struct {
		ID   string `json:"servicePlanId"`
		Name string `json:"servicePlanName"`
	} `json:"servicePlans"`
}

// skuRef names a product: subscribedSkus give its part number, the
// catalog its name (the part number for a product it does not know).
func (d *Directory) skuRef(id, part string) tenant.SkuRef {
	id = strings.ToLower(id)
	ref := tenant.SkuRef{SkuID: id, PartNumber: part, ProductName: part}
	if p, ok := d.cat.ByID(id); ok {
		ref.ProductName = p.Name
	}
	return ref
}

// Products are subscribedSkus, ordered by product name: seats as their
// prepaid units count them (Graph's enabled units leave out those in
// warning, which Product.Total counts), and self-service when a
// subscription of the product is owned by the user who bought it. A
// sign-in that may assign licenses but not read the organization's
// subscriptions (LicenseAssignment.ReadWrite.All alone) still lists the
// products, none of them self-service: Graph itself refuses a change of a
// self-service one.
func (d *Directory) Products(ctx context.Context) ([]tenant.Product, error) {
	subs, err := d.Subscriptions(ctx)
	if tenant.IsCode(err, tenant.CodeAccessDenied) {
		subs = nil
	} else if err != nil {
		return nil, err
	}
	var out []tenant.Product
	err = d.each(ctx, "/subscribedSkus", nil, func(raw json.RawMessage) error {
		var s graphSku
		if err := json.Unmarshal(raw, &s); err != nil {
			return err
		}
		p := tenant.Product{SkuRef: d.skuRef(s.SkuID, s.PartNumber), Total: s.PrepaidUnits.Enabled + s.PrepaidUnits.Warning,
			Warning: s.PrepaidUnits.Warning, Suspended: s.PrepaidUnits.Suspended, LockedOut: s.PrepaidUnits.LockedOut,
			Assigned: s.Consumed}
		p.Available = p.Total - p.Warning - p.Assigned
		known, _ := d.cat.ByID(p.SkuID)
		for _, pl := range s.ServicePlans {
			plan := catalog.Plan{ID: strings.ToLower(pl.ID), Name: pl.Name}
			if i := slices.IndexFunc(known.Plans, func(k catalog.Plan) bool { return k.ID == plan.ID }); i >= 0 {
				plan.FriendlyName = known.Plans[i].FriendlyName
			}
			p.Plans = append(p.Plans, plan)
		}
		p.SelfService = slices.ContainsFunc(subs, func(sub tenant.Subscription) bool { return sub.SkuID == p.SkuID && sub.SelfService })
		out = append(out, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].ProductName != out[j].ProductName {
			return out[i].ProductName < out[j].ProductName
		}
		return out[i].SkuID < out[j].SkuID
	})
	d.mu.Lock()
	d.products, d.read = out, time.Now()
	d.mu.Unlock()
	return out, nil
}

// Subscriptions are Graph's directory/subscriptions (companySubscription,
// which v1.0 has; subscribedSkus only list their ids), oldest first. A
// subscription owned by a user is a self-service purchase, PurchasedBy
// its owner; one taken over is the company's like any other, so its
// take-over time is not known.
func (d *Directory) Subscriptions(ctx context.Context) ([]tenant.Subscription, error) {
	var out []tenant.Subscription
	owners := map[string]string{}
	err := d.each(ctx, "/directory/subscriptions", nil, func(raw json.RawMessage) error {
		var s struct {
			ID        string  `json:"id"`
			SkuID     string  `json:"skuId"`
			Part      string  `json:"skuPartNumber"`
			Status    string  `json:"status"`
			Total     int     `json:"totalLicenses"`
			Created   *string `json:"createdDateTime"`
			OwnerID   *string `json:"ownerId"`
			OwnerType string  `json:"ownerType"`
		}
		if err := json.Unmarshal(raw, &s); err != nil {
			return err
		}
		sub := tenant.Subscription{SubscriptionID: strings.ToLower(s.ID), SkuRef: d.skuRef(s.SkuID, s.Part), Quantity: s.Total,
			Status: s.Status, CreatedDateTime: graphTime(s.Created), SelfService: strings.EqualFold(s.OwnerType, "User")}
		if sub.SelfService && s.OwnerID != nil {
			owners[*s.OwnerID] = ""
			sub.PurchasedBy = *s.OwnerID
		}
		out = append(out, sub)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for id := range owners {
		var u struct {
			UPN string `json:"userPrincipalName"`
		}
		if err := d.get(ctx, "/users/"+url.PathEscape(id)+query("$select", "userPrincipalName"), nil, &u); err != nil && !tenant.IsCode(err, tenant.CodeUserNotFound) {
			return nil, err
		}
		owners[id] = u.UPN
	}
	for i := range out {
		if out[i].PurchasedBy != "" {
			out[i].PurchasedBy = owners[out[i].PurchasedBy]
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].CreatedDateTime.Equal(out[j].CreatedDateTime) {
			return out[i].CreatedDateTime.Before(out[j].CreatedDateTime)
		}
		return out[i].SubscriptionID < out[j].SubscriptionID
	})
	return out, nil
}

// ResolveSku finds one of the tenant's products by the tenant file's rule
// (tenant.ResolveProduct) over its subscribedSkus.
func (d *Directory) ResolveSku(ctx context.Context, text string) (tenant.SkuRef, error) {
	var ref tenant.SkuRef
	err := d.withProducts(ctx, func(products []tenant.Product) error {
		p, err := tenant.ResolveProduct(products, d.cat, text)
		ref = p.SkuRef
		return err
	})
	return ref, err
}

// Now is the machine's time in UTC to the second: Microsoft 365's clock is
// the world's.
func (d *Directory) Now(context.Context) (time.Time, error) {
	return time.Now().UTC().Truncate(time.Second), nil
}

// Who the session acts as.

// Account is the signed-in person's user. An application's own sign-in
// has no account: it answers tenant.CodeAppOnly, naming the application.
func (d *Directory) Account(ctx context.Context) (tenant.User, error) {
	who := d.c.Identity()
	if who.AppOnly() {
		return tenant.User{}, tenant.ErrAppOnly(who.AppName, who.AppID)
	}
	parts, err := d.partNumbers(ctx)
	if err != nil {
		return tenant.User{}, err
	}
	var u graphUser
	if err := d.get(ctx, "/me"+query("$select", userSelect), nil, &u); err != nil {
		return tenant.User{}, err
	}
	return u.user(parts), nil
}

// Connect is Account: the sign-in fixed the account, so "" or the
// signed-in account (its UPN or object id) is all it accepts; anyone else
// is refused with tenant.CodeAccountFixed, and the session stays as it
// was.
func (d *Directory) Connect(ctx context.Context, upn string) (tenant.User, error) {
	who := d.c.Identity()
	upn = strings.TrimSpace(upn)
	if upn == "" || !who.AppOnly() && strings.EqualFold(upn, who.Account) {
		return d.Account(ctx)
	}
	if who.AppOnly() {
		return tenant.User{}, tenant.ErrAppOnly(who.AppName, who.AppID)
	}
	u, err := d.Account(ctx)
	if err == nil && !strings.EqualFold(upn, u.ID) {
		return tenant.User{}, tenant.ErrAccountFixed(who.Account, upn)
	}
	return u, err
}

// Users.

// partNumbers are the part numbers of the tenant's products by SKU id,
// which users' licenses are named by.
func (d *Directory) partNumbers(ctx context.Context) (map[string]string, error) {
	products, _, err := d.known(ctx)
	parts := map[string]string{}
	for _, p := range products {
		parts[p.SkuID] = p.PartNumber
	}
	return parts, err
}

// user is a Graph user as the tenant shows it: the products held, from
// the active license assignments, once each in part number order.
func (u graphUser) user(parts map[string]string) tenant.User {
	out := u.replica().User
	partOf := func(id string) string {
		if p, ok := parts[id]; ok {
			return p
		}
		return id
	}
	for _, s := range u.States {
		id := strings.ToLower(s.SkuID)
		if s.State == "Active" && !slices.Contains(out.SkuIDs, id) {
			out.SkuIDs = append(out.SkuIDs, id)
		}
	}
	sort.Slice(out.SkuIDs, func(i, j int) bool { return partOf(out.SkuIDs[i]) < partOf(out.SkuIDs[j]) })
	for _, id := range out.SkuIDs {
		out.Licenses = append(out.Licenses, partOf(id))
	}
	return out
}

// userPath is the path of a user named by UPN or object id.
func userPath(identity string) string { return "/users/" + url.PathEscape(strings.TrimSpace(identity)) }

// graphUserOf reads a live user with the properties the tenant keeps.
func (d *Directory) graphUserOf(ctx context.Context, identity string) (graphUser, error) {
	var u graphUser
	if strings.TrimSpace(identity) == "" {
		return u, tenant.ErrUserNotFound(identity)
	}
	err := d.get(ctx, userPath(identity)+query("$select", userSelect), nil, &u)
	if tenant.IsCode(err, tenant.CodeUserNotFound) {
		err = tenant.ErrUserNotFound(identity)
	}
	return u, err
}

// GetUser reads a user by UPN or object id.
func (d *Directory) GetUser(ctx context.Context, identity string) (tenant.User, error) {
	parts, err := d.partNumbers(ctx)
	if err != nil {
		return tenant.User{}, err
	}
	u, err := d.graphUserOf(ctx, identity)
	if err != nil {
		return tenant.User{}, err
	}
	return u.user(parts), nil
}

// FindUsers is the user identity names, or else the users whose mail,
// display name or UPN alias it is, by UPN.
func (d *Directory) FindUsers(ctx context.Context, identity string) ([]tenant.User, error) {
	u, err := d.GetUser(ctx, identity)
	if err == nil {
		return []tenant.User{u}, nil
	}
	if !tenant.IsCode(err, tenant.CodeUserNotFound) {
		return nil, err
	}
	key := strings.TrimSpace(identity)
	if key == "" {
		return nil, nil
	}
	parts, err := d.partNumbers(ctx)
	if err != nil {
		return nil, err
	}
	filter := "mail eq " + literal(key) + " or displayName eq " + literal(key) + " or startswith(userPrincipalName," + literal(key+"@") + ")"
	var out []tenant.User
	err = d.each(ctx, "/users"+query("$select", userSelect, "$top", pageSize, "$filter", filter), nil, func(raw json.RawMessage) error {
		var g graphUser
		if err := json.Unmarshal(raw, &g); err != nil {
			return err
		}
		u := g.user(parts)
		alias, _, _ := strings.Cut(u.UserPrincipalName, "@")
		if strings.EqualFold(u.Mail, key) || strings.EqualFold(u.DisplayName, key) || strings.EqualFold(alias, key) {
			out = append(out, u)
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return foldLess(out[i].UserPrincipalName, out[j].UserPrincipalName) })
	return out, err
}

// userList is a list of users as Graph is asked for it: the filter, the
// search and the order, and whether that is an advanced query.
type userList struct {
	filter, search, orderBy string
	advanced                bool
}

// listOf turns a UserFilter into Graph's query: department and usage
// location by eq, the UPN prefix by startswith, licensed or not by
// assignedLicenses/$count, a product by assignedLicenses/any, and the
// Query's own $filter and $search text. Graph sorts, searches and counts
// licenses only in an advanced query (ConsistencyLevel: eventual and
// $count), which the tenant's parser of the same filter tells.
func (d *Directory) listOf(ctx context.Context, f tenant.UserFilter) (userList, error) {
	var terms []string
	for _, eq := range []struct{ prop, val string }{{"department", f.Department}, {"usageLocation", f.UsageLocation},
		{"department", f.DepartmentFold}, {"usageLocation", f.UsageLocationFold}} {
		if eq.val != "" {
			terms = append(terms, eq.prop+" eq "+literal(eq.val))
		}
	}
	if f.NoUsageLocation {
		terms = append(terms, "usageLocation eq null")
	}
	if f.Licensed {
		terms = append(terms, "assignedLicenses/$count ne 0")
	}
	if f.Unlicensed {
		terms = append(terms, "assignedLicenses/$count eq 0")
	}
	if f.SkuID != "" {
		k, err := d.ResolveSku(ctx, f.SkuID)
		if err != nil {
			return userList{}, err
		}
		terms = append(terms, "assignedLicenses/any(x:x/skuId eq "+k.SkuID+")")
	}
	if f.UPNPrefix != "" {
		terms = append(terms, "startswith(userPrincipalName,"+literal(f.UPNPrefix)+")")
	}
	if q := f.Query.Filter(); q != "" {
		terms = append(terms, "("+q+")")
	}
	l := userList{filter: strings.Join(terms, " and "), search: f.Query.Search(), orderBy: f.OrderBy.Text()}
	if f.Query != nil && f.Query.Advanced != "" || l.search != "" || f.NoUsageLocation ||
		f.OrderBy != nil && (f.OrderBy.Advanced != "" || l.filter != "") {
		l.advanced = true
	} else if l.filter != "" {
		q, err := tenant.ParseUserFilter(l.filter)
		l.advanced = err == nil && q.Advanced != ""
	}
	return l, nil
}

// EachUser calls fn with every live user matching f, page after page of
// up to 999. Graph has no $skip for users and no listing after a given
// user: Skip and After are counted off here, as are the case folds of all
// of Unicode that DepartmentFold and UsageLocationFold ask for beyond
// Graph's own case-insensitive eq.
func (d *Directory) EachUser(ctx context.Context, f tenant.UserFilter, fn func(tenant.User) error) error {
	l, err := d.listOf(ctx, f)
	if err != nil {
		return err
	}
	parts, err := d.partNumbers(ctx)
	if err != nil {
		return err
	}
	top := pageSize
	if f.Top > 0 && f.After == "" && f.DepartmentFold == "" && f.UsageLocationFold == "" {
		top = strconv.Itoa(min(f.Top+f.Skip, 999))
	}
	var header http.Header
	count := ""
	if l.advanced {
		header, count = eventual(), "true"
	}
	path := "/users" + query("$select", userSelect, "$top", top, "$filter", l.filter, "$search", l.search, "$orderby", l.orderBy, "$count", count)
	n := 0
	var held []tenant.User // users before After is seen, in case it never is
	seen := f.After == ""
	emit := func(u tenant.User) error {
		if n++; n <= f.Skip {
			return nil
		}
		if f.Top > 0 && n > f.Skip+f.Top {
			return errEnough
		}
		return fn(u)
	}
	err = d.each(ctx, path, header, func(raw json.RawMessage) error {
		var g graphUser
		if err := json.Unmarshal(raw, &g); err != nil {
			return err
		}
		u := g.user(parts)
		if f.DepartmentFold != "" && !strings.EqualFold(u.Department, f.DepartmentFold) ||
			f.UsageLocationFold != "" && !strings.EqualFold(u.UsageLocation, f.UsageLocationFold) {
			return nil
		}
		if !seen {
			if strings.EqualFold(u.ID, f.After) {
				seen, held = true, nil
			} else {
				held = append(held, u)
			}
			return nil
		}
		return emit(u)
	})
	for _, u := range held {
		if err == nil {
			err = emit(u)
		}
	}
	if errors.Is(err, errEnough) {
		return nil
	}
	return err
}

// errEnough ends a listing that has found the users it was asked for.
var errEnough = errors.New("enough users")

// Users lists the live users matching f.
func (d *Directory) Users(ctx context.Context, f tenant.UserFilter) ([]tenant.User, error) {
	var out []tenant.User
	err := d.EachUser(ctx, f, func(u tenant.User) error {
		out = append(out, u)
		return nil
	})
	return out, err
}

// CountUsers counts the live users matching f with Graph's users/$count,
// an advanced query; f.Top, f.After and f.Skip do not limit it.
func (d *Directory) CountUsers(ctx context.Context, f tenant.UserFilter) (int, error) {
	if f.DepartmentFold != "" || f.UsageLocationFold != "" {
		f.Top, f.Skip, f.After = 0, 0, ""
		n := 0
		err := d.EachUser(ctx, f, func(tenant.User) error {
			n++
			return nil
		})
		return n, err
	}
	l, err := d.listOf(ctx, f)
	if err != nil {
		return 0, err
	}
	return d.count(ctx, "/users/$count"+query("$filter", l.filter, "$search", l.search))
}

// count reads a $count.
func (d *Directory) count(ctx context.Context, path string) (int, error) {
	resp, err := d.c.Do(ctx, http.MethodGet, path, nil, eventual())
	if err != nil {
		return 0, refusal(err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(string(resp.Body), "\ufeff")))
	if err != nil {
		return 0, errors.New(d.c.base + path + " answered with something that is not a count: " + string(resp.Body))
	}
	return n, nil
}

// UserCount counts the live users.
func (d *Directory) UserCount(ctx context.Context) (int, error) {
	return d.count(ctx, "/users/$count")
}

// eachDeleted reads the users in Graph's deleted items, which Microsoft
// Entra keeps for 30 days, with the properties the tenant keeps and their
// deletion time.
func (d *Directory) eachDeleted(ctx context.Context, fn func(graphUser) error) error {
	return d.each(ctx, "/directory/deletedItems/microsoft.graph.user"+query("$select", userSelect+",deletedDateTime", "$top", pageSize), nil,
		func(raw json.RawMessage) error {
			var g graphUser
			if err := json.Unmarshal(raw, &g); err != nil {
				return err
			}
			return fn(g)
		})
}

// deletedUsers are the users in Graph's deleted items.
func (d *Directory) deletedUsers(ctx context.Context, parts map[string]string) ([]tenant.User, error) {
	var out []tenant.User
	err := d.eachDeleted(ctx, func(g graphUser) error {
		out = append(out, g.user(parts))
		return nil
	})
	return out, err
}

// DeletedUsers lists the users that can still be restored, most recently
// deleted first.
func (d *Directory) DeletedUsers(ctx context.Context) ([]tenant.User, error) {
	parts, err := d.partNumbers(ctx)
	if err != nil {
		return nil, err
	}
	out, err := d.deletedUsers(ctx, parts)
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].DeletedDateTime.Equal(out[j].DeletedDateTime) {
			return out[i].DeletedDateTime.After(out[j].DeletedDateTime)
		}
		return foldLess(out[i].UserPrincipalName, out[j].UserPrincipalName)
	})
	return out, err
}

// newPassword is a password for a user created without one: 16
// characters of all four kinds, which the user changes at first sign-in.
func newPassword() (string, error) {
	kinds := []string{"abcdefghijkmnpqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789", "!#%+-=?@_"}
	var b strings.Builder
	for i := 0; i < 16; i++ {
		set := kinds[i%len(kinds)]
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(set))))
		if err != nil {
			return "", err
		}
		b.WriteByte(set[n.Int64()])
	}
	return b.String(), nil
}

// NewUser creates a user with POST /users. Graph needs a password: one the
// user must change at first sign-in is made for a user given none. The
// tenant's refusals of an empty name, which Graph words as a missing
// property, are the tenant file's.
func (d *Directory) NewUser(ctx context.Context, nu tenant.NewUser) (tenant.User, error) {
	for _, p := range []struct{ name, val string }{{"userPrincipalName", nu.UserPrincipalName}, {"displayName", nu.DisplayName}} {
		if strings.TrimSpace(p.val) == "" {
			return tenant.User{}, tenant.ErrInvalidProperty(p.name)
		}
	}
	password, force := nu.Password, false
	if password == "" {
		var err error
		if password, err = newPassword(); err != nil {
			return tenant.User{}, err
		}
		force = true
	}
	upn := strings.TrimSpace(nu.UserPrincipalName)
	alias, _, _ := strings.Cut(upn, "@")
	body := map[string]any{"accountEnabled": nu.AccountEnabled == nil || *nu.AccountEnabled, "displayName": nu.DisplayName,
		"mailNickname": alias, "userPrincipalName": upn,
		"passwordProfile": map[string]any{"password": password, "forceChangePasswordNextSignIn": force}}
	for name, val := range map[string]string{"givenName": nu.GivenName, "surname": nu.Surname, "mail": nu.Mail,
		"department": nu.Department, "jobTitle": nu.JobTitle, "usageLocation": nu.UsageLocation, "userType": nu.UserType} {
		if val != "" {
			body[name] = val
		}
	}
	if nu.OnPremisesSync {
		// Only synchronization sets it: Graph refuses it, in its words.
		body["onPremisesSyncEnabled"] = true
	}
	var created struct {
		ID string `json:"id"`
	}
	if err := d.send(ctx, http.MethodPost, "/users", body, &created); err != nil {
		return tenant.User{}, err
	}
	return readBack(ctx, func() (tenant.User, error) { return d.GetUser(ctx, created.ID) })
}

// SetUser changes a user's properties with PATCH; an empty text clears
// the property (null).
func (d *Directory) SetUser(ctx context.Context, identity string, up tenant.UserUpdate) (tenant.User, error) {
	body := map[string]any{}
	for name, val := range map[string]*string{"userPrincipalName": up.UserPrincipalName, "displayName": up.DisplayName,
		"givenName": up.GivenName, "surname": up.Surname, "mail": up.Mail, "department": up.Department, "jobTitle": up.JobTitle,
		"usageLocation": up.UsageLocation, "userType": up.UserType} {
		switch {
		case val == nil:
		case strings.TrimSpace(*val) == "":
			body[name] = nil
		default:
			body[name] = strings.TrimSpace(*val)
		}
	}
	if up.AccountEnabled != nil {
		body["accountEnabled"] = *up.AccountEnabled
	}
	if strings.TrimSpace(identity) == "" {
		return tenant.User{}, tenant.ErrUserNotFound(identity)
	}
	if err := d.send(ctx, http.MethodPatch, userPath(identity), body, nil); err != nil {
		return tenant.User{}, err
	}
	if up.UserPrincipalName != nil {
		identity = *up.UserPrincipalName
	}
	return d.GetUser(ctx, identity)
}

// RemoveUser deletes a user, which Microsoft Entra keeps in its deleted
// items for 30 days, and returns the user as they were, deleted.
func (d *Directory) RemoveUser(ctx context.Context, identity string) (tenant.User, error) {
	u, err := d.GetUser(ctx, identity)
	if tenant.IsCode(err, tenant.CodeUserNotFound) && strings.TrimSpace(identity) != "" {
		// Graph decides which refusal comes first: one who may not delete
		// users is told so whether the user exists or not.
		if derr := d.send(ctx, http.MethodDelete, userPath(identity), nil, nil); tenant.IsCode(derr, tenant.CodeAccessDenied) {
			return tenant.User{}, derr
		}
	}
	if err != nil {
		return tenant.User{}, err
	}
	if err := d.send(ctx, http.MethodDelete, "/users/"+u.ID, nil, nil); err != nil {
		return tenant.User{}, err
	}
	var deleted struct {
		Deleted *string `json:"deletedDateTime"`
	}
	if _, err := readBack(ctx, func() (any, error) { return nil, d.get(ctx, "/directory/deletedItems/"+u.ID, nil, &deleted) }); err != nil {
		return tenant.User{}, err
	}
	u.DeletedDateTime = graphTime(deleted.Deleted)
	return u, nil
}

// RestoreUser restores a deleted user, found by UPN or object id. Graph
// says nothing of the licenses that did not come back for want of a seat:
// they are the ones held before and not after.
func (d *Directory) RestoreUser(ctx context.Context, identity string) (tenant.RestoreResult, error) {
	parts, err := d.partNumbers(ctx)
	if err != nil {
		return tenant.RestoreResult{}, err
	}
	deleted, err := d.deletedUsers(ctx, parts)
	if err != nil {
		return tenant.RestoreResult{}, err
	}
	key := strings.TrimSpace(identity)
	i := slices.IndexFunc(deleted, func(u tenant.User) bool {
		return strings.EqualFold(u.UserPrincipalName, key) || strings.EqualFold(u.ID, key)
	})
	if i < 0 || key == "" {
		return tenant.RestoreResult{}, tenant.ErrUserNotFound(identity)
	}
	before := deleted[i]
	if err := d.send(ctx, http.MethodPost, "/directory/deletedItems/"+before.ID+"/restore", map[string]any{}, nil); err != nil {
		return tenant.RestoreResult{}, err
	}
	var r tenant.RestoreResult
	if r.User, err = d.GetUser(ctx, before.ID); err != nil {
		return r, err
	}
	products, _, err := d.known(ctx)
	if err != nil {
		return r, err
	}
	ids := slices.Clone(before.SkuIDs)
	sort.Strings(ids)
	for _, id := range ids {
		ref := d.skuRef(id, parts[id])
		if i := slices.IndexFunc(products, func(p tenant.Product) bool { return p.SkuID == id }); i >= 0 {
			ref = products[i].SkuRef
		}
		if slices.Contains(r.User.SkuIDs, id) {
			r.Restored = append(r.Restored, ref)
		} else {
			r.NotRestored = append(r.NotRestored, ref)
		}
	}
	return r, nil
}

// ResetPassword sets a user's password through their passwordProfile.
func (d *Directory) ResetPassword(ctx context.Context, identity, password string, forceChange bool) (tenant.User, error) {
	if strings.TrimSpace(identity) == "" {
		return tenant.User{}, tenant.ErrUserNotFound(identity)
	}
	body := map[string]any{"passwordProfile": map[string]any{"password": password, "forceChangePasswordNextSignIn": forceChange}}
	if err := d.send(ctx, http.MethodPatch, userPath(identity), body, nil); err != nil {
		return tenant.User{}, err
	}
	return d.GetUser(ctx, identity)
}

// RevokeSignInSessions signs a user out everywhere with
// revokeSignInSessions.
func (d *Directory) RevokeSignInSessions(ctx context.Context, identity string) (tenant.User, error) {
	if strings.TrimSpace(identity) == "" {
		return tenant.User{}, tenant.ErrUserNotFound(identity)
	}
	if err := d.send(ctx, http.MethodPost, userPath(identity)+"/revokeSignInSessions", nil, nil); err != nil {
		return tenant.User{}, err
	}
	return d.GetUser(ctx, identity)
}
