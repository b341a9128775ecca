# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import context
from . import dated_link
from . import keys
from . import names
from . import rfm
