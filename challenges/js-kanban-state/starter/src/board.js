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

/** Creates a board store. */
export function createBoard(initial = EMPTY_BOARD) {
  let state = initial;
  let nextId = 1;

  return {
    getState() {
      return state;
    },
    dispatch(action) {
      if (action.type === 'addCard') {
        const id = `c${nextId++}`;
        state.cards[id] = { id, title: action.title };
        state.columns.find((c) => c.id === action.columnId).cardIds.push(id);
      }
      // TODO: moveCard, renameCard, deleteCard
    },
    subscribe(listener) {
      throw new Error('not implemented');
    },
    undo() {
      throw new Error('not implemented');
    },
    redo() {
      throw new Error('not implemented');
    },
    canUndo() {
      return false;
    },
    canRedo() {
      return false;
    },
  };
}
