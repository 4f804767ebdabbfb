package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client/bluexp"
)

var (
	_ list.ListResource              = (*bluexpResourceAdminsList)(nil)
	_ list.ListResourceWithConfigure = (*bluexpResourceAdminsList)(nil)
)

// NewBlueXPResourceAdminsListResource is the list resource factory.
func NewBlueXPResourceAdminsListResource() list.ListResource {
	return &bluexpResourceAdminsList{}
}

// bluexpResourceAdminsList shares the managed resource's name and client.
type bluexpResourceAdminsList struct {
	bluexpResourceAdminsResource
}

type bluexpResourceAdminsListModel struct {
	PartnershipID types.String `tfsdk:"partnership_id"`
}

func (l *bluexpResourceAdminsList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the ResourceAdmins of a BlueXP partnership. The managed resource holds every " +
			"ResourceAdmin of one partnership, so the listing has one result when the partnership has any, none " +
			"otherwise. With `include_resource`, every page of members is read and each one appears in `users` by " +
			"`user_id`, as after an import; without it, one page is enough.",
		Attributes: map[string]schema.Attribute{
			"partnership_id": schema.StringAttribute{
				MarkdownDescription: "ID (a UUID) of the partnership.",
				Required:            true,
				Validators:          []validator.String{IsUUID()},
			},
		},
	}
}

func (l *bluexpResourceAdminsList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg bluexpResourceAdminsListModel
	if !ListConfig(ctx, req, stream, &cfg, l.bluexp, "BlueXP") {
		return
	}
	pid := cfg.PartnershipID.ValueString()
	stream.Results = func(push func(list.ListResult) bool) {
		var members []bluexp.User
		for m, err := range l.bluexp.ResourceAdmins(ctx, pid) {
			if err != nil {
				if gone, proof := l.partnershipGone(ctx, pid, err); gone {
					err = proof // "no such partnership" says more than the list's refusal
				}
				push(ListError("Unable to list BlueXP ResourceAdmins", err))
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
		m := bluexpResourceAdminsModel{PartnershipID: cfg.PartnershipID}
		push(NewListResult(ctx, req, display, m.identity(), func() (any, diag.Diagnostics) {
			users := usersByID(members)
			set, diags := usersList(users)
			m.ID, m.Description, m.Users = types.StringValue(pid), types.StringNull(), set
			m.Members = membersMap(resolve(users, members, nil))
			m.Timeouts = NullTimeouts(ctx, req)
			return &m, diags
		}))
	}
}
