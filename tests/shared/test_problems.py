"""A value the database cannot store is the request's fault: a 422 problem, never a 500."""

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text

from kernel.db import make_engine
from kernel.problems import install_problem_handlers


def test_a_data_exception_from_postgresql_becomes_a_422_problem(postgres_server):
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/echo/{value}")
    async def echo(value: str):
        engine = make_engine(postgres_server.url("postgres"))
        try:
            async with engine.connect() as conn:
                return {"value": (await conn.execute(text("SELECT CAST(:v AS text)"), {"v": value})).scalar()}
        finally:
            await engine.dispose()

    with TestClient(app) as client:
        assert client.get("/echo/fine").json() == {"value": "fine"}
        response = client.get("/echo/a%00b")
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
