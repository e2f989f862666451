/**
 * Client-supplied names ("constructor", "__proto__", "hasOwnProperty") must never reach Object.prototype:
 * a plain `record[name]` would find its members, and `record[name] = value` with "__proto__" would replace the prototype.
 */
export const ownValue = <T>(record: Readonly<Record<string, T>>, name: string): T | undefined =>
  Object.hasOwn(record, name) ? record[name] : undefined;

/** Sets `name` as an ordinary own property, even when it is "__proto__". */
export function setOwn<T>(record: Record<string, T>, name: string, value: T): void {
  Object.defineProperty(record, name, { value, enumerable: true, writable: true, configurable: true });
}
