import { NagSuppressions } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { RESULTS_PREFIX, UPLOADS_PREFIX } from '@app/infrastructure';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** cdk-nag's finding for `<bucket>.Arn/uploads/*` and `<bucket>.Arn/results/*`, and nothing else. */
const PREFIX_FINDING = `/^Resource::<[A-Za-z0-9]+\\.Arn>\\/(${[UPLOADS_PREFIX, RESULTS_PREFIX].map(escape).join('|')})\\*$/g`;

/**
 * The object statements of both roles end in `uploads/*` or `results/*`. Evidence that a prefix is the narrowest
 * scope: every key is made at request time, `uploads/YYYY/MM/DD/<uuid>-<name>` (libs/storage buildUploadKey) and
 * `results/<jobId>/<uuid>.json` (libs/jobs offloaded-results), from the same @app/infrastructure prefixes as these
 * ARNs and the bucket's lifecycle rules; the API refuses image URLs outside uploads/ (rule uploadsPrefix); and
 * deploy/test/iam.spec.ts pins every statement of both roles, so no broader object grant can slip in.
 */
export function suppressObjectPrefixWildcards(role: IConstruct): void {
  NagSuppressions.addResourceSuppressions(
    role,
    [
      {
        id: 'AwsSolutions-IAM5',
        appliesTo: [{ regex: PREFIX_FINDING }],
        reason:
          'Object keys are created per request (uploads/YYYY/MM/DD/<uuid>-<name>, results/<jobId>/<uuid>.json), so ' +
          'the key prefix is the narrowest ARN that names them; the prefixes are the ones the app writes and the ' +
          'lifecycle rules expire (@app/infrastructure), and the actions are only Get/PutObject.',
      },
    ],
    true,
  );
}
