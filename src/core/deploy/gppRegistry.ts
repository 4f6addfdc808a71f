import { createHash } from 'crypto';

// Group Policy Preferences registry settings ([MS-GPPREF] Registry.xml): the class ids GPMC writes for the collection
// and for one item.
const REGISTRY_SETTINGS_CLSID = '{A3CCFC41-DFDB-43a5-8D26-0FE8B954DA51}';
const REGISTRY_ITEM_CLSID = '{9CD4B2F4-923D-47f5-A062-E897DD1DAD50}';

/** Escapes text for an XML attribute or comment body. */
export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** One Update item of a Registry.xml. */
export interface GppRegistryItem {
  hive: 'HKEY_USERS' | 'HKEY_LOCAL_MACHINE';
  /** Below the hive. */
  key: string;
  name: string;
  type: 'REG_SZ' | 'REG_DWORD' | 'REG_BINARY';
  /** As GPMC writes it: the text, eight hex digits of a DWORD, or the bytes in hex. */
  value: string;
  /** The icon GPMC shows: 7 for an Update of a string, 17 for an Update of a DWORD or binary value. */
  image: '7' | '17';
  /** GPMC's "show as decimal" for a DWORD. */
  displayDecimal: boolean;
  /** The item's description in GPMC. */
  desc: string;
}

/** A stable uid from the key and name, so regenerating the same manifest gives the same file (reviewable diffs). */
function uidFor(key: string, name: string): string {
  const h = createHash('sha1').update(`${key}\0${name}`).digest('hex').toUpperCase();
  return `{${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}}`;
}

/**
 * A Registry.xml (CRLF) with the comment lines given (not escaped: the caller escapes what came from a manifest) and
 * one Update item per value. The same values give the same bytes: uids are hashes of key and name and there is no
 * `changed` time stamp (optional in [MS-GPPREF]'s schema; GPMC adds one when an item is edited).
 */
export function gppRegistryXml(comment: readonly string[], items: readonly GppRegistryItem[]): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<!--',
    ...comment,
    '-->',
    `<RegistrySettings clsid="${REGISTRY_SETTINGS_CLSID}">`,
    ...items.flatMap((item) => [
      `\t<Registry clsid="${REGISTRY_ITEM_CLSID}" name="${xmlEscape(item.name)}" status="${xmlEscape(item.name)}" image="${item.image}" uid="${uidFor(item.key, item.name)}" desc="${xmlEscape(item.desc)}" bypassErrors="1">`,
      `\t\t<Properties action="U" displayDecimal="${item.displayDecimal ? '1' : '0'}" default="0" hive="${item.hive}" key="${xmlEscape(item.key)}" name="${xmlEscape(item.name)}" type="${item.type}" value="${xmlEscape(item.value)}"/>`,
      '\t</Registry>',
    ]),
    '</RegistrySettings>',
    '',
  ].join('\r\n');
}
