// PyTorch's tensor printing (torch/_tensor_str.py): same number formats, summarising and layout.
import type { Tensor } from './tensor';

const PRECISION = 4;
const THRESHOLD = 1000;
const EDGE_ITEMS = 3;
const LINE_WIDTH = 80;

/** Python's '{:.Nf}' and '{:.Ne}' for finite and non-finite values. */
function pyFixed(v: number, digits: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const s = Math.abs(v) >= 1e21 ? BigInt(Math.round(v)).toString() : v.toFixed(digits);
  return Object.is(v, -0) || (v < 0 && !s.startsWith('-')) ? '-' + s : s;
}
function pyExp(v: number, digits: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const s = v.toExponential(digits).replace(/e([+-])(\d)$/, 'e$10$2');
  return Object.is(v, -0) ? '-' + s : s;
}

class Formatter {
  private intMode = true;
  private sciMode = false;
  width = 1;

  constructor(
    private readonly floating: boolean,
    private readonly isBool: boolean,
    values: number[],
  ) {
    if (!floating) {
      for (const v of values) this.width = Math.max(this.width, this.plain(v).length);
      return;
    }
    const finite = values.filter((v) => Number.isFinite(v) && v !== 0);
    if (finite.length === 0) return;
    const abs = finite.map(Math.abs);
    const min = Math.min(...abs);
    const max = Math.max(...abs);
    this.intMode = finite.every((v) => v === Math.ceil(v));
    const wide = max / min > 1000 || max > 1e8;
    this.sciMode = this.intMode ? wide : wide || min < 1e-4;
    for (const v of finite) {
      const s = this.sciMode ? pyExp(v, PRECISION) : this.intMode ? pyFixed(v, 0) + '.' : pyFixed(v, PRECISION);
      this.width = Math.max(this.width, s.length);
    }
  }

  private plain(v: number): string {
    return this.isBool ? (v ? 'True' : 'False') : String(v);
  }

  format(v: number): string {
    let s: string;
    if (!this.floating) s = this.plain(v);
    else if (this.sciMode) s = pyExp(v, PRECISION);
    else if (this.intMode) s = pyFixed(v, 0) + (Number.isFinite(v) ? '.' : '');
    else s = pyFixed(v, PRECISION);
    return s.padStart(this.width);
  }
}

/** The printed part of a tensor: nested index lists, with null where '...' stands. */
type Printed = number[] | { rows: (Printed | null)[] } | { scalar: number };

function edgeIndices(n: number, summarize: boolean): (number | null)[] {
  if (!summarize || n <= 2 * EDGE_ITEMS) return Array.from({ length: n }, (_, i) => i);
  return [0, 1, 2, null, n - 3, n - 2, n - 1];
}

/** Reads only the elements that will be shown (a large tensor is never copied whole). */
function gather(t: Tensor, summarize: boolean, values: number[]): Printed {
  if (t.ndim === 0) {
    const v = Number(t.toTypedArray()[0]);
    values.push(v);
    return { scalar: v };
  }
  if (t.ndim === 1) {
    const n = t.shape[0];
    const read = (x: Tensor): number[] => Array.from(x.toTypedArray() as ArrayLike<number | bigint>, Number);
    let row: number[];
    if (summarize && n > 2 * EDGE_ITEMS) {
      const head = t.narrow(0, 0, EDGE_ITEMS);
      const tail = t.narrow(0, n - EDGE_ITEMS, EDGE_ITEMS);
      row = [...read(head), NaN, ...read(tail)];
      head.dispose();
      tail.dispose();
      values.push(...row.slice(0, EDGE_ITEMS), ...row.slice(EDGE_ITEMS + 1));
      return Object.assign(row, { ellipsisAt: EDGE_ITEMS }) as number[];
    }
    row = read(t);
    values.push(...row);
    return row;
  }
  const rows = edgeIndices(t.shape[0], summarize).map((i) => {
    if (i === null) return null;
    const sub = t.select(0, i);
    const r = gather(sub, summarize, values);
    sub.dispose();
    return r;
  });
  return { rows };
}

function render(p: Printed, ndim: number, indent: number, fmt: Formatter): string {
  if ('scalar' in p) return fmt.format(p.scalar);
  if (Array.isArray(p)) {
    const at = (p as number[] & { ellipsisAt?: number }).ellipsisAt;
    const items = p.map((v, i) => (i === at ? ' ...' : fmt.format(v)));
    const perLine = Math.max(1, Math.floor((LINE_WIDTH - indent) / (fmt.width + 2)));
    const lines: string[] = [];
    for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(', '));
    return '[' + lines.join(',\n' + ' '.repeat(indent + 1)) + ']';
  }
  const parts = p.rows.map((r) => (r === null ? '...' : render(r, ndim - 1, indent + 1, fmt)));
  return '[' + parts.join(',' + '\n'.repeat(ndim - 1) + ' '.repeat(indent + 1)) + ']';
}

function addSuffixes(body: string, suffixes: string[], indent: number): string {
  let out = body;
  let lastLine = body.length - body.lastIndexOf('\n') + 1;
  for (const s of suffixes) {
    if (lastLine + s.length + 2 > LINE_WIDTH) {
      out += ',\n' + ' '.repeat(indent) + s;
      lastLine = indent + s.length;
    } else {
      out += ', ' + s;
      lastLine += s.length + 2;
    }
  }
  return out + ')';
}

export function formatTensor(t: Tensor): string {
  const prefix = 'tensor(';
  const indent = prefix.length;
  const dtype = t.dtype;
  const suffixes: string[] = [];
  let body: string;
  if (t.numel() === 0) {
    if (t.ndim !== 1) suffixes.push(`size=(${t.shape.join(', ')})`);
    body = '[]';
  } else {
    const summarize = t.numel() > THRESHOLD;
    const values: number[] = [];
    const printed = gather(t, summarize, values);
    const floating = dtype === 'float16' || dtype === 'bfloat16' || dtype === 'float32' || dtype === 'float64';
    body = render(printed, t.ndim, indent, new Formatter(floating, dtype === 'bool', values));
  }
  if (dtype !== 'float32' && dtype !== 'int64' && dtype !== 'bool') suffixes.push(`dtype=torch.${dtype}`);
  return addSuffixes(prefix + body, suffixes, indent);
}
