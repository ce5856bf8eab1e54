"""``openkyb data update``: download every configured source and load it as a new version."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import urlparse

import httpx
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from openkyb.sources.registry import get_format
from openkyb.store.db import Database
from openkyb.watchlists.loader import LoadReport, load_dataset


class SourceConfig(BaseModel):
    """Where one dataset is published and in which format."""

    model_config = ConfigDict(extra="forbid")

    dataset: str = Field(min_length=1, max_length=100)
    format: str
    url: str | None = None
    urls: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _has_urls(self) -> SourceConfig:
        if not self.url and not self.urls:
            raise ValueError("give a url or urls")
        return self

    def all_urls(self) -> list[str]:
        """Every URL to download, in order."""
        return [self.url] if self.url else list(self.urls)


class _SourcesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sources: list[SourceConfig]


def load_sources(path: Path | None = None) -> list[SourceConfig]:
    """The configured sources: ``path`` if given, else the packaged official list."""
    if path is None:
        text = resources.files("openkyb.watchlists").joinpath("sources.yaml").read_text("utf-8")
    else:
        text = path.read_text("utf-8")
    try:
        parsed = _SourcesFile.model_validate(yaml.safe_load(text))
    except (ValidationError, yaml.YAMLError) as exc:
        raise ValueError(f"invalid sources file {path or 'sources.yaml'}: {exc}") from exc
    for source in parsed.sources:
        get_format(source.format)  # fail early on an unknown format
    return parsed.sources


def _file_name(url: str) -> str:
    # Lower-case: OFAC serves SDN.CSV, the parsers look for the names as documented.
    return (Path(urlparse(url).path).name or "download").lower()


def download(source: SourceConfig, folder: Path, client: httpx.Client) -> Path:
    """Fetch a source's files into ``folder``; the path to load (a file or the folder)."""
    paths = []
    for url in source.all_urls():
        target = folder / _file_name(url)
        with client.stream("GET", url) as response:
            response.raise_for_status()
            with target.open("wb") as handle:
                for chunk in response.iter_bytes(1 << 16):
                    handle.write(chunk)
        paths.append(target)
    return paths[0] if source.url else folder


@dataclass
class UpdateResult:
    """The outcome for one source: a load report, or the error that stopped it."""

    source: SourceConfig
    report: LoadReport | None = None
    error: str | None = None


def update_all(
    db: Database,
    sources: list[SourceConfig],
    client: httpx.Client,
    on_source: Callable[[SourceConfig], None] | None = None,
) -> list[UpdateResult]:
    """Download and load every source; one failing source does not stop the others."""
    results = []
    for source in sources:
        if on_source is not None:
            on_source(source)
        with tempfile.TemporaryDirectory(prefix="openkyb-") as folder:
            try:
                path = download(source, Path(folder), client)
                report = load_dataset(db, get_format(source.format), path, source.dataset)
                results.append(UpdateResult(source, report=report))
            except (httpx.HTTPError, OSError, ValueError) as exc:
                results.append(UpdateResult(source, error=f"{type(exc).__name__}: {exc}"))
    return results
