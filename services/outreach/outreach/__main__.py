from kernel.runtime import serve
from outreach.settings import get_settings

serve("outreach.app:create_app", get_settings())
