"""Where interviewer keeps its files.

One user data directory holds the database, recorded audio and downloaded models. It comes from
platformdirs and is overridden, with everything in it, by ``INTERVIEWER_HOME``. With the override
set, the settings file and the caches live inside it too, so a test or a second profile is fully
isolated. Directories are created on first use, never at import, and only the user may read them.
"""

from __future__ import annotations

import os
from pathlib import Path

from interviewer.errors import UserError

APP_NAME = "interviewer"
HOME_ENV = "INTERVIEWER_HOME"
CONFIG_ENV = "INTERVIEWER_CONFIG"


def home() -> Path:
    """The data directory (not created here)."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_file() -> Path:
    """The settings file: ``INTERVIEWER_CONFIG``, else inside ``INTERVIEWER_HOME``, else the user config dir."""
    explicit = os.environ.get(CONFIG_ENV)
    if explicit:
        return Path(explicit).expanduser()
    if os.environ.get(HOME_ENV):
        return home() / "config.toml"
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def cache_dir() -> Path:
    if os.environ.get(HOME_ENV):
        return home() / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def database_file() -> Path:
    return home() / "interviewer.db"


def audio_dir() -> Path:
    return home() / "audio"


def models_dir() -> Path:
    return home() / "models"


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) readable by the user only; explain failures in one line."""
    try:
        # Missing parents are created one by one: mkdir(parents=True) would give them the umask's
        # mode, leaving e.g. the audio folder readable by others.
        for folder in [*reversed(path.parents), path]:
            if not folder.exists():
                folder.mkdir(mode=0o700, exist_ok=True)
        # Only tighten when needed: chmod fails on a read-only file system even when nothing changes.
        if os.name == "posix" and path.stat().st_mode & 0o777 != 0o700:
            os.chmod(path, 0o700)
    except PermissionError:
        raise UserError(
            f"cannot create {path}: permission denied",
            hint=f"set {HOME_ENV} to a writable directory",
        ) from None
    except OSError as exc:
        raise UserError(f"cannot create {path}: {exc.strerror}") from None
    return path
