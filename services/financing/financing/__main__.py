from financing.settings import get_settings
from kernel.runtime import serve

serve("financing.app:create_app", get_settings())
