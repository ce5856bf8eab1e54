"""The Companies House PSC snapshot parser (uk-ch-psc) and the shared PSC mapping."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openkyb.registry.formats import get_registry_format
from openkyb.registry.model import Psc
from openkyb.registry.sources.ch_psc import band, nature_text, parse, psc_from_register
from openkyb.sources.model import ParseIssue
from openkyb.sources.registry import Published
from tests.helpers import shared_data

SAMPLES = "registries/uk_companies_house/psc_and_company_openownership"
TOTALS = {
    "data": {
        "kind": "totals#persons-of-significant-control-snapshot",
        "persons_of_significant_control_count": 2,
        "statements_count": 1,
        "exemptions_count": 0,
        "generated_at": "2024-11-22T03:43:03Z",
    }
}


def _split(items: Any) -> tuple[list[Psc], list[ParseIssue], list[Published]]:
    pscs, issues, published = [], [], []
    for item in items:
        if isinstance(item, Psc):
            pscs.append(item)
        elif isinstance(item, ParseIssue):
            issues.append(item)
        else:
            assert isinstance(item, Published)
            published.append(item)
    return pscs, issues, published


def _line(number: str, **data: Any) -> str:
    return json.dumps({"company_number": number, "data": data})


def test_format_is_registered() -> None:
    fmt = get_registry_format("uk-ch-psc")
    assert fmt is not None and fmt.kind == "psc"
    assert fmt.dataset_for(Path("x.zip")) == "gb-companies-house-psc"


def test_sample_files_in_json_arrays() -> None:
    pscs, issues, published = _split(parse(shared_data(SAMPLES)))
    assert len(pscs) == 19
    assert published == [Published("2024-11-22")]
    # The samples are extracts: the totals line states the whole register's counts.
    assert len(issues) == 1 and issues[0].location == "totals"
    kinds = {p.kind for p in pscs}
    assert {
        "individual-person-with-significant-control",
        "corporate-entity-person-with-significant-control",
        "legal-person-person-with-significant-control",
        "super-secure-person-with-significant-control",
        "persons-with-significant-control-statement",
        "corporate-entity-beneficial-owner",
    } <= kinds


def test_each_sample_file_parses() -> None:
    for file in sorted(shared_data(SAMPLES).glob("psc-data-*.json")):
        pscs, issues, _ = _split(parse(file))
        assert pscs, file.name
        assert all(i.location == "totals" for i in issues), issues


def test_corporate_psc_fields() -> None:
    pscs, _, _ = _split(parse(shared_data(SAMPLES) / "psc-data-2.json"))
    psc = pscs[0]
    assert (psc.company_number, psc.name, psc.psc_id) == (
        "07434180",
        "Robert Hitchins Limited",
        "4VX8NR7hszDG1wJAzQS9Oi7Z5c4",
    )
    assert (psc.ownership_min, psc.ownership_max, psc.voting_min, psc.voting_max) == (
        75,
        100,
        75,
        100,
    )
    assert (psc.registration_number, psc.registration_country, psc.legal_form) == (
        "00686734",
        "England & Wales",
        "Private Limited Company",
    )
    assert psc.notified_on == date(2016, 4, 6) and psc.active
    assert psc.address["postal_code"] == "GL51 0TJ"


def test_json_lines_with_bad_lines_and_totals(tmp_path: Path) -> None:
    lines = [
        _line(
            "8209948",
            kind="individual-person-with-significant-control",
            name="Mr A B",
            links={"self": "/company/08209948/persons-with-significant-control/individual/abc"},
            date_of_birth={"month": 12, "year": 1961},
            natures_of_control=["ownership-of-shares-25-to-50-percent"],
        ),
        "{not json",
        "",
        _line(
            "08209948",
            kind="persons-with-significant-control-statement",
            statement="psc-details-not-confirmed",
            links={"self": "/company/08209948/persons-with-significant-control-statements/xyz"},
        ),
        _line("08209948", name="no kind"),
        json.dumps({"company_number": "1"}),
        json.dumps(TOTALS),
    ]
    path = tmp_path / "persons-with-significant-control-snapshot-2024-11-22.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("psc-snapshot-2024-11-22_1of1.txt", "\n".join(lines) + "\n")
    pscs, issues, published = _split(parse(path))
    assert [p.psc_id for p in pscs] == ["abc", "xyz"]
    assert (pscs[0].company_number, pscs[0].birth_year, pscs[0].birth_month) == (
        "08209948",
        1961,
        12,
    )
    assert pscs[1].is_statement and pscs[1].statement == "psc-details-not-confirmed"
    assert published == [Published("2024-11-22")]
    assert [i.location.rsplit(" ", 1)[-1] for i in issues] == ["2", "5", "6", "totals"]
    assert "states 2 PSCs" in issues[-1].reason


@pytest.mark.parametrize(
    ("natures", "ownership", "voting"),
    [
        (["ownership-of-shares-25-to-50-percent"], (25, 50), (None, None)),
        (["ownership-of-shares-50-to-75-percent-as-trust"], (50, 75), (None, None)),
        (["voting-rights-75-to-100-percent-as-firm"], (None, None), (75, 100)),
        (
            [
                "ownership-of-shares-25-to-50-percent",
                "ownership-of-shares-75-to-100-percent-as-trust",
            ],
            (75, 100),
            (None, None),
        ),
        (
            [
                "right-to-share-surplus-assets-50-to-75-percent-limited-liability-partnership",
                "voting-rights-25-to-50-percent-limited-liability-partnership",
            ],
            (50, 75),
            (25, 50),
        ),
        (
            ["ownership-of-shares-more-than-25-percent-registered-overseas-entity"],
            (25, 100),
            (None, None),
        ),
        (
            ["right-to-appoint-and-remove-directors", "significant-influence-or-control"],
            (None, None),
            (None, None),
        ),
        ([], (None, None), (None, None)),
    ],
)
def test_natures_of_control_bands(
    natures: list[str],
    ownership: tuple[int | None, int | None],
    voting: tuple[int | None, int | None],
) -> None:
    codes = tuple(natures)
    assert (
        band(
            codes,
            ("ownership-of-shares-", "right-to-share-surplus-assets-", "part-right-to-share-"),
        )
        == ownership
    )
    assert band(codes, ("voting-rights-",)) == voting
    psc = psc_from_register(
        "1",
        {
            "kind": "individual-person-with-significant-control",
            "links": {"self": "/x/y"},
            "natures_of_control": natures,
        },
    )
    assert ((psc.ownership_min, psc.ownership_max), (psc.voting_min, psc.voting_max)) == (
        ownership,
        voting,
    )


def test_statements_exemptions_and_super_secure() -> None:
    exemption = psc_from_register(
        "SC123",
        {
            "kind": "exemptions",
            "links": {"self": "/company/SC123/exemptions"},
            "exemptions": {"psc-exempt-as-trading-on-regulated-market": {}},
        },
    )
    assert (exemption.psc_id, exemption.statement, exemption.is_statement) == (
        "exemptions",
        "psc-exempt-as-trading-on-regulated-market",
        True,
    )
    secure = psc_from_register(
        "02443921",
        {
            "kind": "super-secure-person-with-significant-control",
            "description": "super-secure-persons-with-significant-control",
            "links": {"self": "/a/NcZ"},
        },
    )
    assert (
        secure.name is None and secure.statement == "super-secure-persons-with-significant-control"
    )
    with pytest.raises(ValueError, match="self link"):
        psc_from_register("1", {"kind": "individual-person-with-significant-control"})


def test_nature_text() -> None:
    assert (
        nature_text("ownership-of-shares-75-to-100-percent") == "Ownership of shares – 75% or more"
    )
    assert nature_text("no-individual-or-entity-with-signficant-control").startswith(
        "The company knows"
    )
    assert nature_text("unknown-code") == "unknown-code"


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.one_of(
        st.binary(max_size=300),
        st.lists(
            st.one_of(
                st.text(max_size=40),
                st.just(json.dumps(TOTALS)),
                st.just(_line("1", kind="k", links={"self": 3})),
            ),
            max_size=5,
        ).map(lambda xs: "\n".join(xs).encode()),
        st.sampled_from([b"[", b"[1, {}]", b'[{"data": []}]', b"{}\n[]\n"]),
    )
)
def test_arbitrary_input_never_raises_but_value_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "psc.txt"
    path.write_bytes(data)
    try:
        items = list(parse(path))
    except ValueError:
        return
    assert all(isinstance(i, (Psc, ParseIssue, Published)) for i in items)
