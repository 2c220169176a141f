// Board state for the kanban widget. See README.md for the actions and rules.

/**
 * @typedef {{ id: string, title: string }} Card
 * @typedef {{ id: string, title: string, cardIds: string[] }} Column
 * @typedef {{ columns: Column[], cards: Record<string, Card> }} BoardState
 */

/** @type {BoardState} */
export const EMPTY_BOARD = {
  columns: [
    { id: 'todo', title: 'To do', cardIds: [] },
    { id: 'doing', title: 'Doing', cardIds: [] },
    { id: 'done', title: 'Done', cardIds: [] },
  ],
  cards: {},
};

export const HISTORY_LIMIT = 50;

function cleanTitle(title) {
  if (typeof title !== 'string' || title.trim() === '') throw new RangeError('a card needs a title');
  return title.trim();
}

function requireColumn(state, columnId) {
  const column = state.columns.find((c) => c.id === columnId);
  if (!column) throw new RangeError(`no column ${columnId}`);
  return column;
}

function requireCard(state, cardId) {
  if (!Object.hasOwn(state.cards, cardId)) throw new RangeError(`no card ${cardId}`);
  return state.cards[cardId];
}

// Only the columns an action touches are copied; the others keep their identity.
function withColumns(state, changes) {
  return { ...state, columns: state.columns.map((c) => (changes.has(c.id) ? { ...c, cardIds: changes.get(c.id) } : c)) };
}

const reducers = {
  addCard(state, { columnId, title }, id) {
    const column = requireColumn(state, columnId);
    const card = { id, title: cleanTitle(title) };
    const next = withColumns(state, new Map([[column.id, [...column.cardIds, id]]]));
    return { ...next, cards: { ...state.cards, [id]: card } };
  },
  moveCard(state, { cardId, toColumnId, index }) {
    requireCard(state, cardId);
    const from = state.columns.find((c) => c.cardIds.includes(cardId));
    const to = requireColumn(state, toColumnId);
    const target = from.id === to.id ? from.cardIds.filter((id) => id !== cardId) : [...to.cardIds];
    const position = Math.max(0, Math.min(Number.isInteger(index) ? index : target.length, target.length));
    target.splice(position, 0, cardId);
    if (from.id === to.id && target.every((id, i) => id === from.cardIds[i])) return state;
    const changes = new Map([[to.id, target]]);
    if (from.id !== to.id) changes.set(from.id, from.cardIds.filter((id) => id !== cardId));
    return withColumns(state, changes);
  },
  renameCard(state, { cardId, title }) {
    const card = requireCard(state, cardId);
    const clean = cleanTitle(title);
    if (clean === card.title) return state;
    return { ...state, cards: { ...state.cards, [cardId]: { ...card, title: clean } } };
  },
  deleteCard(state, { cardId }) {
    requireCard(state, cardId);
    const from = state.columns.find((c) => c.cardIds.includes(cardId));
    const { [cardId]: _removed, ...cards } = state.cards;
    return { ...withColumns(state, new Map([[from.id, from.cardIds.filter((id) => id !== cardId)]])), cards };
  },
};

/** Creates a board store with undo/redo and change notifications. */
export function createBoard(initial = EMPTY_BOARD) {
  let state = initial;
  let past = [];
  let future = [];
  let listeners = [];
  const existing = Object.keys(initial.cards).map((id) => Number(id.slice(1)) || 0);
  let nextId = Math.max(0, ...existing) + 1;

  function replace(next) {
    state = next;
    // Iterate over a snapshot: a listener may unsubscribe (itself or others) while we notify.
    for (const listener of [...listeners]) if (listeners.includes(listener)) listener(state);
  }

  return {
    getState() {
      return state;
    },
    dispatch(action) {
      const reducer = Object.hasOwn(reducers, action?.type) ? reducers[action.type] : undefined;
      if (!reducer) throw new TypeError(`unknown action ${String(action?.type)}`);
      const next = reducer(state, action, `c${nextId}`);
      if (next === state) return;
      if (action.type === 'addCard') nextId += 1;
      past = [...past, state].slice(-HISTORY_LIMIT);
      future = [];
      replace(next);
    },
    subscribe(listener) {
      listeners = [...listeners, listener];
      return () => {
        listeners = listeners.filter((l) => l !== listener);
      };
    },
    undo() {
      if (past.length === 0) return;
      future = [state, ...future];
      const previous = past[past.length - 1];
      past = past.slice(0, -1);
      replace(previous);
    },
    redo() {
      if (future.length === 0) return;
      past = [...past, state];
      const [next, ...rest] = future;
      future = rest;
      replace(next);
    },
    canUndo() {
      return past.length > 0;
    },
    canRedo() {
      return future.length > 0;
    },
  };
}
