#!/usr/bin/env python3
"""moto in server mode on 127.0.0.1, for Shepherd's tests against the real AWS SDK.

These corrections are applied before serving:
  moto's CodeBuild returns ISO-8601 timestamps where the CodeBuild API (a JSON protocol) has epoch
  seconds, and the Java SDK refuses to parse them. Every CodeBuild response is rewritten with epoch
  seconds.
  moto's StartBuild drops environmentVariablesOverride; CodeBuild lists a build's variables (the
  project's, overridden by name) in the build's environment, where Shepherd finds the build that a
  release already started. Builds keep them here too.

  moto's CloudWatch GetMetricData computes no percentile statistic (p99): it fails the whole request
  (HTTP 500) serialising the missing value. Percentiles are computed here by nearest rank from the values
  sent with PutMetricData (Value, or Values with Counts), and from a statistic set only when all its
  values are equal (min = max, sum = min x count), the one case CloudWatch documents it can; negative
  values give none, as in CloudWatch. A datapoint without a value is left out, as CloudWatch leaves it.
  CloudWatch's own percentile estimate may differ slightly from nearest rank.

  moto orders CloudWatch dimensions with a comparison that is not an order (Dimension.__lt__ compares a
  value with a name), so a GetMetricData query matched dimension sets only when it listed them in the order
  they were put. CloudWatch ignores the order; here dimensions are ordered by name, then value.

moto's builds also always succeed on their first read. So that the other outcomes can be tested, two
source versions are treated specially (no real source version looks like them):
  shepherd-test-fail...  the build ends FAILED in its BUILD phase;
  shepherd-test-hold...  the build stays IN_PROGRESS until StopBuild, then reads STOPPED.
Nothing else is changed.

Usage: moto_server.py [--port PORT] [--host ADDRESS]
  (port 0 picks a free one, printed as "port N"; the address is 127.0.0.1 unless told otherwise)
"""
import argparse
import datetime
import json
import math
import re
import signal
import sys
import threading

from moto.cloudwatch.models import CloudWatchBackend, Dimension, Statistics
from moto.codebuild import responses as codebuild_responses
from moto.codebuild.models import CodeBuildBackend
from moto.server import ThreadedMotoServer

CODEBUILD_METHODS = ("start_build", "batch_get_builds", "stop_build", "create_project",
                     "batch_get_projects", "update_project")
TIME_KEYS = ("time", "created", "lastmodified", "starttime", "endtime")


def to_epoch(text):
    try:
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment.timestamp()


def with_epoch_times(value, key=""):
    if isinstance(value, dict):
        return {k: with_epoch_times(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [with_epoch_times(v, key) for v in value]
    if isinstance(value, str) and key.lower().endswith(TIME_KEYS):
        return to_epoch(value)
    return value


def correct_codebuild_timestamps():
    for name in CODEBUILD_METHODS:
        original = getattr(codebuild_responses.CodeBuildResponse, name, None)
        if original is None:
            continue

        def corrected(self, *args, _original=original, **kwargs):
            body = _original(self, *args, **kwargs)
            try:
                return json.dumps(with_epoch_times(json.loads(body)))
            except (TypeError, ValueError):
                return body

        setattr(codebuild_responses.CodeBuildResponse, name, corrected)


def keep_build_environment_variables():
    original = codebuild_responses.CodeBuildResponse.start_build

    def start_build(self):
        body = original(self)
        overrides = self._get_param("environmentVariablesOverride") or []
        if not overrides:
            return body
        started = json.loads(body)
        build_id = started["build"]["id"]
        project = self.codebuild_backend.codebuild_projects[self._get_param("projectName")]
        variables = {v["name"]: v for v in
                     (project.project_metadata.get("environment") or {}).get("environmentVariables") or []}
        for v in overrides:
            variables[v["name"]] = {"type": "PLAINTEXT", **v}
        for history in self.codebuild_backend.build_metadata_history.values():
            for build in history:
                if build["id"] == build_id:
                    build["environment"]["environmentVariables"] = list(variables.values())
                    started["build"]["environment"] = build["environment"]
        return json.dumps(started)

    codebuild_responses.CodeBuildResponse.start_build = start_build


def test_build_outcomes():
    original = CodeBuildBackend.batch_get_builds

    def batch_get_builds(self, ids):
        before = {}
        for history in self.build_metadata_history.values():
            for build in history:
                if build["id"] in ids:
                    before[build["id"]] = (build.get("buildStatus"), build.get("sourceVersion") or "")
        builds = original(self, ids)
        for build in builds:
            status, source = before.get(build["id"], (None, ""))
            if source.startswith("shepherd-test-fail"):
                build["buildStatus"], build["currentPhase"] = "FAILED", "BUILD"
            elif source.startswith("shepherd-test-hold"):
                stopped = status == "STOPPED"
                build["buildStatus"] = "STOPPED" if stopped else "IN_PROGRESS"
                build["currentPhase"] = "COMPLETED" if stopped else "BUILD"
        return builds

    CodeBuildBackend.batch_get_builds = batch_get_builds


PERCENTILE = re.compile(r"^p(100|\d{1,2}(?:\.\d+)?)$")


def dimension_order():
    Dimension.__lt__ = lambda self, other: (self.name or "", self.value or "") < (other.name or "", other.value or "")


def percentile_statistics():
    original_statistic = Statistics.get_statistics_for_type

    def get_statistics_for_type(self, stat):
        match = PERCENTILE.match(stat or "")
        if not match:
            return original_statistic(self, stat)
        values = list(self.metric_single_values_list)
        for aggregated in self.metric_aggregated_list:
            count = int(aggregated.sample_count)
            if aggregated.min != aggregated.max or aggregated.sum != aggregated.min * count:
                return None
            values.extend([aggregated.min] * count)
        if not values or any(v < 0 for v in values):
            return None
        values.sort()
        rank = max(1, math.ceil(float(match.group(1)) / 100 * len(values)))
        return values[rank - 1]

    Statistics.get_statistics_for_type = get_statistics_for_type

    original_data = CloudWatchBackend.get_metric_data

    def get_metric_data(self, *args, **kwargs):
        results = original_data(self, *args, **kwargs)
        for result in results:
            kept = [(v, t) for v, t in zip(result["values"], result["timestamps"]) if v is not None]
            result["values"] = [v for v, _ in kept]
            result["timestamps"] = [t for _, t in kept]
        return results

    CloudWatchBackend.get_metric_data = get_metric_data


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (0.0.0.0 in a container)")
    args = parser.parse_args()
    # Before the timestamp correction, which wraps whatever start_build is then.
    keep_build_environment_variables()
    correct_codebuild_timestamps()
    test_build_outcomes()
    percentile_statistics()
    dimension_order()
    server = ThreadedMotoServer(ip_address=args.host, port=args.port, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    print(f"port {port}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
