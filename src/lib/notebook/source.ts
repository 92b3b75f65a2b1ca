import ts from 'typescript';

/**
 * Finds the source text of one declaration in a TypeScript file, so a lesson
 * cell can show the real code it runs instead of a copy that drifts.
 *
 * `name` is a top-level function, class, interface, type or const
 * (`loadMnist`), or a method of a top-level class (`MnistData.balancedSample`).
 * The declaration's doc comment comes with it: it is part of what a student reads.
 */
export function extractDeclaration(sourceText: string, fileName: string, name: string): string {
  const file = ts.createSourceFile(fileName, sourceText, ts.ScriptTarget.Latest, true);
  const [outer, member] = name.split('.');
  if (!outer) throw new Error(`Empty declaration name for ${fileName}.`);
  const topLevel = file.statements.find((statement) => declaredNames(statement).includes(outer));
  if (!topLevel) throw new Error(`${fileName} has no top-level declaration named "${outer}".`);
  if (!member) return textWithDocs(topLevel, sourceText);
  if (!ts.isClassDeclaration(topLevel)) throw new Error(`"${outer}" in ${fileName} is not a class, so it has no "${member}".`);
  const method = topLevel.members.find((m) => m.name !== undefined && m.name.getText(file) === member);
  if (!method) throw new Error(`Class "${outer}" in ${fileName} has no member "${member}".`);
  return dedent(textWithDocs(method, sourceText));
}

function declaredNames(statement: ts.Statement): string[] {
  if (
    (ts.isFunctionDeclaration(statement) ||
      ts.isClassDeclaration(statement) ||
      ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) ||
      ts.isEnumDeclaration(statement)) &&
    statement.name
  ) {
    return [statement.name.text];
  }
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : []));
  }
  return [];
}

/** The node's text from the start of its doc comment (if any) to its end. */
function textWithDocs(node: ts.Node, sourceText: string): string {
  const jsDocs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc;
  const start = jsDocs?.[0]?.getStart() ?? node.getStart();
  const lineStart = sourceText.lastIndexOf('\n', start - 1) + 1;
  return sourceText.slice(lineStart, node.getEnd());
}

function dedent(text: string): string {
  const lines = text.split('\n');
  const indents = lines.filter((line) => line.trim()).map((line) => line.match(/^ */)![0].length);
  const common = Math.min(...indents);
  return lines.map((line) => line.slice(common)).join('\n');
}
