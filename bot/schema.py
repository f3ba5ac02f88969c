"""Every table of every domain, gathered on the one metadata Alembic compares against."""
from alerts import models as alert_models  # noqa: F401
from bot import fsm_storage  # noqa: F401  (imported for its table)
from complaints import models as complaint_models  # noqa: F401
from core import users  # noqa: F401
from core.db import Base
from institutions import models as institution_models  # noqa: F401
from recalls import models as recall_models  # noqa: F401
from register import models as register_models  # noqa: F401
from stats import models as stats_models  # noqa: F401
from verification import models as verification_models  # noqa: F401

metadata = Base.metadata
