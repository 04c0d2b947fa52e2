from django.core.management.base import BaseCommand

from panjara.exchange.keys import portal_key_ensure, public_keys_file


class Command(BaseCommand):
    help = "Create the portal's exchange signing key if missing and write its public JWKS file."

    def handle(self, *args, **options):
        key = portal_key_ensure()
        self.stdout.write(f"portal signing key {key.kid}; public keys in {public_keys_file()}")
