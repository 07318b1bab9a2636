from kernel.runtime import serve
from projection.settings import get_settings

serve("projection.app:create_app", get_settings())
