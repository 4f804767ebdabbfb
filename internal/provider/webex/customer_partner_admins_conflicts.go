package webex

import (
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	webexapi "github.com/partneradmin/terraform-provider-partneradmin/internal/client/webex"
)

// A partneradmin_webex_customer_partner_admins resource and a
// partneradmin_webex_partner_admin_assignment of the same customer undo each
// other. The provider sees only what one provider process plans: each
// resource notes its customer here as it plans, and whichever plans second
// warns. Other workspaces and other provider aliases are out of its sight.

type plannedCustomer struct {
	authoritative bool
	wanted        []string // person_ids of the authoritative resource (known ones)
	allKnown      bool
	assigned      []string // person_id of each assignment resource
}

var (
	plansMu sync.Mutex
	// One table per configured client (one per provider instance), so
	// provider instances in one test process do not see each other's plans.
	plans = map[*webexapi.Client]map[string]*plannedCustomer{}
)

func plannedFor(c *webexapi.Client, orgID string) *plannedCustomer {
	t := plans[c]
	if t == nil {
		t = map[string]*plannedCustomer{}
		plans[c] = t
	}
	k := idKey(orgID)
	if t[k] == nil {
		t[k] = &plannedCustomer{}
	}
	return t[k]
}

// noteAuthoritativePlan records the authoritative resource's plan and warns
// about assignment resources of the same customer planned before it.
func noteAuthoritativePlan(c *webexapi.Client, orgID string, wanted []string, allKnown bool, diags *diag.Diagnostics) {
	plansMu.Lock()
	defer plansMu.Unlock()
	p := plannedFor(c, orgID)
	p.authoritative, p.wanted, p.allKnown = true, wanted, allKnown
	if len(p.assigned) > 0 {
		diags.AddAttributeWarning(path.Root("org_id"), "Conflicting resources for one customer", conflictDetail(orgID, p, p.assigned))
	}
}

// noteAssignmentPlanned records an assignment resource's plan and warns when
// an authoritative resource of the same customer was planned before it.
func noteAssignmentPlanned(c *webexapi.Client, orgID, personID string, diags *diag.Diagnostics) {
	plansMu.Lock()
	defer plansMu.Unlock()
	p := plannedFor(c, orgID)
	p.assigned = append(p.assigned, personID)
	if p.authoritative {
		diags.AddAttributeWarning(path.Root("org_id"), "Conflicting resources for one customer", conflictDetail(orgID, p, []string{personID}))
	}
}

func conflictDetail(orgID string, p *plannedCustomer, persons []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "This plan has both partneradmin_webex_customer_partner_admins (authoritative: it unassigns every partner admin "+
		"it does not list) and partneradmin_webex_partner_admin_assignment for customer organization %s. They undo each other:\n", orgID)
	for _, person := range persons {
		switch {
		case !p.allKnown:
			fmt.Fprintf(&b, "  - %s: assigned by an assignment resource; the authoritative resource unassigns it unless its person_ids lists it.\n", person)
		case containsID(p.wanted, person):
			fmt.Fprintf(&b, "  - %s: listed by both; destroying the assignment resource unassigns a person the authoritative resource declares.\n", person)
		default:
			fmt.Fprintf(&b, "  - %s: assigned by an assignment resource, and not in the authoritative resource's person_ids, so it "+
				"unassigns it: every apply undoes the other.\n", person)
		}
	}
	b.WriteString("\nManage the customer's partner admins with one of the two: list the person in person_ids and remove the assignment resource (with a removed block, so destroy does not unassign it), or drop the authoritative resource.")
	return b.String()
}
