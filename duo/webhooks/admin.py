from django.contrib import admin

from duo.core.admin import ReadOnlyAdmin

from .models import Delivery, Subscription

# Read-only: subscriptions are made, pinged and deactivated on the staff pages (the secret is shown once there);
# the admin site only lets administrators look, and never shows the secret.


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    list_display = ["name", "url", "is_active", "created_by", "created_at"]
    list_filter = ["is_active"]
    exclude = ["secret"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["event", "subscription", "status", "attempts", "last_status_code", "next_attempt_at",
                    "created_at"]
    list_filter = ["status", "event"]
    list_select_related = ["subscription"]
