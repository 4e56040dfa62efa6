import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

// A function over MAX_LINES is split into named steps, or says why it is not in a comment just above it that
// contains "Long because" (docs/conventions.md §10). A long function nested in one that gives a reason is covered.
const root = join(__dirname, '..');
const MAX_LINES = 60;
const REASON = /Long because/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return ['node_modules', 'dist'].includes(name) ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.(spec|db-spec|e2e-spec)\.ts$|\.d\.ts$/.test(name) ? [path] : [];
  });
}

type FunctionNode = ts.FunctionLikeDeclaration & { body?: ts.Node };

/** The comments written just above a function, or above the declaration or property that holds it. */
function leadingComments(node: ts.Node, source: ts.SourceFile): string {
  const text = source.getFullText();
  let holder: ts.Node = node;
  while (
    holder.parent &&
    !ts.isSourceFile(holder.parent) &&
    !ts.isBlock(holder.parent) &&
    !ts.isClassLike(holder.parent) &&
    !ts.isObjectLiteralExpression(holder.parent) &&
    !ts.isCallExpression(holder.parent) &&
    !ts.isModuleBlock(holder.parent)
  )
    holder = holder.parent;
  return [node, holder]
    .flatMap((n) => ts.getLeadingCommentRanges(text, n.getFullStart()) ?? [])
    .map((r) => text.slice(r.pos, r.end))
    .join('\n');
}

/** Functions longer than MAX_LINES with no reason given by them or by a long function around them. */
export function unexplainedLongFunctions(fileName: string, code: string): string[] {
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node, covered: boolean): void => {
    let inner = covered;
    if (ts.isFunctionLike(node) && (node as FunctionNode).body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      if (end - start + 1 > MAX_LINES) {
        if (REASON.test(leadingComments(node, source))) inner = true;
        else if (!covered) {
          const name = (node as FunctionNode).name?.getText(source) ?? 'an anonymous function';
          found.push(`${fileName}:${start + 1} ${name} (${end - start + 1} lines)`);
        }
      }
    }
    node.forEachChild((child) => visit(child, inner));
  };
  visit(source, false);
  return found;
}

describe(`functions over ${MAX_LINES} lines`, () => {
  const files = ['apps', 'libs', 'bench', 'scripts'].flatMap((dir) => sourceFiles(join(root, dir)));

  it('reads the whole code base', () => {
    expect(files.length).toBeGreaterThan(300);
  });

  it('are split into named steps or say why they are not', () => {
    const unexplained = files.flatMap((path) =>
      unexplainedLongFunctions(relative(root, path), readFileSync(path, 'utf8')),
    );
    expect(unexplained).toEqual([]);
  });

  it('would notice a long function without a reason, and accept one with it', () => {
    const body = Array.from({ length: MAX_LINES }, (_, i) => `  x += ${i};`).join('\n');
    const fn = (comment: string, name: string) =>
      `${comment}\nfunction ${name}() {\n  let x = 0;\n${body}\n}\n`;
    const arrow = `export const handler = async () => {\n  let x = 0;\n${body}\n};\n`;
    expect(unexplainedLongFunctions('a.ts', fn('/** Adds. */', 'add'))).toEqual(['a.ts:2 add (63 lines)']);
    expect(unexplainedLongFunctions('a.ts', fn('// Long because it adds sixty numbers.', 'add'))).toEqual([]);
    expect(unexplainedLongFunctions('a.ts', arrow)).toEqual(['a.ts:1 an anonymous function (63 lines)']);
    expect(unexplainedLongFunctions('a.ts', `// Long because it is a table.\n${arrow}`)).toEqual([]);
    const short = `function short() {\n  return 1;\n}\n`;
    expect(unexplainedLongFunctions('a.ts', short)).toEqual([]);
  });
});
