import { downloadBlob } from "@/components/whatif/download";

// Presentation attributes the chart takes from CSS (our colours are CSS variables, which an SVG
// drawn as an image cannot resolve): each is copied from the live element's computed style.
const STYLE_PROPS = ["fill", "stroke", "stroke-width", "stroke-dasharray", "stroke-opacity", "fill-opacity", "opacity", "font-size", "font-family", "font-weight", "text-anchor", "dominant-baseline", "visibility"] as const;
const SCALE = 2;
const PAD = 16;
const TITLE_HEIGHT = 28;
const LEGEND_HEIGHT = 22;

/**
 * Downloads the recharts chart inside `container` as a PNG: the SVG is cloned with every colour and
 * font resolved from the page's computed styles, drawn on a canvas at twice its size on white, under
 * the chart's title and a legend (recharts draws its legends in HTML, outside the SVG).
 */
export async function exportChartPng(container: HTMLElement, opts: { filename: string; title: string; legend?: { label: string; color: string }[] }): Promise<void> {
  const svg = container.querySelector<SVGSVGElement>("svg.recharts-surface") ?? container.querySelector<SVGSVGElement>("svg");
  if (!svg) throw new Error("no chart to export");
  const { width, height } = svg.getBoundingClientRect();
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const live = [svg, ...svg.querySelectorAll<SVGElement>("*")];
  const copies = [clone, ...clone.querySelectorAll<SVGElement>("*")];
  live.forEach((el, i) => {
    const style = getComputedStyle(el);
    for (const prop of STYLE_PROPS) {
      const value = style.getPropertyValue(prop);
      if (value) copies[i].style.setProperty(prop, value);
    }
  });
  clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  clone.setAttribute("width", String(width));
  clone.setAttribute("height", String(height));
  const data = new XMLSerializer().serializeToString(clone);
  const image = new Image();
  const url = URL.createObjectURL(new Blob([data], { type: "image/svg+xml;charset=utf-8" }));
  try {
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error("the chart could not be drawn as an image"));
      image.src = url;
    });
    const legendHeight = opts.legend?.length ? LEGEND_HEIGHT : 0;
    const canvas = document.createElement("canvas");
    canvas.width = Math.ceil((width + 2 * PAD) * SCALE);
    canvas.height = Math.ceil((height + 2 * PAD + TITLE_HEIGHT + legendHeight) * SCALE);
    const ctx = canvas.getContext("2d");
    if (!ctx) throw new Error("this browser cannot draw on a canvas");
    ctx.scale(SCALE, SCALE);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, width + 2 * PAD, height + 2 * PAD + TITLE_HEIGHT + legendHeight);
    ctx.fillStyle = "#0f172a";
    ctx.font = "600 14px system-ui, sans-serif";
    ctx.textBaseline = "top";
    ctx.fillText(opts.title, PAD, PAD);
    let x = PAD;
    ctx.font = "12px system-ui, sans-serif";
    for (const item of opts.legend ?? []) {
      ctx.fillStyle = item.color;
      ctx.fillRect(x, PAD + TITLE_HEIGHT + 2, 14, 8);
      ctx.fillStyle = "#334155";
      ctx.fillText(item.label, x + 20, PAD + TITLE_HEIGHT);
      x += 20 + ctx.measureText(item.label).width + 18;
    }
    ctx.drawImage(image, PAD, PAD + TITLE_HEIGHT + legendHeight, width, height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
    if (!blob) throw new Error("the chart could not be encoded as PNG");
    downloadBlob(blob, opts.filename);
  } finally {
    URL.revokeObjectURL(url);
  }
}
