// The events a team webhook can subscribe to, and the envelope every delivery carries. This file is
// imported by the browser too (the admin form's checkboxes), so it stays free of server code.

export const WEBHOOK_EVENTS = [
  "version.created",
  "intake.failed",
  "evaluation.completed",
  "promotion.requested",
  "promotion.decided",
  "stage.changed",
  "rollback",
] as const;

export type TWebhookEvent = (typeof WEBHOOK_EVENTS)[number];

// `ping` is sent by "Send test" only; nobody subscribes to it.
export const PING_EVENT = "ping" as const;
export type TWebhookDeliveryEvent = TWebhookEvent | typeof PING_EVENT;

export const WEBHOOK_EVENT_DESCRIPTIONS: Record<TWebhookEvent, string> = {
  "version.created": "A model version was uploaded (intake queued)",
  "intake.failed": "A version failed its intake checks",
  "evaluation.completed": "An evaluation run finished with metrics",
  "promotion.requested": "Someone requested a promotion",
  "promotion.decided": "An approver approved or rejected a request",
  "stage.changed": "A version moved to another stage",
  rollback: "Production was rolled back",
};

export function isWebhookEvent(value: string): value is TWebhookEvent {
  return (WEBHOOK_EVENTS as readonly string[]).includes(value);
}

// What the receiver gets as the request body. `id` is the delivery id (also sent as the
// X-Modelgate-Delivery header): retries of one delivery carry the same id, so receivers can dedupe.
export type TWebhookEnvelope<D = Record<string, unknown>> = {
  id: string;
  event: TWebhookDeliveryEvent;
  occurredAt: string;
  team: { id: string; slug: string };
  data: D;
};
