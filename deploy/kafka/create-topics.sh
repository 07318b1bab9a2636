#!/bin/sh
# Creates each command service's topic with explicit partitions, replication and retention. Idempotent:
# an existing topic keeps its partitions, and its retention and min.insync.replicas are set again.
#
# KAFKA_BOOTSTRAP_SERVERS  the cluster (host:port,host:port,...)
# KAFKA_TOPIC_PREFIX       prepended to every topic name (default: none)
# KAFKA_TOPIC_PARTITIONS   partitions per topic; the services read the same variable (default 6)
# TOPIC_REPLICATION_FACTOR replicas per partition (default 3)
# TOPIC_MIN_INSYNC         min.insync.replicas (default 2): with acks=all a write survives one broker down
# TOPIC_RETENTION_MS       retention.ms (default 7776000000, 90 days); the event stores keep everything
#                          forever, and the projection reconciles from the feeds, so Kafka need not
set -eu

: "${KAFKA_BOOTSTRAP_SERVERS:?KAFKA_BOOTSTRAP_SERVERS is required}"
PREFIX="${KAFKA_TOPIC_PREFIX:-}"
PARTITIONS="${KAFKA_TOPIC_PARTITIONS:-6}"
REPLICATION="${TOPIC_REPLICATION_FACTOR:-3}"
MIN_INSYNC="${TOPIC_MIN_INSYNC:-2}"
RETENTION_MS="${TOPIC_RETENTION_MS:-7776000000}"
KAFKA_BIN="${KAFKA_BIN:-/opt/kafka/bin}"

attempt=0
until "$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --list >/dev/null 2>&1; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 60 ]; then
    echo "create-topics: the cluster at $KAFKA_BOOTSTRAP_SERVERS did not answer" >&2
    exit 1
  fi
  sleep 2
done

for service in enforcement financing training outreach; do
  topic="${PREFIX}${service}.events"
  "$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --create --if-not-exists \
    --topic "$topic" --partitions "$PARTITIONS" --replication-factor "$REPLICATION" \
    --config min.insync.replicas="$MIN_INSYNC" --config retention.ms="$RETENTION_MS" \
    --config cleanup.policy=delete --config unclean.leader.election.enable=false
  "$KAFKA_BIN/kafka-configs.sh" --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --alter \
    --entity-type topics --entity-name "$topic" \
    --add-config min.insync.replicas="$MIN_INSYNC",retention.ms="$RETENTION_MS"
  "$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --describe --topic "$topic"
done
echo "create-topics: done"
