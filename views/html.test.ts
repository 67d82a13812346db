import { describe, expect, test } from "bun:test";
import { html, json, raw } from "./html.ts";

describe("html", () => {
  test("escapes every interpolated string", () => {
    const name = `<script>alert("x")</script>' onload='x`;
    expect(html`<b title="${name}">${name}</b>`.value).toBe(
      `<b title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onload=&#39;x">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onload=&#39;x</b>`,
    );
  });
  test("nests templates and arrays without double escaping", () => {
    const items = ["a&b", "<c>"].map((s) => html`<li>${s}</li>`);
    expect(html`<ul>${items}</ul>`.value).toBe("<ul><li>a&amp;b</li><li>&lt;c&gt;</li></ul>");
  });
  test("drops null, undefined and false; prints numbers", () => {
    expect(html`${null}${undefined}${false}${0}${12n}`.value).toBe("012");
  });
  test("raw passes trusted markup; json cannot break out of an attribute", () => {
    expect(html`${raw("<i>ok</i>")}`.value).toBe("<i>ok</i>");
    expect(json({ a: `"</script>` }).value).toBe("{&quot;a&quot;:&quot;\\&quot;&lt;/script&gt;&quot;}");
  });
});
