"""Status webhooks: a subscriber hears when a target's status changes (on_track to at_risk, at_risk to met, ...).

- `watcher`: after the projection applies events, computes the statuses subscribers ask for, compares them
  with the last ones stored, and on a change stores the new status and one notification per matching
  subscription in the same transaction (an outbox: nothing is sent before it is stored).
- `sender`: posts each pending notification, signed the Standard Webhooks way, and retries with backoff.
- `endpoints`: `/v1/webhooks` to register, list, read and delete subscriptions and see their deliveries.
"""
