"""An intranet receiver: the private network listed in PROJECTION_WEBHOOK_ALLOWED_NETWORKS is accepted and
delivered to (a real receiver on 127.0.0.1, the projection on a real port), while every other private address
stays refused with a 422 that names the setting."""

from __future__ import annotations

from kernel.testing.servers import eventually
from tests.projection.test_webhooks_delivery import (  # noqa: F401  (the receiver fixture)
    JAN_1, QUICK, WEBHOOK_SCOPES, Events, apply, just_now, receiver, signature_valid, subscribe,
)

ALLOWED = {**QUICK, "webhook_refuse_private_urls": True, "webhook_allowed_networks": ["127.0.0.1/32"]}


async def test_an_allowed_private_network_is_delivered_to_and_no_other(start_service, projection_settings, client_for, receiver):
    projection = await start_service("projection", **projection_settings, **ALLOWED)
    operator = client_for(projection, scopes=WEBHOOK_SCOPES)
    created = await subscribe(operator, receiver.url("/intranet"), filter={"targets": ["T09a"]})

    port = receiver.service.port
    for url in (f"http://127.0.0.2:{port}/next-door", "http://10.1.2.3/hook", f"http://[::1]:{port}/hook",
                f"http://[::ffff:127.0.0.2]:{port}/hook", f"http://[64:ff9b::7f00:2]:{port}/hook"):
        response = await operator.post("/v1/webhooks", json={"url": url})
        assert response.status_code == 422, (url, response.text)
        assert [e["field"] for e in response.json()["errors"]] == ["url"]
        assert "PROJECTION_WEBHOOK_ALLOWED_NETWORKS" in response.json()["detail"], url
    assert [s["id"] for s in (await operator.get("/v1/webhooks")).json()["items"]] == [created["id"]]

    events = Events()
    events.matchmaking(JAN_1, at=just_now())  # T09a: at_risk -> met
    await apply(projection, events)
    [hit] = await eventually(lambda: receiver.delivered("/intranet"), message="delivered to the allowed receiver")
    assert signature_valid(created["secret"], hit) and hit.data["target"] == "T09a"
    [delivery] = (await operator.get(f"/v1/webhooks/{created['id']}/deliveries")).json()["items"]
    assert (delivery["state"], delivery["last_status_code"]) == ("delivered", 204)


async def test_a_receiver_whose_network_is_no_longer_allowed_is_refused_at_delivery(start_service, projection_settings, client_for, receiver):
    first = await start_service("projection", **projection_settings, **ALLOWED)
    created = await subscribe(client_for(first, scopes=WEBHOOK_SCOPES), receiver.url("/withdrawn"), filter={"targets": ["T09a"]})
    await first.stop()
    second = await start_service("projection", **projection_settings, **{**ALLOWED, "webhook_allowed_networks": []})

    events = Events()
    events.matchmaking(JAN_1, at=just_now())
    await apply(second, events)
    operator = client_for(second, scopes=WEBHOOK_SCOPES)

    async def refused():
        items = (await operator.get(f"/v1/webhooks/{created['id']}/deliveries")).json()["items"]
        return items if items and items[0]["last_error"] else None

    [delivery] = await eventually(refused, message="the attempt was refused")
    assert delivery["last_error"].startswith("refused") and "127.0.0.1" in delivery["last_error"]
    assert receiver.at("/withdrawn") == []
