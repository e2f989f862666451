/** One stored message; `visible_at` (ms) is when it may next be received, `receipt` the token of its last receive. */
export interface MessageRow {
  id: number;
  queue_id: number;
  message_id: string;
  body: string;
  md5_body: string;
  attributes: string | null;
  md5_attributes: string | null;
  system_attributes: string | null;
  md5_system_attributes: string | null;
  sender_id: string;
  sent_at: number;
  visible_at: number;
  receive_count: number;
  first_received_at: number | null;
  receipt: string | null;
  group_id: string | null;
  dedup_id: string | null;
  sequence_number: string | null;
  dlq_source: string | null;
}

export type NewMessage = Omit<MessageRow, 'id' | 'receive_count' | 'first_received_at' | 'receipt' | 'dlq_source'>;
