import { RunResult, Runner } from '../../../src/core/apply/regExeBackend';
import { canonicalKey, parentKey } from '../../../src/core/wininet/accounts';

/** A registry for a fake reg.exe: key path as reg prints it → value name → hex data (REG_BINARY). */
export type FakeTree = Map<string, Map<string, string>>;

/** reg.exe's "not found" in other languages (Windows prints it in the system's language). */
export const NOT_FOUND = {
  de: 'FEHLER: Der angegebene Registrierungsschlüssel bzw. Wert wurde nicht gefunden.',
  fr: 'ERREUR : le système n’a pas pu trouver la clé ou la valeur de Registre spécifiée.',
};
export const ACCESS_DENIED = {
  de: 'FEHLER: Zugriff verweigert',
  fr: 'ERREUR : Accès refusé.',
};

/** The key as stored, with its values. */
export function findKey(tree: FakeTree, key: string): [string, Map<string, string>] | undefined {
  return [...tree].find(([k]) => canonicalKey(k) === canonicalKey(key));
}

/** Creates the key and its parents, as reg add does. */
export function addKey(tree: FakeTree, key: string): Map<string, string> {
  const parent = parentKey(key);
  if (parent !== undefined && parentKey(parent) !== undefined) addKey(tree, parent);
  const found = findKey(tree, key);
  if (found) return found[1];
  const values = new Map<string, string>();
  tree.set(key, values);
  return values;
}

/**
 * A Runner that behaves like reg.exe on a non-English Windows: `query` lists values and subkeys (full paths), and
 * every failure is exit 1 with a localized message; `denied` keys fail every command with "access denied".
 */
export function fakeRegRunner(tree: FakeTree, language: keyof typeof NOT_FOUND, denied: string[] = []): Runner {
  const fail = (message: string): RunResult => ({ code: 1, stdout: '', stderr: `${message}\r\n` });
  return async (_file, args) => {
    const [command, key, ...rest] = args;
    if (denied.some((d) => canonicalKey(d) === canonicalKey(key))) return fail(ACCESS_DENIED[language]);
    const found = parentKey(key) === undefined ? ([key, new Map<string, string>()] as const) : findKey(tree, key);
    if (command === 'query') {
      if (!found) return fail(NOT_FOUND[language]);
      const lines = ['', found[0], ...[...found[1]].map(([n, hex]) => `    ${n}    REG_BINARY    ${hex.toUpperCase()}`), ''];
      for (const [k] of tree) if (parentKey(k) !== undefined && canonicalKey(parentKey(k) ?? '') === canonicalKey(key)) lines.push(k);
      return { code: 0, stdout: `${lines.join('\r\n')}\r\n`, stderr: '' };
    }
    if (command === 'add') {
      addKey(tree, key).set(rest[1], rest[5]);
      return { code: 0, stdout: 'Der Vorgang wurde erfolgreich beendet.\r\n', stderr: '' };
    }
    if (command === 'delete') {
      if (!found) return fail(NOT_FOUND[language]);
      if (rest[0] === '/v') {
        const name = [...found[1].keys()].find((n) => n.toLowerCase() === rest[1].toLowerCase());
        if (name === undefined) return fail(NOT_FOUND[language]);
        found[1].delete(name);
      } else {
        for (const k of [...tree.keys()]) if (canonicalKey(k) === canonicalKey(key) || canonicalKey(k).startsWith(`${canonicalKey(key)}\\`)) tree.delete(k);
      }
      return { code: 0, stdout: '', stderr: '' };
    }
    return fail(`unsupported: ${args.join(' ')}`);
  };
}
