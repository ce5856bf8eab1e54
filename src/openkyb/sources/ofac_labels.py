"""OFAC's identifier labels ("Passport", "Cedula No.", "Tax ID No." ...) and their kinds.

The same labels appear in the legacy CSV remarks, in the enhanced XML (identity document
types and features) and in the trade.gov Consolidated Screening List ``ids`` column.
"""

from __future__ import annotations

import re

_PASSPORT = """Passport|Diplomatic Passport|British National Overseas Passport|Stateless Person
Passport|Travel Document Number"""
_NATIONAL_ID = """National ID No.|National ID|Cedula No.|SSN|D.N.I.|N.I.E.|Bosnian Personal ID No.|
Credencial electoral|Kenyan ID No.|C.I.N.|Moroccan Personal ID No.|Public Security and
Immigration No.|C.U.R.P.|Immigration No.|Electoral Registry No.|Identification Number|National
Foreign ID Number|Cartilla de Servicio Militar Nacional|C.U.I.P.|Personal ID Card|VisaNumberID|
Residency Number|CNP (Personal Numerical Code)|Romanian Permanent Resident|Turkish Identification
Number|Stateless Person ID Card|Refugee ID Card|Numero de Identidad|Tazkira National ID Card|
I.F.E.|Citizen's Card Number|UAE Identification|Birth Certificate Number|C.U.I.|Seafarer's
Identification Document|Military Registration Number|Driver's License No.|Pilot License Number|
Identification Card|National Identification Number"""
_TAX = """Tax ID No.|R.F.C.|RFC|NIT #|US FEIN|RUC #|C.I.F.|RIF #|V.A.T. Number|Italian Fiscal Code|
C.U.I.T.|Paraguayan tax identification number|Numero Unico de Identificacao Tributaria (NUIT)|
Fiscal Code|Romanian Tax Registration|N.I.F.|RTN|RSIN|INN"""
_REGISTRATION = """Registration ID|Registration Number|Business Registration Document #|LE Number|
Registered Charity No.|C.R. No.|UK Company Number|Company Number|Dubai Chamber of Commerce
Membership No.|Trade License No.|Commercial Registry Number|Certificate of Incorporation Number|
Tourism License No.|Registration Certificate Number (Dubai)|Matricula Mercantil No|Government
Gazette Number|Romanian C.R.|Folio Mercantil No.|Istanbul Chamber of Comm. No.|Afghan Money
Service Provider License Number|Public Registration Number|SRE Permit No.|License|Branch Unit
Number|Enterprise Number|Organization Code|United Social Credit Code Certificate (USCCC)|Unified
Social Credit Code (USCC)|Chamber of Commerce Number|Business Number|Business Registration
Number|MSB Registration Number|File Number|Central Registration System Number|Economic Register
Number (CBLS)|Permit Number|Russian State Individual Business Registration Number Pattern
(OGRNIP)|Legal Entity Number|OGRN"""
_OTHER = """MMSI|D-U-N-S Number|BIK (RU)|ISIN|Aircraft Serial Identification|Aircraft Manufacturer's
Serial Number (MSN)|Aircraft Tail Number|Previous Aircraft Tail Number|Aircraft Construction
Number (also called L/N or S/N or F/N)|Aircraft Mode S Transponder Code|Serial No.|Trademark
number|Global Intermediary Identification Number|Vessel Call Sign|Call Sign"""


def _labels(block: str) -> list[str]:
    return [label.strip() for label in block.replace("\n", " ").split("|") if label.strip()]


LABEL_KINDS: dict[str, str] = {
    label.lower(): kind
    for kind, block in (
        ("passport", _PASSPORT),
        ("national_id", _NATIONAL_ID),
        ("tax", _TAX),
        ("registration", _REGISTRATION),
        ("other", _OTHER),
        ("imo", "Vessel Registration Identification|IMO"),
        ("swift", "SWIFT/BIC|SWIFT"),
    )
    for label in _labels(block)
}
_LEI = re.compile(r"^[A-Z0-9]{18}[0-9]{2}$")
_CRYPTO = r"Digital Currency Address - [A-Z0-9]+"
# Longest first so that "Diplomatic Passport" wins over "Passport".
_ALTERNATION = "|".join(
    [_CRYPTO, *(re.escape(label) for label in sorted(LABEL_KINDS, key=len, reverse=True))]
)
LABEL_PATTERN = re.compile(rf"^(?P<label>{_ALTERNATION})(?=[\s:#]|$)[\s:#]*", re.I)


def identifier_kind(label: str, value: str = "") -> str | None:
    """The Identifier.type for an OFAC label, or None when the label is not an identifier.

    A "Legal Entity Number" that has the shape of an LEI is ``lei``; crypto wallet
    addresses are ``other``.
    """
    key = " ".join(label.split()).lower().rstrip(":")
    if key.startswith("digital currency address"):
        return "other"
    kind = LABEL_KINDS.get(key)
    if kind == "registration" and key == "legal entity number" and _LEI.match(value):
        return "lei"
    return kind


def imo_number(value: str) -> str:
    """``"IMO 9187629"`` as ``"9187629"``; other values unchanged."""
    return re.sub(r"^IMO[\s:#]*", "", value.strip(), flags=re.I)
