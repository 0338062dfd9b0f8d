from django.apps import AppConfig


class DataExplorerClientConfig(AppConfig):
    name = "dataexplorer_client"
    verbose_name = "Data Explorer data service"
