package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

// faultMix faults about a quarter of vendor requests, across every mode.
var faultMix = sandbox.Faults{
	RateLimited: 0.07,
	Locked:      0.03,
	ServerError: 0.07,
	ResetBefore: 0.04,
	ResetAfter:  0.04,
}

// TestAccFaults_applyDestroyUnderFaults applies and destroys 120 resources
// across the three vendors (100 Webex assignments, 10 BlueXP partnerships of
// 2 ResourceAdmins, 10 CloudCockpit access assignments) with ~25% of
// requests faulted (fixed seed): everything converges, the sandbox's state
// equals the configuration after apply and is empty after destroy
// (CloudCockpit keeps its assignments: it has no removal API), and no grant
// is made twice.
func TestAccFaults_applyDestroyUnderFaults(t *testing.T) {
	const orgs, people = 10, 10
	e := newAccEnv(t, sandbox.Options{Seed: 20261123, Faults: faultMix})
	e.requireSandbox()
	st := e.sb.Webex()
	want := map[string]map[string]bool{} // org → person keys
	var hcl strings.Builder
	for o := range orgs {
		org := st.AddOrg(fmt.Sprintf("Customer %d", o))
		want[org] = map[string]bool{}
		for p := range people {
			person := st.AddPerson(sandbox.Person{DisplayName: fmt.Sprintf("Admin %d-%d", o, p), PartnerRole: sandbox.RolePartnerAdmin})
			id, _ := webexid.Parse(person)
			want[org][id.Key()] = true
			fmt.Fprintf(&hcl, "resource \"partneradmin_webex_partner_admin_assignment\" \"a%d_%d\" {\n  org_id    = %q\n  person_id = %q\n}\n", o, p, org, person)
		}
	}
	const partnerships, usersEach, relationships = 10, 2, 10
	bx, cc := e.sb.BlueXP(), e.sb.CloudCockpit()
	wantMembers := map[string]int{}
	for i := range partnerships {
		pid := bx.AddPartnership(client.NewUUID(), fmt.Sprintf("Partnership %d", i))
		wantMembers[pid] = usersEach
		fmt.Fprintf(&hcl, "resource \"partneradmin_bluexp_resource_admins\" \"p%d\" {\n  partnership_id = %q\n  users = [\n", i, pid)
		for u := range usersEach {
			fmt.Fprintf(&hcl, "    { user_id = %q },\n", bx.AddUser(sandbox.BlueXPUser{Name: fmt.Sprintf("User %d-%d", i, u)}))
		}
		hcl.WriteString("  ]\n}\n")
	}
	type rel struct{ pid, rid string }
	var rels []rel
	for i := range relationships {
		r := rel{client.NewUUID(), client.NewUUID()}
		cc.AddRelationship(r.pid, r.rid, sandbox.RelationshipActive)
		rels = append(rels, r)
		fmt.Fprintf(&hcl, "resource \"partneradmin_cloudcockpit_access_assignment\" \"r%d\" {\n  relationship_id = %q\n  provider_instance_id = %q\n}\n", i, r.rid, r.pid)
	}
	cfg := strings.Replace(e.config(hcl.String()), "max_retries = 3", "max_retries = 8", 1)

	sandboxMatchesConfig := func(*terraform.State) error {
		for org, people := range want {
			got := st.Assignments(org)
			if len(got) != len(people) {
				return fmt.Errorf("org %s has %d assignments, want %d", org, len(got), len(people))
			}
			for _, p := range got {
				id, _ := webexid.Parse(p)
				if !people[id.Key()] {
					return fmt.Errorf("org %s has unexpected assignment %s", org, p)
				}
			}
		}
		for pid, n := range wantMembers {
			if got := bx.Members(pid); len(got) != n {
				return fmt.Errorf("partnership %s has %d ResourceAdmins, want %d", pid, len(got), n)
			}
		}
		for _, r := range rels {
			if got := cc.Assignments(r.pid, r.rid); len(got) != 1 {
				return fmt.Errorf("relationship %s has %d access assignments, want 1", r.rid, len(got))
			}
		}
		return nil
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(s *terraform.State) error {
			for org := range want {
				if left := st.Assignments(org); len(left) != 0 {
					return fmt.Errorf("org %s still has %d assignments after destroy", org, len(left))
				}
			}
			for pid := range wantMembers {
				if left := bx.Members(pid); len(left) != 0 {
					return fmt.Errorf("partnership %s still has %d ResourceAdmins after destroy", pid, len(left))
				}
			}
			for _, r := range rels { // kept by design, and never duplicated
				if got := cc.Assignments(r.pid, r.rid); len(got) != 1 {
					return fmt.Errorf("relationship %s has %d access assignments after destroy, want 1", r.rid, len(got))
				}
			}
			return nil
		},
		Steps: []resource.TestStep{{Config: cfg, Check: sandboxMatchesConfig}},
	})

	// No grant was made twice: at most one POST per assignment changed state.
	granted := map[string]int{}
	requests, faults, attempts := 0, map[string]int{}, map[string]int{}
	for _, entry := range e.sb.Log() {
		requests++
		if entry.Fault != "" {
			faults[entry.Fault]++
		}
		attempts[entry.TrackingID]++
		if entry.Method == "POST" && entry.Acted {
			granted[entry.Path]++
		}
	}
	for p, n := range granted {
		if n != 1 {
			t.Errorf("%s granted %d times", p, n)
		}
	}
	if want := orgs*people + partnerships + relationships; len(granted) != want {
		t.Errorf("%d distinct grants, want %d", len(granted), want)
	}
	totalFaults := 0
	for _, n := range faults {
		totalFaults += n
	}
	retries := requests - len(attempts)
	t.Logf("under faults: %d resources, %d requests, %d faulted (%.0f%%) %v, %d retries", orgs*people+partnerships+relationships, requests, totalFaults, 100*float64(totalFaults)/float64(requests), faults, retries)
	if totalFaults < requests/6 {
		t.Errorf("only %d of %d requests were faulted; the test is not exercising faults", totalFaults, requests)
	}
}
