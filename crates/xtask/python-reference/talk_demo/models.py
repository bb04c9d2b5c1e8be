"""The demo's two models in pydantic v2: the create body its API validates, and the
notification its stream processor publishes."""

from datetime import datetime, timezone
from typing import Annotated, Literal

from pydantic import BaseModel, Field, PositiveInt


class CreateProductBody(BaseModel):
    """The body of `PUT /api/product/{product_id}`.

    The demo's limits: a name of 1 to 20 characters and a price that is a positive
    integer. pydantic's default (lax) mode is kept, as in the demo: it accepts a price
    of "5" and ignores unknown fields, which this project refuses.
    """

    name: Annotated[str, Field(min_length=1, max_length=20)]
    price: PositiveInt


def utc_now() -> datetime:
    """The time a notification or an event is made, when none is given."""
    return datetime.now(timezone.utc)


class ProductChangeNotification(BaseModel):
    """What the stream processor publishes for one DynamoDB stream record."""

    product_id: str
    status: Literal["ADDED", "REMOVED", "UPDATED"]
    created_at: datetime = Field(default_factory=utc_now)
