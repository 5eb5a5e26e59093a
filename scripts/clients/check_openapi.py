"""The API description served at /api/v1/openapi.json is valid OpenAPI 3 (openapi-spec-validator)."""
import json
import sys
import urllib.request

from openapi_spec_validator import validate

base = sys.argv[1]
with urllib.request.urlopen(f"{base}/api/v1/openapi.json") as response:
    assert response.status == 200, response.status
    document = json.load(response)
validate(document)
paths = document.get("paths", {})
assert any(p.startswith("/api/v1/") for p in paths), "no /api/v1 path described"
print(f"openapi.json: valid OpenAPI {document['openapi']}, {len(paths)} paths")
