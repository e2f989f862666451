// A separate entry point from @app/jobs: sharp is a native module, which the API's Lambda bundle must not carry.
export * from './sharp-image-annotator';
