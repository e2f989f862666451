/** The ARNs the two roles are scoped to; nothing else is ever granted. */
export interface JobResourceArns {
  bucketArn: string;
  queueArn: string;
  deadLetterQueueArn: string;
  tableArn: string;
  userIndexArn: string;
}

export const uploadsObjects = (arns: JobResourceArns): string => `${arns.bucketArn}/uploads/*`;
export const resultsObjects = (arns: JobResourceArns): string => `${arns.bucketArn}/results/*`;
