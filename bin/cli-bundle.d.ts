/** Where the bundle of `entry` (a path relative to `root`) is, built afresh when any input changed. */
export function freshBundle(where: { root: string; entry: string; cacheDir: string }): Promise<string>;
/** The CLI's `main`, from the bundle when one can be had, else through tsx's loader. */
export function loadCli(): Promise<{ main: (argv: string[]) => Promise<number> }>;
