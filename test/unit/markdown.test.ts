import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown, safeUrl } from "@/components/ui/markdown";

const render = (source: string) => renderToStaticMarkup(createElement(Markdown, { source }));

describe("<Markdown>", () => {
  it("renders raw HTML as inert text, never as elements", () => {
    const html = render('Hello <script>alert("xss")</script>\n\n<img src=x onerror="alert(1)">\n\n<iframe src="https://evil.test"></iframe>');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<iframe/i);
    // The attribute text may appear escaped inside a paragraph, but never inside a real tag.
    expect(html).not.toMatch(/<[^>]*\sonerror=/i);
    expect(html).toContain("&lt;script&gt;");
  });

  it("drops javascript: and data: hrefs and renders the link text only", () => {
    const html = render(
      "[x](javascript:alert(1)) [y](JAVASCRIPT:alert(1)) [z](java&#x09;script:alert(1)) [d](data:text/html;base64,PHNjcmlwdD4=) [v](vbscript:msgbox)",
    );
    expect(html).not.toMatch(/javascript:/i);
    expect(html).not.toMatch(/href="\s*(data|vbscript|java)/i);
    expect(html).not.toMatch(/<a[\s>]/);
    for (const text of ["x", "y", "z", "d", "v"]) expect(html).toContain(`<span>${text}</span>`);
  });

  it("keeps safe links with rel=noopener noreferrer nofollow", () => {
    const html = render("[docs](https://example.com/a) [run](/evaluations/1) [mail](mailto:ml@example.com)");
    expect(html).toContain('<a href="https://example.com/a" rel="noopener noreferrer nofollow" target="_blank">docs</a>');
    expect(html).toContain('<a href="/evaluations/1" rel="noopener noreferrer nofollow">run</a>');
    expect(html).toContain('href="mailto:ml@example.com"');
  });

  it("strips raw <a> tags with javascript: hrefs", () => {
    const html = render('<a href="javascript:alert(1)">click</a>');
    expect(html).not.toMatch(/<a[\s>]/);
    expect(html).toContain("&lt;a href=");
  });

  it("renders ordinary markdown", () => {
    const html = render("# Title\n\n**bold** and `code`\n\n- one\n- two");
    expect(html).toContain("<h1>Title</h1>");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain("<code>code</code>");
    expect(html).toContain("<li>one</li>");
  });
});

describe("safeUrl", () => {
  it("accepts http(s), mailto and relative URLs", () => {
    expect(safeUrl("https://a.test/x")).toBe("https://a.test/x");
    expect(safeUrl("http://a.test")).toBe("http://a.test");
    expect(safeUrl("mailto:a@b.test")).toBe("mailto:a@b.test");
    expect(safeUrl("/models/1")).toBe("/models/1");
    expect(safeUrl("#section")).toBe("#section");
    expect(safeUrl("docs/page?a=b:c")).toBe("docs/page?a=b:c");
  });

  it("rejects script-capable and unknown schemes, including obfuscated ones", () => {
    for (const url of ["javascript:alert(1)", " JavaScript:alert(1)", "java\nscript:x", "\u0001javascript:x", "data:text/html,x", "vbscript:x", "file:///etc/passwd"]) {
      expect(safeUrl(url)).toBeUndefined();
    }
  });
});
