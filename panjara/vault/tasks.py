from datetime import timedelta

from django_tasks import task

from panjara.core.schedule import periodic


@periodic("vault.sweep_unreferenced", every=timedelta(hours=1))
@task()
def sweep_unreferenced_files() -> int:
    """Remove sealed files that no document points at (see services.vault_sweep_unreferenced)."""
    from .services import vault_sweep_unreferenced

    return vault_sweep_unreferenced()
