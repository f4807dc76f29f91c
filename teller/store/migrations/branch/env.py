from teller.store.migrations.env_common import run
import teller.store.authorisation_models  # noqa: F401 - registers the tables on BranchBase
import teller.store.clearing_models  # noqa: F401 - registers the tables on BranchBase
import teller.store.custody_models  # noqa: F401 - registers the tables on BranchBase
import teller.store.lobby_models  # noqa: F401 - registers the tables on BranchBase
import teller.store.sync_models  # noqa: F401 - registers the tables on BranchBase
import teller.store.voucher_models  # noqa: F401 - registers the tables on BranchBase
import teller.store.noncash_models  # noqa: F401 - registers the tables on BranchBase
import teller.store.business_day_models  # noqa: F401 - registers the tables on BranchBase
import teller.store.recon_models  # noqa: F401 - registers the tables on BranchBase
import teller.store.staff_models  # noqa: F401 - registers the tables on BranchBase
from teller.store.models import BranchBase

run(BranchBase.metadata)
