package catalog

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

const header = "Product_Display_Name,String_Id,GUID,Service_Plan_Name,Service_Plan_Id,Service_Plans_Included_Friendly_Names\n"

// Rows of Microsoft's CSV used by the tests below.
const (
	e5Exo   = "Microsoft 365 E5,SPE_E5,06ebc4ee-1bb5-47dd-8120-11324bc54e06,EXCHANGE_S_ENTERPRISE,efb87545-963c-4e0d-99df-69c6916d9eb0,Exchange Online (Plan 2)\n"
	e5Teams = "Microsoft 365 E5,SPE_E5,06ebc4ee-1bb5-47dd-8120-11324bc54e06,TEAMS1,57ff2da0-773e-42df-b2af-ffb7a2317929,Microsoft Teams\n"
	e3Exo   = "Microsoft 365 E3,SPE_E3,05e9a617-0261-4cee-bb44-138d3ef5d965,EXCHANGE_S_ENTERPRISE,efb87545-963c-4e0d-99df-69c6916d9eb0,Exchange Online (Plan 2)\n"
)

var (
	planExo   = Plan{ID: "efb87545-963c-4e0d-99df-69c6916d9eb0", Name: "EXCHANGE_S_ENTERPRISE", FriendlyName: "Exchange Online (Plan 2)"}
	planTeams = Plan{ID: "57ff2da0-773e-42df-b2af-ffb7a2317929", Name: "TEAMS1", FriendlyName: "Microsoft Teams"}
	prodE5    = Product{SkuID: e5ID, PartNumber: "SPE_E5", Name: "Microsoft 365 E5", Plans: []Plan{planExo, planTeams}}
	prodE3    = Product{SkuID: e3ID, PartNumber: "SPE_E3", Name: "Microsoft 365 E3", Plans: []Plan{planExo}}
)

func TestReadCSV(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want []Product
	}{
		{"plain LF", header + e5Exo + e5Teams + e3Exo, []Product{prodE3, prodE5}},
		{"UTF-8 BOM", "\xEF\xBB\xBF" + header + e5Exo + e5Teams + e3Exo, []Product{prodE3, prodE5}},
		{"CRLF", strings.ReplaceAll(header+e5Exo+e5Teams+e3Exo, "\n", "\r\n"), []Product{prodE3, prodE5}},
		{"BOM and CRLF", "\xEF\xBB\xBF" + strings.ReplaceAll(header+e5Exo+e5Teams+e3Exo, "\n", "\r\n"), []Product{prodE3, prodE5}},
		{"no final newline", header + e5Exo + strings.TrimSuffix(e5Teams, "\n"), []Product{prodE5}},
		{"blank lines skipped", header + "\n" + e5Exo + "\r\n\r\n" + e5Teams, []Product{prodE5}},
		{"rows of one GUID not adjacent", header + e5Exo + e3Exo + e5Teams, []Product{prodE3, prodE5}},
		{"duplicate plan row keeps the first",
			header + e5Exo + e5Teams + "Microsoft 365 E5,SPE_E5,06ebc4ee-1bb5-47dd-8120-11324bc54e06,TEAMS_OLD,57ff2da0-773e-42df-b2af-ffb7a2317929,Old Teams\n",
			[]Product{prodE5}},
		{"quoted name with commas",
			header + `"Dynamics 365 Field Service, Enterprise Edition - Resource Scheduling Optimization",CRM_AUTO_ROUTING_ADDON,977464c4-bfaf-4b67-b761-a9bb735a2196,CRM_AUTO_ROUTING_ENGINE_ADDON,24435e4b-87d0-4d7d-8beb-63a9b1573022,"Field Service – Automated Routing Engine Add-On"` + "\n",
			[]Product{{SkuID: "977464c4-bfaf-4b67-b761-a9bb735a2196", PartNumber: "CRM_AUTO_ROUTING_ADDON",
				Name:  "Dynamics 365 Field Service, Enterprise Edition - Resource Scheduling Optimization",
				Plans: []Plan{{ID: "24435e4b-87d0-4d7d-8beb-63a9b1573022", Name: "CRM_AUTO_ROUTING_ENGINE_ADDON", FriendlyName: "Field Service – Automated Routing Engine Add-On"}}}}},
		{"escaped quotes in a quoted field",
			header + `"Microsoft 365 ""E5""",SPE_E5,06ebc4ee-1bb5-47dd-8120-11324bc54e06,,,` + "\n",
			[]Product{{SkuID: e5ID, PartNumber: "SPE_E5", Name: `Microsoft 365 "E5"`}}},
		{"trailing spaces around values",
			header + "Microsoft 365 E5 , SPE_E5 ,06ebc4ee-1bb5-47dd-8120-11324bc54e06 , EXCHANGE_S_ENTERPRISE ,efb87545-963c-4e0d-99df-69c6916d9eb0 ,Exchange Online (Plan 2) \n",
			[]Product{{SkuID: e5ID, PartNumber: "SPE_E5", Name: "Microsoft 365 E5", Plans: []Plan{planExo}}}},
		{"no-break spaces around ids",
			header + "Microsoft Teams Shared Devices for Faculty,MCOCAP_FACULTY\u00a0,420c7602-7f70-4895-9394-d3d679ea36fb\u00a0,EXCHANGE_S_ENTERPRISE,\u00a0efb87545-963c-4e0d-99df-69c6916d9eb0,Exchange Online (Plan 2)\n",
			[]Product{{SkuID: "420c7602-7f70-4895-9394-d3d679ea36fb", PartNumber: "MCOCAP_FACULTY", Name: "Microsoft Teams Shared Devices for Faculty", Plans: []Plan{planExo}}}},
		{"no-break spaces inside a part number and a plan name become spaces",
			header + "Microsoft 365 E3 EEA (no Teams),O365_w/o\u00a0Teams\u00a0Bundle_M3,c2fe850d-fbbb-4858-b67d-bd0c6e746da3,CDS_CUSTOMER_INSIGHTS_BASE,d04ca659-b119-4a92-b8fc-3ede584a9d65,Dataverse for Customer Insights\u00a0BASE\n",
			[]Product{{SkuID: "c2fe850d-fbbb-4858-b67d-bd0c6e746da3", PartNumber: "O365_w/o Teams Bundle_M3", Name: "Microsoft 365 E3 EEA (no Teams)",
				Plans: []Plan{{ID: "d04ca659-b119-4a92-b8fc-3ede584a9d65", Name: "CDS_CUSTOMER_INSIGHTS_BASE", FriendlyName: "Dataverse for Customer Insights BASE"}}}}},
		{"upper-case and braced GUIDs",
			header + "Microsoft 365 E5,SPE_E5,{06EBC4EE-1BB5-47DD-8120-11324BC54E06},EXCHANGE_S_ENTERPRISE,EFB87545-963C-4E0D-99DF-69C6916D9EB0,Exchange Online (Plan 2)\n" + e5Teams,
			[]Product{prodE5}},
		{"one part number with two GUIDs gives two products",
			header +
				"Skype for Business PSTN Calling Domestic Small,MCOPSTN5,d43177b5-475b-4880-92d4-d54c27b5efbd,MCOPSTN5,54a152dc-90de-4996-93d2-bc47e670fc06,DOMESTIC CALLING PLAN (120 min)\n" +
				"Skype for Business PSTN Domestic Calling (120 Minutes),MCOPSTN5,54a152dc-90de-4996-93d2-bc47e670fc06,MCOPSTN5,54a152dc-90de-4996-93d2-bc47e670fc06,DOMESTIC CALLING PLAN (120 min)\n",
			[]Product{
				{SkuID: pstn5A, PartNumber: "MCOPSTN5", Name: "Skype for Business PSTN Calling Domestic Small",
					Plans: []Plan{{ID: pstn5B, Name: "MCOPSTN5", FriendlyName: "DOMESTIC CALLING PLAN (120 min)"}}},
				{SkuID: pstn5B, PartNumber: "MCOPSTN5", Name: "Skype for Business PSTN Domestic Calling (120 Minutes)",
					Plans: []Plan{{ID: pstn5B, Name: "MCOPSTN5", FriendlyName: "DOMESTIC CALLING PLAN (120 min)"}}},
			}},
		{"product name and part number come from the first row",
			header + e5Exo + "Renamed,SPE_E5_X,06ebc4ee-1bb5-47dd-8120-11324bc54e06,TEAMS1,57ff2da0-773e-42df-b2af-ffb7a2317929,Microsoft Teams\n",
			[]Product{prodE5}},
		{"product without service plans",
			header + "Microsoft 365 E5,SPE_E5,06ebc4ee-1bb5-47dd-8120-11324bc54e06,,,\n",
			[]Product{{SkuID: e5ID, PartNumber: "SPE_E5", Name: "Microsoft 365 E5"}}},
		{"plan without names",
			header + "Microsoft 365 E5,SPE_E5,06ebc4ee-1bb5-47dd-8120-11324bc54e06,,efb87545-963c-4e0d-99df-69c6916d9eb0,\n",
			[]Product{{SkuID: e5ID, PartNumber: "SPE_E5", Name: "Microsoft 365 E5", Plans: []Plan{{ID: planExo.ID}}}}},
		{"header names in other case and with spaces",
			"product_display_name, STRING_ID ,guid,service_plan_name,SERVICE_PLAN_ID,service_plans_included_friendly_names\n" + e5Exo + e5Teams,
			[]Product{prodE5}},
		{"columns in another order, extra column ignored",
			"GUID,Notes,String_Id,Product_Display_Name,Service_Plan_Id,Service_Plan_Name,Service_Plans_Included_Friendly_Names\n" +
				"06ebc4ee-1bb5-47dd-8120-11324bc54e06,x,SPE_E5,Microsoft 365 E5,efb87545-963c-4e0d-99df-69c6916d9eb0,EXCHANGE_S_ENTERPRISE,Exchange Online (Plan 2)\n",
			[]Product{{SkuID: e5ID, PartNumber: "SPE_E5", Name: "Microsoft 365 E5", Plans: []Plan{planExo}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ReadCSV(strings.NewReader(tt.in), "skus.csv")
			if err != nil {
				t.Fatalf("ReadCSV: %v", err)
			}
			if got := c.Products(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("products:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestReadCSVErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want string
		line int
	}{
		{"empty file", "", "skus.csv: the file is empty", 0},
		{"only a BOM", "\xEF\xBB\xBF", "skus.csv: the file is empty", 0},
		{"only blank lines", "\r\n\r\n", "skus.csv: the file is empty", 0},
		{"header only", header, "skus.csv: the file has a header but no products", 0},
		{"header only after BOM, CRLF", "\xEF\xBB\xBF" + strings.ReplaceAll(header, "\n", "\r\n"), "skus.csv: the file has a header but no products", 0},
		{"not Microsoft's header",
			"UserPrincipalName,DisplayName\nada@contoso.com,Ada\n",
			`skus.csv, line 1: not Microsoft's product and service plan CSV: missing columns Product_Display_Name, String_Id, GUID, Service_Plan_Name, Service_Plan_Id, Service_Plans_Included_Friendly_Names; found columns "UserPrincipalName", "DisplayName"`, 1},
		{"one column missing",
			"Product_Display_Name,String_Id,GUID,Service_Plan_Name,Service_Plan_Id\n",
			`skus.csv, line 1: not Microsoft's product and service plan CSV: missing column Service_Plans_Included_Friendly_Names; found columns "Product_Display_Name", "String_Id", "GUID", "Service_Plan_Name", "Service_Plan_Id"`, 1},
		{"data where the header should be", e5Exo + e5Teams,
			`skus.csv, line 1: not Microsoft's product and service plan CSV: missing columns Product_Display_Name, String_Id, GUID, Service_Plan_Name, Service_Plan_Id, Service_Plans_Included_Friendly_Names; found columns "Microsoft 365 E5", "SPE_E5", "06ebc4ee-1bb5-47dd-8120-11324bc54e06", "EXCHANGE_S_ENTERPRISE", "efb87545-963c-4e0d-99df-69c6916d9eb0", "Exchange Online (Plan 2)"`, 1},
		{"malformed product GUID",
			header + e5Exo + "Microsoft 365 E3,SPE_E3,05e9a617-0261-4cee-bb44-138d3ef5d96,EXCHANGE_S_ENTERPRISE,efb87545-963c-4e0d-99df-69c6916d9eb0,Exchange Online (Plan 2)\n",
			`skus.csv, line 3: "05e9a617-0261-4cee-bb44-138d3ef5d96" in column GUID is not a GUID`, 3},
		{"malformed plan GUID, CRLF",
			strings.ReplaceAll(header+e5Exo+e5Teams+"Microsoft 365 E3,SPE_E3,05e9a617-0261-4cee-bb44-138d3ef5d965,EXCHANGE_S_ENTERPRISE,EXCHANGE,Exchange Online (Plan 2)\n", "\n", "\r\n"),
			`skus.csv, line 4: "EXCHANGE" in column Service_Plan_Id is not a GUID`, 4},
		{"empty product GUID",
			header + "Microsoft 365 E5,SPE_E5,,EXCHANGE_S_ENTERPRISE,efb87545-963c-4e0d-99df-69c6916d9eb0,Exchange Online (Plan 2)\n",
			"skus.csv, line 2: column GUID is empty", 2},
		{"plan name without plan id",
			header + "Microsoft 365 E5,SPE_E5,06ebc4ee-1bb5-47dd-8120-11324bc54e06,EXCHANGE_S_ENTERPRISE,,Exchange Online (Plan 2)\n",
			"skus.csv, line 2: column Service_Plan_Id is empty", 2},
		{"empty part number",
			header + "Microsoft 365 E5,,06ebc4ee-1bb5-47dd-8120-11324bc54e06,EXCHANGE_S_ENTERPRISE,efb87545-963c-4e0d-99df-69c6916d9eb0,Exchange Online (Plan 2)\n",
			"skus.csv, line 2: column String_Id is empty", 2},
		{"too few fields",
			header + e5Exo + "Microsoft 365 E3,SPE_E3,05e9a617-0261-4cee-bb44-138d3ef5d965\n",
			"skus.csv, line 3: wrong number of fields", 3},
		{"line counted after a quoted field spanning lines",
			header + "\"Microsoft\n365 E5\",SPE_E5,06ebc4ee-1bb5-47dd-8120-11324bc54e06,,,\nMicrosoft 365 E3,SPE_E3,bad,,,\n",
			`skus.csv, line 4: "bad" in column GUID is not a GUID`, 4},
		{"bare quote in an unquoted field",
			header + e5Exo + "Microsoft 365 \"E3\",SPE_E3,05e9a617-0261-4cee-bb44-138d3ef5d965,,,\n",
			`skus.csv, line 3: bare " in non-quoted-field`, 3},
		{"unterminated quote",
			header + e5Exo + "\"Microsoft 365 E3,SPE_E3,05e9a617-0261-4cee-bb44-138d3ef5d965,,,\n",
			`skus.csv, line 3: extraneous or missing " in quoted-field`, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ReadCSV(strings.NewReader(tt.in), "skus.csv")
			if err == nil {
				t.Fatalf("ReadCSV succeeded with %d products, want error %q", c.Len(), tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error:\n got %s\nwant %s", err, tt.want)
			}
			var pe *ParseError
			if !errors.As(err, &pe) || pe.File != "skus.csv" || pe.Line != tt.line {
				t.Errorf("error %#v: want a *ParseError for skus.csv at line %d", err, tt.line)
			}
		})
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestReadCSVReadError(t *testing.T) {
	t.Parallel()
	_, err := ReadCSV(failingReader{}, "skus.csv")
	if err == nil || err.Error() != "skus.csv: disk on fire" {
		t.Errorf("ReadCSV(failing reader) error = %v, want %q", err, "skus.csv: disk on fire")
	}
}

func TestWriteCSVRoundTrip(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		products []Product
		want     string
	}{
		{"plans and a product without plans",
			[]Product{prodE5, {SkuID: e3ID, PartNumber: "SPE_E3", Name: "Microsoft 365 E3"}},
			header +
				"Microsoft 365 E3,SPE_E3,05e9a617-0261-4cee-bb44-138d3ef5d965,,,\n" +
				e5Exo + e5Teams},
		{"quotes where needed",
			[]Product{{SkuID: e5ID, PartNumber: "SPE_E5", Name: `Microsoft 365 "E5", full`,
				Plans: []Plan{{ID: planExo.ID, Name: "EXCHANGE_S_ENTERPRISE", FriendlyName: "Exchange, Plan 2"}}}},
			header + `"Microsoft 365 ""E5"", full",SPE_E5,06ebc4ee-1bb5-47dd-8120-11324bc54e06,EXCHANGE_S_ENTERPRISE,efb87545-963c-4e0d-99df-69c6916d9eb0,"Exchange, Plan 2"` + "\n"},
		{"empty catalog", nil, header},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := New(tt.products)
			var buf bytes.Buffer
			if err := c.WriteCSV(&buf); err != nil {
				t.Fatalf("WriteCSV: %v", err)
			}
			if buf.String() != tt.want {
				t.Errorf("WriteCSV:\n got %q\nwant %q", buf.String(), tt.want)
			}
			if c.Len() == 0 {
				return
			}
			back, err := ReadCSV(&buf, "written.csv")
			if err != nil {
				t.Fatalf("ReadCSV of WriteCSV output: %v", err)
			}
			if !reflect.DeepEqual(back.Products(), c.Products()) {
				t.Errorf("round trip:\n got %+v\nwant %+v", back.Products(), c.Products())
			}
		})
	}
}
