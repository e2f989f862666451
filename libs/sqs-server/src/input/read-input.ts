import { invalidParameterValue, missingParameter } from '../errors/errors';
import { setOwn } from './own-property';

export type Input = Record<string, unknown>;

export function requiredString(input: Input, name: string): string {
  const value = input[name];
  if (value === undefined || value === null || value === '') throw missingParameter(name);
  if (typeof value !== 'string') throw invalidParameterValue(`Value for parameter ${name} must be a string.`);
  return value;
}

export function optionalString(input: Input, name: string): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidParameterValue(`Value for parameter ${name} must be a string.`);
  return value;
}

export function optionalInteger(input: Input, name: string, min: number, max: number): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw invalidParameterValue(
      `Value ${String(value)} for parameter ${name} is invalid. Reason: must be between ${min} and ${max}.`,
    );
  }
  return n;
}

export function optionalStringList(input: Input, name: string): string[] {
  const value = input[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw invalidParameterValue(`Value for parameter ${name} must be a list of strings.`);
  }
  return value as string[];
}

export function optionalStringMap(input: Input, name: string): Record<string, string> {
  const value = input[name];
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw invalidParameterValue(`Value for parameter ${name} must be a map.`);
  const map: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') throw invalidParameterValue(`Value for ${name}.${key} must be a string.`);
    setOwn(map, key, item);
  }
  return map;
}

export function requiredList(input: Input, name: string): Input[] {
  const value = input[name];
  if (value === undefined || value === null) throw missingParameter(name);
  if (!Array.isArray(value)) throw invalidParameterValue(`Value for parameter ${name} must be a list.`);
  return value.map((item) => {
    if (typeof item !== 'object' || item === null) throw invalidParameterValue(`Entries of ${name} must be objects.`);
    return item as Input;
  });
}
