from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path

from kernel.auth import Reader
from kernel.commands import CommandBus, UnitOfWork, command_bus
from kernel.domain.dates import today
from kernel.domain.enterprise import AS_RECORDED
from kernel.endpoints import CHANGE_RESPONSES, WRITE_RESPONSES, Engine
from kernel.problems import NotFound
from kernel.reads import load_state
from training.brand_library import domain
from training.brand_library.schemas import AdmitBrand, EntryView, EntryWritten, GraduateBrand, RemoveBrand, RetractEntry

router = APIRouter(prefix="/v1/brand-library/entries", tags=["brand incubation"])
Commands = Annotated[CommandBus, Depends(command_bus("training"))]
EntryId = Annotated[str, Path(min_length=1, max_length=64)]


def _location(answer: EntryWritten) -> str:
    return f"{router.prefix}/{answer.entry_id}"


@router.post("", status_code=201, response_model=EntryWritten, responses=WRITE_RESPONSES, description=AS_RECORDED,
             summary="Record that an enterprise's brand was admitted to the brand incubation library (measure 13)")
async def admit_brand(body: AdmitBrand, commands: Commands):
    async def handle(uow: UnitOfWork) -> EntryWritten:
        library = await uow.load_enterprise(domain.BRAND_LIBRARY, body.enterprise)
        events = domain.admit(
            library.state, enterprise=body.enterprise, trademark=body.trademark,
            registration_number=body.registration_number, admitted_on=body.admitted_on, today=today(),
        )
        return EntryWritten(entry_id=events[0].entry_id, stream_version=uow.record(library, events))

    return await commands.run(handle, location=_location)


async def _change(commands: CommandBus, entry_id: str, decide, **arguments):
    """Apply one decision to an existing entry, within the region of the entry's enterprise."""
    uscc = domain.dossier_key(entry_id)
    if uscc is None:
        raise NotFound("brand library entry", entry_id)
    return await commands.change(
        domain.BRAND_LIBRARY, uscc,
        lambda library: decide(library, entry_id=entry_id, **arguments, today=today()),
        lambda version: EntryWritten(entry_id=entry_id, stream_version=version),
        location=f"{router.prefix}/{entry_id}", region_of=lambda library: domain.region_of_entry(library, entry_id),
        region_field="enterprise.region",
    )


@router.post("/{entry_id}/graduation", status_code=201, response_model=EntryWritten, responses=CHANGE_RESPONSES,
             summary="Record that the brand graduated from the library")
async def graduate_brand(entry_id: EntryId, body: GraduateBrand, commands: Commands):
    return await _change(commands, entry_id, domain.graduate, graduated_on=body.graduated_on)


@router.post("/{entry_id}/removal", status_code=201, response_model=EntryWritten, responses=CHANGE_RESPONSES,
             summary="Record that the brand was removed from the library")
async def remove_brand(entry_id: EntryId, body: RemoveBrand, commands: Commands):
    return await _change(commands, entry_id, domain.remove, removed_on=body.removed_on, reason=body.reason)


@router.post("/{entry_id}/retraction", status_code=201, response_model=EntryWritten, responses=CHANGE_RESPONSES,
             summary="Retract a library entry: it no longer counts")
async def retract_entry(entry_id: EntryId, body: RetractEntry, commands: Commands):
    return await _change(commands, entry_id, domain.retract, reason=body.reason)


@router.get("/{entry_id}", response_model=EntryView, summary="A brand library entry as recorded now")
async def get_entry(entry_id: EntryId, engine: Engine, reader: Reader) -> EntryView:
    uscc = domain.dossier_key(entry_id)
    state, version = await load_state(engine, domain.BRAND_LIBRARY, uscc, reader) if uscc else (None, 0)
    entry = state.entries.get(entry_id) if state is not None else None
    if entry is None:
        raise NotFound("brand library entry", entry_id)
    reader.require_read_region(entry.enterprise.region)  # the library holds an enterprise's entries: each checked
    return EntryView(
        entry_id=entry.entry_id, enterprise=entry.enterprise, trademark=entry.trademark,
        registration_number=entry.registration_number, admitted_on=entry.admitted_on, status=entry.status,
        graduated_on=entry.graduated_on, removed_on=entry.removed_on, removal_reason=entry.removal_reason,
        retracted_on=entry.retracted_on, retraction_reason=entry.retraction_reason, stream_version=version,
    )
