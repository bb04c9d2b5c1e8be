"""The demo's standardized event (`{"data", "metadata"}`) and the PutEvents requests
that carry it to EventBridge.

As in the demo, requests are cut by count only, ten entries each (the PutEvents limit),
and no entry size is checked; `Time` is left out, so EventBridge stamps the arrival.
"""

import re
from datetime import datetime
from typing import Any, Generic, Iterator, Sequence, TypeVar
from uuid import uuid4

from pydantic import BaseModel, ConfigDict, Field, SerializeAsAny

from talk_demo.models import utc_now

#: PutEvents takes 1 to 10 entries per request.
MAX_ENTRIES = 10

M = TypeVar("M", bound=BaseModel)


class EventMetadata(BaseModel):
    """The standard keys of every event; a caller's extra keys are kept beside them."""

    model_config = ConfigDict(extra="allow")

    event_name: str
    event_source: str
    event_version: str = "v1"
    correlation_id: str = Field(default_factory=lambda: str(uuid4()))
    created_at: datetime = Field(default_factory=utc_now)


class Event(BaseModel, Generic[M]):
    """One model and its metadata.

    `SerializeAsAny`: without it pydantic would write the data with the fields of the
    bound (`BaseModel`, none) rather than those of the model it holds.
    """

    data: SerializeAsAny[M]
    metadata: EventMetadata


# A capital letter that does not start the name starts a new word.
_WORD_START = re.compile(r"(?<!^)(?=[A-Z])")


def event_name_of(model: BaseModel) -> str:
    """`ProductChangeNotification` -> `PRODUCT_CHANGE_NOTIFICATION`."""
    return _WORD_START.sub("_", type(model).__name__).upper()


def build_events(
    models: Sequence[BaseModel],
    source: str,
    correlation_id: str = "",
    **extra_metadata: Any,
) -> list[Event]:
    """One event per model, in order, all sharing one correlation id (a new UUID v4
    unless given), as the demo's stream processor calls it once per batch."""
    correlation_id = correlation_id or str(uuid4())
    return [
        Event(
            data=model,
            metadata=EventMetadata(
                event_name=event_name_of(model),
                event_source=source,
                correlation_id=correlation_id,
                **extra_metadata,
            ),
        )
        for model in models
    ]


def put_events_requests(
    events: Sequence[Event], bus_name: str, trace_header: str | None = None
) -> Iterator[list[dict[str, str]]]:
    """The `Entries` of each PutEvents request, ten events at most each."""
    for start in range(0, len(events), MAX_ENTRIES):
        entries = []
        for event in events[start : start + MAX_ENTRIES]:
            entry = {
                "Source": event.metadata.event_source,
                "DetailType": event.metadata.event_name,
                "Detail": event.model_dump_json(),
                "EventBusName": bus_name,
            }
            if trace_header:
                entry["TraceHeader"] = trace_header
            entries.append(entry)
        yield entries
