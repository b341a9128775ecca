from . import context
from . import dated_link
from . import keys
from . import names
