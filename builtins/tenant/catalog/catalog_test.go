package catalog

import (
	"reflect"
	"testing"
)

const (
	e5ID    = "06ebc4ee-1bb5-47dd-8120-11324bc54e06"
	e3ID    = "05e9a617-0261-4cee-bb44-138d3ef5d965"
	pstn5A  = "d43177b5-475b-4880-92d4-d54c27b5efbd"
	pstn5B  = "54a152dc-90de-4996-93d2-bc47e670fc06"
	appsA   = "b214fe43-f5a3-4703-beeb-fa97188220fc"
	appsB   = "cdd28e44-67e3-425e-be4c-737fab2899d3"
	exoPlan = "efb87545-963c-4e0d-99df-69c6916d9eb0"
)

func sampleProducts() []Product {
	return []Product{
		{SkuID: "06EBC4EE-1BB5-47DD-8120-11324BC54E06", PartNumber: " SPE_E5 ", Name: "Microsoft 365 E5",
			Plans: []Plan{{ID: "{EFB87545-963C-4E0D-99DF-69C6916D9EB0}", Name: "EXCHANGE_S_ENTERPRISE", FriendlyName: "Exchange Online (Plan 2)"}}},
		{SkuID: e3ID, PartNumber: "SPE_E3", Name: "Microsoft 365 E3"},
		{SkuID: pstn5A, PartNumber: "MCOPSTN5", Name: "Skype for Business PSTN Calling Domestic Small"},
		{SkuID: pstn5B, PartNumber: "MCOPSTN5", Name: "Skype for Business PSTN Domestic Calling (120 Minutes)"},
		{SkuID: appsA, PartNumber: "SMB_BUSINESS", Name: "Microsoft 365 Apps for Business"},
		{SkuID: appsB, PartNumber: "O365_BUSINESS", Name: "Microsoft 365 Apps for business"},
		{SkuID: "c2fe850d-fbbb-4858-b67d-bd0c6e746da3", PartNumber: "O365_w/o\u00a0Teams\u00a0Bundle_M3", Name: "Microsoft 365 E3 EEA (no Teams)"},
	}
}

func skuIDs(ps []Product) []string {
	var ids []string
	for _, p := range ps {
		ids = append(ids, p.SkuID)
	}
	return ids
}

func TestNewNormalizes(t *testing.T) {
	t.Parallel()
	c := New(sampleProducts())
	if c.Len() != 7 {
		t.Fatalf("Len() = %d, want 7", c.Len())
	}
	p, ok := c.ByID(e5ID)
	if !ok {
		t.Fatalf("ByID(%s) not found", e5ID)
	}
	want := Product{SkuID: e5ID, PartNumber: "SPE_E5", Name: "Microsoft 365 E5",
		Plans: []Plan{{ID: exoPlan, Name: "EXCHANGE_S_ENTERPRISE", FriendlyName: "Exchange Online (Plan 2)"}}}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("ByID(%s) = %+v, want %+v", e5ID, p, want)
	}
}

func TestNewLaterProductReplacesEarlier(t *testing.T) {
	t.Parallel()
	c := New([]Product{
		{SkuID: e5ID, PartNumber: "SPE_E5", Name: "Old name"},
		{SkuID: e3ID, PartNumber: "SPE_E3", Name: "Microsoft 365 E3"},
		{SkuID: "{" + e5ID + "}", PartNumber: "SPE_E5", Name: "Microsoft 365 E5"},
	})
	if c.Len() != 2 {
		t.Fatalf("Len() = %d, want 2", c.Len())
	}
	if p, _ := c.ByID(e5ID); p.Name != "Microsoft 365 E5" {
		t.Errorf("ByID(%s).Name = %q, want the later product's name", e5ID, p.Name)
	}
	if got := c.ByName("Old name"); got != nil {
		t.Errorf("ByName(Old name) = %v, want nothing: the product was replaced", got)
	}
}

func TestByID(t *testing.T) {
	t.Parallel()
	c := New(sampleProducts())
	tests := []struct {
		in   string
		want string // part number, "" when not found
	}{
		{e5ID, "SPE_E5"},
		{"06EBC4EE-1BB5-47DD-8120-11324BC54E06", "SPE_E5"},
		{"{06ebc4ee-1bb5-47dd-8120-11324bc54e06}", "SPE_E5"},
		{" 06ebc4ee-1bb5-47dd-8120-11324bc54e06\u00a0", "SPE_E5"},
		{pstn5B, "MCOPSTN5"},
		{"6fd2c87f-b296-42f0-b197-1e91e994b900", ""},
		{"SPE_E5", ""},
		{"", ""},
	}
	for _, tt := range tests {
		p, ok := c.ByID(tt.in)
		if ok != (tt.want != "") || p.PartNumber != tt.want {
			t.Errorf("ByID(%q) = %q, %v; want %q", tt.in, p.PartNumber, ok, tt.want)
		}
	}
}

func TestByPartNumber(t *testing.T) {
	t.Parallel()
	c := New(sampleProducts())
	tests := []struct {
		in   string
		want []string
	}{
		{"SPE_E5", []string{e5ID}},
		{"spe_e5", []string{e5ID}},
		{"  Spe_E5\u00a0", []string{e5ID}},
		{"MCOPSTN5", []string{pstn5A, pstn5B}}, // sorted by name: "...Calling Domestic Small" < "...Domestic Calling"
		{"O365_w/o Teams Bundle_M3", []string{"c2fe850d-fbbb-4858-b67d-bd0c6e746da3"}},
		{"O365_w/o\u00a0Teams\u00a0Bundle_M3", []string{"c2fe850d-fbbb-4858-b67d-bd0c6e746da3"}},
		{"SPE_E", nil},
		{"Microsoft 365 E5", nil},
		{e5ID, nil},
		{"", nil},
	}
	for _, tt := range tests {
		if got := skuIDs(c.ByPartNumber(tt.in)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ByPartNumber(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestByName(t *testing.T) {
	t.Parallel()
	c := New(sampleProducts())
	tests := []struct {
		in   string
		want []string
	}{
		{"Microsoft 365 E5", []string{e5ID}},
		{"MICROSOFT 365 E5", []string{e5ID}},
		{"  microsoft 365 e3 ", []string{e3ID}},
		{"Microsoft 365 Apps for Business", []string{appsA, appsB}}, // same folded name: ordered by exact name
		{"Microsoft 365", nil},
		{"SPE_E5", nil},
		{"", nil},
	}
	for _, tt := range tests {
		if got := skuIDs(c.ByName(tt.in)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ByName(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestProductsSortedByName(t *testing.T) {
	t.Parallel()
	var names []string
	for _, p := range New(sampleProducts()).Products() {
		names = append(names, p.Name)
	}
	want := []string{
		"Microsoft 365 Apps for Business",
		"Microsoft 365 Apps for business",
		"Microsoft 365 E3",
		"Microsoft 365 E3 EEA (no Teams)",
		"Microsoft 365 E5",
		"Skype for Business PSTN Calling Domestic Small",
		"Skype for Business PSTN Domestic Calling (120 Minutes)",
	}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("Products() names = %q, want %q", names, want)
	}
}

func TestCallersCannotChangeCatalog(t *testing.T) {
	t.Parallel()
	c := New(sampleProducts())
	p, _ := c.ByID(e5ID)
	p.Plans[0].Name = "CHANGED"
	c.Products()[4].Plans[0].Name = "CHANGED"
	c.ByPartNumber("SPE_E5")[0].Plans[0].Name = "CHANGED"
	if got, _ := c.ByID(e5ID); got.Plans[0].Name != "EXCHANGE_S_ENTERPRISE" {
		t.Errorf("plan name = %q after callers changed their copies", got.Plans[0].Name)
	}
}

func TestMerge(t *testing.T) {
	t.Parallel()
	base := New([]Product{
		{SkuID: e5ID, PartNumber: "SPE_E5", Name: "Microsoft 365 E5 (old)"},
		{SkuID: e3ID, PartNumber: "SPE_E3", Name: "Microsoft 365 E3"},
	})
	update := New([]Product{
		{SkuID: e5ID, PartNumber: "SPE_E5", Name: "Microsoft 365 E5",
			Plans: []Plan{{ID: exoPlan, Name: "EXCHANGE_S_ENTERPRISE"}}},
		{SkuID: pstn5A, PartNumber: "MCOPSTN5", Name: "Skype for Business PSTN Calling Domestic Small"},
	})
	m := base.Merge(update)
	tests := []struct {
		id, name string
		plans    int
	}{
		{e5ID, "Microsoft 365 E5", 1}, // other wins
		{e3ID, "Microsoft 365 E3", 0}, // kept from base
		{pstn5A, "Skype for Business PSTN Calling Domestic Small", 0},
	}
	if m.Len() != len(tests) {
		t.Errorf("merged Len() = %d, want %d", m.Len(), len(tests))
	}
	for _, tt := range tests {
		p, ok := m.ByID(tt.id)
		if !ok || p.Name != tt.name || len(p.Plans) != tt.plans {
			t.Errorf("merged ByID(%s) = %q with %d plans, %v; want %q with %d plans", tt.id, p.Name, len(p.Plans), ok, tt.name, tt.plans)
		}
	}
	if got := m.ByName("Microsoft 365 E5 (old)"); got != nil {
		t.Errorf("merged ByName(old name) = %v, want nothing", got)
	}
	if p, _ := base.ByID(e5ID); p.Name != "Microsoft 365 E5 (old)" || base.Len() != 2 {
		t.Errorf("Merge changed its receiver: %q, Len %d", p.Name, base.Len())
	}
	if update.Len() != 2 {
		t.Errorf("Merge changed its argument: Len %d", update.Len())
	}
	if base.Merge(nil) != base {
		t.Error("Merge(nil) should return the receiver")
	}
}

func TestEmptyCatalog(t *testing.T) {
	t.Parallel()
	c := New(nil)
	if c.Len() != 0 || len(c.Products()) != 0 {
		t.Errorf("New(nil): Len %d, Products %v", c.Len(), c.Products())
	}
	if _, ok := c.ByID(e5ID); ok {
		t.Error("ByID found a product in an empty catalog")
	}
	if c.Merge(New(sampleProducts())).Len() != 7 {
		t.Error("empty.Merge(sample) should hold the 7 sample products")
	}
}
