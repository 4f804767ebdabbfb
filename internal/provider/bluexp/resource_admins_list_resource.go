package bluexp

import (
	"context"
	"fmt"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/shared"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	bluexpapi "github.com/partneradmin/terraform-provider-partneradmin/internal/client/bluexp"
)

var (
	_ list.ListResource              = (*adminsList)(nil)
	_ list.ListResourceWithConfigure = (*adminsList)(nil)
)

// NewResourceAdminsListResource is the list resource of partneradmin_bluexp_resource_admins.
func NewResourceAdminsListResource() list.ListResource {
	return &adminsList{adminsResource{role: resourceAdminRole}}
}

// NewUserAdminsListResource is the list resource of partneradmin_bluexp_user_admins.
func NewUserAdminsListResource() list.ListResource {
	return &adminsList{adminsResource{role: userAdminRole}}
}

// adminsList shares the managed resource's name, role and client.
type adminsList struct {
	adminsResource
}

type adminsListModel struct {
	PartnershipID types.String `tfsdk:"partnership_id"`
}

func (l *adminsList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the " + l.role.noun + "s of a BlueXP partnership. The managed resource holds every " +
			l.role.noun + " of one partnership, so the listing has one result when the partnership has any, none " +
			"otherwise. With `include_resource`, every page of members is read and each one appears in `users` by " +
			"`user_id`, as after an import; without it, one page is enough.",
		Attributes: map[string]schema.Attribute{
			"partnership_id": schema.StringAttribute{
				MarkdownDescription: "ID (a UUID) of the partnership.",
				Required:            true,
				Validators:          []validator.String{shared.IsUUID()},
			},
		},
	}
}

func (l *adminsList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg adminsListModel
	if !shared.ListConfig(ctx, req, stream, &cfg, l.bluexp, "BlueXP") {
		return
	}
	pid := cfg.PartnershipID.ValueString()
	stream.Results = func(push func(list.ListResult) bool) {
		var members []bluexpapi.User
		for m, err := range l.bluexp.Admins(ctx, l.role.api, pid) {
			if err != nil {
				if gone, proof := l.partnershipGone(ctx, pid, err); gone {
					err = proof // "no such partnership" says more than the list's refusal
				}
				push(shared.ListError("Unable to list BlueXP "+l.role.noun+"s", err))
				return
			}
			members = append(members, m)
			if !req.IncludeResource {
				break // one member is enough to know the partnership has a result
			}
		}
		if len(members) == 0 {
			return
		}
		display := l.role.noun + "s of partnership " + pid
		if req.IncludeResource {
			display += fmt.Sprintf(" (%d users)", len(members))
		}
		m := adminsModel{PartnershipID: cfg.PartnershipID}
		push(shared.NewListResult(ctx, req, display, m.Identity(), func() (any, diag.Diagnostics) {
			users := usersByID(members)
			set, diags := usersList(users)
			m.ID, m.Description, m.Users = types.StringValue(pid), types.StringNull(), set
			m.Members = membersMap(resolve(users, members, nil))
			m.Exclusive, m.Removes, m.OtherMembers = types.BoolValue(false), idList(nil), idList(nil)
			m.Timeouts = shared.NullTimeouts(ctx, req)
			return &m, diags
		}))
	}
}
