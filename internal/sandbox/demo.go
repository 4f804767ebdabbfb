package sandbox

import "strings"

// Fixed UUIDs of the demo objects, so docs and examples can show the same
// encoded IDs that `cmd/sandbox -demo` prints. Encode them with
// webexid.Encode("us", webexid.TypeOrganization or TypePeople, uuid).
var (
	DemoAcmeOrgUUID   = "0a11ce00-0000-4000-8000-00000000ac3e"
	DemoGlobexOrgUUID = "0a11ce00-0000-4000-8000-0000006106e8"
	DemoAliceUUID     = "0a11ce00-0000-4000-8000-0000000a11ce"
	DemoBobUUID       = "0a11ce00-0000-4000-8000-000000000b0b"
	DemoFionaUUID     = "0a11ce00-0000-4000-8000-0000000f10aa"
	DemoCarolUUID     = "0a11ce00-0000-4000-8000-0000000ca201"
	DemoGinaUUID      = "0a11ce00-0000-4000-8000-0000000061aa"
)

// DemoData holds the canonical encoded IDs of the demo objects.
type DemoData struct {
	PartnerOrgID string `json:"partnerOrgId"` // the partner org every demo person belongs to
	AcmeOrgID    string `json:"acmeOrgId"`    // customer "Acme Corp"
	GlobexOrgID  string `json:"globexOrgId"`  // customer "Globex"
	AliceID      string `json:"aliceId"`      // partner_admin, Calling, EXECUTIVE
	BobID        string `json:"bobId"`        // partner_admin, Calling, EXECUTIVE_ASSISTANT
	FionaID      string `json:"fionaId"`      // partner_full_admin (not assignable)
	CarolID      string `json:"carolId"`      // no partner role, no Calling
	GinaID       string `json:"ginaId"`       // a Calling user of the customer Acme Corp, UNASSIGNED

	BlueXPPartnershipID string `json:"bluexpPartnershipId"` // partnership "Acme storage"
	BlueXPDanaID        string `json:"bluexpDanaId"`        // BlueXP user dana@msp.example.com
	BlueXPEvanEmail     string `json:"bluexpEvanEmail"`     // BlueXP user named by email
	BlueXPFayAuth0ID    string `json:"bluexpFayAuth0Id"`    // BlueXP user named by auth0_id
	BlueXPGusAADID      string `json:"bluexpGusAadId"`      // BlueXP user named by aad_id

	CloudCockpitProviderInstanceID string `json:"cloudcockpitProviderInstanceId"`
	CloudCockpitRelationshipID     string `json:"cloudcockpitRelationshipId"` // active GDAP relationship
	CloudCockpitCustomerID         string `json:"cloudcockpitCustomerId"`     // customer "Contoso", with GDAP relationships of its own
}

// Fixed IDs of the BlueXP and CloudCockpit demo objects.
var (
	DemoBlueXPPartnershipID            = "666a3f38-d4fa-5b62-a391-a69029758d32"
	DemoBlueXPDanaID                   = "e837c373-2ec4-47a8-b016-ba430ebce321"
	DemoCloudCockpitProviderInstanceID = "9a2d5e7f-0000-4000-8000-000000000003"
	DemoCloudCockpitRelationshipID     = "6f1b3c2a-0000-4000-8000-000000000001-2c4e6a80-0000-4000-8000-000000000002"
	// The users examples/resources/partneradmin_bluexp_resource_admins
	// names by each kind of identifier, so that every example applies here.
	DemoBlueXPOpsEmail = "ops@example.com"
	DemoBlueXPFayAuth0 = "auth0|5a09551d0d9ef535b823bd3f"
	DemoBlueXPGusAADID = "8cb0fe27-0000-4000-8000-000000000001"
	// Contoso, the customer of the GDAP relationships data source's example:
	// an active relationship of its own (the access assignment example uses
	// DemoCloudCockpitRelationshipID, and an assignment cannot be removed, so
	// the two examples must not share one) and an expired one to skip.
	DemoCloudCockpitCustomerID            = "c0270500-0000-4000-8000-000000000004"
	DemoCloudCockpitContosoRelationshipID = "6f1b3c2a-0000-4000-8000-000000000007-2c4e6a80-0000-4000-8000-000000000008"
	DemoCloudCockpitOldRelationshipID     = "6f1b3c2a-0000-4000-8000-000000000005-2c4e6a80-0000-4000-8000-000000000006"
)

// SeedDemo creates the demo objects; calling it again resets their
// attributes but keeps assignments. Nobody is assigned initially, so the
// examples' first apply creates every assignment.
func (s *Server) SeedDemo() DemoData {
	st := s.webex
	must := func(id string, err error) string {
		if err != nil {
			panic(err) // constant inputs; a failure is a bug in this file
		}
		return id
	}
	person := func(uuid, first, last, role string, calling bool, ea string) string {
		return must(st.AddPersonWithID(uuid, Person{
			DisplayName: first + " " + last, FirstName: first, LastName: last,
			Emails:      []string{strings.ToLower(first) + "@partner.example.com"},
			PartnerRole: role, Calling: calling, ExecutiveAssistantType: ea,
		}))
	}
	acme := must(st.AddOrgWithID(DemoAcmeOrgUUID, "Acme Corp"))
	bx := s.bluexp
	bx.AddPartnership(DemoBlueXPPartnershipID, "Acme storage")
	bx.AddUser(BlueXPUser{ID: DemoBlueXPDanaID, Name: "Dana Diaz", Email: "dana@msp.example.com"})
	bx.AddUser(BlueXPUser{Name: "Evan Ernst", Email: "evan@msp.example.com"})
	bx.AddUser(BlueXPUser{Name: "MSP Operations", Email: DemoBlueXPOpsEmail})
	bx.AddUser(BlueXPUser{Name: "Fay Fischer", Email: "fay@msp.example.com", Auth0ID: DemoBlueXPFayAuth0})
	bx.AddUser(BlueXPUser{Name: "Gus Grant", Email: "gus@msp.example.com", AADID: DemoBlueXPGusAADID})
	s.cc.AddRelationship(DemoCloudCockpitProviderInstanceID, DemoCloudCockpitRelationshipID, RelationshipActive)
	s.cc.AddRelationship(DemoCloudCockpitProviderInstanceID, DemoCloudCockpitContosoRelationshipID, RelationshipActive)
	s.cc.AddRelationship(DemoCloudCockpitProviderInstanceID, DemoCloudCockpitOldRelationshipID, "expired")
	s.cc.AddProviderInstance(CloudCockpitProviderInstance{ID: DemoCloudCockpitProviderInstanceID, Alias: "Microsoft CSP",
		OfferTypes: []string{"license", "azure"}, SupportedCountries: []string{"PT", "ES"}})
	for _, rel := range []struct{ id, name string }{{DemoCloudCockpitContosoRelationshipID, "Contoso GDAP"}, {DemoCloudCockpitOldRelationshipID, "Contoso GDAP 2023"}} {
		s.cc.SetRelationshipDetails(DemoCloudCockpitProviderInstanceID, rel.id, CloudCockpitRelationshipDetails{CustomerID: DemoCloudCockpitCustomerID,
			DisplayName: rel.name, Duration: "P730D", AutoExtendDuration: "P180D"})
	}
	return DemoData{
		BlueXPPartnershipID:            DemoBlueXPPartnershipID,
		BlueXPDanaID:                   DemoBlueXPDanaID,
		BlueXPEvanEmail:                "evan@msp.example.com",
		BlueXPFayAuth0ID:               DemoBlueXPFayAuth0,
		BlueXPGusAADID:                 DemoBlueXPGusAADID,
		CloudCockpitProviderInstanceID: DemoCloudCockpitProviderInstanceID,
		CloudCockpitRelationshipID:     DemoCloudCockpitRelationshipID,
		CloudCockpitCustomerID:         DemoCloudCockpitCustomerID,
		PartnerOrgID:                   st.PartnerOrgID(),
		AcmeOrgID:                      acme,
		GlobexOrgID:                    must(st.AddOrgWithID(DemoGlobexOrgUUID, "Globex")),
		AliceID:                        person(DemoAliceUUID, "Alice", "Anders", RolePartnerAdmin, true, EATypeExecutive),
		BobID:                          person(DemoBobUUID, "Bob", "Baker", RolePartnerAdmin, true, EATypeExecutiveAssistant),
		FionaID:                        person(DemoFionaUUID, "Fiona", "Fuller", RolePartnerFullAdmin, true, EATypeUnassigned),
		CarolID:                        person(DemoCarolUUID, "Carol", "Clark", "", false, EATypeUnassigned),
		GinaID: must(st.AddPersonWithID(DemoGinaUUID, Person{
			DisplayName: "Gina Gomez", FirstName: "Gina", LastName: "Gomez", Emails: []string{"gina@acme.example.com"},
			Calling: true, ExecutiveAssistantType: EATypeUnassigned, OrgID: acme,
		})),
	}
}
