// The part of autocannon 9's API the serve benchmark uses; the package ships no type declarations.
declare module 'autocannon' {
  interface RequestParams {
    method?: string;
    path?: string;
    setupRequest?: (request: RequestParams) => RequestParams;
  }
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    timeout?: number; // seconds
    requests?: RequestParams[];
  }
  interface Result {
    requests: { total: number; average: number };
    errors: number;
    timeouts: number;
    non2xx: number;
  }
  interface Instance extends PromiseLike<Result> {
    on(event: 'response', listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void): void;
  }
  function autocannon(options: Options): Instance;
  export default autocannon;
}
