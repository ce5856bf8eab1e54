"""The plain implementation openkyb is measured against (ANCHORS.md, "HTTP API with persistence").

FastAPI + a pydantic model of about 25 fields, validated and stored with the SQLAlchemy 2 ORM
as a JSON document plus indexed columns, then echoed. No checks, no decision: it is the cost
of the web stack and the database alone, so ``openkyb / peer`` shows what our work adds.
Run by ``benchmarks/verify.py``; not part of the product.
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI
from sqlalchemy import JSON, DateTime, String, create_engine
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from openkyb.applications import Application
from openkyb.store.db import normalize_url


class Base(DeclarativeBase):
    pass


class Record(Base):
    __tablename__ = "peer_records"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    legal_name: Mapped[str] = mapped_column(String(300), index=True)
    country: Mapped[str] = mapped_column(String(2))
    document: Mapped[dict[str, Any]] = mapped_column(JSON().with_variant(JSONB(), "postgresql"))


engine = create_engine(normalize_url(os.environ["PEER_DATABASE_URL"]), pool_size=10)
Base.metadata.create_all(engine)
app = FastAPI()


@app.post("/v1/verifications", status_code=201)
def create(application: Application) -> dict[str, Any]:
    document = application.model_dump(mode="json")
    record = Record(
        id=str(uuid.uuid4()),
        created_at=datetime.now(UTC),
        legal_name=application.legal_name,
        country=application.country,
        document=document,
    )
    with Session(engine, expire_on_commit=False) as session, session.begin():
        session.add(record)
    return {"id": record.id, "application": document}
