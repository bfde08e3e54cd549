"""civicplan manage search_reindex: rebuild the search index from the elements."""

from django.core.management.base import BaseCommand

from civicplan.search.services import search_index_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the search index from every plan's elements. Loading a plan keeps the index "
        "current; run this after changing elements outside the app (e.g. in the database)."
    )

    def handle(self, *args, **options):
        count = search_index_rebuild()
        self.stdout.write(f"search index rebuilt: {count} elements")
