// Renders the board to HTML for the widget's container (set as innerHTML).

/** @param {import('./board.js').BoardState} state */
export function renderBoard(state) {
  return state.columns
    .map(
      (column) =>
        `<section class="column" data-column-id="${column.id}">` +
        `<h2>${column.title}</h2>` +
        `<ul>${column.cardIds
          .map((id) => `<li class="card" data-card-id="${id}">${state.cards[id].title}</li>`)
          .join('')}</ul>` +
        `</section>`,
    )
    .join('');
}
