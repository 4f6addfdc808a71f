import { Finding, isFixable } from '../../core/rules/finding';
import { LineIndex, Position } from '../../core/text/lineIndex';

/** One finding as the CLI prints it (SPEC section 6): zero-based LSP positions. */
interface ReportedFinding {
  code: string;
  severity: string;
  /** The guidance the rule comes from: current, 2018 or both. */
  guidance: string;
  message: string;
  range: { start: Position; end: Position };
  fixable: boolean;
}

/** The findings of one file; `error` (with no findings) when the file could not be read. */
export interface FileReport {
  file: string;
  error?: string;
  findings: ReportedFinding[];
}

/** The report of a file that could not be read: the reason, no findings. */
export function unreadableReport(file: string, error: string): FileReport {
  return { file, error, findings: [] };
}

/** Turns core findings (offsets) into the reported shape (positions). */
export function toFileReport(file: string, text: string, findings: readonly Finding[]): FileReport {
  const index = new LineIndex(text);
  return {
    file,
    findings: findings.map((f) => ({
      code: f.code,
      severity: f.severity,
      guidance: f.guidance,
      message: f.message,
      range: { start: index.positionAt(f.offset), end: index.positionAt(f.offset + f.length) },
      fixable: isFixable(f),
    })),
  };
}
