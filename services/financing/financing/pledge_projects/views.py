"""A pledge-financing project as recorded now, for the read endpoints."""

from __future__ import annotations

from financing.pledge_projects.domain import PledgeProject, Support
from financing.pledge_projects.events import SupportRecord
from financing.pledge_projects.schemas import GuaranteeView, PledgeProjectView, RiskCompensationView, SubsidyView


def subsidy_view(s: Support) -> SubsidyView:
    assert s.starts is not None and s.until is not None
    return SubsidyView(subsidy_id=s.record_id, kind=s.kind, amount_cny=s.amount_cny, granted_on=s.on, period_from=s.starts,
                       period_to=s.until, retracted_on=s.retracted_on, retraction_reason=s.retraction_reason)


def compensation_view(s: Support) -> RiskCompensationView:
    return RiskCompensationView(compensation_id=s.record_id, payer=s.kind, amount_cny=s.amount_cny, paid_on=s.on,
                                retracted_on=s.retracted_on, retraction_reason=s.retraction_reason)


def guarantee_view(s: Support) -> GuaranteeView:
    assert s.party is not None and s.until is not None
    return GuaranteeView(guarantee_id=s.record_id, kind=s.kind, provider=s.party, cover_cny=s.amount_cny, covers_from=s.on,
                         covers_to=s.until, retracted_on=s.retracted_on, retraction_reason=s.retraction_reason)


SUPPORT_VIEWS = {
    SupportRecord.SUBSIDY: subsidy_view,
    SupportRecord.RISK_COMPENSATION: compensation_view,
    SupportRecord.GUARANTEE: guarantee_view,
}


def project_view(state: PledgeProject, version: int) -> PledgeProjectView:
    assert state.project_id is not None and state.enterprise is not None and state.registered_on is not None
    return PledgeProjectView(
        project_id=state.project_id, enterprise=state.enterprise, region=state.region, lender=state.lender,
        amount_cny=state.amount_cny, registered_on=state.registered_on, pledged_rights=list(state.pledged_rights),
        released_on=state.released_on, defaulted_on=state.defaulted_on, outstanding_cny=state.outstanding_cny,
        retracted_on=state.retracted_on, retraction_reason=state.retraction_reason,
        subsidies=[subsidy_view(s) for s in state.support_of(SupportRecord.SUBSIDY)],
        risk_compensations=[compensation_view(s) for s in state.support_of(SupportRecord.RISK_COMPENSATION)],
        guarantees=[guarantee_view(s) for s in state.support_of(SupportRecord.GUARANTEE)],
        stream_version=version,
    )
