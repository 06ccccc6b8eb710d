// react-query key factory for webhooks (STYLE.md).
export const webhookKeys = {
  all: ["webhooks"] as const,
  deliveries: (webhookId: string) => ["webhooks", webhookId, "deliveries"] as const,
};
