// The shell every public page shares: one accessible, dependency-free HTML document with inline styles
// (so a strict Content-Security-Policy holds), and the escaping every text put into it goes through.

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (text: string | number | boolean) =>
  String(text).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

const STYLE = `*{box-sizing:border-box}body{font:16px/1.5 system-ui,sans-serif;color:#1b1b1b;margin:0;padding:1rem}
main{max-width:36rem;margin:0 auto}h1{font-size:1.5rem;margin:0 0 .5rem}.f{margin:0 0 1rem}
label{display:block;font-weight:600}.f.c label{display:inline;font-weight:400}
input:not([type=checkbox]):not([type=radio]),select,textarea{display:block;width:100%;font:inherit;padding:.4rem;border:1px solid #555;border-radius:4px}
textarea{min-height:8rem}[aria-invalid=true]{border:2px solid #b00020!important}.e{color:#b00020;font-weight:600;margin:.25rem 0}
:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}.s{border:2px solid #b00020;padding:.75rem 1rem;margin:0 0 1rem}
.s h2{font-size:1.1rem;margin:0}.s a{color:#b00020}.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
fieldset{border:0;padding:0;margin:0 0 1rem}legend{font-weight:600;margin:0 0 .25rem}
.r label{display:inline-block;font-weight:400;margin:0 1rem .25rem 0}.r input{margin-right:.3rem}
button{font:inherit;padding:.5rem 1.25rem;border:0;border-radius:4px;background:#1a5fb4;color:#fff;cursor:pointer}`;

/** A complete page: `style` is the inline stylesheet (the forms' and surveys' one unless given). */
export function page(title: string, body: string, style: string = STYLE): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}
