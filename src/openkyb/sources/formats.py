"""Imports every parser module so each registers its format."""

from openkyb.sources import (  # noqa: F401
    au_dfat,
    bis_dpl,
    ca_sema,
    eu_journal,
    ftm,
    ofac_csv,
    ofac_xml,
    os_curated,
    senzing,
    uk_ofsi,
    un_xml,
    us_csl,
)
