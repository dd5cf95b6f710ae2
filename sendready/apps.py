from django.apps import AppConfig


class SendReadyConfig(AppConfig):
    name = "sendready"
    verbose_name = "SEND Ready"
