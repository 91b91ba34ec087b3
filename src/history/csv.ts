/**
 * A small RFC 4180 reader for encore's own CSV exports (DuckDB's COPY … (FORMAT csv)):
 * comma-separated, fields quoted with `"` when needed, `""` inside quotes. An unquoted
 * empty field is NULL, a quoted empty field the empty string — the way DuckDB writes them.
 * Returns one object per data line keyed by the header; `line` is the 1-based line number.
 */
export interface CsvRecord {
  line: number;
  values: Record<string, string | null>;
}

export function parseCsv(textIn: string): { header: string[]; records: CsvRecord[] } {
  const rows = splitRows(textIn);
  const head = rows.shift();
  if (!head) return { header: [], records: [] };
  const header = head.fields.map((f) => f ?? '');
  const records = rows.map((row) => {
    const values: Record<string, string | null> = {};
    header.forEach((name, i) => {
      values[name] = row.fields[i] ?? null;
    });
    return { line: row.line, values };
  });
  return { header, records };
}

interface RawRow {
  line: number;
  fields: Array<string | null>;
}

function splitRows(s: string): RawRow[] {
  const rows: RawRow[] = [];
  let fields: Array<string | null> = [];
  let field = '';
  let quoted = false;
  let inQuotes = false;
  let line = 1;
  let rowLine = 1;
  const endField = () => {
    fields.push(field === '' && !quoted ? null : field);
    field = '';
    quoted = false;
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inQuotes) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') inQuotes = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"') {
      inQuotes = true;
      quoted = true;
    } else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      endField();
      if (fields.length > 1 || fields[0] !== null) rows.push({ line: rowLine, fields });
      fields = [];
      line++;
      rowLine = line;
    } else field += c;
  }
  if (field !== '' || quoted || fields.length > 0) {
    endField();
    rows.push({ line: rowLine, fields });
  }
  return rows;
}
