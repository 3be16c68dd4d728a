#!/usr/bin/env bash
# Prints the figures of build/bench/results.json as a table: benchmark, figure, value, target.
set -euo pipefail
file=${1:-build/bench/results.json}
jq -r '
  def ms: if . == null then "-" else (. * 10 | round / 10 | tostring) + " ms" end;
  def mib: if . == null then "-" else (. / 1024 * 10 | round / 10 | tostring) + " MiB" end;
  def n: if . == null then "-" else tostring end;
  def x: if . == null then "-" else (. * 100 | round / 100 | tostring) + "x" end;
  def verbs: if . == {} then "none (0 requests)" else to_entries | map("\(.key) \(.value)") | join(", ") end;
  def row(b; f; v; t): [b, f, v, t] | @tsv;
  "machine\t\(.machine.cpu_model), \(.machine.nproc) CPUs, \(.machine.mem_total_mib) MiB\t\t",
  (.fanout // empty | 
    row("sse fan-out"; "subscribers connected"; "\(.subscribed)/\(.clients_requested)"; "10000"),
    row("sse fan-out"; "time to last delivery p50 / max (\(.rounds | length) events)";
        "\(.time_to_last_delivery.p50_ms | ms) / \(.time_to_last_delivery.max_ms | ms)"; "< 500 ms"),
    row("sse fan-out"; "API RSS idle / peak"; "\(.api_rss_idle_kib | mib) / \(.api_rss_peak_kib | mib)"; "< 100 MB")),
  (.create // empty |
    (.steps[] | row("create (open loop)"; "\(.offered_rate) req/s offered"; 
        "achieved \(.achieved_rate | round), p50 \(.p50_ms | ms), p99 \(.p99_ms | ms)\(if .sustained then "" else " (not sustained)" end)";
        (if .offered_rate == 500 then "p99 < 5 ms" else "" end))),
    row("create"; "max sustained rate"; "\(.max_sustained_rate) req/s"; ">= 500"),
    row("create (wrk closed loop, 16 conns)"; "throughput"; "\(.wrk_closed_loop.rate | round) req/s, p50 \(.wrk_closed_loop.p50_ms | ms), p99 \(.wrk_closed_loop.p99_ms | ms)"; "")),
  (.status // empty |
    row("status latency"; "pod Ready -> store.observed at SSE client, p50 / p99 / max (n=\(.pod_ready_to_observed_event.count))";
        "\(.pod_ready_to_observed_event.p50_ms | ms) / \(.pod_ready_to_observed_event.p99_ms | ms) / \(.pod_ready_to_observed_event.max_ms | ms)"; "p99 < 50 ms"),
    row("status latency"; "last pod Ready/Job Complete -> store Ready event, p50 / p99 (n=\(.last_cluster_ready_to_ready_event.count))";
        "\(.last_cluster_ready_to_ready_event.p50_ms | ms) / \(.last_cluster_ready_to_ready_event.p99_ms | ms)"; "p99 < 50 ms")),
  (.drift // empty |
    row("drift latency"; "cluster unhealthy -> store Degraded event, p50 / p99 / max (n=\(.unhealthy_to_degraded_event.count))";
        "\(.unhealthy_to_degraded_event.p50_ms | ms) / \(.unhealthy_to_degraded_event.p99_ms | ms) / \(.unhealthy_to_degraded_event.max_ms | ms)"; "p99 < 50 ms"),
    row("drift latency"; "cluster healthy again -> store Ready event, p50 / p99 (n=\(.healthy_to_ready_event.count))";
        "\(.healthy_to_ready_event.p50_ms | ms) / \(.healthy_to_ready_event.p99_ms | ms)"; "p99 < 50 ms")),
  (.burst // empty |
    row("burst (slow pods)"; "last Ready: one store alone / \(.burst.stores) at once (C=\(.concurrency), helm \(.helm_concurrency))";
        "\(.alone.post_to_ready.max_ms | ms) / \(.burst.post_to_ready.max_ms | ms) = \(.last_ready_ratio | x)"; "<= 1.5x"),
    row("burst (slow pods)"; "time queued before the provisioner took the store, p50 / max";
        "\(.burst.queue_wait.p50_ms | ms) / \(.burst.queue_wait.max_ms | ms)"; ""),
    (select(.burst.helm) | row("burst (slow pods)"; "helm task wait for the pool (mean) / one helm upgrade (mean)";
        "\(.burst.helm.pool_wait_mean_ms | ms) / \(.burst.helm.upgrade_mean_ms | ms) (\(.burst.helm.upgrades) upgrades)"; ""))),
  (.provisioning // empty | .runs[] |
    row("provisioning (\(.storefleet.stores) at once), C=\(.concurrency)"; "POST->Ready p50 / max";
        "\(.storefleet.post_to_ready.p50_ms | ms) / \(.storefleet.post_to_ready.max_ms | ms)"; ""),
    row("provisioning, C=\(.concurrency)"; "overhead (POST->Ready - cluster span) p50 vs bare helm p50";
        "\(.storefleet.overhead.p50_ms | ms) vs \(.helm_bare.p50_ms | ms) = \(.ratio_overhead_p50_vs_bare_helm_p50 | x)"; "<= 1.2x"),
    row("provisioning, C=\(.concurrency)"; "own overhead (claimed->Ready - cluster span) p50 vs one bare helm p50";
        "\(.storefleet.own_overhead.p50_ms | ms) vs \(.helm_bare.own_p50_ms | ms) = \(.ratio_own_overhead_p50_vs_bare_helm_own_p50 | x)"; "<= 1.2x"),
    row("provisioning, C=\(.concurrency)"; "POST->Ready p50 vs helm --wait p50 (both from batch start)";
        "\(.storefleet.post_to_ready.p50_ms | ms) vs \(.helm_wait.p50_ms | ms) = \(.ratio_post_to_ready_p50_vs_helm_wait_p50 | x)"; "<= 1.2x"),
    row("provisioning, C=\(.concurrency)"; "wall time: storefleet / helm bare / helm --wait";
        "\(.storefleet.wall_ms | ms) / \(.helm_bare.wall_ms | ms) / \(.helm_wait.wall_ms | ms)"; "")),
  (.steady // empty |
    row("steady state"; "stores Ready / requested (C=\(.concurrency))"; "\(.stores_ready) / \(.stores_requested) in \(.all_ready_after_ms / 1000 | round) s"; "1000"),
    row("steady state"; "kube API requests in \(.window_seconds) s, 10 SSE clients"; (.window_requests_by_verb | verbs); "0 list/get"),
    row("steady state"; "list+get per minute"; (.window_list_get_per_minute | n); "0"),
    row("steady state"; "provisioner restart: requests in first \(.restart_seconds) s"; (.restart_requests_by_verb | verbs); "")),
  (.footprint // empty |
    row("footprint"; "idle RSS api / provisioner"; "\(.idle.api_kib | mib) / \(.idle.provisioner_kib | mib)"; ""),
    row("footprint"; "RSS with \(.with_stores.stores_ready) stores api / provisioner"; "\(.with_stores.api_kib | mib) / \(.with_stores.provisioner_kib | mib)"; ""),
    row("footprint"; "provisioner RSS after a restart with those stores"; (.provisioner_kib_after_restart_with_stores | mib); "<= 1.2x the RSS before"),
    row("footprint"; "provisioner CPU with those stores, 10 SSE clients (window)"; "\(.with_stores.provisioner_cpu_percent_in_window | n) % of a core"; "< 2 %"),
    row("steady state"; "SSE clients connected at the end / reconnects in the window"; "\(.with_stores.api_sse_clients | n) / \(.with_stores.sse_reconnects_in_window | n)"; "10 / 0")),
  (.flood // empty | .phases | to_entries[] |
    row("flood (\(.key), default limits)"; "\(.value.requests) POSTs: answers \(.value.statuses | tostring)";
        "\(.value.write_transactions) SQLite write transactions"; "<= 100")),
  (.hung // empty |
    row("hung provisioner"; "health p99 alone / with credentials calls and streams";
        "\(.health_alone.p99_ms | ms) / \(.health_with_credentials_and_streams.p99_ms | ms)"; "< 5 ms"),
    row("hung provisioner"; "credentials: \(.credentials.calls) calls, answers \(.credentials.statuses | tostring)";
        "\(.credentials.min_ms | ms) - \(.credentials.max_ms | ms)"; "503 after 3 s"),
    row("hung provisioner"; "events inserted -> all \(.streams.clients) streams, max (poll \(.streams.event_poll_ms) ms)";
        "\(.streams.time_to_last_delivery.max_ms | ms), all delivered: \(.streams.all_delivered)"; "delivered")),
  (.storm // empty |
    row("reconnect storm"; "\(.reconnects.clients) x Last-Event-ID: 0 over \(.events_in_log) events: create p99 (\(.create.offered_rate)/s)";
        "\(.create.p99_ms | ms)"; "< 20 ms"),
    row("reconnect storm"; "health p99 (\(.health.offered_rate)/s) / API peak RSS";
        "\(.health.p99_ms | ms) / \(.api_rss_peak_kib | mib)"; "< 5 ms / < 150 MB"),
    row("reconnect storm"; "all resynced after"; "\(.reconnects.resync.done_after_ms | ms)"; "")),
  (.tls // empty |
    (.create_pairs[] | row("https vs http"; "create p99 at \(.plain.offered_rate) req/s: plain / TLS";
        "\(.plain.p99_ms | ms) / \(.tls.p99_ms | ms) = \(.p99_ratio | x)"; "<= 1.5x")),
    row("https fan-out"; "\(.fanout.subscribed) TLS subscribers: last delivery p50 / max";
        "\(.fanout.time_to_last_delivery.p50_ms | ms) / \(.fanout.time_to_last_delivery.max_ms | ms)"; "< 300 ms"))
' "$file" | column -t -s $'\t' -N BENCHMARK,FIGURE,VALUE,TARGET
