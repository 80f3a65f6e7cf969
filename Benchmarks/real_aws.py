#!/usr/bin/env python3
"""Benchmarks against moto behind the test proxy's real-AWS mode (CREATING states, IAM
propagation, per-account rate limits, added latency): apply over AWS's critical path, no-op
plans in a crowded account, stacks of many pipelines, and a distant region.
Usage: Benchmarks/run --real-aws [--runs N] (called by bench.py)"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from bench import measure  # noqa: E402


class BehaviourProxy:
    """moto behind the real-AWS mode, from the aws-behaviour-proxy executable."""

    def __init__(self, executable, *options):
        self.process = subprocess.Popen([executable, *options], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.description = json.loads(self.process.stdout.readline())

    def warm(self, binary, base, work):
        """moto loads each service's code on its first call (about a second): not measured."""
        measure([binary, "plan", demo_copy(work, "warm")], self.env(base))

    def env(self, base):
        return dict(base, AWS_ENDPOINT_URL=self.description["endpoint"],
                    MOTO_ENDPOINT=self.description["moto_endpoint"],
                    AWS_ACCESS_KEY_ID=self.description["access_key_id"],
                    AWS_SECRET_ACCESS_KEY=self.description["secret_access_key"])

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


def calls_and_time(binary, arguments, env):
    seconds, _, _, stderr = measure([binary, *arguments, "--verbose"], env, expect=(0, 2))
    return sum(1 for line in stderr.splitlines() if line.startswith("aws: ")), seconds


def pipelines_stack(directory, name, count):
    """A stack of `count` copies of the demo pipeline."""
    lines = [f"stack: {name}", "region: sa-east-1", "resources:"]
    for index in range(count):
        lines += [
            f"  s{index}:", "    type: kinesis.stream", f"    properties: {{ name: {name}-s{index}, shards: 1 }}",
            f"  b{index}:", "    type: s3.bucket", f"    properties: {{ name: \"{name}-b{index}-${{aws.account_id}}\", force_destroy: true }}",
            f"  d{index}:", "    type: firehose.delivery_stream", "    properties:",
            f"      name: {name}-d{index}", f"      source: {{ kinesis_stream: \"${{s{index}.arn}}\" }}",
            f"      s3: {{ bucket: \"${{b{index}.arn}}\", buffering: {{ size_mb: 5, interval_seconds: 60 }} }}",
        ]
    path = os.path.join(directory, f"{name}.yaml")
    with open(path, "w") as file:
        file.write("\n".join(lines) + "\n")
    return path


def demo_copy(directory, tag):
    with open(os.path.join(ROOT, "Stacks", "firehose-demo.yaml")) as original:
        text = original.read().replace("firehose-demo", f"bench-{tag}").replace("stream1", f"st-{tag}")
    path = os.path.join(directory, f"demo-{tag}.yaml")
    with open(path, "w") as file:
        file.write(text)
    return path


def create_streams(env, names):
    """Other streams of the account, made in moto directly: AWS would take them at five
    CREATING at a time, which is the account's business, not the plan's being measured."""
    import boto3
    kinesis = boto3.client("kinesis", endpoint_url=env["MOTO_ENDPOINT"], region_name="sa-east-1",
                           aws_access_key_id=env["AWS_ACCESS_KEY_ID"], aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"])
    for name in names:
        kinesis.create_stream(StreamName=name, ShardCount=1)


def critical_path_row(binary, proxy_binary, base_env, work, runs, name, *options):
    """The demo's create apply against the critical path of the proxy's timings: the stream's
    CREATING (the role is created alongside, so IAM propagation overlaps it) plus the delivery
    stream's."""
    proxy = BehaviourProxy(proxy_binary, *options)
    proxy.warm(binary, base_env, work)
    env = proxy.env(base_env)
    timings = proxy.description["timings"]
    critical = max(timings["stream_creating"], timings["role_propagation"]) + timings["delivery_creating"]
    applies = []
    for run in range(runs):
        stack = demo_copy(work, f"cp{run}")
        applies.append(measure([binary, "apply", stack, "--auto-approve"], env)[0])
        measure([binary, "destroy", stack, "--auto-approve"], env)
    proxy.close()
    apply = statistics.median(applies)
    goal = 1.1 * critical + 1
    return (name, f"{apply:.2f} s over a {critical:.1f} s critical path ({apply / critical:.2f}×; goal {goal:.1f} s)", "")


def rows(binary, proxy_binary, base_env, runs):
    work = tempfile.mkdtemp(prefix="streamstack-bench-aws-")
    table = []

    # Apply over the critical path, at AWS's modelled timings (scaled so a run takes seconds),
    # and at longer, uneven ones.
    table.append(critical_path_row(binary, proxy_binary, base_env, work, runs, "create apply, real-AWS timings",
                                   "--scale", "2"))
    table.append(critical_path_row(binary, proxy_binary, base_env, work, runs,
                                   "create apply, stream 6 s, role 4 s, Firehose 10 s",
                                   "--stream-creating", "6", "--role-propagation", "4", "--delivery-creating", "10"))
    proxy = BehaviourProxy(proxy_binary, "--scale", "2")
    proxy.warm(binary, base_env, work)
    env = proxy.env(base_env)

    # No-op plan with unrelated streams in the account.
    stack = demo_copy(work, "crowd")
    measure([binary, "apply", stack, "--auto-approve"], env)
    made = 0
    for crowd in (0, 50, 200):
        create_streams(env, [f"unrelated-{index}" for index in range(made, crowd)])
        made = crowd
        samples = [calls_and_time(binary, ["plan", stack, "--detailed-exitcode"], env) for _ in range(runs)]
        table.append((f"no-op plan, {crowd} other streams", f"{statistics.median(s[1] for s in samples):.3f} s", str(samples[0][0])))
    measure([binary, "destroy", stack, "--auto-approve"], env)
    proxy.close()

    # One stack of 1, 10 and 30 pipelines.
    proxy = BehaviourProxy(proxy_binary, "--scale", "0.5")
    proxy.warm(binary, base_env, work)
    env = proxy.env(base_env)
    for count in (1, 10, 30):
        stack = pipelines_stack(work, f"many{count}", count)
        plan_calls, plan_time = calls_and_time(binary, ["plan", stack], env)
        apply_calls, apply_time = calls_and_time(binary, ["apply", stack, "--auto-approve"], env)
        # Right after apply the tagging API has not caught up (the mode's lag): each resource
        # created or retagged reads its own tags. Measured once it has.
        time.sleep(1)
        noop_calls, noop_time = calls_and_time(binary, ["plan", stack, "--detailed-exitcode"], env)
        table.append((f"{count} pipeline{'s' if count > 1 else ''}: plan / apply / no-op plan",
                      f"{plan_time:.2f} / {apply_time:.2f} / {noop_time:.2f} s", f"{plan_calls} / {apply_calls} / {noop_calls}"))
        measure([binary, "destroy", stack, "--auto-approve"], env)
    proxy.close()

    # A distant region: latency added to every call. Round trips are the time the latency added
    # (over the same plan without it) divided by the latency.
    base = None
    for latency in (0, 100, 200):
        proxy = BehaviourProxy(proxy_binary, "--scale", "0.5", *(["--latency-ms", str(latency)] if latency else []))
        proxy.warm(binary, base_env, work)
        env = proxy.env(base_env)
        stack = demo_copy(work, f"far{latency}")
        apply = measure([binary, "apply", stack, "--auto-approve"], env)[0]
        plans = [measure([binary, "plan", stack], env)[0] for _ in range(runs)]
        plan = statistics.median(plans)
        if base is None:
            base = plan
        else:
            table.append((f"+{latency} ms a call: no-op plan / create apply",
                          f"{plan:.2f} s ({(plan - base) * 1000 / latency:.1f} round trips) / {apply:.2f} s", ""))
        measure([binary, "destroy", stack, "--auto-approve"], env)
        proxy.close()

    print("\nstreamstack against moto behind the proxy's real-AWS mode (median of "
          f"{runs} runs where repeated)\n")
    print("| measurement | time | AWS calls |")
    print("|---|---|---|")
    for name, took, calls in table:
        print(f"| {name} | {took} | {calls} |")
