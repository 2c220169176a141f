// Renders the board to HTML for the widget's container (set as innerHTML).

const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for use in element content and quoted attribute values. */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (ch) => ENTITIES[ch]);
}

/** @param {import('./board.js').BoardState} state */
export function renderBoard(state) {
  return state.columns
    .map(
      (column) =>
        `<section class="column" data-column-id="${escapeHtml(column.id)}">` +
        `<h2>${escapeHtml(column.title)} <span class="count">${column.cardIds.length}</span></h2>` +
        `<ul>${column.cardIds
          .map((id) => `<li class="card" data-card-id="${escapeHtml(id)}">${escapeHtml(state.cards[id].title)}</li>`)
          .join('')}</ul>` +
        `</section>`,
    )
    .join('');
}
