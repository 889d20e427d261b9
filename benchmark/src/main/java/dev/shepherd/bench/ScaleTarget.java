package dev.shepherd.bench;

import io.temporal.client.WorkflowClient;
import java.util.List;

/** Where the scale section runs: a Temporal server, its processes (for their CPU) and how many workers. */
record ScaleTarget(String name, WorkflowClient client, String address, List<Long> serverPids, int workers) {}
