from kernel.runtime import serve
from training.settings import get_settings

serve("training.app:create_app", get_settings())
