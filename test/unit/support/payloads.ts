import * as path from 'path';

/**
 * Shell, cmd.exe and PowerShell metacharacters for injection tests, each aimed at its own marker file in `markers`
 * (created if anything ever evaluated it), so a hit names the way in.
 */
export function payloads(markers: string): Record<string, string> {
  const m = (name: string): string => path.join(markers, name);
  return {
    dollarParen: `$(touch ${m('dollar-paren')})`,
    backtick: `\`touch ${m('backtick')}\``,
    ampersand: `x & touch ${m('ampersand')}`,
    pipe: `x | touch ${m('pipe')}`,
    semicolon: `x; touch ${m('semicolon')}`,
    doubleQuote: `x" & touch ${m('double-quote')} & "`,
    singleQuote: `x'; New-Item ${m('single-quote')}; '`,
    typographicQuote: `x\u2019; New-Item ${m('typographic-quote')}; \u2018`,
    percent: `%COMSPEC% /c echo > ${m('percent')}`,
    psSubexpression: `$(New-Item ${m('ps-subexpression')})`,
    newline: `x\ntouch ${m('newline')}\n`,
    crlf: `x\r\n[HKEY_LOCAL_MACHINE\\Software\\Injected]\r\n"Evil"="1"`,
  };
}
