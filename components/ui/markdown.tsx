import * as React from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import { cn } from "@/lib/utils/cn";

/*
 * Renders user-written markdown (model descriptions, version notes, approval comments) safely:
 * - raw HTML is never rendered: `rawHtmlAsText` turns it into literal text (so a description that
 *   mentions `<script>` shows exactly that), and rehype-sanitize (GitHub's allow-list) then strips
 *   any element or attribute that is not plain markdown output;
 * - only http(s), mailto and relative URLs survive; `javascript:`, `data:`, `vbscript:` … lose their
 *   href and the link renders as plain text;
 * - links carry rel="noopener noreferrer nofollow" (nofollow: descriptions are user content) and
 *   absolute ones open in a new tab.
 */

const SAFE_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

/** Returns the URL if it is safe to put in href/src, otherwise undefined (attribute dropped). */
export function safeUrl(url: string): string | undefined {
  // Browsers ignore ASCII control characters and whitespace inside a scheme ("java\tscript:"),
  // so strip them before deciding.
  const cleaned = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
  if (cleaned === "") return undefined;
  const colon = cleaned.indexOf(":");
  const firstDelimiter = cleaned.search(/[/?#]/);
  const hasScheme = colon !== -1 && (firstDelimiter === -1 || colon < firstDelimiter);
  if (!hasScheme) return url.trim();
  const scheme = cleaned.slice(0, colon + 1).toLowerCase();
  return SAFE_PROTOCOLS.has(scheme) ? url.trim() : undefined;
}

type HastNode = {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
};

/** rehype plugin: raw HTML nodes become text nodes before sanitizing, so nothing of them executes. */
function rawHtmlAsText() {
  const visit = (node: HastNode) => {
    if (!node.children) return;
    node.children = node.children.map((child) => {
      if (child.type !== "raw") {
        visit(child);
        return child;
      }
      const text: HastNode = { type: "text", value: child.value ?? "" };
      // An HTML block at the top level becomes its own paragraph rather than loose text.
      return node.type === "root" ? { type: "element", tagName: "p", properties: {}, children: [text] } : text;
    });
  };
  return (tree: HastNode) => visit(tree);
}

function isExternal(href: string): boolean {
  return /^https?:\/\//i.test(href);
}

const components: Components = {
  a({ href, children, node: _node, ...rest }) {
    if (!href) return <span>{children}</span>;
    const external = isExternal(href);
    return (
      <a
        {...rest}
        href={href}
        rel="noopener noreferrer nofollow"
        target={external ? "_blank" : undefined}
      >
        {children}
      </a>
    );
  },
  img({ src, alt, node: _node, ...rest }) {
    if (typeof src !== "string" || !src) return alt ? <span>{alt}</span> : null;
    // eslint-disable-next-line @next/next/no-img-element -- arbitrary remote hosts, no optimisation wanted
    return <img {...rest} src={src} alt={alt ?? ""} loading="lazy" referrerPolicy="no-referrer" />;
  },
};

export interface MarkdownProps {
  source: string;
  className?: string;
}

export function Markdown({ source, className }: MarkdownProps) {
  return (
    <div className={cn("markdown text-sm", className)}>
      <ReactMarkdown
        rehypePlugins={[rawHtmlAsText, rehypeSanitize]}
        urlTransform={(url) => safeUrl(url)}
        components={components}
      >
        {source}
      </ReactMarkdown>
    </div>
  );
}
