"""The catalog's API routes on a company host (included under /api/v1/)."""
from django.urls import path

from . import office_add_ons as add_ons
from . import office_categories as categories
from . import office_policies as policies
from . import office_price_rules as rules
from . import office_services as services
from . import office_variants as variants
from . import quotes, storefront

OFFICE = "office/catalog"

urlpatterns = [
    path("catalog/categories/", storefront.StorefrontCategoryListApi.as_view(), name="catalog-categories"),
    path("catalog/services/", storefront.StorefrontServiceListApi.as_view(), name="catalog-services"),
    path("catalog/services/<str:service_id>/", storefront.StorefrontServiceDetailApi.as_view(),
         name="catalog-service"),
    path("quotes/", quotes.QuoteCreateApi.as_view(), name="quotes"),
    path("quotes/check/", quotes.QuoteCheckApi.as_view(), name="quote-check"),
    path(f"{OFFICE}/categories/", categories.OfficeCategoryListApi.as_view(), name="office-categories"),
    path(f"{OFFICE}/categories/<str:category_id>/", categories.OfficeCategoryDetailApi.as_view(),
         name="office-category"),
    path(f"{OFFICE}/services/", services.OfficeServiceRoutes.as_view(), name="office-services"),
    path(f"{OFFICE}/services/<str:service_id>/", services.OfficeServiceDetailApi.as_view(), name="office-service"),
    path(f"{OFFICE}/services/<str:service_id>/variants/", variants.OfficeVariantRoutes.as_view(),
         name="office-variants"),
    path(f"{OFFICE}/services/<str:service_id>/add-ons/", add_ons.OfficeAddOnRoutes.as_view(), name="office-add-ons"),
    path(f"{OFFICE}/services/<str:service_id>/photos/", policies.OfficePhotoListApi.as_view(), name="office-photos"),
    path(f"{OFFICE}/services/<str:service_id>/cancellation-policy/", policies.OfficeCancellationPolicyRoutes.as_view(),
         name="office-cancellation-policy"),
    path(f"{OFFICE}/variants/<str:variant_id>/", variants.OfficeVariantDetailApi.as_view(), name="office-variant"),
    path(f"{OFFICE}/add-ons/<str:add_on_id>/", add_ons.OfficeAddOnDetailApi.as_view(), name="office-add-on"),
    path(f"{OFFICE}/photos/<str:photo_id>/", policies.OfficePhotoDetailApi.as_view(), name="office-photo"),
    path(f"{OFFICE}/settings/", rules.OfficeCatalogSettingsRoutes.as_view(), name="office-catalog-settings"),
    path(f"{OFFICE}/surcharges/", rules.OfficeSurchargeListApi.as_view(), name="office-surcharges"),
    path(f"{OFFICE}/surcharges/<str:surcharge_id>/", rules.OfficeSurchargeDetailApi.as_view(),
         name="office-surcharge"),
    path(f"{OFFICE}/zones/", rules.OfficeZoneListApi.as_view(), name="office-zones"),
    path(f"{OFFICE}/zones/<str:zone_id>/", rules.OfficeZoneDetailApi.as_view(), name="office-zone"),
    path(f"{OFFICE}/holidays/", rules.OfficeHolidayListApi.as_view(), name="office-holidays"),
    path(f"{OFFICE}/holidays/<str:holiday_id>/", rules.OfficeHolidayDetailApi.as_view(), name="office-holiday"),
]
