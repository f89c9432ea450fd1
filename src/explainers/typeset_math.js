// Typeset one page's maths with MathJax 3 in node, when the book is built (explainers.mathtypeset).
//   node typeset_math.js MATHJAX_ES5_FOLDER FONT_URL  < [{"tex": "...", "display": true}, ...]
// writes {"html": [one <mjx-container> per formula], "css": the page's stylesheet} or, for TeX that
// does not typeset, {"errors": ["formula N: message", ...]} and exits with status 1.
"use strict";
const [mathjaxFolder, fontURL] = process.argv.slice(2);
const fs = require("fs");
const items = JSON.parse(fs.readFileSync(0, "utf8"));

require(mathjaxFolder + "/node-main.js").init({
  loader: { load: ["input/tex", "output/chtml", "adaptors/liteDOM", "a11y/assistive-mml"] },
  // Without "noundefined", an unknown command is an error rather than red text on the page.
  tex: { packages: { "[-]": ["noundefined"] }, formatError: (jax, error) => { throw error; } },
  chtml: { fontURL },
  startup: { typeset: false },
}).then((MathJax) => {
  const adaptor = MathJax.startup.adaptor;
  const html = [];
  const errors = [];
  items.forEach((item, i) => {
    try {
      html.push(adaptor.outerHTML(MathJax.tex2chtml(item.tex, { display: item.display })));
    } catch (error) {
      errors.push(`formula ${i + 1}, ${JSON.stringify(item.tex)}: ${error.message}`);
    }
  });
  if (errors.length) {
    process.stdout.write(JSON.stringify({ errors }));
    process.exitCode = 1;
    return;
  }
  // The stylesheet holds rules for the characters typeset above only. Show the text at once in a
  // fallback font while a MathJax font loads, instead of hiding it (the browser's default, "block").
  const css = adaptor.textContent(MathJax.chtmlStylesheet())
    .replace(/@font-face(\s*\/\*[^*]*\*\/)?\s*\{/g, "$&\n  font-display: swap;");
  process.stdout.write(JSON.stringify({ html, css }));
}).catch((error) => {
  process.stdout.write(JSON.stringify({ errors: [String(error && error.stack || error)] }));
  process.exitCode = 1;
});
