from enforcement.settings import get_settings
from kernel.runtime import serve

serve("enforcement.app:create_app", get_settings())
