// YAML scalars for generated playbooks: any text, written so it stays one scalar and stays data.

/**
 * A YAML double-quoted scalar in printable ASCII: everything else is escaped (\uXXXX, \UXXXXXXXX), so no control
 * character, line break or non-ASCII text from a manifest can end the scalar or make the file unreadable to YAML.
 */
export function yamlQuoted(text: string): string {
  let out = '"';
  for (const char of text) {
    let code = char.codePointAt(0) ?? 0xfffd;
    if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd; // a lone surrogate is no character YAML can carry
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (code >= 0x20 && code <= 0x7e) out += char;
    else out += code <= 0xffff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/**
 * A scalar Ansible never templates: text from the manifest may hold `{{ … }}`, which Jinja would evaluate on the
 * controller (`!unsafe` is Ansible's tag for data that must stay data).
 */
export function unsafe(text: string): string {
  return `!unsafe ${yamlQuoted(text)}`;
}
