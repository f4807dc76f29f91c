from teller.store.migrations.env_common import run
from teller.store.models import WorkstationBase
import teller.store.printing_models  # noqa: F401 - its tables are part of the workstation store
import teller.store.branch_cache_models  # noqa: F401 - its tables are part of the workstation store
import teller.store.noncash_models  # noqa: F401 - its tables are part of the workstation store

run(WorkstationBase.metadata)
