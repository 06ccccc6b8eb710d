import Link from "next/link";
import { SearchX } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { routes } from "@/lib/routes";

export default function NotFound() {
  return (
    <EmptyState
      className="py-16"
      icon={<SearchX aria-hidden />}
      title="Not found"
      description="It does not exist, or it belongs to a team you are not a member of."
      action={<Button asChild variant="outline"><Link href={routes.models()}>Back to models</Link></Button>}
    />
  );
}
