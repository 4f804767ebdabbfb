package bluexp

import (
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	bluexpapi "github.com/partneradmin/terraform-provider-partneradmin/internal/client/bluexp"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/shared"
)

// Who loses a role: removes (planned), other_members (read), and the
// removals of an exclusive resource.

// exclusiveDoc says what exclusive means, in the first lines of the docs.
func exclusiveDoc(noun string) string {
	return "With **`exclusive = true`** the resource is **authoritative**: `users` is the whole " + noun + " role. A " +
		noun + " added outside Terraform shows in the next plan (by user ID, in `other_members` and `removes`) and the " +
		"apply removes them. **Before any apply, `removes` lists the user ID of everyone who will lose the role**, on " +
		"create too (the plan reads the role's members from BlueXP), and apply removes no one else. Destroy still " +
		"removes only the users in `users`. Turning `exclusive` on for an existing resource plans the removals the same " +
		"way. A plan that cannot read the members (a wrong base URL, a refused request) fails, and removes no one. If a " +
		"user's identifier or `exclusive` is known only at apply, the plan cannot name who loses the role: `removes` is " +
		"`(known after apply)` and the plan warns, listing who holds the role now.\n\n"
}

// planRemovals fills removes (who this apply takes the role from) and empties
// other_members in the plan. Without exclusive, removes are the users dropped
// from users; with it, also every member no planned entry names, read from
// BlueXP (the refresh's read, through the read cache, when there was one).
func (r *adminsResource) planRemovals(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var plan adminsModel
	resp.Diagnostics.Append(resp.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("other_members"), idList(nil))...)
	if !req.State.Raw.IsNull() {
		// A plan that changes nothing keeps the removes state recorded (a
		// refresh empties it), or every plan without a refresh would show one.
		var recorded types.List
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("removes"), &recorded)...)
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("removes"), recorded)...)
		if resp.Diagnostics.HasError() || resp.Plan.Raw.Equal(req.State.Raw) {
			return
		}
	}
	unknown := func() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("removes"), types.ListUnknown(types.StringType))...)
	}
	if hasUnknown(plan.Users) || plan.Exclusive.IsUnknown() || plan.PartnershipID.IsUnknown() {
		unknown()
		r.warnRemovalsUnknown(ctx, plan, &resp.Diagnostics)
		return
	}
	planUsers, d := usersOf(ctx, plan.Users)
	resp.Diagnostics.Append(d...)
	known := map[string]string{}
	removes := map[string]string{} // lower-case ID → ID
	if !req.State.Raw.IsNull() {
		var state adminsModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		stateUsers, d := usersOf(ctx, state.Users)
		resp.Diagnostics.Append(d...)
		known = knownMembers(state.Members)
		if state.PartnershipID.ValueString() == plan.PartnershipID.ValueString() {
			stay := namedIDs(planUsers, known)
			_, _, dropped := diffUsers(stateUsers, planUsers, known)
			for _, u := range dropped {
				if id := idOf(u, known); id != "" && !stay[id] {
					removes[id] = known[u.key()]
					if removes[id] == "" {
						removes[id] = u.key() // a user_id entry
					}
				}
			}
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.Exclusive.ValueBool() {
		if r.bluexp == nil {
			unknown() // the provider is not configured yet; the apply's plan will know
			r.warnRemovalsUnknown(ctx, plan, &resp.Diagnostics)
			return
		}
		ctx, cancel := shared.WithTimeout(ctx, "read", plan.Timeouts.Read, readTimeout, &resp.Diagnostics)
		defer cancel()
		pid := plan.PartnershipID.ValueString()
		list, err := r.list(ctx, pid)
		if err != nil {
			if gone, proof := r.partnershipGone(ctx, pid, err); gone {
				err = proof
			}
			shared.AddClientError(&resp.Diagnostics, "Unable to read BlueXP "+r.role.noun+"s to plan who loses the role", err)
			return
		}
		for id := range othersOf(planUsers, list, known) {
			removes[strings.ToLower(id)] = id
		}
	}
	ids := make([]string, 0, len(removes))
	for _, id := range removes {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("removes"), idList(ids))...)
}

// warnRemovalsUnknown says, when an exclusive plan cannot name who loses the
// role (a value known only at apply), that everyone users does not name will,
// and who holds the role now, so the plan still shows who is at risk.
func (r *adminsResource) warnRemovalsUnknown(ctx context.Context, plan adminsModel, diags *diag.Diagnostics) {
	if !plan.Exclusive.IsUnknown() && !plan.Exclusive.ValueBool() {
		return
	}
	noun := r.role.noun
	summary := noun + "s to remove are not known"
	because := func(what string) string {
		return what + " is known only at apply, so this plan cannot show who loses the " + noun + " role: with exclusive, " +
			"every " + noun + " that users does not name loses it."
	}
	switch {
	case plan.PartnershipID.IsUnknown():
		diags.AddAttributeWarning(path.Root("partnership_id"), summary, because("partnership_id")+
			" Use a known partnership_id to see them in the plan.")
		return
	case r.bluexp == nil:
		diags.AddWarning(summary, because("The provider's BlueXP configuration"))
		return
	}
	at, detail := path.Root("users"), because("users")
	if plan.Exclusive.IsUnknown() {
		at, detail = path.Root("exclusive"), "exclusive is known only at apply, so this plan cannot show who loses the "+
			noun+" role: if it is true, every "+noun+" that users does not name loses it."
	}
	ctx, cancel := shared.WithTimeout(ctx, "read", plan.Timeouts.Read, readTimeout, diags)
	defer cancel()
	if members, err := r.list(ctx, plan.PartnershipID.ValueString()); err == nil {
		ids := make([]string, len(members))
		for i, m := range members {
			ids[i] = m.ID
		}
		slices.Sort(ids)
		if len(ids) > 0 {
			detail += " These users hold the role now (user IDs): " + strings.Join(ids, ", ") + "."
		}
	}
	diags.AddAttributeWarning(at, summary, detail)
}

// hasUnknown reports whether users, one of its entries or an entry's
// identifier is known only at apply: then no one can say whom it names.
func hasUnknown(users types.List) bool {
	if users.IsUnknown() {
		return true
	}
	for _, e := range users.Elements() {
		obj, ok := e.(types.Object)
		if !ok || obj.IsUnknown() {
			return true
		}
		for _, v := range obj.Attributes() {
			if v.IsUnknown() {
				return true
			}
		}
	}
	return false
}

// othersOf is the members no entry of users names (user ID → ID).
func othersOf(users []userModel, members []bluexpapi.User, known map[string]string) map[string]string {
	named := namedIDs(users, known)
	for _, id := range resolve(users, members, known) {
		named[strings.ToLower(id)] = true
	}
	out := map[string]string{}
	for _, m := range members {
		if !named[strings.ToLower(m.ID)] {
			out[m.ID] = m.ID
		}
	}
	return out
}

// idList is a sorted list value of user IDs (empty, not null, for none).
func idList(ids []string) types.List {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	elems := make([]attr.Value, len(ids))
	for i, id := range ids {
		elems[i] = types.StringValue(id)
	}
	return types.ListValueMust(types.StringType, elems)
}

// listedIDs reads a list of user IDs; unknown or null is none.
func listedIDs(l types.List) []string {
	var out []string
	if l.IsNull() || l.IsUnknown() {
		return nil
	}
	for _, v := range l.Elements() {
		if s, ok := v.(types.String); ok && !s.IsNull() && !s.IsUnknown() {
			out = append(out, s.ValueString())
		}
	}
	return out
}

// removeOthers removes the planned removals (removes) that no entry names
// now (members, the IDs the users resolved to) and that were not removed as
// dropped entries (done, lower-case IDs): the members an exclusive resource
// does not name. It removes no one the plan did not list.
func (r *adminsResource) removeOthers(ctx context.Context, pid string, planned []string, members map[string]string, done map[string]bool, diags *diag.Diagnostics) {
	named := map[string]bool{}
	for _, id := range members {
		named[strings.ToLower(id)] = true
	}
	byID := map[string][]userModel{}
	var users []userModel
	for _, id := range planned {
		if low := strings.ToLower(id); !named[low] && !done[low] {
			u := usersByID([]bluexpapi.User{{ID: id}})[0]
			users = append(users, u)
			byID[id] = []userModel{u}
		}
	}
	if len(users) == 0 {
		return
	}
	left, err := r.removeIDs(ctx, pid, users, byID)
	if err != nil {
		shared.AddClientError(diags, "Unable to remove BlueXP "+r.role.noun+" "+strings.Join(keys(left), ", ")+
			" (not named by users, with exclusive)", err)
	}
}
