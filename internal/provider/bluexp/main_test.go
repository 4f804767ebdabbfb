package bluexp_test

import (
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"
)

func TestMain(m *testing.M) { sharedtest.Main(m) }
