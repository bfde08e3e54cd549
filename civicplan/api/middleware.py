"""Before any API view: an address too long to read is a JSON 414."""

from django.http import JsonResponse

MAX_ADDRESS_LENGTH = 4096


class LongAddressRefused:
    """An /api/v1/ address (with its query) over MAX_ADDRESS_LENGTH characters: a JSON 414, as
    the OpenAPI schema says, before any view tries to read it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/") and len(request.get_full_path()) > MAX_ADDRESS_LENGTH:
            return JsonResponse(
                {"detail": f"The address is longer than {MAX_ADDRESS_LENGTH:,} characters: send fewer or shorter parameters."},
                status=414,
            )
        return self.get_response(request)
