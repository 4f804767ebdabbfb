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
	_ list.ListResource              = (*resourceAdminsList)(nil)
	_ list.ListResourceWithConfigure = (*resourceAdminsList)(nil)
)

// NewResourceAdminsListResource is the list resource factory.
func NewResourceAdminsListResource() list.ListResource {
	return &resourceAdminsList{}
}

// resourceAdminsList shares the managed resource's name and client.
type resourceAdminsList struct {
	resourceAdminsResource
}

type resourceAdminsListModel struct {
	PartnershipID types.String `tfsdk:"partnership_id"`
}

func (l *resourceAdminsList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the ResourceAdmins of a BlueXP partnership. The managed resource holds every " +
			"ResourceAdmin of one partnership, so the listing has one result when the partnership has any, none " +
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

func (l *resourceAdminsList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg resourceAdminsListModel
	if !shared.ListConfig(ctx, req, stream, &cfg, l.bluexp, "BlueXP") {
		return
	}
	pid := cfg.PartnershipID.ValueString()
	stream.Results = func(push func(list.ListResult) bool) {
		var members []bluexpapi.User
		for m, err := range l.bluexp.ResourceAdmins(ctx, pid) {
			if err != nil {
				if gone, proof := l.partnershipGone(ctx, pid, err); gone {
					err = proof // "no such partnership" says more than the list's refusal
				}
				push(shared.ListError("Unable to list BlueXP ResourceAdmins", err))
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
		display := "ResourceAdmins of partnership " + pid
		if req.IncludeResource {
			display += fmt.Sprintf(" (%d users)", len(members))
		}
		m := resourceAdminsModel{PartnershipID: cfg.PartnershipID}
		push(shared.NewListResult(ctx, req, display, m.Identity(), func() (any, diag.Diagnostics) {
			users := usersByID(members)
			set, diags := usersList(users)
			m.ID, m.Description, m.Users = types.StringValue(pid), types.StringNull(), set
			m.Members = membersMap(resolve(users, members, nil))
			m.Timeouts = shared.NullTimeouts(ctx, req)
			return &m, diags
		}))
	}
}
