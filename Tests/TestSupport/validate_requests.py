"""Checks JSON 1.1 request bodies against botocore's service models: unknown members, missing
required members and wrong types, which moto lets through and AWS does not.
Reads one JSON object per line ({"service", "operation", "body"}); prints a JSON list of
problems."""
import json
import sys

import botocore.session
from botocore.validate import ParamValidator

session = botocore.session.get_session()
problems = []
for line in sys.stdin:
    if not line.strip():
        continue
    request = json.loads(line)
    operation = session.get_service_model(request["service"]).operation_model(request["operation"])
    report = ParamValidator().validate(json.loads(request["body"] or "{}"), operation.input_shape)
    if report.has_errors():
        problems.append(f'{request["service"]}.{request["operation"]}: {report.generate_report()}')
print(json.dumps(problems))
