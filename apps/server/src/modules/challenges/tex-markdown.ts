/**
 * Converts the LaTeX subset Kattis statements use into Markdown: \problemname, sections,
 * \textbf/\emph/\textit/\texttt, $…$ and $$…$$ math (kept as `$` math), itemize/enumerate,
 * verbatim, \url/\href, paragraphs. Unknown commands keep their argument text; anything else is
 * dropped rather than passed through, since the result is rendered as Markdown only.
 */
export function texToMarkdown(tex: string): string {
  let text = tex.replace(/\r\n?/g, '\n');
  const verbatims: string[] = [];
  text = text.replace(/\\begin\{verbatim\}\n?([\s\S]*?)\\end\{verbatim\}/g, (_m, body: string) => {
    verbatims.push(body.replace(/\n$/, ''));
    return `\n\n@@VERBATIM${String(verbatims.length - 1)}@@\n\n`;
  });
  // Comments (an unescaped %) to the end of the line.
  text = text.replace(/(^|[^\\])%.*$/gm, '$1');
  const maths: string[] = [];
  text = text.replace(/\$\$([\s\S]+?)\$\$|\$([^$]+?)\$|\\\[([\s\S]+?)\\\]/g, (_m, display?: string, inline?: string, bracket?: string) => {
    const body = display ?? bracket;
    maths.push(body === undefined ? `$${(inline ?? '').trim()}$` : `\n\n$$\n${body.trim()}\n$$\n\n`);
    return `@@MATH${String(maths.length - 1)}@@`;
  });
  text = text
    .replace(/\\(?:documentclass|usepackage)(?:\[[^\]]*\])?\{[^}]*\}/g, '')
    .replace(/\\(?:begin|end)\{document\}/g, '')
    .replace(/\\problemname\{([^}]*)\}/g, '\n# $1\n')
    .replace(/\\section\*?\{([^}]*)\}/g, '\n## $1\n')
    .replace(/\\subsection\*?\{([^}]*)\}/g, '\n### $1\n')
    .replace(/\\(?:sectionstar|subsectionstar)\{([^}]*)\}/g, '\n## $1\n');
  for (let i = 0; i < 3; i += 1) {
    // Nested formatting: a few passes.
    text = text
      .replace(/\\textbf\{([^{}]*)\}/g, '**$1**')
      .replace(/\\(?:emph|textit)\{([^{}]*)\}/g, '*$1*')
      .replace(/\\texttt\{([^{}]*)\}/g, '`$1`')
      .replace(/\\href\{([^{}]*)\}\{([^{}]*)\}/g, '[$2]($1)')
      .replace(/\\url\{([^{}]*)\}/g, '<$1>');
  }
  text = convertLists(text);
  text = text
    .replace(/\\(?:begin|end)\{(?:center|figure|table|tabular|quote)\}(?:\{[^}]*\})?/g, '')
    .replace(/\\(?:illustration|includegraphics)(?:\[[^\]]*\])?\{[^}]*\}(?:\{[^}]*\}){0,2}/g, '')
    .replace(/\\\\/g, '  \n')
    .replace(/~/g, ' ')
    .replace(/``|''/g, '"')
    .replace(/\\([%$&#_{}])/g, '$1')
    .replace(/\\ldots|\\dots/g, '…')
    // Any other command: keep the argument text, drop the command.
    .replace(/\\[a-zA-Z]+\*?(?:\[[^\]]*\])?\{([^{}]*)\}/g, '$1')
    .replace(/\\[a-zA-Z]+\*?/g, '')
    .replace(/[{}]/g, '');
  text = text.replace(/@@MATH(\d+)@@/g, (_m, i: string) => maths[Number(i)] ?? '');
  text = text.replace(
    /@@VERBATIM(\d+)@@/g,
    (_m, i: string) => `\`\`\`\n${verbatims[Number(i)] ?? ''}\n\`\`\``,
  );
  return `${text
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, (m) => (m === '  ' ? m : '')))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

function convertLists(text: string): string {
  const out: string[] = [];
  const stack: ('itemize' | 'enumerate')[] = [];
  for (const rawLine of text.split('\n')) {
    let line = rawLine;
    const begin = /^\s*\\begin\{(itemize|enumerate)\}\s*$/.exec(line);
    if (begin) {
      stack.push(begin[1] as 'itemize' | 'enumerate');
      out.push('');
      continue;
    }
    if (/^\s*\\end\{(?:itemize|enumerate)\}\s*$/.test(line)) {
      stack.pop();
      out.push('');
      continue;
    }
    const item = /^\s*\\item(?:\[[^\]]*\])?\s*(.*)$/.exec(line);
    if (item && stack.length > 0) {
      const indent = '  '.repeat(stack.length - 1);
      line = `${indent}${stack.at(-1) === 'enumerate' ? '1.' : '-'} ${item[1] ?? ''}`;
    } else if (stack.length > 0 && line.trim() !== '') {
      line = `${'  '.repeat(stack.length)}${line.trim()}`;
    }
    out.push(line);
  }
  return out.join('\n');
}
