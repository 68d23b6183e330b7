from django.core.management.base import BaseCommand

from posts.services.catalogue import load_presets


class Command(BaseCommand):
    help = "Load the preset post classes and posts shipped with the product (re-running updates them)."

    def handle(self, *args, **options):
        created, updated = load_presets()
        self.stdout.write(self.style.SUCCESS(f"Presets loaded: {created} created, {updated} updated."))
