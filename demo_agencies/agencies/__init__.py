"""The eight demo agencies, by code. Each module holds one agency's description and queries."""

from __future__ import annotations

from demo_agencies.services import Agency

from . import eqe, mia, napr, nbe, psda, rs, ssa, utilities

AGENCIES: dict[str, Agency] = {
    module.AGENCY.code: module.AGENCY for module in (psda, napr, rs, mia, nbe, ssa, utilities, eqe)
}
