// Argument helpers shared by the Tensor methods: shapes given as arrays or varargs.

/** Accepts `f([2, 3])` and `f(2, 3)`. */
export function shapeArg(args: (number | readonly number[])[], op: string): number[] {
  const shape = args.length === 1 && Array.isArray(args[0]) ? (args[0] as number[]) : (args as number[]);
  for (const s of shape) {
    if (typeof s !== 'number' || !Number.isInteger(s)) {
      throw new TypeError(`${op}: expected the shape to be integers, got ${JSON.stringify(args)}`);
    }
  }
  return [...shape];
}

