"""The site speaks Chinese unless the user chose another language.

Django's LocaleMiddleware follows the browser's Accept-Language, and many of the phones and
office computers in villages and townships send en-US: the secretary would meet an English
site they cannot read. So only a deliberate choice counts, the language cookie that
Django's set_language view writes; everyone else gets LANGUAGE_CODE (简体中文).
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        try:
            language = translation.get_supported_language_variant(chosen) if chosen else settings.LANGUAGE_CODE
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
