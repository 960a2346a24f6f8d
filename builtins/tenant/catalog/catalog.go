package catalog

import (
	"cmp"
	"slices"
	"strings"
)

// Plan is a service plan included in a product, such as Exchange Online
// (Plan 2) inside Microsoft 365 E5.
type Plan struct {
	ID           string // lower-case GUID (Service_Plan_Id)
	Name         string // e.g. EXCHANGE_S_ENTERPRISE (Service_Plan_Name)
	FriendlyName string // e.g. Exchange Online (Plan 2)
}

// Product is a licensable SKU.
type Product struct {
	SkuID      string // lower-case GUID
	PartNumber string // String_Id, e.g. SPE_E5
	Name       string // Product_Display_Name, e.g. Microsoft 365 E5
	Plans      []Plan
}

// Catalog is an immutable set of products keyed on their SKU GUID, with
// case-insensitive lookups by part number and by display name. Part numbers
// and names are not unique in Microsoft's data (MCOPSTN5 has two GUIDs, two
// SKUs are called "Microsoft 365 Apps for Business"), so those lookups return
// every match.
type Catalog struct {
	products []Product // sorted by Name, then PartNumber, then SkuID
	byID     map[string]int
	byPart   map[string][]int
	byName   map[string][]int
}

// New builds a catalog from products. A product replaces an earlier one with
// the same SKU GUID. SKU and plan ids that are GUIDs are normalized to lower
// case, and names are trimmed.
func New(products []Product) *Catalog {
	seen := make(map[string]int, len(products))
	var list []Product
	for _, p := range products {
		p = normalizeProduct(p)
		if i, ok := seen[p.SkuID]; ok {
			list[i] = p
			continue
		}
		seen[p.SkuID] = len(list)
		list = append(list, p)
	}
	return build(list)
}

// build indexes list, which must hold normalized products with distinct
// SKU ids; it takes ownership of list.
func build(list []Product) *Catalog {
	type entry struct {
		p                Product
		partKey, nameKey string
	}
	entries := make([]entry, len(list))
	for i, p := range list {
		entries[i] = entry{p, foldKey(p.PartNumber), foldKey(p.Name)}
	}
	slices.SortFunc(entries, func(a, b entry) int {
		return cmp.Or(
			cmp.Compare(a.nameKey, b.nameKey),
			cmp.Compare(a.p.Name, b.p.Name),
			cmp.Compare(a.p.PartNumber, b.p.PartNumber),
			cmp.Compare(a.p.SkuID, b.p.SkuID))
	})
	c := &Catalog{
		products: list,
		byID:     make(map[string]int, len(list)),
		byPart:   make(map[string][]int, len(list)),
		byName:   make(map[string][]int, len(list)),
	}
	for i, e := range entries {
		list[i] = e.p
		c.byID[e.p.SkuID] = i
		c.byPart[e.partKey] = append(c.byPart[e.partKey], i)
		c.byName[e.nameKey] = append(c.byName[e.nameKey], i)
	}
	return c
}

func normalizeProduct(p Product) Product {
	p.SkuID = normalizeID(p.SkuID)
	p.PartNumber = cleanText(p.PartNumber)
	p.Name = cleanText(p.Name)
	var plans []Plan
	for _, pl := range p.Plans {
		plans = append(plans, Plan{ID: normalizeID(pl.ID), Name: cleanText(pl.Name), FriendlyName: cleanText(pl.FriendlyName)})
	}
	p.Plans = plans
	return p
}

// normalizeID lower-cases a GUID, and only trims anything else so that New
// never loses a product whose id is not a GUID.
func normalizeID(s string) string {
	if g, ok := NormalizeGUID(s); ok {
		return g
	}
	return strings.TrimSpace(s)
}

// cleanText trims s and turns inner no-break spaces into plain spaces, so
// that a name typed by a user matches the one Microsoft published with U+00A0.
func cleanText(s string) string {
	s = strings.TrimSpace(s)
	if strings.ContainsRune(s, '\u00a0') {
		s = strings.ReplaceAll(s, "\u00a0", " ")
	}
	return s
}

func foldKey(s string) string {
	return strings.ToLower(cleanText(s))
}

// Products returns every product, sorted by display name.
func (c *Catalog) Products() []Product {
	out := make([]Product, len(c.products))
	for i := range c.products {
		out[i] = c.product(i)
	}
	return out
}

// Len returns the number of products.
func (c *Catalog) Len() int { return len(c.products) }

// ByID returns the product whose SKU GUID is guid, in any case, with or
// without braces.
func (c *Catalog) ByID(guid string) (Product, bool) {
	g, ok := NormalizeGUID(guid)
	if !ok {
		return Product{}, false
	}
	i, ok := c.byID[g]
	if !ok {
		return Product{}, false
	}
	return c.product(i), true
}

// ByPartNumber returns the products whose part number is pn, ignoring case
// and surrounding spaces. It may return more than one product.
func (c *Catalog) ByPartNumber(pn string) []Product {
	return c.all(c.byPart[foldKey(pn)])
}

// ByName returns the products whose display name is name, ignoring case and
// surrounding spaces. It may return more than one product.
func (c *Catalog) ByName(name string) []Product {
	return c.all(c.byName[foldKey(name)])
}

// Merge returns a catalog holding the products of both; where both have a
// product with the same SKU GUID, other's is kept. Neither input changes; a
// nil other leaves c as it is.
func (c *Catalog) Merge(other *Catalog) *Catalog {
	if other == nil {
		return c
	}
	list := slices.Clone(c.products)
	seen := make(map[string]int, len(list))
	for i, p := range list {
		seen[p.SkuID] = i
	}
	for _, p := range other.products {
		if i, ok := seen[p.SkuID]; ok {
			list[i] = p
			continue
		}
		list = append(list, p)
	}
	return build(list)
}

func (c *Catalog) all(idx []int) []Product {
	if len(idx) == 0 {
		return nil
	}
	out := make([]Product, len(idx))
	for i, j := range idx {
		out[i] = c.product(j)
	}
	return out
}

// product returns a copy of product i whose plans the caller may change
// without changing the catalog, which may be shared (Builtin).
func (c *Catalog) product(i int) Product {
	p := c.products[i]
	p.Plans = slices.Clone(p.Plans)
	return p
}
