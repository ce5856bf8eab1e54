"""Gather what the company registry and GLEIF say about an applicant, for the checks.

:class:`RegistryGatherer` turns an application into :class:`RegistryEvidence` and
:class:`LeiEvidence` with a handful of indexed queries: the company by number (or an
unambiguous name match), the companies at its address, its PSCs and its corporate PSCs'
PSCs up the chain, and its LEI record with its parents. The live Companies House and GLEIF
adapters, when configured, add insolvency cases and fill in LEI records not loaded. Nothing
here raises: a failing database or API becomes an ``error`` in the evidence.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace

from openkyb.applications import Application
from openkyb.checks.evidence import CorporateOwner, DatasetRef, LeiEvidence, RegistryEvidence
from openkyb.clock import utc_now
from openkyb.registry.addresses import address_key, address_key_from_parts
from openkyb.registry.evidence_live import CH_LIVE_DATASET, live_registry_evidence
from openkyb.registry.live import CompaniesHouseClient, GleifClient
from openkyb.registry.model import CompanyRecord, LeiRecord, LeiRelationship, Psc
from openkyb.registry.reader import DbReader, db_reader
from openkyb.registry.rows import (
    company_from_row,
    lei_from_row,
    psc_from_row,
    relationship_from_row,
)
from openkyb.registry.search import (
    InvalidNumber,
    is_unambiguous,
    normalise_number,
    search_companies,
)
from openkyb.registry.versions import countries_loaded
from openkyb.sources.countries import country_code
from openkyb.store.db import Database

MAX_DEPTH = 3  # corporate PSCs followed this many levels up
MAX_CORPORATE_OWNERS = 20  # a bound on the chain's queries, whatever the data
NAME_CANDIDATES = 5
GLEIF_LIVE_DATASET = "gleif-api"

_COMPANY = "SELECT * FROM registry_companies WHERE country = :c AND number = :n"
# Counting stops here: an agent's address with 50,000 companies must not cost a scan of them
# all on every verification, and the policy's threshold is far below it.
ADDRESS_COUNT_CAP = 10_000
_AT_ADDRESS = (
    "SELECT count(*) FROM (SELECT 1 FROM registry_companies WHERE country = :c"
    f" AND address_key = :k LIMIT {ADDRESS_COUNT_CAP}) AS at_address"
)
_PSCS = "SELECT * FROM registry_pscs WHERE company_country = :c AND company_number = :n"
_HAS_PSCS = "SELECT 1 FROM registry_pscs WHERE company_country = :c LIMIT 1"
_HAS_LEIS = "SELECT 1 FROM lei_records LIMIT 1"
_DATASET = "SELECT dataset FROM dataset_versions WHERE id = :v"
_LEI = "SELECT * FROM lei_records WHERE lei = :l"
_PARENTS = "SELECT * FROM lei_relationships WHERE child = :l"
# Registration places of UK companies as PSC statements write them, beyond country names.
_UK_REGISTER = re.compile(
    r"england|wales|scotland|northern ireland|companies house|united kingdom|\bu\.?k\b", re.I
)


@dataclass(frozen=True, slots=True)
class _Loaded:
    """Which registry data is loaded, as of ``checked_at`` (time.monotonic)."""

    countries: frozenset[str]
    psc_countries: frozenset[str]
    leis: bool
    checked_at: float


class RegistryGatherer:
    """Registry and LEI evidence for applications, from one database and optional live APIs.

    What is loaded (countries, PSCs, LEIs) is re-read at most every ``refresh_seconds``, like
    the screener's index, so a verification without registry data costs no query at all.
    """

    def __init__(
        self,
        db: Database,
        ch_client: CompaniesHouseClient | None = None,
        gleif_client: GleifClient | None = None,
        refresh_seconds: float = 60.0,
    ) -> None:
        self.db = db
        self.ch_client = ch_client
        self.gleif_client = gleif_client
        self.refresh_seconds = refresh_seconds
        self._loaded: _Loaded | None = None
        self._datasets: dict[str, str] = {}  # version id -> dataset: versions never change
        self._lock = threading.Lock()

    def loaded(self) -> _Loaded:
        """What is loaded, re-read when older than ``refresh_seconds``."""
        current = self._loaded
        if current is not None and time.monotonic() - current.checked_at < self.refresh_seconds:
            return current
        with self._lock:
            countries = frozenset(countries_loaded(self.db))
            with self._reader() as read:
                pscs = frozenset(c for c in countries if read.rows(_HAS_PSCS, {"c": c}))
                leis = bool(read.rows(_HAS_LEIS, {}))
            self._loaded = _Loaded(countries, pscs, leis, time.monotonic())
        return self._loaded

    def _reader(self) -> AbstractContextManager[DbReader]:
        return db_reader(self.db)

    def has_data(self) -> bool:
        """True when any registry or LEI data is loaded, or a live adapter is configured."""
        try:
            loaded = self.loaded()
        except Exception:  # no tables yet, unreachable server: nothing to gather from
            return False
        return bool(loaded.countries or loaded.leis or self.ch_client or self.gleif_client)

    def gather(self, application: Application) -> tuple[RegistryEvidence, LeiEvidence]:
        """The registry and LEI evidence of ``application``; errors become evidence."""
        try:
            loaded = self.loaded()
        except Exception as exc:  # the database is down: the checks report it
            error = _describe(exc)
            return (
                RegistryEvidence(application.country, available=True, error=error),
                LeiEvidence(available=True, error=error),
            )
        return self._registry(application, loaded), self._lei(application, loaded)

    # -- the company ---------------------------------------------------------------------

    def _registry(self, app: Application, loaded: _Loaded) -> RegistryEvidence:
        country = app.country
        if country not in loaded.countries:
            if country == "GB" and self.ch_client is not None:
                return live_registry_evidence(self.ch_client, app)
            return RegistryEvidence(country, available=False)
        try:
            with self._reader() as read:
                evidence = self._company_evidence(read, app, loaded)
        except Exception as exc:  # a broken database must not break the verification
            return RegistryEvidence(country, available=True, error=_describe(exc))
        return self._with_insolvency(evidence)

    def _company_evidence(
        self, read: DbReader, app: Application, loaded: _Loaded
    ) -> RegistryEvidence:
        country = app.country
        company, version, matched_by, candidates = self._find(read, app)
        claimed = app.registered_address
        claimed_key = (
            address_key_from_parts(list(claimed.lines), claimed.postcode) if claimed else None
        )
        own_key = address_key(company.address) if company else None
        own_count = _count_at(read, country, own_key)
        claimed_count = (
            own_count if claimed_key == own_key else _count_at(read, country, claimed_key)
        )
        psc_available = country in loaded.psc_countries
        pscs, psc_version = _pscs(read, country, company.number) if company else ((), None)
        owners = self._chain(read, country, company, pscs) if company and psc_available else ()
        return RegistryEvidence(
            country=country,
            available=True,
            source=self._ref(read, version),
            company=company,
            matched_by=matched_by,
            candidates=candidates,
            address_companies=own_count,
            claimed_address_companies=claimed_count,
            psc_available=psc_available,
            psc_source=self._ref(read, psc_version),
            pscs=pscs,
            corporate_owners=owners,
        )

    def _find(self, read: DbReader, app: Application) -> _Found:
        """(company, its version id, how it was found, the ambiguous candidates)."""
        if app.registration_number:
            found = _company(read, app.country, app.registration_number)
            return (*found, "number", ()) if found else (None, None, None, ())
        address = app.registered_address
        ranked = search_companies(
            self.db,
            app.legal_name,
            country=app.country,
            postcode=address.postcode if address else None,
            city=address.city if address else None,
            limit=NAME_CANDIDATES,
        )
        if is_unambiguous(ranked):
            return ranked[0].record, ranked[0].version_id, "name", ()
        return None, None, None, tuple((c.record, c.score) for c in ranked)

    def _chain(
        self, read: DbReader, country: str, company: CompanyRecord, pscs: Sequence[Psc]
    ) -> tuple[CorporateOwner, ...]:
        """Corporate PSCs followed up to MAX_DEPTH levels, each company visited once."""
        seen = {(company.country, company.number)}
        queue = [(p, 1) for p in pscs if _corporate(p)]
        owners: list[CorporateOwner] = []
        while queue and len(owners) < MAX_CORPORATE_OWNERS:
            psc, depth = queue.pop(0)
            where = _registered_in(psc, country)
            if where is None or where in seen:
                owners.append(CorporateOwner(psc, depth=depth))
                continue
            seen.add(where)
            found = _company(read, *where)
            own, _ = _pscs(read, *where)
            owners.append(CorporateOwner(psc, found[0] if found else None, own, depth))
            if depth < MAX_DEPTH:
                queue += [(p, depth + 1) for p in own if _corporate(p)]
        return tuple(owners)

    def _with_insolvency(self, evidence: RegistryEvidence) -> RegistryEvidence:
        client, company = self.ch_client, evidence.company
        if client is None or company is None or evidence.country != "GB":
            return evidence
        live = DatasetRef(CH_LIVE_DATASET, utc_now().date().isoformat())
        try:
            cases = tuple(client.insolvency(company.number))
        except Exception as exc:  # an API outage must not fail the verification
            return replace(evidence, live_error=_describe(exc))
        return replace(evidence, insolvency=cases, live_source=live)

    def _ref(self, read: DbReader, version: str | None) -> DatasetRef | None:
        if version is None:
            return None
        dataset = self._datasets.get(version)
        if dataset is None:
            dataset = str(read.scalar(_DATASET, {"v": version}) or "unknown")
            self._datasets[version] = dataset
        return DatasetRef(dataset, version)

    # -- the LEI -------------------------------------------------------------------------

    def _lei(self, app: Application, loaded: _Loaded) -> LeiEvidence:
        if not app.lei:
            return LeiEvidence(available=loaded.leis or self.gleif_client is not None)
        lei = "".join(app.lei.split()).upper()
        local = LeiEvidence(available=False)
        if loaded.leis:
            try:
                local = self._lei_local(lei)
            except Exception as exc:  # a broken database must not break the verification
                return LeiEvidence(available=True, error=_describe(exc))
            if local.record is not None or self.gleif_client is None:
                return local
        return self._lei_live(lei) if self.gleif_client is not None else local

    def _lei_local(self, lei: str) -> LeiEvidence:
        with self._reader() as read:
            rows = read.rows(_LEI, {"l": lei})
            if not rows:
                return LeiEvidence(available=True)
            links = [relationship_from_row(r) for r in read.rows(_PARENTS, {"l": lei})]
            parents = [row for link in links for row in read.rows(_LEI, {"l": link.parent})]
            source = self._ref(read, rows[0]["version_id"])
        return LeiEvidence(
            available=True,
            source=source,
            record=lei_from_row(rows[0]),
            relationships=tuple(links),
            parents=tuple({r["lei"]: lei_from_row(r) for r in parents}.values()),
        )

    def _lei_live(self, lei: str) -> LeiEvidence:
        client = self.gleif_client
        assert client is not None
        source = DatasetRef(GLEIF_LIVE_DATASET, utc_now().date().isoformat())
        try:
            record: LeiRecord | None = client.lei_record(lei)
            links: tuple[list[LeiRelationship], list[LeiRecord]] = (
                client.parents(lei) if record else ([], [])
            )
        except Exception as exc:  # an API outage must not fail the verification
            return LeiEvidence(available=True, error=_describe(exc))
        return LeiEvidence(True, source, record, tuple(links[0]), tuple(links[1]))


_Found = tuple[
    CompanyRecord | None, str | None, str | None, tuple[tuple[CompanyRecord, float], ...]
]


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}".splitlines()[0][:300]


def _company(read: DbReader, country: str, number: str) -> tuple[CompanyRecord, str] | None:
    """The stored company and its version id, or None (also for an impossible number)."""
    try:
        wanted = normalise_number(country, number)
    except InvalidNumber:
        return None
    rows = read.rows(_COMPANY, {"c": country, "n": wanted})
    return (company_from_row(rows[0]), rows[0]["version_id"]) if rows else None


def _count_at(read: DbReader, country: str, key: str | None) -> int | None:
    return None if key is None else int(read.scalar(_AT_ADDRESS, {"c": country, "k": key}))


def _pscs(read: DbReader, country: str, number: str) -> tuple[tuple[Psc, ...], str | None]:
    rows = read.rows(_PSCS, {"c": country, "n": number})
    return tuple(psc_from_row(r) for r in rows), (rows[0]["version_id"] if rows else None)


def _corporate(psc: Psc) -> bool:
    return psc.active and ("corporate" in psc.kind or "legal-person" in psc.kind)


def _registered_in(psc: Psc, default_country: str) -> tuple[str, str] | None:
    """(country, normalised number) where a corporate PSC is registered, if we can tell."""
    if not psc.registration_number:
        return None
    country: str | None = default_country
    if psc.registration_country:  # "England", "England And Wales", "Companies House", "Delaware"
        named = psc.registration_country
        country = country_code(named) or ("GB" if _UK_REGISTER.search(named) else None)
    if country is None:
        return None
    try:
        return country, normalise_number(country, psc.registration_number)
    except InvalidNumber:
        return None
