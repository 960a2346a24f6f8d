package m365

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"licsh/builtins/core"
	"licsh/builtins/tenant"
	"licsh/builtins/tenant/catalog"
	"licsh/shell/cmdlet"
	"licsh/shell/interp"
)

func licenseCmdlets(ts *Session) []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{
		{
			Name:        "Get-License",
			Module:      moduleName,
			Synopsis:    "Gets the tenant's products with their seats, as the admin center's Licenses page shows them.",
			Description: "Get-License outputs one row per product: its part number, name and SKU id, and the seats summed over its subscriptions: Total (enabled), Assigned and Available. Available is what can still be assigned: enabled seats, less seats in the Warning state, less assigned ones.",
			Params: []*cmdlet.Param{
				{Name: "Sku", Type: cmdlet.String, Position: 1, Complete: cmdlet.CompleteSku, Help: "Only this product: a GUID, part number or product name."},
			},
			Examples: []cmdlet.Example{
				{Code: "Get-License", Remarks: "Every product and its seats."},
				{Code: "Get-License | Where-Object Available -gt 0", Remarks: "Products with unused seats."},
			},
			Process: func(c cmdlet.Call) error {
				st, err := ts.Open(c)
				if err != nil {
					return err
				}
				ctx := c.Context()
				want := ""
				if c.Bound("Sku") {
					k, err := st.ResolveSku(ctx, c.String("Sku"))
					if err != nil {
						return Fail(c, err, c.String("Sku"))
					}
					want = k.SkuID
				}
				products, err := st.Products(ctx)
				if err != nil {
					return Fail(c, err, nil)
				}
				for _, p := range products {
					if want != "" && p.SkuID != want {
						continue
					}
					if err := c.Write(licenseObject(p)); err != nil {
						return err
					}
				}
				return nil
			},
		},
		{
			Name:        "Get-Subscription",
			Module:      moduleName,
			Synopsis:    "Gets the tenant's subscriptions.",
			Description: "Get-Subscription outputs one row per subscription (purchase), oldest first: its id, product, quantity, status, and whether it is a self-service purchase and by whom.",
			Examples: []cmdlet.Example{
				{Code: "Get-Subscription", Remarks: "Every subscription."},
				{Code: "Get-Subscription | Where-Object SelfService", Remarks: "Self-service purchases, which admins must take over before managing their licenses."},
			},
			Process: func(c cmdlet.Call) error {
				st, err := ts.Open(c)
				if err != nil {
					return err
				}
				subs, err := st.Subscriptions(c.Context())
				if err != nil {
					return Fail(c, err, nil)
				}
				for _, s := range subs {
					if err := c.Write(subscriptionObject(s)); err != nil {
						return err
					}
				}
				return nil
			},
		},
		{
			Name:        "Add-Subscription",
			Module:      moduleName,
			Synopsis:    "Buys a product for the tenant.",
			Description: "Add-Subscription adds a subscription of a product with a number of licenses and outputs it. Global and Billing Administrators may. The product is found among the tenant's products, then in the SKU catalog. A self-service purchase starts with one license assigned to the user who bought it.",
			Params: []*cmdlet.Param{
				{Name: "Sku", Type: cmdlet.String, Position: 1, Mandatory: true, Complete: cmdlet.CompleteSku, Help: "The product: a GUID, part number (SPE_E5) or product name."},
				{Name: "Quantity", Type: cmdlet.Int, Position: 2, Mandatory: true, Help: "How many licenses; at least 1."},
				{Name: "SelfService", Type: cmdlet.Switch, Help: "A self-service purchase made by a user rather than by IT."},
				{Name: "PurchasedBy", Type: cmdlet.String, Complete: cmdlet.CompleteUser, Help: "The user who made the self-service purchase."},
				{Name: "Status", Type: cmdlet.String, Help: "Enabled (the default), Warning, Suspended or LockedOut."},
			},
			Examples: []cmdlet.Example{
				{Code: "Add-Subscription -Sku SPE_E5 -Quantity 25", Remarks: "Buys 25 Microsoft 365 E5 licenses."},
				{Code: "Add-Subscription -Sku POWER_BI_PRO -Quantity 1 -SelfService -PurchasedBy megan.jansen@contoso.com", Remarks: "A user's self-service purchase."},
			},
			Process: func(c cmdlet.Call) error {
				st, err := ts.File(c)
				if err != nil {
					return err
				}
				sub, err := st.AddSubscription(c.Context(), tenant.NewSubscription{
					Sku: c.String("Sku"), Quantity: c.Int("Quantity"), Status: c.String("Status"),
					SelfService: c.Switch("SelfService"), PurchasedBy: c.String("PurchasedBy"),
				})
				if err != nil {
					return Fail(c, err, c.String("Sku"))
				}
				return c.Write(subscriptionObject(sub))
			},
		},
		{
			Name:                  "Set-Subscription",
			Module:                moduleName,
			Synopsis:              "Changes a subscription's quantity or status, or takes a self-service purchase over.",
			Description:           "Set-Subscription changes one subscription. Global and Billing Administrators may. The product's seats may never drop below what is assigned. -TakeOver makes a self-service purchase the organisation's, so that admins can assign and remove its licenses.",
			SupportsShouldProcess: true,
			Params: []*cmdlet.Param{
				{Name: "Id", Aliases: []string{"SubscriptionId"}, Type: cmdlet.String, Position: 1, Mandatory: true, ValueFromPipelineByPropertyName: true, Help: "The subscription's id (SubscriptionId of Get-Subscription)."},
				{Name: "Quantity", Type: cmdlet.Int, Help: "The new number of licenses."},
				{Name: "TakeOver", Type: cmdlet.Switch, Help: "Takes a self-service purchase over."},
				{Name: "Status", Type: cmdlet.String, Help: "Enabled, Warning, Suspended or LockedOut."},
				{Name: "PassThru", Type: cmdlet.Switch, Help: "Outputs the changed subscription."},
			},
			Examples: []cmdlet.Example{
				{Code: "$id = (Get-Subscription | Where-Object SkuPartNumber -eq 'SPE_E5').SubscriptionId\nSet-Subscription -Id $id -Quantity 70", Remarks: "Lowers the E5 subscription to 70 licenses."},
				{Code: "Get-Subscription | Where-Object SelfService | Set-Subscription -TakeOver", Remarks: "Takes every self-service purchase over."},
			},
			Process: func(c cmdlet.Call) error {
				st, err := ts.File(c)
				if err != nil {
					return err
				}
				id := c.String("Id")
				var up tenant.SubscriptionUpdate
				var actions []string
				if c.Bound("Quantity") {
					q := c.Int("Quantity")
					up.Quantity = &q
					actions = append(actions, fmt.Sprintf("Set quantity to %d", q))
				}
				if c.Bound("Status") {
					s := c.String("Status")
					up.Status = &s
					actions = append(actions, "Set status to "+s)
				}
				if c.Switch("TakeOver") {
					up.TakeOver = true
					actions = append(actions, "Take over")
				}
				if len(actions) == 0 {
					return c.WriteError(interp.NewError("NoSubscriptionChanges", "InvalidArgument", id,
						"No subscription changes provided. Specify -Quantity, -Status or -TakeOver."))
				}
				if ok, err := c.ShouldProcess(id, strings.Join(actions, ", ")); !ok || err != nil {
					return err
				}
				sub, err := st.SetSubscription(c.Context(), id, up)
				if err != nil {
					return Fail(c, err, id)
				}
				if c.Switch("PassThru") {
					return c.Write(subscriptionObject(sub))
				}
				return nil
			},
		},
		{
			Name:        "Get-SkuCatalog",
			Module:      moduleName,
			Synopsis:    "Gets the products licsh knows: part numbers, SKU ids, names and service plans.",
			Description: "Get-SkuCatalog outputs the SKU catalog: the built-in list of common Microsoft 365 products, plus any imported with Import-SkuCatalog in this session.",
			Params: []*cmdlet.Param{
				{Name: "Sku", Type: cmdlet.String, Position: 1, Complete: cmdlet.CompleteSku, Help: "Only this product: a GUID, part number or product name."},
			},
			Examples: []cmdlet.Example{
				{Code: "Get-SkuCatalog", Remarks: "Every known product."},
				{Code: "(Get-SkuCatalog SPE_E5).ServicePlans", Remarks: "The service plans of Microsoft 365 E5."},
			},
			Process: func(c cmdlet.Call) error {
				st, err := ts.OpenUninitialized(c)
				if err != nil {
					return err
				}
				cat := st.Catalog()
				products := cat.Products()
				if c.Bound("Sku") {
					products = findCatalog(cat, c.String("Sku"))
				}
				for _, p := range products {
					if err := c.Write(skuCatalogObject(p)); err != nil {
						return err
					}
				}
				return nil
			},
		},
		{
			Name:        "Import-SkuCatalog",
			Module:      moduleName,
			Synopsis:    "Reads Microsoft's product and service plan list into the SKU catalog.",
			Description: "Import-SkuCatalog reads Microsoft's \"Product names and service plan identifiers for licensing\" CSV and adds its products to the catalog for the rest of the session, so that Add-Subscription knows products newer than licsh. Products are keyed on their GUID; an imported product replaces the built-in one with the same GUID.",
			Params: []*cmdlet.Param{
				{Name: "Path", Type: cmdlet.String, Position: 1, Mandatory: true, Complete: cmdlet.CompletePath, Help: "The CSV file, as downloaded from Microsoft."},
			},
			Examples: []cmdlet.Example{
				{Code: "Import-SkuCatalog ./Product_names_and_service_plan_identifiers_for_licensing.csv", Remarks: "Uses Microsoft's latest product list."},
			},
			Process: func(c cmdlet.Call) error {
				st, err := ts.OpenUninitialized(c)
				if err != nil {
					return err
				}
				path := c.Path(c.String("Path"))
				f, err := os.Open(path)
				if errors.Is(err, os.ErrNotExist) {
					return c.WriteError(core.PathNotFound(c.Cmdlet().Name, path))
				}
				if err != nil {
					return c.WriteError(core.IOError(c.Cmdlet().Name, path, err))
				}
				defer f.Close()
				imported, err := catalog.ReadCSV(f, path)
				if err != nil {
					return c.WriteError(interp.NewError(core.CommandID("InvalidCatalog", c.Cmdlet().Name), "InvalidData", path, err.Error()))
				}
				st.SetCatalog(st.Catalog().Merge(imported))
				c.WriteVerbose(fmt.Sprintf("Imported %d products from %s.", imported.Len(), path))
				return nil
			},
		},
		{
			Name:        "Get-UserLicense",
			Module:      moduleName,
			Synopsis:    "Gets users' license assignments.",
			Description: "Get-UserLicense outputs one row per license a user holds: the product, who assigned it (Direct, or the group's display name), the service plans turned off, its state and when it was assigned. Without -Identity it lists every user's assignments.",
			Params: []*cmdlet.Param{
				identityParam(false, "The users: user principal names, object ids or user objects; every user when not given."),
			},
			Examples: []cmdlet.Example{
				{Code: "Get-UserLicense adele.garcia@contoso.com", Remarks: "Adele's licenses and where they come from."},
				{Code: "Get-User -Department Sales | Get-UserLicense", Remarks: "The licenses of the Sales department."},
			},
			Process: func(c cmdlet.Call) error {
				st, err := ts.Open(c)
				if err != nil {
					return err
				}
				for _, id := range identities(c.Get("Identity")) {
					as, err := st.UserLicenses(c.Context(), id)
					if err != nil {
						if err := Fail(c, err, id); err != nil {
							return err
						}
						continue
					}
					for _, a := range as {
						if err := c.Write(userLicenseObject(a)); err != nil {
							return err
						}
					}
				}
				return nil
			},
		},
	}
}

// findCatalog finds a product of the catalog by GUID, part number or name.
func findCatalog(cat *catalog.Catalog, text string) []catalog.Product {
	if p, ok := cat.ByID(text); ok {
		return []catalog.Product{p}
	}
	if _, part, ok := strings.Cut(text, ":"); ok {
		text = part
	}
	if ps := cat.ByPartNumber(text); len(ps) > 0 {
		return ps
	}
	return cat.ByName(text)
}
