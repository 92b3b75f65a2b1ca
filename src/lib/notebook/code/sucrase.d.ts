/**
 * The parts of sucrase 3.35 (pinned) that code cells use. The CommonJS build is imported
 * on purpose: its ESM build uses extensionless imports that Node (Vitest) cannot resolve,
 * and taking `transform` and `parse` from the same build ships one copy of the parser.
 */
declare module 'sucrase/dist/index.js' {
  export function transform(code: string, options: { transforms: string[]; disableESTransforms?: boolean }): { code: string };
}

declare module 'sucrase/dist/parser/index.js' {
  export interface SucraseToken {
    type: number;
    start: number;
    end: number;
    /** 0 access, 2 top-level declaration, 5 object-shorthand top-level declaration, … */
    identifierRole: number | null;
  }
  export function parse(
    input: string,
    isJSXEnabled: boolean,
    isTypeScriptEnabled: boolean,
    isFlowEnabled: boolean,
  ): { tokens: SucraseToken[] };
}

declare module 'sucrase/dist/parser/tokenizer/types.js' {
  export const TokenType: Record<string, number>;
}
