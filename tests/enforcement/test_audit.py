"""The audit query: who recorded what, and when."""

from tests.enforcement.helpers import center


async def test_audit_lists_each_actors_writes(enforcement_client, auth):
    await enforcement_client.post("/v1/assistance-centers", json=center("a"), headers={**auth(subject="wuhan-bureau"), "Idempotency-Key": "k-a"})
    await enforcement_client.post("/v1/assistance-centers", json=center("b"), headers=auth(subject="yichang-bureau"))
    await enforcement_client.post("/v1/assistance-centers/a/closure", json={"closed_on": "2019-05-01"}, headers=auth(subject="wuhan-bureau"))
    everyone = (await enforcement_client.get("/v1/audit")).json()["entries"]
    wuhan = (await enforcement_client.get("/v1/audit", params={"actor": "wuhan-bureau"})).json()["entries"]
    assert [e["actor"] for e in everyone] == ["wuhan-bureau", "yichang-bureau", "wuhan-bureau"]
    assert [e["type"] for e in wuhan] == ["enforcement.AssistanceCenterRegistered.v1", "enforcement.AssistanceCenterClosed.v1"]
    assert wuhan[0]["idempotency_key"] == "k-a" and wuhan[0]["subject"] == "assistance-center-a"
    future = (await enforcement_client.get("/v1/audit", params={"since": "2100-01-01T00:00:00Z"})).json()["entries"]
    assert future == []
