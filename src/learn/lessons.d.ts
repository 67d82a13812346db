// Lessons are imported `with { type: "text" }`: their Markdown source, embedded in the binary.
declare module "*.md" {
  const text: string;
  export default text;
}
