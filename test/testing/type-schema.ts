// Runtime schemas derived once from the TypeScript declarations of WeChatClient: for every method of
// every API group (and oauth, jssdk), the declared result type (Promise and AsyncGenerator
// unwrapped) becomes a checker that says where a value does not satisfy it. Required strings and
// arrays must also be non-empty, so that "returned something of the right shape" means something.
import { join } from 'node:path';
import ts from 'typescript';

/** Where a value fails its declared type; empty when it satisfies it. */
export type Checker = (value: unknown, allowEmpty?: readonly string[]) => string[];

export interface ClientSchema {
  /** `group.method` → checker of its (awaited / yielded) result. */
  methods: Map<string, Checker>;
}

/** Reads src/client/client.ts under the repository's tsconfig and derives the checkers. */
export function clientSchema(root: string): ClientSchema {
  const configPath = join(root, 'tsconfig.json');
  const config = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, root);
  const file = join(root, 'src/client/client.ts');
  const program = ts.createProgram({ rootNames: [file], options: { ...config.options, noEmit: true } });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  let client: ts.Type | undefined;
  source?.forEachChild((n) => {
    if (ts.isClassDeclaration(n) && n.name?.text === 'WeChatClient') client = checker.getTypeAtLocation(n.name);
  });
  if (!client) throw new Error('WeChatClient not found in src/client/client.ts');
  const methods = new Map<string, Checker>();
  for (const group of client.getProperties()) {
    const groupType = checker.getTypeOfSymbol(group);
    if (group.name.startsWith('#') || groupType.getCallSignatures().length > 0 || !(groupType.flags & ts.TypeFlags.Object)) continue;
    for (const method of groupType.getProperties()) {
      const sig = checker.getTypeOfSymbol(method).getCallSignatures()[0];
      if (!sig) continue;
      const result = unwrap(checker, sig.getReturnType());
      methods.set(`${group.name}.${method.name}`, (value, allowEmpty = []) => {
        const errors: string[] = [];
        check(checker, result, value, 'result', true, errors, allowEmpty);
        return errors;
      });
    }
  }
  return { methods };
}

/** Promise<T> → T; AsyncGenerator<T> → T (each yielded page is checked). */
function unwrap(checker: ts.TypeChecker, type: ts.Type): ts.Type {
  const name = type.getSymbol()?.name;
  if (name === 'AsyncGenerator' || name === 'AsyncIterableIterator') return checker.getTypeArguments(type as ts.TypeReference)[0] as ts.Type;
  return checker.getAwaitedType(type) ?? type;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'null' : typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value;
}

function check(
  checker: ts.TypeChecker,
  type: ts.Type,
  value: unknown,
  path: string,
  required: boolean,
  errors: string[],
  allowEmpty: readonly string[],
): undefined {
  const f = type.flags;
  const fail = (what: string): undefined => {
    errors.push(`${path}: expected ${what}, got ${describe(value)}`);
  };
  const emptyOk = !required || allowEmpty.includes(path.replace(/\[\d+\]/g, '[]'));
  if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return;
  if (f & ts.TypeFlags.Void || f & ts.TypeFlags.Undefined) return value === undefined ? undefined : fail('undefined');
  if (f & ts.TypeFlags.Null) return value === null ? undefined : fail('null');
  if (f & ts.TypeFlags.StringLiteral)
    return value === (type as ts.StringLiteralType).value ? undefined : fail(JSON.stringify((type as ts.StringLiteralType).value));
  if (f & ts.TypeFlags.NumberLiteral) return value === (type as ts.NumberLiteralType).value ? undefined : fail(String((type as ts.NumberLiteralType).value));
  if (f & ts.TypeFlags.BooleanLiteral) return value === (checker.typeToString(type) === 'true') ? undefined : fail(checker.typeToString(type));
  if (f & ts.TypeFlags.String) {
    if (typeof value !== 'string') return fail('a string');
    return value === '' && !emptyOk ? fail('a non-empty string') : undefined;
  }
  if (f & ts.TypeFlags.Number) return typeof value === 'number' && Number.isFinite(value) ? undefined : fail('a number');
  if (f & ts.TypeFlags.Boolean) return typeof value === 'boolean' ? undefined : fail('a boolean');
  if (type.isUnion()) {
    // undefined in a union only stands for "optional"; a member that fits leaves no error
    const attempts = type.types.map((t) => {
      const e: string[] = [];
      check(checker, t, value, path, required, e, allowEmpty);
      return e;
    });
    if (attempts.some((e) => e.length === 0)) return;
    errors.push(...attempts.reduce((a, b) => (b.length < a.length ? b : a)));
    return;
  }
  if (type.isIntersection()) {
    for (const t of type.types) check(checker, t, value, path, required, errors, allowEmpty);
    return;
  }
  if (!(f & ts.TypeFlags.Object)) return fail(checker.typeToString(type));
  if (checker.isArrayType(type)) {
    if (!Array.isArray(value)) return fail('an array');
    if (value.length === 0 && !emptyOk) return fail('a non-empty array');
    const item = checker.getTypeArguments(type as ts.TypeReference)[0] as ts.Type;
    for (let i = 0; i < value.length; i++) check(checker, item, value[i], `${path}[${i}]`, true, errors, allowEmpty);
    return;
  }
  if (type.getSymbol()?.name === 'Uint8Array') return value instanceof Uint8Array && value.length > 0 ? undefined : fail('non-empty bytes');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('an object');
  const record = value as Record<string, unknown>;
  for (const prop of type.getProperties()) {
    const optional = (prop.flags & ts.SymbolFlags.Optional) !== 0;
    const v = record[prop.name];
    if (v === undefined) {
      if (!optional) errors.push(`${path}.${prop.name}: required, missing`);
      continue;
    }
    check(checker, checker.getNonNullableType(checker.getTypeOfSymbol(prop)), v, `${path}.${prop.name}`, !optional, errors, allowEmpty);
  }
  const index = checker.getIndexInfosOfType(type).find((i) => i.keyType.flags & ts.TypeFlags.String);
  if (index) {
    const known = new Set(type.getProperties().map((p) => p.name));
    for (const [k, v] of Object.entries(record)) if (!known.has(k)) check(checker, index.type, v, `${path}.${k}`, false, errors, allowEmpty);
  }
}
