import { Node } from 'constructs';

/**
 * Reads CDK context values. Values given with `-c key=value` arrive as strings, values from cdk.json
 * or the App constructor keep their JSON type, so every reader accepts both. Problems are collected,
 * not thrown one by one, so a bad invocation is reported in a single message.
 */
export class ContextReader {
  readonly problems: string[] = [];

  constructor(private readonly node: Node) {}

  string(key: string, fallback: string): string {
    return this.optionalString(key) ?? fallback;
  }

  optionalString(key: string): string | undefined {
    const raw = this.given(key);
    return raw === undefined ? undefined : String(raw);
  }

  integer(key: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
    return this.number(key, fallback, min, max, Number.isInteger, 'an integer');
  }

  decimal(key: string, fallback: number, min: number, max: number): number {
    return this.number(key, fallback, min, max, Number.isFinite, 'a number');
  }

  boolean(key: string, fallback: boolean): boolean {
    const raw = this.given(key);
    if (raw === undefined) return fallback;
    if (raw === true || raw === 'true') return true;
    if (raw === false || raw === 'false') return false;
    this.problems.push(`${key} must be true or false, got ${JSON.stringify(raw)}`);
    return fallback;
  }

  /** A JSON array, or a comma-separated string (the only convenient form on a command line). */
  list(key: string, fallback: string[]): string[] {
    const raw = this.given(key);
    if (raw === undefined) return fallback;
    if (Array.isArray(raw)) return raw.map(String);
    const text = String(raw).trim();
    if (text.startsWith('[')) {
      try {
        const parsed = JSON.parse(text);
        if (Array.isArray(parsed)) return parsed.map(String);
      } catch {
        // reported below
      }
      this.problems.push(`${key} must be a JSON array or a comma-separated list, got ${JSON.stringify(raw)}`);
      return fallback;
    }
    return text
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0);
  }

  oneOf<T extends string>(key: string, fallback: T, allowed: readonly T[]): T {
    const value = this.string(key, fallback);
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${key} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
    return fallback;
  }

  /** The context value, or undefined when the key is absent, null or empty (all mean "use the default"). */
  private given(key: string): unknown {
    const raw = this.node.tryGetContext(key);
    return raw === null || raw === '' ? undefined : raw;
  }

  private number(
    key: string,
    fallback: number,
    min: number,
    max: number,
    valid: (value: number) => boolean,
    kind: string,
  ): number {
    const raw = this.given(key);
    if (raw === undefined) return fallback;
    const value = typeof raw === 'number' ? raw : Number(String(raw).trim());
    if (!valid(value) || value < min || value > max) {
      this.problems.push(`${key} must be ${kind} from ${min} to ${max}, got ${JSON.stringify(raw)}`);
      return fallback;
    }
    return value;
  }
}
