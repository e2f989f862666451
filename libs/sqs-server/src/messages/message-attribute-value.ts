/** A message attribute as the JSON protocol carries it; binary values travel base64-encoded. */
export interface MessageAttributeValue {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}
