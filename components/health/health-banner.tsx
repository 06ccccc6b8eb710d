"use client";

import { useQuery } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { routes } from "@/lib/routes";
import type { THealth } from "@/lib/health/get-health";

// Polls /api/health and warns when no worker has reported a heartbeat (jobs would wait) or when
// the database or Redis is unreachable.
export function HealthBanner() {
  const { data, isError } = useQuery({
    queryKey: ["health"],
    queryFn: async () => {
      const res = await fetch(routes.api.health(), { cache: "no-store" });
      return (await res.json()) as THealth;
    },
    refetchInterval: 10_000,
    retry: 0,
  });
  if (isError) return <Alert variant="warning" title="The server is not answering" description="Changes may not be saved until it is back." />;
  if (!data || data.status === "ok") return null;
  if (!data.database.ok || !data.redis.ok) {
    const down = [!data.database.ok ? "the database" : null, !data.redis.ok ? "Redis" : null].filter(Boolean).join(" and ");
    return <Alert variant="danger" title={`Modelgate cannot reach ${down}`} description="Uploads and jobs are unavailable until it is back." />;
  }
  return (
    <Alert
      variant="warning"
      title="Workers are down"
      description={`No worker has reported in${data.workers.lastSeen ? ` since ${new Date(data.workers.lastSeen).toLocaleTimeString()}` : ""}. Uploads are accepted, but intake checks wait until a worker runs (npm run start:workers).`}
    />
  );
}
