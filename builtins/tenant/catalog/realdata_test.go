package catalog

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"
)

// microsoftCSV is Microsoft's "Product names and service plan identifiers for
// licensing" file as downloaded, kept next to the repository rather than in
// it. A clone without it skips these tests.
const microsoftCSV = "../../../../shared/data/Product names and service plan identifiers for licensing.csv"

func readMicrosoftCSV(tb testing.TB) []byte {
	tb.Helper()
	data, err := os.ReadFile(microsoftCSV)
	if os.IsNotExist(err) {
		tb.Skipf("Microsoft's CSV is not at %s; download it from learn.microsoft.com to run this test", microsoftCSV)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

func TestMicrosoftCSV(t *testing.T) {
	t.Parallel()
	data := readMicrosoftCSV(t)
	c, err := ReadCSV(bytes.NewReader(data), "licensing.csv")
	if err != nil {
		t.Fatalf("ReadCSV: %v", err)
	}
	// 5,457 rows of 569 distinct product GUIDs (counted independently of this package).
	if c.Len() != 569 {
		t.Errorf("Len() = %d, want 569", c.Len())
	}
	tests := []struct {
		partNumber string
		skuID      string
		name       string
		plans      int
		why        string
	}{
		{"SPE_E5", "06ebc4ee-1bb5-47dd-8120-11324bc54e06", "Microsoft 365 E5", 86, "the flagship suite"},
		{"ENTERPRISEPACK", "6fd2c87f-b296-42f0-b197-1e91e994b900", "Office 365 E3", 36, ""},
		{"MCOCAP_FACULTY", "420c7602-7f70-4895-9394-d3d679ea36fb", "Microsoft Teams Shared Devices for Faculty", 7,
			"no-break space after the GUID and the part number"},
		{"AAD_PREMIUM_USGOV_GCCHIGH", "de597797-22fb-4d65-a9fe-b7dbe8893914", "Microsoft Entra ID P1_USGOV_GCCHIGH", 0,
			"trailing space after the part number"},
		{"O365_w/o Teams Bundle_M3", "c2fe850d-fbbb-4858-b67d-bd0c6e746da3", "Microsoft 365 E3 EEA (no Teams)", 44,
			"no-break spaces inside the part number"},
		{"CRM_AUTO_ROUTING_ADDON", "977464c4-bfaf-4b67-b761-a9bb735a2196",
			"Dynamics 365 Field Service, Enterprise Edition - Resource Scheduling Optimization", 0, "quoted name with a comma"},
		{"PROJECTPREMIUM_FACULTY", "930cc132-4d6b-4d8c-8818-587d17c50d56", "Project Plan 5 for faculty", 8,
			"five plans listed twice"},
		{"BUSINESS_VOICE_DIRECTROUTING", "d52db95a-5ecb-46b6-beb0-190ab5cda4a8", "Microsoft 365 Business Voice (without Calling Plan)", 2,
			"rows split in two runs"},
	}
	for _, tt := range tests {
		p, ok := c.ByID(tt.skuID)
		if !ok {
			t.Errorf("%s (%s): GUID %s not found", tt.partNumber, tt.why, tt.skuID)
			continue
		}
		if p.PartNumber != tt.partNumber || p.Name != tt.name {
			t.Errorf("%s (%s): got part number %q, name %q; want %q, %q", tt.skuID, tt.why, p.PartNumber, p.Name, tt.partNumber, tt.name)
		}
		if tt.plans > 0 && len(p.Plans) != tt.plans {
			t.Errorf("%s (%s): %d plans, want %d", tt.partNumber, tt.why, len(p.Plans), tt.plans)
		}
		if got := c.ByPartNumber(strings.ToLower(tt.partNumber)); len(got) != 1 || got[0].SkuID != tt.skuID {
			t.Errorf("ByPartNumber(%q) = %v, want only %s", strings.ToLower(tt.partNumber), skuIDs(got), tt.skuID)
		}
	}

	// MCOPSTN5 is the one part number Microsoft lists under two GUIDs.
	want := []string{"d43177b5-475b-4880-92d4-d54c27b5efbd", "54a152dc-90de-4996-93d2-bc47e670fc06"}
	if got := skuIDs(c.ByPartNumber("MCOPSTN5")); !reflect.DeepEqual(got, want) {
		t.Errorf("ByPartNumber(MCOPSTN5) = %v, want %v", got, want)
	}
	for _, p := range c.Products() {
		if n := len(c.ByPartNumber(p.PartNumber)); n != 1 && p.PartNumber != "MCOPSTN5" {
			t.Errorf("part number %s has %d products; only MCOPSTN5 should have more than one", p.PartNumber, n)
		}
	}

	e5, _ := c.ByID("06ebc4ee-1bb5-47dd-8120-11324bc54e06")
	if !hasPlan(e5, Plan{ID: "efb87545-963c-4e0d-99df-69c6916d9eb0", Name: "EXCHANGE_S_ENTERPRISE", FriendlyName: "Exchange Online (Plan 2)"}) {
		t.Errorf("Microsoft 365 E5 lacks Exchange Online (Plan 2): %+v", e5.Plans)
	}
}

// TestBuiltinMatchesMicrosoftCSV catches drift between the embedded catalog
// and Microsoft's file: run go generate after downloading a new one.
func TestBuiltinMatchesMicrosoftCSV(t *testing.T) {
	t.Parallel()
	data := readMicrosoftCSV(t)
	ms, err := ReadCSV(bytes.NewReader(data), "licensing.csv")
	if err != nil {
		t.Fatalf("ReadCSV: %v", err)
	}
	for _, p := range Builtin().Products() {
		want, ok := ms.ByID(p.SkuID)
		if !ok {
			t.Errorf("built-in %s (%s) is not in Microsoft's CSV", p.PartNumber, p.SkuID)
			continue
		}
		if !reflect.DeepEqual(p, want) {
			t.Errorf("built-in %s differs from Microsoft's CSV:\n built-in  %+v\n Microsoft %+v", p.PartNumber, p, want)
		}
		for _, other := range ms.ByPartNumber(p.PartNumber) {
			if _, ok := Builtin().ByID(other.SkuID); !ok {
				t.Errorf("built-in catalog has %s as %s but not as %s", p.PartNumber, p.SkuID, other.SkuID)
			}
		}
	}
}

func hasPlan(p Product, want Plan) bool {
	for _, pl := range p.Plans {
		if pl == want {
			return true
		}
	}
	return false
}

func BenchmarkReadCSV(b *testing.B) {
	data := readMicrosoftCSV(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ReadCSV(bytes.NewReader(data), "licensing.csv"); err != nil {
			b.Fatal(err)
		}
	}
}
