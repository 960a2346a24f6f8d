package graphclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"licsh/builtins/tenant"
)

// pageSize is the most objects Graph gives in one page of users or groups.
const pageSize = "999"

// userSelect are the user properties a copy reads: those the tenant keeps.
const userSelect = "id,userPrincipalName,displayName,givenName,surname,mail,department,jobTitle,usageLocation,userType," +
	"accountEnabled,onPremisesSyncEnabled,createdDateTime,licenseAssignmentStates"

// graphUser is a user as Graph gives the properties userSelect names.
type graphUser struct {
	ID                string  `json:"id"`
	UserPrincipalName string  `json:"userPrincipalName"`
	DisplayName       *string `json:"displayName"`
	GivenName         *string `json:"givenName"`
	Surname           *string `json:"surname"`
	Mail              *string `json:"mail"`
	Department        *string `json:"department"`
	JobTitle          *string `json:"jobTitle"`
	UsageLocation     *string `json:"usageLocation"`
	UserType          *string `json:"userType"`
	AccountEnabled    *bool   `json:"accountEnabled"`
	OnPremisesSync    *bool   `json:"onPremisesSyncEnabled"`
	Created           *string `json:"createdDateTime"`
	Deleted           *string `json:"deletedDateTime"`
	States            []struct {
		SkuID         string   `json:"skuId"`
		AssignedBy    *string  `json:"assignedByGroup"`
		DisabledPlans []string `json:"disabledPlans"`
		State         string   `json:"state"`
		Error         string   `json:"error"`
		Updated       *string  `json:"lastUpdatedDateTime"`
	} `json:"licenseAssignmentStates"`
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// graphTime reads one of Graph's times; zero for none.
func graphTime(s *string) time.Time {
	if s == nil {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, *s)
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

func (u graphUser) replica() tenant.ReplicaUser {
	r := tenant.ReplicaUser{User: tenant.User{ID: u.ID, UserPrincipalName: u.UserPrincipalName, DisplayName: deref(u.DisplayName),
		GivenName: deref(u.GivenName), Surname: deref(u.Surname), Mail: deref(u.Mail), Department: deref(u.Department),
		JobTitle: deref(u.JobTitle), UsageLocation: deref(u.UsageLocation), UserType: deref(u.UserType),
		AccountEnabled: u.AccountEnabled == nil || *u.AccountEnabled, OnPremisesSync: deref(u.OnPremisesSync),
		CreatedDateTime: graphTime(u.Created), DeletedDateTime: graphTime(u.Deleted)}}
	if prefix := strings.ReplaceAll(u.ID, "-", ""); !r.DeletedDateTime.IsZero() && len(r.UserPrincipalName) > len(prefix) &&
		strings.EqualFold(r.UserPrincipalName[:len(prefix)], prefix) {
		// Microsoft Entra renames a deleted user with its id in front of
		// the UPN, which a restore takes off again.
		r.UserPrincipalName = r.UserPrincipalName[len(prefix):]
	}
	for _, s := range u.States {
		errText := s.Error
		if errText == "None" {
			errText = ""
		}
		r.Assignments = append(r.Assignments, tenant.Assignment{SkuRef: tenant.SkuRef{SkuID: s.SkuID}, GroupID: deref(s.AssignedBy),
			DisabledPlans: s.DisabledPlans, State: s.State, Error: errText, AssignedDateTime: graphTime(s.Updated)})
	}
	return r
}

// Progress is told how far a copy has come: what it reads, and how many of
// them so far.
type Progress func(what string, n int)

// Replica reads the tenant the client is signed in to, for
// tenant.Store.Replicate: the organization, its products with their plans
// and seats, its subscriptions as the Directory reads them (self-service
// purchases with their buyer), its users with their licenses (pages of
// 999, only the properties the tenant keeps), its deleted users with
// their deletion time and licenses, its groups with their licenses and
// members, and the members of its admin roles. Users, deleted users,
// groups and roles are read when Replicate asks for them. A sign-in that
// may not read the subscriptions still copies, with a warning: no product
// of the copy is self-service.
func (c *Client) Replica(ctx context.Context, progress Progress) (tenant.Replica, error) {
	if progress == nil {
		progress = func(string, int) {}
	}
	var org struct {
		Value []organization `json:"value"`
	}
	if err := c.Get(ctx, "/organization?$select=id,displayName,verifiedDomains", &org); err != nil {
		return tenant.Replica{}, err
	}
	if len(org.Value) == 0 {
		return tenant.Replica{}, fmt.Errorf("%s/organization names no organization", c.base)
	}
	o := org.Value[0]
	r := tenant.Replica{TenantID: o.ID, Name: o.DisplayName, Source: c.base}
	for _, d := range o.VerifiedDomains {
		if d.IsDefault {
			r.DefaultDomain = d.Name
		}
	}
	who := c.Identity()
	r.Actor = who.Account
	if r.Actor == "" {
		r.Actor = who.AppName
	}
	err := c.Each(ctx, "/subscribedSkus", func(raw json.RawMessage) error {
		var s graphSku
		if err := json.Unmarshal(raw, &s); err != nil {
			return err
		}
		p := tenant.ReplicaProduct{SkuRef: tenant.SkuRef{SkuID: s.SkuID, PartNumber: s.PartNumber},
			Enabled: s.PrepaidUnits.Enabled, Warning: s.PrepaidUnits.Warning, Suspended: s.PrepaidUnits.Suspended, LockedOut: s.PrepaidUnits.LockedOut,
			SubscriptionIDs: s.SubscriptionIDs}
		for _, pl := range s.ServicePlans {
			p.Plans = append(p.Plans, tenant.ReplicaPlan{ID: pl.ID, Name: pl.Name})
		}
		r.Products = append(r.Products, p)
		return nil
	})
	if err != nil {
		return tenant.Replica{}, err
	}
	progress("products", len(r.Products))
	d := NewDirectory(c)
	r.Subscriptions, err = d.Subscriptions(ctx)
	switch {
	case tenant.IsCode(err, tenant.CodeAccessDenied):
		r.Subscriptions = nil
		r.Warnings = append(r.Warnings, "The subscriptions were not read: "+c.base+"/directory/subscriptions needs Organization.Read.All or Directory.Read.All. "+
			"The copy's products have their seats, and none is a self-service purchase: an admin may assign in the copy the licenses of a product bought by a user, which the tenant refuses.")
	case err != nil:
		return tenant.Replica{}, err
	}
	progress("subscriptions", len(r.Subscriptions))
	r.Users = func(yield func(tenant.ReplicaUser, error) bool) {
		n := 0
		stop := false
		// errStop ends the listing when the reader has had enough.
		errStop := errors.New("stopped")
		err := c.Each(ctx, "/users?$top="+pageSize+"&$select="+userSelect, func(raw json.RawMessage) error {
			var u graphUser
			if err := json.Unmarshal(raw, &u); err != nil {
				return err
			}
			n++
			if n%1000 == 0 {
				progress("users", n)
			}
			if !yield(u.replica(), nil) {
				stop = true
				return errStop
			}
			return nil
		})
		if err != nil && !stop {
			yield(tenant.ReplicaUser{}, err)
		}
		progress("users", n)
	}
	r.DeletedUsers = func() ([]tenant.ReplicaUser, error) {
		var out []tenant.ReplicaUser
		err := d.eachDeleted(ctx, func(u graphUser) error {
			out = append(out, u.replica())
			return nil
		})
		progress("deleted users", len(out))
		return out, err
	}
	r.Groups = func() ([]tenant.ReplicaGroup, error) { return c.replicaGroups(ctx, progress) }
	r.Roles = func() (map[string][]string, error) { return c.replicaRoles(ctx) }
	return r, nil
}

// memberIDs are the ids of the members of a group or role.
func (c *Client) memberIDs(ctx context.Context, path string) ([]string, error) {
	var ids []string
	err := c.Each(ctx, path+"/members?$top="+pageSize+"&$select=id", func(raw json.RawMessage) error {
		var m struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(raw, &m); err != nil {
			return err
		}
		ids = append(ids, m.ID)
		return nil
	})
	return ids, err
}

func (c *Client) replicaGroups(ctx context.Context, progress Progress) ([]tenant.ReplicaGroup, error) {
	var out []tenant.ReplicaGroup
	d := NewDirectory(c)
	err := c.Each(ctx, "/groups?$top="+pageSize+"&$select="+groupSelect, func(raw json.RawMessage) error {
		var g graphGroup
		if err := json.Unmarshal(raw, &g); err != nil {
			return err
		}
		rg := tenant.ReplicaGroup{Group: d.groupOf(g, nil), LicensePlans: map[string][]string{}}
		for _, l := range g.Licenses {
			rg.LicensePlans[l.SkuID] = l.DisabledPlans
		}
		out = append(out, rg)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Members, err = c.memberIDs(ctx, "/groups/"+url.PathEscape(out[i].ID)); err != nil {
			return nil, err
		}
		progress("groups", i+1)
	}
	return out, nil
}

func (c *Client) replicaRoles(ctx context.Context) (map[string][]string, error) {
	type role struct {
		ID          string `json:"id"`
		DisplayName string `json:"displayName"`
	}
	var roles []role
	if err := c.Each(ctx, "/directoryRoles", func(raw json.RawMessage) error {
		var r role
		if err := json.Unmarshal(raw, &r); err != nil {
			return err
		}
		roles = append(roles, r)
		return nil
	}); err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, r := range roles {
		ids, err := c.memberIDs(ctx, "/directoryRoles/"+url.PathEscape(r.ID))
		if err != nil {
			return nil, err
		}
		out[r.DisplayName] = ids
	}
	return out, nil
}
