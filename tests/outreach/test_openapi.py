"""The OpenAPI document: every write has an example, and the examples, sent in order, are all accepted."""

import re

from tests.outreach.helpers import event_count


def _example(document: dict, operation: dict) -> dict:
    reference = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = document["components"]["schemas"][reference.rsplit("/", 1)[1]]
    assert schema.get("examples"), f"{reference} has no example"
    return schema["examples"][0]


async def test_every_documented_example_is_accepted(outreach, outreach_client):
    document = (await outreach_client.get("/openapi.json")).json()
    assert (await outreach_client.get("/docs")).status_code == 200
    ids: dict[str, str] = {}
    posted = 0
    for path, item in document["paths"].items():
        if "post" not in item or path == "/v1/import":  # the bulk import takes NDJSON, CSV or an array
            continue
        concrete = re.sub(r"\{(\w+)\}", lambda m: ids[m.group(1)], path)
        response = await outreach_client.post(concrete, json=_example(document, item["post"]))
        assert response.status_code == 201, (path, response.text)
        ids.update({k: v for k, v in response.json().items() if k.endswith("_id")})
        posted += 1
    assert posted == 22
    assert await event_count(outreach) == posted
