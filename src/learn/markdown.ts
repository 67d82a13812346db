// Lesson Markdown to HTML: `marked` (CommonMark + GitHub tables, actively maintained, no
// dependencies) renders, then `sanitize-html` keeps only the tags a lesson needs. The lessons
// are our own files, so the sanitiser is a second line: a lesson edited carelessly (raw HTML,
// a `javascript:` link) still cannot put script on the page.
import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";

const marked = new Marked({ gfm: true, breaks: false, async: false });

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: ["h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "code", "pre", "blockquote", "a", "table", "thead", "tbody", "tr", "th", "td", "br", "hr", "sup", "sub"],
  allowedAttributes: { a: ["href", "title"], th: ["align"], td: ["align"] },
  allowedSchemes: ["https", "http"],
  allowedSchemesAppliedToAttributes: ["href"],
  // An external link opens beside the Mini App instead of replacing it.
  transformTags: { a: sanitizeHtml.simpleTransform("a", { rel: "noopener noreferrer", target: "_blank" }) },
  disallowedTagsMode: "discard",
};
// `rel` and `target` are set by the transform above, after the attribute filter.
ALLOWED.allowedAttributes = { ...ALLOWED.allowedAttributes, a: ["href", "title", "rel", "target"] };

/** Markdown → safe HTML. A lesson's `# h1` becomes `h2`: the page's own title is the one h1. */
export function renderMarkdown(source: string): string {
  const html = marked.parse(source.replace(/^# /gm, "## ")) as string;
  return sanitizeHtml(html, ALLOWED);
}
