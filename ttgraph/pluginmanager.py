"""Finding plugins: built-ins, then installed packages, then files in a plugins directory.

There is no module-global manager: every caller (CLI command, web app, test) asks
:func:`get_plugin_manager` for a fresh one, so plugins loaded for one test never leak into the
next.  Start-up problems (a plugin that fails to import, a misspelled hook, two importers with one
name) are :class:`~ttgraph.errors.PluginError` naming the plugin at fault.

>>> pm = get_plugin_manager()
>>> "native" in pm.importers()
True
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import os
import pkgutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pluggy

from ttgraph import hookspecs
from ttgraph.errors import NotFound, PluginError
from ttgraph.importers import Importer, head_bytes

ENTRY_POINT_GROUP = "ttgraph"
PLUGINS_DIR_ENV = "TTGRAPH_PLUGINS_DIR"


@dataclass(frozen=True)
class Origin:
    """Where a plugin came from: ``built-in``, ``package`` (with name and version) or ``file``."""

    type: str
    detail: str = ""
    version: str = ""

    def __str__(self) -> str:
        if self.type == "package":
            return f"package {self.detail} {self.version}".rstrip()
        if self.type == "file":
            return f"file {self.detail}"
        return "built-in"


@dataclass(frozen=True)
class ImporterEntry:
    """An importer class with the plugin that registered it."""

    cls: type[Importer]
    plugin: str
    origin: Origin

    def info(self) -> dict[str, Any]:
        return {
            **self.cls.info(),
            "plugin": self.plugin,
            "origin": self.origin.type,
            "source": str(self.origin),
            "version": self.origin.version,
        }


class PluginManager(pluggy.PluginManager):
    """pluggy's manager plus where each plugin came from and the importers they register."""

    def __init__(self) -> None:
        super().__init__("ttgraph")
        self.add_hookspecs(hookspecs)
        self.origins: dict[str, Origin] = {}
        self._importers: dict[str, ImporterEntry] | None = None

    def add(self, plugin: object, name: str, origin: Origin) -> None:
        """Register one plugin; a bad hook signature is a PluginError naming it."""
        try:
            self.register(plugin, name=name)
        except pluggy.PluginValidationError as exc:
            raise PluginError(f"plugin {name} ({origin}) is invalid: {exc}") from None
        except ValueError as exc:
            raise PluginError(f"plugin {name} ({origin}) was loaded twice: {exc}") from None
        self.origins[name] = origin
        self._importers = None

    def importers(self) -> dict[str, ImporterEntry]:
        """Every registered importer by name; a name used twice is a PluginError."""
        if self._importers is not None:
            return self._importers
        found: dict[str, ImporterEntry] = {}
        for impl in self.hook.register_importers.get_hookimpls():
            origin = self.origins.get(impl.plugin_name, Origin("built-in"))
            try:
                classes = impl.function() or []
            except Exception as exc:  # a plugin's own bug: name it, do not crash the CLI
                raise PluginError(
                    f"plugin {impl.plugin_name} ({origin}) failed in register_importers: {exc}"
                ) from exc
            for cls in classes:
                if not (isinstance(cls, type) and issubclass(cls, Importer)) or not cls.name:
                    raise PluginError(
                        f"plugin {impl.plugin_name} ({origin}) registered {cls!r}, which is not "
                        "an Importer subclass with a name"
                    )
                if cls.name in found:
                    first = found[cls.name]
                    raise PluginError(
                        f"importer name {cls.name!r} is registered twice: by plugin "
                        f"{first.plugin} ({first.origin}) and by plugin {impl.plugin_name} "
                        f"({origin}); rename one of them"
                    )
                found[cls.name] = ImporterEntry(cls, impl.plugin_name, origin)
        self._importers = dict(sorted(found.items()))
        return self._importers

    def importer(self, name: str) -> type[Importer]:
        """The importer class called ``name``, or NotFound listing the ones there are."""
        entries = self.importers()
        if name not in entries:
            raise NotFound(
                f"no importer called {name!r}; available: {', '.join(entries) or '(none)'}"
                " (see 'ttgraph plugins')"
            )
        return entries[name].cls

    def detect(self, path: Path) -> list[str]:
        """Importer names that say they can read ``path``, best guess first."""
        names = [n for n in self.hook.detect_importer(path=Path(path), head=head_bytes(path)) if n]
        known = self.importers()
        return [n for n in dict.fromkeys(names) if n in known]


def get_plugin_manager(plugins_dir: str | os.PathLike[str] | None = None) -> PluginManager:
    """A new manager with the built-ins, installed packages and ``plugins_dir`` files loaded.

    ``plugins_dir`` defaults to ``$TTGRAPH_PLUGINS_DIR``; it holds ``*.py`` plugin modules and
    ``*.toml`` catalogue configs (a new agency with a familiar file shape needs only a config).
    """
    pm = PluginManager()
    _load_builtins(pm)
    _load_entry_points(pm)
    folder = plugins_dir or os.environ.get(PLUGINS_DIR_ENV)
    if folder:
        _load_directory(pm, Path(folder))
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        name = exc.plugin and pm.get_name(exc.plugin)
        origin = pm.origins.get(name or "", "")
        raise PluginError(
            f"plugin {name} ({origin}) has a hook that does not exist: {exc}; "
            f"known hooks: {', '.join(_hook_names())}"
        ) from None
    pm.importers()
    return pm


def _hook_names() -> list[str]:
    return sorted(n for n in dir(hookspecs) if hasattr(getattr(hookspecs, n), "ttgraph_spec"))


def _load_builtins(pm: PluginManager) -> None:
    package = importlib.import_module("ttgraph.plugins")
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module_name = f"ttgraph.plugins.{info.name}"
        try:
            module = importlib.import_module(module_name)
        except Exception as exc:
            raise PluginError(f"built-in plugin {module_name} failed to load: {exc}") from exc
        pm.add(module, module_name, Origin("built-in"))


def _load_entry_points(pm: PluginManager) -> None:
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        dist = getattr(ep, "dist", None)
        dist_name = dist.metadata["Name"] if dist is not None else ep.module
        version = dist.version if dist is not None else ""
        origin = Origin("package", dist_name, version)
        try:
            plugin = ep.load()
        except Exception as exc:
            raise PluginError(
                f"plugin {ep.name} from package {dist_name} {version} failed to load: {exc}"
            ) from exc
        pm.add(plugin, f"{dist_name}:{ep.name}", origin)


def _load_directory(pm: PluginManager, folder: Path) -> None:
    if not folder.is_dir():
        raise PluginError(f"plugins directory {folder} does not exist")
    for path in sorted(folder.glob("*.py")):
        if path.name.startswith("_"):
            continue
        module_name = f"ttgraph_dir_plugin_{path.stem}_{abs(hash(str(path.resolve())))}"
        spec = importlib.util.spec_from_file_location(module_name, path)
        if spec is None or spec.loader is None:
            raise PluginError(f"cannot load plugin file {path}")
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        try:
            spec.loader.exec_module(module)
        except Exception as exc:
            sys.modules.pop(module_name, None)
            raise PluginError(f"plugin file {path} failed to load: {exc}") from exc
        pm.add(module, str(path), Origin("file", str(path)))
    for path in sorted(folder.glob("*.toml")) + sorted(folder.glob("*.json")):
        from ttgraph.plugins._catalogue import ConfigPlugin, importer_from_config

        cls = importer_from_config(path)
        pm.add(ConfigPlugin(cls), str(path), Origin("file", str(path)))
