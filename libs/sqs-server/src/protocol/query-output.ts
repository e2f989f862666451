const escapeXml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string,
  );

const element = (name: string, content: string): string => `<${name}>${content}</${name}>`;

function renderValue(name: string, value: unknown, action: string): string {
  if (value === undefined || value === null) return '';
  if (name === 'Attributes' || name === 'Tags') {
    const [tag, keyName] = name === 'Tags' ? ['Tag', 'Key'] : ['Attribute', 'Name'];
    return Object.entries(value as Record<string, string>)
      .map(([k, v]) => element(tag, element(keyName, escapeXml(k)) + element('Value', escapeXml(String(v)))))
      .join('');
  }
  if (name === 'MessageAttributes') {
    return Object.entries(value as Record<string, Record<string, string>>)
      .map(([k, v]) =>
        element('MessageAttribute', element('Name', escapeXml(k)) + element('Value', renderObject(v, action))),
      )
      .join('');
  }
  if (Array.isArray(value)) {
    const itemName =
      {
        QueueUrls: 'QueueUrl',
        queueUrls: 'QueueUrl',
        Messages: 'Message',
        Successful: `${action}ResultEntry`,
        Failed: 'BatchResultErrorEntry',
      }[name] ?? name;
    return value.map((item) => renderValue(itemName, item, action)).join('');
  }
  if (typeof value === 'object') return element(name, renderObject(value as Record<string, unknown>, action));
  return element(name, escapeXml(String(value)));
}

function renderObject(object: Record<string, unknown>, action: string): string {
  return Object.entries(object)
    .map(([name, value]) => renderValue(name, value, action))
    .join('');
}

/** The XML body a Query-protocol client expects for an operation's output. */
export function queryResponseXml(
  action: string,
  output: Record<string, unknown>,
  requestId: string,
  namespace: string,
): string {
  const result = renderObject(output, action);
  return (
    `<?xml version="1.0"?><${action}Response xmlns="${namespace}">${element(`${action}Result`, result)}` +
    `${element('ResponseMetadata', element('RequestId', requestId))}</${action}Response>`
  );
}

export function queryErrorXml(type: string, code: string, message: string, requestId: string): string {
  return (
    `<?xml version="1.0"?><ErrorResponse><Error>${element('Type', type)}${element('Code', escapeXml(code))}` +
    `${element('Message', escapeXml(message))}<Detail/></Error>${element('RequestId', requestId)}</ErrorResponse>`
  );
}
