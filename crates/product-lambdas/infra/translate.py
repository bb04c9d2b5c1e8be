"""Translates the SAM template into the CloudFormation that SAM itself would deploy, as JSON on stdout.

Offline: aws-sam-translator is the library the SAM CLI and CloudFormation's SAM transform use. The
template is read with cfn-lint's YAML reader, which understands the short forms (!Ref, !GetAtt, !Sub).
No managed policy is looked up: the template attaches none (every role is written out), so the loader
answers with an empty map and a managed policy name would fail the translation.
"""

import json
import sys

from cfnlint.decode import decode
from samtranslator.translator.transform import transform


class NoManagedPolicies:
    """The translator asks for managed policy ARNs only when a function lists one by name."""

    def load(self):
        return {}


def packaged(template):
    """Points each function's local `CodeUri` at an S3 object, as `sam package` does after uploading."""
    for name, resource in template.get("Resources", {}).items():
        if resource.get("Type") == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = f"s3://packaged-artifacts/{name}.zip"


def main(path, stage):
    template, problems = decode(path)
    if problems:
        for problem in problems:
            print(f"{path}: {problem}", file=sys.stderr)
        return 1
    packaged(template)
    translated = transform(template, {"Stage": stage}, NoManagedPolicies())
    json.dump(translated, sys.stdout, indent=1, sort_keys=True, default=str)
    print()
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print("usage: translate.py TEMPLATE STAGE", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
