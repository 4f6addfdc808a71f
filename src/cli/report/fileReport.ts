import { Finding, isFixable } from '../../core/rules/finding';
import { Position, positionsAt } from '../../core/text/lineIndex';

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
  // Each finding's start and end, found in one pass (a LineIndex of every line was most of this for a few findings).
  const positions = positionsAt(
    text,
    findings.flatMap((f) => [f.offset, f.offset + f.length]),
  );
  return {
    file,
    findings: findings.map((f, i) => ({
      code: f.code,
      severity: f.severity,
      guidance: f.guidance,
      message: f.message,
      range: { start: positions[2 * i], end: positions[2 * i + 1] },
      fixable: isFixable(f),
    })),
  };
}
