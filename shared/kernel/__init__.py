"""The kernel every service is built from: event store, relay, feed, projection consumer, auth, problems."""
