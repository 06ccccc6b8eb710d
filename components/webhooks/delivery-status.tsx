import { RotateCw } from "lucide-react";
import { Badge, StatusBadge } from "@/components/ui/badge";

// A delivery waiting for BullMQ's next attempt is QUEUED on the row with the last attempt's error.
export function DeliveryStatusBadge({ status, attempts, className }: { status: string; attempts: number; className?: string }) {
  if (status === "QUEUED" && attempts > 0) return <Badge variant="warning" className={className}><RotateCw aria-hidden /> Retrying</Badge>;
  return <StatusBadge status={status} className={className} />;
}
