"""Webhooks: a subscriber hears of the event types it chooses (`event_types`): a target's status changes (the
default), a reporting period's steps and restatements, missing records, a target's outlook.

- `event_types`: the types, their words, and which notices a subscription's types and filter select;
- `notices`: what each type finds new (period steps, restated records, missing items, outlooks);
- `watcher`: after the projection applies events (or a period step is recorded), finds what is new, stores it
  (a status in `statuses`, anything else by its key in `notices`, once) and one notification per matching
  subscription in the same transaction (an outbox: nothing is sent before it is stored);
- `watching`: the background task that runs those passes when events are applied, and at least once a minute;
- `sender`: posts each pending notification, signed the Standard Webhooks way, and retries with backoff;
- `endpoints`: `/v1/webhooks` to register, list, read and delete subscriptions and see their deliveries.
"""
