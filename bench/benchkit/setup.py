"""Django set up for the portal in this checkout or in another one (`--app-dir`), so the same
benchmark can measure an older version of the code."""

import os
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent
BENCH_DIR = PROJECT_DIR / "bench"


def app_dir_of(value: str | os.PathLike | None) -> Path:
    app_dir = Path(value or PROJECT_DIR).resolve()
    if not (app_dir / "greentech" / "settings.py").exists():
        raise SystemExit(f"{app_dir} is not a checkout of the portal (no greentech/settings.py).")
    return app_dir


def django_setup(app_dir: Path, settings_module: str = "greentech.settings") -> None:
    """Import the portal from `app_dir` (before anything else on the path) and set Django up."""
    # Celery's Django fix-up puts the working directory first on the path: make it the app's.
    os.chdir(app_dir)
    sys.path.insert(0, str(app_dir))
    if str(BENCH_DIR) not in sys.path:
        sys.path.insert(1, str(BENCH_DIR))
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    import django

    django.setup()
