from django.apps import AppConfig


class SendReadyConfig(AppConfig):
    name = "sendready"
    verbose_name = "SEND Ready"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from common.middleware import session_touched_at_sign_in
        from common.once import forget_old_claims

        user_logged_in.connect(forget_old_claims, dispatch_uid="forget_old_claims")
        user_logged_in.connect(session_touched_at_sign_in, dispatch_uid="session_touched")
