package tenant

import "testing"

func TestProductsAndSubscriptions(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	a := addSub(t, s, "SPE_E5", 10)
	b := addSub(t, s, "Microsoft 365 E5", 5)
	for i, upn := range []string{"a@contoso.com", "b@contoso.com", "c@contoso.com"} {
		addUser(t, s, upn, "US")
		if i < 3 {
			assign(t, s, upn, "SPE_E5")
		}
	}
	str := func(v string) *string { return &v }
	num := func(v int) *int { return &v }
	steps := []struct {
		name                                   string
		sub                                    string
		up                                     SubscriptionUpdate
		msg                                    string
		total, warning, suspended, avail, subs int
	}{
		{"start", "", SubscriptionUpdate{}, "", 15, 0, 0, 12, 2},
		{"warning", b.SubscriptionID, SubscriptionUpdate{Status: str("warning")}, "", 15, 5, 0, 7, 2},
		{"suspended", b.SubscriptionID, SubscriptionUpdate{Status: str("Suspended")}, "", 10, 0, 5, 7, 2},
		{"bad status", b.SubscriptionID, SubscriptionUpdate{Status: str("Paused")}, "'Paused' is not a valid subscription status. Valid values are Enabled, Warning, Suspended and LockedOut.", 10, 0, 5, 7, 2},
		{"reduce", a.SubscriptionID, SubscriptionUpdate{Quantity: num(3)}, "", 3, 0, 5, 0, 2},
		{"below assigned", a.SubscriptionID, SubscriptionUpdate{Quantity: num(2)},
			"The quantity of subscription " + a.SubscriptionID + " cannot be reduced to 2: 3 licenses of SKU " + e5 + " are assigned and only 2 would remain. Unassign licenses first.", 3, 0, 5, 0, 2},
		{"negative", a.SubscriptionID, SubscriptionUpdate{Quantity: num(-1)}, "The quantity cannot be negative.", 3, 0, 5, 0, 2},
		{"unknown", "nope", SubscriptionUpdate{Quantity: num(1)}, "Subscription 'nope' does not exist.", 3, 0, 5, 0, 2},
	}
	for _, st := range steps {
		if st.sub != "" {
			_, err := s.SetSubscription(ctx, st.sub, st.up)
			if st.msg != "" {
				wantError(t, err, st.msg)
			} else if err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
		}
		p := product(t, s, e5)
		if p.Total != st.total || p.Warning != st.warning || p.Suspended != st.suspended || p.Assigned != 3 || p.Available != st.avail {
			t.Fatalf("%s: product = %+v", st.name, p)
		}
		if n := len(must[[]Subscription](t)(s.Subscriptions(ctx))); n != st.subs {
			t.Fatalf("%s: %d subscriptions", st.name, n)
		}
	}
	for _, tc := range []struct {
		ns  NewSubscription
		msg string
	}{
		{NewSubscription{Sku: "SPE_E5", Quantity: 0}, "The quantity must be at least 1."},
		{NewSubscription{Sku: "SPE_E5", Quantity: -5}, "The quantity must be at least 1."},
		{NewSubscription{Sku: "NOPE", Quantity: 1}, "License NOPE does not correspond to a valid company License."},
		{NewSubscription{Sku: "Microsoft 365 Apps for Business", Quantity: 1}, "License 'Microsoft 365 Apps for Business' matches more than one product: O365_BUSINESS (cdd28e44-67e3-425e-be4c-737fab2899d3), SMB_BUSINESS (b214fe43-f5a3-4703-beeb-fa97188220fc). Use the SKU id."},
		{NewSubscription{Sku: "SPE_E5", Quantity: 1, Status: "Gone"}, "'Gone' is not a valid subscription status. Valid values are Enabled, Warning, Suspended and LockedOut."},
	} {
		_, err := s.AddSubscription(ctx, tc.ns)
		wantError(t, err, tc.msg)
	}
	must[User](t)(s.Connect(ctx, "a@contoso.com"))
	_, err := s.AddSubscription(ctx, NewSubscription{Sku: "SPE_E5", Quantity: 1})
	wantError(t, err, "Insufficient privileges to complete the operation.")
}
