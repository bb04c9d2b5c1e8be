"""What the demo's create-product function does when its module is loaded, before the
first request: the imports (Powertools, pydantic, boto3), the observability objects,
the resolver, the request model and the DynamoDB table resource.

The demo builds the table handler on the first request; it is built here, at load,
because this project's binaries build their SDK client before they ask for the first
event, and the two cold starts are compared over the same work.
"""

import os

import boto3
from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.utilities.parser import parse  # noqa: F401  (used per request)
from aws_lambda_powertools.utilities.parser.models import APIGatewayProxyEventModel
from pydantic import BaseModel, Field, Json

from talk_demo.models import CreateProductBody

logger = Logger()
tracer = Tracer()
metrics = Metrics()
app = APIGatewayRestResolver(enable_validation=True)


class ProductPath(BaseModel):
    """The path parameters: a product id of exactly 36 characters."""

    product_id: str = Field(min_length=36, max_length=36)


class CreateProductRequest(APIGatewayProxyEventModel):
    """The whole API Gateway event, as the Powertools parser reads it."""

    pathParameters: ProductPath  # type: ignore[assignment]
    body: Json[CreateProductBody]  # type: ignore[assignment]


table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
