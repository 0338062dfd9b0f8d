"""Django integration of the Data Explorer data service.

* :mod:`dataexplorer_client.client` -- server-to-server calls (service secret + acting user);
* :mod:`dataexplorer_client.tokens` -- short-lived browser JWTs (HS256 with the standard library);
* :mod:`dataexplorer_client.views` -- the token view and a streaming proxy view;
* :mod:`dataexplorer_client.urls` -- both views, to ``include()`` in a project's URLconf.
"""

from .client import DataServiceClient, DataServiceError, DataServiceUnavailable

__all__ = ["DataServiceClient", "DataServiceError", "DataServiceUnavailable"]
__version__ = "1.0.0"
