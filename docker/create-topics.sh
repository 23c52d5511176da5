#!/usr/bin/env bash
# topic-init: waits until the broker answers, then creates Belfort's topics (existing ones are kept).
# The broker does not create topics on first use (auto.create.topics.enable=false): a typo in a topic
# name fails loudly instead of feeding an empty topic.
set -euo pipefail
BOOTSTRAP="${BOOTSTRAP:-kafka:9092}"
KT=/opt/kafka/bin/kafka-topics.sh

for attempt in $(seq 1 60); do
  if "$KT" --bootstrap-server "$BOOTSTRAP" --list >/dev/null 2>&1; then break; fi
  if [[ "$attempt" == 60 ]]; then echo "topic-init: Kafka at $BOOTSTRAP did not answer" >&2; exit 1; fi
  sleep 2
done

# topic:partitions — posts is the only topic read in parallel.
for spec in posts:4 posts.rejected:1 enriched-posts:1 alerts:1 alerts.dead-letter:1 rules:1 alert-actions:1 posts.late:1; do
  "$KT" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
    --topic "${spec%%:*}" --partitions "${spec##*:}" --replication-factor 1
done
echo "topic-init: topics ready"
