from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "civicplan.delivery"
    label = "delivery"
    verbose_name = "Delivery"
