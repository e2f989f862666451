import { ownValue, setOwn } from '../input/own-property';

type Tree = { [key: string]: Tree | string };

// Without a prototype, a parameter named `__proto__.x` or `constructor.x` is just another key.
const newNode = (): Tree => Object.create(null) as Tree;

/** `A.1.B=x&A.2.B=y` -> { A: { '1': { B: 'x' }, '2': { B: 'y' } } } */
function toTree(params: URLSearchParams): Tree {
  const root = newNode();
  for (const [key, value] of params) {
    const parts = key.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      node = typeof next === 'object' ? next : (node[part] = newNode());
    }
    node[parts[parts.length - 1]] = value;
  }
  return root;
}

/** The numbered members of a Query list (`X.1`, `X.2`, ...) in order. */
function members(node: Tree | string | undefined): (Tree | string)[] {
  if (node === undefined || typeof node === 'string') return [];
  return Object.keys(node)
    .filter((k) => /^\d+$/.test(k))
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => node[k]);
}

const field = (node: Tree | string, name: string): string | undefined => {
  const value = typeof node === 'object' ? node[name] : undefined;
  return typeof value === 'string' ? value : undefined;
};

function nameValueMap(node: Tree | string | undefined, keyName: string): Record<string, string> | undefined {
  if (node === undefined) return undefined;
  const map: Record<string, string> = {};
  for (const member of members(node)) setOwn(map, field(member, keyName) ?? '', field(member, 'Value') ?? '');
  return map;
}

function messageAttributes(node: Tree | string | undefined): Record<string, unknown> | undefined {
  if (node === undefined) return undefined;
  const map: Record<string, unknown> = {};
  for (const member of members(node)) {
    const value = typeof member === 'object' ? member.Value : undefined;
    setOwn(map, field(member, 'Name') ?? '', typeof value === 'object' ? { ...value } : {});
  }
  return map;
}

const LISTS: Record<string, string> = {
  AttributeName: 'AttributeNames',
  MessageAttributeName: 'MessageAttributeNames',
  MessageSystemAttributeName: 'MessageSystemAttributeNames',
  TagKey: 'TagKeys',
  AWSAccountId: 'AWSAccountIds',
  ActionName: 'Actions',
};

/** Turns Query-protocol parameters into the same input object the JSON protocol carries. */
export function queryInput(params: URLSearchParams, action: string): Record<string, unknown> {
  return convert(toTree(params), action);
}

function convert(tree: Tree, action: string): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(tree)) {
    if (key === 'Action' || key === 'Version') continue;
    if (key === 'Attribute') input.Attributes = nameValueMap(value, 'Name');
    else if (key === 'Tag') input[action === 'CreateQueue' ? 'tags' : 'Tags'] = nameValueMap(value, 'Key');
    else if (key === 'MessageAttribute') input.MessageAttributes = messageAttributes(value);
    else if (key === 'MessageSystemAttribute') input.MessageSystemAttributes = messageAttributes(value);
    else if (ownValue(LISTS, key)) input[LISTS[key]] = members(value).filter((m): m is string => typeof m === 'string');
    else if (key.endsWith('BatchRequestEntry')) {
      input.Entries = members(value).map((entry) => (typeof entry === 'object' ? convert(entry, action) : {}));
    } else setOwn(input, key, value);
  }
  return input;
}
