/** `text` as HTML text or attribute value: the five characters that could end either are replaced by references. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
