import Link from "next/link";
import { CodeBlock, Code } from "@/components/ui/code";
import { routes } from "@/lib/routes";

// Where clients send predictions, with a curl call they can paste. Server-renderable.
export function EndpointExample({ endpoint }: { endpoint: { production: string; staging: string; exampleRow: Record<string, number | string> } }) {
  const body = JSON.stringify({ rows: [endpoint.exampleRow] });
  const curl = [
    `curl -X POST ${shellQuote(endpoint.production)} \\`,
    `  -H "Authorization: Bearer $MODELGATE_TOKEN" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d ${shellQuote(body)}`,
  ].join("\n");
  return (
    <section aria-label="Endpoint" className="space-y-2">
      <h3 className="text-sm font-semibold">Endpoint</h3>
      <p className="text-sm text-muted-foreground">
        Production answers at <Code>{endpoint.production}</Code>; add <Code>?stage=staging</Code> for the staging version. Authenticate with an API
        token that has the <Code>predict</Code> scope (<Link className="text-primary-text hover:underline" href={routes.tokens()}>API tokens</Link>).
      </p>
      <CodeBlock title="curl" code={curl} copyLabel="Copy curl command" />
    </section>
  );
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
