// chrono-node peer for crosscheck's timex eval (internal/eval/timex.go).
// Reads JSON Lines {id, text, dct} on stdin; writes one line per expression
// chrono finds: {id, index, length, type, value}. index/length are
// JavaScript string indices (UTF-16 code units); the Go side converts them
// to UTF-8 byte offsets. The value is built from chrono's known (certain)
// components at the finest granularity chrono is sure of: time, day
// (a date or a weekday), month, year.
"use strict";
const chrono = require("chrono-node");
const readline = require("readline");

const pad = (n, w) => String(n).padStart(w, "0");

function value(c) {
  const y = c.get("year"), mo = c.get("month"), d = c.get("day");
  const date = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}`;
  if (c.isCertain("hour")) {
    return { type: "TIME", value: `${date}T${pad(c.get("hour"), 2)}:${pad(c.get("minute") || 0, 2)}` };
  }
  if (c.isCertain("day") || c.isCertain("weekday")) return { type: "DATE", value: date };
  if (c.isCertain("month")) return { type: "DATE", value: `${pad(y, 4)}-${pad(mo, 2)}` };
  if (c.isCertain("year")) return { type: "DATE", value: pad(y, 4) };
  return { type: "DATE", value: date };
}

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
const out = [];
rl.on("line", (line) => {
  if (!line.trim()) return;
  const doc = JSON.parse(line);
  const [y, m, d] = doc.dct.split("-").map(Number);
  const ref = new Date(y, m - 1, d, 12, 0, 0);
  for (const r of chrono.parse(doc.text, ref)) {
    const v = value(r.start);
    out.push(JSON.stringify({ id: doc.id, index: r.index, length: r.text.length, type: v.type, value: v.value }));
  }
});
rl.on("close", () => {
  process.stdout.write(out.join("\n") + (out.length ? "\n" : ""));
});
